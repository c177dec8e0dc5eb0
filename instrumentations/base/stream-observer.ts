/**
 * Observes an SDK `Stream` (OpenAI and Anthropic SDKs share its design) in place.
 *
 * The caller keeps the SDK's own `Stream` object, with `tee()`, `toReadableStream()`, `controller`
 * and every helper built on it: we only replace the instance's `iterator` function, which all of
 * them (and `for await`) go through. Each chunk is shown to the provider's mapper, which may hide
 * a chunk the caller would not have received without us (OpenAI's extra usage chunk).
 *
 * The call ends on whichever comes first: the end of the stream, an error, the caller leaving early
 * (`break`/`return()`), the abort signal (some SDK versions never settle the iteration after an
 * abort), or the stream object being garbage collected without ever being read.
 */
import { getLogger } from '../../src/diag';
import { ENDED_BY } from '../../src/semconv';
import type { LlmCall, LlmResponse } from './llm-call';
import { endOnAbort, guardedResult } from './stream-end';

const log = getLogger('stream');

export interface StreamMapper<Chunk> {
  /** Sees one chunk; returning `false` hides it from the caller. */
  onChunk(chunk: Chunk): boolean | void;
  /** What is known so far, assembled from the chunks seen. */
  result(): LlmResponse;
  /**
   * An error the stream reported in band without the SDK throwing it (the call then ends as
   * failed when the stream ends): the error, and its `error.type` when not its class name.
   */
  failure?(): { error: unknown; type?: string } | undefined;
}

interface StreamShape<Chunk> {
  iterator: () => AsyncIterator<Chunk>;
  controller?: { signal?: AbortSignal };
}

/** Ends calls whose stream was dropped unread (held value: the call, never the stream). */
const unread = new FinalizationRegistry<() => void>((stop) => stop());

function isStream<Chunk>(value: unknown): value is StreamShape<Chunk> {
  return typeof value === 'object' && value !== null && typeof (value as { iterator?: unknown }).iterator === 'function';
}

/**
 * Attaches `mapper` to `stream` and ends `call` when the stream ends. Returns `false` when `stream`
 * is not an SDK stream (nothing was changed).
 */
export function observeStream<Chunk>(stream: unknown, call: LlmCall, mapper: StreamMapper<Chunk>): boolean {
  if (!isStream<Chunk>(stream)) return false;
  const original = stream.iterator;
  const signal = stream.controller?.signal;

  const result = guardedResult(() => mapper.result());
  const detach = endOnAbort(signal, call, result);
  const token = {};
  unread.register(stream, () => call.stop(ENDED_BY.CALLER_STOPPED, result()), token);

  const inBandFailure = (): ReturnType<NonNullable<StreamMapper<Chunk>['failure']>> => {
    try {
      return mapper.failure?.();
    } catch (err) {
      log.once('warn', 'failure', `reading a stream's in-band error failed: ${String(err)}`);
      return undefined;
    }
  };

  stream.iterator = function iterator(this: unknown): AsyncIterator<Chunk> {
    unread.unregister(token);
    const inner = original.call(this);
    const wrapped: AsyncIterableIterator<Chunk> = {
      async next(...args: [] | [undefined]): Promise<IteratorResult<Chunk>> {
        for (;;) {
          let step: IteratorResult<Chunk>;
          try {
            step = await inner.next(...args);
          } catch (error) {
            detach();
            call.fail(error, undefined, result());
            throw error;
          }
          if (step.done) {
            detach();
            const failure = inBandFailure();
            // A Stainless stream ends quietly when its request is aborted.
            if (failure) call.fail(failure.error, failure.type, result());
            else if (signal?.aborted) call.stop(ENDED_BY.ABORT, result());
            else call.succeed(result());
            return step;
          }
          call.chunk();
          let show = true;
          try {
            show = mapper.onChunk(step.value) !== false;
          } catch (err) {
            log.once('warn', 'chunk', `reading a stream chunk failed: ${String(err)}`);
          }
          if (show) return step;
        }
      },
      async return(value?: unknown): Promise<IteratorResult<Chunk>> {
        detach();
        call.stop(ENDED_BY.CALLER_STOPPED, result());
        return inner.return ? inner.return(value) : { done: true, value: value as Chunk };
      },
      async throw(error?: unknown): Promise<IteratorResult<Chunk>> {
        detach();
        call.fail(error, undefined, result());
        if (inner.throw) return inner.throw(error);
        throw error;
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
    return wrapped;
  };
  return true;
}
