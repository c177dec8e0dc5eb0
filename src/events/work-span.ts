/**
 * Runs user code inside one of our spans (agent, tool, action), for sync functions, async
 * functions (anything returning a thenable) and async generators, and ends the span exactly once:
 * on the result, on the error (rethrown unchanged), or when the generator finishes or is left.
 * The caller gets back exactly what its function returned (the same promise object, the same
 * value); only async generators come back wrapped, so that each step runs in the span's context.
 */
import { context, trace, SpanKind, type Attributes, type Context, type Link, type Span } from '@opentelemetry/api';
import { rollupAttributes } from '../accounting/span-attributes';
import { AGENT_KEY, scopeFrom, sessionFrom, SCOPE_KEY, TOOL_SPAN_KEY } from '../context/keys';
import { getLogger } from '../diag';
import { currentRuntime, type Runtime } from '../runtime';
import { ATTR_AGENTSIGHT_ENDED_BY, ENDED_BY } from '../semconv';
import { isThenable } from '../thenable';
import { RollupScope } from '../session/rollup-scope';
import type { Session } from '../session/session';
import { trackOpenSpan, untrackOpenSpan, type OpenSpan } from '../telemetry/open-spans';
import { recordSpanError } from './error-recording';

const log = getLogger('events');

/** How a failure is recorded, when the error's class does not say it all (see `recordSpanError`). */
export interface FailureDetails {
  /** `error.type`, instead of the error's class name. */
  type?: string;
  /** An error the failure wraps, recorded already on a span below. */
  wraps?: unknown;
}

export interface WorkSpanSpec {
  name: string;
  attributes: Attributes;
  /** Agents open a roll-up scope of their own: their span carries the totals of what ran inside. */
  ownScope?: boolean;
  /** An agent's name: work inside knows which agent it runs in (a delegation names it as its source). */
  agentName?: string;
  /** A tool execution: a request made right inside it knows it runs in a tool (see `activeToolSpan`). */
  isTool?: boolean;
  /** The span kind (default INTERNAL): an instrumentation's request spans are CLIENT or SERVER. */
  kind?: SpanKind;
  /** Links to other spans (a server request's span links the context it arrived in). */
  links?: Link[];
  /** Counts this span in the enclosing scope (tool calls, actions). */
  count?: (scope: RollupScope) => void;
  /**
   * Attributes that cost something to make (content as JSON), set right after the span starts;
   * only on a span that records (a sampled-out session's spans skip the work).
   */
  onStart?: (span: Span) => void;
  /** Attributes from the function's result (e.g. the tool result), set before the span ends; only on a span that records. */
  onResult?: (span: Span, result: unknown) => void;
}

/** One running work span: started, then finished exactly once. */
class WorkSpan implements OpenSpan {
  readonly context: Context;
  private done = false;

  constructor(
    readonly span: Span,
    parent: Context,
    private readonly scope: RollupScope | undefined,
    private readonly session: Session | undefined,
    private readonly ownScope: RollupScope | undefined,
    private readonly spec: WorkSpanSpec,
  ) {
    let ctx = trace.setSpan(parent, span);
    if (ownScope) ctx = ctx.setValue(SCOPE_KEY, ownScope);
    if (spec.agentName !== undefined) ctx = ctx.setValue(AGENT_KEY, spec.agentName);
    if (spec.isTool) ctx = ctx.setValue(TOOL_SPAN_KEY, span);
    this.context = ctx;
    trackOpenSpan(this);
  }

  get ended(): boolean {
    return this.done;
  }

  setAttributes(attributes: Attributes): void {
    if (!this.done) this.span.setAttributes(attributes);
  }

  succeed(result: unknown): void {
    this.finish(() => {
      if (this.span.isRecording()) this.spec.onResult?.(this.span, result);
    });
  }

  fail(error: unknown, how?: FailureDetails): void {
    this.finish(() => recordSpanError(this.span, error, this.ownScope ?? this.scope, this.session, how?.type, how?.wraps));
  }

  stop(reason: (typeof ENDED_BY)[keyof typeof ENDED_BY]): void {
    this.finish(() => this.span.setAttribute(ATTR_AGENTSIGHT_ENDED_BY, reason));
  }

  endAtExit(): void {
    this.stop(ENDED_BY.PROCESS_EXIT);
  }

  /** Records the end and ends the span, once; never throws (the outcome is the caller's, not ours). */
  private finish(record: () => unknown): void {
    if (this.done) return;
    this.done = true;
    untrackOpenSpan(this);
    try {
      record();
      if (this.ownScope && this.span.isRecording()) this.span.setAttributes(rollupAttributes(this.ownScope.totals.toRollup()));
    } catch (err) {
      log.once('warn', 'finish', `recording a span's end failed: ${String(err)}`);
    }
    try {
      this.span.end();
    } catch (err) {
      log.once('warn', 'end', `ending a span failed: ${String(err)}`);
    }
  }
}

function startWorkSpan(runtime: Runtime, spec: WorkSpanSpec, active: Context = context.active()): WorkSpan {
  const parent = runtime.sessions.workContext(active);
  // Work outside any session joins the automatic one; the span that was active stays linked.
  const links: Link[] = [...(spec.links ?? [])];
  if (parent !== active) {
    const activeSpan = trace.getSpanContext(active);
    if (activeSpan && trace.isSpanContextValid(activeSpan)) links.push({ context: activeSpan });
  }
  const scope = scopeFrom(parent);
  const span = runtime.tracer.startSpan(spec.name, { kind: spec.kind ?? SpanKind.INTERNAL, attributes: spec.attributes, links }, parent);
  if (spec.onStart && span.isRecording()) {
    try {
      spec.onStart(span);
    } catch (err) {
      // The span is started: it must still be ended, so a failure here stays a missing attribute.
      log.once('warn', 'start-attributes', `recording a span's start failed: ${String(err)}`);
    }
  }
  if (scope && spec.count) spec.count(scope);
  // An agent's own totals only go on its span: one that does not record adds to its parent's.
  const ownScope = spec.ownScope && span.isRecording() ? new RollupScope(scope) : undefined;
  return new WorkSpan(span, parent, scope, sessionFrom(parent), ownScope, spec);
}

function isAsyncGenerator(value: unknown): value is AsyncGenerator<unknown, unknown, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AsyncGenerator)[Symbol.asyncIterator] === 'function' &&
    typeof (value as AsyncGenerator).next === 'function' &&
    Object.prototype.toString.call(value) === '[object AsyncGenerator]'
  );
}

/** Wraps an async generator so each step runs in the span's context and the span ends with it. */
function traceAsyncGenerator<T, R, N>(gen: AsyncGenerator<T, R, N>, work: WorkSpan): AsyncGenerator<T, R, N> {
  const step = async (run: () => Promise<IteratorResult<T, R>>): Promise<IteratorResult<T, R>> => {
    try {
      const result = await context.with(work.context, run);
      if (result.done) work.succeed(result.value);
      return result;
    } catch (error) {
      work.fail(error);
      throw error;
    }
  };
  const wrapped = {
    next: (...args: [] | [N]) => step(() => gen.next(...args)),
    return: (value: R | PromiseLike<R>) =>
      step(async () => {
        const result = await gen.return(value);
        // Left early by the consumer (`break`, `return()`): the span ends here.
        if (result.done) work.stop(ENDED_BY.CALLER_STOPPED);
        return result;
      }),
    throw: (error: unknown) => step(() => gen.throw(error)),
    [Symbol.asyncIterator]() {
      return wrapped;
    },
  } as AsyncGenerator<T, R, N>;
  return wrapped;
}

/**
 * A work span that ends later than the function that started it (an instrumentation's agent loop,
 * whose stream outlives the call). It ends exactly once, whichever of its ends is called first.
 */
export interface OpenWorkSpan {
  /** The span's context: what runs in it, and spans started in it, nest under the span. */
  readonly context: Context;
  readonly ended: boolean;
  /** Sets attributes on the span while it is open. */
  setAttributes(attributes: Attributes): void;
  succeed(result?: unknown): void;
  fail(error: unknown, how?: FailureDetails): void;
  stop(reason: (typeof ENDED_BY)[keyof typeof ENDED_BY]): void;
}

/**
 * Starts a span described by `spec` under `parent` (default: the active context), to be ended by
 * the caller; `undefined` without an initialized agentsight or if starting it fails. Never throws.
 */
export function openWorkSpan(spec: WorkSpanSpec, parent?: Context): OpenWorkSpan | undefined {
  const runtime = currentRuntime();
  if (!runtime) return undefined;
  try {
    const work = startWorkSpan(runtime, spec, parent);
    return {
      context: work.context,
      get ended() {
        return work.ended;
      },
      setAttributes: (attributes) => work.setAttributes(attributes),
      succeed: (result) => work.succeed(result),
      fail: (error, how) => work.fail(error, how),
      stop: (reason) => work.stop(reason),
    };
  } catch (err) {
    log.once('warn', 'start', `could not start a span; running untraced: ${String(err)}`);
    return undefined;
  }
}

/**
 * Runs `fn` in a new span described by `spec`. Without an initialized agentsight, or if starting
 * the span fails, `fn` simply runs.
 */
export function runInWorkSpan<T>(spec: WorkSpanSpec, fn: () => T): T {
  const runtime = currentRuntime();
  if (!runtime) return fn();
  let work: WorkSpan;
  try {
    work = startWorkSpan(runtime, spec);
  } catch (err) {
    log.once('warn', 'start', `could not start a span; running untraced: ${String(err)}`);
    return fn();
  }
  let result: T;
  try {
    result = context.with(work.context, fn);
  } catch (error) {
    work.fail(error);
    throw error;
  }
  if (isThenable(result)) {
    result.then(
      (value) => work.succeed(value),
      (error: unknown) => work.fail(error),
    );
    return result;
  }
  if (isAsyncGenerator(result)) return traceAsyncGenerator(result, work) as T;
  work.succeed(result);
  return result;
}
