/**
 * Embeddings onto the neutral call record: the requested encoding format and dimensions, the
 * dimension count of the result, input tokens. No content is recorded: the conventions define no
 * messages for embeddings, and vectors are not content.
 */
import type { Attributes } from '@opentelemetry/api';
import { ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT, ATTR_GEN_AI_REQUEST_ENCODING_FORMATS } from '../../src/semconv';
import { isObject, maybe, num, objects, str, type Json } from '../../src/json-values';
import type { LlmResponse } from '../base/llm-call';
import { base64Size } from '../base/messages';

/**
 * The request attributes of an Embeddings body. The encoding format is recorded only when the
 * caller chose one: without it, the SDK asks for base64 on its own and hands back floats.
 */
export function embeddingsRequestAttributes(body: Json): Attributes {
  const a: Attributes = {};
  const format = str(body.encoding_format);
  if (format) a[ATTR_GEN_AI_REQUEST_ENCODING_FORMATS] = [format];
  const dimensions = num(body.dimensions);
  if (dimensions !== undefined) a[ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT] = dimensions;
  return a;
}

/** The length of one embedding: a list of numbers, or float32 values in base64 (4 bytes each). */
function dimensionCount(embedding: unknown): number | undefined {
  if (Array.isArray(embedding) || ArrayBuffer.isView(embedding)) return (embedding as ArrayLike<number>).length;
  if (typeof embedding === 'string') return base64Size(embedding) / 4;
  return undefined;
}

/** An Embeddings response (after the SDK's own base64 decoding, when it did one). */
export function embeddingsResponse(data: unknown): LlmResponse {
  if (!isObject(data)) return {};
  const first = objects(data.data)[0];
  const dimensions = first ? dimensionCount(first.embedding) : undefined;
  const input = isObject(data.usage) ? num(data.usage.prompt_tokens) : undefined;
  return {
    ...maybe('model', str(data.model)),
    ...(input !== undefined ? { usage: { input, output: 0, cacheRead: 0, cacheCreation: 0, reasoning: 0 } } : {}),
    attributes: dimensions !== undefined ? { [ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT]: dimensions } : {},
  };
}
