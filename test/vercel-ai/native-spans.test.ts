/**
 * The AI SDK's own spans next to ours: its model-call spans become transparent (they record
 * nothing, and what starts under them nests under their parent), every other span of theirs goes
 * through; the user's telemetry settings keep everything else they say.
 */
import { ROOT_CONTEXT, SpanKind, trace, type Span, type SpanOptions, type Tracer } from '@opentelemetry/api';
import {
  filterIntegrationTracers,
  filteringTracer,
  isModelCallSpan,
  withFilteredTelemetry,
} from '../../instrumentations/vercel-ai/native-spans';

/** A tracer that notes the spans it is asked for and hands out non-recording spans with a fresh context. */
function notingTracer(): Tracer & { started: string[] } {
  const started: string[] = [];
  const span = (name: string): Span => {
    started.push(name);
    return trace.wrapSpanContext({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 });
  };
  return {
    started,
    startSpan: (name: string) => span(name),
    startActiveSpan: ((name: string, ...rest: unknown[]) =>
      (rest[rest.length - 1] as (s: Span) => unknown)(span(name))) as Tracer['startActiveSpan'],
  };
}

const parent = trace.setSpanContext(ROOT_CONTEXT, { traceId: '1'.repeat(32), spanId: '2'.repeat(16), traceFlags: 1 });

describe('which spans of the SDK stand for a model call', () => {
  it.each([
    ['ai.generateText.doGenerate', undefined, true],
    ['ai.streamText.doStream', undefined, true],
    ['ai.embedMany.doEmbed', undefined, true],
    ['ai.generateText', undefined, false],
    ['ai.toolCall', undefined, false],
    ['chat gpt-4o', { kind: SpanKind.CLIENT, attributes: { 'gen_ai.operation.name': 'chat' } }, true],
    ['embeddings text-embedding-3-small', { kind: SpanKind.CLIENT, attributes: { 'gen_ai.operation.name': 'embeddings' } }, true],
    ['invoke_agent gpt-4o', { kind: SpanKind.CLIENT, attributes: { 'gen_ai.operation.name': 'invoke_agent' } }, false],
    ['step 1', { kind: SpanKind.INTERNAL, attributes: { 'gen_ai.operation.name': 'agent_step' } }, false],
    ['execute_tool get_weather', { kind: SpanKind.INTERNAL, attributes: { 'gen_ai.operation.name': 'execute_tool' } }, false],
  ] as Array<[string, SpanOptions | undefined, boolean]>)('%s: %s', (name, options, expected) => {
    expect(isModelCallSpan(name, options)).toBe(expected);
  });
});

describe('the filtering tracer', () => {
  it("hands out a transparent span for a model call: its parent's context, recording nothing", () => {
    const inner = notingTracer();
    const tracer = filteringTracer(inner, () => true);
    const span = tracer.startSpan('chat gpt-4o', { kind: SpanKind.CLIENT, attributes: { 'gen_ai.operation.name': 'chat' } }, parent);
    expect(span.isRecording()).toBe(false);
    expect(span.spanContext().spanId).toBe('2'.repeat(16));
    const active = tracer.startActiveSpan('ai.generateText.doGenerate', { attributes: {} }, parent, (s: Span) => s.spanContext().spanId);
    expect(active).toBe('2'.repeat(16));
    // Outside any span, the span it hands out carries no trace at all.
    expect(tracer.startSpan('ai.generateText.doGenerate', {}, ROOT_CONTEXT).spanContext().traceId).toBe('0'.repeat(32));
    expect(inner.started).toEqual([]);
  });

  it("passes every other span on, with each of startActiveSpan's forms", () => {
    const inner = notingTracer();
    const tracer = filteringTracer(inner, () => true);
    tracer.startSpan('ai.generateText', {}, parent);
    tracer.startActiveSpan('ai.toolCall', (s: Span) => s);
    tracer.startActiveSpan('ai.streamText', {}, (s: Span) => s);
    tracer.startActiveSpan('ai.embed', {}, parent, (s: Span) => s);
    expect(inner.started).toEqual(['ai.generateText', 'ai.toolCall', 'ai.streamText', 'ai.embed']);
  });

  it('lets everything through while the instrumentation is disabled, and is put in front of a tracer once', () => {
    const inner = notingTracer();
    let enabled = false;
    const tracer = filteringTracer(inner, () => enabled);
    tracer.startSpan('ai.generateText.doGenerate');
    enabled = true;
    tracer.startSpan('ai.generateText.doGenerate');
    expect(inner.started).toEqual(['ai.generateText.doGenerate']);
    expect(filteringTracer(tracer, () => true)).toBe(tracer);
  });
});

describe("the user's telemetry settings", () => {
  it('ai 5 and 6: keeps every setting, with the filter in front of the tracer it would use', () => {
    const tracer = notingTracer();
    const options = {
      prompt: 'Hi',
      experimental_telemetry: { isEnabled: true, functionId: 'f', metadata: { user: 'u' }, recordInputs: false, tracer },
    };
    const traced = withFilteredTelemetry(options, 5, () => true) as typeof options;
    expect(traced).not.toBe(options);
    expect(options.experimental_telemetry.tracer).toBe(tracer);
    const { tracer: filtered, ...rest } = traced.experimental_telemetry;
    expect(rest).toEqual({ isEnabled: true, functionId: 'f', metadata: { user: 'u' }, recordInputs: false });
    filtered.startSpan('ai.generateText.doGenerate');
    filtered.startSpan('ai.generateText');
    expect(tracer.started).toEqual(['ai.generateText']);
  });

  it("ai 6 without a tracer of the user's: the filter is in front of the global one; ai 5's own copy of the API sees none", () => {
    const options = { experimental_telemetry: { isEnabled: true } };
    expect((withFilteredTelemetry(options, 6, () => true).experimental_telemetry as { tracer?: unknown }).tracer).toBeDefined();
    expect(withFilteredTelemetry(options, 5, () => true)).toBe(options);
  });

  it('changes nothing when the telemetry is off', () => {
    const options = { experimental_telemetry: { isEnabled: false, tracer: notingTracer() } };
    expect(withFilteredTelemetry(options, 6, () => true)).toBe(options);
    expect(withFilteredTelemetry({}, 6, () => true)).toEqual({});
  });

  it("ai 7: puts the filter in front of the tracer of the call's integrations, else of the registered ones", () => {
    const own = { tracer: notingTracer() };
    const registered = { tracer: notingTracer(), onStart: () => undefined };
    const holder = globalThis as { AI_SDK_TELEMETRY_INTEGRATIONS?: unknown[] };
    holder.AI_SDK_TELEMETRY_INTEGRATIONS = [registered];
    try {
      const ownTracer = own.tracer;
      filterIntegrationTracers({ telemetry: { integrations: [own] } }, () => true);
      expect(own.tracer).not.toBe(ownTracer);
      expect(registered.tracer.started).toBeDefined();
      filterIntegrationTracers({}, () => true);
      (registered.tracer as Tracer).startSpan('chat gpt-4o', { kind: SpanKind.CLIENT, attributes: { 'gen_ai.operation.name': 'chat' } });
      (own.tracer as Tracer).startSpan('invoke_agent gpt-4o');
      expect(ownTracer.started).toEqual(['invoke_agent gpt-4o']);
    } finally {
      delete holder.AI_SDK_TELEMETRY_INTEGRATIONS;
    }
  });
});
