/**
 * Puts `session.id` on every span started inside a session (ours and any other instrumentation's),
 * so a backend can select one session's spans without walking the tree.
 */
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { sessionFrom } from '../../context/keys';
import { ATTR_SESSION_ID } from '../../semconv';

export class SessionSpanProcessor implements SpanProcessor {
  onStart(span: Span, parentContext: Context): void {
    const session = sessionFrom(parentContext);
    if (session) span.setAttribute(ATTR_SESSION_ID, session.id);
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
