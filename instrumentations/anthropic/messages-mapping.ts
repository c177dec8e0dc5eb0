/**
 * Anthropic Messages onto the neutral call record: request attributes, usage (input tokens counted
 * the semconv way, cache reads and writes included), and the JSON `Message` response.
 */
import type { Attributes } from '@opentelemetry/api';
import type { Usage } from '../../src/accounting/usage';
import {
  ATTR_AGENTSIGHT_REQUEST_THINKING_BUDGET_TOKENS,
  ATTR_GEN_AI_OUTPUT_TYPE,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_STOP_SEQUENCES,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_K,
  ATTR_GEN_AI_REQUEST_TOP_P,
  GEN_AI_OUTPUT_TYPE,
} from '../../src/semconv';
import { isObject, num, obj, put, str, type Json } from '../../src/json-values';
import type { LlmResponse } from '../base/llm-call';
import type { OutputMessage } from '../base/messages';
import { blockParts } from './content-blocks';

/** The request attributes of a Messages body (`create`, `stream()`, `parse`, beta or not). */
export function messagesRequestAttributes(body: Json): Attributes {
  const a: Attributes = {};
  put(a, ATTR_GEN_AI_REQUEST_MAX_TOKENS, num(body.max_tokens));
  put(a, ATTR_GEN_AI_REQUEST_TEMPERATURE, num(body.temperature));
  put(a, ATTR_GEN_AI_REQUEST_TOP_P, num(body.top_p));
  put(a, ATTR_GEN_AI_REQUEST_TOP_K, num(body.top_k));
  const stop = Array.isArray(body.stop_sequences) ? body.stop_sequences.filter((s): s is string => typeof s === 'string') : [];
  if (stop.length > 0) a[ATTR_GEN_AI_REQUEST_STOP_SEQUENCES] = stop;
  if (body.stream === true) a[ATTR_GEN_AI_REQUEST_STREAM] = true;
  if (isObject(body.thinking)) put(a, ATTR_AGENTSIGHT_REQUEST_THINKING_BUDGET_TOKENS, num(body.thinking.budget_tokens));
  // Structured outputs: `output_config.format` (GA), `output_format` (beta, deprecated).
  const config = obj(body.output_config);
  const format = isObject(config.format) ? config.format : isObject(body.output_format) ? body.output_format : undefined;
  if (format?.type === 'json_schema') a[ATTR_GEN_AI_OUTPUT_TYPE] = GEN_AI_OUTPUT_TYPE.JSON;
  return a;
}

/**
 * An Anthropic `usage` object as token counts in the conventions' sense: the API's `input_tokens`
 * excludes cache reads and writes, `gen_ai.usage.input_tokens` includes them. The 1-hour part of
 * cache writes, when reported, is kept for pricing.
 */
export function anthropicUsage(usage: unknown): Usage | undefined {
  if (!isObject(usage)) return undefined;
  const input = num(usage.input_tokens);
  const output = num(usage.output_tokens);
  if (input === undefined && output === undefined) return undefined;
  const cacheRead = num(usage.cache_read_input_tokens) ?? 0;
  const cacheCreation = num(usage.cache_creation_input_tokens) ?? 0;
  const details = obj(usage.output_tokens_details);
  const creation = obj(usage.cache_creation);
  const oneHour = num(creation.ephemeral_1h_input_tokens);
  return {
    input: (input ?? 0) + cacheRead + cacheCreation,
    output: output ?? 0,
    cacheRead,
    cacheCreation,
    reasoning: num(details.thinking_tokens) ?? 0,
    ...(oneHour !== undefined ? { cacheCreation1h: oneHour } : {}),
  };
}

/** A JSON `Message` (from `create`, `parse`, or the beta equivalents). */
export function messageResponse(data: unknown): LlmResponse {
  if (!isObject(data)) return {};
  const usage = anthropicUsage(data.usage);
  const stopReason = str(data.stop_reason);
  return {
    ...(str(data.id) ? { id: str(data.id) } : {}),
    ...(str(data.model) ? { model: str(data.model) } : {}),
    ...(stopReason ? { finishReasons: [stopReason] } : {}),
    ...(usage ? { usage } : {}),
    outputMessages: (): OutputMessage[] => [
      { role: str(data.role) ?? 'assistant', parts: blockParts(data.content), finish_reason: stopReason ?? '' },
    ],
  };
}
