/**
 * `recordError` and `recordEvent`: errors as spans of their own (the span model makes every error a
 * child span), events as span events on the work in progress.
 */
import { context, trace, SpanKind, type Attributes } from '@opentelemetry/api';
import { scopeFrom, sessionFrom } from '../context/keys';
import { getLogger } from '../diag';
import { currentRuntime } from '../runtime';
import { ATTR_AGENTSIGHT_SPAN_KIND, SPAN_KIND } from '../semconv';
import { errorType, recordSpanError } from './error-recording';

const log = getLogger('events');

/**
 * Records an error the application handled (or is about to): an `error {type}` span in the
 * current session, with ERROR status, `error.type` and the exception with its stack. The session
 * then ends `fail` unless it is ended otherwise. Never throws.
 *
 * @example
 * try { await step(); } catch (err) { recordError(err); await fallback(); }
 */
export function recordError(error: unknown, attributes: Attributes = {}): void {
  const runtime = currentRuntime();
  if (!runtime) return;
  try {
    const parent = runtime.sessions.workContext(context.active());
    const span = runtime.tracer.startSpan(
      `error ${errorType(error)}`,
      { kind: SpanKind.INTERNAL, attributes: { ...attributes, [ATTR_AGENTSIGHT_SPAN_KIND]: SPAN_KIND.ERROR } },
      parent,
    );
    recordSpanError(span, error, scopeFrom(parent), sessionFrom(parent));
    span.end();
  } catch (err) {
    log.once('warn', 'recordError', `recordError failed: ${String(err)}`);
  }
}

/**
 * Adds an event to the work in progress (the active span of the session, else the session's own
 * span). Never throws.
 *
 * @example
 * recordEvent('cache.miss', { key });
 */
export function recordEvent(name: string, attributes: Attributes = {}): void {
  const runtime = currentRuntime();
  if (!runtime) return;
  try {
    const ctx = runtime.sessions.workContext(context.active());
    (trace.getSpan(ctx) ?? sessionFrom(ctx)?.span)?.addEvent(name, attributes);
  } catch (err) {
    log.once('warn', 'recordEvent', `recordEvent failed: ${String(err)}`);
  }
}
