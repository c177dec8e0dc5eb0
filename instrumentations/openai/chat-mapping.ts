/**
 * Chat Completions onto the neutral call record: request attributes, prompt content, the JSON
 * response, and the chunks of a stream (content, tool-call deltas at any index, usage).
 */
import type { Attributes } from '@opentelemetry/api';
import type { Usage } from '../../src/accounting/usage';
import {
  ATTR_GEN_AI_OUTPUT_TYPE,
  ATTR_GEN_AI_REQUEST_CHOICE_COUNT,
  ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY,
  ATTR_GEN_AI_REQUEST_SEED,
  ATTR_GEN_AI_REQUEST_STOP_SEQUENCES,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_OPENAI_REQUEST_SERVICE_TIER,
  ATTR_OPENAI_RESPONSE_SERVICE_TIER,
  ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT,
  GEN_AI_OUTPUT_TYPE,
} from '../../src/semconv';
import { isObject, maybe, num, obj, put, str, type Json } from '../../src/json-values';
import type { LlmResponse } from '../base/llm-call';
import { valuesByIndex } from '../base/by-index';
import {
  base64Size,
  joinedText,
  mediaPart,
  parseArguments,
  type InputMessage,
  type MessagePart,
  type OutputMessage,
} from '../base/messages';
import type { StreamMapper } from '../base/stream-observer';

/** The request attributes of a Chat Completions (or legacy Completions) body. */
export function chatRequestAttributes(body: Json): Attributes {
  const a: Attributes = {};
  put(a, ATTR_GEN_AI_REQUEST_MAX_TOKENS, num(body.max_completion_tokens) ?? num(body.max_tokens));
  put(a, ATTR_GEN_AI_REQUEST_TEMPERATURE, num(body.temperature));
  put(a, ATTR_GEN_AI_REQUEST_TOP_P, num(body.top_p));
  put(a, ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY, num(body.frequency_penalty));
  put(a, ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY, num(body.presence_penalty));
  put(a, ATTR_GEN_AI_REQUEST_SEED, num(body.seed));
  const n = num(body.n);
  if (n !== undefined && n !== 1) a[ATTR_GEN_AI_REQUEST_CHOICE_COUNT] = n;
  const stop =
    typeof body.stop === 'string'
      ? [body.stop]
      : Array.isArray(body.stop)
        ? body.stop.filter((s): s is string => typeof s === 'string')
        : undefined;
  if (stop && stop.length > 0) a[ATTR_GEN_AI_REQUEST_STOP_SEQUENCES] = stop;
  if (body.stream === true) a[ATTR_GEN_AI_REQUEST_STREAM] = true;
  put(a, ATTR_OPENAI_REQUEST_SERVICE_TIER, str(body.service_tier));
  const format = isObject(body.response_format) ? str(body.response_format.type) : undefined;
  if (format === 'json_object' || format === 'json_schema') a[ATTR_GEN_AI_OUTPUT_TYPE] = GEN_AI_OUTPUT_TYPE.JSON;
  else if (format === 'text') a[ATTR_GEN_AI_OUTPUT_TYPE] = GEN_AI_OUTPUT_TYPE.TEXT;
  return a;
}

/** The parts of a message's `content`: a string, or an array of typed parts. */
export function contentParts(content: unknown): MessagePart[] {
  if (typeof content === 'string') return [{ type: 'text', content }];
  if (!Array.isArray(content)) return [];
  const parts: MessagePart[] = [];
  for (const part of content) {
    if (!isObject(part)) continue;
    switch (part.type) {
      case 'text':
      case 'input_text':
      case 'output_text':
        parts.push({ type: 'text', content: str(part.text) ?? '' });
        break;
      case 'refusal':
        parts.push({ type: 'text', content: str(part.refusal) ?? '' });
        break;
      case 'image_url': {
        const url = isObject(part.image_url) ? str(part.image_url.url) : str(part.image_url);
        if (url) parts.push(mediaPart('image', url));
        break;
      }
      case 'input_image': {
        const url = str(part.image_url);
        parts.push(url ? mediaPart('image', url) : { type: 'omitted', modality: 'image' });
        break;
      }
      case 'input_audio': {
        const audio = obj(part.input_audio);
        const data = str(audio.data);
        const format = str(audio.format);
        parts.push({
          type: 'omitted',
          modality: 'audio',
          ...maybe('mime_type', format ? `audio/${format}` : undefined),
          ...maybe('size_bytes', data ? base64Size(data) : undefined),
        });
        break;
      }
      case 'file':
      case 'input_file':
        parts.push({ type: 'omitted', modality: 'file' });
        break;
      default:
        break;
    }
  }
  return parts;
}

function toolCallParts(toolCalls: unknown): MessagePart[] {
  if (!Array.isArray(toolCalls)) return [];
  return toolCalls.filter(isObject).map((call) => {
    const fn = obj(call.function);
    return {
      type: 'tool_call',
      ...(str(call.id) ? { id: str(call.id) } : {}),
      name: str(fn.name) ?? '',
      arguments: parseArguments(fn.arguments),
    };
  });
}

/** The prompt of a Chat Completions body, in the semconv message schema. */
export function chatInputMessages(messages: unknown): InputMessage[] {
  if (!Array.isArray(messages)) return [];
  return messages.filter(isObject).map((m): InputMessage => {
    const role = str(m.role) ?? 'user';
    if (role === 'tool' || role === 'function') {
      const id = str(m.tool_call_id) ?? str(m.name);
      const text = joinedText(contentParts(m.content));
      return { role: 'tool', parts: [{ type: 'tool_call_response', ...(id ? { id } : {}), response: text }] };
    }
    const parts = [...contentParts(m.content), ...toolCallParts(m.tool_calls)];
    if (isObject(m.function_call)) {
      parts.push({ type: 'tool_call', name: str(m.function_call.name) ?? '', arguments: parseArguments(m.function_call.arguments) });
    }
    return { role, parts, ...(str(m.name) ? { name: str(m.name) } : {}) };
  });
}

/** Usage of a Chat Completions response (or of the final usage chunk of a stream). */
export function chatUsage(usage: unknown): Usage | undefined {
  if (!isObject(usage)) return undefined;
  const input = num(usage.prompt_tokens);
  const output = num(usage.completion_tokens);
  if (input === undefined && output === undefined) return undefined;
  const inDetails = obj(usage.prompt_tokens_details);
  const outDetails = obj(usage.completion_tokens_details);
  return {
    input: input ?? 0,
    output: output ?? 0,
    cacheRead: num(inDetails.cached_tokens) ?? 0,
    cacheCreation: 0,
    reasoning: num(outDetails.reasoning_tokens) ?? 0,
  };
}

function responseAttributes(data: Json): Attributes {
  const a: Attributes = {};
  put(a, ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT, str(data.system_fingerprint));
  put(a, ATTR_OPENAI_RESPONSE_SERVICE_TIER, str(data.service_tier));
  return a;
}

/** A Chat Completions JSON response. */
export function chatResponse(data: unknown): LlmResponse {
  if (!isObject(data)) return {};
  const choices = Array.isArray(data.choices) ? data.choices.filter(isObject) : [];
  const usage = chatUsage(data.usage);
  return {
    ...(str(data.id) ? { id: str(data.id) } : {}),
    ...(str(data.model) ? { model: str(data.model) } : {}),
    finishReasons: choices.map((c) => str(c.finish_reason) ?? ''),
    ...(usage ? { usage } : {}),
    attributes: responseAttributes(data),
    outputMessages: () =>
      choices.map((c): OutputMessage => {
        const message = obj(c.message);
        const parts = [...contentParts(message.content), ...toolCallParts(message.tool_calls)];
        if (typeof message.refusal === 'string') parts.push({ type: 'text', content: message.refusal });
        return { role: str(message.role) ?? 'assistant', parts, finish_reason: str(c.finish_reason) ?? '' };
      }),
  };
}

interface ChoiceState {
  text: string;
  refusal: string;
  finishReason: string;
  toolCalls: Map<number, { id?: string; name: string; args: string }>;
}

/**
 * Assembles a Chat Completions stream. When we asked for usage on the caller's behalf
 * (`hideUsage`), the extra usage-only chunk is hidden and the `usage: null` field every other
 * chunk then carries is removed, so the caller sees exactly the chunks it would have seen.
 */
export function chatStreamMapper(hideUsage: boolean): StreamMapper<unknown> {
  let id: string | undefined;
  let model: string | undefined;
  let usage: Usage | undefined;
  const extra: Json = {};
  const choices = new Map<number, ChoiceState>();
  const choice = (index: number): ChoiceState => {
    let state = choices.get(index);
    if (!state) {
      state = { text: '', refusal: '', finishReason: '', toolCalls: new Map() };
      choices.set(index, state);
    }
    return state;
  };
  return {
    onChunk(chunk) {
      if (!isObject(chunk)) return true;
      id ??= str(chunk.id);
      model ??= str(chunk.model);
      if (chunk.system_fingerprint !== undefined && chunk.system_fingerprint !== null) extra.system_fingerprint = chunk.system_fingerprint;
      if (chunk.service_tier !== undefined && chunk.service_tier !== null) extra.service_tier = chunk.service_tier;
      const chunkUsage = chatUsage(chunk.usage);
      if (chunkUsage) usage = chunkUsage;
      const list = Array.isArray(chunk.choices) ? chunk.choices : [];
      for (const c of list) {
        if (!isObject(c)) continue;
        const state = choice(num(c.index) ?? 0);
        if (str(c.finish_reason)) state.finishReason = str(c.finish_reason)!;
        const delta = obj(c.delta);
        if (typeof delta.content === 'string') state.text += delta.content;
        if (typeof delta.refusal === 'string') state.refusal += delta.refusal;
        if (Array.isArray(delta.tool_calls)) {
          for (const tc of delta.tool_calls) {
            if (!isObject(tc)) continue;
            const index = num(tc.index) ?? 0;
            let call = state.toolCalls.get(index);
            if (!call) {
              call = { name: '', args: '' };
              state.toolCalls.set(index, call);
            }
            if (str(tc.id)) call.id = str(tc.id);
            const fn = obj(tc.function);
            if (str(fn.name)) call.name += str(fn.name);
            if (typeof fn.arguments === 'string') call.args += fn.arguments;
          }
        }
      }
      if (!hideUsage) return true;
      if (list.length === 0 && chunkUsage) return false;
      if (chunk.usage === null) delete chunk.usage;
      return true;
    },
    result() {
      const ordered = valuesByIndex(choices);
      return {
        ...(id ? { id } : {}),
        ...(model ? { model } : {}),
        // A stream stopped before any choice finished has no finish reason yet.
        ...(ordered.some((s) => s.finishReason) ? { finishReasons: ordered.map((s) => s.finishReason) } : {}),
        ...(usage ? { usage } : {}),
        attributes: responseAttributes(extra),
        outputMessages: () =>
          ordered.map((s): OutputMessage => {
            const parts: MessagePart[] = [];
            if (s.text) parts.push({ type: 'text', content: s.text });
            if (s.refusal) parts.push({ type: 'text', content: s.refusal });
            for (const call of valuesByIndex(s.toolCalls)) {
              parts.push({ type: 'tool_call', ...(call.id ? { id: call.id } : {}), name: call.name, arguments: parseArguments(call.args) });
            }
            return { role: 'assistant', parts, finish_reason: s.finishReason };
          }),
      };
    },
  };
}
