/**
 * The keep-failed buffer: the spans and log records of sampled-out traces, held until each trace's
 * root ends, within a byte budget (`AGENTSIGHT_KEEP_FAILED_BUFFER_BYTES`). Sizes are estimates of
 * what a span or record holds (names, attribute keys and values, events), not of the heap. When an
 * addition takes the total over the budget, the oldest held trace is dropped (and reported through
 * `onEvict`), then the next oldest, until the total fits again; a single trace bigger than the
 * whole budget is dropped too.
 */
import type { AttributeValue, Attributes } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';

export interface HeldTrace<S, L> {
  readonly traceId: string;
  /** The session whose trace it is, when the trace is a session's. */
  session: S | undefined;
  /** Finished spans, in the order they ended. */
  readonly spans: ReadableSpan[];
  /** Log records, in the order written. */
  readonly logs: L[];
  bytes: number;
}

function valueBytes(value: AttributeValue | undefined): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) return value.reduce<number>((n, v) => n + (typeof v === 'string' ? v.length : 8), 0);
  return 8;
}

function attributesBytes(attributes: Attributes): number {
  let bytes = 0;
  for (const key in attributes) bytes += key.length + valueBytes(attributes[key]);
  return bytes;
}

/** Roughly what a finished span takes: a fixed part for ids and times, its name, attributes, events and links. */
export function spanBytes(span: ReadableSpan): number {
  let bytes = 200 + span.name.length + attributesBytes(span.attributes);
  for (const event of span.events) bytes += 40 + event.name.length + (event.attributes ? attributesBytes(event.attributes) : 0);
  for (const link of span.links) bytes += 60 + (link.attributes ? attributesBytes(link.attributes) : 0);
  return bytes;
}

export class HeldTraces<S, L> {
  /** Insertion order is age: the first entry is the oldest. */
  private readonly traces = new Map<string, HeldTrace<S, L>>();
  private total = 0;

  constructor(
    readonly budgetBytes: number,
    private readonly onEvict: (held: HeldTrace<S, L>) => void,
  ) {}

  /** Bytes held now (never above the budget once an addition returns). */
  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.traces.size;
  }

  get(traceId: string): HeldTrace<S, L> | undefined {
    return this.traces.get(traceId);
  }

  /** The trace's entry, made (as the newest) if it has none. */
  open(traceId: string, session?: S): HeldTrace<S, L> {
    let held = this.traces.get(traceId);
    if (!held) {
      held = { traceId, session, spans: [], logs: [], bytes: 0 };
      this.traces.set(traceId, held);
    } else if (session !== undefined) {
      held.session ??= session;
    }
    return held;
  }

  addSpan(traceId: string, span: ReadableSpan): void {
    const held = this.open(traceId);
    held.spans.push(span);
    this.grow(held, spanBytes(span));
  }

  addLog(traceId: string, record: L, bytes: number): void {
    const held = this.open(traceId);
    held.logs.push(record);
    this.grow(held, bytes);
  }

  /** Removes and returns the trace's entry. */
  take(traceId: string): HeldTrace<S, L> | undefined {
    const held = this.traces.get(traceId);
    if (!held) return undefined;
    this.traces.delete(traceId);
    this.total -= held.bytes;
    return held;
  }

  private grow(held: HeldTrace<S, L>, bytes: number): void {
    held.bytes += bytes;
    this.total += bytes;
    while (this.total > this.budgetBytes) {
      const oldest = this.traces.keys().next();
      if (oldest.done) break;
      const evicted = this.take(oldest.value);
      if (evicted) this.onEvict(evicted);
    }
  }
}
