/**
 * Starts sessions, knows which are open, and decides which session a piece of work belongs to:
 * the session in the active context, else the process-wide automatic session (started on first
 * use, back-dated to `init()`), else none.
 */
import { context, trace, SpanKind, type Attributes, type Context, type Link, type Tracer } from '@opentelemetry/api';
import {
  ATTR_AGENTSIGHT_SESSION_AUTO,
  ATTR_AGENTSIGHT_SESSION_NAME,
  ATTR_AGENTSIGHT_SESSION_TAGS,
  ATTR_AGENTSIGHT_SPAN_KIND,
  ATTR_SESSION_ID,
  SPAN_KIND,
  sessionSpanName,
  type SessionEndState,
} from '../semconv';
import type { BudgetMode } from '../config';
import { sessionFrom } from '../context/keys';
import type { BudgetExceededError } from '../errors';
import { Session, type SessionOptions } from './session';

export interface SessionListener {
  onSessionStart?(session: Session): void;
  onSessionEnd?(session: Session): void;
}

export interface SessionManagerOptions {
  tracer: Tracer;
  autoSession: boolean;
  autoSessionName: string;
  autoSessionTags: readonly string[];
  defaultBudgetUsd: number | undefined;
  /** What a session does when its budget is spent (`AGENTSIGHT_BUDGET_MODE`). */
  budgetMode: BudgetMode;
  /** When the automatic session counts as started (the time of `init()`), in ms since the epoch. */
  startedAtMs: number;
}

export class SessionManager {
  private readonly open = new Set<Session>();
  private readonly listeners: SessionListener[] = [];
  private auto: Session | undefined;
  private closed = false;

  constructor(private readonly options: SessionManagerOptions) {}

  addListener(listener: SessionListener): void {
    this.listeners.push(listener);
  }

  /**
   * Starts a new session: a new trace whose root span is the session. `backdateMs` starts it
   * earlier than now (the automatic session starts at `init()`).
   */
  start(options: SessionOptions = {}, auto = false, backdateMs?: number): Session {
    const startMs = backdateMs ?? Date.now();
    const name = options.name?.trim() || 'session';
    const tags = [...(options.tags ?? [])];
    const parent = context.active();
    // A session is a trace of its own; the span active where it started is kept as a link.
    const active = trace.getSpanContext(parent);
    const links: Link[] = active && trace.isSpanContextValid(active) ? [{ context: active }] : [];
    const attributes: Attributes = {
      ...options.attributes,
      [ATTR_AGENTSIGHT_SPAN_KIND]: SPAN_KIND.SESSION,
      [ATTR_AGENTSIGHT_SESSION_NAME]: name,
    };
    if (tags.length > 0) attributes[ATTR_AGENTSIGHT_SESSION_TAGS] = tags;
    if (auto) attributes[ATTR_AGENTSIGHT_SESSION_AUTO] = true;
    const span = this.options.tracer.startSpan(
      sessionSpanName(name),
      // Only a back-dated start is given: the SDK's own start time keeps the clock of the children.
      { root: true, kind: SpanKind.INTERNAL, attributes, links, ...(backdateMs !== undefined ? { startTime: backdateMs } : {}) },
      parent,
    );
    span.setAttribute(ATTR_SESSION_ID, span.spanContext().traceId);

    const budgetUsd = options.budgetUsd ?? this.options.defaultBudgetUsd;
    const budget = budgetUsd === undefined ? undefined : { usd: budgetUsd, mode: this.options.budgetMode };
    const session = new Session(name, tags, span, trace.setSpan(parent, span), startMs, auto, budget, (s) => this.ended(s));
    this.open.add(session);
    for (const l of this.listeners) l.onSessionStart?.(session);
    return session;
  }

  private ended(session: Session): void {
    this.open.delete(session);
    if (session === this.auto) this.auto = undefined;
    for (const l of this.listeners) l.onSessionEnd?.(session);
  }

  /** The session of the active context, if any. */
  active(ctx: Context = context.active()): Session | undefined {
    return sessionFrom(ctx);
  }

  /** Whether any session is open: the first, cheap test of every console line. */
  get hasOpenSessions(): boolean {
    return this.open.size > 0;
  }

  /**
   * The session a log line written in `ctx` belongs to: the context's, else the automatic session
   * if it has already started. Unlike `sessionFor`, it never starts the automatic session.
   */
  logSession(ctx: Context = context.active()): Session | undefined {
    return sessionFrom(ctx) ?? this.auto;
  }

  /** The process-wide automatic session, started on first use; `undefined` when turned off or closed. */
  autoSession(): Session | undefined {
    if (!this.options.autoSession || this.closed) return undefined;
    this.auto ??= context.with(context.active(), () =>
      this.start({ name: this.options.autoSessionName, tags: [...this.options.autoSessionTags] }, true, this.options.startedAtMs),
    );
    return this.auto;
  }

  /**
   * The context new work should start in: the active one when it holds a session, else the
   * automatic session's (so the work joins it), else the active one unchanged.
   */
  workContext(ctx: Context = context.active()): Context {
    if (sessionFrom(ctx)) return ctx;
    const auto = this.autoSession();
    return auto ? auto.context : ctx;
  }

  /** The session work in `ctx` belongs to (see `workContext`). */
  sessionFor(ctx: Context = context.active()): Session | undefined {
    return sessionFrom(ctx) ?? this.autoSession();
  }

  /**
   * The refusal of an LLM call about to start in `ctx`: the budget of its session is spent and the
   * mode is `enforce` (see `SessionBudget.refusal`). `undefined` when the call may go. In `warn`
   * mode it looks no further, so it never starts the automatic session.
   */
  budgetRefusal(ctx: Context = context.active()): BudgetExceededError | undefined {
    if (this.options.budgetMode !== 'enforce') return undefined;
    return this.sessionFor(ctx)?.budget?.refusal();
  }

  openSessions(): Session[] {
    return [...this.open];
  }

  /**
   * Ends every open session (at exit or shutdown). Explicit sessions end with `state`; the
   * automatic session ends by its own outcome unless `autoState` says otherwise. No new
   * automatic session starts afterwards.
   */
  endAll(state: SessionEndState, reason: string, autoState?: SessionEndState, autoReason?: string): void {
    this.closed = true;
    for (const session of [...this.open].reverse()) {
      try {
        if (session.auto) session.end(autoState ? { state: autoState, reason: autoReason ?? reason } : {});
        else session.end({ state, reason });
      } catch {
        // Ending is best effort at exit; the next session must still end.
      }
    }
  }
}
