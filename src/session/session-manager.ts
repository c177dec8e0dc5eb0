/**
 * Starts sessions, knows which are open, and decides which session a piece of work belongs to:
 * the session in the active context, else the process-wide automatic session (started on first
 * use, back-dated to `init()`), else none. Work that continues a trace from another process
 * (`join`) belongs to the caller's session instead: to this process's part of it.
 */
import {
  context,
  propagation,
  trace,
  SpanKind,
  type Attributes,
  type Context,
  type Link,
  type SpanContext,
  type Tracer,
} from '@opentelemetry/api';
import {
  ATTR_AGENTSIGHT_SESSION_AUTO,
  ATTR_AGENTSIGHT_SESSION_NAME,
  ATTR_AGENTSIGHT_SESSION_TAGS,
  ATTR_AGENTSIGHT_SPAN_KIND,
  ATTR_SESSION_ID,
  BAGGAGE_SESSION_ID,
  SPAN_KIND,
  sessionSpanName,
  type SessionEndState,
} from '../semconv';
import type { BudgetMode } from '../config';
import { AGENT_KEY, PART_KEY, partFrom, SCOPE_KEY, SESSION_KEY, sessionFrom } from '../context/keys';
import { getLogger } from '../diag';
import type { BudgetExceededError } from '../errors';
import { Session, type SessionOptions } from './session';
import { SessionPart } from './session-part';

const log = getLogger('sessions');

/** Tells a listener (the local store) about a session; its failure is logged once and stays its own. */
function notify(what: 'start' | 'end', call: () => void): void {
  try {
    call();
  } catch (err) {
    log.once('warn', `listener:${what}`, `a session listener failed at the session's ${what}: ${String(err)}`);
  }
}

export interface SessionListener {
  onSessionStart?(session: Session): void;
  onSessionEnd?(session: Session): void;
  /** The first span of a part of a remote session started here (see `SessionManager.join`). */
  onPartStart?(part: SessionPart): void;
  /** A part ended: at exit or shutdown, or to make room (see `MAX_OPEN_PARTS`). */
  onPartEnd?(part: SessionPart): void;
}

/** How a session id looks (a trace id: 32 lower-case hex digits); any other claimed id is not used. */
const SESSION_ID = /^[0-9a-f]{32}$/;

/**
 * Parts of remote sessions kept open at once. A server that joins more sessions than this ends
 * the least recently joined part (its roll-up is written); a later join of that session opens a
 * new part.
 */
export const MAX_OPEN_PARTS = 10_000;

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
  private readonly openById = new Map<string, Session>();
  /** Open parts of remote sessions, by session id, least recently joined first. */
  private readonly parts = new Map<string, SessionPart>();
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
    let session: Session;
    try {
      span.setAttribute(ATTR_SESSION_ID, span.spanContext().traceId);
      const budgetUsd = options.budgetUsd ?? this.options.defaultBudgetUsd;
      const budget = budgetUsd === undefined ? undefined : { usd: budgetUsd, mode: this.options.budgetMode };
      session = new Session(name, tags, span, trace.setSpan(parent, span), startMs, auto, budget, (s) => this.ended(s));
    } catch (err) {
      // The session cannot be made: its span must not stay open.
      span.end();
      throw err;
    }
    this.open.add(session);
    this.openById.set(session.id, session);
    for (const l of this.listeners) notify('start', () => l.onSessionStart?.(session));
    return session;
  }

  private ended(session: Session): void {
    this.open.delete(session);
    this.openById.delete(session.id);
    if (session === this.auto) this.auto = undefined;
    for (const l of this.listeners) notify('end', () => l.onSessionEnd?.(session));
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
    if (sessionFrom(ctx) || partFrom(ctx)) return ctx;
    const auto = this.autoSession();
    return auto ? auto.context : ctx;
  }

  /**
   * The session of this process that work in `ctx` belongs to (see `workContext`); `undefined`
   * for work in a part of a remote session.
   */
  sessionFor(ctx: Context = context.active()): Session | undefined {
    const session = sessionFrom(ctx);
    if (session || partFrom(ctx)) return session;
    return this.autoSession();
  }

  /**
   * The context in which work continuing `remote` (a context holding a span context extracted
   * from another process) belongs to the caller's session: its spans are children of the remote
   * span (same trace, whose sampled flag they follow), carry the caller's `session.id` (from the
   * baggage, else the trace id), and count in this process's part of that session. When the
   * session is one of this process's own, work joins it directly. A context without a remote span
   * context comes back unchanged. Cheap enough to call for every request served.
   */
  join(remote: Context): Context {
    const span = trace.getSpanContext(remote);
    if (!span?.isRemote || !trace.isSpanContextValid(span)) return remote;
    const claimed = propagation.getBaggage(remote)?.getEntry(BAGGAGE_SESSION_ID)?.value;
    const sessionId = claimed !== undefined && SESSION_ID.test(claimed) ? claimed : span.traceId;
    const local = this.openById.get(sessionId);
    // Work for a remote caller runs in none of this process's agents.
    const base = remote.deleteValue(AGENT_KEY);
    if (local) return base.deleteValue(PART_KEY).setValue(SESSION_KEY, local).setValue(SCOPE_KEY, local.scope);
    const part = this.partOf(sessionId, span);
    return base.deleteValue(SESSION_KEY).setValue(PART_KEY, part).setValue(SCOPE_KEY, part.scope);
  }

  /** The open part of the session `sessionId`, made on first use; the most recently joined last. */
  private partOf(sessionId: string, span: SpanContext): SessionPart {
    let part = this.parts.get(sessionId);
    if (part) {
      this.parts.delete(sessionId);
    } else {
      part = new SessionPart(sessionId, span.traceId, span.spanId, (p) => {
        for (const l of this.listeners) notify('start', () => l.onPartStart?.(p));
      });
      if (this.parts.size >= MAX_OPEN_PARTS) {
        const [, oldest] = this.parts.entries().next().value as [string, SessionPart];
        this.endPart(oldest);
      }
    }
    this.parts.set(sessionId, part);
    return part;
  }

  private endPart(part: SessionPart): void {
    if (this.parts.get(part.sessionId) === part) this.parts.delete(part.sessionId);
    if (!part.markEnded() || !part.started) return;
    for (const l of this.listeners) notify('end', () => l.onPartEnd?.(part));
  }

  openParts(): SessionPart[] {
    return [...this.parts.values()];
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
    for (const part of [...this.parts.values()]) {
      try {
        this.endPart(part);
      } catch {
        // Best effort at exit, as below.
      }
    }
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
