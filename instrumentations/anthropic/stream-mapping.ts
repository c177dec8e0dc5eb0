/**
 * Assembles a Messages stream (`stream: true`, and `messages.stream()` which reads one) from its raw
 * events, whatever the SDK version does with them: `message_start` (id, model, input usage),
 * content blocks by index (`text_delta`, `thinking_delta`, tool inputs from `input_json_delta`
 * pieces), `message_delta` (stop reason, running usage). Every event reaches the caller unchanged.
 *
 * Usage arrives in parts (input counts at `message_start`, output counts at each `message_delta`),
 * so the call's running cost is updated as they come, for budgets.
 */
import { isObject, num, obj, str, type Json } from '../../src/json-values';
import { valuesByIndex } from '../base/by-index';
import type { LlmCall, LlmResponse } from '../base/llm-call';
import { parseArguments, type MessagePart, type OutputMessage } from '../base/messages';
import type { StreamMapper } from '../base/stream-observer';
import { blockPart } from './content-blocks';
import { anthropicUsage } from './messages-mapping';

interface BlockState {
  /** The `content_block_start` block, completed by the deltas below. */
  block: Json;
  text: string;
  thinking: string;
  /** Tool input as streamed JSON text (`input_json_delta` pieces). */
  json: string;
}

const USAGE_FIELDS = ['input_tokens', 'output_tokens', 'cache_read_input_tokens', 'cache_creation_input_tokens'] as const;

/** A stream mapper; `call` gets the running cost as usage arrives. */
export function messagesStreamMapper(call?: Pick<LlmCall, 'progress'>): StreamMapper<unknown> {
  let id: string | undefined;
  let model: string | undefined;
  let stopReason: string | undefined;
  let role = 'assistant';
  // Raw usage fields, merged: `message_delta` repeats or updates what `message_start` said.
  const usage: Json = {};
  const blocks = new Map<number, BlockState>();

  const mergeUsage = (u: unknown): void => {
    if (!isObject(u)) return;
    for (const key of USAGE_FIELDS) if (num(u[key]) !== undefined) usage[key] = u[key];
    if (isObject(u.cache_creation)) usage.cache_creation = u.cache_creation;
    if (isObject(u.output_tokens_details)) usage.output_tokens_details = u.output_tokens_details;
    const known = anthropicUsage(usage);
    if (known && call) call.progress(known, model);
  };

  return {
    onChunk(event) {
      if (!isObject(event)) return true;
      switch (event.type) {
        case 'message_start': {
          const message = obj(event.message);
          id ??= str(message.id);
          model ??= str(message.model);
          role = str(message.role) ?? role;
          mergeUsage(message.usage);
          break;
        }
        case 'content_block_start': {
          const index = num(event.index) ?? blocks.size;
          const block = isObject(event.content_block) ? { ...event.content_block } : {};
          blocks.set(index, { block, text: str(block.text) ?? '', thinking: str(block.thinking) ?? '', json: '' });
          break;
        }
        case 'content_block_delta': {
          const state = blocks.get(num(event.index) ?? -1);
          const delta = obj(event.delta);
          if (!state) break;
          if (delta.type === 'text_delta') state.text += str(delta.text) ?? '';
          else if (delta.type === 'thinking_delta') state.thinking += str(delta.thinking) ?? '';
          else if (delta.type === 'input_json_delta') state.json += str(delta.partial_json) ?? '';
          break;
        }
        case 'message_delta': {
          const delta = obj(event.delta);
          stopReason = str(delta.stop_reason) ?? stopReason;
          mergeUsage(event.usage);
          break;
        }
        default:
          break;
      }
      return true;
    },
    result(): LlmResponse {
      const u = anthropicUsage(usage);
      return {
        ...(id ? { id } : {}),
        ...(model ? { model } : {}),
        ...(stopReason ? { finishReasons: [stopReason] } : {}),
        ...(u ? { usage: u } : {}),
        outputMessages: (): OutputMessage[] => [{ role, parts: assembledParts(blocks), finish_reason: stopReason ?? '' }],
      };
    },
  };
}

function assembledParts(blocks: Map<number, BlockState>): MessagePart[] {
  const parts: MessagePart[] = [];
  for (const state of valuesByIndex(blocks)) {
    const block: Json = { ...state.block };
    if (block.type === 'text') block.text = state.text;
    if (block.type === 'thinking') block.thinking = state.thinking;
    // A tool block starts with `input: {}`; its input is the JSON its deltas spell, when any came.
    if (state.json !== '') block.input = parseArguments(state.json);
    const part = blockPart(block);
    if (part) parts.push(part);
  }
  return parts;
}
