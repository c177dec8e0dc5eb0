/**
 * Recorded content as a chat: one bubble per message, with its role, and each part as what it is
 * (text, a tool call and its arguments, a tool's result, thinking, media). Content is untrusted and
 * only ever rendered as text: no HTML of it, and no link made from a recorded URI.
 */
import type { ChatMessage, ChatPart, Conversation } from '../../src/ui/api-types';
import { formatBytes } from '../format';

export function ChatView({ conversation }: { conversation: Conversation }) {
  return (
    <section class="chat" aria-label="conversation">
      {conversation.system ? <Message message={conversation.system} /> : null}
      {conversation.input.map((m, i) => (
        <Message key={`in-${i}`} message={m} />
      ))}
      {conversation.output.length > 0 ? <div class="chat-divider">response</div> : null}
      {conversation.output.map((m, i) => (
        <Message key={`out-${i}`} message={m} output />
      ))}
      {conversation.raw.map((r) => (
        <div class="chat-raw" key={r.attribute}>
          <p class="muted">
            <code>{r.attribute}</code> is not valid JSON (content is cut at <code>AGENTSIGHT_CONTENT_MAX_CHARS</code>); as recorded:
          </p>
          <pre class="chat-raw-text">{r.text}</pre>
        </div>
      ))}
    </section>
  );
}

function Message({ message, output }: { message: ChatMessage; output?: boolean }) {
  const role = message.role;
  const known = ['system', 'user', 'assistant', 'tool'].includes(role) ? role : 'other';
  return (
    <div class={`msg msg-${known}${output ? ' msg-output' : ''}`} data-role={role}>
      <div class="msg-head">
        <span class="msg-role">{role}</span>
        {message.name ? <span class="msg-name">{message.name}</span> : null}
        {message.finishReason ? <span class="msg-finish">finish: {message.finishReason}</span> : null}
      </div>
      {message.parts.length === 0 ? <p class="muted">(no content)</p> : null}
      {message.parts.map((part, i) => (
        <Part key={i} part={part} />
      ))}
    </div>
  );
}

function Part({ part }: { part: ChatPart }) {
  switch (part.type) {
    case 'text':
      return <div class="part-text">{part.content}</div>;
    case 'reasoning':
      return (
        <details class="part-thinking">
          <summary class="part-thinking-summary">thinking</summary>
          <div class="part-text">{part.content}</div>
        </details>
      );
    case 'tool_call':
      return (
        <div class="part-tool-call">
          <div class="part-label">
            calls tool <strong>{part.name}</strong>
            {part.id ? <span class="muted"> · {part.id}</span> : null}
          </div>
          {part.arguments !== null ? <pre class="part-code">{part.arguments}</pre> : null}
        </div>
      );
    case 'tool_call_response':
      return (
        <div class="part-tool-result">
          <div class="part-label">tool result{part.id ? <span class="muted"> · {part.id}</span> : null}</div>
          <pre class="part-code">{part.response}</pre>
        </div>
      );
    case 'uri':
      return (
        <div class="part-media">
          {part.modality}
          {part.mimeType ? ` (${part.mimeType})` : ''}: <code>{part.uri}</code>
        </div>
      );
    case 'omitted':
      return (
        <div class="part-media muted">
          [{part.modality} not recorded{part.mimeType ? `, ${part.mimeType}` : ''}
          {part.sizeBytes !== null ? `, ${formatBytes(part.sizeBytes)}` : ''}]
        </div>
      );
    case 'other':
      return <pre class="part-other">{part.json}</pre>;
  }
}
