/**
 * The receiving side of a delegation: `acceptDelegation(token, { audience })` checks the token and
 * returns where the delegated work runs. A token that checks out continues the delegating trace
 * and session, as a child of the delegation span; any other never joins the trace it claims: the
 * work starts a new session (a new trace) linked to the claimed context, marked
 * `agentsight.delegation.verified=false` with the reason. Either way an `accept_delegation
 * {audience}` CONSUMER span starts when the work is picked up and ends with the work.
 */
import { context, ROOT_CONTEXT, SpanKind, trace, type Attributes, type Context, type Link, type Span } from '@opentelemetry/api';
import { getLogger } from '../diag';
import { InvalidDelegationTokenError } from '../errors';
import { errorMessage, errorType, recordSpanError } from '../events/error-recording';
import { currentRuntime, type Runtime } from '../runtime';
import {
  ATTR_AGENTSIGHT_DELEGATION_ID,
  ATTR_AGENTSIGHT_DELEGATION_SOURCE,
  ATTR_AGENTSIGHT_DELEGATION_TARGET,
  ATTR_AGENTSIGHT_DELEGATION_UNVERIFIED_REASON,
  ATTR_AGENTSIGHT_DELEGATION_VERIFIED,
  ATTR_AGENTSIGHT_DELEGATION_WAIT_S,
  ATTR_AGENTSIGHT_ENDED_BY,
  ATTR_AGENTSIGHT_SPAN_KIND,
  BAGGAGE_SESSION_ID,
  DELEGATION_REJECTION,
  ENDED_BY,
  EVENT_DELEGATION_PICKED_UP,
  SESSION_END_STATE,
  SPAN_KIND,
  acceptDelegationSpanName,
  type DelegationRejection,
} from '../semconv';
import type { Session } from '../session/session';
import { trackOpenSpan, untrackOpenSpan, type OpenSpan } from '../telemetry/open-spans';
import { isThenable } from '../thenable';
import { delegationDefaults, type DelegationKey } from './delegation-keys';
import { resolveKey, verifyToken, type ResolvedKey, type TokenClaims, type VerifyResult } from './delegation-token';
import { scopeFrom, sessionFrom, sessionIdFrom } from './keys';
import { readCarrier } from './propagation';
import { ReplayCache } from './replay-cache';

const log = getLogger('delegation');

/** Seconds of clock difference between hosts tolerated on `iat` and `exp`, by default. */
export const DEFAULT_CLOCK_TOLERANCE_S = 30;

/** Options of `acceptDelegation`. */
export interface AcceptDelegationOptions {
  /** Who this is: the token's audience must name it. */
  audience: string;
  /**
   * The keys tokens may be signed with, told apart by id (keep the old and the new key while
   * keys rotate). Default: `AGENTSIGHT_DELEGATION_KEY` (`init({ delegationKey })`).
   */
  keys?: DelegationKey | readonly DelegationKey[];
  /** Throw `InvalidDelegationTokenError` for an invalid token instead of running the work unverified. Default `false`. */
  strict?: boolean;
  /** Clock difference tolerated between hosts, in seconds. Default 30. */
  clockToleranceSeconds?: number;
}

/** Where the delegated work runs, returned by `acceptDelegation`. */
export interface AcceptedDelegation {
  /** `true` when the token checked out: the work continues the delegating trace and session. */
  readonly verified: boolean;
  /** Why the token was refused (`undefined` when verified). */
  readonly reason: DelegationRejection | undefined;
  /** What was wrong with the token, in words (`undefined` when verified). */
  readonly detail: string | undefined;
  /** The delegation id (as the token claims it, when not verified). */
  readonly id: string | undefined;
  /** The delegating agent (as the token claims it, when not verified). */
  readonly from: string | undefined;
  /** The session the work belongs to: the delegating one when verified, a new one when not. */
  readonly sessionId: string | undefined;
  /** The context of the receiving span, for work started outside `run`. */
  readonly context: Context;
  /** Runs `fn` as the delegated work; the receiving span ends when `fn` returns (or its promise settles). */
  run<T>(fn: () => T): T;
  /** Ends the receiving span now (when the work is not run through `run`). A second call does nothing. */
  end(): void;
}

const replays = new ReplayCache();

/** The keys to check with: given, else the configured one; a key agentsight cannot read is skipped (once-warning, by id). */
async function keysFor(options: AcceptDelegationOptions): Promise<ResolvedKey[]> {
  const given = options.keys ?? delegationDefaults()?.key;
  const list: readonly DelegationKey[] = given === undefined ? [] : Array.isArray(given) ? given : [given as DelegationKey];
  const keys: ResolvedKey[] = [];
  for (const key of list) {
    const resolved = await resolveKey(key);
    if (resolved) keys.push(resolved);
    else
      log.once('warn', `bad-key-${key.id ?? ''}`, `delegation key${key.id ? ` "${key.id}"` : ''} is not a key agentsight accepts; skipped`);
  }
  return keys;
}

async function check(token: unknown, options: AcceptDelegationOptions): Promise<VerifyResult> {
  const tolerance = options.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_S;
  const result = await verifyToken(token, await keysFor(options), options.audience, tolerance);
  if (!result.ok) return result;
  if (!replays.accept(result.claims.id, (result.claims.expiresAt + tolerance) * 1000)) {
    return {
      ok: false,
      reason: DELEGATION_REJECTION.REPLAYED,
      detail: `token ${result.claims.id} was already accepted`,
      claimed: result.claims,
    };
  }
  return result;
}

/**
 * Checks a delegation token (see `delegate`) and returns where the delegated work runs.
 *
 * - Valid (signed by one of `keys`, for `audience`, not expired, not seen before in this process):
 *   the work continues the delegating trace and session, as a child of the delegation span.
 * - Invalid (bad signature, unknown key id, expired, wrong audience, replayed, malformed, `alg:
 *   none` or an algorithm no key uses): the work never joins the trace the token claims. It runs
 *   in a new session, linked to the claimed context, with `agentsight.delegation.verified=false`
 *   and the reason. Nothing is thrown, unless `strict` is set.
 *
 * @throws InvalidDelegationTokenError for an invalid token, only with `strict: true`.
 * @example
 * app.post('/research', async (req, res) => {
 *   const delegation = await acceptDelegation(req.body.token, { audience: 'researcher' });
 *   res.json(await delegation.run(() => research(req.body.task)));
 * });
 */
export async function acceptDelegation(token: string, options: AcceptDelegationOptions): Promise<AcceptedDelegation> {
  const pickedUpMs = Date.now();
  let result: VerifyResult;
  try {
    result = await check(token, options);
  } catch (err) {
    // Our own failure: the token could not be checked, so it is not trusted.
    log.once('warn', 'check', `checking a delegation token failed: ${String(err)}`);
    result = { ok: false, reason: DELEGATION_REJECTION.MALFORMED, detail: `the token could not be checked (${String(err)})`, claimed: {} };
  }
  const received = receive(result, options, pickedUpMs);
  if (!result.ok && options.strict) {
    received.refuse(result.reason);
    throw new InvalidDelegationTokenError(result.reason, result.detail);
  }
  return received;
}

function receive(result: VerifyResult, options: AcceptDelegationOptions, pickedUpMs: number): ReceivedDelegation {
  const runtime = currentRuntime();
  if (runtime) {
    try {
      return result.ok
        ? joinDelegation(runtime, result.claims, options, pickedUpMs)
        : startUnverified(runtime, result, options, pickedUpMs);
    } catch (err) {
      log.once('warn', 'receive', `could not record the delegated work; running it untraced: ${String(err)}`);
    }
  }
  return new ReceivedDelegation(result, context.active(), undefined, undefined);
}

/** The claimed or verified trace context as a remote parent, with the session id in its baggage. */
function remoteParent(claims: Partial<TokenClaims>): Context {
  const carrier: Record<string, string> = {};
  if (claims.traceparent) carrier.traceparent = claims.traceparent;
  if (claims.tracestate) carrier.tracestate = claims.tracestate;
  if (claims.sessionId) carrier.baggage = `${BAGGAGE_SESSION_ID}=${encodeURIComponent(claims.sessionId)}`;
  return readCarrier(carrier, ROOT_CONTEXT);
}

function joinDelegation(runtime: Runtime, claims: TokenClaims, options: AcceptDelegationOptions, pickedUpMs: number): ReceivedDelegation {
  const parent = runtime.sessions.join(remoteParent(claims));
  const span = runtime.tracer.startSpan(
    acceptDelegationSpanName(options.audience),
    {
      kind: SpanKind.CONSUMER,
      startTime: pickedUpMs,
      attributes: {
        [ATTR_AGENTSIGHT_SPAN_KIND]: SPAN_KIND.DELEGATION,
        [ATTR_AGENTSIGHT_DELEGATION_ID]: claims.id,
        [ATTR_AGENTSIGHT_DELEGATION_SOURCE]: claims.from,
        [ATTR_AGENTSIGHT_DELEGATION_TARGET]: options.audience,
        [ATTR_AGENTSIGHT_DELEGATION_VERIFIED]: true,
        [ATTR_AGENTSIGHT_DELEGATION_WAIT_S]: Math.max(0, pickedUpMs / 1000 - claims.issuedAt),
      },
    },
    parent,
  );
  span.addEvent(EVENT_DELEGATION_PICKED_UP, pickedUpMs);
  return new ReceivedDelegation({ ok: true, claims }, trace.setSpan(parent, span), span, undefined);
}

function startUnverified(
  runtime: Runtime,
  result: Extract<VerifyResult, { ok: false }>,
  options: AcceptDelegationOptions,
  pickedUpMs: number,
): ReceivedDelegation {
  const verdict: Attributes = {
    [ATTR_AGENTSIGHT_DELEGATION_VERIFIED]: false,
    [ATTR_AGENTSIGHT_DELEGATION_UNVERIFIED_REASON]: result.reason,
  };
  // A new trace: the session's root has no parent; the claimed context is only linked.
  const session = context.with(ROOT_CONTEXT, () =>
    runtime.sessions.start({ name: `${acceptDelegationSpanName(options.audience)} (unverified)`, attributes: verdict }),
  );
  const claimed = trace.getSpanContext(remoteParent(result.claimed));
  const links: Link[] = claimed && trace.isSpanContextValid(claimed) ? [{ context: claimed }] : [];
  const attributes: Attributes = {
    ...verdict,
    [ATTR_AGENTSIGHT_SPAN_KIND]: SPAN_KIND.DELEGATION,
    [ATTR_AGENTSIGHT_DELEGATION_TARGET]: options.audience,
  };
  if (result.claimed.id !== undefined) attributes[ATTR_AGENTSIGHT_DELEGATION_ID] = result.claimed.id;
  if (result.claimed.from !== undefined) attributes[ATTR_AGENTSIGHT_DELEGATION_SOURCE] = result.claimed.from;
  const span = runtime.tracer.startSpan(
    acceptDelegationSpanName(options.audience),
    { kind: SpanKind.CONSUMER, startTime: pickedUpMs, attributes, links },
    session.context,
  );
  span.addEvent(EVENT_DELEGATION_PICKED_UP, pickedUpMs);
  log.debug(`delegation token refused (${result.reason}): ${result.detail}`);
  return new ReceivedDelegation(result, trace.setSpan(session.context, span), span, session);
}

class ReceivedDelegation implements AcceptedDelegation, OpenSpan {
  readonly verified: boolean;
  readonly reason: DelegationRejection | undefined;
  readonly detail: string | undefined;
  readonly id: string | undefined;
  readonly from: string | undefined;
  readonly sessionId: string | undefined;
  private done = false;

  constructor(
    result: VerifyResult,
    readonly context: Context,
    private readonly span: Span | undefined,
    /** The new session of an unverified delegation (ended with the work). */
    private readonly session: Session | undefined,
  ) {
    this.verified = result.ok;
    const claims = result.ok ? result.claims : result.claimed;
    this.reason = result.ok ? undefined : result.reason;
    this.detail = result.ok ? undefined : result.detail;
    this.id = claims.id;
    this.from = claims.from;
    this.sessionId = span ? sessionIdFrom(this.context) : result.ok ? claims.sessionId : undefined;
    if (span) trackOpenSpan(this);
  }

  run<T>(fn: () => T): T {
    let result: T;
    try {
      result = context.with(this.context, fn);
    } catch (error) {
      this.finish(error);
      throw error;
    }
    if (isThenable(result)) {
      result.then(
        () => this.finish(undefined),
        (error: unknown) => this.finish(error),
      );
    } else {
      this.finish(undefined);
    }
    return result;
  }

  end(): void {
    this.finish(undefined);
  }

  endAtExit(): void {
    this.finish(undefined, ENDED_BY.PROCESS_EXIT);
  }

  /** Strict mode: the token is refused and no work runs; the new session ends `fail`. */
  refuse(reason: DelegationRejection): void {
    this.finish(undefined, undefined, `delegation token refused: ${reason}`);
  }

  private finish(error: unknown, endedBy?: string, refused?: string): void {
    if (this.done) return;
    this.done = true;
    untrackOpenSpan(this);
    const span = this.span;
    if (!span) return;
    try {
      if (error !== undefined) recordSpanError(span, error, scopeFrom(this.context), sessionFrom(this.context));
      if (endedBy !== undefined) span.setAttribute(ATTR_AGENTSIGHT_ENDED_BY, endedBy);
    } catch (err) {
      log.once('warn', 'finish', `recording the end of delegated work failed: ${String(err)}`);
    } finally {
      span.end();
    }
    if (!this.session || endedBy !== undefined) return;
    if (refused !== undefined) this.session.end({ state: SESSION_END_STATE.FAIL, reason: refused });
    else if (error !== undefined)
      this.session.end({ state: SESSION_END_STATE.FAIL, reason: `${errorType(error)}: ${errorMessage(error)}` });
    else this.session.end({});
  }
}
