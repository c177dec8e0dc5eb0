/**
 * Raw stdout/stderr capture (`AGENTSIGHT_CAPTURE_STDIO`): `process.stdout.write` and
 * `process.stderr.write` call the original first and return what it returned; then a write made
 * during a recording session becomes a record (one per write, without its final newline). Writes
 * made by a console method we already record, by our own diagnostics or by a log stream of ours
 * run with capture suspended, so nothing is recorded twice; writes made while we format a record
 * are not printed again (see `capture-guard.ts`).
 */
import type { Attributes } from '@opentelemetry/api';
import { ATTR_AGENTSIGHT_LOG_SOURCE, ATTR_CODE_FUNCTION_NAME, ATTR_LOG_IOSTREAM, LOG_IOSTREAM, LOG_SOURCE } from '../semconv';
import { captureSuspended, silenced } from './capture-guard';
import type { ConsoleRecorder } from './console-capture';
import { SEVERITY, type Severity } from './log-record';

type Stream = 'stdout' | 'stderr';

/** Raw writes carry no level: stdout is INFO, stderr (warnings, diagnostics, errors) WARN. */
const STREAMS: Readonly<Record<Stream, { severity: Severity; attributes: Attributes }>> = {
  stdout: {
    severity: SEVERITY.INFO,
    attributes: Object.freeze({
      [ATTR_AGENTSIGHT_LOG_SOURCE]: LOG_SOURCE.STDIO,
      [ATTR_CODE_FUNCTION_NAME]: 'process.stdout.write',
      [ATTR_LOG_IOSTREAM]: LOG_IOSTREAM.STDOUT,
    }),
  },
  stderr: {
    severity: SEVERITY.WARN,
    attributes: Object.freeze({
      [ATTR_AGENTSIGHT_LOG_SOURCE]: LOG_SOURCE.STDIO,
      [ATTR_CODE_FUNCTION_NAME]: 'process.stderr.write',
      [ATTR_LOG_IOSTREAM]: LOG_IOSTREAM.STDERR,
    }),
  },
};

/** The text of a chunk given to `write` (bytes read as UTF-8), without one final newline. */
export function chunkText(chunk: unknown): string {
  let text: string;
  if (typeof chunk === 'string') text = chunk;
  else if (chunk instanceof Uint8Array) text = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('utf8');
  else text = String(chunk);
  return text.endsWith('\n') ? text.slice(0, text.endsWith('\r\n') ? -2 : -1) : text;
}

type Write = (...args: unknown[]) => boolean;

/** Wraps the `write` of both streams; returns the function that restores them. */
export function patchStdio<S>(recorder: ConsoleRecorder<S>, streams: Record<Stream, NodeJS.WritableStream> = process): () => void {
  const restores: Array<() => void> = [];
  for (const name of ['stdout', 'stderr'] as const) {
    const stream = streams[name];
    const original = stream.write as Write;
    const { severity, attributes } = STREAMS[name];
    const wrapped = function write(this: unknown, ...args: unknown[]): boolean {
      if (silenced()) {
        // Printed already, when the console formatted the same value; a callback still gets its call.
        const callback = args.find((a) => typeof a === 'function') as (() => void) | undefined;
        if (callback) process.nextTick(callback);
        return true;
      }
      const result = Reflect.apply(original, this, args) as boolean;
      if (recorder.active && !captureSuspended()) {
        const session = recorder.sessionNow();
        if (session) recorder.record(session, severity, attributes, () => chunkText(args[0]));
      }
      return result;
    };
    stream.write = wrapped as NodeJS.WritableStream['write'];
    restores.push(() => {
      if (stream.write === wrapped) stream.write = original as NodeJS.WritableStream['write'];
    });
  }
  return () => {
    for (const restore of restores) restore();
  };
}
