/**
 * The Responses API onto the neutral call record: `instructions` and `input` items as the prompt,
 * output items (messages, function calls, reasoning summaries) as the completion, usage with its
 * cached and reasoning details, and the events of a stream (the final `response.completed` /
 * `response.incomplete` / `response.failed` snapshot, or what arrived before the stream stopped).
 */
import type { Attributes } from '@opentelemetry/api';
import type { Usage } from '../../src/accounting/usage';
import {
  ATTR_GEN_AI_OUTPUT_TYPE,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_OPENAI_REQUEST_SERVICE_TIER,
  ATTR_OPENAI_RESPONSE_SERVICE_TIER,
  GEN_AI_OUTPUT_TYPE,
} from '../../src/semconv';
import { isObject, maybe, num, obj, objects, put, str, type Json } from '../../src/json-values';
import type { LlmResponse } from '../base/llm-call';
import { entriesByIndex } from '../base/by-index';
import { parseArguments, textOrParts, type InputMessage, type MessagePart, type OutputMessage } from '../base/messages';
import type { StreamMapper } from '../base/stream-observer';
import { contentParts } from './chat-mapping';

/** The request attributes of a Responses body. */
export function responsesRequestAttributes(body: Json): Attributes {
  const a: Attributes = {};
  put(a, ATTR_GEN_AI_REQUEST_MAX_TOKENS, num(body.max_output_tokens));
  put(a, ATTR_GEN_AI_REQUEST_TEMPERATURE, num(body.temperature));
  put(a, ATTR_GEN_AI_REQUEST_TOP_P, num(body.top_p));
  put(a, ATTR_OPENAI_REQUEST_SERVICE_TIER, str(body.service_tier));
  if (body.stream === true) a[ATTR_GEN_AI_REQUEST_STREAM] = true;
  const format = str(obj(obj(body.text).format).type);
  if (format === 'json_schema' || format === 'json_object') a[ATTR_GEN_AI_OUTPUT_TYPE] = GEN_AI_OUTPUT_TYPE.JSON;
  else if (format === 'text') a[ATTR_GEN_AI_OUTPUT_TYPE] = GEN_AI_OUTPUT_TYPE.TEXT;
  return a;
}

/** `instructions` as system instructions (a string, or message items in newer API versions). */
export function responsesSystemInstructions(instructions: unknown): MessagePart[] {
  if (typeof instructions === 'string') return instructions ? [{ type: 'text', content: instructions }] : [];
  return objects(instructions).flatMap((item) => contentParts(item.content));
}

/** The text of a tool output (a string, or a list of content parts). */
function outputText(output: unknown): unknown {
  if (typeof output === 'string' || !Array.isArray(output)) return output;
  return textOrParts(contentParts(output));
}

function reasoningParts(item: Json): MessagePart[] {
  const texts = [...objects(item.summary), ...objects(item.content)].map((s) => str(s.text)).filter((t): t is string => !!t);
  return texts.map((content) => ({ type: 'reasoning', content }));
}

/** A call of a tool the model asked for: function and custom tools, and the built-in tools (`web_search_call`, ...). */
function toolCallPart(item: Json): MessagePart | undefined {
  const type = str(item.type) ?? '';
  const id = str(item.call_id) ?? str(item.id);
  if (type === 'function_call')
    return { type: 'tool_call', ...maybe('id', id), name: str(item.name) ?? '', arguments: parseArguments(item.arguments) };
  if (type === 'custom_tool_call') return { type: 'tool_call', ...maybe('id', id), name: str(item.name) ?? '', arguments: item.input };
  // Built-in tools: the tool's name only; their payloads (images, files, screenshots) are not content we record.
  if (type.endsWith('_call')) return { type: 'tool_call', ...maybe('id', id), name: str(item.name) ?? type.slice(0, -'_call'.length) };
  return undefined;
}

/** The prompt of a Responses body: `input` as a string or a list of items. */
export function responsesInputMessages(input: unknown): InputMessage[] {
  if (typeof input === 'string') return [{ role: 'user', parts: [{ type: 'text', content: input }] }];
  const messages: InputMessage[] = [];
  for (const item of objects(input)) {
    const type = str(item.type);
    if (type === undefined || type === 'message') {
      messages.push({ role: str(item.role) ?? 'user', parts: contentParts(item.content) });
    } else if (type === 'function_call_output' || type === 'custom_tool_call_output') {
      messages.push({
        role: 'tool',
        parts: [{ type: 'tool_call_response', ...maybe('id', str(item.call_id)), response: outputText(item.output) }],
      });
    } else if (type === 'reasoning') {
      messages.push({ role: 'assistant', parts: reasoningParts(item) });
    } else {
      const call = toolCallPart(item);
      if (call) messages.push({ role: 'assistant', parts: [call] });
    }
  }
  return messages;
}

/** Usage of a Responses response: cached input and reasoning output come from the token details. */
export function responsesUsage(usage: unknown): Usage | undefined {
  if (!isObject(usage)) return undefined;
  const input = num(usage.input_tokens);
  const output = num(usage.output_tokens);
  if (input === undefined && output === undefined) return undefined;
  return {
    input: input ?? 0,
    output: output ?? 0,
    cacheRead: num(obj(usage.input_tokens_details).cached_tokens) ?? 0,
    cacheCreation: 0,
    reasoning: num(obj(usage.output_tokens_details).reasoning_tokens) ?? 0,
  };
}

/**
 * Why a response stopped: its `status` (`completed`, `failed`, `cancelled`), or for an incomplete
 * one the reason in `incomplete_details` (`max_output_tokens`, `content_filter`).
 */
export function responsesFinishReason(response: Json): string | undefined {
  const status = str(response.status);
  if (status === 'incomplete') return str(obj(response.incomplete_details).reason) ?? status;
  return status;
}

/** The output items as one assistant message. */
function outputMessage(items: Json[], finishReason: string): OutputMessage {
  const parts: MessagePart[] = [];
  for (const item of items) {
    if (item.type === 'message') parts.push(...contentParts(item.content));
    else if (item.type === 'reasoning') parts.push(...reasoningParts(item));
    else {
      const call = toolCallPart(item);
      if (call) parts.push(call);
    }
  }
  return { role: 'assistant', parts, finish_reason: finishReason };
}

/** A Responses response object (the JSON result, or the final snapshot of a stream). */
export function responsesResponse(data: unknown): LlmResponse {
  if (!isObject(data)) return {};
  const usage = responsesUsage(data.usage);
  const finishReason = responsesFinishReason(data);
  const attributes: Attributes = {};
  put(attributes, ATTR_OPENAI_RESPONSE_SERVICE_TIER, str(data.service_tier));
  return {
    ...maybe('id', str(data.id)),
    ...maybe('model', str(data.model)),
    ...(finishReason ? { finishReasons: [finishReason] } : {}),
    ...maybe('usage', usage),
    attributes,
    outputMessages: () => [outputMessage(objects(data.output), finishReason ?? '')],
  };
}

/** Statuses of a response that is still being produced. */
const IN_PROGRESS = new Set(['in_progress', 'queued']);

/**
 * Assembles a Responses stream. Each event that carries the response (`response.created`, ...,
 * `response.completed`) updates the snapshot; until a final one arrives, the output items are
 * rebuilt from the item and delta events, so a stream that stops early still records what came.
 */
export function responsesStreamMapper(): StreamMapper<unknown> {
  let snapshot: Json | undefined;
  /** An `error` event: openai 5 and 6 hand it to the caller as an event instead of throwing. */
  let errorEvent: Json | undefined;
  const items = new Map<number, Json>();
  const text = new Map<number, string>();
  const args = new Map<number, string>();
  return {
    onChunk(event) {
      if (!isObject(event)) return;
      if (event.type === 'error') errorEvent = event;
      if (isObject(event.response)) snapshot = event.response;
      const index = num(event.output_index);
      if (index === undefined) return;
      switch (event.type) {
        case 'response.output_item.added':
        case 'response.output_item.done':
          if (isObject(event.item)) items.set(index, event.item);
          break;
        case 'response.output_text.delta':
          if (typeof event.delta === 'string') text.set(index, (text.get(index) ?? '') + event.delta);
          break;
        case 'response.function_call_arguments.delta':
          if (typeof event.delta === 'string') args.set(index, (args.get(index) ?? '') + event.delta);
          break;
        default:
          break;
      }
    },
    failure() {
      // The error event's own fields, or the `error` of a `response.failed` snapshot.
      const reported = errorEvent ?? (snapshot?.status === 'failed' ? obj(snapshot.error) : undefined);
      if (!reported) return undefined;
      const code = str(reported.code);
      return { error: new Error(str(reported.message) ?? 'the response failed'), type: code ?? 'failed' };
    },
    result() {
      if (snapshot && !IN_PROGRESS.has(str(snapshot.status) ?? '')) return responsesResponse(snapshot);
      // Stopped before the end: what the snapshot and the items so far say, with no finish reason.
      const partial = entriesByIndex(items).map(([index, item]) => withDeltas(item, text.get(index), args.get(index)));
      const started = snapshot ? responsesResponse({ ...snapshot, status: undefined }) : {};
      return { ...started, outputMessages: () => [outputMessage(partial, '')] };
    },
  };
}

/** An item still in progress, completed with the deltas received for it. */
function withDeltas(item: Json, deltaText: string | undefined, deltaArgs: string | undefined): Json {
  if (item.status === 'completed') return item;
  if (item.type === 'message' && deltaText !== undefined) return { ...item, content: [{ type: 'output_text', text: deltaText }] };
  if (item.type === 'function_call' && deltaArgs !== undefined) return { ...item, arguments: deltaArgs };
  return item;
}
