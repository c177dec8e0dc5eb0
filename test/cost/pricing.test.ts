import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILTIN_PRICE_TABLE } from '../../src/cost/price-table';
import { costToUsd, PICO_PER_USD } from '../../src/accounting/money';
import type { Usage } from '../../src/accounting/usage';
import { checkPriceTable, picoPerToken, Pricing } from '../../src/cost/pricing';
import { ConfigError } from '../../src/errors';

/** Pico-dollars per token for a price of `usdPerMillion` (written by hand: $1/M = 1,000,000 pico). */
const PICO = (usdPerMillion: number): bigint => BigInt(Math.round(usdPerMillion * 1e6));

function usage(partial: Partial<Usage>): Usage {
  return { input: 0, output: 0, cacheRead: 0, cacheCreation: 0, reasoning: 0, ...partial };
}

const pricing = new Pricing();

describe('picoPerToken', () => {
  it('reads decimal strings and numbers exactly', () => {
    expect(picoPerToken('2.50')).toBe(2_500_000n);
    expect(picoPerToken('0.075')).toBe(75_000n);
    expect(picoPerToken(0.075)).toBe(75_000n);
    expect(picoPerToken('0.000001')).toBe(1n);
    expect(picoPerToken(15)).toBe(15_000_000n);
    expect(picoPerToken('0')).toBe(0n);
  });

  it('refuses more than 6 decimals, negatives and non-numbers', () => {
    expect(() => picoPerToken('0.0000001')).toThrow(RangeError);
    expect(() => picoPerToken(1e-7)).toThrow(RangeError);
    expect(() => picoPerToken(-1)).toThrow(RangeError);
    expect(() => picoPerToken('$3')).toThrow(RangeError);
    expect(() => picoPerToken('')).toThrow(RangeError);
  });
});

describe('the built-in table', () => {
  it('gives every entry a source URL and a date, and every price parses', () => {
    for (const [list, models] of Object.entries(BUILTIN_PRICE_TABLE)) {
      for (const [model, entry] of Object.entries(models)) {
        const where = `${list}/${model}`;
        expect([where, entry.source]).toEqual([where, expect.stringMatching(/^https:\/\//)]);
        expect([where, entry.asOf]).toEqual([where, expect.stringMatching(/^\d{4}-\d{2}(-\d{2})?$/)]);
      }
    }
    // Entries compile on first use: every price of the table is a valid decimal, and every model prices.
    expect(checkPriceTable(BUILTIN_PRICE_TABLE)).toBeUndefined();
    const all = new Pricing(BUILTIN_PRICE_TABLE);
    for (const [list, models] of Object.entries(BUILTIN_PRICE_TABLE)) {
      for (const model of Object.keys(models))
        expect([list, model, all.price(list, model, usage({ input: 1, output: 1 }))]).toEqual([list, model, expect.anything()]);
    }
  });
});

describe('Pricing.price', () => {
  it('prices a plain call: input and output at their rates', () => {
    const cost = pricing.price('openai', 'gpt-4o', usage({ input: 1000, output: 500 }))!;
    expect(cost).toEqual({
      inputPico: 1000n * PICO(2.5),
      outputPico: 500n * PICO(10),
      cacheReadPico: 0n,
      cacheWritePico: 0n,
      totalPico: 1000n * PICO(2.5) + 500n * PICO(10),
    });
    expect(costToUsd(cost)).toEqual({ inputUsd: 0.0025, outputUsd: 0.005, cacheReadUsd: 0, cacheWriteUsd: 0, totalUsd: 0.0075 });
  });

  it('prices OpenAI cached input at the cached rate, not the input rate', () => {
    // prompt_tokens 10,000 of which 4,000 cached.
    const cost = pricing.price('openai', 'gpt-4.1', usage({ input: 10_000, cacheRead: 4_000, output: 100 }))!;
    expect(cost.inputPico).toBe(6_000n * PICO(2));
    expect(cost.cacheReadPico).toBe(4_000n * PICO(0.5));
    expect(cost.outputPico).toBe(100n * PICO(8));
    expect(cost.totalPico).toBe(6_000n * PICO(2) + 4_000n * PICO(0.5) + 100n * PICO(8));
  });

  it('prices Anthropic cache reads and 5-minute and 1-hour cache writes', () => {
    // 1,000 uncached + 2,000 read + 3,000 written, 1,000 of the writes with the 1-hour TTL.
    const call = usage({ input: 6_000, cacheRead: 2_000, cacheCreation: 3_000, cacheCreation1h: 1_000, output: 400 });
    const cost = pricing.price('anthropic', 'claude-sonnet-4-5-20250929', call)!;
    expect(cost.inputPico).toBe(1_000n * PICO(3));
    expect(cost.cacheReadPico).toBe(2_000n * PICO(0.3));
    expect(cost.cacheWritePico).toBe(2_000n * PICO(3.75) + 1_000n * PICO(6));
    expect(cost.outputPico).toBe(400n * PICO(15));
    expect(cost.totalPico).toBe(cost.inputPico + cost.cacheReadPico + cost.cacheWritePico + cost.outputPico);

    // Without the split, every write is a 5-minute write.
    const noSplit = pricing.price('anthropic', 'claude-sonnet-4-5', { ...call, cacheCreation1h: undefined })!;
    expect(noSplit.cacheWritePico).toBe(3_000n * PICO(3.75));
  });

  it('prices OpenAI GPT-6 cache writes at the published write rate', () => {
    const cost = pricing.price('openai', 'gpt-6.2-sol', usage({ input: 5_000, cacheRead: 1_000, cacheCreation: 3_000, output: 10 }))!;
    expect(cost.inputPico).toBe(1_000n * PICO(2));
    expect(cost.cacheReadPico).toBe(1_000n * PICO(0.1));
    expect(cost.cacheWritePico).toBe(3_000n * PICO(2.5));
  });

  it('bills reasoning tokens once, as part of output', () => {
    const cost = pricing.price('openai', 'o3', usage({ input: 100, output: 1_000, reasoning: 800 }))!;
    expect(cost.outputPico).toBe(1_000n * PICO(8));
    expect(cost.totalPico).toBe(100n * PICO(2) + 1_000n * PICO(8));
  });

  it('prices embeddings on input only', () => {
    const cost = pricing.price('openai', 'text-embedding-3-small', usage({ input: 1_000_000 }))!;
    expect(cost.totalPico).toBe(1_000_000n * PICO(0.02));
    expect(costToUsd(cost).totalUsd).toBe(0.02);
    expect(pricing.price('openai', 'text-embedding-3-large', usage({ input: 1_000_000 }))!.totalPico).toBe(130_000_000_000n);
  });

  it('moves the whole call to the long-context rates above the threshold', () => {
    const at = (input: number) => pricing.price('anthropic', 'claude-sonnet-4-5', usage({ input, cacheRead: 100_000, output: 1_000 }))!;
    // Exactly 200K input is still the base tier.
    expect(at(200_000)).toMatchObject({
      inputPico: 100_000n * PICO(3),
      cacheReadPico: 100_000n * PICO(0.3),
      outputPico: 1_000n * PICO(15),
    });
    // Above it, every part changes, output included; cached tokens count towards the threshold.
    expect(at(200_001)).toMatchObject({
      inputPico: 100_001n * PICO(6),
      cacheReadPico: 100_000n * PICO(0.6),
      outputPico: 1_000n * PICO(22.5),
    });

    const gpt = pricing.price('openai', 'gpt-6.2-sol', usage({ input: 272_001, output: 100 }))!;
    expect(gpt).toMatchObject({ inputPico: 272_001n * PICO(4), outputPico: 100n * PICO(15) });
    expect(pricing.price('openai', 'gpt-6.2-sol', usage({ input: 272_000 }))!.inputPico).toBe(272_000n * PICO(2));

    const haiku = pricing.price('anthropic', 'claude-haiku-5-5', usage({ input: 100_001, output: 10 }))!;
    expect(haiku).toMatchObject({ inputPico: 100_001n * PICO(0.5), outputPico: 10n * PICO(2.5) });
    // Sonnet 4.6 has no long-context surcharge.
    expect(pricing.price('anthropic', 'claude-sonnet-4-6', usage({ input: 900_000 }))!.inputPico).toBe(900_000n * PICO(3));
  });

  it('treats missing, negative or fractional counts safely and never prices negative uncached input', () => {
    const cost = pricing.price('openai', 'gpt-4o', usage({ input: 100, cacheRead: 150, output: -5 }))!;
    expect(cost.inputPico).toBe(0n);
    expect(cost.cacheReadPico).toBe(150n * PICO(1.25));
    expect(cost.outputPico).toBe(0n);
    expect(pricing.price('openai', 'gpt-4o', usage({ input: 10.9 }))!.inputPico).toBe(10n * PICO(2.5));
  });

  describe('an unknown model', () => {
    let writes: jest.SpyInstance;
    beforeEach(() => {
      writes = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    });
    afterEach(() => writes.mockRestore());
    const warnings = (): string[] =>
      writes.mock.calls.map((call) => String(call[0])).filter((line) => line.startsWith('agentsight/pricing warn'));

    it('costs undefined and warns once per model', () => {
      expect(pricing.price('openai', 'gpt-unknown-1', usage({ input: 1 }))).toBeUndefined();
      expect(pricing.price('openai', 'gpt-unknown-1', usage({ input: 1 }))).toBeUndefined();
      expect(warnings()).toHaveLength(1);
      expect(warnings()[0]).toContain('"gpt-unknown-1"');
      expect(warnings()[0]).toContain('AGENTSIGHT_PRICING_FILE');

      expect(pricing.price('openai', 'gpt-unknown-2', usage({ input: 1 }))).toBeUndefined();
      expect(warnings()).toHaveLength(2);
      expect(warnings()[1]).toContain('"gpt-unknown-2"');
    });

    it('is unknown when the provider does not sell it, or no model was reported', () => {
      expect(pricing.price('anthropic', 'gpt-4o', usage({ input: 1 }))).toBeUndefined();
      expect(pricing.price('openai', undefined, usage({ input: 1 }))).toBeUndefined();
      expect(pricing.price('openai', undefined, usage({ input: 1 }))).toBeUndefined();
      expect(warnings()).toHaveLength(2);
    });
  });
});

describe('Pricing.resolveModel', () => {
  it.each([
    // Snapshots and aliases.
    ['openai', 'gpt-4o-2024-08-06', 'gpt-4o'],
    ['openai', 'gpt-4o-mini-2024-07-18', 'gpt-4o-mini'],
    ['openai', 'o3-mini-2025-01-31', 'o3-mini'],
    ['openai', 'o3-2025-04-16', 'o3'],
    ['openai', 'gpt-6.1-sol-2026-09-29', 'gpt-6.1-sol'],
    ['openai', 'GPT-4.1', 'gpt-4.1'],
    ['anthropic', 'claude-3-5-sonnet-20241022', 'claude-3-5-sonnet'],
    ['anthropic', 'claude-3-5-sonnet-latest', 'claude-3-5-sonnet'],
    ['anthropic', 'claude-opus-4-5-20251101', 'claude-opus-4-5'],
    ['anthropic', 'claude-opus-4-20250514', 'claude-opus-4'],
    ['anthropic', 'claude-sonnet-4-5[1m]', 'claude-sonnet-4-5'],
    // Provider prefixes and platform ids.
    ['openai', 'openai/gpt-4o', 'gpt-4o'],
    ['anthropic', 'anthropic/claude-sonnet-4.5', 'claude-sonnet-4-5'],
    ['aws.bedrock', 'anthropic.claude-3-5-sonnet-20241022-v2:0', 'claude-3-5-sonnet'],
    ['aws.bedrock', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'claude-sonnet-4-5'],
    ['aws.bedrock', 'anthropic.claude-haiku-5-5', 'claude-haiku-5-5'],
    ['gcp.vertex_ai', 'claude-3-5-sonnet-v2@20241022', 'claude-3-5-sonnet'],
    ['gcp.vertex_ai', 'claude-opus-4-1@20250805', 'claude-opus-4-1'],
    ['azure.ai.openai', 'gpt-4o', 'gpt-4o'],
    ['azure.ai.openai', 'gpt-4.1-mini-2025-04-14', 'gpt-4.1-mini'],
    // Variants are their own models, never their family's.
    ['openai', 'gpt-4o-mini', 'gpt-4o-mini'],
    ['openai', 'o3-mini', 'o3-mini'],
    ['openai', 'gpt-5.4-nano', 'gpt-5.4-nano'],
  ])('%s %s -> %s', (provider, model, expected) => {
    expect(pricing.resolveModel(provider, model)).toBe(expected);
  });

  it.each([
    ['openai', 'o3-pro'],
    ['openai', 'gpt-4o-mini-audio-preview'],
    ['openai', 'gpt-5.5-pro'],
    ['openai', 'chatgpt-4o-latest'],
    ['anthropic', 'claude-opus-4-9'],
    ['aws.bedrock', 'amazon.nova-pro-v1:0'],
    ['gcp.vertex_ai', 'gemini-2.5-pro'],
    ['anthropic', 'gpt-4o'],
    ['deepseek', 'gpt-4o'],
  ])('%s %s has no price', (provider, model) => {
    expect(pricing.resolveModel(provider, model)).toBeUndefined();
  });
});

describe('Pricing.load', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'agentsight-pricing-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string): string => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('returns the built-in table without a file', () => {
    expect(Pricing.load().resolveModel('openai', 'gpt-4o')).toBe('gpt-4o');
  });

  it('extends the table with new models and overrides existing prices', () => {
    const path = file(
      'prices.json',
      JSON.stringify({
        openai: {
          'ft:gpt-4.1-mini:acme::abc123': { input: '0.80', cacheRead: '0.20', output: 3.2 },
          'gpt-4o': { input: '2', output: '8', source: 'https://example.com/contract', asOf: '2026-11-01' },
        },
        'azure.ai.openai': { 'gpt-4o': { input: '2.75', output: '11' } },
        groq: { 'llama-3.3-70b-versatile': { input: '0.59', output: '0.79' } },
        anthropic: {
          'claude-sonnet-9': {
            input: 3,
            output: 15,
            longContext: { aboveInputTokens: 200000, input: 6, output: 22.5 },
          },
        },
      }),
    );
    const loaded = Pricing.load(path);
    const ft = loaded.price('openai', 'ft:gpt-4.1-mini:acme::abc123', usage({ input: 1_000, cacheRead: 500, output: 100 }))!;
    expect(ft.totalPico).toBe(500n * PICO(0.8) + 500n * PICO(0.2) + 100n * PICO(3.2));
    // The override replaces the entry whole: no cached-input rate left, so cached tokens pay input.
    const gpt4o = loaded.price('openai', 'gpt-4o-2024-08-06', usage({ input: 1_000, cacheRead: 1_000, output: 1_000 }))!;
    expect(gpt4o).toMatchObject({ cacheReadPico: 1_000n * PICO(2), outputPico: 1_000n * PICO(8) });
    // A provider's own list wins over the list it shares; other models still come from the built-ins.
    expect(loaded.price('azure.ai.openai', 'gpt-4o', usage({ input: 1_000 }))!.inputPico).toBe(1_000n * PICO(2.75));
    expect(loaded.price('azure.ai.openai', 'gpt-4o-mini', usage({ input: 1_000 }))!.inputPico).toBe(1_000n * PICO(0.15));
    expect(loaded.price('groq', 'llama-3.3-70b-versatile', usage({ output: 1_000 }))!.outputPico).toBe(1_000n * PICO(0.79));
    expect(loaded.price('anthropic', 'claude-sonnet-9', usage({ input: 300_000 }))!.inputPico).toBe(300_000n * PICO(6));
    expect(loaded.resolveModel('anthropic', 'claude-sonnet-4-5')).toBe('claude-sonnet-4-5');
    // The built-in table itself is untouched.
    expect(pricing.price('openai', 'gpt-4o', usage({ input: 1_000 }))!.inputPico).toBe(1_000n * PICO(2.5));
  });

  it.each([
    ['a missing file', undefined, /cannot be read \(ENOENT\)/],
    ['invalid JSON', '{"openai": {', /not valid JSON/],
    ['a top-level array', '[]', /top level must be an object/],
    ['a provider that is not an object', '{"openai": 3}', /"openai" must be an object of models/],
    ['an entry without output', '{"openai": {"m": {"input": "1"}}}', /openai\["m"\]\.output is missing/],
    ['a price that is not a number', '{"openai": {"m": {"input": "cheap", "output": 1}}}', /openai\["m"\]\.input: "cheap" is not a price/],
    ['a price with 7 decimals', '{"openai": {"m": {"input": "0.0000001", "output": 1}}}', /at most 6 decimals/],
    ['a negative price', '{"openai": {"m": {"input": -1, "output": 1}}}', /openai\["m"\]\.input: -1 is not a price/],
    ['a misspelt field', '{"openai": {"m": {"input": 1, "output": 1, "cached_input": 0.5}}}', /unknown field "cached_input"/],
    [
      'a long-context tier without threshold',
      '{"anthropic": {"m": {"input": 1, "output": 1, "longContext": {"input": 2, "output": 2}}}}',
      /longContext\.aboveInputTokens must be a whole number/,
    ],
  ])('throws a ConfigError for %s', (_what, content, detail) => {
    const path = content === undefined ? join(dir, 'absent.json') : file(`bad-${Math.random()}.json`, content);
    let error: unknown;
    try {
      Pricing.load(path);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const configError = error as ConfigError;
    expect(configError.code).toBe('AGENTSIGHT_CONFIG');
    expect(configError.problems).toEqual([expect.objectContaining({ source: 'AGENTSIGHT_PRICING_FILE', value: path })]);
    expect(configError.message).toContain(`AGENTSIGHT_PRICING_FILE=${JSON.stringify(path)}`);
    expect(configError.message).toMatch(detail);
  });
});

describe('exactness over many calls', () => {
  it('sums 100,000 identical calls to exactly $36.27, where adding dollars as floats drifts', () => {
    // gpt-4o-mini: 1,034 uncached input at $0.15/M, 200 cached at $0.075/M, 321 output at $0.60/M
    // = 155,100,000 + 15,000,000 + 192,600,000 = 362,700,000 pico-dollars ($0.0003627) per call.
    const call = usage({ input: 1_234, cacheRead: 200, output: 321 });
    let totalPico = 0n;
    let floatUsd = 0;
    for (let i = 0; i < 100_000; i++) {
      const cost = pricing.price('openai', 'gpt-4o-mini', call)!;
      totalPico += cost.totalPico;
      floatUsd += costToUsd(cost).totalUsd;
    }
    expect(totalPico).toBe(362_700_000n * 100_000n);
    expect(totalPico).toBe(3_627n * (PICO_PER_USD / 100n)); // 3,627 cents
    expect(floatUsd).not.toBe(36.27);
  });

  it('sums 100,000 varied calls to exactly the total computed by hand from the token sums', () => {
    // claude-sonnet-4-5 by hand, in pico-dollars per token ($3, $0.30, $3.75, $6 and $15 per million).
    const rates = {
      input: 3_000_000n,
      cacheRead: 300_000n,
      cacheWrite: 3_750_000n,
      cacheWrite1h: 6_000_000n,
      output: 15_000_000n,
    };
    const sums = { uncached: 0n, cacheRead: 0n, cacheWrite: 0n, cacheWrite1h: 0n, output: 0n };
    let totalPico = 0n;
    for (let i = 0; i < 100_000; i++) {
      const uncached = 500 + (i % 97);
      const cacheRead = (i * 37) % 4_000;
      const cacheCreation = (i * 11) % 600;
      const cacheCreation1h = i % 3 === 0 ? Math.floor(cacheCreation / 2) : 0;
      const output = 50 + ((i * 13) % 700);
      const input = uncached + cacheRead + cacheCreation;
      const cost = pricing.price(
        'anthropic',
        'claude-sonnet-4-5-20250929',
        usage({ input, cacheRead, cacheCreation, cacheCreation1h, output, reasoning: Math.floor(output / 2) }),
      )!;
      totalPico += cost.totalPico;
      sums.uncached += BigInt(uncached);
      sums.cacheRead += BigInt(cacheRead);
      sums.cacheWrite += BigInt(cacheCreation - cacheCreation1h);
      sums.cacheWrite1h += BigInt(cacheCreation1h);
      sums.output += BigInt(output);
    }
    const byHand =
      sums.uncached * rates.input +
      sums.cacheRead * rates.cacheRead +
      sums.cacheWrite * rates.cacheWrite +
      sums.cacheWrite1h * rates.cacheWrite1h +
      sums.output * rates.output;
    expect(totalPico).toBe(byHand);
    const picoPerCent = PICO_PER_USD / 100n;
    expect(totalPico / picoPerCent).toBe(byHand / picoPerCent);
  });
});
