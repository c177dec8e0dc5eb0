/**
 * The codec between accounting and span attributes: a call's usage (`gen_ai.usage.*`) and cost
 * (`agentsight.cost.*`), a roll-up (`agentsight.llm.calls`, `agentsight.usage.*`,
 * `agentsight.cost.usd`, `agentsight.usage.by_model`, the counts), and the model a call is
 * accounted under. The recorder and sessions encode with it; the store and the CLI decode with
 * it. Decoding reads attributes of unknown origin (a store written by hand or by another
 * version): a missing or odd value reads as absent, never as an exception.
 */
import type { Attributes } from '@opentelemetry/api';
import { isObject, num, obj, str } from '../json-values';
import {
  ATTR_AGENTSIGHT_ACTION_COUNT,
  ATTR_AGENTSIGHT_COST_CACHE_READ_USD,
  ATTR_AGENTSIGHT_COST_CACHE_WRITE_USD,
  ATTR_AGENTSIGHT_COST_INPUT_USD,
  ATTR_AGENTSIGHT_COST_OUTPUT_USD,
  ATTR_AGENTSIGHT_COST_UNKNOWN_MODEL,
  ATTR_AGENTSIGHT_COST_USD,
  ATTR_AGENTSIGHT_ERROR_COUNT,
  ATTR_AGENTSIGHT_LLM_CALLS,
  ATTR_AGENTSIGHT_TOOL_CALLS,
  ATTR_AGENTSIGHT_USAGE_BY_MODEL,
  ATTR_AGENTSIGHT_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_AGENTSIGHT_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_AGENTSIGHT_USAGE_INPUT_TOKENS,
  ATTR_AGENTSIGHT_USAGE_OUTPUT_TOKENS,
  ATTR_AGENTSIGHT_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  countsAsLlmCall,
} from '../semconv';
import { costToUsd, usdToPico, type CallCost } from './money';
import type { ModelRollup, Rollup } from './rollup';
import { emptyUsage, type Usage } from './usage';

/** Span attributes as read back (from a live span's record or the local store). */
export type ReadAttributes = Readonly<Record<string, unknown>>;

// ---------------------------------------------------------------------------------------------
// Models
// ---------------------------------------------------------------------------------------------

/** The model name a call with no reported model is accounted under. */
export const UNKNOWN_MODEL = 'unknown';

/** The model a call ran on as far as it is known: the response model, else the request model. */
export function reportedModel(attributes: ReadAttributes): string | undefined {
  return str(attributes[ATTR_GEN_AI_RESPONSE_MODEL]) ?? str(attributes[ATTR_GEN_AI_REQUEST_MODEL]);
}

/** The model a call counts under in roll-ups: the response model, else the request model, else `unknown`. */
export function accountedModel(attributes: ReadAttributes): string {
  return reportedModel(attributes) ?? UNKNOWN_MODEL;
}

// ---------------------------------------------------------------------------------------------
// Usage
// ---------------------------------------------------------------------------------------------

type UsageCount = 'input' | 'output' | 'cacheRead' | 'cacheCreation' | 'reasoning';
type UsageNames = Readonly<Record<UsageCount, string>>;

/** A call's usage on its LLM span. */
const CALL_USAGE: UsageNames = {
  input: ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  output: ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  cacheRead: ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  cacheCreation: ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  reasoning: ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
};

/** A roll-up's usage on a session or agent span. */
const ROLLUP_USAGE: UsageNames = {
  input: ATTR_AGENTSIGHT_USAGE_INPUT_TOKENS,
  output: ATTR_AGENTSIGHT_USAGE_OUTPUT_TOKENS,
  cacheRead: ATTR_AGENTSIGHT_USAGE_CACHE_READ_INPUT_TOKENS,
  cacheCreation: ATTR_AGENTSIGHT_USAGE_CACHE_CREATION_INPUT_TOKENS,
  reasoning: ATTR_AGENTSIGHT_USAGE_REASONING_OUTPUT_TOKENS,
};

/** A usage object in JSON (the per-model usage of `agentsight.usage.by_model`). */
const JSON_USAGE: UsageNames = {
  input: 'input',
  output: 'output',
  cacheRead: 'cacheRead',
  cacheCreation: 'cacheCreation',
  reasoning: 'reasoning',
};

const USAGE_COUNTS = Object.keys(CALL_USAGE) as readonly UsageCount[];

/** The five counts under `names`; a missing or odd one reads as 0. */
function readUsage(source: ReadAttributes, names: UsageNames): Usage {
  const usage = emptyUsage();
  for (const count of USAGE_COUNTS) usage[count] = num(source[names[count]]) ?? 0;
  return usage;
}

/**
 * The `gen_ai.usage.*` attributes of a call: input always; output unless the operation produces
 * none (embeddings: the conventions record only their input); the cached and reasoning parts when
 * there are some.
 */
export function usageAttributes(usage: Usage, hasOutputTokens: boolean): Attributes {
  const attributes: Attributes = { [CALL_USAGE.input]: usage.input };
  if (hasOutputTokens) attributes[CALL_USAGE.output] = usage.output;
  if (usage.cacheRead > 0) attributes[CALL_USAGE.cacheRead] = usage.cacheRead;
  if (usage.cacheCreation > 0) attributes[CALL_USAGE.cacheCreation] = usage.cacheCreation;
  if (usage.reasoning > 0) attributes[CALL_USAGE.reasoning] = usage.reasoning;
  return attributes;
}

/** A call's usage, or `undefined` when its span has none (a call that failed early). */
export function usageFromAttributes(attributes: ReadAttributes): Usage | undefined {
  if (num(attributes[CALL_USAGE.input]) === undefined && num(attributes[CALL_USAGE.output]) === undefined) return undefined;
  return readUsage(attributes, CALL_USAGE);
}

// ---------------------------------------------------------------------------------------------
// Cost
// ---------------------------------------------------------------------------------------------

/**
 * The `agentsight.cost.*` attributes of a call that reported usage: its cost in US dollars and
 * the parts, or `agentsight.cost.unknown_model` when its model has no price (`cost` undefined).
 */
export function costAttributes(cost: CallCost | undefined): Attributes {
  if (!cost) return { [ATTR_AGENTSIGHT_COST_UNKNOWN_MODEL]: true };
  const usd = costToUsd(cost);
  return {
    [ATTR_AGENTSIGHT_COST_USD]: usd.totalUsd,
    [ATTR_AGENTSIGHT_COST_INPUT_USD]: usd.inputUsd,
    [ATTR_AGENTSIGHT_COST_OUTPUT_USD]: usd.outputUsd,
    [ATTR_AGENTSIGHT_COST_CACHE_READ_USD]: usd.cacheReadUsd,
    [ATTR_AGENTSIGHT_COST_CACHE_WRITE_USD]: usd.cacheWriteUsd,
  };
}

/** `agentsight.cost.usd`: a call's cost, or a roll-up's total. */
export function costUsdFromAttributes(attributes: ReadAttributes): number | undefined {
  return num(attributes[ATTR_AGENTSIGHT_COST_USD]);
}

/** `true` when the call had usage but its model has no known price. */
export function isUnpriced(attributes: ReadAttributes): boolean {
  return attributes[ATTR_AGENTSIGHT_COST_UNKNOWN_MODEL] === true;
}

/** What a roll-up counts of one LLM call span. */
export interface AccountedCall {
  model: string;
  /** `undefined` when the call reported none. */
  usage: Usage | undefined;
  costPico: bigint;
}

/**
 * The model, usage and cost of an LLM call span that counts in roll-ups, or `undefined` for any
 * other span (token counts and batch submissions are traced but generate nothing).
 */
export function accountedCall(attributes: ReadAttributes): AccountedCall | undefined {
  if (!countsAsLlmCall(attributes)) return undefined;
  return {
    model: accountedModel(attributes),
    usage: usageFromAttributes(attributes),
    costPico: usdToPico(costUsdFromAttributes(attributes) ?? 0),
  };
}

// ---------------------------------------------------------------------------------------------
// Roll-ups
// ---------------------------------------------------------------------------------------------

/** The roll-up attributes a session or agent span carries at its end. */
export function rollupAttributes(rollup: Rollup): Attributes {
  const attributes: Attributes = {
    [ATTR_AGENTSIGHT_LLM_CALLS]: rollup.llmCalls,
    [ATTR_AGENTSIGHT_TOOL_CALLS]: rollup.toolCalls,
    [ATTR_AGENTSIGHT_ACTION_COUNT]: rollup.actions,
    [ATTR_AGENTSIGHT_ERROR_COUNT]: rollup.errors,
  };
  for (const count of USAGE_COUNTS) attributes[ROLLUP_USAGE[count]] = rollup.usage[count];
  attributes[ATTR_AGENTSIGHT_COST_USD] = rollup.costUsd;
  if (rollup.llmCalls > 0) attributes[ATTR_AGENTSIGHT_USAGE_BY_MODEL] = JSON.stringify(rollup.byModel);
  return attributes;
}

/** The roll-up a session or agent span carries at its end, or `undefined` if it has none. */
export function rollupFromAttributes(attributes: ReadAttributes): Rollup | undefined {
  const llmCalls = num(attributes[ATTR_AGENTSIGHT_LLM_CALLS]);
  if (llmCalls === undefined) return undefined;
  return {
    llmCalls,
    toolCalls: num(attributes[ATTR_AGENTSIGHT_TOOL_CALLS]) ?? 0,
    actions: num(attributes[ATTR_AGENTSIGHT_ACTION_COUNT]) ?? 0,
    errors: num(attributes[ATTR_AGENTSIGHT_ERROR_COUNT]) ?? 0,
    usage: readUsage(attributes, ROLLUP_USAGE),
    costUsd: costUsdFromAttributes(attributes) ?? 0,
    byModel: byModelFrom(attributes[ATTR_AGENTSIGHT_USAGE_BY_MODEL]),
  };
}

/** `agentsight.usage.by_model` (JSON); entries that are not objects are left out. */
function byModelFrom(value: unknown): Record<string, ModelRollup> {
  const byModel: Record<string, ModelRollup> = {};
  if (typeof value !== 'string') return byModel;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return byModel;
  }
  if (!isObject(parsed)) return byModel;
  for (const [model, entry] of Object.entries(parsed)) {
    if (!isObject(entry)) continue;
    byModel[model] = {
      calls: num(entry.calls) ?? 0,
      usage: readUsage(obj(entry.usage), JSON_USAGE),
      costUsd: num(entry.costUsd) ?? 0,
    };
  }
  return byModel;
}
