/**
 * Export health: telemetry we could not deliver is counted, never silent.
 *
 * Every path that loses spans, log records or metric data points (a full queue, a failed or
 * timed-out export, a budget spent at exit, a store that cannot be written) calls `recordDropped`
 * with the signal, the reason, how many and why. Each kind (signal and reason) gets one warning
 * the first time; after that it is counted: in the `agentsight.export.dropped` counter (when a
 * meter is attached) and in the process-wide totals that `reportDropped` writes as one line at
 * shutdown and exit when more was lost than the warnings said. One small module, so that every
 * exporter path (spans, LogCapture's logs, metrics) counts the same way.
 */
import { type Attributes, type Counter, createNoopMeter, type Meter, type MeterProvider } from '@opentelemetry/api';
import { getLogger } from '../diag';
import {
  ATTR_ERROR_TYPE,
  ATTR_AGENTSIGHT_EXPORT_REASON,
  ATTR_AGENTSIGHT_EXPORT_SIGNAL,
  EXPORT_DROP_REASON,
  EXPORT_SIGNAL,
  METRIC_AGENTSIGHT_EXPORT_DROPPED,
  UNIT_ITEM,
  type ExportDropReason,
  type ExportSignal,
} from '../semconv';

const log = getLogger('export');

const NOUNS: Record<ExportSignal, [one: string, many: string]> = {
  traces: ['span', 'spans'],
  logs: ['log record', 'log records'],
  metrics: ['metric data point', 'metric data points'],
};
const items = (signal: ExportSignal, count: number): string => `${count} ${NOUNS[signal][count === 1 ? 0 : 1]}`;

/** An export that ran out of time (its own timeout, or the shutdown budget): reason `timeout`. */
export class ExportTimeoutError extends Error {
  override readonly name = 'ExportTimeoutError';
}

/** The drop reason of a failed export's error. */
export function dropReasonOf(error: unknown): ExportDropReason {
  return error instanceof ExportTimeoutError ? EXPORT_DROP_REASON.TIMEOUT : EXPORT_DROP_REASON.EXPORT_FAILED;
}

/** Items dropped so far in this process, by `signal/reason`. */
const totals = new Map<string, { signal: ExportSignal; reason: ExportDropReason; count: number }>();
/** How many of each kind the warnings (and the last report) already told. */
const told = new Map<string, number>();
let counter: Counter | undefined;

/**
 * Counts `count` items of `signal` that will never be exported, for `reason`; `cause` says what
 * happened in the first warning of this kind (e.g. `otlp traces: connect ECONNREFUSED 127.0.0.1:4318`).
 */
export function recordDropped(signal: ExportSignal, reason: ExportDropReason, count: number, cause: string): void {
  if (!(count > 0)) return;
  const key = `${signal}/${reason}`;
  const entry = totals.get(key) ?? { signal, reason, count: 0 };
  entry.count += count;
  totals.set(key, entry);
  try {
    counter?.add(count, { [ATTR_AGENTSIGHT_EXPORT_SIGNAL]: signal, [ATTR_AGENTSIGHT_EXPORT_REASON]: reason });
  } catch {
    // A meter that fails must not turn a lost export into a failing application.
  }
  if (told.has(key)) return;
  told.set(key, entry.count);
  log.warn(
    `${items(signal, count)} ${count === 1 ? 'was' : 'were'} not exported (${reason}): ${cause}; ` +
      `later ones are counted (${METRIC_AGENTSIGHT_EXPORT_DROPPED}) and reported at exit`,
  );
}

/** Records later drops on `meter` as the `agentsight.export.dropped` counter (none: totals only). */
export function attachDroppedCounter(meter: Meter | undefined): void {
  counter = meter?.createCounter(METRIC_AGENTSIGHT_EXPORT_DROPPED, {
    unit: UNIT_ITEM,
    description: 'Telemetry items (spans, log records, metric data points) that could not be exported',
  });
}

/** What was dropped in this process so far, by signal and reason. */
export function droppedTotals(): Array<{ signal: ExportSignal; reason: ExportDropReason; count: number }> {
  return [...totals.values()].map((entry) => ({ ...entry }));
}

/**
 * One warning with the totals, when more was dropped than the warnings told (called at shutdown
 * and exit), e.g. `in all, not exported: 5120 spans (queue_full 5000, timeout 120)`.
 */
export function reportDropped(): void {
  const untold = [...totals].some(([key, entry]) => (told.get(key) ?? 0) < entry.count);
  if (!untold) return;
  const bySignal = new Map<ExportSignal, Array<{ reason: ExportDropReason; count: number }>>();
  for (const [key, entry] of totals) {
    told.set(key, entry.count);
    bySignal.set(entry.signal, [...(bySignal.get(entry.signal) ?? []), entry]);
  }
  const parts = [...bySignal].map(([signal, entries]) => {
    const sum = entries.reduce((n, e) => n + e.count, 0);
    return `${items(signal, sum)} (${entries.map((e) => `${e.reason} ${e.count}`).join(', ')})`;
  });
  log.warn(`in all, not exported: ${parts.join('; ')}`);
}

/**
 * The OpenTelemetry log SDK's batch processor drops the records its full queue has no room for,
 * and says so only to its self-observability meter (`otel.sdk.processor.log.processed` with
 * `error.type=queue_full`). Given as its `selfObsMeterProvider`, this provider counts those drops
 * as ours; the processor's other measures (its failed exports, which our exporter counts
 * already, its queue size) go nowhere.
 */
export function logQueueDrops(queueSize: number): MeterProvider {
  const noop = createNoopMeter();
  const processed: Counter = {
    add(value: number, attributes?: Attributes): void {
      if (attributes?.[ATTR_ERROR_TYPE] !== EXPORT_DROP_REASON.QUEUE_FULL) return;
      recordDropped(
        EXPORT_SIGNAL.LOGS,
        EXPORT_DROP_REASON.QUEUE_FULL,
        value,
        `OTLP logs: queue full (${queueSize} log records); dropping log records until it drains`,
      );
    },
  };
  const meter: Meter = Object.assign(Object.create(noop) as Meter, { createCounter: () => processed });
  return { getMeter: () => meter };
}
