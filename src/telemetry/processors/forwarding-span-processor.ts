/**
 * The span processor an application adds to its own tracer provider (`agentsightSpanProcessors()`)
 * when it builds the provider before `init()`: it forwards to agentsight's processors once
 * agentsight is initialized (`forwardTo`), and does nothing before or after.
 */
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';

let targets: readonly SpanProcessor[] = [];

/** Sets where the forwarding processor sends spans (agentsight's processors, or none). */
export function forwardTo(processors: readonly SpanProcessor[]): void {
  targets = processors;
}

class ForwardingSpanProcessor implements SpanProcessor {
  onStart(span: Span, parentContext: Context): void {
    for (const p of targets) p.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    for (const p of targets) p.onEnd(span);
  }

  async forceFlush(): Promise<void> {
    await Promise.all(targets.map((p) => p.forceFlush()));
  }

  async shutdown(): Promise<void> {
    // agentsight's own shutdown() ends its processors; the app's provider shutting down does not.
  }
}

/** The one forwarding processor of the process. */
export const FORWARDING_PROCESSOR: SpanProcessor = new ForwardingSpanProcessor();
