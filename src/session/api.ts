/**
 * The public session functions: `startSession`, `withSession`, `currentSession`.
 */
import { context } from '@opentelemetry/api';
import { getLogger } from '../diag';
import { errorMessage, errorType, recordSpanError } from '../events/error-recording';
import { currentRuntime } from '../runtime';
import { SESSION_END_STATE } from '../semconv';
import { isThenable } from '../thenable';
import { Session, type SessionEndOptions, type SessionHandle, type SessionOptions } from './session';

const log = getLogger('sessions');

/** The handle returned when agentsight is not initialized or disabled: runs work, records nothing. */
class UntracedSession implements SessionHandle {
  // node:crypto loads on first use, not at start-up: only an untraced session needs it.
  readonly id = (require('node:crypto') as typeof import('node:crypto')).randomBytes(16).toString('hex');
  readonly tags: readonly string[];
  readonly costUsd = 0;
  private isEnded = false;

  constructor(
    readonly name: string,
    tags: readonly string[] = [],
  ) {
    this.tags = tags;
  }

  get ended(): boolean {
    return this.isEnded;
  }

  run<T>(fn: () => T): T {
    return fn();
  }

  end(_options?: SessionEndOptions): void {
    this.isEnded = true;
  }
}

/**
 * Starts a session: a new trace whose root span is the session. Work joins it when run through
 * `session.run(fn)`; end it with `session.end({ state, reason })`.
 *
 * @example
 * const session = startSession({ name: 'support-ticket', tags: ['prod'] });
 * await session.run(() => agent.handle(ticket));
 * session.end({ state: 'success' });
 */
export function startSession(options: SessionOptions = {}): SessionHandle {
  const runtime = currentRuntime();
  if (!runtime) return new UntracedSession(options.name ?? 'session', options.tags);
  try {
    return runtime.sessions.start(options);
  } catch (err) {
    log.once('warn', 'start', `could not start a session; running untraced: ${String(err)}`);
    return new UntracedSession(options.name ?? 'session', options.tags);
  }
}

/**
 * Runs `fn` in a new session and ends it by the outcome: `success` when `fn` returns (or its
 * promise resolves), `fail` when it throws (or rejects), the error rethrown unchanged.
 *
 * @example
 * const answer = await withSession({ name: 'qa' }, async (session) => agent.answer(question));
 */
export function withSession<T>(options: SessionOptions, fn: (session: SessionHandle) => T): T {
  const session = startSession(options);
  // Ours, never the caller's: a failure here must not replace the caller's error or outcome.
  const failed = (error: unknown): void => {
    try {
      if (session instanceof Session) recordSpanError(session.span, error, session.scope, session);
      session.end({ state: SESSION_END_STATE.FAIL, reason: `${errorType(error)}: ${errorMessage(error)}` });
    } catch (err) {
      log.once('warn', 'fail', `recording a session's failure failed: ${String(err)}`);
    }
  };
  let result: T;
  try {
    result = session.run(() => fn(session));
  } catch (error) {
    failed(error);
    throw error;
  }
  if (isThenable(result)) {
    result.then(() => session.end({ state: SESSION_END_STATE.SUCCESS }), failed);
    return result;
  }
  session.end({ state: SESSION_END_STATE.SUCCESS });
  return result;
}

/** The session of the current context (an explicit one, else the automatic one if it started). */
export function currentSession(): SessionHandle | undefined {
  return currentRuntime()?.sessions.active(context.active());
}
