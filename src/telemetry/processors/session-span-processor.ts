/**
 * Puts `session.id` on every span started inside a session (ours and any other instrumentation's),
 * so a backend can select one session's spans without walking the tree. A span started in a part
 * of a session from another process gets the caller's session id, and its start tells the part
 * that it has work (so the local store opens the part's file).
 */
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { partFrom, sessionFrom } from '../../context/keys';
import { ATTR_SESSION_ID } from '../../semconv';

export class SessionSpanProcessor implements SpanProcessor {
  onStart(span: Span, parentContext: Context): void {
    const session = sessionFrom(parentContext);
    if (session) {
      span.setAttribute(ATTR_SESSION_ID, session.id);
      return;
    }
    const part = partFrom(parentContext);
    if (part) {
      span.setAttribute(ATTR_SESSION_ID, part.sessionId);
      part.spanStarted();
    }
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
