/**
 * Delegating work to another agent, maybe in another process: `delegate({ to, task })` opens a
 * `delegate {to}` PRODUCER span and signs a token the receiver checks (`acceptDelegation`). The
 * span records where the delegation stands (`agentsight.delegation.state`, and an event per
 * change): `in_flight` from the start, then `completed` or `failed`, or `abandoned` if the process
 * ends first. A delegation can be closed by its id from any process (the reply may reach a worker,
 * not the process that delegated).
 */
import { context, ROOT_CONTEXT, SpanKind, trace, TraceFlags, type Attributes, type Span, type SpanContext } from '@opentelemetry/api';
import { randomBytes } from 'node:crypto';
import { capString, toCappedJson } from '../content/capped-json';
import { getLogger } from '../diag';
import { ConfigError } from '../errors';
import { recordSpanError } from '../events/error-recording';
import { currentRuntime, type Runtime } from '../runtime';
import {
  ATTR_AGENTSIGHT_DELEGATION_ID,
  ATTR_AGENTSIGHT_DELEGATION_RESULT,
  ATTR_AGENTSIGHT_DELEGATION_SOURCE,
  ATTR_AGENTSIGHT_DELEGATION_STATE,
  ATTR_AGENTSIGHT_DELEGATION_TARGET,
  ATTR_AGENTSIGHT_DELEGATION_TASK,
  ATTR_AGENTSIGHT_ENDED_BY,
  ATTR_AGENTSIGHT_SPAN_KIND,
  CLOSE_DELEGATION_SPAN_NAME,
  DELEGATION_STATE,
  ENDED_BY,
  EVENT_DELEGATION_STATE,
  SPAN_KIND,
  delegateSpanName,
  type DelegationState,
} from '../semconv';
import type { RollupScope } from '../session/rollup-scope';
import type { Session } from '../session/session';
import { trackOpenSpan, untrackOpenSpan, type OpenSpan } from '../telemetry/open-spans';
import { delegationDefaults, type DelegationKey } from './delegation-keys';
import { resolveKey, signToken } from './delegation-token';
import { agentFrom, scopeFrom, sessionFrom, sessionIdFrom } from './keys';

const log = getLogger('delegation');

/** How long a token is valid by default, in seconds. */
export const DEFAULT_TOKEN_TTL_S = 900;

/** Options of `delegate`. */
export interface DelegateOptions {
  /** The agent the work goes to: the span's name (`delegate {to}`) and the token's audience. */
  to: string;
  /** The task, recorded on the span as `agentsight.delegation.task` when content capture is on. */
  task?: string;
  /** The delegating agent (the token's issuer). Default: the enclosing `withAgent`'s name, else the service name. */
  from?: string;
  /** The key to sign with. Default: `AGENTSIGHT_DELEGATION_KEY` (`init({ delegationKey })`). */
  key?: DelegationKey;
  /** How long the token is valid, in seconds. Default 900 (15 minutes). */
  ttlSeconds?: number;
  /** Extra attributes for the delegation span. */
  attributes?: Attributes;
}

/** A delegation in flight, returned by `delegate`. */
export interface Delegation {
  /** The delegation's id (the token's `jti`): `closeDelegation(id, ...)` closes it from any process. */
  readonly id: string;
  /** The signed token to hand to the receiver with the task (a compact JWS). */
  readonly token: string;
  readonly to: string;
  /** `in_flight` until completed, failed or abandoned. */
  readonly state: DelegationState;
  /** The delegated work is done; `result` is recorded (as JSON) when content capture is on. */
  complete(result?: unknown): void;
  /** The delegated work failed: the span gets the error, as any failed work does. */
  fail(error: unknown): void;
}

/** How a delegation closed by its id ended. */
export interface DelegationOutcome {
  state: typeof DELEGATION_STATE.COMPLETED | typeof DELEGATION_STATE.FAILED;
  /** Recorded (as JSON) when content capture is on. */
  result?: unknown;
  /** For `failed`: the error. */
  error?: unknown;
}

/** Delegations of this process still in flight, by id. */
const inFlight = new Map<string, InFlightDelegation>();
/** Ids of delegations closed here lately: closing one again does nothing. */
const closed = new Set<string>();
const MAX_CLOSED = 1024;

function rememberClosed(id: string): void {
  closed.add(id);
  if (closed.size > MAX_CLOSED) closed.delete(closed.values().next().value as string);
}

function resultJson(runtime: Runtime | undefined, result: unknown): string | undefined {
  if (!runtime?.config.captureContent || result === undefined) return undefined;
  return toCappedJson(result, runtime.config.contentMaxChars);
}

class InFlightDelegation implements Delegation, OpenSpan {
  private current: DelegationState = DELEGATION_STATE.IN_FLIGHT;
  token = '';

  constructor(
    readonly id: string,
    readonly to: string,
    private readonly runtime: Runtime | undefined,
    private readonly span: Span | undefined,
    private readonly scope: RollupScope | undefined,
    private readonly session: Session | undefined,
  ) {}

  get state(): DelegationState {
    return this.current;
  }

  complete(result?: unknown): void {
    this.finish(DELEGATION_STATE.COMPLETED, (span) => {
      const json = resultJson(this.runtime, result);
      if (json !== undefined) span.setAttribute(ATTR_AGENTSIGHT_DELEGATION_RESULT, json);
    });
  }

  fail(error: unknown): void {
    this.finish(DELEGATION_STATE.FAILED, (span) => recordSpanError(span, error, this.scope, this.session));
  }

  endAtExit(): void {
    this.finish(DELEGATION_STATE.ABANDONED, (span) => span.setAttribute(ATTR_AGENTSIGHT_ENDED_BY, ENDED_BY.PROCESS_EXIT));
  }

  private finish(state: DelegationState, record: (span: Span) => void): void {
    if (this.current !== DELEGATION_STATE.IN_FLIGHT) return;
    this.current = state;
    inFlight.delete(this.id);
    rememberClosed(this.id);
    untrackOpenSpan(this);
    const span = this.span;
    if (!span) return;
    try {
      record(span);
      setState(span, state);
    } catch (err) {
      log.once('warn', 'finish', `recording the end of a delegation failed: ${String(err)}`);
    } finally {
      span.end();
    }
  }
}

function setState(span: Span, state: DelegationState): void {
  span.setAttribute(ATTR_AGENTSIGHT_DELEGATION_STATE, state);
  span.addEvent(EVENT_DELEGATION_STATE[state]);
}

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

/** `<trace id>-<span id>-<flags>`: the id says where the delegation span is, so any process can close it. */
function delegationId(span: SpanContext): string {
  return `${span.traceId}-${span.spanId}-${(span.traceFlags & 0xff).toString(16).padStart(2, '0')}`;
}

const DELEGATION_ID = /^([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The span a delegation id points at (remote: it lives in the process that delegated). */
function spanOfId(id: string): SpanContext | undefined {
  const match = DELEGATION_ID.exec(id);
  if (!match) return undefined;
  const span: SpanContext = { traceId: match[1]!, spanId: match[2]!, traceFlags: Number.parseInt(match[3]!, 16), isRemote: true };
  return trace.isSpanContextValid(span) ? span : undefined;
}

/**
 * Delegates work to another agent: opens a `delegate {to}` PRODUCER span (state `in_flight`) and
 * signs a token that carries the trace context, the session id, the delegating agent, the
 * audience (`to`), issue and expiry times and a unique id. Hand the token to the receiver with
 * the task; it calls `acceptDelegation` and its work continues this trace and session, as a child
 * of the delegation span. Call `complete()` or `fail()` when the answer comes (or
 * `closeDelegation(id, ...)` in the process it comes to); a delegation still in flight when the
 * process ends is recorded as `abandoned`.
 *
 * @throws ConfigError when there is no key to sign with (`AGENTSIGHT_DELEGATION_KEY`, `init({
 * delegationKey })` or `key`), or the key cannot sign (an Ed25519 public key).
 * @example
 * const delegation = await delegate({ to: 'researcher', task: 'find three sources on OTLP' });
 * const reply = await fetch(researcherUrl, { method: 'POST', body: JSON.stringify({ token: delegation.token, task }) });
 * delegation.complete(await reply.json());
 */
export async function delegate(options: DelegateOptions): Promise<Delegation> {
  const given = options.key ?? delegationDefaults()?.key;
  if (!given) {
    throw new ConfigError(
      [],
      'agentsight: delegate() has no key to sign the token with: set AGENTSIGHT_DELEGATION_KEY (or init({ delegationKey })), or pass { key }',
    );
  }
  const key = await resolveKey(given);
  if (!key) throw new ConfigError([], `agentsight: the delegation key${given.id ? ` "${given.id}"` : ''} is not a key agentsight accepts`);
  if (!key.material.signing)
    throw new ConfigError([], `agentsight: delegation key "${key.id}" is an Ed25519 public key: it cannot sign tokens`);

  const active = context.active();
  const runtime = currentRuntime();
  const delegation = startDelegation(runtime, options, active);
  const ctx = delegation.span ? trace.setSpan(delegation.parent, delegation.span) : active;
  const spanContext = delegation.span?.spanContext() ?? trace.getSpanContext(active);
  const traced: SpanContext =
    spanContext && trace.isSpanContextValid(spanContext) ? spanContext : { traceId: hex(16), spanId: hex(8), traceFlags: TraceFlags.NONE };
  const id = delegationId(traced);
  const handle = new InFlightDelegation(
    id,
    options.to,
    runtime,
    delegation.span,
    scopeFrom(delegation.parent),
    sessionFrom(delegation.parent),
  );
  if (delegation.span) delegation.span.setAttribute(ATTR_AGENTSIGHT_DELEGATION_ID, id);
  const nowS = Math.floor(Date.now() / 1000);
  try {
    handle.token = await signToken(
      {
        from: options.from ?? agentFrom(ctx) ?? delegationDefaults()?.serviceName ?? 'unknown_service',
        to: options.to,
        id,
        traceparent: `00-${traced.traceId}-${traced.spanId}-${(traced.traceFlags & 0xff).toString(16).padStart(2, '0')}`,
        ...(traced.traceState ? { tracestate: traced.traceState.serialize() } : {}),
        sessionId: sessionIdFrom(ctx) ?? traced.traceId,
        issuedAt: nowS,
        expiresAt: nowS + Math.max(1, Math.round(options.ttlSeconds ?? DEFAULT_TOKEN_TTL_S)),
      },
      key,
    );
  } catch (err) {
    handle.fail(err);
    throw err;
  }
  if (delegation.span) {
    inFlight.set(id, handle);
    trackOpenSpan(handle);
  }
  return handle;
}

/** The delegation span in the work context, or none before `init()` (or if starting it fails). */
function startDelegation(runtime: Runtime | undefined, options: DelegateOptions, active: ReturnType<typeof context.active>) {
  if (!runtime) return { span: undefined, parent: active };
  try {
    const parent = runtime.sessions.workContext(active);
    const attributes: Attributes = {
      ...options.attributes,
      [ATTR_AGENTSIGHT_SPAN_KIND]: SPAN_KIND.DELEGATION,
      [ATTR_AGENTSIGHT_DELEGATION_TARGET]: options.to,
    };
    const from = options.from ?? agentFrom(parent);
    if (from !== undefined) attributes[ATTR_AGENTSIGHT_DELEGATION_SOURCE] = from;
    if (options.task !== undefined && runtime.config.captureContent) {
      attributes[ATTR_AGENTSIGHT_DELEGATION_TASK] = capString(options.task, runtime.config.contentMaxChars);
    }
    const span = runtime.tracer.startSpan(delegateSpanName(options.to), { kind: SpanKind.PRODUCER, attributes }, parent);
    setState(span, DELEGATION_STATE.IN_FLIGHT);
    return { span, parent };
  } catch (err) {
    log.once('warn', 'start', `could not start a delegation span; delegating untraced: ${String(err)}`);
    return { span: undefined, parent: active };
  }
}

/**
 * Closes a delegation by its id, from any process: the one that delegated (the same as
 * `complete()` / `fail()`), or another one the answer reached (a worker). There, a
 * `close_delegation` span in the delegation's trace and session records the outcome, as a child
 * of the delegation span. Returns `false` when the id is not a delegation id, or the delegation was
 * already closed here. Never throws.
 *
 * @example
 * queue.on('reply', (reply) => closeDelegation(reply.delegationId, { state: 'completed', result: reply.body }));
 */
export function closeDelegation(id: string, outcome: DelegationOutcome = { state: DELEGATION_STATE.COMPLETED }): boolean {
  try {
    const local = inFlight.get(id);
    if (local) {
      if (outcome.state === DELEGATION_STATE.FAILED) local.fail(outcome.error ?? new Error('delegation failed'));
      else local.complete(outcome.result);
      return true;
    }
    if (closed.has(id)) return false;
    const span = spanOfId(id);
    if (!span) {
      log.once('warn', 'close-id', `closeDelegation(): ${JSON.stringify(id).slice(0, 80)} is not a delegation id`);
      return false;
    }
    rememberClosed(id);
    const runtime = currentRuntime();
    if (runtime) recordClose(runtime, id, span, outcome);
    return true;
  } catch (err) {
    log.once('warn', 'close', `closing a delegation failed: ${String(err)}`);
    return false;
  }
}

/** The `close_delegation` span another process records, in the delegation's trace and session. */
function recordClose(runtime: Runtime, id: string, remote: SpanContext, outcome: DelegationOutcome): void {
  const ctx = runtime.sessions.join(trace.setSpanContext(ROOT_CONTEXT, remote));
  const span = runtime.tracer.startSpan(
    CLOSE_DELEGATION_SPAN_NAME,
    { kind: SpanKind.INTERNAL, attributes: { [ATTR_AGENTSIGHT_SPAN_KIND]: SPAN_KIND.DELEGATION, [ATTR_AGENTSIGHT_DELEGATION_ID]: id } },
    ctx,
  );
  try {
    if (outcome.state === DELEGATION_STATE.FAILED) {
      recordSpanError(span, outcome.error ?? new Error('delegation failed'), scopeFrom(ctx), sessionFrom(ctx));
    } else {
      const json = resultJson(runtime, outcome.result);
      if (json !== undefined) span.setAttribute(ATTR_AGENTSIGHT_DELEGATION_RESULT, json);
    }
    setState(span, outcome.state);
  } finally {
    span.end();
  }
}
