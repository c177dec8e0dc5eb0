/**
 * The SessionExporter of the local store (format in `src/store/format.ts`): a session's start
 * record as it starts, its log records as they are written, its spans as they finish, its end
 * record (with the summary) right after its root span. Only sampled sessions have a file; a
 * sampled-out session rescued by keep-failed gets one at its end (`adopt`). Lines are buffered per
 * session file and appended asynchronously, one append per file at a time; `exportSync` writes
 * everything still buffered or being written, for exit.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SpanKind, SpanStatusCode, TraceFlags, type Attributes as OtelAttributes } from '@opentelemetry/api';
import { ExportResultCode, hrTimeToMilliseconds, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { getLogger } from '../../diag';
import type { CapturedLog } from '../../logs/log-record';
import { ATTR_AGENTSIGHT_SPAN_KIND, ATTR_SESSION_ID, SPAN_KIND } from '../../semconv';
import type { Session } from '../../session/session';
import type { SessionListener } from '../../session/session-manager';
import {
  SESSIONS_FOLDER,
  STORE_FORMAT_VERSION,
  encodeRecord,
  sessionFileName,
  type Attributes,
  type LogRecordRecord,
  type SessionEndRecord,
  type SpanRecord,
} from '../../store/format';
import type { SyncCapableExporter } from '../batch-processor';

const log = getLogger('local-store');

/** How long a log line may wait for its file's next write (the local store's span batch delay). */
const LOG_FLUSH_MS = 200;

interface FileState {
  /** Lines waiting to be appended. */
  buffer: string[];
  /** Lines handed to an append that has not completed. */
  writing: string[] | undefined;
}

export class LocalStoreExporter implements SyncCapableExporter, SessionListener {
  private readonly folder: string;
  private readonly files = new Map<string, FileState>();
  /** The file of each session this process has started, by session id. */
  private readonly sessionFiles = new Map<string, string>();
  /** End records waiting for their session's root span. */
  private readonly pendingEnds = new Map<string, SessionEndRecord>();
  private folderReady = false;
  private readonly idle: Array<() => void> = [];
  /** Writes the log lines still waiting (unref'd: never holds the process). */
  private logTimer: NodeJS.Timeout | undefined;

  constructor(
    dir: string,
    private readonly serviceName: string,
  ) {
    this.folder = path.join(dir, SESSIONS_FOLDER);
  }

  onSessionStart(session: Session): void {
    if ((session.span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    this.open(session);
  }

  /**
   * Takes a sampled-out session that was kept after all (it failed), at its end: its start record
   * now, its end record after its root span (which the rescue exports next).
   */
  adopt(session: Session): void {
    if (this.sessionFiles.has(session.id)) return;
    this.open(session);
    this.onSessionEnd(session);
  }

  /**
   * Appends a log record to its session's file (a session of this process that has one). Lines go
   * out with the file's next write (its spans, its end record) or within `LOG_FLUSH_MS`, not in a
   * write of their own each: a chatty session would otherwise cost an append per line.
   */
  writeLog(record: CapturedLog): void {
    const file = this.sessionFiles.get(record.sessionId);
    if (!file) return;
    this.bufferFor(file).buffer.push(encodeRecord(toLogRecord(record)));
    if (!this.logTimer) {
      this.logTimer = setTimeout(() => {
        this.logTimer = undefined;
        this.writeBuffered();
      }, LOG_FLUSH_MS);
      this.logTimer.unref();
    }
  }

  /** Starts a write for every file with lines waiting and none in flight. */
  private writeBuffered(): void {
    for (const [file, state] of this.files) if (!state.writing && state.buffer.length > 0) this.writeNext(file, state);
  }

  private open(session: Session): void {
    const file = path.join(this.folder, sessionFileName(session.startMs, session.id));
    this.sessionFiles.set(session.id, file);
    this.append(file, [
      encodeRecord({
        t: 'session_start',
        v: STORE_FORMAT_VERSION,
        id: session.id,
        name: session.name,
        tags: [...session.tags],
        attributes: {},
        startMs: session.startMs,
        pid: process.pid,
        hostname: os.hostname(),
        serviceName: this.serviceName,
        auto: session.auto,
      }),
    ]);
  }

  onSessionEnd(session: Session): void {
    if (!this.sessionFiles.has(session.id)) return;
    this.pendingEnds.set(session.id, {
      t: 'session_end',
      v: STORE_FORMAT_VERSION,
      id: session.id,
      endMs: Date.now(),
      state: session.state ?? 'indeterminate',
      ...(session.endReason !== undefined ? { reason: session.endReason } : {}),
      summary: session.scope.totals.toRollup(),
    });
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    try {
      for (const [file, lines] of this.linesByFile(spans)) this.append(file, lines);
      resultCallback({ code: ExportResultCode.SUCCESS });
    } catch (error) {
      resultCallback({ code: ExportResultCode.FAILED, error: error as Error });
    }
  }

  exportSync(spans: ReadableSpan[]): void {
    for (const [file, lines] of this.linesByFile(spans)) this.bufferFor(file).buffer.push(...lines);
    this.writeAllSync();
  }

  /** Writes everything buffered or being written, synchronously (for exit). */
  writeAllSync(): void {
    for (const [file, state] of this.files) {
      const lines = [...(state.writing ?? []), ...state.buffer];
      state.buffer = [];
      state.writing = undefined;
      if (lines.length === 0) continue;
      try {
        this.ensureFolder();
        fs.appendFileSync(file, lines.join(''));
      } catch (err) {
        log.once('warn', 'write', `cannot write to the local store at ${this.folder}: ${String(err)}`);
      }
    }
    this.files.clear();
  }

  /** Waits until everything buffered so far is on disk. */
  forceFlush(): Promise<void> {
    this.writeBuffered();
    if ([...this.files.values()].every((s) => !s.writing && s.buffer.length === 0)) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  shutdown(): Promise<void> {
    return this.forceFlush();
  }

  private linesByFile(spans: ReadableSpan[]): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const span of spans) {
      const sessionId = span.attributes[ATTR_SESSION_ID];
      if (typeof sessionId !== 'string') continue; // not part of a session: not for this store
      const file = this.sessionFiles.get(sessionId);
      if (!file) continue; // a session of another process or an unsampled one
      let lines = out.get(file);
      if (!lines) {
        lines = [];
        out.set(file, lines);
      }
      lines.push(encodeRecord(toSpanRecord(span, sessionId)));
      if (span.attributes[ATTR_AGENTSIGHT_SPAN_KIND] === SPAN_KIND.SESSION && !span.parentSpanContext) {
        const end = this.pendingEnds.get(sessionId);
        if (end) {
          lines.push(encodeRecord(end));
          this.pendingEnds.delete(sessionId);
          this.sessionFiles.delete(sessionId);
        }
      }
    }
    return out;
  }

  private bufferFor(file: string): FileState {
    let state = this.files.get(file);
    if (!state) {
      state = { buffer: [], writing: undefined };
      this.files.set(file, state);
    }
    return state;
  }

  private append(file: string, lines: string[]): void {
    const state = this.bufferFor(file);
    state.buffer.push(...lines);
    if (!state.writing) this.writeNext(file, state);
  }

  private writeNext(file: string, state: FileState): void {
    if (state.buffer.length === 0) {
      state.writing = undefined;
      if (this.files.get(file) === state) this.files.delete(file);
      this.notifyIfIdle();
      return;
    }
    const lines = state.buffer;
    state.buffer = [];
    state.writing = lines;
    try {
      this.ensureFolder();
    } catch (err) {
      log.once('warn', 'write', `cannot create the local store at ${this.folder}: ${String(err)}`);
      state.writing = undefined;
      this.notifyIfIdle();
      return;
    }
    fs.appendFile(file, lines.join(''), (err) => {
      if (err) log.once('warn', 'write', `cannot write to the local store at ${this.folder}: ${String(err)}`);
      // writeAllSync at exit may have taken over this file meanwhile.
      if (state.writing === lines) this.writeNext(file, state);
    });
  }

  private notifyIfIdle(): void {
    if (this.files.size > 0) return;
    for (const resolve of this.idle.splice(0)) resolve();
  }

  private ensureFolder(): void {
    if (this.folderReady) return;
    fs.mkdirSync(this.folder, { recursive: true });
    this.folderReady = true;
  }
}

const KIND_NAMES: Record<SpanKind, string> = {
  [SpanKind.INTERNAL]: 'INTERNAL',
  [SpanKind.SERVER]: 'SERVER',
  [SpanKind.CLIENT]: 'CLIENT',
  [SpanKind.PRODUCER]: 'PRODUCER',
  [SpanKind.CONSUMER]: 'CONSUMER',
};

const STATUS_NAMES = { [SpanStatusCode.UNSET]: 'UNSET', [SpanStatusCode.OK]: 'OK', [SpanStatusCode.ERROR]: 'ERROR' } as const;

function toAttributes(attributes: OtelAttributes): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== undefined) out[key] = value as Attributes[string];
  }
  return out;
}

function toLogRecord(record: CapturedLog): LogRecordRecord {
  return {
    t: 'log',
    v: STORE_FORMAT_VERSION,
    sessionId: record.sessionId,
    traceId: record.traceId,
    spanId: record.spanId,
    timeMs: record.timeMs,
    severityNumber: record.severity.number,
    severityText: record.severity.text,
    body: record.body,
    attributes: toAttributes(record.attributes),
  };
}

function toSpanRecord(span: ReadableSpan, sessionId: string): SpanRecord {
  const ctx = span.spanContext();
  const parent = span.parentSpanContext?.spanId;
  return {
    t: 'span',
    v: STORE_FORMAT_VERSION,
    sessionId,
    traceId: ctx.traceId,
    spanId: ctx.spanId,
    ...(parent ? { parentSpanId: parent } : {}),
    name: span.name,
    kind: KIND_NAMES[span.kind] ?? 'INTERNAL',
    startMs: hrTimeToMilliseconds(span.startTime),
    endMs: hrTimeToMilliseconds(span.endTime),
    status: {
      code: STATUS_NAMES[span.status.code],
      ...(span.status.message ? { message: span.status.message } : {}),
    },
    attributes: toAttributes(span.attributes),
    events: span.events.map((e) => ({
      name: e.name,
      timeMs: hrTimeToMilliseconds(e.time),
      attributes: toAttributes(e.attributes ?? {}),
    })),
  };
}
