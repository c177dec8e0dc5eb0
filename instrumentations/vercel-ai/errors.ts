/**
 * The AI SDK's errors as `error.type`, and what its retry loop does with them.
 *
 * The SDK names its errors `AI_<Class>` (`AI_APICallError`, `AI_RetryError`); their class names
 * vary with the bundler of each release (`_APICallError`), so the type comes from the name.
 */
import { errorType } from '../../src/events/error-recording';
import { isObject, nonEmptyStr } from '../../src/json-values';

/** `error.type` of an error the SDK threw or a stream reported: `APICallError`, `AbortError`, ... */
export function errorTypeOf(error: unknown): string {
  if (error instanceof Error || (isObject(error) && typeof error.name === 'string' && typeof error.message === 'string')) {
    const name = (error as { name: string }).name;
    if (name.startsWith('AI_') && name.length > 3) return name.slice(3);
    if (name === 'AbortError' || name === 'TimeoutError') return name;
    return errorType(error);
  }
  // A provider's error event, as the stream reported it (`{ type: 'error', code: 'server_error', ... }`).
  if (isObject(error)) return nonEmptyStr(error.code) ?? nonEmptyStr(error.type) ?? '_OTHER';
  return errorType(error);
}

/** Whether `error` is the end of an aborted request. */
export function isAbortError(error: unknown): boolean {
  const name = (error as { name?: unknown } | null | undefined)?.name;
  return name === 'AbortError' || name === 'ResponseAborted' || name === 'TimeoutError';
}

/**
 * Whether the SDK's retry loop calls the model again after `error` on attempt `attempt` (from 1)
 * of `maxRetries` retries: a retryable API (or gateway) error, while retries remain. This is the
 * rule of `retryWithExponentialBackoff` in `ai` 5 to 7.
 */
export function willRetry(error: unknown, attempt: number, maxRetries: number): boolean {
  if (!(error instanceof Error) || isAbortError(error)) return false;
  return (error as { isRetryable?: unknown }).isRetryable === true && attempt <= maxRetries;
}

/**
 * The error a failure of the SDK wraps (`RetryError.lastError`): recorded already, on the span of
 * the model call that failed last.
 */
export function wrappedError(error: unknown): unknown {
  return isObject(error) ? error.lastError : undefined;
}
