/**
 * The values agentsight keeps in the OpenTelemetry context (carried by AsyncLocalStorage through
 * every await): the active session and the innermost roll-up scope (the session's, or an agent's).
 * The keys come from `Symbol.for`, so the CommonJS and ESM copies of a bundle would agree.
 */
import { createContextKey, type Context } from '@opentelemetry/api';
import type { Session } from '../session/session';
import type { RollupScope } from '../session/rollup-scope';

export const SESSION_KEY = createContextKey('agentsight.session');
export const SCOPE_KEY = createContextKey('agentsight.rollup-scope');

export function sessionFrom(ctx: Context): Session | undefined {
  return ctx.getValue(SESSION_KEY) as Session | undefined;
}

export function scopeFrom(ctx: Context): RollupScope | undefined {
  return ctx.getValue(SCOPE_KEY) as RollupScope | undefined;
}
