/**
 * The SDK's own spans (@anthropic-ai/sdk >= 0.134), on real clients with a tracer provider
 * registered: made non-recording for the calls we trace unless the user asked for them, then
 * parented under ours; the SDK's other spans untouched. End to end (one LLM span per call at the
 * OTLP receiver) in the scenario suite.
 */
import { context, ROOT_CONTEXT, trace, type Tracer } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { getLogger } from '../../src/diag';
import type { LlmCall } from '../../instrumentations/base/llm-call';
import { nativeSpansRequested, prepareClient, takePendingCall, withPendingCall } from '../../instrumentations/anthropic/native-spans';

type Client = { _tracer?: Tracer; messages: unknown };
type ClientClass = new (options: Record<string, unknown>) => Client;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK versions installed for the tests
const Anthropic1 = require('anthropic-1').Anthropic as ClientClass;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Anthropic0137 = require('anthropic-0.137').Anthropic as ClientClass;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Anthropic030 = require('anthropic-0.30') as ClientClass;

const log = getLogger('test');
const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
let enabled = true;
const isEnabled = (): boolean => enabled;
/** The names of the spans ended so far (the processor exports asynchronously). */
const finished = async (): Promise<string[]> => {
  await provider.forceFlush();
  return exporter.getFinishedSpans().map((s) => s.name);
};

beforeAll(() => trace.setGlobalTracerProvider(provider));
afterAll(() => trace.disable());
beforeEach(() => {
  exporter.reset();
  enabled = true;
});

describe('whether the user asked for the SDK spans', () => {
  it.each([
    ['the default settings', { traces: { enabled: true, contentMode: 'metadata_only' } }, {}, false],
    ['its own tracer provider', { tracerProvider: provider, traces: { enabled: true } }, {}, true],
    ['content recording', { traces: { enabled: true, contentMode: 'content' } }, {}, true],
    ['ANTHROPIC_OPEN_TELEMETRY=true', { traces: { enabled: true } }, { ANTHROPIC_OPEN_TELEMETRY: 'true' }, true],
    ['ANTHROPIC_OPEN_TELEMETRY=FALSE', { traces: { enabled: true } }, { ANTHROPIC_OPEN_TELEMETRY: 'FALSE' }, false],
    ['an empty ANTHROPIC_OPEN_TELEMETRY', { traces: { enabled: true } }, { ANTHROPIC_OPEN_TELEMETRY: ' ' }, false],
  ])('%s', (_what, settings, env, asked) => {
    expect(nativeSpansRequested(settings, env)).toBe(asked);
  });
});

describe.each([
  ['1.x', Anthropic1],
  ['0.137', Anthropic0137],
])('a %s client', (_version, Anthropic) => {
  it('by default: its call spans are non-recording and propagate nothing; its other spans stay', async () => {
    const client = new Anthropic({ apiKey: 'k' });
    expect(prepareClient(client, isEnabled)).toBe('suppressed');
    const call = client._tracer!.startSpan('anthropic.messages.create');
    expect(call.isRecording()).toBe(false);
    expect(trace.isSpanContextValid(call.spanContext())).toBe(false);
    client._tracer!.startSpan('anthropic.messages.tool_runner').end();
    expect(await finished()).toEqual(['anthropic.messages.tool_runner']);
  });

  it('lets every span through while the instrumentation is disabled', async () => {
    const client = new Anthropic({ apiKey: 'k' });
    prepareClient(client, isEnabled);
    enabled = false;
    client._tracer!.startSpan('anthropic.messages.count_tokens').end();
    expect(await finished()).toEqual(['anthropic.messages.count_tokens']);
  });

  it('puts our tracer in front once, whatever the number of calls', () => {
    const client = new Anthropic({ apiKey: 'k' });
    prepareClient(client, isEnabled);
    const ours = client._tracer;
    expect(prepareClient(client, isEnabled)).toBe('suppressed');
    expect(client._tracer).toBe(ours);
  });

  it("asked for: the helper's span is parented under the call waiting for its create()", async () => {
    const client = new Anthropic({ apiKey: 'k', openTelemetry: { tracerProvider: provider } });
    expect(prepareClient(client, isEnabled)).toBe('nested');
    const parent = provider.getTracer('test').startSpan('chat claude');
    const call = { context: trace.setSpan(ROOT_CONTEXT, parent), stop: jest.fn(), fail: jest.fn() } as unknown as LlmCall;
    const adopted = withPendingCall(
      client,
      call,
      () => {
        // What messages.stream() does: its span first, then create(), which adopts our call.
        context.with(ROOT_CONTEXT, () => client._tracer!.startSpan('anthropic.messages.create').end());
        return takePendingCall(client);
      },
      log,
    );
    expect(adopted).toBe(call);
    expect(takePendingCall(client)).toBeUndefined();
    expect(call.stop).not.toHaveBeenCalled();
    expect(await finished()).toEqual(['anthropic.messages.create']);
    const [native] = exporter.getFinishedSpans();
    expect(native?.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
  });

  it('a waiting call nobody adopted ends: stopped, or failed with what the helper threw', () => {
    const client = new Anthropic({ apiKey: 'k', openTelemetry: { tracerProvider: provider } });
    const call = { context: ROOT_CONTEXT, stop: jest.fn(), fail: jest.fn() } as unknown as LlmCall;
    expect(withPendingCall(client, call, () => 'no create', log)).toBe('no create');
    expect(call.stop).toHaveBeenCalledTimes(1);
    const boom = new Error('boom');
    expect(() =>
      withPendingCall(
        client,
        call,
        () => {
          throw boom;
        },
        log,
      ),
    ).toThrow(boom);
    expect(call.fail).toHaveBeenCalledWith(boom);
  });

  it('has nothing to do for a client made with openTelemetry: false', () => {
    const client = new Anthropic({ apiKey: 'k', openTelemetry: false });
    expect(client._tracer).toBeUndefined();
    expect(prepareClient(client, isEnabled)).toBe('absent');
  });
});

describe('an older client (0.30)', () => {
  it('makes no spans of its own: nothing to do', () => {
    expect(prepareClient(new Anthropic030({ apiKey: 'k' }), isEnabled)).toBe('absent');
  });
});
