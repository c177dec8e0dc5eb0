/**
 * Signed delegation tokens in one process: a valid token continues the delegating trace and
 * session under the delegation span; every kind of invalid token ends in a new trace, linked to
 * the context it claims, marked unverified with its reason, and throws only in strict mode.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import {
  acceptDelegation,
  delegate,
  InvalidDelegationTokenError,
  withAgent,
  withSession,
  withTool,
  type AcceptedDelegation,
  type DelegationKey,
} from '../../src/index';
import { resolveKey, signToken, TOKEN_TYPE } from '../../src/context/delegation-token';
import {
  ATTR_AGENTSIGHT_DELEGATION_ID,
  ATTR_AGENTSIGHT_DELEGATION_SOURCE,
  ATTR_AGENTSIGHT_DELEGATION_STATE,
  ATTR_AGENTSIGHT_DELEGATION_UNVERIFIED_REASON,
  ATTR_AGENTSIGHT_DELEGATION_VERIFIED,
  ATTR_SESSION_ID,
  DELEGATION_REJECTION,
  EVENT_DELEGATION_PICKED_UP,
  EVENT_DELEGATION_STATE,
  type DelegationRejection,
} from '../../src/semconv';
import type { SessionData } from '../../src/store/reader';
import { startInProcess, type InProcess } from '../support/in-process';

const SECRET = randomBytes(32).toString('base64url');
const KEY: DelegationKey = { id: 'k1', key: SECRET };

let agentsight: InProcess;
beforeEach(() => {
  agentsight = startInProcess({ autoSession: false, delegationKey: SECRET, delegationKeyId: 'k1' });
});
afterEach(() => agentsight.stop());

/** A delegation from a planner agent in a session; returns the token, its id and the session id. */
async function delegated(to = 'researcher') {
  return withSession({ name: 'planner-run' }, (session) =>
    withAgent('planner', async () => {
      const delegation = await delegate({ to, task: 'find three sources' });
      return { delegation, sessionId: session.id };
    }),
  );
}

const byName = (sessions: SessionData[], name: string) => sessions.flatMap((s) => s.spans).find((s) => s.name === name)!;

describe('a valid token', () => {
  it('continues the trace and session as a child of the delegation span, and records the pick-up', async () => {
    const { delegation, sessionId } = await delegated();
    expect(delegation.token.split('.')).toHaveLength(3);
    const accepted = await acceptDelegation(delegation.token, { audience: 'researcher' });
    expect(accepted).toMatchObject({ verified: true, reason: undefined, id: delegation.id, from: 'planner', sessionId });
    await accepted.run(() => withTool('search', async () => 'sources'));
    delegation.complete({ sources: 3 });
    await agentsight.stop();
    const sessions = agentsight.sessions();
    expect(sessions.map((s) => s.id)).toEqual([sessionId]);
    const producer = byName(sessions, 'delegate researcher');
    const consumer = byName(sessions, 'accept_delegation researcher');
    expect(producer).toMatchObject({ kind: 'PRODUCER', traceId: sessionId });
    expect(producer.attributes).toMatchObject({
      [ATTR_AGENTSIGHT_DELEGATION_ID]: delegation.id,
      [ATTR_AGENTSIGHT_DELEGATION_STATE]: 'completed',
      [ATTR_AGENTSIGHT_DELEGATION_SOURCE]: 'planner',
    });
    expect(producer.events.map((e) => e.name)).toEqual([EVENT_DELEGATION_STATE.in_flight, EVENT_DELEGATION_STATE.completed]);
    expect(consumer).toMatchObject({ kind: 'CONSUMER', traceId: sessionId, parentSpanId: producer.spanId });
    expect(consumer.attributes).toMatchObject({ [ATTR_AGENTSIGHT_DELEGATION_VERIFIED]: true, [ATTR_SESSION_ID]: sessionId });
    expect(consumer.events.map((e) => e.name)).toEqual([EVENT_DELEGATION_PICKED_UP]);
    expect(byName(sessions, 'execute_tool search').parentSpanId).toBe(consumer.spanId);
  });

  it('accepts a token of an Ed25519 key pair, checked with the public key only', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const { delegation } = await withSession({ name: 's' }, async (session) => ({
      delegation: await delegate({
        to: 'researcher',
        key: { id: 'ed-1', key: privateKey.export({ format: 'pem', type: 'pkcs8' }) as string },
      }),
      sessionId: session.id,
    }));
    const accepted = await acceptDelegation(delegation.token, {
      audience: 'researcher',
      keys: [KEY, { id: 'ed-1', key: publicKey.export({ format: 'jwk' }) }],
    });
    expect(accepted.verified).toBe(true);
    accepted.end();
  });

  it('names keys by their JWK thumbprint when no id is given, so rotation needs no configuration', async () => {
    const a = await resolveKey({ key: SECRET });
    const b = await resolveKey({ key: Buffer.from(SECRET, 'base64url') });
    expect(a!.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(b!.id).toBe(a!.id);
  });
});

/** A token signed with `key` that claims the planner's trace, with `overrides` of its claims. */
async function craft(key: DelegationKey, overrides: { issuedAt?: number; expiresAt?: number; to?: string } = {}) {
  const { delegation } = await delegated();
  delegation.complete();
  const now = Math.floor(Date.now() / 1000);
  const [traceId, spanId] = delegation.id.split('-');
  const token = await signToken(
    {
      from: 'planner',
      to: overrides.to ?? 'researcher',
      id: `${delegation.id}`,
      traceparent: `00-${traceId}-${spanId}-01`,
      sessionId: traceId!,
      issuedAt: overrides.issuedAt ?? now,
      expiresAt: overrides.expiresAt ?? now + 60,
    },
    (await resolveKey(key))!,
  );
  return { token, claimedTrace: traceId!, claimedSpan: spanId! };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Accepts `token`, runs a tool in it, and checks the work ran in a new trace linked to the claim. */
async function expectRefused(
  token: string,
  reason: DelegationRejection,
  claimed?: { claimedTrace: string; claimedSpan: string },
  /** Spans of the claimed session that a legitimate use of the same token made. */
  legitimate: string[] = [],
) {
  const accepted: AcceptedDelegation = await acceptDelegation(token, { audience: 'researcher' });
  expect(accepted).toMatchObject({ verified: false, reason });
  await accepted.run(() => withTool('work', () => 'done'));
  await agentsight.stop();
  const sessions = agentsight.sessions();
  const unverified = sessions.find((s) => s.start?.name === 'accept_delegation researcher (unverified)')!;
  expect(unverified.id).toBe(accepted.sessionId);
  const consumer = unverified.spans.find((s) => s.name === 'accept_delegation researcher')!;
  expect(consumer.attributes).toMatchObject({
    [ATTR_AGENTSIGHT_DELEGATION_VERIFIED]: false,
    [ATTR_AGENTSIGHT_DELEGATION_UNVERIFIED_REASON]: reason,
  });
  expect(unverified.spans.find((s) => s.name === 'execute_tool work')!.parentSpanId).toBe(consumer.spanId);
  if (claimed) {
    // A new trace, linked to the context the token claims, never joined to it.
    expect(unverified.id).not.toBe(claimed.claimedTrace);
    expect(consumer.links).toEqual([{ traceId: claimed.claimedTrace, spanId: claimed.claimedSpan }]);
    const claimedSession = sessions.find((s) => s.id === claimed.claimedTrace)!;
    expect(claimedSession.spans.map((s) => s.name).sort()).toEqual(
      ['delegate researcher', 'invoke_agent planner', 'session planner-run', ...legitimate].sort(),
    );
  }
  expect(unverified.end).toMatchObject({ state: 'success' });
}

describe('an invalid token never joins the trace it claims', () => {
  it('bad signature', async () => {
    const crafted = await craft({ id: 'k1', key: randomBytes(32) });
    await expectRefused(crafted.token, DELEGATION_REJECTION.BAD_SIGNATURE, crafted);
  });

  it('unknown key id', async () => {
    const crafted = await craft({ id: 'retired-key', key: SECRET });
    await expectRefused(crafted.token, DELEGATION_REJECTION.UNKNOWN_KEY, crafted);
  });

  it('expired', async () => {
    const now = Math.floor(Date.now() / 1000);
    const crafted = await craft(KEY, { issuedAt: now - 7200, expiresAt: now - 3600 });
    await expectRefused(crafted.token, DELEGATION_REJECTION.EXPIRED, crafted);
  });

  it('wrong audience', async () => {
    const crafted = await craft(KEY, { to: 'writer' });
    await expectRefused(crafted.token, DELEGATION_REJECTION.WRONG_AUDIENCE, crafted);
  });

  it('replayed', async () => {
    const crafted = await craft(KEY);
    const first = await acceptDelegation(crafted.token, { audience: 'researcher' });
    expect(first.verified).toBe(true);
    first.end();
    await expectRefused(crafted.token, DELEGATION_REJECTION.REPLAYED, crafted, ['accept_delegation researcher']);
  });

  it('malformed: not a JWS at all', async () => {
    await expectRefused('not-a-token', DELEGATION_REJECTION.MALFORMED);
  });

  it('malformed: a header that is not JSON (the claimed context is still linked)', async () => {
    const crafted = await craft(KEY);
    const [, payload, signature] = crafted.token.split('.');
    await expectRefused(`bm90LWpzb24.${payload}.${signature}`, DELEGATION_REJECTION.MALFORMED, crafted);
  });

  it('alg: none', async () => {
    const crafted = await craft(KEY);
    const [, payload] = crafted.token.split('.');
    await expectRefused(
      `${b64({ alg: 'none', kid: 'k1', typ: TOKEN_TYPE })}.${payload}.`,
      DELEGATION_REJECTION.ALGORITHM_NOT_ALLOWED,
      crafted,
    );
  });

  it('an algorithm no key uses (HS512)', async () => {
    const crafted = await craft(KEY);
    const [, payload] = crafted.token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'));
    const { SignJWT } = await import('jose');
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS512', kid: 'k1', typ: TOKEN_TYPE })
      .sign(Buffer.from(SECRET.repeat(2), 'base64url'));
    await expectRefused(token, DELEGATION_REJECTION.ALGORITHM_NOT_ALLOWED, crafted);
  });

  it("HS256 under an Ed25519 key's id (the public key used as a secret)", async () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const pem = publicKey.export({ format: 'pem', type: 'spki' }) as string;
    const crafted = await craft({ id: 'ed-1', key: Buffer.from(pem.padEnd(64, '\n')) });
    const accepted = await acceptDelegation(crafted.token, { audience: 'researcher', keys: [{ id: 'ed-1', key: pem }] });
    expect(accepted).toMatchObject({ verified: false, reason: DELEGATION_REJECTION.ALGORITHM_NOT_ALLOWED });
    accepted.end();
  });

  it('no key configured to check with', async () => {
    const crafted = await craft(KEY);
    const accepted = await acceptDelegation(crafted.token, { audience: 'researcher', keys: [] });
    expect(accepted).toMatchObject({ verified: false, reason: DELEGATION_REJECTION.UNKNOWN_KEY });
    accepted.end();
  });
});

describe('strict mode', () => {
  it('throws InvalidDelegationTokenError with the reason, and records the refusal', async () => {
    const crafted = await craft({ id: 'k1', key: randomBytes(32) });
    const error = await acceptDelegation(crafted.token, { audience: 'researcher', strict: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidDelegationTokenError);
    expect(error).toMatchObject({ code: 'AGENTSIGHT_INVALID_DELEGATION_TOKEN', reason: 'bad_signature' });
    expect((error as Error).message).not.toContain(SECRET);
    await agentsight.stop();
    const refused = agentsight.sessions().find((s) => s.start?.name === 'accept_delegation researcher (unverified)')!;
    expect(refused.end).toMatchObject({ state: 'fail', reason: 'delegation token refused: bad_signature' });
  });

  it('a valid token passes as usual', async () => {
    const { delegation } = await delegated();
    const accepted = await acceptDelegation(delegation.token, { audience: 'researcher', strict: true });
    expect(accepted.verified).toBe(true);
    accepted.end();
  });
});
