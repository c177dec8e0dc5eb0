/**
 * Property-based tests on the wire: the real SDKs (openai 7, @anthropic-ai/sdk 1) read odd replies
 * from the mock (any JSON body, invalid UTF-8, SSE streams of any events in any order, with or
 * without their final event, with an in-band error), once through an uninstrumented copy of the
 * SDK and once through an instrumented one. The caller sees the same value, items or error both
 * times; every span agentsight started ends. Fixed seed; `FUZZ_RUNS` runs more.
 */
import fc from 'fast-check';
import { instrumentAnthropic, instrumentOpenAI, withSession } from '../../src/index';
import { fuzzParameters } from '../support/fuzz';
import { startInProcess, type InProcess } from '../support/in-process';
import { sseBytes, startMockLlmServer, type MockLlmServer } from '../support/mock-llm-server';
import { normalizeObserved } from '../support/scenario-harness';
import { collectStartedSpans, type StartedSpans } from '../support/started-spans';
import { chatChunk, chatCompletion, message, messageEvent, response, responseEvent, text, userValue } from './arbitraries';

type Json = Record<string, unknown>;
type Create = (body: Json, options?: Json) => Promise<unknown>;
interface OpenAIClient {
  chat: { completions: { create: Create } };
  responses: { create: Create };
}
interface AnthropicClient {
  messages: { create: Create; stream(body: Json): { finalMessage(): Promise<unknown> } };
}
type OpenAIModule = { OpenAI: new (options: Json) => OpenAIClient };
type AnthropicModule = { Anthropic: new (options: Json) => AnthropicClient };
/* eslint-disable @typescript-eslint/no-require-imports -- two copies of each SDK: one stays uninstrumented */
const plainOpenAI = require('openai') as OpenAIModule;
const tracedOpenAI = require('openai-7') as OpenAIModule;
const plainAnthropic = require('@anthropic-ai/sdk') as AnthropicModule;
const tracedAnthropic = require('anthropic-1') as AnthropicModule;
/* eslint-enable @typescript-eslint/no-require-imports */

let mock: MockLlmServer;
let agentsight: InProcess;
let started: StartedSpans;
let stderr: jest.SpyInstance;
beforeAll(async () => {
  mock = await startMockLlmServer();
  stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  agentsight = startInProcess({ autoSession: false, exporters: ['none'] });
  instrumentOpenAI(tracedOpenAI);
  instrumentAnthropic(tracedAnthropic);
  started = collectStartedSpans();
});
afterAll(async () => {
  await agentsight.stop();
  await mock.close();
  jest.restoreAllMocks();
});
beforeEach(() => started.clear());
afterEach(() => {
  const failures = stderr.mock.calls.map(([line]) => String(line)).filter((line) => /could not|failed|threw/.test(line));
  expect(failures).toEqual([]);
});

/** A reply's bytes, sometimes with invalid UTF-8 (two bytes no encoder makes) somewhere in them. */
const corruption = fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { freq: 3 });
function corrupt(bytes: Buffer, at: number | null): Buffer {
  if (at === null) return bytes;
  const cut = Math.floor(at * bytes.length);
  return Buffer.concat([bytes.subarray(0, cut), Buffer.from([0xff, 0xc3]), bytes.subarray(cut)]);
}

const json = (value: unknown, at: number | null) => ({
  contentType: 'application/json',
  base64: corrupt(Buffer.from(JSON.stringify(value) ?? 'null'), at).toString('base64'),
});
const sse = (messages: Array<{ event?: string; data: string }>, at: number | null) => ({
  contentType: 'text/event-stream',
  base64: corrupt(sseBytes(messages), at).toString('base64'),
});

/** What a caller saw: the value or the items read, and the error's class and message. */
async function outcome(run: () => Promise<unknown>): Promise<unknown> {
  const items: unknown[] = [];
  try {
    const value = await run();
    if (typeof (value as AsyncIterable<unknown> | null)?.[Symbol.asyncIterator] !== 'function') return { value };
    for await (const item of value as AsyncIterable<unknown>) items.push(item);
    return { items };
  } catch (error) {
    const e = error as { constructor: { name: string }; message?: unknown; status?: unknown };
    return { items, error: e.constructor.name, message: e.message, status: e.status };
  }
}

/** Serves `raw` to an uninstrumented and an instrumented client in turn; both must see the same. */
async function compare<C>(
  raw: { contentType: string; base64: string },
  plain: C,
  traced: C,
  call: (client: C) => Promise<unknown>,
): Promise<void> {
  mock.enqueue({ raw }, { times: 2 });
  const without = await outcome(() => call(plain));
  const withUs = await withSession({ name: 'wire' }, () => outcome(() => call(traced)));
  expect(withUs).toEqual(without);
  expect(started.open()).toEqual([]);
}

const openaiOptions = () => ({ apiKey: 'sk-wire-SECRET', baseURL: mock.openaiBaseURL, maxRetries: 0 });
const anthropicOptions = () => ({ apiKey: 'sk-ant-wire-SECRET', baseURL: mock.url, maxRetries: 0 });
const CHAT = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello' }] };
const MESSAGE = { model: 'claude-haiku-4-5', max_tokens: 32, messages: [{ role: 'user', content: 'Say hello' }] };

/** SSE data lines for OpenAI events, sometimes ending with `[DONE]`, sometimes with an in-band error. */
const openaiEnd = fc.constantFrom<Array<{ data: string }>>(
  [{ data: '[DONE]' }],
  [],
  [{ data: JSON.stringify({ error: { message: 'The server had an error', type: 'server_error', code: null } }) }],
);
/** The `event:` name of an Anthropic event: its type, or any name. */
const eventName = (event: unknown) => (typeof (event as Json | null)?.type === 'string' ? String((event as Json).type) : 'odd');

describe('the SDKs reading odd replies, with and without agentsight', () => {
  let openai: { plain: OpenAIClient; traced: OpenAIClient };
  let anthropic: { plain: AnthropicClient; traced: AnthropicClient };
  beforeAll(() => {
    openai = { plain: new plainOpenAI.OpenAI(openaiOptions()), traced: new tracedOpenAI.OpenAI(openaiOptions()) };
    anthropic = { plain: new plainAnthropic.Anthropic(anthropicOptions()), traced: new tracedAnthropic.Anthropic(anthropicOptions()) };
  });

  it('openai chat: any JSON body, invalid UTF-8', async () => {
    await fc.assert(
      fc.asyncProperty(chatCompletion, corruption, async (body, at) => {
        await compare(json(body, at), openai.plain, openai.traced, (c) => c.chat.completions.create(CHAT));
      }),
      fuzzParameters(100),
    );
  });

  it('openai chat streams: odd chunks in any order, no [DONE], an in-band error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(chatChunk, { maxLength: 12 }), openaiEnd, corruption, async (chunks, end, at) => {
        const messages = [...chunks.map((c) => ({ data: JSON.stringify(c) ?? 'null' })), ...end];
        await compare(sse(messages, at), openai.plain, openai.traced, (c) => c.chat.completions.create({ ...CHAT, stream: true }));
      }),
      fuzzParameters(100),
    );
  });

  it('openai responses: any response object; streams of any events, named or not', async () => {
    await fc.assert(
      fc.asyncProperty(response, corruption, async (body, at) => {
        await compare(json(body, at), openai.plain, openai.traced, (c) => c.responses.create({ model: 'gpt-4o-mini', input: 'Hi' }));
      }),
      fuzzParameters(100),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(responseEvent, { maxLength: 12 }), fc.boolean(), corruption, async (events, named, at) => {
        const messages = events.map((e) => ({ ...(named ? { event: eventName(e) } : {}), data: JSON.stringify(e) ?? 'null' }));
        await compare(sse(messages, at), openai.plain, openai.traced, (c) =>
          c.responses.create({ model: 'gpt-4o-mini', input: 'Hi', stream: true }),
        );
      }),
      fuzzParameters(100),
    );
  });

  it('anthropic messages: any message body, invalid UTF-8', async () => {
    await fc.assert(
      fc.asyncProperty(message, corruption, async (body, at) => {
        await compare(json(body, at), anthropic.plain, anthropic.traced, (c) => c.messages.create(MESSAGE));
      }),
      fuzzParameters(100),
    );
  });

  it('odd user arguments (cycles, BigInt, functions in tool arguments, huge prompts) fail or pass as they would without us', async () => {
    const content = fc.oneof(text, userValue);
    const tools = fc.option(fc.array(fc.record({ name: fc.constant('lookup'), parameters: userValue }), { maxLength: 2 }));
    // Ids and timestamps differ between the two calls (the mock counts requests); the rest must not.
    const sameIds = (value: unknown): unknown => normalizeObserved(JSON.parse(JSON.stringify(value).replace(/mock\d{20}/g, 'mock-id')));
    await fc.assert(
      fc.asyncProperty(content, tools, userValue, fc.boolean(), async (text, toolList, extra, useAnthropic) => {
        const messages = [{ role: 'user', content: text }];
        const call = useAnthropic
          ? (c: AnthropicClient) =>
              c.messages.create({
                ...MESSAGE,
                messages,
                metadata: extra,
                ...(toolList ? { tools: toolList.map((t) => ({ ...t, input_schema: t.parameters })) } : {}),
              })
          : (c: OpenAIClient) =>
              c.chat.completions.create({
                ...CHAT,
                messages,
                metadata: extra,
                ...(toolList ? { tools: toolList.map((t) => ({ type: 'function', function: t })) } : {}),
              });
        const [plain, traced] = useAnthropic ? [anthropic.plain, anthropic.traced] : [openai.plain, openai.traced];
        const run = call as (client: unknown) => Promise<unknown>;
        const without = await outcome(() => run(plain));
        const withUs = await withSession({ name: 'wire' }, () => outcome(() => run(traced)));
        expect(sameIds(withUs)).toEqual(sameIds(without));
        expect(started.open()).toEqual([]);
      }),
      fuzzParameters(100),
    );
  });

  it('anthropic streams: events of any type in any order, no message_stop, an error event; read raw and by the stream() helper', async () => {
    const events = fc.array(messageEvent, { maxLength: 12 });
    const error = fc.option(fc.constant({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }), { freq: 4 });
    await fc.assert(
      fc.asyncProperty(events, error, corruption, fc.boolean(), async (list, failure, at, helper) => {
        const messages = [...list, ...(failure ? [failure] : [])].map((e) => ({ event: eventName(e), data: JSON.stringify(e) ?? 'null' }));
        await compare(sse(messages, at), anthropic.plain, anthropic.traced, (c) =>
          helper ? c.messages.stream(MESSAGE).finalMessage() : c.messages.create({ ...MESSAGE, stream: true }),
        );
      }),
      fuzzParameters(100),
    );
  });
});
