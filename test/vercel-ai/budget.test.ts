/**
 * An `enforce`-mode session budget with the Vercel AI SDK: once the session has spent its budget,
 * the next model call is refused before the model is called (the caller gets the
 * `BudgetExceededError`), inside an agent loop too.
 */
import { BudgetExceededError, instrumentVercelAI, withSession } from '../../src/index';
import { ATTR_AGENTSIGHT_SPAN_KIND, SPAN_KIND } from '../../src/semconv';
import { startInProcess, type InProcess } from '../support/in-process';

type Json = Record<string, unknown>;
type Fn = (...args: unknown[]) => Promise<Json>;

const ai = { ...(require('ai-6') as Json) };
const { MockLanguageModelV3 } = require('ai-6/test') as {
  MockLanguageModelV3: new (options: Json) => Json & { doGenerateCalls: unknown[] };
};
const generateText = (options: Json): Promise<Json> => (ai.generateText as Fn)(options);

const model = () =>
  new MockLanguageModelV3({
    modelId: 'gpt-4o-mini',
    provider: 'openai.chat',
    doGenerate: async () => ({
      content: [{ type: 'text', text: 'Hello.' }],
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: { inputTokens: { total: 100_000 }, outputTokens: { total: 10_000 } },
      warnings: [],
    }),
  });

describe('an enforce-mode budget', () => {
  let agentsight: InProcess;
  let stderr: jest.SpyInstance;
  // The budget warning goes to stderr (diag): kept out of the test's output.
  beforeEach(() => {
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(async () => {
    await agentsight.stop();
    stderr.mockRestore();
  });

  it('refuses the model call that would go over it, before the model is called', async () => {
    agentsight = startInProcess({ autoSession: false, budgetMode: 'enforce' });
    instrumentVercelAI(ai);
    const m = model();
    const outcome = await withSession({ name: 'budgeted', budgetUsd: 0.001 }, async () => {
      await generateText({ model: m, prompt: 'Hi', maxRetries: 0 });
      return generateText({ model: m, prompt: 'Hi again', maxRetries: 0 }).then(
        () => 'answered',
        (error: unknown) => error,
      );
    });
    expect(outcome).toBeInstanceOf(BudgetExceededError);
    expect(stderr.mock.calls.map((c) => String(c[0])).filter((line) => line.includes('budget'))).toHaveLength(1);
    expect(m.doGenerateCalls).toHaveLength(1);
    await agentsight.stop();
    const llm = agentsight
      .sessions()
      .flatMap((s) => s.spans)
      .filter((s) => s.attributes[ATTR_AGENTSIGHT_SPAN_KIND] === SPAN_KIND.LLM);
    expect(llm).toHaveLength(1);
  });
});
