/**
 * Observes an SDK `APIPromise` (OpenAI and Anthropic SDKs share its design) without consuming it.
 *
 * The caller keeps the very object the SDK returned: `withResponse()`, `asResponse()`,
 * `_thenUnwrap()` and the helpers built on them keep working, and the body is read only if the
 * caller (or the SDK's own helpers) read it.
 * - The response promise is observed where it is (we note the response or the error). A failed
 *   request that nothing ever subscribed to is rejected again, unhandled, so an application that
 *   would have crashed on an unhandled rejection without us still does, with the same error.
 *   Knowing whether anything subscribed is why the instance's `responsePromise` field becomes an
 *   accessor: the SDK reads it whenever it subscribes (`then`, `parse`, `asResponse`, `_thenUnwrap`).
 * - The instance's `parseResponse` is replaced by a wrapper that sees the parsed result (a JSON
 *   body or a `Stream`).
 * - Some SDK versions (openai 7) give each APIPromise its own `_thenUnwrap` closure, which builds the
 *   derived promise from the original response promise and parser, bypassing the fields above;
 *   derived promises made that way are observed as part of the same call.
 * A caller that takes the raw `Response` with `asResponse()` and never lets the SDK parse it is
 * noticed through `asResponse` on the APIPromise prototype (patched once per class, restored by
 * `restoreApiPromisePrototypes`); the span then ends when the response arrives.
 */
import { getLogger } from '../../src/diag';

const log = getLogger('api-promise');

export interface ApiPromiseHooks {
  /** The SDK parsed the body; `data` is what the caller receives (a JSON value or a stream). Called once. */
  onParsed(data: unknown): void;
  /** The request failed (after the SDK's retries), or parsing failed. */
  onError(error: unknown): void;
  /** The caller took the raw `Response` and the SDK did not parse the body. */
  onRawResponse(response: unknown): void;
  /**
   * The caller called `asResponse()` on a promise nothing has asked to parse: it is about to read
   * the raw body itself. Called synchronously, inside the caller's `asResponse()` call.
   */
  onRawRequested?(): void;
}

interface CallState {
  hooks: ApiPromiseHooks;
  parseStarted: boolean;
  parsedReported: boolean;
  rawRequested: boolean;
  /** `asResponse()` was called before anything asked to parse: the caller reads the body itself. */
  rawOnly: boolean;
  /** Something (the SDK or the caller) read a `responsePromise` of this call: it has a handler. */
  subscribed: boolean;
  response: unknown;
  arrived: boolean;
}

interface ApiPromiseShape {
  responsePromise: Promise<{ response?: unknown }>;
  parseResponse: (...args: unknown[]) => unknown;
  parsedPromise?: unknown;
  _thenUnwrap?: (...args: unknown[]) => unknown;
}

/** Calls we observe, keyed by the SDK's original response promise (shared by derived promises). */
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

/** Once the response arrived, tells a raw-response caller apart (the SDK then parses nothing). */
function checkRaw(state: CallState): void {
  if (!state.rawRequested || !state.arrived) return;
  const raw = (): void => {
    if (!state.parseStarted) safe('raw-response', () => state.hooks.onRawResponse(state.response));
  };
  // Nothing had asked to parse when the caller took the raw response: it is a raw caller, now.
  if (state.rawOnly) {
    raw();
    return;
  }
  // Else (withResponse() calls parse() before asResponse()) the SDK's parse callback, queued on the
  // same promise, runs in a microtask before this.
  setImmediate(raw);
}

function patchAsResponse(promise: object): void {
  let proto: object | null = Object.getPrototypeOf(promise);
  while (proto && !Object.hasOwn(proto, 'asResponse')) proto = Object.getPrototypeOf(proto);
  if (!proto || patchedPrototypes.has(proto)) return;
  const original = (proto as { asResponse?: unknown }).asResponse;
  if (typeof original !== 'function') return;
  patchedPrototypes.set(proto, original as (...args: unknown[]) => unknown);
  Object.defineProperty(proto, 'asResponse', {
    configurable: true,
    writable: true,
    enumerable: false,
    value: function asResponse(this: Partial<ApiPromiseShape>, ...args: unknown[]): unknown {
      const responsePromise = this.responsePromise;
      const state = responsePromise ? calls.get(responsePromise) : undefined;
      if (state && !state.rawRequested) {
        state.rawRequested = true;
        // withResponse() calls parse() (which sets parsedPromise) before asResponse().
        state.rawOnly = !state.parseStarted && this.parsedPromise === undefined;
        if (state.rawOnly && state.hooks.onRawRequested) safe('raw-requested', () => state.hooks.onRawRequested?.());
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

/** Reports the parsed result of a call, once (several promises of one call may parse it). */
function reportParsed(state: CallState, data: unknown): void {
  if (state.parsedReported) return;
  state.parsedReported = true;
  safe('parsed', () => state.hooks.onParsed(data));
}

/**
 * Observes one APIPromise instance of a call: its fields, and the promises it derives through an
 * own `_thenUnwrap` (openai 7). A derived promise parses into the transform's output, so it reports
 * the result from inside the transform, before the caller's function changes it.
 */
function attach(promise: ApiPromiseShape, state: CallState, reportsParsed: boolean): void {
  let responsePromise = promise.responsePromise;
  Object.defineProperty(promise, 'responsePromise', {
    configurable: true,
    enumerable: true,
    get() {
      state.subscribed = true;
      return responsePromise;
    },
    set(value: Promise<{ response?: unknown }>) {
      responsePromise = value;
    },
  });

  const parse = promise.parseResponse;
  promise.parseResponse = function parseResponse(this: unknown, ...args: unknown[]): unknown {
    state.parseStarted = true;
    let result: unknown;
    try {
      result = parse.apply(this, args);
    } catch (error) {
      safe('error', () => state.hooks.onError(error));
      throw error;
    }
    return Promise.resolve(result).then(
      (data) => {
        if (reportsParsed) reportParsed(state, data);
        return data;
      },
      (error: unknown) => {
        safe('error', () => state.hooks.onError(error));
        throw error;
      },
    );
  };

  const ownThenUnwrap = Object.hasOwn(promise, '_thenUnwrap') ? promise._thenUnwrap : undefined;
  if (typeof ownThenUnwrap === 'function') {
    promise._thenUnwrap = function _thenUnwrap(this: unknown, transform: unknown, ...rest: unknown[]): unknown {
      const seeing =
        typeof transform === 'function'
          ? function (this: unknown, data: unknown, ...more: unknown[]): unknown {
              reportParsed(state, data);
              return (transform as (...a: unknown[]) => unknown).call(this, data, ...more);
            }
          : transform;
      const derived = ownThenUnwrap.call(this, seeing, ...rest);
      try {
        if (isApiPromise(derived)) attach(derived, state, false);
      } catch (err) {
        log.once('warn', 'derive', `could not observe a derived APIPromise: ${String(err)}`);
      }
      return derived;
    };
  }
}

/**
 * Attaches `hooks` to an APIPromise. Returns `false` when `promise` does not have the expected
 * shape (then nothing was changed and the caller must end its span another way).
 */
export function observeApiPromise(promise: unknown, hooks: ApiPromiseHooks): boolean {
  if (!isApiPromise(promise)) return false;
  const state: CallState = {
    hooks,
    parseStarted: false,
    parsedReported: false,
    rawRequested: false,
    rawOnly: false,
    subscribed: false,
    response: undefined,
    arrived: false,
  };
  const original = promise.responsePromise;
  calls.set(original, state);
  original.then(
    (props) => {
      state.arrived = true;
      state.response = props?.response;
      checkRaw(state);
    },
    (error: unknown) => {
      safe('error', () => hooks.onError(error));
      // Nothing else listens: without us this rejection would have been unhandled, so it stays so.
      if (!state.subscribed) void Promise.reject(error);
    },
  );
  attach(promise, state, true);
  patchAsResponse(promise);
  return true;
}
