/**
 * The accounting codec: what the recorder and sessions write as span attributes reads back as
 * the same usage, cost and roll-up in the store and the CLI; odd values read as absent.
 */
import { PICO_PER_USD, picoToUsd, usdToPico, type CallCost } from '../../src/accounting/money';
import { emptyRollup, RollupAccumulator } from '../../src/accounting/rollup';
import {
  accountedCall,
  accountedModel,
  costAttributes,
  costUsdFromAttributes,
  isUnpriced,
  reportedModel,
  rollupAttributes,
  rollupFromAttributes,
  usageAttributes,
  usageFromAttributes,
} from '../../src/accounting/span-attributes';
import { emptyUsage, type Usage } from '../../src/accounting/usage';
import {
  AGENTSIGHT_OPERATION,
  ATTR_AGENTSIGHT_COST_UNKNOWN_MODEL,
  ATTR_AGENTSIGHT_COST_USD,
  ATTR_AGENTSIGHT_LLM_CALLS,
  ATTR_AGENTSIGHT_SPAN_KIND,
  ATTR_AGENTSIGHT_USAGE_BY_MODEL,
  ATTR_AGENTSIGHT_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  GEN_AI_OPERATION,
  SPAN_KIND,
} from '../../src/semconv';

const usage = (partial: Partial<Usage>): Usage => ({ ...emptyUsage(), ...partial });

const cost = (input: bigint, output: bigint, cacheRead = 0n, cacheWrite = 0n): CallCost => ({
  inputPico: input,
  outputPico: output,
  cacheReadPico: cacheRead,
  cacheWritePico: cacheWrite,
  totalPico: input + output + cacheRead + cacheWrite,
});

describe('call usage', () => {
  it.each([
    ['plain', usage({ input: 1200, output: 300 })],
    ['cached and reasoning', usage({ input: 3000, output: 800, cacheRead: 1000, cacheCreation: 500, reasoning: 120 })],
    ['all zero', emptyUsage()],
  ])('reads back what it writes (%s)', (_name, written) => {
    expect(usageFromAttributes(usageAttributes(written, true))).toEqual(written);
  });

  it('writes the cached and reasoning parts only when there are some, and no output for embeddings', () => {
    expect(usageAttributes(usage({ input: 10, output: 2 }), true)).toEqual({
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 10,
      [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 2,
    });
    const embeddings = usageAttributes(usage({ input: 10 }), false);
    expect(embeddings).toEqual({ [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 10 });
    expect(usageFromAttributes(embeddings)).toEqual(usage({ input: 10 }));
  });

  it('reads a span without token counts as having no usage', () => {
    expect(usageFromAttributes({})).toBeUndefined();
    expect(usageFromAttributes({ [ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]: 5 })).toBeUndefined();
  });

  it('reads odd values as absent', () => {
    expect(usageFromAttributes({ [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: '12', [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: null })).toBeUndefined();
    expect(
      usageFromAttributes({
        [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 12,
        [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: Number.NaN,
        [ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS]: [3],
      }),
    ).toEqual(usage({ input: 12 }));
  });
});

describe('call cost', () => {
  it('writes the cost and its parts in US dollars, and reads the total back', () => {
    const c = cost(2_500_000_000n, 5_000_000_000n, 125_000_000n);
    const attributes = costAttributes(c);
    expect(attributes).toEqual({
      'agentsight.cost.usd': 0.007625,
      'agentsight.cost.input_usd': 0.0025,
      'agentsight.cost.output_usd': 0.005,
      'agentsight.cost.cache_read_usd': 0.000125,
      'agentsight.cost.cache_write_usd': 0,
    });
    expect(costUsdFromAttributes(attributes)).toBe(picoToUsd(c.totalPico));
    expect(isUnpriced(attributes)).toBe(false);
  });

  it('marks a call whose model has no price, with no cost', () => {
    const attributes = costAttributes(undefined);
    expect(attributes).toEqual({ [ATTR_AGENTSIGHT_COST_UNKNOWN_MODEL]: true });
    expect(isUnpriced(attributes)).toBe(true);
    expect(costUsdFromAttributes(attributes)).toBeUndefined();
  });

  it('reads odd values as absent', () => {
    expect(costUsdFromAttributes({ [ATTR_AGENTSIGHT_COST_USD]: '0.5' })).toBeUndefined();
    expect(isUnpriced({ [ATTR_AGENTSIGHT_COST_UNKNOWN_MODEL]: 'true' })).toBe(false);
  });
});

describe('the accounted model', () => {
  it('is the response model, else the request model, else unknown', () => {
    const both = { [ATTR_GEN_AI_RESPONSE_MODEL]: 'gpt-4o-2024-08-06', [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o' };
    expect(accountedModel(both)).toBe('gpt-4o-2024-08-06');
    expect(accountedModel({ [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o' })).toBe('gpt-4o');
    expect(accountedModel({})).toBe('unknown');
    expect(reportedModel({})).toBeUndefined();
  });

  it('reads a model that is not a string as absent', () => {
    expect(accountedModel({ [ATTR_GEN_AI_RESPONSE_MODEL]: 42, [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o' })).toBe('gpt-4o');
    expect(accountedModel({ [ATTR_GEN_AI_REQUEST_MODEL]: ['gpt-4o'] })).toBe('unknown');
  });
});

describe('accounted calls', () => {
  const llm = (operation: string) => ({
    [ATTR_AGENTSIGHT_SPAN_KIND]: SPAN_KIND.LLM,
    [ATTR_GEN_AI_OPERATION_NAME]: operation,
    [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini',
    ...usageAttributes(usage({ input: 500, output: 50 }), true),
    ...costAttributes(cost(75_000_000n, 30_000_000n)),
  });

  it('reads an LLM call span as the model, usage and exact cost a roll-up counts', () => {
    expect(accountedCall(llm(GEN_AI_OPERATION.CHAT))).toEqual({
      model: 'gpt-4o-mini',
      usage: usage({ input: 500, output: 50 }),
      costPico: 105_000_000n,
    });
  });

  it('counts no token count, batch submission or span of another kind', () => {
    expect(accountedCall(llm(AGENTSIGHT_OPERATION.COUNT_TOKENS))).toBeUndefined();
    expect(accountedCall(llm(AGENTSIGHT_OPERATION.CREATE_BATCH))).toBeUndefined();
    expect(accountedCall({ ...llm(GEN_AI_OPERATION.CHAT), [ATTR_AGENTSIGHT_SPAN_KIND]: SPAN_KIND.AGENT })).toBeUndefined();
  });

  it('counts a call that failed before usage with no usage and no cost', () => {
    const failed = { [ATTR_AGENTSIGHT_SPAN_KIND]: SPAN_KIND.LLM, [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.CHAT };
    expect(accountedCall(failed)).toEqual({ model: 'unknown', usage: undefined, costPico: 0n });
  });
});

describe('roll-ups', () => {
  function sampleRollup() {
    const acc = new RollupAccumulator();
    acc.addLlmCall('gpt-4o-2024-08-06', usage({ input: 1200, output: 300, cacheRead: 200 }), 5_250_000_000n);
    acc.addLlmCall(
      'claude-sonnet-4-5',
      usage({ input: 3000, output: 800, cacheRead: 1000, cacheCreation: 500, reasoning: 120 }),
      16_500_000_000n,
    );
    acc.addLlmCall('gpt-4o-2024-08-06', undefined, 0n);
    acc.toolCalls = 2;
    acc.actions = 1;
    acc.errors = 1;
    return acc.toRollup();
  }

  it('reads back what a session or agent span carries', () => {
    const rollup = sampleRollup();
    expect(rollupFromAttributes(rollupAttributes(rollup))).toEqual(rollup);
  });

  it('reads back an empty roll-up (which has no per-model totals attribute)', () => {
    const attributes = rollupAttributes(emptyRollup());
    expect(attributes[ATTR_AGENTSIGHT_USAGE_BY_MODEL]).toBeUndefined();
    expect(rollupFromAttributes(attributes)).toEqual(emptyRollup());
  });

  it('keeps the total cost exact to the pico-dollar', () => {
    const acc = new RollupAccumulator();
    for (let i = 0; i < 1000; i++) acc.addLlmCall('m', usage({ input: 1 }), 3_627_000_000n);
    const read = rollupFromAttributes(rollupAttributes(acc.toRollup()))!;
    expect(read.costUsd).toBe(3.627);
    expect(usdToPico(read.costUsd)).toBe(3_627n * (PICO_PER_USD / 1000n));
  });

  it('reads a span without a roll-up as having none', () => {
    expect(rollupFromAttributes({})).toBeUndefined();
    expect(rollupFromAttributes({ [ATTR_AGENTSIGHT_LLM_CALLS]: '3' })).toBeUndefined();
  });

  it('reads odd values as absent: counts as 0, per-model totals that do not parse as none', () => {
    const rollup = sampleRollup();
    const attributes = { ...rollupAttributes(rollup), [ATTR_AGENTSIGHT_USAGE_INPUT_TOKENS]: 'many' };
    expect(rollupFromAttributes(attributes)!.usage.input).toBe(0);
    for (const byModel of ['not json', '[1, 2]', 'null', '42']) {
      expect(rollupFromAttributes({ ...attributes, [ATTR_AGENTSIGHT_USAGE_BY_MODEL]: byModel })!.byModel).toEqual({});
    }
    const odd = JSON.stringify({ a: 'x', b: { calls: '2', usage: { input: 5, output: 'y' } }, c: { calls: 1, costUsd: 0.5, usage: [] } });
    expect(rollupFromAttributes({ ...attributes, [ATTR_AGENTSIGHT_USAGE_BY_MODEL]: odd })!.byModel).toEqual({
      b: { calls: 0, usage: usage({ input: 5 }), costUsd: 0 },
      c: { calls: 1, usage: emptyUsage(), costUsd: 0.5 },
    });
  });
});
