/**
 * The OpenTelemetry GenAI message schema for recorded content (`gen_ai.input.messages`,
 * `gen_ai.output.messages`, `gen_ai.system_instructions`): messages with a role and a list of parts.
 * Providers map their own shapes onto these; the recorder serializes them only when content
 * capture is on.
 */

export interface TextPart {
  type: 'text';
  content: string;
}

export interface ToolCallPart {
  type: 'tool_call';
  id?: string;
  name: string;
  /** The arguments as the model produced them (parsed JSON when it parses, else the raw string). */
  arguments?: unknown;
}

export interface ToolCallResponsePart {
  type: 'tool_call_response';
  id?: string;
  response: unknown;
}

export interface ReasoningPart {
  type: 'reasoning';
  content: string;
}

export interface UriPart {
  type: 'uri';
  modality: 'image' | 'audio' | 'video';
  uri: string;
  mime_type?: string;
}

/**
 * Stands in for inline binary content (images, audio, files): we record what it was and its size,
 * never its bytes.
 */
export interface OmittedPart {
  type: 'omitted';
  modality: 'image' | 'audio' | 'video' | 'file';
  mime_type?: string;
  size_bytes?: number;
}

export type MessagePart = TextPart | ToolCallPart | ToolCallResponsePart | ReasoningPart | UriPart | OmittedPart;

export type Role = 'system' | 'user' | 'assistant' | 'tool' | (string & {});

export interface InputMessage {
  role: Role;
  parts: MessagePart[];
  name?: string;
}

export interface OutputMessage {
  role: Role;
  parts: MessagePart[];
  finish_reason: string;
}

/** The text of `parts`, joined (parts that are not text add nothing). */
export function joinedText(parts: readonly MessagePart[]): string {
  return parts.map((p) => (p.type === 'text' ? p.content : '')).join('');
}

/** What a tool result held: its text when all its parts are text, else the parts themselves. */
export function textOrParts(parts: MessagePart[]): string | MessagePart[] {
  return parts.every((p) => p.type === 'text') ? joinedText(parts) : parts;
}

/** Parses tool-call arguments when they are JSON, else keeps the raw string. */
export function parseArguments(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** Size of base64 data in bytes (without decoding it). */
export function base64Size(data: string): number {
  const clean = data.replace(/^data:[^,]*,/, '');
  const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((clean.length * 3) / 4) - padding);
}

/** A `uri` part for a URL, or an `omitted` part for a `data:` URL (its bytes are not recorded). */
export function mediaPart(modality: UriPart['modality'], url: string, mimeType?: string): UriPart | OmittedPart {
  if (url.startsWith('data:')) {
    const mime = /^data:([^;,]+)/.exec(url)?.[1] ?? mimeType;
    return { type: 'omitted', modality, ...(mime ? { mime_type: mime } : {}), size_bytes: base64Size(url) };
  }
  return { type: 'uri', modality, uri: url, ...(mimeType ? { mime_type: mimeType } : {}) };
}
