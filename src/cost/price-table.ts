/**
 * The built-in price list: what OpenAI and Anthropic charge per million tokens on their own APIs,
 * at the standard (pay-as-you-go, global) tier. Users extend or correct it with a JSON file
 * (`AGENTSIGHT_PRICING_FILE`, see docs/pricing.md) instead of waiting for a release.
 *
 * Every price is copied as published, as a decimal string, so that a line can be checked against
 * its page by eye. Rules that are multipliers on the page (cache writes at 1.25x input, long
 * context at 2x, ...) are written out as the resulting numbers, never computed here.
 *
 * `asOf` is the date of the newest dated page that shows the price. Where the provider's own page
 * could not be read in full, the comment above the group names the secondary sources used.
 */

/** US dollars per million tokens: a decimal string (`"2.50"`) or a number, at most 6 decimals. */
export type UsdPerMillion = string | number;

/** The rates of one price tier, in US dollars per million tokens. */
export interface PriceRates {
  /** Input tokens that were neither read from nor written to a cache. */
  input: UsdPerMillion;
  /** Output tokens, reasoning / thinking tokens included. */
  output: UsdPerMillion;
  /** Input tokens read from the provider's cache (OpenAI "cached input", Anthropic "cache hits"). Default: `input`. */
  cacheRead?: UsdPerMillion;
  /**
   * Input tokens written to the cache at the default retention: Anthropic's 5-minute writes,
   * OpenAI's 30-minute writes (GPT-6 family). Default: `input` (older OpenAI models write for free
   * and report no writes).
   */
  cacheWrite?: UsdPerMillion;
  /** Cache writes with Anthropic's 1-hour TTL. Default: `cacheWrite`. */
  cacheWrite1h?: UsdPerMillion;
}

/** A tier that replaces every rate of a call whose input is above a threshold. */
export interface LongContextRates extends PriceRates {
  /** Applies when the call's input tokens (cached ones included) exceed this count. */
  aboveInputTokens: number;
}

/** The price of one model. */
export interface PriceEntry extends PriceRates {
  /** Higher rates for the whole call above an input size (Anthropic Sonnet 4/4.5, OpenAI > 272K). */
  longContext?: LongContextRates;
  /** URL of the page the price was read from. */
  source?: string;
  /** When the price was read: `YYYY-MM-DD`, or `YYYY-MM` when only the month is known. */
  asOf?: string;
}

/**
 * Prices by price list, then by model. A price list is named by its `gen_ai.provider.name`
 * (`openai`, `anthropic`, ...); a model is named as the provider names it, without a snapshot date.
 */
export type PriceTable = Readonly<Record<string, Readonly<Record<string, PriceEntry>>>>;

interface Provenance {
  source: string;
  asOf: string;
}

/** Anthropic, in the order of the columns of its pricing page. */
function claude(at: Provenance, input: string, cacheWrite: string, cacheWrite1h: string, cacheRead: string, output: string): PriceEntry {
  return { input, cacheWrite, cacheWrite1h, cacheRead, output, ...at };
}

/** OpenAI, in the order of the columns of its pricing page; `cacheWrite` only where one is published. */
function gpt(at: Provenance, input: string, cacheRead: string, output: string, cacheWrite?: string): PriceEntry {
  return cacheWrite === undefined ? { input, cacheRead, output, ...at } : { input, cacheRead, cacheWrite, output, ...at };
}

function longContext(entry: PriceEntry, tier: LongContextRates): PriceEntry {
  return { ...entry, longContext: tier };
}

const ANTHROPIC_PAGE = 'https://platform.claude.com/docs/en/about-claude/pricing';
const ANTHROPIC_MODELS = 'https://platform.claude.com/docs/en/models';
const OPENAI_PAGE = 'https://developers.openai.com/api/docs/pricing';
const OPENAI_MODELS = 'https://developers.openai.com/api/docs/models';

// Anthropic's pricing page, read from a September 2026 copy; a third-party re-check of the live page
// on 2026-10-24 (kurofune/claudit v1.9.2) found these rows unchanged.
const ANTHROPIC_CURRENT: Provenance = { source: ANTHROPIC_PAGE, asOf: '2026-10-24' };
// Older rows read from a copy of the same page (then docs.anthropic.com) that lists Opus 4.1 but not
// yet Sonnet 4.5, so from August or September 2025; the September 2026 copy repeats the Opus 4/4.1 rows.
const ANTHROPIC_2025: Provenance = { source: 'https://docs.anthropic.com/en/docs/about-claude/pricing', asOf: '2025-09' };
// Sonnet 4.5, Sonnet 4.6 and Haiku 4.5 rows were cut off in the copies found: secondary sources. Their
// input/output prices are confirmed by trackers of the page (simonw/llm-prices, synaps pricing.rs of
// October 2026) and the cache columns follow the page's multipliers (5m write 1.25x, 1h 2x, hit 0.1x).
const ANTHROPIC_4X: Provenance = { source: ANTHROPIC_PAGE, asOf: '2026-10' };

/** A model overview page of Anthropic's docs, cross-checked with the 2026-10-24 re-check above. */
function anthropicModel(page: string): Provenance {
  return { source: `${ANTHROPIC_MODELS}/${page}/overview`, asOf: '2026-10-24' };
}

/** Anthropic's models, priced the same on Amazon Bedrock and Google Vertex AI (global endpoints). */
const ANTHROPIC: Record<string, PriceEntry> = {
  // Secondary only: released 2026-11-09; rates from archid21/rightsize v0.10.2 (which reads the
  // pricing page) and docs.laozhang.ai (verified 2026-11-10). No copy of Anthropic's own page yet.
  'claude-fable-5-2': claude({ source: ANTHROPIC_PAGE, asOf: '2026-11-10' }, '8', '10', '16', '0.20', '40'),
  // Cache hits at 0.025x input, not the usual 0.1x (a footnote on the page).
  'claude-fable-5-1': claude(ANTHROPIC_CURRENT, '10', '12.50', '20', '0.25', '50'),
  // Mythos is the same model as the Fable of its version, at the same price.
  'claude-mythos-5-1': claude(ANTHROPIC_CURRENT, '10', '12.50', '20', '0.25', '50'),
  'claude-fable-5': claude(ANTHROPIC_CURRENT, '10', '12.50', '20', '1', '50'),
  'claude-mythos-5': claude(ANTHROPIC_CURRENT, '10', '12.50', '20', '1', '50'),
  // Cache hits at 0.05x input.
  'claude-opus-5-5': claude(anthropicModel('opus-5-5'), '4', '5', '8', '0.20', '20'),
  'claude-opus-5': claude(ANTHROPIC_CURRENT, '5', '6.25', '10', '0.50', '25'),
  'claude-opus-4-8': claude(ANTHROPIC_CURRENT, '5', '6.25', '10', '0.50', '25'),
  'claude-opus-4-7': claude(ANTHROPIC_CURRENT, '5', '6.25', '10', '0.50', '25'),
  'claude-opus-4-6': claude(ANTHROPIC_CURRENT, '5', '6.25', '10', '0.50', '25'),
  'claude-opus-4-5': claude(ANTHROPIC_CURRENT, '5', '6.25', '10', '0.50', '25'),
  'claude-opus-4-1': claude(ANTHROPIC_CURRENT, '15', '18.75', '30', '1.50', '75'),
  'claude-opus-4': claude(ANTHROPIC_CURRENT, '15', '18.75', '30', '1.50', '75'),
  // The model page (copy from before 2026-10-07) still shows hits at $0.20; Anthropic cut them to
  // $0.10 on 2026-10-07 per claudit v1.9.2 and TheKrush/PromptFuel v1.0.23, which both re-read the page.
  'claude-sonnet-5-5': claude(ANTHROPIC_CURRENT, '2', '2.50', '4', '0.10', '10'),
  'claude-sonnet-5': claude(anthropicModel('sonnet-5'), '2', '2.50', '4', '0.20', '10'),
  // Sonnet 4.6 and later bill the whole 1M window at the base rate.
  'claude-sonnet-4-6': claude(ANTHROPIC_4X, '3', '3.75', '6', '0.30', '15'),
  // Above 200K input tokens (cache reads and writes included) the whole call moves to the long-context
  // rates; the page applies the cache multipliers on top of them.
  'claude-sonnet-4-5': longContext(claude(ANTHROPIC_4X, '3', '3.75', '6', '0.30', '15'), {
    aboveInputTokens: 200_000,
    input: '6',
    cacheWrite: '7.50',
    cacheWrite1h: '12',
    cacheRead: '0.60',
    output: '22.50',
  }),
  'claude-sonnet-4': longContext(claude(ANTHROPIC_2025, '3', '3.75', '6', '0.30', '15'), {
    aboveInputTokens: 200_000,
    input: '6',
    cacheWrite: '7.50',
    cacheWrite1h: '12',
    cacheRead: '0.60',
    output: '22.50',
  }),
  // Priced by prompt size: above 100K input tokens every token of the call costs 5x.
  'claude-haiku-5-5': longContext(claude(anthropicModel('haiku-5-5'), '0.10', '0.125', '0.20', '0.01', '0.50'), {
    aboveInputTokens: 100_000,
    input: '0.50',
    cacheWrite: '0.625',
    cacheWrite1h: '1',
    cacheRead: '0.05',
    output: '2.50',
  }),
  'claude-haiku-4-5': claude(ANTHROPIC_4X, '1', '1.25', '2', '0.10', '5'),
  'claude-3-7-sonnet': claude(ANTHROPIC_2025, '3', '3.75', '6', '0.30', '15'),
  'claude-3-5-sonnet': claude(ANTHROPIC_2025, '3', '3.75', '6', '0.30', '15'),
  'claude-3-5-haiku': claude(ANTHROPIC_2025, '0.80', '1', '1.6', '0.08', '4'),
  'claude-3-opus': claude(ANTHROPIC_2025, '15', '18.75', '30', '1.50', '75'),
  'claude-3-haiku': claude(ANTHROPIC_2025, '0.25', '0.30', '0.50', '0.03', '1.25'),
};

/** OpenAI's long-context threshold: above 272K input tokens the whole call pays input and cache 2x, output 1.5x. */
const OPENAI_LONG = 272_000;

function openaiModel(id: string, asOf: string): Provenance {
  return { source: `${OPENAI_MODELS}/${id}`, asOf };
}

// GPT-5.x rows: OpenAI's model pages and pricing page (copies from 2026), cross-checked with
// tokenmix.ai (verified against the page 2026-06-04) and GitHub's Copilot price table.
const OPENAI_GPT5: Provenance = { source: OPENAI_PAGE, asOf: '2026-06-04' };
// GPT-4.x, o-series and embeddings: no longer on the main table of OpenAI's page (still billable);
// rates confirmed by tokenmath.io ("checked Jun 21, 2026" against OpenAI's model pricing) and other
// trackers. Secondary sources.
const OPENAI_LEGACY: Provenance = { source: OPENAI_PAGE, asOf: '2026-06-21' };

/** OpenAI's models; Azure OpenAI's global deployments charge the same. */
const OPENAI: Record<string, PriceEntry> = {
  // GPT-6 family: cache writes are the 30-minute retention price (12-hour writes cost 2x that and
  // are not priced separately). Cached input / long-context rates of 6.2 Astra come from its launch
  // coverage (AgentCompass-Router v0.6.8, TokenMeter v0.17.0); the list price from OpenAI's models page.
  'gpt-6.2-astra': longContext(gpt(openaiModel('gpt-6.2-astra', '2026-11-18'), '8', '0.40', '40', '10'), {
    aboveInputTokens: OPENAI_LONG,
    input: '16',
    cacheRead: '0.80',
    cacheWrite: '20',
    output: '60',
  }),
  'gpt-6.2-sol': longContext(gpt(openaiModel('gpt-6.2-sol', '2026-11-18'), '2', '0.10', '10', '2.50'), {
    aboveInputTokens: OPENAI_LONG,
    input: '4',
    cacheRead: '0.20',
    cacheWrite: '5',
    output: '15',
  }),
  'gpt-6.1-terra': longContext(gpt(openaiModel('gpt-6.1-terra', '2026-10-27'), '1', '0.05', '5', '1.25'), {
    aboveInputTokens: OPENAI_LONG,
    input: '2',
    cacheRead: '0.10',
    cacheWrite: '2.50',
    output: '7.50',
  }),
  'gpt-6.1-sol': longContext(gpt(openaiModel('gpt-6.1-sol', '2026-10-13'), '2', '0.10', '10', '2.50'), {
    aboveInputTokens: OPENAI_LONG,
    input: '4',
    cacheRead: '0.20',
    cacheWrite: '5',
    output: '15',
  }),
  'gpt-6-astra': longContext(gpt(openaiModel('gpt-6-astra', '2026-09-05'), '10', '1', '50', '12.50'), {
    aboveInputTokens: OPENAI_LONG,
    input: '20',
    cacheRead: '2',
    cacheWrite: '25',
    output: '75',
  }),
  'gpt-6-sol': longContext(gpt(openaiModel('gpt-6-sol', '2026-10-13'), '2', '0.20', '10', '2.50'), {
    aboveInputTokens: OPENAI_LONG,
    input: '4',
    cacheRead: '0.40',
    cacheWrite: '5',
    output: '15',
  }),
  'gpt-6-luna': longContext(gpt(openaiModel('gpt-6-luna', '2026-10-13'), '0.10', '0.01', '0.50', '0.125'), {
    aboveInputTokens: OPENAI_LONG,
    input: '0.20',
    cacheRead: '0.02',
    cacheWrite: '0.25',
    output: '0.75',
  }),
  // GPT-5.4 and 5.5 (1.05M context): above 272K input tokens, 2x input and 1.5x output for the call;
  // cached input is taken to double with input, as the GPT-6 pages state explicitly.
  'gpt-5.5': longContext(gpt(OPENAI_GPT5, '5', '0.50', '30'), {
    aboveInputTokens: OPENAI_LONG,
    input: '10',
    cacheRead: '1',
    output: '45',
  }),
  'gpt-5.4': longContext(gpt(OPENAI_GPT5, '2.50', '0.25', '15'), {
    aboveInputTokens: OPENAI_LONG,
    input: '5',
    cacheRead: '0.50',
    output: '22.50',
  }),
  'gpt-5.4-mini': gpt(OPENAI_GPT5, '0.75', '0.075', '4.50'),
  'gpt-5.4-nano': gpt(OPENAI_GPT5, '0.20', '0.02', '1.25'),
  'gpt-5.2': gpt(OPENAI_GPT5, '1.75', '0.175', '14'),
  'gpt-5.1': gpt(OPENAI_GPT5, '1.25', '0.125', '10'),
  'gpt-5': gpt(OPENAI_GPT5, '1.25', '0.125', '10'),
  'gpt-5-mini': gpt(OPENAI_GPT5, '0.25', '0.025', '2'),
  // Model page copy undated; it already points to GPT-6 Luna, so September 2026 or later.
  'gpt-5-nano': gpt(openaiModel('gpt-5-nano', '2026-09'), '0.05', '0.005', '0.40'),
  'gpt-4.1': gpt(OPENAI_LEGACY, '2', '0.50', '8'),
  'gpt-4.1-mini': gpt(OPENAI_LEGACY, '0.40', '0.10', '1.60'),
  'gpt-4.1-nano': gpt(OPENAI_LEGACY, '0.10', '0.025', '0.40'),
  'gpt-4o': gpt(OPENAI_LEGACY, '2.50', '1.25', '10'),
  'gpt-4o-mini': gpt(OPENAI_LEGACY, '0.15', '0.075', '0.60'),
  o1: gpt(OPENAI_LEGACY, '15', '7.50', '60'),
  o3: gpt(OPENAI_LEGACY, '2', '0.50', '8'),
  'o3-mini': gpt(OPENAI_LEGACY, '1.10', '0.55', '4.40'),
  'o4-mini': gpt(OPENAI_LEGACY, '1.10', '0.275', '4.40'),
  // Embeddings bill input only.
  'text-embedding-3-small': { input: '0.02', output: '0', ...OPENAI_LEGACY },
  'text-embedding-3-large': { input: '0.13', output: '0', ...OPENAI_LEGACY },
  'text-embedding-ada-002': { input: '0.10', output: '0', ...OPENAI_LEGACY },
};

/** The built-in price list. */
export const BUILTIN_PRICE_TABLE: PriceTable = { openai: OPENAI, anthropic: ANTHROPIC };
