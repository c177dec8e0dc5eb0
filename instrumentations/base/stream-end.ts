/**
 * What every stream observer does to end its LLM call: read the assembled result without letting
 * a fault of ours reach the caller, and end the call as aborted when the caller's signal aborts.
 * Shared by the Stainless SDKs' `Stream` (`stream-observer.ts`) and the Vercel AI SDK's model
 * streams.
 */
import { getLogger } from '../../src/diag';
import { ENDED_BY } from '../../src/semconv';
import type { LlmCall, LlmResponse } from './llm-call';

const log = getLogger('stream');

/** `assemble()`, or an empty response (with one warning) when assembling the result failed. */
export function guardedResult(assemble: () => LlmResponse): () => LlmResponse {
  return () => {
    try {
      return assemble();
    } catch (err) {
      log.once('warn', 'result', `assembling a stream's result failed: ${String(err)}`);
      return {};
    }
  };
}

/**
 * Ends `call` as aborted when `signal` aborts (now, if it has). Deferred a turn: a Stainless stream
 * that fails aborts its own controller just before its error reaches `next()`, and that error must
 * win over the abort. Returns the function that stops listening, for when the stream ends first.
 */
export function endOnAbort(signal: AbortSignal | undefined, call: LlmCall, result: () => LlmResponse): () => void {
  if (!signal) return () => undefined;
  const onAbort = (): void => void setImmediate(() => call.stop(ENDED_BY.ABORT, result()));
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}
