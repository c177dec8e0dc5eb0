/**
 * Anthropic content blocks as semconv message parts: text, thinking (reasoning), `tool_use` and the
 * server tools' calls (tool calls), `tool_result` and the server tools' results (tool call
 * responses), images and documents as `uri` / `omitted` placeholders (never their bytes).
 * Pure functions over plain JSON; used for prompts, JSON responses and assembled streams alike.
 */
import { isObject, obj, str } from '../../src/json-values';
import { base64Size, textOrParts, type InputMessage, type MessagePart, type OmittedPart, type UriPart } from '../base/messages';

/** An image block's or a document block's `source`, as a placeholder. */
function sourcePart(modality: 'image' | 'file', source: unknown): UriPart | OmittedPart {
  const s = obj(source);
  const mime = str(s.media_type);
  const url = str(s.url);
  if (s.type === 'url' && url && modality === 'image') return { type: 'uri', modality, uri: url, ...(mime ? { mime_type: mime } : {}) };
  const data = str(s.data);
  return {
    type: 'omitted',
    modality,
    ...(mime ? { mime_type: mime } : s.type === 'text' ? { mime_type: 'text/plain' } : {}),
    ...(data !== undefined ? { size_bytes: s.type === 'base64' ? base64Size(data) : Buffer.byteLength(data) } : {}),
  };
}

/** What a tool result held: its text, or its parts when it held more than text. */
function toolResultContent(content: unknown): unknown {
  if (!Array.isArray(content)) return content;
  return textOrParts(blockParts(content));
}

/** One content block as a part, or `undefined` for blocks with nothing to record. */
export function blockPart(block: unknown): MessagePart | undefined {
  if (!isObject(block)) return undefined;
  const type = str(block.type) ?? '';
  switch (type) {
    case 'text':
      return { type: 'text', content: str(block.text) ?? '' };
    case 'thinking':
      return { type: 'reasoning', content: str(block.thinking) ?? '' };
    case 'image':
      return sourcePart('image', block.source);
    case 'document':
      return sourcePart('file', block.source);
    case 'tool_use':
    case 'server_tool_use':
    case 'mcp_tool_use':
      return { type: 'tool_call', ...(str(block.id) ? { id: str(block.id) } : {}), name: str(block.name) ?? '', arguments: block.input };
    case 'tool_result':
    case 'mcp_tool_result':
      return {
        type: 'tool_call_response',
        ...(str(block.tool_use_id) ? { id: str(block.tool_use_id) } : {}),
        response: toolResultContent(block.content),
      };
    default:
      // Server tools' results (`web_search_tool_result`, `code_execution_tool_result`, ...).
      if (type.endsWith('_tool_result')) {
        return { type: 'tool_call_response', ...(str(block.tool_use_id) ? { id: str(block.tool_use_id) } : {}), response: block.content };
      }
      // redacted_thinking (encrypted), container uploads, search results: nothing readable.
      return undefined;
  }
}

/** The parts of a `content` field: a string, or an array of blocks. */
export function blockParts(content: unknown): MessagePart[] {
  if (typeof content === 'string') return [{ type: 'text', content }];
  if (!Array.isArray(content)) return [];
  const parts: MessagePart[] = [];
  for (const block of content) {
    const part = blockPart(block);
    if (part) parts.push(part);
  }
  return parts;
}

/** The request's `system` (a string or text blocks) as system instruction parts. */
export function systemParts(system: unknown): MessagePart[] {
  return blockParts(system);
}

/**
 * The request's `messages` in the semconv schema. Roles stay as Anthropic sends them: tool results
 * travel in `user` messages, as `tool_call_response` parts.
 */
export function inputMessages(messages: unknown): InputMessage[] {
  if (!Array.isArray(messages)) return [];
  return messages.filter(isObject).map((m) => ({ role: str(m.role) ?? 'user', parts: blockParts(m.content) }));
}
