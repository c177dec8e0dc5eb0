/**
 * Streams that make the lines of a JSON logger log records of the active session, without
 * agentsight depending on the logger: a destination for pino (`pino(options, pinoDestination())`)
 * and a stream for winston's `transports.Stream`. Each line goes on to `target` unchanged (default:
 * `process.stdout`, so the terminal shows what it showed), then, while a session is recording, it
 * becomes a record: severity from the level, body from the message, the other fields as
 * attributes. Both loggers write in the caller's async context, so a line joins the session that
 * logged it. Before `init()`, or with `AGENTSIGHT_CAPTURE_LOGS=false`, the stream only forwards.
 */
import { Writable } from 'node:stream';
import { currentRuntime } from '../runtime';
import { LOG_SOURCE, type LogSource } from '../semconv';
import { uncaptured } from './capture-guard';

/** Where a log stream sends its lines on: anything with `write(text)`, e.g. `process.stdout` or a file stream. */
export interface LineTarget {
  write(chunk: string): unknown;
}

declare global {
  namespace NodeJS {
    // Empty on purpose: with @types/node it merges into Node's own, so a `LogStream` is a
    // `NodeJS.WritableStream` (what winston's Stream transport asks for); without it, agentsight's
    // types still compile.
    interface WritableStream {}
  }
}

/** A Node.js writable stream of log lines (what `pinoDestination()` and `winstonStream()` return). */
export type LogStream = NodeJS.WritableStream & { write(chunk: string): boolean };

class LogLineStream extends Writable {
  constructor(
    private readonly source: LogSource,
    private readonly target: LineTarget | null,
  ) {
    super({ decodeStrings: false, objectMode: false });
  }

  override _write(chunk: unknown, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
    try {
      // Written once: not again by stdio capture.
      if (this.target) uncaptured(() => this.target?.write(text));
    } catch (err) {
      callback(err as Error);
      return;
    }
    currentRuntime()?.logs?.recordLines(this.source, text);
    callback();
  }
}

/**
 * A pino destination: `pino(options, pinoDestination())`. Lines go on to `target` (default
 * `process.stdout`; `null` for none) and become log records of the session that logged them.
 *
 * @example
 * import pino from 'pino';
 * import { pinoDestination } from 'agentsight';
 * const logger = pino({ level: 'info' }, pinoDestination());
 */
export function pinoDestination(target: LineTarget | null = process.stdout): LogStream {
  return new LogLineStream(LOG_SOURCE.PINO, target);
}

/**
 * A stream for winston's Stream transport, with a JSON format: lines go on to `target` (default
 * `process.stdout`; `null` for none) and become log records of the session that logged them.
 *
 * @example
 * import winston from 'winston';
 * import { winstonStream } from 'agentsight';
 * const logger = winston.createLogger({
 *   format: winston.format.json(),
 *   transports: [new winston.transports.Stream({ stream: winstonStream() })],
 * });
 */
export function winstonStream(target: LineTarget | null = process.stdout): LogStream {
  return new LogLineStream(LOG_SOURCE.WINSTON, target);
}
