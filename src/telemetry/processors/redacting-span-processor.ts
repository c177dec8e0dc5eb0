/**
 * Runs the user's `init({ redact })` hook once per span, on its attributes, just before export.
 *
 * It works in `onEnding` (OpenTelemetry JS SDK 2.x and 3.x call it before any processor's `onEnd`,
 * so no exporter, ours or the application's, sees the attributes before the hook did), and in
 * `onEnd` for spans that did not pass through `onEnding` (SDK 1.x), first among agentsight's
 * processors. The hook gets a copy: if it throws, the span keeps its attributes without the
 * captured content (prompts, completions, tool arguments and results), and the failure is logged
 * once. Values that are not attribute values are dropped. `session.id` and `agentsight.span.kind`
 * stay as they were: the local store files spans by them, and a span without them would be lost.
 */
import type { Attributes, Context } from '@opentelemetry/api';
import { isAttributeValue } from '@opentelemetry/core';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import type { RedactHook } from '../../content/redaction';
import { getLogger } from '../../diag';
import { isObject } from '../../json-values';
import { ATTR_AGENTSIGHT_SPAN_KIND, ATTR_SESSION_ID, CONTENT_ATTRIBUTES } from '../../semconv';

const log = getLogger('redact');

/** What agentsight files a span by: kept whatever the hook does. */
const KEPT = [ATTR_SESSION_ID, ATTR_AGENTSIGHT_SPAN_KIND];

export class RedactingSpanProcessor implements SpanProcessor {
  /** Spans already handled in `onEnding`. */
  private readonly handled = new WeakSet<object>();

  constructor(private readonly hook: RedactHook) {}

  onStart(_span: Span, _parentContext: Context): void {}

  onEnding(span: Span): void {
    this.handled.add(span);
    this.redact(span);
  }

  onEnd(span: ReadableSpan): void {
    if (!this.handled.has(span)) this.redact(span);
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }

  /** Replaces the span's attributes (the SDK's own object, edited in place) with what the hook leaves. */
  private redact(span: ReadableSpan): void {
    // The SDK's spans keep their attributes in a plain object that stays writable after the end.
    const attributes = span.attributes as Attributes;
    let kept: Attributes;
    try {
      const copy: Attributes = { ...attributes };
      const returned = this.hook(copy, { name: span.name, kind: span.kind });
      kept = isObject(returned) ? (returned as Attributes) : copy;
    } catch (err) {
      log.once('warn', 'hook', `the redact hook threw; spans it fails on are exported without their captured content: ${String(err)}`);
      for (const key of CONTENT_ATTRIBUTES) delete attributes[key];
      return;
    }
    for (const key of Object.keys(attributes)) if (!Object.hasOwn(kept, key) && !KEPT.includes(key)) delete attributes[key];
    for (const [key, value] of Object.entries(kept)) {
      if (KEPT.includes(key)) continue;
      if (value !== undefined && value !== null && isAttributeValue(value)) {
        attributes[key] = value;
        continue;
      }
      if (value !== undefined && value !== null) {
        log.once('warn', 'value', `the redact hook left a value that is not an attribute value at ${key}; it is dropped`);
      }
      delete attributes[key];
    }
  }
}
