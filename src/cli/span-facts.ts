/**
 * What the CLI reads off span records: a span's kind, an LLM call's model, usage and cost, an
 * agent's roll-up. Attribute names come from `src/semconv.ts`; a missing or odd value reads as
 * absent, never as an exception.
 */
import {
  ATTR_AGENTSIGHT_COST_UNKNOWN_MODEL,
  ATTR_AGENTSIGHT_COST_USD,
  ATTR_AGENTSIGHT_ERROR_COUNT,
  ATTR_AGENTSIGHT_ERROR_PROPAGATED,
  ATTR_AGENTSIGHT_LLM_CALLS,
  ATTR_AGENTSIGHT_SPAN_KIND,
  ATTR_AGENTSIGHT_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_AGENTSIGHT_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_AGENTSIGHT_USAGE_INPUT_TOKENS,
  ATTR_AGENTSIGHT_USAGE_OUTPUT_TOKENS,
  ATTR_AGENTSIGHT_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  SPAN_KIND,
  countsAsLlmCall,
} from '../semconv';
import { emptyUsage, type Attributes, type SpanRecord, type UsageTotals } from '../store/format';

export const attrs = (span: SpanRecord): Attributes =>
  span.attributes !== null && typeof span.attributes === 'object' ? span.attributes : {};

export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `agentsight.span.kind`, when the span is one of ours. */
export function spanKind(span: SpanRecord): string | undefined {
  return str(attrs(span)[ATTR_AGENTSIGHT_SPAN_KIND]);
}

export const isLlm = (span: SpanRecord): boolean => spanKind(span) === SPAN_KIND.LLM;
/** An LLM call that counts in roll-ups (not a token count or a batch submission). */
export const isCountedLlmCall = (span: SpanRecord): boolean => countsAsLlmCall(attrs(span));
export const isAgent = (span: SpanRecord): boolean => spanKind(span) === SPAN_KIND.AGENT;

/** The model an LLM call is counted under (the same rule as the store's summaries). */
export function llmModel(span: SpanRecord): string {
  const a = attrs(span);
  return String(a[ATTR_GEN_AI_RESPONSE_MODEL] ?? a[ATTR_GEN_AI_REQUEST_MODEL] ?? 'unknown');
}

/** The call's token usage, or `undefined` when the span has none (a call that failed early). */
export function llmUsage(span: SpanRecord): UsageTotals | undefined {
  const a = attrs(span);
  const input = num(a[ATTR_GEN_AI_USAGE_INPUT_TOKENS]);
  const output = num(a[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]);
  if (input === undefined && output === undefined) return undefined;
  return {
    input: input ?? 0,
    output: output ?? 0,
    cacheRead: num(a[ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]) ?? 0,
    cacheCreation: num(a[ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS]) ?? 0,
    reasoning: num(a[ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS]) ?? 0,
  };
}

/** `agentsight.cost.usd` of the span (a call's cost, or a roll-up's total). */
export function costUsd(span: SpanRecord): number | undefined {
  return num(attrs(span)[ATTR_AGENTSIGHT_COST_USD]);
}

/** `true` when the call had usage but its model has no known price. */
export function isUnpriced(span: SpanRecord): boolean {
  return attrs(span)[ATTR_AGENTSIGHT_COST_UNKNOWN_MODEL] === true;
}

/** An error of this span's own (not one passing up from a span inside it). */
export function isOwnError(span: SpanRecord): boolean {
  return span.status?.code === 'ERROR' && attrs(span)[ATTR_AGENTSIGHT_ERROR_PROPAGATED] !== true;
}

export function agentName(span: SpanRecord): string {
  return str(attrs(span)[ATTR_GEN_AI_AGENT_NAME]) ?? span.name;
}

export interface Rollup {
  llmCalls: number;
  errors: number;
  usage: UsageTotals;
  costUsd: number;
}

/** The roll-up a session or agent span carries at its end, if it has one. */
export function rollupOf(span: SpanRecord): Rollup | undefined {
  const a = attrs(span);
  const llmCalls = num(a[ATTR_AGENTSIGHT_LLM_CALLS]);
  if (llmCalls === undefined) return undefined;
  return {
    llmCalls,
    errors: num(a[ATTR_AGENTSIGHT_ERROR_COUNT]) ?? 0,
    usage: {
      ...emptyUsage(),
      input: num(a[ATTR_AGENTSIGHT_USAGE_INPUT_TOKENS]) ?? 0,
      output: num(a[ATTR_AGENTSIGHT_USAGE_OUTPUT_TOKENS]) ?? 0,
      cacheRead: num(a[ATTR_AGENTSIGHT_USAGE_CACHE_READ_INPUT_TOKENS]) ?? 0,
      cacheCreation: num(a[ATTR_AGENTSIGHT_USAGE_CACHE_CREATION_INPUT_TOKENS]) ?? 0,
      reasoning: num(a[ATTR_AGENTSIGHT_USAGE_REASONING_OUTPUT_TOKENS]) ?? 0,
    },
    costUsd: num(a[ATTR_AGENTSIGHT_COST_USD]) ?? 0,
  };
}

export function addUsage(into: UsageTotals, usage: UsageTotals): void {
  into.input += usage.input;
  into.output += usage.output;
  into.cacheRead += usage.cacheRead;
  into.cacheCreation += usage.cacheCreation;
  into.reasoning += usage.reasoning;
}
