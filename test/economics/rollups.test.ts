/**
 * Roll-ups: the session span, the store's session summary and every agent span carry the exact
 * totals of what ran inside them, per model too, summed in whole pico-dollars.
 */
import OpenAI from 'openai-7';
import { instrumentOpenAI, withAgent, withSession } from '../../src/index';
import { picoToUsd, usdToPico } from '../../src/accounting/money';
import { RollupAccumulator } from '../../src/accounting/rollup';
import type { SpanRecord } from '../../src/store/format';
import { startInProcess, type InProcess } from '../support/in-process';
import { scenarioHeader, startMockLlmServer, type MockLlmServer } from '../support/mock-llm-server';
import {
  ATTR_AGENTSIGHT_COST_CACHE_READ_USD,
  ATTR_AGENTSIGHT_COST_INPUT_USD,
  ATTR_AGENTSIGHT_COST_OUTPUT_USD,
  ATTR_AGENTSIGHT_COST_USD,
  ATTR_AGENTSIGHT_LLM_CALLS,
  ATTR_AGENTSIGHT_SPAN_KIND,
  ATTR_AGENTSIGHT_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  SPAN_KIND,
} from '../../src/semconv';

describe('roll-ups', () => {
  let mock: MockLlmServer;
  let agentsight: InProcess;
  beforeAll(async () => {
    mock = await startMockLlmServer();
  });
  afterAll(() => mock.close());
  beforeEach(() => {
    agentsight = startInProcess({ autoSession: false });
    instrumentOpenAI(OpenAI);
  });
  afterEach(() => agentsight.stop());

  it('sums tokens and cost into agents (nested) and the session, in total and per model', async () => {
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: mock.openaiBaseURL });
    const ask = (model: string, usage: { inputTokens: number; outputTokens: number; cachedTokens?: number }) =>
      client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] }, { headers: scenarioHeader({ usage }) });
    await withSession({ name: 'budgeted' }, async () => {
      await withAgent('outer', async () => {
        await ask('gpt-4o', { inputTokens: 1000, outputTokens: 200, cachedTokens: 400 });
        await withAgent('inner', async () => {
          await ask('gpt-4o-mini', { inputTokens: 5000, outputTokens: 1000 });
          await ask('gpt-4o-mini', { inputTokens: 3000, outputTokens: 500 });
        });
      });
      await ask('gpt-4o', { inputTokens: 10, outputTokens: 10 });
    });
    await agentsight.stop();
    const [session] = agentsight.sessions();
    const spans = session!.spans;
    const llm = spans.filter((s) => s.attributes[ATTR_AGENTSIGHT_SPAN_KIND] === SPAN_KIND.LLM);
    expect(llm).toHaveLength(4);
    const pico = (list: SpanRecord[]) => list.reduce((n, s) => n + usdToPico(Number(s.attributes[ATTR_AGENTSIGHT_COST_USD])), 0n);
    const descendantsOf = (name: string): SpanRecord[] => {
      const root = spans.find((s) => s.name === name)!;
      const ids = new Set([root.spanId]);
      let grew = true;
      while (grew) {
        grew = false;
        for (const s of spans) {
          if (s.parentSpanId && ids.has(s.parentSpanId) && !ids.has(s.spanId)) {
            ids.add(s.spanId);
            grew = true;
          }
        }
      }
      return llm.filter((s) => ids.has(s.spanId));
    };
    for (const [agent, calls] of [
      ['invoke_agent outer', 3],
      ['invoke_agent inner', 2],
    ] as const) {
      const inside = descendantsOf(agent);
      expect(inside).toHaveLength(calls);
      const attributes = spans.find((s) => s.name === agent)!.attributes;
      expect(attributes[ATTR_AGENTSIGHT_LLM_CALLS]).toBe(calls);
      expect(usdToPico(Number(attributes[ATTR_AGENTSIGHT_COST_USD]))).toBe(pico(inside));
      expect(attributes[ATTR_AGENTSIGHT_USAGE_INPUT_TOKENS]).toBe(
        inside.reduce((n, s) => n + Number(s.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]), 0),
      );
    }
    const summary = session!.end!.summary;
    expect(summary.llmCalls).toBe(4);
    expect(usdToPico(summary.costUsd)).toBe(pico(llm));
    expect(summary.usage).toEqual({ input: 9010, output: 1710, cacheRead: 400, cacheCreation: 0, reasoning: 0 });
    expect(Object.keys(summary.byModel).sort()).toEqual(['gpt-4o-2024-08-06', 'gpt-4o-mini-2024-07-18']);
    expect(summary.byModel['gpt-4o-mini-2024-07-18']).toMatchObject({ calls: 2, usage: { input: 8000, output: 1500 } });
    // The cached tokens are priced as cached: the span's parts add up to its total.
    const cached = llm.find((s) => s.attributes[ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS] === 400)!.attributes;
    expect(
      usdToPico(Number(cached[ATTR_AGENTSIGHT_COST_INPUT_USD])) +
        usdToPico(Number(cached[ATTR_AGENTSIGHT_COST_CACHE_READ_USD])) +
        usdToPico(Number(cached[ATTR_AGENTSIGHT_COST_OUTPUT_USD])),
    ).toBe(usdToPico(Number(cached[ATTR_AGENTSIGHT_COST_USD])));
  });
});

describe('money arithmetic', () => {
  it('sums 100,000 calls to exactly the cents of adding the parts by hand', () => {
    const acc = new RollupAccumulator();
    let byHand = 0n;
    let floatSum = 0;
    for (let i = 0; i < 100_000; i++) {
      // About $0.0036 a call, varying in the sixth decimal (a typical small chat call).
      const pico = 3_627_000_000n + BigInt(i % 7) * 1_000_000n;
      acc.addLlmCall('m', { input: 1, output: 1, cacheRead: 0, cacheCreation: 0, reasoning: 0 }, pico);
      byHand += pico;
      floatSum += picoToUsd(pico);
    }
    expect(acc.costPico).toBe(byHand);
    expect(acc.toRollup().costUsd).toBe(picoToUsd(byHand));
    const cents = (byHand + 5_000_000_000n) / 10_000_000_000n; // rounded half up
    expect(Math.round(acc.toRollup().costUsd * 100)).toBe(Number(cents));
    expect(cents).toBe(36_300n);
    // What naive floating-point addition would have drifted to (not exact):
    expect(floatSum).not.toBe(picoToUsd(byHand));
  });
});
