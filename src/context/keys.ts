/**
 * The values agentsight keeps in the OpenTelemetry context (carried by AsyncLocalStorage through
 * every await): the active session, or the part of a session started in another process that work
 * here joined, the innermost roll-up scope (the session's or part's, or an agent's), and the span
 * of the innermost tool execution.
 */
import { createContextKey, trace, type Context, type Span } from '@opentelemetry/api';
import type { Session } from '../session/session';
import type { SessionPart } from '../session/session-part';
import type { RollupScope } from '../session/rollup-scope';

export const SESSION_KEY = createContextKey('agentsight.session');
export const PART_KEY = createContextKey('agentsight.session-part');
export const SCOPE_KEY = createContextKey('agentsight.rollup-scope');
export const AGENT_KEY = createContextKey('agentsight.agent');
export const TOOL_SPAN_KEY = createContextKey('agentsight.tool-span');

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

/**
 * The span of our tool execution (`withTool`, a tool an instrumentation traced) when it is the
 * active span of `ctx` itself, not an ancestor of it: a request made right inside a tool belongs to
 * that tool (an MCP `tools/call` nests under it instead of being the tool span itself).
 */
export function activeToolSpan(ctx: Context): Span | undefined {
  const tool = ctx.getValue(TOOL_SPAN_KEY) as Span | undefined;
  return tool !== undefined && trace.getSpan(ctx) === tool ? tool : undefined;
}
