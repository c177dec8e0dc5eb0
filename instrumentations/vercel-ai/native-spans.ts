/**
 * The AI SDK's own spans, when the user turns them on, next to ours: their model-call spans would
 * be a second copy of our LLM spans, so they are made transparent (non-recording, carrying their
 * parent's context, so that what starts under them nests under that parent); every other span of
 * theirs (operations, steps, tool calls) is kept, and their settings keep working.
 *
 * - `ai` 5 and 6 make spans when `experimental_telemetry.isEnabled` is true, from its `tracer` or
 *   the global one: the call gets a filtering tracer in front of it. `ai` 5 depends on
 *   `@opentelemetry/api` 1.9.0 exactly, whose copy sees our (1.10) provider as incompatible, so
 *   without a `tracer` of the user's its spans go nowhere and stay so.
 * - `ai` 7 makes spans through telemetry integrations (`@ai-sdk/otel`'s `OpenTelemetry`, per call in
 *   `telemetry.integrations` or registered globally): each integration's `tracer` gets the filter.
 */
import { context, INVALID_SPAN_CONTEXT, SpanKind, trace, type Context, type Span, type SpanOptions, type Tracer } from '@opentelemetry/api';
import { isObject, type Json } from '../../src/json-values';
import { ATTR_GEN_AI_OPERATION_NAME, GEN_AI_OPERATION } from '../../src/semconv';

/** Spans of `ai` 5 and 6 (and `@ai-sdk/otel`'s legacy integration) for one model call. */
const LEGACY_MODEL_CALL = /^ai\.[A-Za-z]+\.do(Generate|Stream|Embed)$/;
/** Operations of `@ai-sdk/otel`'s CLIENT spans that stand for model calls. */
const MODEL_OPERATIONS: ReadonlySet<unknown> = new Set([GEN_AI_OPERATION.CHAT, GEN_AI_OPERATION.EMBEDDINGS]);

/** Whether the SDK's span `name` stands for a model call (ours stands for it already). */
export function isModelCallSpan(name: string, options: SpanOptions | undefined): boolean {
  if (LEGACY_MODEL_CALL.test(name)) return true;
  return options?.kind === SpanKind.CLIENT && MODEL_OPERATIONS.has(options.attributes?.[ATTR_GEN_AI_OPERATION_NAME]);
}

/** A span that records nothing and carries the context of the span it would have nested under. */
function transparentSpan(ctx: Context | undefined): Span {
  return trace.wrapSpanContext(trace.getSpanContext(ctx ?? context.active()) ?? INVALID_SPAN_CONTEXT);
}

const FILTERING = Symbol('agentsight.vercel-ai.filtering-tracer');
type FilteringTracer = Tracer & { [FILTERING]: true };

/** `inner` without its model-call spans while `enabled()`. */
export function filteringTracer(inner: Tracer, enabled: () => boolean): Tracer {
  if ((inner as Partial<FilteringTracer>)[FILTERING]) return inner;
  const suppressed = (name: string, options: SpanOptions | undefined): boolean => enabled() && isModelCallSpan(name, options);
  const tracer: FilteringTracer = {
    [FILTERING]: true,
    startSpan(name: string, options?: SpanOptions, ctx?: Context): Span {
      return suppressed(name, options) ? transparentSpan(ctx) : inner.startSpan(name, options, ctx);
    },
    startActiveSpan(name: string, ...rest: unknown[]): unknown {
      // (name, fn), (name, options, fn) or (name, options, context, fn).
      const fn = rest[rest.length - 1] as (span: Span) => unknown;
      const options = rest.length >= 2 ? (rest[0] as SpanOptions | undefined) : undefined;
      const ctx = rest.length >= 3 ? (rest[1] as Context | undefined) : undefined;
      // The span is not made active: what runs in it stays in the current context.
      if (suppressed(name, options)) return fn(transparentSpan(ctx));
      return (inner.startActiveSpan as (...args: unknown[]) => unknown).call(inner, name, ...rest);
    },
  } as FilteringTracer;
  return tracer;
}

function isTracer(value: unknown): value is Tracer {
  return isObject(value) && typeof value.startSpan === 'function' && typeof value.startActiveSpan === 'function';
}

/**
 * `ai` 5 and 6: `options` with a filtering tracer in its `experimental_telemetry`, when that is
 * enabled and its spans would be recorded (a tracer of the user's, or on `ai` 6 the global one,
 * which is ours). Returns `options` itself when there is nothing to change.
 */
export function withFilteredTelemetry(options: Json, major: number | undefined, enabled: () => boolean): Json {
  const telemetry = options.experimental_telemetry;
  if (!isObject(telemetry) || telemetry.isEnabled !== true) return options;
  const tracer = isTracer(telemetry.tracer) ? telemetry.tracer : major === 6 ? trace.getTracer('ai') : undefined;
  if (!tracer) return options;
  return { ...options, experimental_telemetry: { ...telemetry, tracer: filteringTracer(tracer, enabled) } };
}

/**
 * `ai` 7: puts the filter in front of the tracer of each telemetry integration that has one (the
 * call's own `telemetry.integrations`, else the ones registered with `registerTelemetry`). The
 * integrations are the user's objects; their tracer is replaced once.
 */
export function filterIntegrationTracers(options: Json, enabled: () => boolean): void {
  const telemetry = isObject(options.telemetry) ? options.telemetry : undefined;
  if (telemetry?.isEnabled === false) return;
  const own = telemetry?.integrations;
  const registered = (globalThis as { AI_SDK_TELEMETRY_INTEGRATIONS?: unknown }).AI_SDK_TELEMETRY_INTEGRATIONS;
  const integrations: unknown[] =
    own !== undefined && own !== null ? (Array.isArray(own) ? own : [own]) : Array.isArray(registered) ? registered : [];
  for (const integration of integrations) {
    if (isObject(integration) && isTracer(integration.tracer) && !(integration.tracer as Partial<FilteringTracer>)[FILTERING]) {
      integration.tracer = filteringTracer(integration.tracer, enabled);
    }
  }
}
