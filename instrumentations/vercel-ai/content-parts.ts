/**
 * The AI SDK's model prompt and model output as semconv message parts. The prompt a model call
 * receives is the SDK's standardized one (`{ role: 'system', content: string }`, and user,
 * assistant and tool messages whose content is a list of parts); the output is the call's
 * `content` list (`text`, `reasoning`, `tool-call`, `file`, ...). Files are recorded as `uri`
 * placeholders or `omitted` with their size, never their bytes. Pure functions, used only when
 * content capture is on.
 */
import { isObject, obj, str, type Json } from '../../src/json-values';
import {
  base64Size,
  parseArguments,
  type InputMessage,
  type MessagePart,
  type OmittedPart,
  type OutputMessage,
  type UriPart,
} from '../base/messages';

/** What a file part's media type (`image/png`, or in ai 7 just `image` for a URL) says about it. */
function modality(mediaType: string | undefined): OmittedPart['modality'] {
  const type = mediaType?.split('/')[0];
  return type === 'image' || type === 'audio' || type === 'video' ? type : 'file';
}

/** Bytes of inline file data (a `Uint8Array`, an `ArrayBuffer` or base64 text). */
function byteSize(data: unknown): number | undefined {
  if (data instanceof Uint8Array || data instanceof ArrayBuffer) return data.byteLength;
  if (typeof data === 'string') return base64Size(data);
  return undefined;
}

/**
 * A file part (`data` is a URL, a `Uint8Array`, base64 text, or in v4 a tagged
 * `{ type: 'url' | 'data' | 'text', ... }`) as a `uri` or `omitted` placeholder.
 */
function filePart(part: Json): UriPart | OmittedPart {
  const mediaType = str(part.mediaType) ?? str(part.mimeType);
  const kind = modality(mediaType);
  // A media type without a subtype (`image/*`, `image`) says no more than the modality.
  const mime = mediaType && !/^[a-z]+(\/\*)?$/.test(mediaType) ? { mime_type: mediaType } : {};
  let data = part.data;
  if (isObject(data) && typeof data.type === 'string') {
    if (data.type === 'url') data = data.url;
    else if (data.type === 'text') return { type: 'omitted', modality: kind, ...mime, size_bytes: Buffer.byteLength(str(data.text) ?? '') };
    else data = data.data;
  }
  const url = data instanceof URL ? data.href : typeof data === 'string' && /^https?:\/\//.test(data) ? data : undefined;
  if (url && kind !== 'file') return { type: 'uri', modality: kind, uri: url, ...mime };
  const size = url ? undefined : byteSize(data);
  return { type: 'omitted', modality: kind, ...mime, ...(size !== undefined ? { size_bytes: size } : {}) };
}

/** What a tool result's `output` held (`{ type: 'text' | 'json' | 'error-text' | 'content', value }`). */
function toolOutput(output: unknown): unknown {
  if (!isObject(output)) return output;
  switch (output.type) {
    case 'text':
    case 'json':
    case 'error-text':
    case 'error-json':
      return output.value;
    case 'execution-denied':
      return { denied: true, ...(str(output.reason) ? { reason: str(output.reason) } : {}) };
    default:
      return output;
  }
}

/** One prompt or output part, or `undefined` for parts with nothing to record. */
export function contentPart(part: unknown): MessagePart | undefined {
  if (!isObject(part)) return undefined;
  switch (part.type) {
    case 'text':
      return { type: 'text', content: str(part.text) ?? '' };
    case 'reasoning':
      return { type: 'reasoning', content: str(part.text) ?? '' };
    case 'tool-call':
      return {
        type: 'tool_call',
        ...(str(part.toolCallId) ? { id: str(part.toolCallId) } : {}),
        name: str(part.toolName) ?? '',
        arguments: parseArguments(part.input ?? part.args),
      };
    case 'tool-result':
      return {
        type: 'tool_call_response',
        ...(str(part.toolCallId) ? { id: str(part.toolCallId) } : {}),
        response: toolOutput(part.output ?? part.result),
      };
    case 'file':
    case 'image':
      return filePart(part.type === 'image' ? { ...part, data: part.image } : part);
    default:
      // Sources, approvals, provider-specific parts: nothing readable to record.
      return undefined;
  }
}

/** The parts of a message's `content` (a string, or a list of parts). */
export function contentParts(content: unknown): MessagePart[] {
  if (typeof content === 'string') return [{ type: 'text', content }];
  if (!Array.isArray(content)) return [];
  const parts: MessagePart[] = [];
  for (const item of content) {
    const part = contentPart(item);
    if (part) parts.push(part);
  }
  return parts;
}

/**
 * A model call's prompt as system instructions (every system message, in order) and the other
 * messages in the semconv schema (tool results travel in `tool` messages).
 */
export function promptContent(prompt: unknown): { systemInstructions: MessagePart[]; inputMessages: InputMessage[] } {
  const systemInstructions: MessagePart[] = [];
  const inputMessages: InputMessage[] = [];
  for (const message of Array.isArray(prompt) ? prompt : []) {
    const m = obj(message);
    const role = str(m.role) ?? 'user';
    if (role === 'system') systemInstructions.push(...contentParts(m.content));
    else inputMessages.push({ role, parts: contentParts(m.content) });
  }
  return { systemInstructions, inputMessages };
}

/** A model call's output (`content` of a `doGenerate` result) as one assistant message. */
export function outputMessages(content: unknown, finishReason: string | undefined): OutputMessage[] {
  return [{ role: 'assistant', parts: contentParts(content), finish_reason: finishReason ?? '' }];
}
