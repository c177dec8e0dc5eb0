/**
 * What becomes of each session under sampling, and, with `AGENTSIGHT_KEEP_FAILED_SESSIONS`, the
 * keeping of failed ones.
 *
 * Every session is counted once when it is decided (`agentsight.sampling.sessions` by
 * `agentsight.sampling.outcome`): `kept` when it was sampled, `dropped` when it was not, `rescued`
 * when it was not but failed and was exported after all.
 *
 * With keep-failed on, a sampled-out trace is recorded but not sampled (see `SessionSampler`): its
 * finished spans and its log records are held here (`HeldTraces`, within a byte budget) until its
 * root span ends. A session that ends `fail`, or recorded an error, is marked
 * (`agentsight.sampling.rescued`) and handed whole to the `RescueTarget` (local store and OTLP,
 * its logs included); the others are dropped. Spans of a decided trace that end after its root
 * follow its decision.
 */
import { SpanStatusCode, TraceFlags, type Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { getLogger } from '../../diag';
import { logBytes, type CapturedLog } from '../../logs/log-record';
import { ATTR_AGENTSIGHT_SAMPLING_RESCUED, SAMPLING_DROP_REASON, SAMPLING_OUTCOME, SESSION_END_STATE } from '../../semconv';
import type { Session } from '../../session/session';
import type { SessionListener } from '../../session/session-manager';
import type { HeldTrace, HeldTraces } from './held-traces';

const log = getLogger('sampling');

export type SamplingOutcome = (typeof SAMPLING_OUTCOME)[keyof typeof SAMPLING_OUTCOME];
export type DropReason = (typeof SAMPLING_DROP_REASON)[keyof typeof SAMPLING_DROP_REASON];
export type HeldSession = HeldTrace<Session, CapturedLog>;

/** Where a rescued trace goes. */
export interface RescueTarget {
  /** Exports a rescued trace whole: its session's records, its log records, its spans. */
  rescue(held: HeldSession): void;
  /** Exports a span of a rescued trace that ended after the trace's root. */
  rescueLate(span: ReadableSpan): void;
}

export interface SessionSamplingOptions {
  /** Hold sampled-out sessions and rescue the failed ones. */
  keepFailed: boolean;
  /** The buffer's budget, in bytes. */
  bufferBytes: number;
  target: RescueTarget;
  /** Counts a decided session. */
  count(outcome: SamplingOutcome, dropReason?: DropReason): void;
}

/** How many decided traces are remembered for their late spans. */
const REMEMBERED = 10_000;

const isSampled = (span: { spanContext(): { traceFlags: number } }): boolean => (span.spanContext().traceFlags & TraceFlags.SAMPLED) !== 0;
const isError = (span: ReadableSpan): boolean => span.status.code === SpanStatusCode.ERROR;
/** The local root of its trace: no parent, or a parent in another process. */
const isLocalRoot = (span: ReadableSpan): boolean => !span.parentSpanContext || span.parentSpanContext.isRemote === true;

export class SessionSampling implements SpanProcessor, SessionListener {
  private readonly held: HeldTraces<Session, CapturedLog> | undefined;
  /** Decided traces, oldest first, for spans that end after their root. */
  private readonly decided = new Map<string, 'rescued' | 'dropped'>();
  /** Held sessions that failed, between their end and their root span's end. */
  private readonly failing = new Set<string>();
  private evictions = 0;

  constructor(private readonly options: SessionSamplingOptions) {
    // The buffer's code loads only when failed sessions are kept.
    this.held = options.keepFailed
      ? new (require('./held-traces') as typeof import('./held-traces')).HeldTraces<Session, CapturedLog>(options.bufferBytes, (held) =>
          this.evicted(held),
        )
      : undefined;
  }

  /** Bytes held now (0 with keep-failed off). */
  get heldBytes(): number {
    return this.held?.bytes ?? 0;
  }

  /** Traces held now. */
  get heldCount(): number {
    return this.held?.size ?? 0;
  }

  onSessionStart(session: Session): void {
    if (this.held && session.span.isRecording() && !isSampled(session.span)) this.held.open(session.id, session);
  }

  onSessionEnd(session: Session): void {
    try {
      if (isSampled(session.span)) {
        this.options.count(SAMPLING_OUTCOME.KEPT);
        return;
      }
      if (!this.held || !session.span.isRecording()) {
        this.options.count(SAMPLING_OUTCOME.DROPPED, SAMPLING_DROP_REASON.SAMPLED_OUT);
        return;
      }
      // Held (or dropped already to make room, and counted then). Counted when its root span ends.
      const held = this.held.get(session.id);
      if (!held) return;
      const failed = session.state === SESSION_END_STATE.FAIL || session.scope.totals.errors > 0 || held.spans.some(isError);
      if (failed) {
        this.failing.add(session.id);
        session.span.setAttribute(ATTR_AGENTSIGHT_SAMPLING_RESCUED, true);
      }
    } catch (err) {
      log.once('warn', 'session-end', `sampling bookkeeping failed at a session's end: ${String(err)}`);
    }
  }

  /** Holds a log record of a held trace (a record of a trace already decided or dropped is not kept). */
  holdLog(record: CapturedLog): void {
    if (!this.held || this.decided.has(record.traceId)) return;
    this.held.addLog(record.traceId, record, 100 + logBytes(record.body, record.attributes));
  }

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    if (!this.held || isSampled(span)) return;
    try {
      const traceId = span.spanContext().traceId;
      const decided = this.decided.get(traceId);
      if (decided === 'rescued') this.options.target.rescueLate(span);
      if (decided !== undefined) return;
      this.held.addSpan(traceId, span);
      if (isLocalRoot(span)) this.finish(traceId);
    } catch (err) {
      log.once('warn', 'span-end', `holding a sampled-out span failed: ${String(err)}`);
    }
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    if (this.evictions > 0) log.info(`the keep-failed buffer dropped ${this.evictions} sessions in all to stay within its budget`);
    return Promise.resolve();
  }

  /** The trace's root ended: rescue it or drop it. */
  private finish(traceId: string): void {
    const held = this.held?.take(traceId);
    const failing = this.failing.delete(traceId);
    if (!held) return; // dropped to make room, counted then
    // A trace that is no session's is rescued on an error span of its own.
    const rescue = failing || (held.session === undefined && held.spans.some(isError));
    this.remember(traceId, rescue ? 'rescued' : 'dropped');
    if (held.session) {
      if (rescue) this.options.count(SAMPLING_OUTCOME.RESCUED);
      else this.options.count(SAMPLING_OUTCOME.DROPPED, SAMPLING_DROP_REASON.SAMPLED_OUT);
    }
    if (rescue) this.options.target.rescue(held);
  }

  private evicted(held: HeldSession): void {
    this.remember(held.traceId, 'dropped');
    this.failing.delete(held.traceId);
    this.evictions++;
    if (held.session) this.options.count(SAMPLING_OUTCOME.DROPPED, SAMPLING_DROP_REASON.BUFFER_FULL);
    log.once(
      'warn',
      'buffer-full',
      `the keep-failed buffer is full (AGENTSIGHT_KEEP_FAILED_BUFFER_BYTES=${this.held?.budgetBytes}); ` +
        'the oldest held sessions are dropped, failed or not (counted in agentsight.sampling.sessions)',
    );
  }

  private remember(traceId: string, decision: 'rescued' | 'dropped'): void {
    this.decided.set(traceId, decision);
    if (this.decided.size > REMEMBERED) this.decided.delete(this.decided.keys().next().value as string);
  }
}
