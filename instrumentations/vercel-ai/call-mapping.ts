/**
 * One model call of the AI SDK (`doGenerate`, `doStream` or `doEmbed` of a language or embedding
 * model, in the shapes of the v2, v3 and v4 model specifications) onto the neutral call record:
 * the request from the model and the call options, the response from the call's result.
 */
import type { Attributes } from '@opentelemetry/api';
import { maybe, num, obj, put, str, type Json } from '../../src/json-values';
import {
  ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT,
  ATTR_GEN_AI_OUTPUT_TYPE,
  ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY,
  ATTR_GEN_AI_REQUEST_SEED,
  ATTR_GEN_AI_REQUEST_STOP_SEQUENCES,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_K,
  ATTR_GEN_AI_REQUEST_TOP_P,
  GEN_AI_OPERATION,
  GEN_AI_OUTPUT_TYPE,
} from '../../src/semconv';
import { roughTokenCount, type LlmRequest, type LlmResponse } from '../base/llm-call';
import { outputMessages, promptContent } from './content-parts';
import { modelServer, providerName } from './provider-names';
import { finishReason, tokenUsage } from './usage-mapping';

/** What identifies a model: its `provider` and `modelId` (getters on the provider's classes). */
export interface ModelIdentity {
  provider: string;
  modelId: string | undefined;
}

/** The provider and model id of a model object. Never throws. */
export function modelIdentity(model: object): ModelIdentity {
  try {
    const m = model as { provider?: unknown; modelId?: unknown };
    return { provider: providerName(str(m.provider), str(m.modelId)), modelId: str(m.modelId) };
  } catch {
    return { provider: 'unknown', modelId: undefined };
  }
}

function request(model: object, operation: string, attributes: Attributes): LlmRequest {
  const { provider, modelId } = modelIdentity(model);
  const server = modelServer(model);
  return {
    provider,
    operation,
    model: modelId,
    ...maybe('serverAddress', server.address),
    ...maybe('serverPort', server.port),
    attributes,
  };
}

/** The request attributes of a language model call's options. */
function languageAttributes(options: Json, stream: boolean): Attributes {
  const a: Attributes = {};
  put(a, ATTR_GEN_AI_REQUEST_MAX_TOKENS, num(options.maxOutputTokens));
  put(a, ATTR_GEN_AI_REQUEST_TEMPERATURE, num(options.temperature));
  put(a, ATTR_GEN_AI_REQUEST_TOP_P, num(options.topP));
  put(a, ATTR_GEN_AI_REQUEST_TOP_K, num(options.topK));
  put(a, ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY, num(options.frequencyPenalty));
  put(a, ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY, num(options.presencePenalty));
  put(a, ATTR_GEN_AI_REQUEST_SEED, num(options.seed));
  const stop = Array.isArray(options.stopSequences) ? options.stopSequences.filter((s): s is string => typeof s === 'string') : [];
  if (stop.length > 0) a[ATTR_GEN_AI_REQUEST_STOP_SEQUENCES] = stop;
  if (stream) a[ATTR_GEN_AI_REQUEST_STREAM] = true;
  const format = obj(options.responseFormat).type;
  if (format === 'json') a[ATTR_GEN_AI_OUTPUT_TYPE] = GEN_AI_OUTPUT_TYPE.JSON;
  return a;
}

/** A `doGenerate` / `doStream` call of a language model (operation `chat`). */
export function languageRequest(model: object, options: Json, stream: boolean): LlmRequest {
  return {
    ...request(model, GEN_AI_OPERATION.CHAT, languageAttributes(options, stream)),
    content: () => promptContent(options.prompt),
    estimateInputTokens: () => roughTokenCount(options.prompt),
  };
}

/** The `response` metadata of a result or stream part: id and model. */
export function responseMetadata(response: unknown): Pick<LlmResponse, 'id' | 'model'> {
  const r = obj(response);
  return { ...maybe('id', str(r.id)), ...maybe('model', str(r.modelId)) };
}

/** A `doGenerate` result. */
export function generateResponse(result: unknown): LlmResponse {
  const r = obj(result);
  const reason = finishReason(r.finishReason);
  const usage = tokenUsage(r.usage, r.providerMetadata);
  return {
    ...responseMetadata(r.response),
    ...(reason ? { finishReasons: [reason] } : {}),
    ...(usage ? { usage } : {}),
    outputMessages: () => outputMessages(r.content, reason),
  };
}

/** A `doEmbed` call of an embedding model (operation `embeddings`); inputs are not recorded. */
export function embedRequest(model: object, options: Json): LlmRequest {
  return { ...request(model, GEN_AI_OPERATION.EMBEDDINGS, {}), estimateInputTokens: () => roughTokenCount(options.values) };
}

/** A `doEmbed` result: input tokens, and the embeddings' dimension. */
export function embedResponse(result: unknown): LlmResponse {
  const r = obj(result);
  const tokens = num(obj(r.usage).tokens);
  const first = Array.isArray(r.embeddings) ? r.embeddings[0] : undefined;
  const dimensions = Array.isArray(first) || ArrayBuffer.isView(first) ? (first as ArrayLike<number>).length : undefined;
  return {
    ...responseMetadata(r.response),
    ...(tokens !== undefined ? { usage: { input: tokens, output: 0, cacheRead: 0, cacheCreation: 0, reasoning: 0 } } : {}),
    ...(dimensions !== undefined ? { attributes: { [ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT]: dimensions } } : {}),
  };
}
