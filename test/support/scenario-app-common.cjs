'use strict';
/**
 * What every provider's scenario app shares: how a caller's observations are written down
 * (errors, settled promises, collected streams, raw responses), the ways a caller consumes a call
 * that every SDK of the same shape offers (the end cases both `scenarios.cjs` use), one call path
 * x end case made into a scenario, and the run itself (every scenario in a session of its own,
 * one `SCENARIO_RESULTS {json}` line at the end).
 *
 * The harness (`scenario-harness.ts`) installs the apps with the repository's layout below `test/`,
 * so each `scenarios.cjs` requires this file as `../../support/scenario-app-common.cjs`, in the
 * repository and in the installed app alike. Plain JavaScript: it runs untransformed under both
 * module systems.
 */

/** How long one scenario may take before it counts as hanging (loopback answers take milliseconds). */
const SCENARIO_TIMEOUT_MS = 10_000;
/** Timestamps differ between two runs of one scenario; the harness compares the runs without them. */
const ISO_TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g;

// ---------------------------------------------------------------------------------------------
// What a caller observes

/** An error as the caller sees it: its class, message, status, and whether it is the SDK's own class. */
function errorView(sdk, error) {
  if (!(error instanceof Error)) return { thrown: String(error) };
  const name = error.constructor?.name;
  return {
    class: name,
    name: error.name,
    message: error.message,
    status: error.status,
    isAPIError: typeof sdk.APIError === 'function' && error instanceof sdk.APIError,
    isSameClassAsSdk: typeof sdk[name] === 'function' ? error instanceof sdk[name] : 'not an SDK class',
  };
}

/** Settles `promise` within `ms`: `{ value }`, `{ error }` or `{ pending: true }`. */
async function settle(sdk, promise, ms) {
  let timer;
  const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve({ pending: true }), ms)));
  try {
    return await Promise.race([
      promise.then(
        (value) => ({ value }),
        (error) => ({ error: errorView(sdk, error) }),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Reads an async iterable to its end (or `limit` items), noting how it ended. */
async function collect(sdk, iterable, limit = Infinity) {
  const items = [];
  try {
    for await (const item of iterable) {
      // A copy as it is now: helpers keep updating the objects they hand out (snapshots).
      items.push(JSON.parse(JSON.stringify(item)));
      if (items.length >= limit) break;
    }
    return { items, end: items.length >= limit ? 'break' : 'done' };
  } catch (error) {
    return { items, end: 'error', error: errorView(sdk, error) };
  }
}

/** The text of a web ReadableStream (of bytes, or of strings). */
async function readText(readable) {
  const reader = readable.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return text + decoder.decode();
    text += typeof value === 'string' ? value : decoder.decode(value, { stream: true });
  }
}

/** A raw `Response` as the caller sees it (OpenAI names its request id `x-request-id`, Anthropic `request-id`). */
function responseView(response) {
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    requestId: response.headers.get('x-request-id') ?? response.headers.get('request-id'),
  };
}

// ---------------------------------------------------------------------------------------------
// How a caller consumes a call: `run(path, call, ctx, controller)` of an end case. `call()` makes
// the call with the scenario's request options; `path.view` (optional) shortens a value.

/** The path's view of a value (embeddings are shortened), or the value itself. */
const viewOf = (path) => path.view || ((value) => value);

/** Calls answered with JSON, through the SDK's APIPromise. */
const promiseEnds = {
  completed: async (p, call) => ({ data: viewOf(p)(await call()) }),
  withResponse: async (p, call) => {
    const { data, response, request_id } = await call().withResponse();
    return { data: viewOf(p)(data), response: responseView(response), request_id };
  },
  asResponseOnly: async (p, call) => {
    const response = await call().asResponse();
    return { response: responseView(response), body: await response.text() };
  },
};

/** Calls answered with a stream: an APIPromise of the SDK's `Stream`. */
const streamEnds = {
  readToEnd: async (p, call, ctx) => collect(ctx.sdk, await call()),
  breakAfter: (n) => async (p, call, ctx) => collect(ctx.sdk, await call(), n),
  iteratorReturn: async (p, call) => {
    const iterator = (await call())[Symbol.asyncIterator]();
    const first = await iterator.next();
    const returned = await iterator.return();
    return { first, returned };
  },
  /** The request's signal fires after the first item; what the next read does is observed for `settleMs`. */
  signalAbortAfterFirst: (settleMs) => async (p, call, ctx, controller) => {
    const iterator = (await call())[Symbol.asyncIterator]();
    const first = await iterator.next();
    controller.abort();
    return { first, after: await settle(ctx.sdk, iterator.next(), settleMs) };
  },
  controllerAbortAfterFirst: (settleMs) => async (p, call, ctx) => {
    const stream = await call();
    const iterator = stream[Symbol.asyncIterator]();
    const first = await iterator.next();
    stream.controller.abort();
    return {
      isAbortController: stream.controller instanceof AbortController,
      first,
      after: await settle(ctx.sdk, iterator.next(), settleMs),
    };
  },
  tee: async (p, call, ctx) => {
    const [left, right] = (await call()).tee();
    return { left: await collect(ctx.sdk, left), right: await collect(ctx.sdk, right) };
  },
  toReadableStream: async (p, call) => ({ text: await readText((await call()).toReadableStream()) }),
  withResponseThenRead: async (p, call, ctx) => {
    const { data, response, request_id } = await call().withResponse();
    return { stream: await collect(ctx.sdk, data), response: responseView(response), request_id };
  },
};

// ---------------------------------------------------------------------------------------------
// Scenarios and the run

/**
 * One call path x end case as a scenario. The path says how to call (`call(client, options, extra,
 * ctx)`) and may add to the mock scenario (its own mock wins: a JSON answer for `parse`); the end
 * case may set up the mock (`mock`, `enqueue`), the client (`client: 'dead'`), extra request
 * fields (`extra`), an abort (`abortAfterMs`) and how the caller consumes the result (`run`).
 * Errors are part of what the caller observes.
 */
function matrixScenario(path, endCase, client = 'client') {
  return async (ctx, name) => {
    const controller = new AbortController();
    const mock = { ...(endCase.mock || {}), ...(path.mock || {}) };
    const options = { ...ctx.options(name, mock), signal: controller.signal };
    if (endCase.enqueue) await ctx.enqueue(endCase.enqueue);
    const target = endCase.client === 'dead' ? ctx.deadClient : ctx[client];
    if (endCase.abortAfterMs) setTimeout(() => controller.abort(), endCase.abortAfterMs);
    const call = () => path.call(target, options, endCase.extra || {}, ctx);
    const consume = endCase.run || promiseEnds.completed;
    try {
      return await consume(path, call, ctx, controller);
    } catch (error) {
      return { error: errorView(ctx.sdk, error) };
    }
  };
}

/** Runs one scenario in its session; a scenario that hangs is a finding, not a reason to lose the others. */
async function runOne(ctx, withSession, name, run) {
  let timer;
  const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve({ scenarioPending: true }), SCENARIO_TIMEOUT_MS)));
  try {
    return await Promise.race([withSession({ name }, () => run(ctx, name)), timeout]);
  } catch (error) {
    return { scenarioFailed: errorView(ctx.sdk, error), stack: error?.stack };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs every scenario (or those the harness names in `SCENARIOS`, a JSON list) and writes one line
 * `SCENARIO_RESULTS <json>` to stdout. The harness passes the rest in the environment: `MOCK_URL`,
 * `DEAD_URL` (a port nothing listens on), `SCENARIO_VARIANT` (the SDK version under test) and
 * `SCENARIO_API_KEY`.
 *
 * @param app what the consumer loaded: `sdk` (the module as CommonJS exports or an ESM namespace),
 *   `moduleSystem` (`cjs` or `esm`), and whatever else the provider's `main` files hand over
 * @param agentsight the agentsight API, or undefined for the uninstrumented run
 * @param provider `scenarios(variant, moduleSystem)`: name to a function `(ctx, name)` or the reason
 *   it does not apply; `clients(ctx)`: the clients (at least `client` and `deadClient`) to add to ctx
 */
async function runScenarios(app, agentsight, provider) {
  const variant = process.env.SCENARIO_VARIANT;
  const mockUrl = process.env.MOCK_URL;
  const base = {
    ...app,
    variant,
    mockUrl,
    deadUrl: process.env.DEAD_URL,
    apiKey: process.env.SCENARIO_API_KEY,
    // `x-scenario` lets the harness count each scenario's requests; `x-mock-scenario` tells the mock what to answer.
    options: (name, mock) => ({ headers: { 'x-scenario': name, 'x-mock-scenario': JSON.stringify(mock) } }),
    enqueue: async (scenario, times = 1) => {
      const response = await fetch(`${mockUrl}/__mock/enqueue`, { method: 'POST', body: JSON.stringify({ scenario, times }) });
      if (!response.ok) throw new Error(`enqueue failed: ${response.status}`);
    },
    withAgent: agentsight ? agentsight.withAgent : (_spec, fn) => fn(),
  };
  const ctx = { ...base, ...provider.clients(base) };
  const withSession = agentsight ? agentsight.withSession : (_options, fn) => fn();
  const only = process.env.SCENARIOS ? new Set(JSON.parse(process.env.SCENARIOS)) : undefined;
  const results = {};
  // One after the other, so that the mock's ids are the same in every run.
  for (const [name, run] of Object.entries(provider.scenarios(variant, app.moduleSystem))) {
    if (only && !only.has(name)) continue;
    if (typeof run === 'string') {
      results[name] = { notApplicable: run };
      continue;
    }
    const started = Date.now();
    results[name] = await runOne(ctx, withSession, name, run);
    if (process.env.SCENARIO_TRACE) process.stderr.write(`${Date.now() - started} ms ${name}\n`);
  }
  process.stdout.write(`SCENARIO_RESULTS ${JSON.stringify({ variant, results }).replace(ISO_TIME, '<time>')}\n`);
}

module.exports = {
  errorView,
  settle,
  collect,
  readText,
  responseView,
  viewOf,
  promiseEnds,
  streamEnds,
  matrixScenario,
  runScenarios,
};
