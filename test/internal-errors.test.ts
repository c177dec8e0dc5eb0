/**
 * When agentsight's own code fails while following an SDK call, the caller gets exactly what the
 * SDK returned, the failure is logged once, and a span already started ends with
 * `agentsight.ended_by=agentsight_error`: never `caller_stopped`, which would blame the caller.
 *
 * The second part injects faults into the recorder, the attribute mapping, the cost code and an
 * exporter while real SDK calls run, and checks that none of them reaches the caller.
 */
import { ExportResultCode } from '@opentelemetry/core';
import { LlmCall, type LlmRequest } from '../instrumentations/base/llm-call';
import { tracedCall, type CallPlan } from '../instrumentations/base/traced-call';
import { currentClient, type Client } from '../src/client';
import { forgetReported, getLogger } from '../src/diag';
import { instrumentAnthropic, instrumentOpenAI, traceTool, withAgent, withSession, withTool } from '../src/index';
import { currentRuntime, type Runtime } from '../src/runtime';
import { ATTR_AGENTSIGHT_ENDED_BY, ATTR_AGENTSIGHT_SPAN_KIND, ENDED_BY, SPAN_KIND } from '../src/semconv';
import type { SpanRecord } from '../src/store/format';
import { SessionSpanProcessor } from '../src/telemetry/processors/session-span-processor';
import { startInProcess, type InProcess } from './support/in-process';
import { scenarioHeader, startMockLlmServer } from './support/mock-llm-server';
import { collectStartedSpans, type StartedSpans } from './support/started-spans';
import { normalizeObserved } from './support/scenario-harness';

const request: LlmRequest = { provider: 'openai', operation: 'chat', model: 'gpt-test', attributes: {} };
const answer = { id: 'resp-1', choices: [] };
const log = getLogger('test-sdk');

/** An SDK method: returns a promise of `answer`, and counts its calls. */
function sdkMethod(): { method: (...args: unknown[]) => unknown; calls: unknown[][] } {
  const calls: unknown[][] = [];
  return {
    calls,
    method: (...args: unknown[]) => {
      calls.push(args);
      return Promise.resolve(answer);
    },
  };
}

const failing = (what: string) => () => {
  throw new Error(`${what} failed (injected)`);
};

describe('our own failures while tracing an SDK call', () => {
  let agentsight: InProcess;
  let stderr: jest.SpyInstance;
  beforeEach(() => {
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    agentsight = startInProcess({ autoSession: false });
  });
  afterEach(() => stderr.mockRestore());

  const llmSpans = (): SpanRecord[] =>
    agentsight.sessions().flatMap((s) => s.spans.filter((span) => span.attributes[ATTR_AGENTSIGHT_SPAN_KIND] === SPAN_KIND.LLM));
  const warnings = (): string[] => stderr.mock.calls.map((c) => String(c[0])).filter((line) => line.includes(' warn: '));

  it('a plan whose result mapping throws: the caller gets the SDK result, the span says agentsight_error', async () => {
    const sdk = sdkMethod();
    const plan: CallPlan = { request, response: failing('mapping the response') };
    const results: unknown[] = [];
    await withSession({ name: 'mapping' }, async () => {
      for (let i = 0; i < 2; i++) {
        const returned = tracedCall(sdk.method, undefined, ['body'], () => plan, log);
        results.push(await (returned as Promise<unknown>));
      }
    });
    await agentsight.stop();

    expect(results).toEqual([answer, answer]);
    expect(results[0]).toBe(answer);
    expect(sdk.calls).toEqual([['body'], ['body']]);
    const spans = llmSpans();
    expect(spans.map((s) => s.attributes[ATTR_AGENTSIGHT_ENDED_BY])).toEqual([ENDED_BY.INTERNAL_ERROR, ENDED_BY.INTERNAL_ERROR]);
    expect(ENDED_BY.INTERNAL_ERROR).toBe('agentsight_error');
    expect(spans.every((s) => s.status.code !== 'ERROR')).toBe(true);
    // Logged once, however often it happens.
    expect(warnings().filter((line) => line.includes("could not map an SDK call's result"))).toHaveLength(1);
  });

  it('a plan maker that throws: the call goes on untraced, and a call a helper already started ends as agentsight_error', async () => {
    const sdk = sdkMethod();
    let untraced: unknown;
    let adoptedResult: unknown;
    let returned: unknown;
    await withSession({ name: 'plan' }, async () => {
      untraced = await (tracedCall(sdk.method, undefined, ['a'], failing('making the plan'), log) as Promise<unknown>);
      const adopted = LlmCall.start(request);
      returned = tracedCall(sdk.method, undefined, ['b'], failing('making the plan'), log, adopted);
      adoptedResult = await (returned as Promise<unknown>);
    });
    await agentsight.stop();

    expect(untraced).toBe(answer);
    expect(adoptedResult).toBe(answer);
    expect(sdk.calls).toEqual([['a'], ['b']]);
    const spans = llmSpans();
    expect(spans).toHaveLength(1);
    expect(spans[0]!.attributes[ATTR_AGENTSIGHT_ENDED_BY]).toBe(ENDED_BY.INTERNAL_ERROR);
    expect(warnings().filter((line) => line.includes('could not map an SDK call; it goes on untraced'))).toHaveLength(1);
  });

  it('a result we cannot observe: the caller gets the very object the SDK returned, the span says agentsight_error', async () => {
    const odd = {
      get parseResponse(): never {
        throw new Error('reading the result failed (injected)');
      },
    };
    let returned: unknown;
    await withSession({ name: 'observe' }, async () => {
      returned = tracedCall(
        () => odd,
        undefined,
        [],
        () => ({ request, response: () => ({}) }),
        log,
      );
    });
    await agentsight.stop();

    expect(returned).toBe(odd);
    expect(llmSpans().map((s) => s.attributes[ATTR_AGENTSIGHT_ENDED_BY])).toEqual([ENDED_BY.INTERNAL_ERROR]);
  });
});

// ---------------------------------------------------------------------------------------------
// Faults injected along real SDK calls (openai 7 and @anthropic-ai/sdk 1, manual path, against the
// mock): the caller gets what it gets without agentsight, every span started ends, and each
// failure of ours is logged once however often it happens.
// ---------------------------------------------------------------------------------------------

/** The faults switched on for the run in progress (read by the mapping modules' stand-ins below). */
const mockFaults = new Set<string>();
function mockFaulty<F extends (...args: never[]) => unknown>(name: string, real: F): F {
  return ((...args: never[]) => {
    if (mockFaults.has(name)) throw new Error(`${name} (injected)`);
    return real(...args);
  }) as F;
}
/** A stream mapper that fails on every chunk and when asked for its result. */
function mockFaultyMapper<F extends (...args: never[]) => unknown>(name: string, real: F): F {
  return ((...args: never[]) => {
    if (!mockFaults.has(name)) return real(...args);
    const fail = (): never => {
      throw new Error(`${name} (injected)`);
    };
    return { onChunk: fail, result: fail, failure: fail };
  }) as F;
}

jest.mock('../instrumentations/openai/chat-mapping', () => {
  const actual = jest.requireActual('../instrumentations/openai/chat-mapping');
  return {
    ...actual,
    chatResponse: mockFaulty('openai response mapping', actual.chatResponse),
    chatStreamMapper: mockFaultyMapper('openai stream mapping', actual.chatStreamMapper),
    chatInputMessages: mockFaulty('prompt mapping', actual.chatInputMessages),
  };
});
jest.mock('../instrumentations/anthropic/messages-mapping', () => {
  const actual = jest.requireActual('../instrumentations/anthropic/messages-mapping');
  return { ...actual, messageResponse: mockFaulty('anthropic response mapping', actual.messageResponse) };
});
jest.mock('../instrumentations/anthropic/stream-mapping', () => {
  const actual = jest.requireActual('../instrumentations/anthropic/stream-mapping');
  return { ...actual, messagesStreamMapper: mockFaultyMapper('anthropic stream mapping', actual.messagesStreamMapper) };
});
jest.mock('../instrumentations/anthropic/content-blocks', () => {
  const actual = jest.requireActual('../instrumentations/anthropic/content-blocks');
  return { ...actual, inputMessages: mockFaulty('prompt mapping', actual.inputMessages) };
});

type Json = Record<string, unknown>;
interface OpenAIClient {
  chat: { completions: { create(body: Json, options?: Json): Promise<unknown> & { withResponse(): Promise<Json> } } };
}
interface AnthropicClient {
  messages: {
    create(body: Json, options?: Json): Promise<unknown>;
    stream(body: Json): { finalMessage(): Promise<unknown> };
  };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK versions installed for the tests
const openaiSdk = require('openai-7') as { OpenAI: new (options: Json) => OpenAIClient };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const anthropicSdk = require('anthropic-1') as { Anthropic: new (options: Json) => AnthropicClient };

const CHAT = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello' }] };
const MESSAGE = { model: 'claude-haiku-4-5', max_tokens: 32, messages: [{ role: 'user', content: 'Say hello' }] };

/** What a caller saw of a call: its value, or its error's class, status and message. */
async function outcome(run: () => Promise<unknown>): Promise<unknown> {
  try {
    return { value: await run() };
  } catch (error) {
    const e = error as { constructor: { name: string }; status?: unknown; message?: unknown };
    return { error: e.constructor.name, status: e.status, message: e.message };
  }
}

async function collect(stream: unknown): Promise<unknown[]> {
  const items: unknown[] = [];
  for await (const item of stream as AsyncIterable<unknown>) items.push(item);
  return items;
}

/** The calls of a small agent run: JSON, stream, helpers and failures of both SDKs, tools and agents. */
async function workload(): Promise<unknown> {
  const mock = await startMockLlmServer();
  try {
    const openai = new openaiSdk.OpenAI({ apiKey: 'sk-faults-SECRET', baseURL: mock.openaiBaseURL, maxRetries: 0 });
    const anthropic = new anthropicSdk.Anthropic({ apiKey: 'sk-ant-faults-SECRET', baseURL: mock.url, maxRetries: 0 });
    const lookup = traceTool('lookup', async (city: string) => ({ city, temperature: 21 }));
    return await withSession({ name: 'faults' }, () =>
      withAgent('planner', async () => ({
        chat: await outcome(() => openai.chat.completions.create(CHAT)),
        chatStream: await outcome(async () => collect(await openai.chat.completions.create({ ...CHAT, stream: true }))),
        withResponse: await outcome(async () => {
          const { data, request_id } = await openai.chat.completions.create(CHAT).withResponse();
          return { data, request_id };
        }),
        chatError: await outcome(() => openai.chat.completions.create(CHAT, { headers: scenarioHeader({ status: 500 }) })),
        message: await outcome(() => anthropic.messages.create(MESSAGE)),
        messageStream: await outcome(async () => collect(await anthropic.messages.create({ ...MESSAGE, stream: true }))),
        streamHelper: await outcome(() => anthropic.messages.stream(MESSAGE).finalMessage()),
        tool: await outcome(() => lookup('Paris')),
        syncTool: await outcome(async () => withTool('sync', () => 42)),
        generator: await outcome(async () =>
          collect(
            withAgent('generator', async function* () {
              yield 1;
              yield 2;
            }),
          ),
        ),
        failingTool: await outcome(() =>
          withTool('fails', async () => {
            throw new TypeError('the tool failed');
          }),
        ),
      })),
    );
  } finally {
    await mock.close();
  }
}

/** A fault, injected into a running agentsight. */
interface Fault {
  /** Where it is: the recorder, the attribute mapping, the cost code, an exporter. */
  name: string;
  inject(client: Client, runtime: Runtime): void;
  /** Whether agentsight itself reports it (the OpenTelemetry SDK swallows some on its own). */
  logged?: false;
}

const injected = (what: string) => (): never => {
  throw new Error(`${what} (injected)`);
};
const mapping = (name: string): Fault => ({ name, inject: () => mockFaults.add(name) });

const FAULTS: Fault[] = [
  { name: 'recorder: starting a span', inject: () => mockFaults.add('span:start') },
  { name: 'recorder: setting attributes', inject: () => mockFaults.add('span:attributes') },
  { name: 'recorder: ending a span', inject: () => mockFaults.add('span:end') },
  {
    name: 'recorder: a span processor at start',
    inject: () => void jest.spyOn(SessionSpanProcessor.prototype, 'onStart').mockImplementation(injected('onStart')),
  },
  {
    name: 'recorder: a span processor at end',
    inject: () => void jest.spyOn(SessionSpanProcessor.prototype, 'onEnd').mockImplementation(injected('onEnd')),
  },
  {
    name: 'recorder: finding the session',
    inject: (_c, r) => void jest.spyOn(r.sessions, 'workContext').mockImplementation(injected('workContext')),
  },
  {
    name: 'recorder: checking the budget',
    inject: (_c, r) => void jest.spyOn(r.sessions, 'budgetRefusal').mockImplementation(injected('budgetRefusal')),
  },
  {
    name: 'recorder: metrics',
    inject: (_c, r) => void jest.spyOn(r.metrics, 'recordCall').mockImplementation(injected('metrics')),
  },
  { name: 'cost: pricing a call', inject: (_c, r) => void jest.spyOn(r.pricing, 'price').mockImplementation(injected('price')) },
  mapping('openai response mapping'),
  mapping('openai stream mapping'),
  mapping('anthropic response mapping'),
  mapping('anthropic stream mapping'),
  mapping('prompt mapping'),
  {
    name: 'exporter: export throws',
    inject: (c) => void jest.spyOn(c.telemetry!.localStore!, 'export').mockImplementation(injected('export')),
  },
  {
    name: 'exporter: export fails',
    inject: (c) =>
      void jest
        .spyOn(c.telemetry!.localStore!, 'export')
        .mockImplementation((_spans, done) => done({ code: ExportResultCode.FAILED, error: new Error('disk full (injected)') })),
  },
  {
    name: 'exporter: the store at session start and end',
    inject: (c) => {
      jest.spyOn(c.telemetry!.localStore!, 'onSessionStart').mockImplementation(injected('onSessionStart'));
      jest.spyOn(c.telemetry!.localStore!, 'onSessionEnd').mockImplementation(injected('onSessionEnd'));
    },
  },
];

describe('faults injected along real SDK calls', () => {
  let baseline: unknown;
  let stderr: jest.SpyInstance;
  let agentsight: InProcess | undefined;
  beforeAll(async () => {
    // Without agentsight: what the caller gets.
    baseline = normalizeObserved(await workload());
  });
  beforeEach(() => {
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    // Each fault must be reported by its own test, even if an earlier one met the same problem.
    forgetReported();
  });
  afterEach(async () => {
    mockFaults.clear();
    jest.restoreAllMocks();
    await agentsight?.stop();
    agentsight = undefined;
  });

  /** Starts agentsight with the SDKs instrumented; the spans its tracer starts are collected (and broken, as asked). */
  function start(): { client: Client; runtime: Runtime; started: StartedSpans } {
    agentsight = startInProcess({ autoSession: false });
    instrumentOpenAI(openaiSdk);
    instrumentAnthropic(anthropicSdk);
    const started = collectStartedSpans({
      beforeStart: () => {
        if (mockFaults.has('span:start')) throw new Error('starting a span (injected)');
      },
      change: (span) => {
        if (mockFaults.has('span:attributes')) {
          span.setAttribute = injected('setAttribute');
          span.setAttributes = injected('setAttributes');
        }
        if (mockFaults.has('span:end')) {
          const end = span.end.bind(span);
          span.end = (time) => {
            end(time);
            throw new Error('ending a span (injected)');
          };
        }
        return span;
      },
    });
    return { client: currentClient()!, runtime: currentRuntime()!, started };
  }

  it('the run without faults is the baseline: agentsight changes nothing and says nothing', async () => {
    const { started } = start();
    expect(normalizeObserved(await workload())).toEqual(baseline);
    expect(started.spans.length).toBeGreaterThan(10);
    expect(started.open()).toEqual([]);
    expect(stderr.mock.calls.filter(([line]) => String(line).startsWith('agentsight/'))).toEqual([]);
  });

  it.each(FAULTS.map((fault) => [fault.name, fault] as const))('%s', async (_name, fault) => {
    const { client, runtime, started } = start();
    fault.inject(client, runtime);
    const observed = normalizeObserved(await workload());
    // Every span that started has ended (before shutdown, which would end what is left).
    expect(started.open()).toEqual([]);
    await agentsight!.stop();
    // The caller's calls returned (or failed) exactly as without agentsight.
    expect(observed).toEqual(baseline);
    // Each failure of ours is logged once, however many calls met it.
    const lines = stderr.mock.calls.map(([line]) => String(line)).filter((line) => line.startsWith('agentsight/'));
    expect(lines.length).toBe(new Set(lines).size);
    if (fault.logged !== false) expect(lines.length).toBeGreaterThan(0);
  });
});
