/**
 * The delegation token: a compact JWS (JWT claims) made and checked with `jose`, loaded only when
 * a token is made or checked (start-up time is measured). The format is in docs/propagation.md:
 *
 *   header  { "alg": "HS256" | "EdDSA", "kid": "<key id>", "typ": "agentsight-delegation+jwt" }
 *   payload { "iss": delegating agent, "aud": target agent, "iat", "exp", "jti": delegation id,
 *             "traceparent": the delegation span, "tracestate"?, "session_id": the session }
 *
 * Checking a token says why it fails, one reason each (`DELEGATION_REJECTION`); the key is chosen by
 * `kid` among the receiver's keys, and only that key's own algorithm is allowed (so `alg: none`
 * or an HS256 token made with an Ed25519 public key as the secret never pass).
 */
import { DELEGATION_REJECTION, type DelegationRejection } from '../semconv';
import { isObject, str, type Json } from '../json-values';
import type { DelegationAlgorithm, KeyMaterial } from '../settings/keys';
import type { DelegationKey } from './delegation-keys';
import { keyMaterial } from '../settings/keys';

type Jose = typeof import('jose', { with: { 'resolution-mode': 'import' }});

let jose: Promise<Jose> | undefined;
function loadJose(): Promise<Jose> {
  jose ??= import('jose');
  return jose;
}

/** The token header's `typ`: a token of ours, not any other JWT signed with the same key. */
export const TOKEN_TYPE = 'agentsight-delegation+jwt';

const ALGORITHMS: readonly DelegationAlgorithm[] = ['HS256', 'EdDSA'];

/** What a delegation token says. Times are seconds since the epoch. */
export interface TokenClaims {
  /** The delegating agent (`iss`). */
  from: string;
  /** The target agent (`aud`). */
  to: string;
  /** The delegation id (`jti`). */
  id: string;
  traceparent: string;
  tracestate?: string;
  sessionId: string;
  issuedAt: number;
  expiresAt: number;
}

/** A key with its id settled. */
export interface ResolvedKey {
  id: string;
  material: KeyMaterial;
}

/**
 * The key `key` stands for, with its id (given, else the JWK thumbprint of its public part);
 * `undefined` when it is not a key agentsight accepts.
 */
export async function resolveKey(key: DelegationKey): Promise<ResolvedKey | undefined> {
  const material = keyMaterial(key.key);
  if (!material) return undefined;
  if (key.id !== undefined && key.id !== '') return { id: key.id, material };
  const { calculateJwkThumbprint } = await loadJose();
  return {
    id: await calculateJwkThumbprint(material.verifying.export({ format: 'jwk' }) as Parameters<typeof calculateJwkThumbprint>[0]),
    material,
  };
}

/** Signs `claims` with `key` (which must be able to sign: an HS256 secret or an Ed25519 private key). */
export async function signToken(claims: TokenClaims, key: ResolvedKey): Promise<string> {
  if (!key.material.signing) throw new Error(`delegation key "${key.id}" is an Ed25519 public key: it can verify tokens, not sign them`);
  const { SignJWT } = await loadJose();
  const payload: Json = { traceparent: claims.traceparent, session_id: claims.sessionId };
  if (claims.tracestate) payload.tracestate = claims.tracestate;
  return new SignJWT(payload)
    .setProtectedHeader({ alg: key.material.alg, kid: key.id, typ: TOKEN_TYPE })
    .setIssuer(claims.from)
    .setAudience(claims.to)
    .setIssuedAt(claims.issuedAt)
    .setExpirationTime(claims.expiresAt)
    .setJti(claims.id)
    .sign(key.material.signing);
}

export type VerifyResult =
  | { ok: true; claims: TokenClaims }
  | { ok: false; reason: DelegationRejection; detail: string; claimed: Partial<TokenClaims> };

function segment(token: string, index: number): Json | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(token.split('.')[index] ?? '', 'base64url').toString('utf8'));
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** What a token claims, unchecked: only to link the work to the context it claims, never to join it. */
export function peekClaims(token: unknown): Partial<TokenClaims> {
  if (typeof token !== 'string') return {};
  const payload = segment(token, 1);
  if (!payload) return {};
  const claims: Partial<TokenClaims> = {};
  const put = <K extends keyof TokenClaims>(key: K, value: TokenClaims[K] | undefined) => {
    if (value !== undefined) claims[key] = value;
  };
  put('from', str(payload.iss));
  put('to', str(payload.aud));
  put('id', str(payload.jti));
  put('traceparent', str(payload.traceparent));
  put('tracestate', str(payload.tracestate));
  put('sessionId', str(payload.session_id));
  return claims;
}

function refused(reason: DelegationRejection, detail: string, token: unknown): VerifyResult {
  return { ok: false, reason, detail, claimed: peekClaims(token) };
}

/** jose's errors, by their stable codes, as our reasons. */
function reasonOf(err: unknown): [DelegationRejection, string] {
  const e = err as { code?: string; claim?: string; reason?: string; message?: string };
  const message = e.message ?? String(err);
  switch (e.code) {
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return [DELEGATION_REJECTION.BAD_SIGNATURE, 'the signature does not match'];
    case 'ERR_JWT_EXPIRED':
      return [DELEGATION_REJECTION.EXPIRED, message];
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return [DELEGATION_REJECTION.ALGORITHM_NOT_ALLOWED, message];
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      if (e.claim === 'aud' && e.reason === 'check_failed') return [DELEGATION_REJECTION.WRONG_AUDIENCE, message];
      return [DELEGATION_REJECTION.MALFORMED, message];
    default:
      return [DELEGATION_REJECTION.MALFORMED, message];
  }
}

/**
 * Checks `token` against `keys` for `audience`. Never throws: a token that fails says why. Replays
 * are the caller's to catch (the token's id is known only once the token checks out).
 */
export async function verifyToken(
  token: unknown,
  keys: readonly ResolvedKey[],
  audience: string,
  clockToleranceSeconds: number,
): Promise<VerifyResult> {
  if (typeof token !== 'string' || token.split('.').length !== 3) {
    return refused(DELEGATION_REJECTION.MALFORMED, 'not a compact JWS (three base64url parts)', token);
  }
  const header = segment(token, 0);
  if (!header) return refused(DELEGATION_REJECTION.MALFORMED, 'the header is not base64url JSON', token);
  const alg = str(header.alg);
  if (!ALGORITHMS.includes(alg as DelegationAlgorithm)) {
    return refused(DELEGATION_REJECTION.ALGORITHM_NOT_ALLOWED, `algorithm ${JSON.stringify(header.alg)} is not accepted`, token);
  }
  if (keys.length === 0) return refused(DELEGATION_REJECTION.UNKNOWN_KEY, 'no delegation key is configured to check it with', token);
  const kid = str(header.kid);
  const key = keys.find((k) => k.id === kid);
  if (!key) return refused(DELEGATION_REJECTION.UNKNOWN_KEY, `no key has the id ${JSON.stringify(header.kid ?? null)}`, token);
  if (key.material.alg !== alg) {
    return refused(DELEGATION_REJECTION.ALGORITHM_NOT_ALLOWED, `key "${key.id}" is used with ${key.material.alg}, not ${alg}`, token);
  }
  let payload: Json;
  try {
    const { jwtVerify } = await loadJose();
    ({ payload } = await jwtVerify(token, key.material.verifying, {
      algorithms: [key.material.alg],
      audience,
      typ: TOKEN_TYPE,
      clockTolerance: clockToleranceSeconds,
      requiredClaims: ['iss', 'aud', 'iat', 'exp', 'jti'],
    }));
  } catch (err) {
    const [reason, detail] = reasonOf(err);
    return refused(reason, detail, token);
  }
  const claims = peekClaims(token);
  if (claims.traceparent === undefined || claims.sessionId === undefined) {
    return refused(DELEGATION_REJECTION.MALFORMED, 'the trace context or session id is missing', token);
  }
  return {
    ok: true,
    claims: { ...(claims as TokenClaims), issuedAt: payload.iat as number, expiresAt: payload.exp as number },
  };
}
