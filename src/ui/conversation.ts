/**
 * Recorded content as chat: `gen_ai.system_instructions`, `gen_ai.input.messages` and
 * `gen_ai.output.messages` (JSON in the semconv message schema: role + parts), and a tool's
 * arguments and result. Captured content is untrusted: it is only ever read here as data, and the
 * page shows it as text.
 */
import { isObject, num, objects, str, type Json } from '../json-values';
import { ATTR_GEN_AI_INPUT_MESSAGES, ATTR_GEN_AI_OUTPUT_MESSAGES, ATTR_GEN_AI_SYSTEM_INSTRUCTIONS } from '../semconv';
import type { ReadAttributes } from '../accounting/span-attributes';
import type { ChatMessage, ChatPart, Conversation } from './api-types';

/** The span's conversation, or `null` when it recorded none. */
export function conversationOf(attributes: ReadAttributes): Conversation | null {
  const raw: Conversation['raw'] = [];
  const read = (key: string): unknown[] | undefined => {
    const text = attributes[key];
    if (typeof text !== 'string') return undefined;
    const parsed = parseJson(text);
    if (Array.isArray(parsed)) return parsed;
    // Content cut at the size cap is no longer JSON: show it as recorded.
    raw.push({ attribute: key, text });
    return undefined;
  };
  const system = read(ATTR_GEN_AI_SYSTEM_INSTRUCTIONS);
  const input = read(ATTR_GEN_AI_INPUT_MESSAGES);
  const output = read(ATTR_GEN_AI_OUTPUT_MESSAGES);
  if (!system && !input && !output && raw.length === 0) return null;
  return {
    system: system ? { role: 'system', name: null, parts: system.map(chatPart), finishReason: null } : null,
    input: objects(input).map(chatMessage),
    output: objects(output).map(chatMessage),
    raw,
  };
}

function chatMessage(message: Json): ChatMessage {
  return {
    role: str(message.role) ?? 'unknown',
    name: str(message.name) ?? null,
    parts: Array.isArray(message.parts) ? message.parts.map(chatPart) : [],
    finishReason: str(message.finish_reason) ?? null,
  };
}

function chatPart(part: unknown): ChatPart {
  if (!isObject(part)) return { type: 'other', json: pretty(part) };
  switch (part.type) {
    case 'text':
    case 'reasoning':
      if (typeof part.content === 'string') return { type: part.type, content: part.content };
      break;
    case 'tool_call':
      return {
        type: 'tool_call',
        id: str(part.id) ?? null,
        name: str(part.name) ?? '?',
        arguments: part.arguments === undefined ? null : prettyJson(part.arguments),
      };
    case 'tool_call_response':
      return { type: 'tool_call_response', id: str(part.id) ?? null, response: prettyJson(part.response) };
    case 'uri':
      return { type: 'uri', modality: str(part.modality) ?? 'file', uri: str(part.uri) ?? '', mimeType: str(part.mime_type) ?? null };
    case 'omitted':
      return {
        type: 'omitted',
        modality: str(part.modality) ?? 'file',
        mimeType: str(part.mime_type) ?? null,
        sizeBytes: num(part.size_bytes) ?? null,
      };
  }
  return { type: 'other', json: pretty(part) };
}

/** A tool's arguments and result as recorded (JSON strings), pretty-printed when they parse. */
export function toolIoOf(argumentsText: unknown, resultText: unknown): { arguments: string | null; result: string | null } | null {
  if (argumentsText === undefined && resultText === undefined) return null;
  return {
    arguments: argumentsText === undefined ? null : prettyJson(argumentsText),
    result: resultText === undefined ? null : prettyJson(resultText),
  };
}

/**
 * A value for reading: a string that holds JSON (an object or an array) is parsed and indented;
 * any other string is shown as is; other values as indented JSON.
 */
export function prettyJson(value: unknown): string {
  if (typeof value === 'string') {
    const trimmed = value.trimStart();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      const parsed = parseJson(value);
      if (parsed !== undefined) return pretty(parsed);
    }
    // A JSON string literal (how a tool's string result is recorded) reads better unquoted.
    if (trimmed.startsWith('"')) {
      const parsed = parseJson(value);
      if (typeof parsed === 'string') return parsed;
    }
    return value;
  }
  return pretty(value);
}

function pretty(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Every string inside recorded content, for free-text search (the JSON's keys and quoting left out). */
export function contentStrings(text: string, into: string[]): void {
  const parsed = parseJson(text);
  if (parsed === undefined) {
    into.push(text);
    return;
  }
  const visit = (v: unknown): void => {
    if (typeof v === 'string') into.push(v);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (isObject(v)) Object.values(v).forEach(visit);
  };
  visit(parsed);
}
