/**
 * The legacy Completions API (`text_completion`) onto the neutral call record: the prompt (a
 * string or a list of them), the choices' text, usage, and the chunks of a stream.
 */
import { ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT } from '../../src/semconv';
import type { Attributes } from '@opentelemetry/api';
import { isObject, maybe, num, objects, put, str } from '../../src/json-values';
import { valuesByIndex } from '../base/by-index';
import type { LlmResponse } from '../base/llm-call';
import type { InputMessage, OutputMessage } from '../base/messages';
import type { StreamMapper } from '../base/stream-observer';
import { chatUsage } from './chat-mapping';

/** The prompt as user messages: one per prompt string (token-id prompts are not text and are left out). */
export function completionsInputMessages(prompt: unknown): InputMessage[] {
  const prompts =
    typeof prompt === 'string' ? [prompt] : Array.isArray(prompt) && prompt.every((p) => typeof p === 'string') ? (prompt as string[]) : [];
  return prompts.map((content) => ({ role: 'user', parts: [{ type: 'text', content }] }));
}

function outputMessages(choices: Array<{ text: string; finishReason: string }>): () => OutputMessage[] {
  return () => choices.map((c) => ({ role: 'assistant', parts: [{ type: 'text', content: c.text }], finish_reason: c.finishReason }));
}

function responseAttributes(fingerprint: unknown): Attributes {
  const a: Attributes = {};
  put(a, ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT, str(fingerprint));
  return a;
}

/** Finish reasons per choice; none at all when no choice has finished (a stream stopped early). */
function finishReasons(choices: Array<{ finishReason: string }>): { finishReasons?: string[] } {
  return choices.some((c) => c.finishReason) ? { finishReasons: choices.map((c) => c.finishReason) } : {};
}

/** A Completions JSON response. */
export function completionsResponse(data: unknown): LlmResponse {
  if (!isObject(data)) return {};
  const choices = objects(data.choices).map((c) => ({ text: str(c.text) ?? '', finishReason: str(c.finish_reason) ?? '' }));
  return {
    ...maybe('id', str(data.id)),
    ...maybe('model', str(data.model)),
    ...finishReasons(choices),
    ...maybe('usage', chatUsage(data.usage)),
    attributes: responseAttributes(data.system_fingerprint),
    outputMessages: outputMessages(choices),
  };
}

/** Assembles a Completions stream (choices by index; usage when the caller asked for it). */
export function completionsStreamMapper(): StreamMapper<unknown> {
  let id: string | undefined;
  let model: string | undefined;
  let fingerprint: unknown;
  let usage: LlmResponse['usage'];
  const choices = new Map<number, { text: string; finishReason: string }>();
  return {
    onChunk(chunk) {
      if (!isObject(chunk)) return;
      id ??= str(chunk.id);
      model ??= str(chunk.model);
      fingerprint ??= chunk.system_fingerprint ?? undefined;
      usage = chatUsage(chunk.usage) ?? usage;
      for (const c of objects(chunk.choices)) {
        const index = num(c.index) ?? 0;
        const state = choices.get(index) ?? { text: '', finishReason: '' };
        choices.set(index, state);
        if (typeof c.text === 'string') state.text += c.text;
        if (str(c.finish_reason)) state.finishReason = str(c.finish_reason) ?? '';
      }
    },
    result() {
      const ordered = valuesByIndex(choices);
      return {
        ...maybe('id', id),
        ...maybe('model', model),
        ...finishReasons(ordered),
        ...maybe('usage', usage),
        attributes: responseAttributes(fingerprint),
        outputMessages: outputMessages(ordered),
      };
    },
  };
}
