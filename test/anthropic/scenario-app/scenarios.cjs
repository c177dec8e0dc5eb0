'use strict';
/**
 * The Anthropic scenarios. A scenario is `<call path> | <end case>`: every call path runs every
 * end case of its family (`json`: an APIPromise of a value; `stream`: an APIPromise of a Stream;
 * `helper`: a MessageStream), plus the content cases on chat paths. What a version cannot run is
 * its reason instead of a function, so the suite lists it instead of losing it. How they run, in
 * a child process with or without agentsight: `test/support/scenario-app-common.cjs`.
 */

const common = require('../../support/scenario-app-common.cjs');

const { collect, errorView, matrixScenario, promiseEnds, readText, responseView, runScenarios, settle, streamEnds } = common;

const MODEL = 'claude-haiku-4-5';
/** How long a call that settles is given to settle (it does so at once, but the machine may be busy). */
const SETTLES_MS = 10_000;
const SYSTEM = 'You are brief.';
const PROMPT = 'Say hello';
const JSON_TEXT = '{"answer":"hello"}';
const ANSWER_SCHEMA = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false };
const WEATHER_TOOL = {
  name: 'get_weather',
  description: 'Weather of a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const PARIS = [{ name: 'get_weather', arguments: { city: 'Paris' } }];
/** A 1x1 PNG and a tiny PDF, base64: recorded as placeholders with their size, never their bytes. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n').toString('base64');

function chatBody(extra) {
  return { model: MODEL, max_tokens: 64, system: SYSTEM, messages: [{ role: 'user', content: PROMPT }], ...extra };
}

// ---------------------------------------------------------------------------------------------
// What a caller observes (beyond the shared views of scenario-app-common.cjs)

/** Every event a MessageStream emits, in order, with what identifies it. */
function recordEvents(stream, seen) {
  const note = (name, view) => stream.on(name, (...args) => seen.push([name, view ? view(...args) : undefined]));
  note('connect');
  note('streamEvent', (event) => event);
  note('text', (delta, snapshot) => [delta, snapshot]);
  note('inputJson', (partial, snapshot) => [partial, snapshot]);
  note('thinking', (delta, snapshot) => [delta, snapshot]);
  note('contentBlock', (block) => block.type);
  note('message', (message) => message.id);
  note('finalMessage', (message) => message.id);
  note('error', (error) => error.constructor.name);
  note('abort', (error) => error.constructor.name);
  note('end');
}

// ---------------------------------------------------------------------------------------------
// Call paths

/**
 * Each call path: its family (which end cases apply), whether it is a chat call (then the content
 * cases apply too), how to call it, and what a version lacks.
 */
function callPaths(v) {
  const v030 = v === '0.30';
  const notOn030 = (what) => (v030 ? `0.30 has no ${what} (it came in a later 0.x)` : undefined);
  const onlyOn030 = (what) =>
    v030 ? undefined : `${what} is the 0.30-era prompt-caching beta, removed once prompt caching became generally available`;
  const promiseOnly = 'parse() returns a plain Promise (the SDK calls .then() on the APIPromise): no withResponse/asResponse/_thenUnwrap';
  const batch = () => ({
    requests: [
      { custom_id: 'first', params: chatBody() },
      { custom_id: 'second', params: chatBody() },
    ],
  });
  const count = { model: MODEL, system: SYSTEM, messages: [{ role: 'user', content: PROMPT }] };
  const parseBody = (x) => chatBody({ output_config: { format: { type: 'json_schema', schema: ANSWER_SCHEMA } }, ...x });
  return {
    'messages.create': { family: 'json', chat: true, call: (c, o, x) => c.messages.create(chatBody(x), o) },
    'beta.messages.create': { family: 'json', chat: true, call: (c, o, x) => c.beta.messages.create(chatBody(x), o) },
    'beta.promptCaching.messages.create': {
      family: 'json',
      chat: true,
      na: onlyOn030('beta.promptCaching'),
      call: (c, o, x) => c.beta.promptCaching.messages.create(chatBody(x), o),
    },
    'messages.parse': {
      family: 'json',
      chat: true,
      na: notOn030('messages.parse'),
      promiseOnly,
      mock: { text: JSON_TEXT },
      call: (c, o, x) => c.messages.parse(parseBody(x), o),
    },
    'beta.messages.parse': {
      family: 'json',
      chat: true,
      na: notOn030('beta.messages.parse'),
      promiseOnly,
      mock: { text: JSON_TEXT },
      call: (c, o, x) => c.beta.messages.parse(parseBody(x), o),
    },
    'new Messages(client).create (deep import)': {
      family: 'json',
      chat: true,
      call: (c, o, x, ctx) => new ctx.deep.Messages(c).create(chatBody(x), o),
    },
    'messages.countTokens': { family: 'json', na: notOn030('messages.countTokens'), call: (c, o) => c.messages.countTokens(count, o) },
    'beta.messages.countTokens': {
      family: 'json',
      na: notOn030('beta.messages.countTokens'),
      call: (c, o) => c.beta.messages.countTokens(count, o),
    },
    'messages.batches.create': {
      family: 'json',
      na: v030 ? '0.30 has batches only under beta' : undefined,
      call: (c, o) => c.messages.batches.create(batch(), o),
    },
    'beta.messages.batches.create': { family: 'json', call: (c, o) => c.beta.messages.batches.create(batch(), o) },

    'messages.create stream': { family: 'stream', chat: true, call: (c, o, x) => c.messages.create(chatBody({ stream: true, ...x }), o) },
    'beta.messages.create stream': {
      family: 'stream',
      chat: true,
      call: (c, o, x) => c.beta.messages.create(chatBody({ stream: true, ...x }), o),
    },
    'beta.promptCaching.messages.create stream': {
      family: 'stream',
      chat: true,
      na: onlyOn030('beta.promptCaching'),
      call: (c, o, x) => c.beta.promptCaching.messages.create(chatBody({ stream: true, ...x }), o),
    },

    'messages.stream()': { family: 'helper', chat: true, call: (c, o, x) => c.messages.stream(chatBody(x), o) },
    'beta.messages.stream()': {
      family: 'helper',
      chat: true,
      na: notOn030('beta.messages.stream()'),
      call: (c, o, x) => c.beta.messages.stream(chatBody(x), o),
    },
    'beta.promptCaching.messages.stream()': {
      family: 'helper',
      chat: true,
      na: onlyOn030('beta.promptCaching'),
      call: (c, o, x) => c.beta.promptCaching.messages.stream(chatBody(x), o),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// End cases per family: a mock scenario to add and how the caller consumes the result

const RICH_INPUT = {
  temperature: 0.2,
  top_p: 0.9,
  top_k: 40,
  stop_sequences: ['END'],
  system: [{ type: 'text', text: SYSTEM }],
  tools: [WEATHER_TOOL],
  messages: [
    {
      role: 'user',
      content: [
        { type: 'text', text: 'What is in these? And the weather in Paris?' },
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
        { type: 'image', source: { type: 'url', url: 'https://example.com/paris.png' } },
        { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: PDF } },
      ],
    },
    {
      role: 'assistant',
      content: [
        { type: 'text', text: 'Let me check.' },
        { type: 'tool_use', id: 'toolu_given', name: 'get_weather', input: { city: 'Paris' } },
      ],
    },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_given', content: 'sunny' }] },
  ],
};

/** Content cases: what the span's content and usage must show. Chat paths only. */
const CONTENT_CASES = {
  'tool use': { extra: { tools: [WEATHER_TOOL] }, mock: { toolCalls: PARIS, text: 'Checking the weather.' } },
  thinking: {
    extra: { max_tokens: 2048, thinking: { type: 'enabled', budget_tokens: 1024 } },
    mock: { thinking: 'The user wants a greeting. I will say hello.' },
  },
  'cache usage': { mock: { usage: { inputTokens: 3, cachedTokens: 100, cacheCreationTokens: 20 } } },
};

const JSON_CASES = {
  completed: {},
  'withResponse()': { apiPromise: true, run: promiseEnds.withResponse },
  'asResponse() only': { apiPromise: true, run: promiseEnds.asResponseOnly },
  '_thenUnwrap()': { apiPromise: true, run: async (p, call) => ({ data: await call()._thenUnwrap((d) => ({ unwrapped: d })) }) },
  'http 400': { mock: { status: 400, errorMessage: 'max_tokens: must be at least 1' } },
  'http 500 after retries': { mock: { status: 500, retryAfterMs: 1 } },
  'http 429 then retried ok': { enqueue: { status: 429, retryAfterMs: 1 } },
  'connection refused': { client: 'dead' },
  'aborted by signal': { mock: { hang: true }, abortAfterMs: 30 },
  // 0.30 (node-fetch) never settles a JSON body cut mid-way: the caller sees a pending promise.
  // The others reject at once; their long bound only matters on a loaded machine.
  'body cut mid-way': {
    mock: { cutAfterChunks: 1 },
    run: async (p, call, ctx) => settle(ctx.sdk, call(), ctx.variant === '0.30' ? 300 : SETTLES_MS),
  },
  'rich input': { chat: true, extra: RICH_INPUT },
  ...Object.fromEntries(Object.entries(CONTENT_CASES).map(([name, c]) => [name, { chat: true, ...c }])),
};

const STREAM_CASES = {
  'read to end': { run: streamEnds.readToEnd },
  'break after 2 events': { run: streamEnds.breakAfter(2) },
  'iterator return()': { run: streamEnds.iteratorReturn },
  'aborted by signal after first event': { mock: { chunkDelayMs: 300 }, run: streamEnds.signalAbortAfterFirst(1000) },
  'stream.controller.abort()': { mock: { chunkDelayMs: 300 }, run: streamEnds.controllerAbortAfterFirst(1000) },
  'cut mid-way': { mock: { cutAfterChunks: 4 }, run: streamEnds.readToEnd },
  'in-band error event': { mock: { streamErrorAfterChunks: 4 }, run: streamEnds.readToEnd },
  'withResponse() then read': { run: streamEnds.withResponseThenRead },
  'asResponse() only': { run: promiseEnds.asResponseOnly },
  'tee()': { run: streamEnds.tee },
  'toReadableStream()': { run: streamEnds.toReadableStream },
  'http 400': { mock: { status: 400, errorMessage: 'max_tokens: must be at least 1' }, run: streamEnds.readToEnd },
  'http 500 after retries': { mock: { status: 500, retryAfterMs: 1 }, run: streamEnds.readToEnd },
  'connection refused': { client: 'dead', run: streamEnds.readToEnd },
  ...Object.fromEntries(Object.entries(CONTENT_CASES).map(([name, c]) => [name, { chat: true, ...c, run: streamEnds.readToEnd }])),
};

/** A helper's outcome: the events it emitted and what `finalMessage()` settled with. */
async function helperOutcome(ctx, stream, seen, extra = {}) {
  const final = await settle(ctx.sdk, stream.finalMessage(), 2000);
  return { seen, final, ended: stream.ended, errored: stream.errored, aborted: stream.aborted, ...extra };
}

/** Every event a helper emits, then what `finalMessage()` settled with. */
async function helperEvents(p, call, ctx) {
  const seen = [];
  const stream = call();
  recordEvents(stream, seen);
  return helperOutcome(ctx, stream, seen);
}

const HELPER_CASES = {
  'finalMessage()': { run: async (p, call) => ({ final: await call().finalMessage() }) },
  'finalText()': { run: async (p, call) => ({ text: await call().finalText() }) },
  "events (on('text') and the rest)": {
    run: async (p, call, ctx) => {
      const seen = [];
      const stream = call();
      recordEvents(stream, seen);
      await stream.done();
      return helperOutcome(ctx, stream, seen);
    },
  },
  'withResponse()': {
    na: (v) => (v === '0.30' ? "0.30's MessageStream has no withResponse()" : undefined),
    run: async (p, call) => {
      const stream = call();
      const { data, response, request_id } = await stream.withResponse();
      return { same: data === stream, response: responseView(response), request_id, final: await data.finalMessage() };
    },
  },
  'toReadableStream()': { run: async (p, call) => ({ text: await readText(call().toReadableStream()) }) },
  'for await events': { run: async (p, call, ctx) => collect(ctx.sdk, call()) },
  'break out of for await': {
    // Slow, so the helper's own read-ahead is still waiting for the next event when the caller leaves.
    mock: { chunkDelayMs: 200 },
    run: async (p, call, ctx) => {
      const stream = call();
      const events = await collect(ctx.sdk, stream, 2);
      return { events, final: await settle(ctx.sdk, stream.finalMessage(), 1000) };
    },
  },
  'abort()': {
    mock: { chunkDelayMs: 300 },
    run: async (p, call, ctx) => {
      const seen = [];
      const stream = call();
      recordEvents(stream, seen);
      stream.once('streamEvent', () => stream.abort());
      return helperOutcome(ctx, stream, seen);
    },
  },
  'aborted by signal': {
    mock: { chunkDelayMs: 300 },
    run: async (p, call, ctx, controller) => {
      const seen = [];
      const stream = call();
      recordEvents(stream, seen);
      stream.once('streamEvent', () => controller.abort());
      return helperOutcome(ctx, stream, seen);
    },
  },
  'cut mid-way': { mock: { cutAfterChunks: 4 }, run: helperEvents },
  'in-band error event': { mock: { streamErrorAfterChunks: 4 }, run: helperEvents },
  'http 400': { mock: { status: 400, errorMessage: 'max_tokens: must be at least 1' }, run: helperEvents },
  'http 500 after retries': { mock: { status: 500, retryAfterMs: 1 }, run: helperEvents },
  'connection refused': { client: 'dead', run: helperEvents },
  'tool use': { chat: true, ...CONTENT_CASES['tool use'], run: helperEvents },
  thinking: { chat: true, ...CONTENT_CASES.thinking, run: helperEvents },
};

const CASES = { json: JSON_CASES, stream: STREAM_CASES, helper: HELPER_CASES };

// ---------------------------------------------------------------------------------------------
// Scenarios beyond the matrix

/** The SDK's own spans, asked for explicitly: they must nest under ours (0.137 and later). */
const NATIVE_SUBSET = {
  'messages.create': ['completed', 'http 500 after retries'],
  'messages.create stream': ['read to end', 'break after 2 events'],
  'messages.stream()': ['finalMessage()', 'abort()', 'http 400'],
  'beta.messages.stream()': ['finalMessage()'],
  'messages.countTokens': ['completed'],
  'messages.batches.create': ['completed'],
};

function extraScenarios(v, paths, moduleSystem) {
  const noNative = v === '0.30' ? '0.30 makes no spans of its own (they came in 0.134)' : undefined;
  const all = {};
  for (const [pathName, cases] of Object.entries(NATIVE_SUBSET)) {
    for (const caseName of cases) {
      const path = paths[pathName];
      all[`${pathName} [SDK spans on] | ${caseName}`] = noNative
        ? noNative
        : matrixScenario(path, CASES[path.family][caseName], 'nativeClient');
    }
  }

  all['beta.messages.toolRunner | runs the tool, then answers'] =
    v === '0.30'
      ? '0.30 has no tool runner'
      : async (ctx, name) => {
          const ran = [];
          const tool = {
            type: 'custom',
            ...WEATHER_TOOL,
            run: async (input) => {
              ran.push(input);
              return 'sunny';
            },
            parse: (content) => content,
          };
          const runner = ctx.client.beta.messages.toolRunner(
            { model: MODEL, max_tokens: 64, messages: [{ role: 'user', content: 'Weather in Paris?' }], tools: [tool] },
            ctx.options(name, { toolCalls: PARIS }),
          );
          try {
            return { final: await runner.runUntilDone(), ran };
          } catch (error) {
            return { error: errorView(ctx.sdk, error), ran };
          }
        };

  all['messages.create | CommonJS build in an ESM app'] =
    moduleSystem === 'cjs'
      ? 'a CommonJS app loads only the CommonJS build (an app that also import()s the SDK starts with --import agentsight/register)'
      : async (ctx, name) => ({ data: await ctx.cjsClient.messages.create(chatBody(), ctx.options(name, {})) });
  return all;
}

/** Every scenario of this SDK version, by name: a function to run, or the reason it does not apply. */
function scenarios(v, moduleSystem) {
  const paths = callPaths(v);
  const all = {};
  for (const [pathName, path] of Object.entries(paths)) {
    for (const [caseName, endCase] of Object.entries(CASES[path.family])) {
      if (endCase.chat && !path.chat) continue;
      const name = `${pathName} | ${caseName}`;
      const na = path.na || (endCase.apiPromise && path.promiseOnly) || endCase.na?.(v);
      all[name] = na || matrixScenario(path, endCase);
    }
  }
  return { ...all, ...extraScenarios(v, paths, moduleSystem) };
}

// ---------------------------------------------------------------------------------------------
// The run

/**
 * Runs the scenarios (see `runScenarios` in scenario-app-common.cjs).
 *
 * @param app what the consumer loaded: `sdk` (the module as CommonJS exports or an ESM namespace),
 *   `moduleSystem`, `deep` (`@anthropic-ai/sdk/resources/messages`), and for the ESM app `cjsSdk`
 *   (the CommonJS build, loaded through `createRequire`)
 * @param agentsight the agentsight API, or undefined for the uninstrumented run
 */
async function main(app, agentsight) {
  const Anthropic = app.sdk.Anthropic || app.sdk.default;
  const { trace } = require('@opentelemetry/api');
  await runScenarios(app, agentsight, {
    scenarios,
    clients: ({ variant, mockUrl, deadUrl, apiKey }) => ({
      client: new Anthropic({ apiKey, baseURL: mockUrl }),
      deadClient: new Anthropic({ apiKey, baseURL: deadUrl, maxRetries: 0 }),
      // The user asks for the SDK's own spans by giving the client a tracer provider.
      nativeClient: new Anthropic({
        apiKey,
        baseURL: mockUrl,
        ...(variant === '0.30' ? {} : { openTelemetry: { tracerProvider: trace.getTracerProvider() } }),
      }),
      cjsClient: app.cjsSdk ? new (app.cjsSdk.Anthropic || app.cjsSdk.default)({ apiKey, baseURL: mockUrl }) : undefined,
    }),
  });
}

module.exports = { main, scenarios, MODEL, SYSTEM, PROMPT, PNG, PDF };
