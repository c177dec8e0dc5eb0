/**
 * Content capture and budgets on Anthropic calls, in-process with the real SDK (manual path)
 * against the mock: the same opt-out and size cap as every provider, and a stream's running cost
 * counting against an `enforce` budget while it is still streaming.
 */
import { BudgetExceededError, instrumentAnthropic, withSession } from '../../src/index';
import { TRUNCATION_MARKER } from '../../src/content/capped-json';
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_AGENTSIGHT_SPAN_KIND,
} from '../../src/semconv';
import type { SpanRecord } from '../../src/store/format';
import { startInProcess, type InProcess } from '../support/in-process';
import { scenarioHeader, startMockLlmServer, type MockLlmServer } from '../support/mock-llm-server';

type Json = Record<string, unknown>;
interface Client {
  messages: {
    create(body: Json, options?: Json): Promise<AsyncIterable<Json> & Json>;
  };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK version installed for the tests
const sdk = require('anthropic-1') as { Anthropic: new (options: Json) => Client };

const body = {
  model: 'claude-haiku-4-5',
  max_tokens: 32,
  system: 'You are brief, and this system prompt is long enough to be cut at a small cap.',
  messages: [{ role: 'user', content: 'Say hello' }],
};

let mock: MockLlmServer;
let agentsight: InProcess | undefined;
beforeAll(async () => {
  mock = await startMockLlmServer();
});
afterAll(async () => {
  await mock.close();
});
afterEach(async () => {
  await agentsight?.stop();
  agentsight = undefined;
});

function llmSpans(a: InProcess): SpanRecord[] {
  return a
    .sessions()
    .flatMap((s) => s.spans)
    .filter((s) => s.attributes[ATTR_AGENTSIGHT_SPAN_KIND] === 'llm');
}

function start(options: Parameters<typeof startInProcess>[0]): Client {
  agentsight = startInProcess({ sessionName: 'content', ...options });
  instrumentAnthropic(sdk);
  return new sdk.Anthropic({ apiKey: 'sk-ant-content-SECRET', baseURL: mock.url });
}

describe('content capture', () => {
  it('records no prompt, completion or system instructions when turned off; usage stays', async () => {
    const client = start({ captureContent: false });
    await client.messages.create(body);
    for await (const _event of await client.messages.create({ ...body, stream: true })) {
      // read to the end
    }
    await agentsight!.stop();
    const spans = llmSpans(agentsight!);
    expect(spans).toHaveLength(2);
    for (const span of spans) {
      expect(span.attributes[ATTR_GEN_AI_INPUT_MESSAGES]).toBeUndefined();
      expect(span.attributes[ATTR_GEN_AI_OUTPUT_MESSAGES]).toBeUndefined();
      expect(span.attributes[ATTR_GEN_AI_SYSTEM_INSTRUCTIONS]).toBeUndefined();
      expect(span.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toEqual(expect.any(Number));
    }
  });

  it('cuts content at the size cap, with a visible marker', async () => {
    const client = start({ contentMaxChars: 64 });
    await client.messages.create(body);
    await agentsight!.stop();
    const [span] = llmSpans(agentsight!);
    const system = String(span?.attributes[ATTR_GEN_AI_SYSTEM_INSTRUCTIONS]);
    expect(system.length).toBeLessThanOrEqual(64);
    expect(system).toContain(TRUNCATION_MARKER);
  });

  it('never records the API key', async () => {
    const client = start({});
    await client.messages.create(body);
    await agentsight!.stop();
    expect(JSON.stringify(agentsight!.sessions())).not.toContain('SECRET');
  });
});

describe('budgets', () => {
  it("counts a stream's running cost: in enforce mode the next call is refused while it still streams", async () => {
    // logLevel: the budget warning is the expected outcome here.
    const client = start({ sessionBudgetUsd: 0.5, budgetMode: 'enforce', logLevel: 'error' });
    // One million input tokens of claude-haiku-4-5 cost $1: over budget from message_start on.
    const slow = scenarioHeader({ usage: { inputTokens: 1_000_000 }, chunkDelayMs: 100 });
    const requestsBefore = mock.requests.length;
    const outcome = await withSession({ name: 'budget' }, async () => {
      const stream = await client.messages.create({ ...body, stream: true }, { headers: slow });
      const iterator = stream[Symbol.asyncIterator]();
      await iterator.next(); // message_start: usage known, stream still open
      let refused: unknown;
      try {
        await client.messages.create(body);
      } catch (error) {
        refused = error;
      }
      await iterator.return?.();
      return refused;
    });
    expect(outcome).toBeInstanceOf(BudgetExceededError);
    // Refused before sending anything: only the stream's request reached the server.
    expect(mock.requests.length - requestsBefore).toBe(1);
  });
});
