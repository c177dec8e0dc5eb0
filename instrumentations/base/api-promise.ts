/**
 * Observes an SDK `APIPromise` (OpenAI and Anthropic SDKs share its design) without consuming it.
 *
 * The caller keeps the very object the SDK returned: `withResponse()`, `asResponse()`,
 * `_thenUnwrap()` and the helpers built on them keep working, and the body is read only if the
 * caller (or the SDK's own helpers) read it. We replace two of the instance's own fields:
 * - `responsePromise` by a pass-through that notes the response or the error and settles the same
 *   way (so an unhandled rejection stays unhandled, exactly as without us);
 * - `parseResponse` by a wrapper that sees the parsed result (a JSON body or a `Stream`).
 * A caller that takes the raw `Response` with `asResponse()` and never lets the SDK parse it is
 * noticed through `asResponse` on the APIPromise prototype (patched once per class, restored by
 * `restoreApiPromisePrototypes`); the span then ends when the response arrives.
 */
import { getLogger } from '../../src/diag';

const log = getLogger('api-promise');

export interface ApiPromiseHooks {
  /** The SDK parsed the body; `data` is what the caller receives (a JSON value or a stream). */
  onParsed(data: unknown): void;
  /** The request failed (after the SDK's retries), or parsing failed. */
  onError(error: unknown): void;
  /** The caller took the raw `Response` and the SDK did not parse the body. */
  onRawResponse(response: unknown): void;
}

interface CallState {
  hooks: ApiPromiseHooks;
  parseStarted: boolean;
  rawRequested: boolean;
  response: unknown;
  arrived: boolean;
}

interface ApiPromiseShape {
  responsePromise: Promise<{ response?: unknown }>;
  parseResponse: (...args: unknown[]) => unknown;
}

/** Calls we observe, keyed by our pass-through `responsePromise` (shared by `_thenUnwrap` copies). */
const calls = new WeakMap<object, CallState>();
/** APIPromise prototypes whose `asResponse` we wrapped, with the original. */
const patchedPrototypes = new Map<object, (...args: unknown[]) => unknown>();

function isApiPromise(value: unknown): value is ApiPromiseShape {
  const v = value as Partial<ApiPromiseShape> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.parseResponse === 'function' &&
    typeof (v.responsePromise as Promise<unknown> | undefined)?.then === 'function'
  );
}

/** Runs a hook; a failure of ours is logged, never thrown into the SDK's promise chain. */
function safe(what: string, fn: () => void): void {
  try {
    fn();
  } catch (err) {
    log.once('warn', what, `${what} hook failed: ${String(err)}`);
  }
}

/** After the SDK had its chance to start parsing, tells a raw-response caller apart. */
function checkRaw(state: CallState): void {
  if (!state.rawRequested || !state.arrived) return;
  // setImmediate: the SDK's own parse callback (withResponse calls parse() before asResponse())
  // is queued on the same promise and runs in a microtask before this.
  setImmediate(() => {
    if (!state.parseStarted) safe('raw-response', () => state.hooks.onRawResponse(state.response));
  });
}

function patchAsResponse(promise: object): void {
  let proto: object | null = Object.getPrototypeOf(promise);
  while (proto && !Object.prototype.hasOwnProperty.call(proto, 'asResponse')) proto = Object.getPrototypeOf(proto);
  if (!proto || patchedPrototypes.has(proto)) return;
  const original = (proto as { asResponse?: unknown }).asResponse;
  if (typeof original !== 'function') return;
  patchedPrototypes.set(proto, original as (...args: unknown[]) => unknown);
  Object.defineProperty(proto, 'asResponse', {
    configurable: true,
    writable: true,
    enumerable: false,
    value: function asResponse(this: { responsePromise?: object }, ...args: unknown[]): unknown {
      const state = this.responsePromise ? calls.get(this.responsePromise) : undefined;
      if (state && !state.rawRequested) {
        state.rawRequested = true;
        checkRaw(state);
      }
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    },
  });
}

/** Puts back every `asResponse` we wrapped (when instrumentation is disabled). */
export function restoreApiPromisePrototypes(): void {
  for (const [proto, original] of patchedPrototypes) {
    Object.defineProperty(proto, 'asResponse', { configurable: true, writable: true, enumerable: false, value: original });
  }
  patchedPrototypes.clear();
}

/**
 * Attaches `hooks` to an APIPromise. Returns `false` when `promise` does not have the expected
 * shape (then nothing was changed and the caller must end its span another way).
 */
export function observeApiPromise(promise: unknown, hooks: ApiPromiseHooks): boolean {
  if (!isApiPromise(promise)) return false;
  const state: CallState = { hooks, parseStarted: false, rawRequested: false, response: undefined, arrived: false };

  const passThrough = promise.responsePromise.then(
    (props) => {
      state.arrived = true;
      state.response = props?.response;
      checkRaw(state);
      return props;
    },
    (error: unknown) => {
      safe('error', () => hooks.onError(error));
      throw error;
    },
  );
  calls.set(passThrough, state);
  promise.responsePromise = passThrough;

  const parse = promise.parseResponse;
  promise.parseResponse = function parseResponse(this: unknown, ...args: unknown[]): unknown {
    state.parseStarted = true;
    let result: unknown;
    try {
      result = parse.apply(this, args);
    } catch (error) {
      safe('error', () => hooks.onError(error));
      throw error;
    }
    return Promise.resolve(result).then(
      (data) => {
        safe('parsed', () => hooks.onParsed(data));
        return data;
      },
      (error: unknown) => {
        safe('error', () => hooks.onError(error));
        throw error;
      },
    );
  };

  patchAsResponse(promise);
  return true;
}
