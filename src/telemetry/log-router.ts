/**
 * Where captured log records go: those of a sampled session to the local store (a `log` line in
 * the session's file) and, when OTLP is on, to the logger provider (OTLP logs, with the record's
 * trace and span ids and `session.id`); those of a held session to the keep-failed buffer, which
 * delivers them here if the session is rescued.
 */
import { ROOT_CONTEXT, trace, TraceFlags, type Logger, type LogRecord } from '@opentelemetry/api';
import type { LogSink } from '../logs/log-capture';
import type { CapturedLog } from '../logs/log-record';
import { ATTR_SESSION_ID } from '../semconv';
import type { Session } from '../session/session';
import type { LocalStoreExporter } from './exporters/local-store-exporter';
import type { SessionSampling } from './sampling/session-sampling';

/** A captured record as an OpenTelemetry log record. */
export function toOtelLogRecord(record: CapturedLog): LogRecord {
  return {
    timestamp: record.timeMs,
    observedTimestamp: record.timeMs,
    severityNumber: record.severity.number,
    severityText: record.severity.text,
    body: record.body,
    attributes: { ...record.attributes, [ATTR_SESSION_ID]: record.sessionId },
    // Delivered records belong to kept sessions (sampled, or rescued).
    context: trace.setSpanContext(ROOT_CONTEXT, { traceId: record.traceId, spanId: record.spanId, traceFlags: TraceFlags.SAMPLED }),
  };
}

export class LogRouter implements LogSink {
  constructor(
    private readonly localStore: LocalStoreExporter | undefined,
    private readonly otlpLogger: Logger | undefined,
    private readonly sampling: SessionSampling,
  ) {}

  /** Whether records go anywhere (the local store, or OTLP): without either, there is nothing to capture for. */
  get takesRecords(): boolean {
    return this.localStore !== undefined || this.otlpLogger !== undefined;
  }

  write(record: CapturedLog, session: Session): void {
    if (session.span.spanContext().traceFlags & TraceFlags.SAMPLED) this.deliver(record);
    else this.sampling.holdLog(record);
  }

  /** Sends a record of a kept session on. */
  deliver(record: CapturedLog): void {
    this.localStore?.writeLog(record);
    this.otlpLogger?.emit(toOtelLogRecord(record));
  }
}
