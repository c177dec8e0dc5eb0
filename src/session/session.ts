/**
 * A session: one trace whose root span is the session. Work run in the session's context (with
 * `run`, `withSession`, or anything started from inside them) becomes its children. At its end the
 * root span gets the end state and the roll-ups of everything that ran inside.
 */
import { context, SpanStatusCode, type Attributes, type Context, type Span } from '@opentelemetry/api';
import {
  ATTR_AGENTSIGHT_SESSION_END_STATE,
  ATTR_AGENTSIGHT_SESSION_END_STATE_REASON,
  SESSION_END_STATE,
  type SessionEndState,
} from '../semconv';
import { rollupAttributes } from '../accounting/span-attributes';
import { SCOPE_KEY, SESSION_KEY } from '../context/keys';
import { getLogger } from '../diag';
import { SessionBudget, type BudgetSettings } from './budget';
import { RollupScope } from './rollup-scope';

/** Options of `startSession` and `withSession`. */
export interface SessionOptions {
  /** The session's name, shown in the CLI and in the root span's name (`session {name}`). Default `session`. */
  name?: string;
  /** Free-form tags (`agentsight.session.tags`). */
  tags?: string[];
  /** Extra attributes for the session's root span. */
  attributes?: Attributes;
  /** Budget for this session in US dollars; overrides `AGENTSIGHT_SESSION_BUDGET_USD`. */
  budgetUsd?: number;
}

/** How to end a session. */
export interface SessionEndOptions {
  /** `success`, `fail` or `indeterminate`. Default: `fail` if an error was recorded inside, else `success`. */
  state?: SessionEndState;
  /** Why it ended that way (free text). */
  reason?: string;
}

/** The public face of a session, returned by `startSession` and passed to `withSession`'s callback. */
export interface SessionHandle {
  /** The session id: the trace id of the session's trace (32 hex digits). */
  readonly id: string;
  readonly name: string;
  readonly tags: readonly string[];
  /** `true` once `end()` has run. */
  readonly ended: boolean;
  /** Spend so far in US dollars, finished calls only. */
  readonly costUsd: number;
  /** Runs `fn` inside the session: spans started within it (at any depth of awaits) join the session. */
  run<T>(fn: () => T): T;
  /** Ends the session; a second call does nothing. */
  end(options?: SessionEndOptions): void;
}

const log = getLogger('sessions');

/** Called by the session at its end, before its root span ends. */
export type SessionEndListener = (session: Session) => void;

export class Session implements SessionHandle {
  readonly id: string;
  readonly scope = new RollupScope(undefined);
  private endState: SessionEndState | undefined;
  private endReasonText: string | undefined;
  private failReason: string | undefined;
  /** The session's budget, when it has one. */
  readonly budget: SessionBudget | undefined;

  constructor(
    readonly name: string,
    readonly tags: readonly string[],
    readonly span: Span,
    /** The context the session started from, with the root span set as active. */
    spanContext: Context,
    readonly startMs: number,
    readonly auto: boolean,
    budget: BudgetSettings | undefined,
    private readonly onEnd: SessionEndListener,
  ) {
    this.id = span.spanContext().traceId;
    this.budget = budget ? new SessionBudget(budget, this) : undefined;
    this.context = spanContext.setValue(SESSION_KEY, this).setValue(SCOPE_KEY, this.scope);
  }

  /** The context that work of this session runs in: root span active, session and scope set. */
  readonly context: Context;

  get ended(): boolean {
    return this.endState !== undefined;
  }

  get state(): SessionEndState | undefined {
    return this.endState;
  }

  get endReason(): string | undefined {
    return this.endReasonText;
  }

  get costUsd(): number {
    return this.scope.totals.costUsd;
  }

  /** Spend so far in pico-dollars, finished calls only. */
  get costPico(): bigint {
    return this.scope.totals.costPico;
  }

  run<T>(fn: () => T): T {
    return context.with(this.context, fn);
  }

  /** Marks the session as failed (first reason wins); its end state will be `fail` unless given otherwise. */
  markFailed(reason: string): void {
    this.failReason ??= reason;
  }

  get failedReason(): string | undefined {
    return this.failReason;
  }

  /** Ends the session once. Never throws: a failure of ours while recording the end is logged once. */
  end(options: SessionEndOptions = {}): void {
    if (this.endState !== undefined) return;
    const state = options.state ?? (this.failReason !== undefined ? SESSION_END_STATE.FAIL : SESSION_END_STATE.SUCCESS);
    const reason = options.reason ?? (state === SESSION_END_STATE.FAIL ? this.failReason : undefined);
    this.endState = state;
    this.endReasonText = reason;
    try {
      this.span.setAttribute(ATTR_AGENTSIGHT_SESSION_END_STATE, state);
      if (reason !== undefined) this.span.setAttribute(ATTR_AGENTSIGHT_SESSION_END_STATE_REASON, reason);
      // A sampled-out session's span records nothing: its roll-up is not worth making.
      if (this.span.isRecording()) this.span.setAttributes(rollupAttributes(this.scope.totals.toRollup()));
      if (state === SESSION_END_STATE.FAIL) this.span.setStatus({ code: SpanStatusCode.ERROR, ...(reason ? { message: reason } : {}) });
      this.onEnd(this);
    } catch (err) {
      log.once('warn', 'end', `recording a session's end failed: ${String(err)}`);
    }
    try {
      this.span.end();
    } catch (err) {
      log.once('warn', 'end-span', `ending a session's span failed: ${String(err)}`);
    }
  }
}
