/**
 * A captured log record, as LogCapture hands it on: to the local store and OTLP when its session is
 * sampled, or to the keep-failed buffer when it is held. Severities follow the OpenTelemetry log
 * data model (severity number 1-24 and its short name).
 */
import type { Attributes } from '@opentelemetry/api';

export interface Severity {
  readonly number: number;
  readonly text: string;
}

/** The severities we write (the first of each OpenTelemetry range). */
export const SEVERITY = {
  TRACE: { number: 1, text: 'TRACE' },
  DEBUG: { number: 5, text: 'DEBUG' },
  INFO: { number: 9, text: 'INFO' },
  WARN: { number: 13, text: 'WARN' },
  ERROR: { number: 17, text: 'ERROR' },
  FATAL: { number: 21, text: 'FATAL' },
} as const satisfies Record<string, Severity>;

export interface CapturedLog {
  /** The session's id (its trace id). */
  readonly sessionId: string;
  /** The span active when it was written: the session's trace, and the innermost span (the session's own at least). */
  readonly traceId: string;
  readonly spanId: string;
  /** Milliseconds since the epoch, fractional, on the clock of the spans. */
  readonly timeMs: number;
  readonly severity: Severity;
  readonly body: string;
  /** Attributes of the record (`agentsight.log.source`, `code.function.name`, ...); `session.id` is added on export. */
  readonly attributes: Attributes;
}

/** Roughly the bytes a record takes (body in UTF-8, attribute names and values): what the caps count. */
export function logBytes(body: string, attributes: Attributes): number {
  let bytes = Buffer.byteLength(body, 'utf8');
  for (const key in attributes) {
    const value = attributes[key];
    bytes += key.length + (typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : 8);
  }
  return bytes;
}
