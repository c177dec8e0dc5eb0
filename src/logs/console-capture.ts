/**
 * The console patch: `console.log/info/warn/error/debug/trace` call the original first, with the
 * same arguments and `this`, so the console prints exactly what it printed before (even if our part
 * fails), and only then, when a session is recording, hand the line to the recorder. The body is
 * formatted the way Node's console formats (`util.formatWithOptions`, without colors), only for
 * lines that are recorded.
 *
 * `console.trace` prints the stack of its caller. Called through our wrapper, that stack would
 * start with the wrapper's frame; while the original runs, `Error.prepareStackTrace` leaves out
 * this file's frames (and `Error.stackTraceLimit` makes room for the one it hides), so the printed
 * text is the same as without us. With `--enable-source-maps` Node formats stacks itself and the
 * wrapper's frame shows. The traced text reaches the recorder through the inner `console.error`
 * call the original makes.
 */
import { formatWithOptions } from 'node:util';
import { ATTR_AGENTSIGHT_LOG_SOURCE, ATTR_CODE_FUNCTION_NAME, ATTR_LOG_IOSTREAM, LOG_IOSTREAM, LOG_SOURCE } from '../semconv';
import { captureSuspended, resumeCapture, silenced, suspendCapture } from './capture-guard';
import { SEVERITY, type Severity } from './log-record';
import type { Attributes } from '@opentelemetry/api';

export type ConsoleMethod = 'log' | 'info' | 'warn' | 'error' | 'debug' | 'trace';

interface MethodSpec {
  severity: Severity;
  attributes: Attributes;
}

function spec(method: ConsoleMethod, severity: Severity, stream: string): MethodSpec {
  return {
    severity,
    attributes: Object.freeze({
      [ATTR_AGENTSIGHT_LOG_SOURCE]: LOG_SOURCE.CONSOLE,
      [ATTR_CODE_FUNCTION_NAME]: `console.${method}`,
      [ATTR_LOG_IOSTREAM]: stream,
    }),
  };
}

/** Severity and attributes of each method (Node writes log/info/debug to stdout, the rest to stderr). */
export const CONSOLE_METHODS: Readonly<Record<ConsoleMethod, MethodSpec>> = {
  log: spec('log', SEVERITY.INFO, LOG_IOSTREAM.STDOUT),
  info: spec('info', SEVERITY.INFO, LOG_IOSTREAM.STDOUT),
  debug: spec('debug', SEVERITY.DEBUG, LOG_IOSTREAM.STDOUT),
  warn: spec('warn', SEVERITY.WARN, LOG_IOSTREAM.STDERR),
  error: spec('error', SEVERITY.ERROR, LOG_IOSTREAM.STDERR),
  trace: spec('trace', SEVERITY.TRACE, LOG_IOSTREAM.STDERR),
};

/** What the console and stdio patches ask of LogCapture (`S`: its session type). */
export interface ConsoleRecorder<S> {
  /** `false` once capture is turned off (a wrapper we could not remove then only passes through). */
  readonly active: boolean;
  /** The session a line written now belongs to, when it is recording; `undefined` otherwise. Never throws. */
  sessionNow(): S | undefined;
  /** Records a line of `session`; `body` is called at most once. Never throws. */
  record(session: S, severity: Severity, attributes: Attributes, body: () => string): void;
}

type AnyFunction = (...args: unknown[]) => unknown;

/** Node's console formats with these options when colors are off (`kNoColorInspectOptions`). */
const NO_COLORS = {};

/** This file, whose frames `console.trace` must not print. */
const OWN_FILE = __filename;

/** V8's (and Node's) default stack format. */
function formatStack(error: Error, frames: NodeJS.CallSite[]): string {
  return `${Error.prototype.toString.call(error)}${frames.map((frame) => `\n    at ${frame}`).join('')}`;
}

/**
 * Patches the six methods of `target`; returns the function that restores them. A method someone
 * else has wrapped over ours since is left in place (ours then passes through).
 */
export function patchConsole<S>(target: Console, recorder: ConsoleRecorder<S>): () => void {
  const restores: Array<() => void> = [];
  /** The text of the `console.trace` running now, caught from its inner `console.error` call. */
  let traced: { text: string | undefined } | undefined;

  for (const method of Object.keys(CONSOLE_METHODS) as ConsoleMethod[]) {
    const original = target[method] as AnyFunction | undefined;
    if (typeof original !== 'function') continue;
    const { severity, attributes } = CONSOLE_METHODS[method];

    const wrapped =
      method === 'trace'
        ? function trace(this: unknown, ...args: unknown[]): unknown {
            if (silenced()) return undefined;
            const session = recorder.active && !captureSuspended() ? recorder.sessionNow() : undefined;
            const outer = traced;
            const own: { text: string | undefined } = { text: undefined };
            traced = own;
            // Everything below is inline: a helper would add a frame of its own to the printed stack.
            const hide = !process.sourceMapsEnabled;
            const hadOwn = Object.hasOwn(Error, 'prepareStackTrace');
            const previous = Error.prepareStackTrace;
            const limit = Error.stackTraceLimit;
            if (hide) {
              Error.prepareStackTrace = (error, frames) => {
                const kept = frames.filter((frame) => frame.getFileName() !== OWN_FILE);
                return previous ? previous(error, kept) : formatStack(error, kept);
              };
              // This wrapper's frame takes one of the places.
              if (typeof limit === 'number' && Number.isFinite(limit)) Error.stackTraceLimit = limit + 1;
            }
            suspendCapture();
            let result: unknown;
            try {
              result = Reflect.apply(original, this, args);
            } finally {
              resumeCapture();
              traced = outer;
              if (hide) {
                if (hadOwn) Error.prepareStackTrace = previous;
                else delete (Error as { prepareStackTrace?: unknown }).prepareStackTrace;
                Error.stackTraceLimit = limit;
              }
            }
            const text = own.text;
            if (session && text !== undefined) recorder.record(session, severity, attributes, () => text);
            return result;
          }
        : function captured(this: unknown, ...args: unknown[]): unknown {
            if (silenced()) return undefined;
            if (method === 'error' && traced && traced.text === undefined) traced.text = String(args[0]);
            const session = recorder.active && !captureSuspended() ? recorder.sessionNow() : undefined;
            if (!session) return Reflect.apply(original, this, args);
            let result: unknown;
            suspendCapture();
            try {
              result = Reflect.apply(original, this, args);
            } finally {
              resumeCapture();
            }
            recorder.record(session, severity, attributes, () => formatWithOptions(NO_COLORS, ...args));
            return result;
          };
    Object.defineProperty(wrapped, 'name', { value: method });
    target[method] = wrapped as Console[ConsoleMethod];
    restores.push(() => {
      if (target[method] === wrapped) target[method] = original as Console[ConsoleMethod];
    });
  }
  return () => {
    for (const restore of restores) restore();
  };
}
