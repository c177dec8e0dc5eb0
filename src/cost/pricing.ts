/**
 * Client-side pricing: what an LLM call cost, from the token usage the provider reported and a
 * price table (built-in, extended by `AGENTSIGHT_PRICING_FILE`).
 *
 * All arithmetic is in integers. A per-million price with at most 6 decimals is an exact whole
 * number of pico-dollars per token (price x 10^6), parsed from its decimal text without floating
 * point; token counts multiply it as BigInt. Summing calls therefore never drifts (see
 * src/accounting/, which sums the same pico-dollars).
 */
import { readFileSync } from 'node:fs';
import type { CallCost } from '../accounting/money';
import type { Usage } from '../accounting/usage';
import { getLogger } from '../diag';
import { ConfigError } from '../errors';
import { isObject } from '../json-values';
import { BUILTIN_PRICE_TABLE, type PriceEntry, type PriceRates, type PriceTable, type UsdPerMillion } from './price-table';

/** The environment variable that names the pricing file, quoted in its errors. */
export const PRICING_FILE_ENV = 'AGENTSIGHT_PRICING_FILE';

const DECIMAL = /^(\d+)(?:\.(\d{1,6}))?$/;

/**
 * A price in US dollars per million tokens as whole pico-dollars per token. Exact: `"0.075"` is
 * 75,000. Throws a `RangeError` for anything but a non-negative decimal with at most 6 decimals.
 */
export function picoPerToken(price: UsdPerMillion): bigint {
  // String(number) is the shortest text that round-trips, so 0.075 reads as "0.075".
  const text = typeof price === 'number' ? String(price) : price.trim();
  const match = DECIMAL.exec(text);
  if (!match) {
    throw new RangeError(`${JSON.stringify(price)} is not a price in US dollars with at most 6 decimals`);
  }
  return BigInt(match[1]!) * 1_000_000n + BigInt((match[2] ?? '').padEnd(6, '0'));
}

/** Price lists a provider falls back to when the table has none under its own name. */
const PRICE_LIST_OF: Readonly<Record<string, string>> = {
  // Azure OpenAI global deployments charge OpenAI's prices (regional and data-zone ones cost more).
  'azure.ai.openai': 'openai',
  // Claude on Bedrock and Vertex AI: Anthropic's prices on global endpoints; their regional
  // endpoints add a premium (10% for recent models) that is not modelled.
  'aws.bedrock': 'anthropic',
  'gcp.vertex_ai': 'anthropic',
};

/**
 * A model id reduced to the name a price list uses: no provider prefix (`openai/`), no Bedrock
 * region or vendor prefix and version suffix (`us.anthropic.` ... `-v2:0`), no Vertex `@date`, no
 * snapshot date or `-latest`, and Claude versions with dashes (`claude-sonnet-4.5` ->
 * `claude-sonnet-4-5`). Variant words (`-mini`, `-pro`) are kept: they are different models.
 */
export function normalizeModelId(model: string): string {
  let id = model.trim().toLowerCase();
  id = id.slice(id.lastIndexOf('/') + 1);
  id = id.replace(/\[[^\]]*\]$/, ''); // Claude Code's `[1m]` context marker
  id = id.replace(/^(?:[a-z]{2,6}\.)?anthropic\./, ''); // Bedrock (cross-region) ids
  id = id.replace(/@.*$/, ''); // Vertex AI snapshot
  id = id.replace(/-v\d+(?::\d+)?$/, ''); // Bedrock `-v2:0`, Vertex `-v2`
  id = id.replace(/-(?:\d{4}-\d{2}-\d{2}|\d{8}|\d{4}|latest)$/, ''); // snapshot or alias
  if (id.startsWith('claude-')) id = id.replace(/\./g, '-');
  return id;
}

interface Rates {
  input: bigint;
  output: bigint;
  cacheRead: bigint;
  cacheWrite: bigint;
  cacheWrite1h: bigint;
}

interface CompiledEntry {
  base: Rates;
  longContext?: { aboveInputTokens: number; rates: Rates };
}

function compileRates(rates: PriceRates): Rates {
  const input = picoPerToken(rates.input);
  const cacheWrite = rates.cacheWrite === undefined ? input : picoPerToken(rates.cacheWrite);
  return {
    input,
    output: picoPerToken(rates.output),
    cacheRead: rates.cacheRead === undefined ? input : picoPerToken(rates.cacheRead),
    cacheWrite,
    cacheWrite1h: rates.cacheWrite1h === undefined ? cacheWrite : picoPerToken(rates.cacheWrite1h),
  };
}

function compileEntry(entry: PriceEntry): CompiledEntry {
  const compiled: CompiledEntry = { base: compileRates(entry) };
  if (entry.longContext) {
    compiled.longContext = { aboveInputTokens: entry.longContext.aboveInputTokens, rates: compileRates(entry.longContext) };
  }
  return compiled;
}

/** A token count as a BigInt; anything that is not a positive number counts as none. */
function tokens(count: number | undefined): bigint {
  return count !== undefined && Number.isFinite(count) && count > 0 ? BigInt(Math.floor(count)) : 0n;
}

const log = getLogger('pricing');

/** Prices LLM calls from a price table. */
export class Pricing {
  /**
   * Entries by price list, then by lower-cased model name, each compiled on its first use: a
   * process prices few models, and compiling the whole table (BigInt arithmetic) at start-up is
   * time an application waits for.
   */
  private readonly lists = new Map<string, Map<string, { name: string; raw: PriceEntry; entry?: CompiledEntry }>>();

  /**
   * Prices are checked when first used (a `RangeError` then, for a price that is not a decimal with
   * at most 6 decimals); `Pricing.load` checks a pricing file whole before it is used.
   */
  constructor(private readonly table: PriceTable = BUILTIN_PRICE_TABLE) {}

  /**
   * The built-in table, extended and overridden by the JSON file at `pricingFile` (the value of
   * `AGENTSIGHT_PRICING_FILE`; format in docs/pricing.md). An entry in the file replaces the
   * built-in entry of the same provider and model whole. Throws a `ConfigError` naming the
   * variable, the path and the problem if the file is missing, not JSON, or wrongly shaped.
   */
  static load(pricingFile?: string): Pricing {
    if (pricingFile === undefined) return new Pricing();
    const fail = (problem: string): never => {
      throw new ConfigError(
        [{ source: PRICING_FILE_ENV, value: pricingFile, accepted: 'a JSON price table (see docs/pricing.md)' }],
        `${PRICING_FILE_ENV}=${JSON.stringify(pricingFile)} is invalid: ${problem}. ` +
          'Expected a JSON price table as described in docs/pricing.md.',
      );
    };
    let text: string;
    try {
      text = readFileSync(pricingFile, 'utf8');
    } catch (err) {
      return fail(`the file cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      return fail(`the file is not valid JSON (${(err as Error).message})`);
    }
    const problem = checkPriceTable(json);
    if (problem !== undefined) return fail(problem);
    const overrides = json as PriceTable;
    const merged: Record<string, Record<string, PriceEntry>> = {};
    for (const [list, models] of Object.entries(BUILTIN_PRICE_TABLE)) merged[list] = { ...models };
    for (const [list, models] of Object.entries(overrides)) {
      merged[list] ??= {};
      const into = merged[list];
      for (const [name, entry] of Object.entries(models)) {
        // Replace whole, whatever the spelling of the name, so no stale field survives.
        for (const existing of Object.keys(into)) if (existing.toLowerCase() === name.toLowerCase()) delete into[existing];
        into[name] = entry;
      }
    }
    return new Pricing(merged);
  }

  /**
   * The name under which `model` is priced for `provider`, or `undefined`. The model id is tried
   * as given, then normalized (see {@link normalizeModelId}); the name must then match exactly, so
   * `gpt-4o-mini` is never priced as `gpt-4o`. A provider's own list is tried before the list it
   * shares (Azure OpenAI -> `openai`; Bedrock, Vertex AI -> `anthropic`).
   */
  resolveModel(provider: string, model: string): string | undefined {
    return this.lookup(provider, model)?.name;
  }

  /**
   * The cost of one call, or `undefined` when the model has no price (warned once per provider
   * and model per process). Cached input is priced at the cache rates, not the input rate;
   * reasoning tokens are part of output and are not billed twice.
   */
  price(provider: string, model: string | undefined, usage: Usage): CallCost | undefined {
    const found = model === undefined ? undefined : this.lookup(provider, model);
    if (!found) {
      const shown = model ?? '(none reported)';
      log.once(
        'warn',
        `unknown-model:${provider}:${shown}`,
        `no price for model ${JSON.stringify(shown)} of provider ${JSON.stringify(provider)}: its calls carry ` +
          `no cost. Add it to a pricing file (${PRICING_FILE_ENV}, see docs/pricing.md).`,
      );
      return undefined;
    }
    return priceWith(found.entry, usage);
  }

  /** Lookups already made (a process sees few provider and model pairs; normalizing takes regexes). */
  private readonly resolved = new Map<string, { name: string; entry: CompiledEntry } | undefined>();

  /** The last lookup: consecutive calls of an app mostly price the same model. */
  private last: { provider: string; model: string; found: { name: string; entry: CompiledEntry } | undefined } | undefined;

  private lookup(provider: string, model: string): { name: string; entry: CompiledEntry } | undefined {
    const last = this.last;
    if (last && last.provider === provider && last.model === model) return last.found;
    const key = `${provider}\u0000${model}`;
    let found: { name: string; entry: CompiledEntry } | undefined;
    if (this.resolved.has(key)) found = this.resolved.get(key);
    else {
      found = this.resolve(provider, model);
      if (this.resolved.size < 1000) this.resolved.set(key, found);
    }
    this.last = { provider, model, found };
    return found;
  }

  private resolve(provider: string, model: string): { name: string; entry: CompiledEntry } | undefined {
    const ids = [model.trim().toLowerCase(), normalizeModelId(model)];
    const lists = [provider, PRICE_LIST_OF[provider]];
    for (const list of lists) {
      const models = list === undefined ? undefined : this.list(list);
      if (!models) continue;
      for (const id of ids) {
        const found = models.get(id);
        if (found) {
          found.entry ??= compileEntry(found.raw);
          return { name: found.name, entry: found.entry };
        }
      }
    }
    return undefined;
  }

  /** A price list's models by lower-cased name (indexed on first use). */
  private list(name: string): Map<string, { name: string; raw: PriceEntry; entry?: CompiledEntry }> | undefined {
    let models = this.lists.get(name);
    if (!models && Object.hasOwn(this.table, name)) {
      models = new Map();
      for (const [model, raw] of Object.entries(this.table[name] ?? {})) models.set(model.toLowerCase(), { name: model, raw });
      this.lists.set(name, models);
    }
    return models;
  }
}

function priceWith(entry: CompiledEntry, usage: Usage): CallCost {
  const input = tokens(usage.input);
  const long = entry.longContext;
  const rates = long && input > BigInt(long.aboveInputTokens) ? long.rates : entry.base;
  const cacheRead = tokens(usage.cacheRead);
  const cacheCreation = tokens(usage.cacheCreation);
  const written1h = tokens(usage.cacheCreation1h);
  const cacheCreation1h = written1h < cacheCreation ? written1h : cacheCreation; // BigInt: no Math.min
  const uncached = input - cacheRead - cacheCreation;

  const inputPico = (uncached > 0n ? uncached : 0n) * rates.input;
  const outputPico = tokens(usage.output) * rates.output;
  const cacheReadPico = cacheRead * rates.cacheRead;
  const cacheWritePico = (cacheCreation - cacheCreation1h) * rates.cacheWrite + cacheCreation1h * rates.cacheWrite1h;
  return {
    inputPico,
    outputPico,
    cacheReadPico,
    cacheWritePico,
    totalPico: inputPico + outputPico + cacheReadPico + cacheWritePico,
  };
}

// ---------------------------------------------------------------------------------------------
// Shape of a pricing file
// ---------------------------------------------------------------------------------------------

const RATE_KEYS = ['input', 'output', 'cacheRead', 'cacheWrite', 'cacheWrite1h'] as const;
const ENTRY_KEYS = new Set<string>([...RATE_KEYS, 'longContext', 'source', 'asOf']);
const LONG_KEYS = new Set<string>([...RATE_KEYS, 'aboveInputTokens']);

function checkRates(rates: Record<string, unknown>, at: string, allowed: ReadonlySet<string>): string | undefined {
  for (const key of Object.keys(rates)) {
    if (!allowed.has(key)) return `${at}: unknown field "${key}" (fields: ${[...allowed].join(', ')})`;
  }
  for (const key of RATE_KEYS) {
    const value = rates[key];
    if (value === undefined) {
      if (key === 'input' || key === 'output') return `${at}.${key} is missing`;
      continue;
    }
    if (typeof value !== 'string' && typeof value !== 'number') {
      return `${at}.${key} must be a decimal string or a number, not ${JSON.stringify(value)}`;
    }
    try {
      picoPerToken(value);
    } catch (err) {
      return `${at}.${key}: ${(err as Error).message}`;
    }
  }
  return undefined;
}

/** The first problem of a parsed pricing file, or `undefined` if it is a valid {@link PriceTable}. */
export function checkPriceTable(json: unknown): string | undefined {
  if (!isObject(json)) return 'the top level must be an object of providers, like {"openai": {...}}';
  for (const [provider, models] of Object.entries(json)) {
    if (!isObject(models)) return `${JSON.stringify(provider)} must be an object of models`;
    for (const [model, entry] of Object.entries(models)) {
      const at = `${provider}[${JSON.stringify(model)}]`;
      if (!isObject(entry)) return `${at} must be an object with at least "input" and "output"`;
      const problem = checkRates(entry, at, ENTRY_KEYS);
      if (problem !== undefined) return problem;
      for (const key of ['source', 'asOf'] as const) {
        if (entry[key] !== undefined && typeof entry[key] !== 'string') return `${at}.${key} must be a string`;
      }
      const long = entry.longContext;
      if (long === undefined) continue;
      if (!isObject(long)) return `${at}.longContext must be an object`;
      const threshold = long.aboveInputTokens;
      if (typeof threshold !== 'number' || !Number.isSafeInteger(threshold) || threshold < 0) {
        return `${at}.longContext.aboveInputTokens must be a whole number of tokens`;
      }
      const longProblem = checkRates(long, `${at}.longContext`, LONG_KEYS);
      if (longProblem !== undefined) return longProblem;
    }
  }
  return undefined;
}
