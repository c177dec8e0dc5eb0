/**
 * The tracer our tracer provider gives an SDK's own instrumentation scope (the Anthropic SDK's)
 * when the user did not ask for that SDK's spans: it behaves as the OpenTelemetry API's no-op
 * tracer does when no provider is registered (a non-recording span that carries its parent's
 * context, or none), so the SDK traces exactly as it would without agentsight. Having agentsight
 * in the process never switches an SDK's own spans on.
 *
 * It keeps the way to the real tracer, for a client whose own options ask for its spans (the
 * Anthropic provider upgrades such a client when it first sees one of its calls).
 */
import { context, INVALID_SPAN_CONTEXT, trace, type Context, type Span, type SpanOptions, type Tracer } from '@opentelemetry/api';

const REAL = Symbol.for('agentsight.quiet-tracer.real');

type QuietTracer = Tracer & { readonly [REAL]: () => Tracer };

function transparentSpan(options: SpanOptions | undefined, ctx: Context): Span {
  const parent = options?.root ? undefined : trace.getSpanContext(ctx);
  return trace.wrapSpanContext(parent && trace.isSpanContextValid(parent) ? parent : INVALID_SPAN_CONTEXT);
}

/** A tracer that records nothing; `real()` gives the tracer it stands in for. */
export function quietTracer(real: () => Tracer): Tracer {
  const tracer: QuietTracer = {
    [REAL]: real,
    startSpan(_name: string, options?: SpanOptions, ctx: Context = context.active()): Span {
      return transparentSpan(options, ctx);
    },
    startActiveSpan(_name: string, ...rest: unknown[]): unknown {
      // (name, fn), (name, options, fn) or (name, options, context, fn), as the API's no-op tracer takes them.
      const fn = rest[rest.length - 1] as (span: Span) => unknown;
      const options = rest.length >= 2 ? (rest[0] as SpanOptions | undefined) : undefined;
      const ctx = (rest.length >= 3 ? (rest[1] as Context | undefined) : undefined) ?? context.active();
      const span = transparentSpan(options, ctx);
      return context.with(trace.setSpan(ctx, span), fn, undefined, span);
    },
  } as QuietTracer;
  return tracer;
}

/** The real tracer behind a quiet one, or `undefined` when `tracer` is not one of ours. */
export function realTracerOf(tracer: unknown): Tracer | undefined {
  const real = (tracer as Partial<QuietTracer> | null | undefined)?.[REAL];
  return typeof real === 'function' ? real() : undefined;
}
