/**
 * The local store's format (documented in docs/local-store.md).
 *
 * A store is a folder (`AGENTSIGHT_DIR`, default `.agentsight`) with one append-only JSON Lines
 * file per session under `sessions/`, named `<start time, UTC, compact ISO>_<session id>.jsonl`
 * so that a plain sort lists sessions newest last. Each line is one record:
 *
 * - `session_start`: written when the session starts, so a running or crashed session is visible;
 * - `span`: one finished span of the session (the session's own root span comes last);
 * - `session_end`: written after the root span, with the summary (roll-ups) of the session.
 *
 * A session that other processes joined (propagated context, delegation) has one more file per
 * part, written by the process that did that part:
 * `<part start>_<session id>_<pid>-<part id>.jsonl`, with a `part_start` record (which process,
 * where the part hangs in the trace), its spans, and a `part_end` record with the part's roll-up.
 * A reader merges every file of one session id.
 *
 * Each file is written by one process, a whole line per write, so several processes can share a
 * store. A reader skips a line it cannot parse (a torn last line after a crash) with a warning; it
 * never fails on one.
 */
import type { Rollup } from '../accounting/rollup';
import type { SessionEndState } from '../semconv';

/** Version of the record format, in every record as `v`. */
export const STORE_FORMAT_VERSION = 1;
export const SESSIONS_FOLDER = 'sessions';
export const SESSION_FILE_SUFFIX = '.jsonl';

export type AttributeValue = string | number | boolean | (string | number | boolean | null)[];
export type Attributes = Record<string, AttributeValue>;

export interface SessionStartRecord {
  t: 'session_start';
  v: number;
  /** The session id (the trace id of the session's trace, 32 hex digits). */
  id: string;
  name: string;
  tags: string[];
  attributes: Attributes;
  /** Start time, milliseconds since the epoch (fractional). */
  startMs: number;
  pid: number;
  hostname: string;
  serviceName: string;
  /** `true` for the process-wide automatic session. */
  auto: boolean;
}

export interface SpanEventRecord {
  name: string;
  timeMs: number;
  attributes: Attributes;
}

export interface SpanRecord {
  t: 'span';
  v: number;
  sessionId: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** `INTERNAL`, `CLIENT`, `SERVER`, `PRODUCER` or `CONSUMER`. */
  kind: string;
  startMs: number;
  endMs: number;
  /** `UNSET`, `OK` or `ERROR`, with the message when there is one. */
  status: { code: 'UNSET' | 'OK' | 'ERROR'; message?: string };
  attributes: Attributes;
  events: SpanEventRecord[];
  /** The span's links (e.g. to the context an unverified delegation token claimed), when it has any. */
  links?: SpanLinkRecord[];
}

export interface SpanLinkRecord {
  traceId: string;
  spanId: string;
}

export interface SessionEndRecord {
  t: 'session_end';
  v: number;
  id: string;
  endMs: number;
  state: SessionEndState;
  reason?: string;
  /** The session's roll-up (`src/accounting/rollup.ts`). */
  summary: Rollup;
}

/**
 * One log record of the session (LogCapture: what the application wrote to the console while the
 * session was active), in the order written.
 */
export interface LogRecordRecord {
  t: 'log';
  v: number;
  sessionId: string;
  /** The span active when it was written, if any. */
  traceId?: string;
  spanId?: string;
  timeMs: number;
  /** OpenTelemetry severity number (1-24) and text (`INFO`, `WARN`, ...). */
  severityNumber: number;
  severityText: string;
  body: string;
  attributes: Attributes;
}

/**
 * The start of one process's part of a session started elsewhere: written when the first span of
 * the part starts.
 */
export interface PartStartRecord {
  t: 'part_start';
  v: number;
  /** The id of the session this is a part of. */
  sessionId: string;
  /** Tells the parts of one session apart (8 hex digits, also in the file name). */
  partId: string;
  /** The trace the part continues, and the remote span its first work hangs under. */
  traceId: string;
  parentSpanId: string;
  startMs: number;
  pid: number;
  hostname: string;
  serviceName: string;
}

/** The end of a part (at the process's exit or shutdown), with its roll-up. */
export interface PartEndRecord {
  t: 'part_end';
  v: number;
  sessionId: string;
  partId: string;
  endMs: number;
  /** The roll-up of what ran in this part (`src/accounting/rollup.ts`). */
  summary: Rollup;
}

export type StoreRecord = SessionStartRecord | SpanRecord | SessionEndRecord | LogRecordRecord | PartStartRecord | PartEndRecord;

/** `20261125T233547123Z`: sortable, and safe in file names on every platform. */
export function compactTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:.]/g, '');
}

/** The file name of a session's records. */
export function sessionFileName(startMs: number, sessionId: string): string {
  return `${compactTimestamp(startMs)}_${sessionId}${SESSION_FILE_SUFFIX}`;
}

/** The file name of one process's part of a session started elsewhere. */
export function partFileName(startMs: number, sessionId: string, pid: number, partId: string): string {
  return `${compactTimestamp(startMs)}_${sessionId}_${pid}-${partId}${SESSION_FILE_SUFFIX}`;
}

const FILE_NAME = /^\d{8}T\d{9}Z_([0-9a-f]{32})(_\d+-[0-9a-f]{8})?\.jsonl$/;

/** The session id in a session or part file's name, or `undefined` if the name is not one of ours. */
export function sessionIdFromFileName(fileName: string): string | undefined {
  return FILE_NAME.exec(fileName)?.[1];
}

/** Whether a file name (one of ours) is a part's, not the file of the process that started the session. */
export function isPartFileName(fileName: string): boolean {
  return FILE_NAME.exec(fileName)?.[2] !== undefined;
}

/** One record as one line (with its newline). */
export function encodeRecord(record: StoreRecord): string {
  return `${JSON.stringify(record)}\n`;
}
