/**
 * What happens to open sessions when the process leaves, on each way out, without changing how it
 * leaves:
 *
 * - natural end (`beforeExit`): open spans end, explicit sessions end `indeterminate`, the
 *   automatic session ends by its outcome; everything is flushed (bounded), then Node exits as usual.
 * - `process.exit()` and uncaught exceptions (`exit`): the same, flushed synchronously (spans and
 *   the local store), since no promise settles there. The exit code is never touched.
 * - SIGINT / SIGTERM: sessions end `fail` with the signal as reason and everything is flushed
 *   (bounded). If the application handles the signal itself, it decides what happens next; if not,
 *   the signal is raised again once we are done, so the process dies of it as it would have.
 * - uncaught exception: recorded on the open sessions; if nothing else handles it, they end `fail`
 *   and the process then dies as it would have (`uncaughtExceptionMonitor` never changes that).
 */
import type { Span } from '@opentelemetry/api';
import { getLogger } from '../diag';
import { errorMessage, errorType } from '../events/error-recording';
import { SESSION_END_STATE, type SessionEndState } from '../semconv';

const log = getLogger('exit');
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
type HandledSignal = (typeof SIGNALS)[number];

/** An open session, as an uncaught exception sees it: it records the exception and fails. */
export interface FailableSession {
  readonly span: Pick<Span, 'recordException'>;
  /** Marks the session failed with `reason` (it ends later, with the rest of the open work). */
  markFailed(reason: string): void;
}

/** What the exit handlers act on (the Client implements it). */
export interface ExitTarget {
  /** The time budget, in milliseconds, for all the flushing one way out does. */
  readonly shutdownTimeoutMs: number;
  /**
   * Ends what is still open: spans, then sessions. Explicit sessions end with `state`; the
   * automatic one by its own outcome unless `autoState` is given.
   */
  endOpenWork(state: SessionEndState, reason: string, autoState?: SessionEndState, autoReason?: string): void;
  /** The sessions still open. */
  openSessions(): readonly FailableSession[];
  /** Flushes everything (spans, metrics, logs, the local store) within `timeoutMs`. */
  forceFlush(timeoutMs: number): Promise<'done' | 'timeout'>;
  /**
   * Ends the exports still in flight, once the budget is spent, so that none holds the process;
   * `final` (the process is on its way out): the exports started afterwards fail at once too.
   */
  abandonExports(final: boolean): void;
  /** Flushes spans and the local store synchronously within `timeoutMs` (at `exit`, no promise settles). */
  flushSync(timeoutMs: number): void;
}

/** Installs the handlers; returns the function that removes them. */
export function installExitHandlers(target: ExitTarget): () => void {
  let finished = false;
  let flushing = false;
  const timeout = target.shutdownTimeoutMs;
  // One time budget for all the flushing a way out does (asynchronous, then synchronous at exit).
  let deadline: number | undefined;
  const startBudget = (): void => {
    deadline ??= Date.now() + timeout;
  };
  const remaining = (): number => Math.max(0, (deadline ?? Date.now() + timeout) - Date.now());

  /**
   * Flushes within the budget. The timer keeps the event loop alive meanwhile: our exporters'
   * sockets are unref'd (a dead collector must not hold the process), so without it the process
   * would leave mid-request and the exit path would send the same spans again. When the budget
   * runs out, the exports still in flight are abandoned: nothing of ours outlives it. `final`
   * when the process is leaving: then the batches the SDKs still drain after that fail at once.
   */
  const flushWithinBudget = async (final: boolean): Promise<void> => {
    startBudget();
    const keepAlive = setTimeout(() => undefined, remaining());
    try {
      if ((await target.forceFlush(remaining())) === 'timeout') target.abandonExports(final);
    } catch (err) {
      log.debug('flush at exit failed', err);
    } finally {
      clearTimeout(keepAlive);
    }
  };

  const autoOutcome = (exitCode: number | undefined): [typeof SESSION_END_STATE.FAIL, string] | [undefined, undefined] =>
    exitCode !== undefined && exitCode !== 0 ? [SESSION_END_STATE.FAIL, `process exited with code ${exitCode}`] : [undefined, undefined];

  const exitCode = (): number | undefined => {
    const code = process.exitCode;
    return code === undefined || code === null ? undefined : Number(code);
  };

  const endForExit = (code: number | undefined): void => {
    const [autoState, autoReason] = autoOutcome(code);
    target.endOpenWork(SESSION_END_STATE.INDETERMINATE, 'the process exited before the session ended', autoState, autoReason);
  };

  const onBeforeExit = (): void => {
    if (finished || flushing) return;
    flushing = true;
    try {
      endForExit(exitCode());
    } catch (err) {
      log.debug('ending sessions at exit failed', err);
    }
    void flushWithinBudget(true).finally(() => {
      flushing = false;
      finished = true;
    });
  };

  const onExit = (code: number): void => {
    try {
      startBudget();
      endForExit(code);
      target.flushSync(remaining());
    } catch (err) {
      log.debug('flush at exit failed', err);
    }
    finished = true;
  };

  const onSignal = (signal: HandledSignal): void => {
    const appHandles = process.listenerCount(signal) > 1;
    if (flushing && !appHandles) {
      // A second signal while we flush: stop waiting.
      reraise(signal);
      return;
    }
    try {
      target.endOpenWork(SESSION_END_STATE.FAIL, signal, SESSION_END_STATE.FAIL, signal);
    } catch (err) {
      log.debug('ending sessions on a signal failed', err);
    }
    flushing = true;
    // An application that handles the signal may live on, and keep exporting.
    void flushWithinBudget(!appHandles).finally(() => {
      flushing = false;
      if (!appHandles) reraise(signal);
    });
  };

  const reraise = (signal: HandledSignal): void => {
    remove();
    // Written synchronously before dying, like everything else that was pending.
    try {
      target.flushSync(remaining());
    } catch {
      // dying anyway
    }
    process.kill(process.pid, signal);
  };

  const onUncaught = (error: unknown): void => {
    try {
      // With a handler of its own, the application lives on: record, but end nothing.
      const fatal = process.listenerCount('uncaughtException') === 0;
      const reason = `uncaught exception: ${errorType(error)}: ${errorMessage(error)}`;
      for (const session of target.openSessions()) {
        session.span.recordException(error instanceof Error ? error : { name: errorType(error), message: errorMessage(error) });
        session.markFailed(reason);
      }
      if (fatal) target.endOpenWork(SESSION_END_STATE.FAIL, reason, SESSION_END_STATE.FAIL, reason);
    } catch (err) {
      log.debug('recording an uncaught exception failed', err);
    }
  };

  const signalHandlers = new Map<HandledSignal, () => void>(SIGNALS.map((s) => [s, () => onSignal(s)]));
  process.on('beforeExit', onBeforeExit);
  process.on('exit', onExit);
  process.on('uncaughtExceptionMonitor', onUncaught);
  for (const [signal, handler] of signalHandlers) process.on(signal, handler);

  function remove(): void {
    process.off('beforeExit', onBeforeExit);
    process.off('exit', onExit);
    process.off('uncaughtExceptionMonitor', onUncaught);
    for (const [signal, handler] of signalHandlers) process.off(signal, handler);
  }
  return remove;
}
