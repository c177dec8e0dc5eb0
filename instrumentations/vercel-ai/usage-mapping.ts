/**
 * The usage and finish reason a model call reports, in the shapes of the AI SDK's model
 * specifications: v2 (`ai` 5) reports flat numbers, v3 and v4 (`ai` 6, 7) nest them
 * (`inputTokens: { total, noCache, cacheRead, cacheWrite }`, `outputTokens: { total, reasoning }`).
 */
import type { Usage } from '../../src/accounting/usage';
import { isObject, num, obj, type Json } from '../../src/json-values';

/**
 * Token usage in our convention (input counts cached tokens too), or `undefined` when the call
 * reported none. `providerMetadata` completes a v2 Anthropic report, whose `inputTokens` leaves
 * out the cache reads (`cachedInputTokens`) and writes (in the metadata only).
 */
export function tokenUsage(usage: unknown, providerMetadata?: unknown): Usage | undefined {
  if (!isObject(usage)) return undefined;
  return isObject(usage.inputTokens) || isObject(usage.outputTokens) ? nestedUsage(usage) : flatUsage(usage, providerMetadata);
}

function nestedUsage(usage: Json): Usage | undefined {
  const input = obj(usage.inputTokens);
  const output = obj(usage.outputTokens);
  const total = num(input.total);
  const outputTotal = num(output.total);
  if (total === undefined && outputTotal === undefined) return undefined;
  const cacheRead = num(input.cacheRead) ?? 0;
  const cacheCreation = num(input.cacheWrite) ?? 0;
  return withOneHourWrites(
    {
      input: total ?? (num(input.noCache) ?? 0) + cacheRead + cacheCreation,
      output: outputTotal ?? 0,
      cacheRead,
      cacheCreation,
      reasoning: num(output.reasoning) ?? 0,
    },
    usage.raw,
  );
}

function flatUsage(usage: Json, providerMetadata: unknown): Usage | undefined {
  const input = num(usage.inputTokens);
  const output = num(usage.outputTokens);
  if (input === undefined && output === undefined) return undefined;
  const cacheRead = num(usage.cachedInputTokens) ?? 0;
  const anthropic = isObject(providerMetadata) && isObject(providerMetadata.anthropic) ? providerMetadata.anthropic : undefined;
  if (!anthropic)
    return { input: input ?? 0, output: output ?? 0, cacheRead, cacheCreation: 0, reasoning: num(usage.reasoningTokens) ?? 0 };
  const cacheCreation = num(anthropic.cacheCreationInputTokens) ?? 0;
  return withOneHourWrites(
    { input: (input ?? 0) + cacheRead + cacheCreation, output: output ?? 0, cacheRead, cacheCreation, reasoning: 0 },
    anthropic.usage,
  );
}

/** The 1-hour part of Anthropic cache writes, from its raw usage (`cache_creation.ephemeral_1h_input_tokens`). */
function withOneHourWrites(usage: Usage, raw: unknown): Usage {
  const oneHour = isObject(raw) ? num(obj(raw.cache_creation).ephemeral_1h_input_tokens) : undefined;
  return oneHour !== undefined && oneHour > 0 ? { ...usage, cacheCreation1h: oneHour } : usage;
}

/** The AI SDK's unified finish reasons in the spelling of the GenAI conventions. */
const FINISH_REASONS: Readonly<Record<string, string>> = {
  stop: 'stop',
  length: 'length',
  'content-filter': 'content_filter',
  'tool-calls': 'tool_call',
  error: 'error',
};

/**
 * The finish reason of a call (`'tool-calls'` in v2, `{ unified: 'tool-calls', raw: 'tool_use' }`
 * in v3 and v4), as the conventions spell it (`tool_call`); others (`other`, `unknown`) as given.
 */
export function finishReason(reason: unknown): string | undefined {
  const unified = isObject(reason) ? reason.unified : reason;
  if (typeof unified !== 'string' || unified === '') return undefined;
  return FINISH_REASONS[unified] ?? unified;
}
