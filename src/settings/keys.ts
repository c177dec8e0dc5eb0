/**
 * Keys of delegation tokens: a shared secret (HS256) or an Ed25519 key pair (EdDSA), read from
 * what a user may hold (base64url text, PEM, a JWK, bytes, a Node.js KeyObject) into KeyObjects.
 * Only Node's own crypto: the configuration table validates `AGENTSIGHT_DELEGATION_KEY` with it,
 * and the CLI reads that table without loading OpenTelemetry or `jose`. A key is never logged:
 * messages name the key id, never the key.
 */
import { createPrivateKey, createPublicKey, createSecretKey, type JsonWebKey, KeyObject } from 'node:crypto';
import { isObject } from '../json-values';

export type DelegationAlgorithm = 'HS256' | 'EdDSA';

/** A key read into KeyObjects. */
export interface KeyMaterial {
  alg: DelegationAlgorithm;
  /** `undefined` for an Ed25519 public key: it verifies only. */
  signing: KeyObject | undefined;
  verifying: KeyObject;
}

/** The shortest HS256 secret accepted (RFC 7518: a key of the size of the hash output). */
export const MIN_SECRET_BYTES = 32;

/** What `AGENTSIGHT_DELEGATION_KEY` accepts, in words. */
export const KEY_ACCEPTED = 'a base64url secret of at least 32 bytes (HS256), or an Ed25519 key as PEM or as a JWK in JSON (EdDSA)';

const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;

function secret(bytes: Uint8Array): KeyMaterial | undefined {
  if (bytes.byteLength < MIN_SECRET_BYTES) return undefined;
  const key = createSecretKey(bytes);
  return { alg: 'HS256', signing: key, verifying: key };
}

function fromKeyObject(key: KeyObject): KeyMaterial | undefined {
  if (key.type === 'secret')
    return (key.symmetricKeySize ?? 0) >= MIN_SECRET_BYTES ? { alg: 'HS256', signing: key, verifying: key } : undefined;
  if (key.asymmetricKeyType !== 'ed25519') return undefined;
  return key.type === 'private'
    ? { alg: 'EdDSA', signing: key, verifying: createPublicKey(key) }
    : { alg: 'EdDSA', signing: undefined, verifying: key };
}

function fromJwk(jwk: JsonWebKey): KeyMaterial | undefined {
  if (jwk.kty === 'oct') return typeof jwk.k === 'string' && BASE64URL.test(jwk.k) ? secret(Buffer.from(jwk.k, 'base64url')) : undefined;
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519') return undefined;
  return fromKeyObject(jwk.d !== undefined ? createPrivateKey({ key: jwk, format: 'jwk' }) : createPublicKey({ key: jwk, format: 'jwk' }));
}

function fromText(text: string): KeyMaterial | undefined {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) {
    // A PEM put on one line in an environment file keeps its line breaks as `\n`.
    const pem = trimmed.replace(/\\n/g, '\n');
    return fromKeyObject(pem.includes('PRIVATE KEY') ? createPrivateKey(pem) : createPublicKey(pem));
  }
  if (trimmed.startsWith('{')) {
    const jwk: unknown = JSON.parse(trimmed);
    return isObject(jwk) ? fromJwk(jwk as JsonWebKey) : undefined;
  }
  return BASE64URL.test(trimmed) ? secret(Buffer.from(trimmed, 'base64url')) : undefined;
}

/** The key `input` stands for, or `undefined` when it is not one agentsight accepts. Never throws. */
export function keyMaterial(input: unknown): KeyMaterial | undefined {
  try {
    if (typeof input === 'string') return fromText(input);
    if (input instanceof KeyObject) return fromKeyObject(input);
    if (input instanceof Uint8Array) return secret(input);
    if (isObject(input)) return fromJwk(input as JsonWebKey);
  } catch {
    // Unreadable PEM, JSON or JWK: not a key.
  }
  return undefined;
}
