/**
 * Follows the part stream of a `doStream` call (`stream-start`, `response-metadata`,
 * `text-delta`, `reasoning-delta`, `tool-call`, `finish`, `error`, ...) and ends the call's span
 * with it.
 *
 * The AI SDK reads a model's stream itself and never hands it to the caller, so the stream is
 * replaced by one that reads it part by part and passes every part and error on unchanged. The call ends on whichever comes first: the end of the stream (failed if a part
 * reported an error in band), a read error, the SDK cancelling the stream (the caller stopped,
 * or the call was aborted), or the call's abort signal.
 */
import { getLogger } from '../../src/diag';
import { isObject, str, type Json } from '../../src/json-values';
import { ENDED_BY } from '../../src/semconv';
import type { LlmCall, LlmResponse } from '../base/llm-call';
import { parseArguments, type MessagePart, type OutputMessage } from '../base/messages';
import { endOnAbort, guardedResult } from '../base/stream-end';
import { responseMetadata } from './call-mapping';
import { contentPart } from './content-parts';
import { errorTypeOf, isAbortError } from './errors';
import { finishReason, tokenUsage } from './usage-mapping';

const log = getLogger('vercel-ai');

/** One piece of the answer, in order of first appearance. */
type Piece = { kind: 'text' | 'reasoning'; text: string } | { kind: 'part'; part: MessagePart };

/** Assembles what a stream's parts tell (part shapes of the v2, v3 and v4 specifications). */
class StreamAssembly {
  private id: string | undefined;
  private model: string | undefined;
  private reason: string | undefined;
  private usage: unknown;
  private providerMetadata: unknown;
  private readonly pieces: Piece[] = [];
  private readonly open = new Map<string, Piece & { kind: 'text' | 'reasoning' }>();
  /** An error the stream reported as a part. */
  failure: unknown;

  see(part: Json): void {
    switch (part.type) {
      case 'response-metadata': {
        const meta = responseMetadata(part);
        this.id ??= meta.id;
        this.model ??= meta.model;
        break;
      }
      case 'text-delta':
      case 'reasoning-delta':
      case 'reasoning': {
        const kind = part.type === 'text-delta' ? 'text' : 'reasoning';
        // v2 and later name the delta `delta` and tie it to an `id`; v1-era parts used `textDelta`.
        const delta = str(part.delta) ?? str(part.textDelta) ?? str(part.text) ?? '';
        const key = `${kind}:${str(part.id) ?? ''}`;
        let piece = this.open.get(key);
        if (!piece) {
          piece = { kind, text: '' };
          this.open.set(key, piece);
          this.pieces.push(piece);
        }
        piece.text += delta;
        break;
      }
      case 'text-end':
      case 'reasoning-end':
        this.open.delete(`${part.type === 'text-end' ? 'text' : 'reasoning'}:${str(part.id) ?? ''}`);
        break;
      case 'tool-call':
      case 'tool-result':
      case 'file': {
        const converted = contentPart(part.type === 'tool-call' ? { ...part, input: parseArguments(part.input) } : part);
        if (converted) this.pieces.push({ kind: 'part', part: converted });
        break;
      }
      case 'finish':
        this.reason = finishReason(part.finishReason);
        this.usage = part.usage;
        this.providerMetadata = part.providerMetadata;
        break;
      case 'error':
        this.failure ??= part.error;
        break;
      default:
        break;
    }
  }

  result(): LlmResponse {
    const usage = tokenUsage(this.usage, this.providerMetadata);
    const reason = this.reason;
    return {
      ...(this.id ? { id: this.id } : {}),
      ...(this.model ? { model: this.model } : {}),
      ...(reason ? { finishReasons: [reason] } : {}),
      ...(usage ? { usage } : {}),
      outputMessages: (): OutputMessage[] => [{ role: 'assistant', parts: this.parts(), finish_reason: reason ?? '' }],
    };
  }

  private parts(): MessagePart[] {
    return this.pieces.map((piece) =>
      piece.kind === 'part'
        ? piece.part
        : piece.kind === 'text'
          ? { type: 'text', content: piece.text }
          : { type: 'reasoning', content: piece.text },
    );
  }
}

/** The parts that carry no news from the server: they do not count as its first chunk. */
const LOCAL_PARTS: ReadonlySet<unknown> = new Set(['stream-start', 'raw']);

/**
 * A stream that passes on every part of `stream` and ends `call` with it. `signal` is the call's
 * abort signal; `onError` hears of a read error (the stream failed, not aborted). Never throws.
 */
export function observeModelStream(
  stream: ReadableStream<unknown>,
  call: LlmCall,
  signal: AbortSignal | undefined,
  onError?: (error: unknown) => void,
): ReadableStream<unknown> {
  const assembly = new StreamAssembly();
  const result = guardedResult(() => assembly.result());
  const detach = endOnAbort(signal, call, result);
  const reader = stream.getReader();
  return new ReadableStream<unknown>(
    {
      async pull(controller) {
        let step: Awaited<ReturnType<ReadableStreamDefaultReader<unknown>['read']>>;
        try {
          step = await reader.read();
        } catch (error) {
          detach();
          if (signal?.aborted || isAbortError(error)) call.stop(ENDED_BY.ABORT, result());
          else {
            call.fail(error, errorTypeOf(error), result());
            onError?.(error);
          }
          controller.error(error);
          return;
        }
        if (step.done) {
          detach();
          if (assembly.failure !== undefined) call.fail(assembly.failure, errorTypeOf(assembly.failure), result());
          else if (signal?.aborted) call.stop(ENDED_BY.ABORT, result());
          else call.succeed(result());
          try {
            controller.close();
          } catch {
            // Cancelled meanwhile: nothing left to close.
          }
          return;
        }
        const part = step.value;
        try {
          if (isObject(part)) {
            if (!LOCAL_PARTS.has(part.type)) call.chunk();
            assembly.see(part);
          }
        } catch (err) {
          log.once('warn', 'stream-part', `reading a model stream part failed: ${String(err)}`);
        }
        controller.enqueue(part);
      },
      cancel(reason) {
        detach();
        call.stop(signal?.aborted ? ENDED_BY.ABORT : ENDED_BY.CALLER_STOPPED, result());
        return reader.cancel(reason);
      },
    },
    // One part read ahead, as a stage of the SDK's own pipeline does: with none, a result whose
    // caller reads nothing would stop draining the model's answer, which the SDK otherwise does.
    { highWaterMark: 1 },
  );
}
