/**
 * Usage on chat streams (`openaiStreamUsage`, env `AGENTSIGHT_OPENAI_STREAM_USAGE`): where we ask
 * for it, the caller still sees exactly the chunks it would have seen without us (no usage chunk,
 * no `usage: null` field) while the span gets the exact token counts; where we do not, the request
 * goes out as the caller wrote it. The scenario suite runs every chat stream with `always`.
 */
import type { StreamUsageMode } from '../../src/index';
import { instrumentOpenAI } from '../../src/index';
import type { SpanRecord } from '../../src/store/format';
import { startMockLlmServer, type MockLlmServer } from '../support/mock-llm-server';
import { startInProcess } from '../support/in-process';
import { normalizeObserved } from '../support/scenario-harness';
import { loadSdk, type OpenAIClient } from './support/sdk-alias';
import { MAJORS, type Major } from './scenario-table';
import {
  ATTR_AGENTSIGHT_ENDED_BY,
  ATTR_AGENTSIGHT_SPAN_KIND,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_SERVER_ADDRESS,
  ENDED_BY,
  SPAN_KIND,
} from '../../src/semconv';

let mock: MockLlmServer;
beforeAll(async () => {
  mock = await startMockLlmServer();
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

/** A client that believes it talks to `baseURL` while its requests go to the mock. */
function clientFor(major: Major, baseURL: string): OpenAIClient {
  const fetchToMock = (url: string | URL, init?: RequestInit): Promise<Response> =>
    fetch(`${mock.url}/v1${new URL(String(url)).pathname.replace(/^\/v1/, '')}`, init);
  return new (loadSdk(major).module.OpenAI)({ apiKey: 'sk-test', baseURL, fetch: fetchToMock, maxRetries: 0 });
}

/** The mock's ids count on across requests; two runs of one request differ only there. */
const withoutIds = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(normalizeObserved(value)).replace(/chatcmpl-mock\d+/g, 'chatcmpl-mock'));

async function chunksOf(client: OpenAIClient, body: Record<string, unknown> = {}): Promise<unknown[]> {
  const stream = (await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Say hello' }],
    stream: true,
    ...body,
  })) as AsyncIterable<unknown>;
  const chunks: unknown[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return withoutIds(chunks) as unknown[];
}

/** Runs `work` instrumented with `mode`; returns what it returned and the LLM spans. */
async function traced<T>(major: Major, mode: StreamUsageMode, work: () => Promise<T>): Promise<{ value: T; spans: SpanRecord[] }> {
  const agentsight = startInProcess({ openaiStreamUsage: mode });
  instrumentOpenAI(loadSdk(major).module);
  let value: T;
  try {
    value = await work();
  } finally {
    await agentsight.stop();
  }
  const spans = agentsight
    .sessions()
    .flatMap((s) => s.spans)
    .filter((s) => s.attributes[ATTR_AGENTSIGHT_SPAN_KIND] === SPAN_KIND.LLM);
  return { value, spans };
}

const sentStreamOptions = (): unknown[] =>
  mock.requestsTo('/v1/chat/completions').map((r) => (r.body as { stream_options?: unknown }).stream_options);

describe.each(MAJORS.map((m) => [m]))('openai %i', (major: Major) => {
  it('auto on api.openai.com: asks for usage, hides it from the caller, records it on the span', async () => {
    const client = clientFor(major, 'https://api.openai.com/v1');
    const without = await chunksOf(client);
    mock.reset();
    const { value: seen, spans } = await traced(major, 'auto', () => chunksOf(client));
    expect(sentStreamOptions()).toEqual([{ include_usage: true }]);
    expect(seen).toEqual(without);
    expect(JSON.stringify(seen)).not.toContain('usage');
    expect(spans[0]?.attributes).toMatchObject({
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 2,
      [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 6,
      [ATTR_SERVER_ADDRESS]: 'api.openai.com',
    });
  });

  it('auto on another host (127.0.0.1): sends the request as written, the span has no usage', async () => {
    const client = new (loadSdk(major).module.OpenAI)({ apiKey: 'sk-test', baseURL: mock.openaiBaseURL });
    const { spans } = await traced(major, 'auto', () => chunksOf(client));
    expect(sentStreamOptions()).toEqual([undefined]);
    expect(spans[0]?.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBeUndefined();
    expect(spans[0]?.attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS]).toEqual(['stop']);
  });

  it('never: sends the request as written, even to api.openai.com', async () => {
    await traced(major, 'never', () => chunksOf(clientFor(major, 'https://api.openai.com/v1')));
    expect(sentStreamOptions()).toEqual([undefined]);
  });

  it("always: keeps the caller's own choice, and leaves the caller's body object untouched", async () => {
    const client = new (loadSdk(major).module.OpenAI)({ apiKey: 'sk-test', baseURL: mock.openaiBaseURL });
    const declined = { stream_options: { include_usage: false } };
    const plain: Record<string, unknown> = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], stream: true };
    const before = JSON.stringify(plain);
    await traced(major, 'always', async () => {
      await chunksOf(client, declined);
      for await (const _ of (await client.chat.completions.create(plain)) as AsyncIterable<unknown>);
    });
    expect(sentStreamOptions()).toEqual([{ include_usage: false }, { include_usage: true }]);
    expect(JSON.stringify(plain)).toBe(before);
  });

  it('a caller reading the raw body with asResponse() gets the body it asked for', async () => {
    const client = clientFor(major, 'https://api.openai.com/v1');
    const raw = () =>
      client.chat.completions
        .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], stream: true })
        .asResponse()
        .then((r) => r.text());
    const without = withoutIds(await raw());
    mock.reset();
    const { value, spans } = await traced(major, 'auto', raw);
    expect(sentStreamOptions()).toEqual([undefined]);
    expect(withoutIds(value)).toEqual(without);
    expect(spans[0]?.attributes[ATTR_AGENTSIGHT_ENDED_BY]).toBe(ENDED_BY.RAW_RESPONSE);
  });
});
