/**
 * When to try an OTLP export again, as the OTLP exporter specification asks: retryable answers
 * (429, 502, 503, 504 and network errors) are retried with exponential backoff and jitter, or after
 * the server's `Retry-After`, and never past the export's own deadline: a wait that would end after
 * it means giving up now rather than holding the data (and the process) for nothing.
 */

export const MAX_ATTEMPTS = 5;
export const INITIAL_BACKOFF_MS = 1000;
export const MAX_BACKOFF_MS = 5000;
const BACKOFF_MULTIPLIER = 1.5;
/** Each backoff is drawn from ±20 % of its nominal value, so many clients do not retry in step. */
const JITTER = 0.2;

export interface RetryState {
  /** The attempt that just failed, from 1. */
  attempt: number;
  /** `Retry-After` of its answer in milliseconds, if the server sent one. */
  retryAfterMs?: number;
  /** Milliseconds left before the export's deadline. */
  remainingMs: number;
  /** A number in [0, 1), for the jitter (`Math.random` unless a test fixes it). */
  random?: number;
}

/** The nominal backoff after `attempt` failed attempts: 1 s, 1.5 s, 2.25 s, ... capped at 5 s. */
export function nominalBackoffMs(attempt: number): number {
  return Math.min(INITIAL_BACKOFF_MS * BACKOFF_MULTIPLIER ** (attempt - 1), MAX_BACKOFF_MS);
}

/** How long to wait before the next attempt, or `undefined` to give up. */
export function retryDelayMs({ attempt, retryAfterMs, remainingMs, random = Math.random() }: RetryState): number | undefined {
  if (attempt >= MAX_ATTEMPTS) return undefined;
  const wait =
    retryAfterMs !== undefined && retryAfterMs >= 0
      ? retryAfterMs
      : Math.min(nominalBackoffMs(attempt) * (1 - JITTER + 2 * JITTER * random), MAX_BACKOFF_MS);
  return wait < remainingMs ? wait : undefined;
}

/** `Retry-After` in milliseconds (seconds or an HTTP date), or `undefined` when absent or unreadable. */
export function retryAfterMs(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw.trim() === '') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
