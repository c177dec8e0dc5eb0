/**
 * The values agentsight keeps in the OpenTelemetry context (carried by AsyncLocalStorage through
 * every await): the active session, or the part of a session started in another process that work
 * here joined, and the innermost roll-up scope (the session's or part's, or an agent's).
 */
import { createContextKey, type Context } from '@opentelemetry/api';
import type { Session } from '../session/session';
import type { SessionPart } from '../session/session-part';
import type { RollupScope } from '../session/rollup-scope';

export const SESSION_KEY = createContextKey('agentsight.session');
export const PART_KEY = createContextKey('agentsight.session-part');
export const SCOPE_KEY = createContextKey('agentsight.rollup-scope');
export const AGENT_KEY = createContextKey('agentsight.agent');

export function sessionFrom(ctx: Context): Session | undefined {
  return ctx.getValue(SESSION_KEY) as Session | undefined;
}

/** The part of a remote session that work in `ctx` belongs to (set by a join, see `SessionManager.join`). */
export function partFrom(ctx: Context): SessionPart | undefined {
  return ctx.getValue(PART_KEY) as SessionPart | undefined;
}

/** The id of the session work in `ctx` belongs to: a session of this process, or one joined from elsewhere. */
export function sessionIdFrom(ctx: Context): string | undefined {
  return sessionFrom(ctx)?.id ?? partFrom(ctx)?.sessionId;
}

export function scopeFrom(ctx: Context): RollupScope | undefined {
  return ctx.getValue(SCOPE_KEY) as RollupScope | undefined;
}

/** The name of the innermost agent (`withAgent`) work in `ctx` runs in, if any. */
export function agentFrom(ctx: Context): string | undefined {
  return ctx.getValue(AGENT_KEY) as string | undefined;
}
