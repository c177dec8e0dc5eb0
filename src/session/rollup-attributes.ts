/** The roll-up attributes a session or agent span carries at its end. */
import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_AGENTSIGHT_ACTION_COUNT,
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
} from '../semconv';
import type { SessionSummary } from '../store/format';
import type { SummaryAccumulator } from '../store/summary';

export function rollupAttributes(totals: SummaryAccumulator): Attributes {
  return summaryAttributes(totals.toSummary());
}

/** The roll-up attributes of a summary (also how the CLI's test fixtures build session spans). */
export function summaryAttributes(summary: SessionSummary): Attributes {
  const attributes: Attributes = {
    [ATTR_AGENTSIGHT_LLM_CALLS]: summary.llmCalls,
    [ATTR_AGENTSIGHT_TOOL_CALLS]: summary.toolCalls,
    [ATTR_AGENTSIGHT_ACTION_COUNT]: summary.actions,
    [ATTR_AGENTSIGHT_ERROR_COUNT]: summary.errors,
    [ATTR_AGENTSIGHT_USAGE_INPUT_TOKENS]: summary.usage.input,
    [ATTR_AGENTSIGHT_USAGE_OUTPUT_TOKENS]: summary.usage.output,
    [ATTR_AGENTSIGHT_USAGE_CACHE_READ_INPUT_TOKENS]: summary.usage.cacheRead,
    [ATTR_AGENTSIGHT_USAGE_CACHE_CREATION_INPUT_TOKENS]: summary.usage.cacheCreation,
    [ATTR_AGENTSIGHT_USAGE_REASONING_OUTPUT_TOKENS]: summary.usage.reasoning,
    [ATTR_AGENTSIGHT_COST_USD]: summary.costUsd,
  };
  if (summary.llmCalls > 0) attributes[ATTR_AGENTSIGHT_USAGE_BY_MODEL] = JSON.stringify(summary.byModel);
  return attributes;
}
