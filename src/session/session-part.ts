/**
 * A part of a session started in another process: what this process did for it after a join
 * (an extracted trace context, an MCP request, an accepted delegation). The part has no root span
 * of its own: its spans are children of the remote parent, in the caller's trace, and carry the
 * caller's `session.id`. It keeps the roll-up of what ran here, and tells the session manager's
 * listeners (the local store) when its first span starts, so that a join with no work in it
 * writes nothing.
 */
import { randomBytes } from 'node:crypto';
import { RollupScope } from './rollup-scope';

export type PartListener = (part: SessionPart) => void;

export class SessionPart {
  /** Tells this part apart from other parts of the same session (other processes, or a later part of this one). */
  readonly partId = randomBytes(4).toString('hex');
  readonly scope = new RollupScope(undefined);
  readonly startMs = Date.now();
  private announced = false;
  private isEnded = false;

  constructor(
    /** The id of the session this is a part of. */
    readonly sessionId: string,
    /** The trace the part's work continues. */
    readonly traceId: string,
    /** The remote span the part's first work hangs under. */
    readonly parentSpanId: string,
    private readonly onFirstSpan: PartListener,
  ) {}

  get ended(): boolean {
    return this.isEnded;
  }

  /** `true` once a span of the part has started (and listeners were told). */
  get started(): boolean {
    return this.announced;
  }

  /** Called as each span of the part starts (by the session span processor); the first announces the part. */
  spanStarted(): void {
    if (this.announced || this.isEnded) return;
    this.announced = true;
    this.onFirstSpan(this);
  }

  /** Marks the part ended (its roll-up is final); returns `false` if it already was. */
  markEnded(): boolean {
    if (this.isEnded) return false;
    this.isEnded = true;
    return true;
  }
}
