/**
 * Session budgets: `warn` records the crossing once and lets calls go on; `enforce` refuses the
 * next call before anything is sent, counting calls still in flight (started together, or
 * streaming) at their running cost.
 */
import OpenAI from 'openai-7';
import { BudgetExceededError, instrumentOpenAI, startSession, withSession } from '../../src/index';
import { Pricing } from '../../src/cost/pricing';
import { roughTokenCount } from '../../instrumentations/base/llm-call';
import { picoToUsd } from '../../src/accounting/money';
import { startInProcess, type InProcess } from '../support/in-process';
import { scenarioHeader, startMockLlmServer, type MockLlmServer } from '../support/mock-llm-server';
import { ATTR_AGENTSIGHT_BUDGET_SPENT_USD, ATTR_AGENTSIGHT_BUDGET_USD, EVENT_BUDGET_EXCEEDED } from '../../src/semconv';

const MODEL = 'gpt-4o-mini';
const usage = (inputTokens: number, outputTokens: number) => ({ headers: scenarioHeader({ usage: { inputTokens, outputTokens } }) });
/** The exact cost the recorder computes for a call with this usage. */
const costOf = (input: number, output: number) =>
  picoToUsd(new Pricing().price('openai', MODEL, { input, output, cacheRead: 0, cacheCreation: 0, reasoning: 0 })!.totalPico);

describe('session budgets', () => {
  let mock: MockLlmServer;
  let agentsight: InProcess;
  let stderr: jest.SpyInstance;
  let client: OpenAI;
  const ask = (n = 1000, out = 100, content = 'hi') =>
    client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content }] }, usage(n, out));

  beforeAll(async () => {
    mock = await startMockLlmServer();
  });
  afterAll(() => mock.close());
  beforeEach(() => {
    mock.reset();
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    client = new OpenAI({ apiKey: 'sk-test', baseURL: mock.openaiBaseURL, maxRetries: 0 });
  });
  afterEach(async () => {
    await agentsight.stop();
    stderr.mockRestore();
  });
  const warnings = () => stderr.mock.calls.map((c) => String(c[0])).filter((l) => l.includes('budget'));

  it('warn: records the crossing on the session once, warns once, and lets calls go on', async () => {
    agentsight = startInProcess({ autoSession: false });
    instrumentOpenAI(OpenAI);
    const budget = costOf(1000, 100) * 1.5;
    await withSession({ name: 'warned', budgetUsd: budget }, async () => {
      for (let i = 0; i < 4; i++) await ask();
    });
    await agentsight.stop();
    expect(mock.requests).toHaveLength(4);
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatch(/session "warned" \([0-9a-f]{32}\) spent \$[\d.]+, over its \$[\d.e-]+ budget\n$/);
    const [session] = agentsight.sessions();
    const root = session!.spans.find((s) => s.name === 'session warned')!;
    const events = root.events.filter((e) => e.name === EVENT_BUDGET_EXCEEDED);
    expect(events).toHaveLength(1);
    expect(events[0]!.attributes[ATTR_AGENTSIGHT_BUDGET_USD]).toBe(budget);
    expect(events[0]!.attributes[ATTR_AGENTSIGHT_BUDGET_SPENT_USD]).toBeCloseTo(costOf(1000, 100) * 2, 12);
  });

  it('enforce: the call after the crossing is refused before sending, with a typed error; other sessions go on', async () => {
    agentsight = startInProcess({ autoSession: false, budgetMode: 'enforce' });
    instrumentOpenAI(OpenAI);
    const budget = costOf(1000, 100) * 1.5;
    const session = startSession({ name: 'capped', budgetUsd: budget });
    await session.run(async () => {
      await ask();
      await ask(); // allowed: the spend was below the budget when it started
      await expect(ask()).rejects.toBeInstanceOf(BudgetExceededError);
    });
    expect(mock.requests).toHaveLength(2);
    // Refused the way the SDK reports failures: through the promise, whose helpers reject alike.
    const refused = session.run(() => ask());
    await expect(refused.withResponse()).rejects.toBeInstanceOf(BudgetExceededError);
    const error = await refused.then(
      () => undefined,
      (e: unknown) => e as BudgetExceededError,
    );
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect(error).toMatchObject({ code: 'AGENTSIGHT_BUDGET_EXCEEDED', sessionId: session.id, budgetUsd: budget });
    expect(error!.spentUsd).toBeCloseTo(costOf(1000, 100) * 2, 12);
    expect(error!.message).toContain(`session "capped" (${session.id})`);
    // Another session has its own budget.
    await withSession({ name: 'other', budgetUsd: budget }, () => ask());
    expect(mock.requests).toHaveLength(3);
    session.end();
  });

  it('enforce: calls started together count at their running cost, so they cannot all slip under the budget', async () => {
    agentsight = startInProcess({ autoSession: false, budgetMode: 'enforce' });
    instrumentOpenAI(OpenAI);
    const prompt = 'word '.repeat(4000);
    // Each call in flight counts at least its prompt, estimated from its size.
    const reserved = costOf(roughTokenCount([{ role: 'user', content: prompt }]), 0);
    const budget = reserved * 2.5;
    const results = await withSession({ name: 'burst', budgetUsd: budget }, () =>
      Promise.allSettled(Array.from({ length: 10 }, () => ask(10, 10, prompt))),
    );
    const sent = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected' && r.reason instanceof BudgetExceededError);
    expect(sent).toHaveLength(3);
    expect(refused).toHaveLength(7);
    expect(mock.requests).toHaveLength(3);
  });

  it('enforce: a stream still running counts its output so far, and refuses the next call', async () => {
    agentsight = startInProcess({ autoSession: false, budgetMode: 'enforce' });
    instrumentOpenAI(OpenAI);
    // The budget is crossed by the stream's running output, about 200 chunks in.
    const budget = costOf(roughTokenCount([{ role: 'user', content: 'go' }]) + 0, 200);
    await withSession({ name: 'streaming', budgetUsd: budget }, async () => {
      const stream = await client.chat.completions.create(
        { model: MODEL, stream: true, messages: [{ role: 'user', content: 'go' }] },
        { headers: scenarioHeader({ chunks: 400 }) },
      );
      let received = 0;
      let refusedAt: number | undefined;
      for await (const chunk of stream) {
        if (chunk.choices[0]?.delta?.content) received++;
        if (received === 300 && refusedAt === undefined) {
          await ask().then(
            () => undefined,
            (e: unknown) => {
              if (e instanceof BudgetExceededError) refusedAt = received;
              else throw e;
            },
          );
        }
      }
      // The caller read the whole stream, untouched, and the call after the crossing was refused.
      expect(received).toBe(400);
      expect(refusedAt).toBe(300);
    });
    expect(mock.requests).toHaveLength(1);
  });

  it('AGENTSIGHT_SESSION_BUDGET_USD applies to every session, the automatic one included', async () => {
    agentsight = startInProcess({ sessionBudgetUsd: costOf(1000, 100) * 0.5, budgetMode: 'enforce' });
    instrumentOpenAI(OpenAI);
    await ask(); // in the automatic session; crosses its budget
    await expect(ask()).rejects.toBeInstanceOf(BudgetExceededError);
    await expect(
      withSession({ name: 'explicit' }, async () => {
        await ask();
        return ask();
      }),
    ).rejects.toBeInstanceOf(BudgetExceededError);
    expect(mock.requests).toHaveLength(2);
  });
});
