/**
 * A finished span as a sampled one: the same span, with the SAMPLED flag set in its context. A
 * rescued session's spans were recorded under a not-sampled decision; once the session is kept
 * after all, exporters (which skip unsampled spans, and write the flags into OTLP) see them as
 * the kept spans they now are.
 */
import { TraceFlags, type SpanContext } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';

function sampled(ctx: SpanContext): SpanContext {
  return { ...ctx, traceFlags: ctx.traceFlags | TraceFlags.SAMPLED };
}

export function asSampled(span: ReadableSpan): ReadableSpan {
  const ctx = sampled(span.spanContext());
  const parent = span.parentSpanContext;
  return {
    name: span.name,
    kind: span.kind,
    spanContext: () => ctx,
    // Its parent in the same trace was kept too; a remote parent keeps what it said.
    ...(parent ? { parentSpanContext: parent.isRemote || parent.traceId !== ctx.traceId ? parent : sampled(parent) } : {}),
    startTime: span.startTime,
    endTime: span.endTime,
    status: span.status,
    attributes: span.attributes,
    links: span.links,
    events: span.events,
    duration: span.duration,
    ended: span.ended,
    resource: span.resource,
    instrumentationScope: span.instrumentationScope,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  };
}
