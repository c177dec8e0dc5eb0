/**
 * The SDK's own spans. `@anthropic-ai/sdk` >= 0.134 starts an `anthropic.messages.create` CLIENT
 * span (and `...count_tokens`, `...batches.create`) for each call whenever a tracer provider is
 * registered with the OpenTelemetry API. Our own tracer provider gives the SDK's scope a quiet
 * tracer unless the environment asks for its spans (`native-scope.ts`, `src/quiet-tracer.ts`), so
 * they never switch on because agentsight is loaded, with this provider switched off too. A tracer
 * provider of the application's is theirs: traced by us as well, every call would then make two
 * LLM spans, both counting the same tokens.
 *
 * A client decides once, when it is constructed, whether it traces: it keeps the tracer in its
 * `_tracer` field (`undefined` with `openTelemetry: false` or `ANTHROPIC_OPEN_TELEMETRY=false`),
 * and every place that starts a span checks that field first. The first time we see a client, we
 * put our tracer in front of its own (see {@link prepareClient}):
 * - by default its spans for the calls we trace are non-recording, so the SDK skips them as it
 *   does without a tracer provider; its other spans (tool runner, execute_tool, other endpoints)
 *   go to its tracer as they are (recorded by an application's tracer provider, quiet under ours);
 * - when the user asked for the SDK's spans ({@link nativeSpansRequested}), they are kept and
 *   nest under ours as children; our span stays the one a session's accounting counts.
 *
 * `messages.stream()` starts the SDK's span before it calls `create()`: the stream helper's wrapper
 * starts our call first and leaves it in a per-client slot for the duration of that synchronous
 * call, where our tracer (to parent the SDK's span) and the `create()` wrapper (to adopt the call)
 * find it.
 */
import { INVALID_SPAN_CONTEXT, trace, type Context, type Span, type SpanOptions, type Tracer } from '@opentelemetry/api';
import type { ComponentLogger } from '../../src/diag';
import { realTracerOf } from '../../src/quiet-tracer';
import { openTelemetryFlagSet } from './native-scope';
import { ENDED_BY } from '../../src/semconv';
import type { LlmCall } from '../base/llm-call';

/** What a client does with its own spans for the calls we trace. */
export type NativeSpans =
  /** The client makes none (SDK < 0.134, or turned off by the user). */
  | 'absent'
  /** We make them non-recording (the default). */
  | 'suppressed'
  /** The user asked for them: they nest under ours. */
  | 'nested';

/** The SDK's span names for the calls we trace (beta methods use the same names). */
const CALL_SPAN_NAMES: ReadonlySet<string> = new Set([
  'anthropic.messages.create',
  'anthropic.messages.count_tokens',
  'anthropic.messages.batches.create',
]);

/** The SDK's resolved `openTelemetry` client option (the `client.openTelemetry` getter). */
interface OpenTelemetrySettings {
  tracerProvider?: unknown;
  traces?: { enabled?: unknown; contentMode?: unknown };
}

interface TracingClient {
  _tracer?: Tracer;
  openTelemetry?: OpenTelemetrySettings;
}

/**
 * Whether the user asked for the SDK's own spans. The client keeps only its resolved option, in
 * which an explicit `{ traces: true }` looks like the default, so an explicit request is one of:
 * the client was given its own `tracerProvider`; it records content (`traces.contentMode:
 * 'content'`, from the option or `ANTHROPIC_OPEN_TELEMETRY_TRACES_CONTENT_MODE`); or
 * `ANTHROPIC_OPEN_TELEMETRY` is set to anything but `false`.
 */
export function nativeSpansRequested(settings: OpenTelemetrySettings | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  if (settings?.tracerProvider !== undefined && settings.tracerProvider !== null) return true;
  if (settings?.traces?.contentMode === 'content') return true;
  return openTelemetryFlagSet(env);
}

const modes = new WeakMap<object, NativeSpans>();
/** Our call waiting for the `create()` a stream helper is about to make, per client. */
const pending = new WeakMap<object, { call: LlmCall; taken: boolean }>();
const OURS = Symbol('agentsight.anthropic.tracer');

/**
 * Puts our tracer in front of the client's own, once per client, and says what its spans do.
 * `enabled` is read on every span: a disabled instrumentation lets every span through.
 * Never throws.
 */
export function prepareClient(client: object | undefined, enabled: () => boolean): NativeSpans {
  if (!client) return 'absent';
  let mode = modes.get(client);
  if (mode) return mode;
  mode = install(client as TracingClient, enabled);
  modes.set(client, mode);
  return mode;
}

function install(client: TracingClient, enabled: () => boolean): NativeSpans {
  try {
    const tracer = client._tracer;
    if (!tracer || typeof tracer.startSpan !== 'function') return 'absent';
    const mode = nativeSpansRequested(client.openTelemetry) ? 'nested' : 'suppressed';
    // Our tracer provider gives the SDK's scope a quiet tracer unless the environment asks for
    // its spans; a client whose own options ask for them gets the real one.
    const inner = (mode === 'nested' ? realTracerOf(tracer) : undefined) ?? tracer;
    if (!(tracer as { [OURS]?: true })[OURS]) client._tracer = filteringTracer(client, inner, mode, enabled);
    return mode;
  } catch {
    return 'absent';
  }
}

function filteringTracer(client: object, inner: Tracer, mode: NativeSpans, enabled: () => boolean): Tracer {
  const wrapper: Tracer & { [OURS]: true } = {
    [OURS]: true,
    startSpan(name: string, options?: SpanOptions, ctx?: Context): Span {
      if (!CALL_SPAN_NAMES.has(name) || !enabled()) return inner.startSpan(name, options, ctx);
      // What the no-op tracer gives outside any span: the SDK sees a span that neither records nor
      // carries a trace context, and takes its untraced path (with baggage in the context it still
      // sends the baggage header, as it does without a tracer provider).
      if (mode === 'suppressed') return trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
      const slot = pending.get(client);
      return inner.startSpan(name, options, slot && !slot.taken ? slot.call.context : ctx);
    },
    startActiveSpan: inner.startActiveSpan.bind(inner),
  };
  return wrapper;
}

/**
 * Runs `fn` (a stream helper of `client`) with `call` waiting for the `create()` the helper makes
 * at once. A call the helper did not adopt ends here: failed if `fn` threw, else stopped (an SDK
 * whose helper calls `create()` later would get a span of its own for that).
 */
export function withPendingCall<T>(client: object, call: LlmCall, fn: () => T, log: ComponentLogger): T {
  const slot = { call, taken: false };
  pending.set(client, slot);
  try {
    const result = fn();
    if (!slot.taken) {
      log.once('info', 'helper-not-adopted', 'a Messages stream helper did not call create() at once; its span ends without a result');
      call.stop(ENDED_BY.INTERNAL_ERROR);
    }
    return result;
  } catch (error) {
    if (!slot.taken) call.fail(error);
    throw error;
  } finally {
    if (pending.get(client) === slot) pending.delete(client);
  }
}

/** The call a stream helper of `client` started for the `create()` now running, if any. */
export function takePendingCall(client: object | undefined): LlmCall | undefined {
  const slot = client ? pending.get(client) : undefined;
  if (!slot || slot.taken) return undefined;
  slot.taken = true;
  return slot.call;
}
