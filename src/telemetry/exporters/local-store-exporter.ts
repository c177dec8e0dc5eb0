/**
 * The SessionExporter of the local store (format in `src/store/format.ts`): a session's start
 * record as it starts, its log records as they are written, its spans as they finish, its end
 * record (with the summary) right after its root span. Only sampled sessions have a file; a
 * sampled-out session rescued by keep-failed gets one at its end (`adopt`). A part of a session started in another process gets a file of its own: its
 * start record with its first span, its spans, its end record when it ends. Lines are buffered per
 * file and appended asynchronously, one append per file at a time; `exportSync` writes everything
 * still buffered or being written, for exit. The store is private to its owner (folders 0700,
 * files 0600: `src/store/private-folder.ts`).
 *
 * Memory stays bounded when the disk is slower than the spans: the lines waiting for the disk are
 * held up to a bound (`MAX_PENDING_SPANS`, `MAX_PENDING_BYTES`); past it an export completes only
 * once the disk has caught up, which holds the batch processor's one export in flight, and its
 * bounded queue absorbs the rest (what does not fit is dropped and counted there). Spans lost to a
 * failed write (unwritable folder, disk full) are counted by export health; a write is not retried
 * (a partial append would be written twice).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SpanKind, SpanStatusCode, TraceFlags, type Attributes as OtelAttributes } from '@opentelemetry/api';
import { ExportResultCode, hrTimeToMilliseconds, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { getLogger } from '../../diag';
import type { CapturedLog } from '../../logs/log-record';
import { ATTR_AGENTSIGHT_SPAN_KIND, ATTR_SESSION_ID, EXPORT_DROP_REASON, EXPORT_SIGNAL, SPAN_KIND } from '../../semconv';
import type { Session } from '../../session/session';
import { MAX_OPEN_PARTS, type SessionListener } from '../../session/session-manager';
import type { SessionPart } from '../../session/session-part';
import {
  SESSIONS_FOLDER,
  STORE_FORMAT_VERSION,
  encodeRecord,
  partFileName,
  sessionFileName,
  type Attributes,
  type LogRecordRecord,
  type SessionEndRecord,
  type SpanRecord,
} from '../../store/format';
import { PRIVATE_FILE_MODE, makePrivateFolder } from '../../store/private-folder';
import type { SyncCapableExporter } from '../batch-processor';
import { recordDropped } from '../export-health';

const log = getLogger('local-store');

/** The most spans held in memory waiting for the disk before exports wait (backpressure). */
export const MAX_PENDING_SPANS = 4096;
/** The most bytes (of lines) held in memory waiting for the disk before exports wait. */
const MAX_PENDING_BYTES = 8 * 1024 * 1024;
/** How long a log line may wait for its file's next write (the local store's span batch delay). */
const LOG_FLUSH_MS = 200;

/** Lines for one file from one export (or one session record). */
interface Chunk {
  text: string;
  /** How many of the lines are spans (what a failed write loses). */
  spans: number;
}

interface FileState {
  /** Chunks waiting to be appended. */
  buffer: Chunk[];
  /** Chunks handed to an append that has not completed. */
  writing: Chunk[] | undefined;
}

export class LocalStoreExporter implements SyncCapableExporter, SessionListener {
  private readonly folder: string;
  private readonly files = new Map<string, FileState>();
  /** The file of each session this process has started, by session id. */
  private readonly sessionFiles = new Map<string, string>();
  /**
   * The file of each part of a remote session this process has worked on, by session id. Kept
   * after the part ends (spans of it may still be on their way), the oldest forgotten first.
   */
  private readonly partFiles = new Map<string, string>();
  /** The files of sessions that ended lately, for spans that end after their session. */
  private readonly endedFiles = new Map<string, string>();
  /** End records waiting for their session's root span. */
  private readonly pendingEnds = new Map<string, SessionEndRecord>();
  private folderReady = false;
  /** Session files this process has created (each made exactly 0600 after its first write). */
  private readonly created = new Set<string>();
  private readonly idle: Array<() => void> = [];
  /** What the buffers hold until the disk has it, and the exports waiting for room. */
  private pendingSpans = 0;
  private pendingBytes = 0;
  private readonly waitingForRoom: Array<() => void> = [];
  /** Spans an export has handed over (written or waiting to be): not written again at exit. */
  private readonly held = new WeakSet<ReadableSpan>();
  /** Writes the log lines still waiting (unref'd: never holds the process). */
  private logTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dir: string,
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
   * Appends a log record to its session's file (a session of this process, or this process's part
   * of a session started elsewhere). Lines go out with the file's next write (its spans, its end
   * record) or within `LOG_FLUSH_MS`, not in a write of their own each: a chatty session would
   * otherwise cost an append per line.
   */
  writeLog(record: CapturedLog): void {
    const file = this.sessionFiles.get(record.sessionId) ?? this.partFiles.get(record.sessionId);
    if (!file) return;
    const text = encodeRecord(toLogRecord(record));
    this.bufferFor(file).buffer.push({ text, spans: 0 });
    this.pendingBytes += text.length;
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
    const text = encodeRecord({
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
    });
    this.append(file, { text, spans: 0 });
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

  onPartStart(part: SessionPart): void {
    const file = path.join(this.folder, partFileName(part.startMs, part.sessionId, process.pid, part.partId));
    this.rememberLate(this.partFiles, part.sessionId, file, MAX_OPEN_PARTS * 2);
    const text = encodeRecord({
      t: 'part_start',
      v: STORE_FORMAT_VERSION,
      sessionId: part.sessionId,
      partId: part.partId,
      traceId: part.traceId,
      parentSpanId: part.parentSpanId,
      startMs: part.startMs,
      pid: process.pid,
      hostname: os.hostname(),
      serviceName: this.serviceName,
    });
    this.append(file, { text, spans: 0 });
  }

  onPartEnd(part: SessionPart): void {
    const file = this.partFiles.get(part.sessionId);
    if (!file) return;
    const text = encodeRecord({
      t: 'part_end',
      v: STORE_FORMAT_VERSION,
      sessionId: part.sessionId,
      partId: part.partId,
      endMs: Date.now(),
      summary: part.scope.totals.toRollup(),
    });
    this.append(file, { text, spans: 0 });
  }

  /**
   * Takes `spans` into the buffers; succeeds at once while the buffers are within their bound, else
   * once the disk has caught up. Spans lost to a failed write are counted here, never failed.
   */
  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    let chunks: Map<string, Chunk>;
    try {
      chunks = this.chunksByFile(spans);
    } catch (error) {
      resultCallback({ code: ExportResultCode.FAILED, error: error as Error });
      return;
    }
    for (const span of spans) this.held.add(span);
    for (const [file, chunk] of chunks) this.append(file, chunk);
    const done = (): void => resultCallback({ code: ExportResultCode.SUCCESS });
    if (this.hasRoom()) done();
    else this.waitingForRoom.push(done);
  }

  exportSync(spans: ReadableSpan[]): void {
    // Spans an export already handed over are in the buffers (or on disk) already.
    for (const [file, chunk] of this.chunksByFile(spans.filter((s) => !this.held.has(s)))) {
      this.bufferFor(file).buffer.push(chunk);
      this.pendingSpans += chunk.spans;
      this.pendingBytes += chunk.text.length;
    }
    this.writeAllSync();
  }

  /** Writes everything buffered or being written, synchronously (for exit). */
  writeAllSync(): void {
    for (const [file, state] of this.files) {
      const chunks = [...(state.writing ?? []), ...state.buffer];
      state.buffer = [];
      state.writing = undefined;
      if (chunks.length === 0) continue;
      try {
        this.ensureFolder();
        fs.appendFileSync(file, chunks.map((c) => c.text).join(''), { mode: PRIVATE_FILE_MODE });
        if (!this.created.has(file)) {
          fs.chmodSync(file, PRIVATE_FILE_MODE);
          this.created.add(file);
        }
        this.settle(chunks);
      } catch (err) {
        this.settle(chunks, err);
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

  private chunksByFile(spans: ReadableSpan[]): Map<string, Chunk> {
    const out = new Map<string, Chunk>();
    for (const span of spans) {
      const sessionId = span.attributes[ATTR_SESSION_ID];
      if (typeof sessionId !== 'string') continue; // not part of a session: not for this store
      const file = this.sessionFiles.get(sessionId) ?? this.partFiles.get(sessionId) ?? this.endedFiles.get(sessionId);
      if (!file) continue; // a session of another process or an unsampled one
      let chunk = out.get(file);
      if (!chunk) {
        chunk = { text: '', spans: 0 };
        out.set(file, chunk);
      }
      chunk.text += encodeRecord(toSpanRecord(span, sessionId));
      chunk.spans++;
      if (span.attributes[ATTR_AGENTSIGHT_SPAN_KIND] === SPAN_KIND.SESSION && !span.parentSpanContext) {
        const end = this.pendingEnds.get(sessionId);
        if (end) {
          chunk.text += encodeRecord(end);
          this.pendingEnds.delete(sessionId);
          this.sessionFiles.delete(sessionId);
          // Work that outlives its session (a delegation answered later) still lands in its file.
          this.rememberLate(this.endedFiles, sessionId, file);
        }
      }
    }
    return out;
  }

  /** Keeps `file` under `sessionId` in a bounded map, the oldest forgotten first. */
  private rememberLate(map: Map<string, string>, sessionId: string, file: string, size = 1000): void {
    map.delete(sessionId);
    map.set(sessionId, file);
    if (map.size > size) map.delete(map.keys().next().value as string);
  }

  private bufferFor(file: string): FileState {
    let state = this.files.get(file);
    if (!state) {
      state = { buffer: [], writing: undefined };
      this.files.set(file, state);
    }
    return state;
  }

  private append(file: string, chunk: Chunk): void {
    const state = this.bufferFor(file);
    state.buffer.push(chunk);
    this.pendingSpans += chunk.spans;
    this.pendingBytes += chunk.text.length;
    if (!state.writing) this.writeNext(file, state);
  }

  private hasRoom(): boolean {
    return this.pendingSpans <= MAX_PENDING_SPANS && this.pendingBytes <= MAX_PENDING_BYTES;
  }

  private writeNext(file: string, state: FileState): void {
    if (state.buffer.length === 0) {
      state.writing = undefined;
      if (this.files.get(file) === state) this.files.delete(file);
      this.notifyIfIdle();
      return;
    }
    const chunks = state.buffer;
    state.buffer = [];
    state.writing = chunks;
    try {
      this.ensureFolder();
    } catch (err) {
      state.writing = undefined;
      this.settle(chunks, err);
      this.writeNext(file, state);
      return;
    }
    fs.appendFile(file, chunks.map((c) => c.text).join(''), { mode: PRIVATE_FILE_MODE }, (err) => {
      // writeAllSync at exit may have taken over this file meanwhile (and settled the chunks).
      if (state.writing !== chunks) return;
      // A umask removes bits only, so the file was never more open than 0600; this makes it exact.
      if (!err && !this.created.has(file)) {
        this.created.add(file);
        fs.chmod(file, PRIVATE_FILE_MODE, () => undefined);
      }
      this.settle(chunks, err ?? undefined);
      this.writeNext(file, state);
    });
  }

  /** `chunks` are written, or lost to `error` (the spans among them counted as dropped): room for more. */
  private settle(chunks: Chunk[], error?: unknown): void {
    for (const chunk of chunks) {
      this.pendingSpans -= chunk.spans;
      this.pendingBytes -= chunk.text.length;
    }
    if (error !== undefined) {
      log.once('warn', 'write', `cannot write to the local store at ${this.folder}: ${String(error)}`);
      const spans = chunks.reduce((n, c) => n + c.spans, 0);
      recordDropped(
        EXPORT_SIGNAL.TRACES,
        EXPORT_DROP_REASON.EXPORT_FAILED,
        spans,
        `local store: cannot write to ${this.folder}: ${String(error)}`,
      );
    }
    while (this.waitingForRoom.length > 0 && this.hasRoom()) this.waitingForRoom.shift()!();
  }

  private notifyIfIdle(): void {
    if (this.files.size > 0) return;
    for (const resolve of this.idle.splice(0)) resolve();
  }

  private ensureFolder(): void {
    if (this.folderReady) return;
    const warning = makePrivateFolder(this.dir, this.folder);
    this.folderReady = true;
    if (warning) log.warn(warning);
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

/**
 * A span's attributes as a record's: the object itself, since the record is only serialized
 * (`JSON.stringify` leaves out the `undefined` values the OpenTelemetry type allows), not copied.
 */
function toAttributes(attributes: OtelAttributes): Attributes {
  return attributes as Attributes;
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
    ...(span.links.length > 0 ? { links: span.links.map((l) => ({ traceId: l.context.traceId, spanId: l.context.spanId })) } : {}),
  };
}
