/**
 * How an error is recorded on one of our spans: ERROR status, `error.type`, an exception event
 * with the stack. The first span an exception object reaches counts it as an error of its session
 * (and marks the session failed); spans it passes through on the way up only get
 * `agentsight.error.propagated`, so one failure counts once.
 */
import { SpanStatusCode, type Exception, type Span } from '@opentelemetry/api';
import { ATTR_AGENTSIGHT_ERROR_PROPAGATED, ATTR_ERROR_TYPE } from '../semconv';
import type { RollupScope } from '../session/rollup-scope';
import type { Session } from '../session/session';

const counted = new WeakSet<object>();

/** A low-cardinality name for the error: its class name (`RateLimitError`, `TypeError`, ...). */
export function errorType(err: unknown): string {
  if (err instanceof Error) {
    const ctor = err.constructor?.name;
    return ctor && ctor !== 'Error' ? ctor : err.name || 'Error';
  }
  if (err !== null && typeof err === 'object') return (err as { constructor?: { name?: string } }).constructor?.name || 'Object';
  return '_OTHER';
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  try {
    return typeof err === 'string' ? err : (JSON.stringify(err) ?? String(err));
  } catch {
    return String(err);
  }
}

const isObjectLike = (value: unknown): value is object => value !== null && (typeof value === 'object' || typeof value === 'function');

/**
 * Records `err` on `span` and counts it once. `type` overrides the derived `error.type`; the type
 * used is returned. `wraps` is an error that `err` wraps (a retry error's last attempt): when that
 * one was recorded already, `err` is the same failure passing up.
 */
export function recordSpanError(
  span: Span,
  err: unknown,
  scope: RollupScope | undefined,
  session: Session | undefined,
  type = errorType(err),
  wraps?: unknown,
): string {
  const message = errorMessage(err);
  span.setStatus({ code: SpanStatusCode.ERROR, message });
  span.setAttribute(ATTR_ERROR_TYPE, type);
  span.recordException(err instanceof Error ? err : ({ name: type, message } satisfies Exception));
  const isObject = isObjectLike(err);
  if ((isObject && counted.has(err)) || (isObjectLike(wraps) && counted.has(wraps))) {
    if (isObject) counted.add(err);
    span.setAttribute(ATTR_AGENTSIGHT_ERROR_PROPAGATED, true);
    return type;
  }
  if (isObject) counted.add(err);
  scope?.countError();
  session?.markFailed(`${type}: ${message}`);
  return type;
}
