/**
 * LogCapture: while a session is active, what the application writes through the console (and,
 * with `AGENTSIGHT_CAPTURE_STDIO`, straight to stdout/stderr, or through the pino and winston
 * streams) becomes log records of that session, handed to a `LogSink` (the local store and OTLP,
 * or the keep-failed buffer for a held session).
 *
 * A line belongs to the session of the active context, else to the automatic session if it has
 * already started (a log line never starts one). Sessions that do not record (sampled out, not
 * held) get nothing. Bodies are plain text (ANSI escapes removed). Each record's body is capped in characters and each session's records in
 * bytes; at the session's end its span says how many were recorded, dropped and truncated. With
 * no session open, a console call costs one test.
 */
import { stripVTControlCharacters } from 'node:util';
import { context, trace, type Attributes } from '@opentelemetry/api';
import { capString } from '../content/capped-json';
import { getLogger } from '../diag';
import {
  ATTR_AGENTSIGHT_LOG_SOURCE,
  ATTR_AGENTSIGHT_LOGS_DROPPED,
  ATTR_AGENTSIGHT_LOGS_RECORDED,
  ATTR_AGENTSIGHT_LOGS_TRUNCATED,
  type LogSource,
} from '../semconv';
import type { Session } from '../session/session';
import type { SessionListener, SessionManager } from '../session/session-manager';
import { captureSuspended, silently, uncaptured } from './capture-guard';
import { patchConsole, type ConsoleRecorder } from './console-capture';
import { logBytes, type CapturedLog, type Severity } from './log-record';

const log = getLogger('logs');

/** Where captured records go. */
export interface LogSink {
  /** Takes a record of `session` (a recording session: sampled, or held to be kept if it fails). */
  write(record: CapturedLog, session: Session): void;
}

export interface LogCaptureOptions {
  /** Longest body, in characters (`AGENTSIGHT_LOG_MAX_CHARS`). */
  maxChars: number;
  /** Bytes of records kept per session (`AGENTSIGHT_LOG_SESSION_MAX_BYTES`). */
  sessionMaxBytes: number;
  /** Also capture raw stdout/stderr writes (`AGENTSIGHT_CAPTURE_STDIO`). */
  stdio: boolean;
  /** The console to patch; default the global one. */
  console?: Console;
}

/** What a session's records came to. */
interface SessionCounts {
  bytes: number;
  recorded: number;
  dropped: number;
  truncated: number;
}

/** The wall clock minus the monotonic clock, at the last anchoring. */
let anchor = Date.now() - performance.now();

/**
 * Now in fractional milliseconds, on the spans' clock: the SDK starts each span at `Date.now()`
 * and measures on with the monotonic clock. The two drift apart, so the anchor follows the wall
 * clock whenever they differ by more than a millisecond, and a record is never earlier than
 * `Date.now()` (so never before the start of the span it was written in).
 */
function nowMs(): number {
  const wall = Date.now();
  const mono = performance.now();
  let t = anchor + mono;
  if (Math.abs(t - wall) > 1) {
    anchor = wall - mono;
    t = wall;
  }
  return Math.max(t, wall);
}

export class LogCapture implements ConsoleRecorder<Session>, SessionListener {
  private isActive = false;
  private readonly counts = new WeakMap<Session, SessionCounts>();
  private restores: Array<() => void> = [];

  constructor(
    private readonly sessions: SessionManager,
    private readonly sink: LogSink,
    private readonly options: LogCaptureOptions,
  ) {}

  get active(): boolean {
    return this.isActive;
  }

  /** Patches the console (and stdio when asked); a second call does nothing. */
  enable(): void {
    if (this.isActive) return;
    this.isActive = true;
    try {
      this.restores.push(patchConsole(this.options.console ?? globalThis.console, this));
      // Loaded only when used, like the logger-line parser below: start-up time is measured.
      if (this.options.stdio) this.restores.push((require('./stdio-capture') as typeof import('./stdio-capture')).patchStdio(this));
    } catch (err) {
      log.warn(`console output will not be captured: ${String(err)}`);
    }
  }

  /** Restores what `enable` patched (a method someone wrapped over ours since stays, passing through). */
  disable(): void {
    this.isActive = false;
    for (const restore of this.restores.splice(0).reverse()) restore();
  }

  sessionNow(): Session | undefined {
    if (!this.sessions.hasOpenSessions) return undefined;
    try {
      const session = this.sessions.logSession(context.active());
      return session?.span.isRecording() ? session : undefined;
    } catch {
      return undefined;
    }
  }

  record(session: Session, severity: Severity, attributes: Attributes, body: () => string): void {
    try {
      // Whatever formatting the body prints (a custom inspect that logs) is neither recorded nor shown again.
      uncaptured(() => this.keep(session, severity, attributes, body));
    } catch (err) {
      log.once('warn', 'record', `a log line could not be recorded (later failures are not reported): ${String(err)}`);
    }
  }

  /** Records the lines a JSON logger (pino, winston) wrote now; lines that are not JSON are kept as text. */
  recordLines(source: LogSource, text: string): void {
    if (!this.isActive || captureSuspended()) return;
    const session = this.sessionNow();
    if (!session) return;
    const { parseLogLine } = require('./json-log-line') as typeof import('./json-log-line');
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        const parsed = parseLogLine(line.endsWith('\r') ? line.slice(0, -1) : line);
        this.record(session, parsed.severity, { ...parsed.attributes, [ATTR_AGENTSIGHT_LOG_SOURCE]: source }, () => parsed.body);
      } catch (err) {
        log.once('warn', 'record-line', `a ${source} line could not be recorded (later failures are not reported): ${String(err)}`);
      }
    }
  }

  onSessionEnd(session: Session): void {
    const counts = this.counts.get(session);
    if (!counts) return;
    session.span.setAttributes({
      [ATTR_AGENTSIGHT_LOGS_RECORDED]: counts.recorded,
      [ATTR_AGENTSIGHT_LOGS_DROPPED]: counts.dropped,
      [ATTR_AGENTSIGHT_LOGS_TRUNCATED]: counts.truncated,
    });
  }

  private countsOf(session: Session): SessionCounts {
    let counts = this.counts.get(session);
    if (!counts) {
      counts = { bytes: 0, recorded: 0, dropped: 0, truncated: 0 };
      this.counts.set(session, counts);
    }
    return counts;
  }

  private keep(session: Session, severity: Severity, attributes: Attributes, body: () => string): void {
    const counts = this.countsOf(session);
    const max = this.options.sessionMaxBytes;
    // A spent budget is known before the body is built.
    if (counts.bytes >= max) {
      this.drop(session, counts);
      return;
    }
    let text = silently(body);
    // Colors the console added (console.table's cells, a raw write of colored text) are not text.
    if (text.includes('\u001b')) text = stripVTControlCharacters(text);
    if (text === '') return;
    const cut = text.length > this.options.maxChars;
    if (cut) text = capString(text, this.options.maxChars);
    const bytes = logBytes(text, attributes);
    if (counts.bytes + bytes > max) {
      this.drop(session, counts);
      return;
    }
    counts.bytes += bytes;
    counts.recorded++;
    if (cut) counts.truncated++;
    const active = trace.getSpanContext(context.active());
    const ids = active && active.traceId === session.id ? active : session.span.spanContext();
    this.sink.write(
      { sessionId: session.id, traceId: ids.traceId, spanId: ids.spanId, timeMs: nowMs(), severity, body: text, attributes },
      session,
    );
  }

  private drop(session: Session, counts: SessionCounts): void {
    counts.dropped++;
    if (counts.dropped === 1) {
      log.debug(`session "${session.name}" (${session.id}) spent its log budget; later records are counted in agentsight.logs.dropped`);
    }
  }
}
