/**
 * What the caller of one scenario saw, reduced to what its LLM span must tell: how the call ended,
 * the error it got, and the message (or the part of it that arrived), reassembled here from the
 * raw events independently of the instrumentation's own stream mapping.
 */
import type { Observed } from '../../support/scenario-harness';

type Json = Record<string, unknown>;

export type Family = 'json' | 'stream' | 'helper';
export type Outcome = 'ok' | 'error' | 'stopped' | 'raw' | 'pending';

/** A message as the API sent it (or as much of it as arrived). */
export interface SeenMessage {
  id?: string;
  model?: string;
  stopReason?: string;
  usage: Json;
  /** Content blocks, streamed ones completed from their deltas. */
  content: Json[];
}

export interface CallerView {
  outcome: Outcome;
  error?: { class: string; message: string };
  message?: SeenMessage;
  /** The value of a non-message JSON call (a token count, a batch). */
  value?: Json;
  /** Whether any stream event reached the caller (time to first chunk is then recorded). */
  sawEvents: boolean;
  /** For `finalText()`: the only thing the caller saw. */
  text?: string;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** How each end case ends a call that does not fail. */
export const STOPPED_CASES: Readonly<Record<string, string>> = {
  'break after 2 events': 'caller_stopped',
  'iterator return()': 'caller_stopped',
  'aborted by signal after first event': 'abort',
  'stream.controller.abort()': 'abort',
  'break out of for await': 'abort',
  'abort()': 'abort',
  'aborted by signal': 'abort',
};

/** A message from raw stream events, as the API streamed it. */
export function messageFromEvents(events: unknown[]): SeenMessage | undefined {
  let message: SeenMessage | undefined;
  const blocks = new Map<number, Json & { json?: string }>();
  for (const event of events) {
    if (!isObject(event)) continue;
    if (event.type === 'message_start' && isObject(event.message)) {
      const m = event.message;
      message = { id: m.id as string, model: m.model as string, usage: { ...(m.usage as Json) }, content: [] };
    } else if (event.type === 'content_block_start' && isObject(event.content_block)) {
      // Fresh text: some MessageStreams grow the very block object of this event as deltas arrive.
      const block = { ...event.content_block };
      if (block.type === 'text') block.text = '';
      if (block.type === 'thinking') block.thinking = '';
      blocks.set(event.index as number, block);
    } else if (event.type === 'content_block_delta' && isObject(event.delta)) {
      const block = blocks.get(event.index as number);
      const delta = event.delta;
      if (!block) continue;
      if (delta.type === 'text_delta') block.text = String(block.text ?? '') + String(delta.text);
      if (delta.type === 'thinking_delta') block.thinking = String(block.thinking ?? '') + String(delta.thinking);
      if (delta.type === 'input_json_delta') block.json = (block.json ?? '') + String(delta.partial_json);
    } else if (event.type === 'message_delta' && message) {
      if (isObject(event.delta) && typeof event.delta.stop_reason === 'string') message.stopReason = event.delta.stop_reason;
      if (isObject(event.usage)) for (const [k, v] of Object.entries(event.usage)) if (v !== null && v !== undefined) message.usage[k] = v;
    }
  }
  if (message) {
    message.content = [...blocks.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, { json, ...block }]) => (json ? { ...block, input: JSON.parse(json) as unknown } : block));
  }
  return message;
}

function messageFromValue(value: unknown): SeenMessage | undefined {
  if (!isObject(value) || value.type !== 'message') return undefined;
  return {
    id: value.id as string,
    model: value.model as string,
    ...(typeof value.stop_reason === 'string' ? { stopReason: value.stop_reason } : {}),
    usage: (value.usage as Json) ?? {},
    content: (value.content as Json[]) ?? [],
  };
}

function errorOf(value: unknown): CallerView['error'] {
  const e = isObject(value) ? value : {};
  return { class: String(e.class), message: String(e.message) };
}

/** Events out of a `collect()` result, a `toReadableStream()` text, or a MessageStream's `seen` list. */
function eventsOf(observed: Json): unknown[] {
  if (Array.isArray(observed.items)) return observed.items;
  if (typeof observed.text === 'string' && observed.text.startsWith('{')) {
    return observed.text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as unknown);
  }
  if (Array.isArray(observed.seen)) {
    return (observed.seen as unknown[][]).filter((s) => s[0] === 'streamEvent').map((s) => s[1]);
  }
  return [];
}

/** The caller's view of one scenario, from what it observed. */
export function callerView(family: Family, caseName: string, observed: Observed): CallerView {
  const o = observed as Json;
  // An error before any stream (a collect() that failed mid-way keeps its items).
  if (isObject(o.error) && !Array.isArray(o.items)) return { outcome: 'error', error: errorOf(o.error), sawEvents: false };
  if (typeof o.body === 'string') return { outcome: 'raw', sawEvents: false };
  // A call that never settled (0.30 with a JSON body cut mid-way): its span ends at process exit.
  if (o.pending === true) return { outcome: 'pending', sawEvents: false };

  if (family === 'json') {
    const data = isObject(o.data) && 'unwrapped' in o.data ? o.data.unwrapped : o.data;
    const message = messageFromValue(data);
    return message ? { outcome: 'ok', message, sawEvents: false } : { outcome: 'ok', value: data as Json, sawEvents: false };
  }

  // Streams and helpers: the events that arrived, then how it ended.
  let events: unknown[];
  if (isObject(o.stream)) events = eventsOf(o.stream);
  else if (isObject(o.left)) events = eventsOf(o.left);
  else if (isObject(o.events)) events = eventsOf(o.events);
  else if (isObject(o.first))
    events = [
      o.first.value,
      ...(isObject(o.after) && isObject(o.after.value) && o.after.value.done === false ? [o.after.value.value] : []),
    ];
  else events = eventsOf(o);

  const stoppedBy = STOPPED_CASES[caseName];
  const final = isObject(o.final) && ('value' in o.final || 'error' in o.final || 'pending' in o.final) ? o.final : { value: o.final };
  const fromFinal = messageFromValue(final.value);
  const fromEvents = messageFromEvents(events);
  const message = fromEvents ?? fromFinal;
  const sawEvents = events.length > 0 || fromFinal !== undefined || typeof o.text === 'string';
  if (stoppedBy) return { outcome: 'stopped', ...(message ? { message } : {}), sawEvents };
  const streamError =
    o.end === 'error'
      ? o.error
      : isObject(o.stream) && o.stream.end === 'error'
        ? o.stream.error
        : isObject(final.error)
          ? final.error
          : undefined;
  if (streamError) return { outcome: 'error', error: errorOf(streamError), ...(message ? { message } : {}), sawEvents };
  if (typeof o.text === 'string' && !o.text.startsWith('{')) return { outcome: 'ok', text: o.text, sawEvents: true };
  return { outcome: 'ok', ...(message ? { message } : {}), sawEvents };
}
