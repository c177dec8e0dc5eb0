'use strict';
/**
 * The OpenAI scenarios: every call path of the openai SDK (chat, Responses, embeddings, legacy
 * completions, their streams and helpers) with every end case of its family, plus tool calls,
 * request parameters and other hosts (Azure, Groq). `scenario-table.ts` says what spans each must
 * produce, under the same names. How they run, in a child process with or without agentsight:
 * `test/support/scenario-app-common.cjs`.
 */

const common = require('../../support/scenario-app-common.cjs');

const { collect, errorView, matrixScenario, promiseEnds, runScenarios, settle, streamEnds, viewOf } = common;

const MODEL = 'gpt-4o-mini';
const PROMPT = 'Say hello';
const MESSAGES = [
  { role: 'system', content: 'You are brief.' },
  { role: 'user', content: PROMPT },
];
const JSON_TEXT = '{"answer":"hello"}';
const ANSWER_SCHEMA = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false };
/**
 * How long to wait for something that may never settle (some SDK versions never settle an
 * iteration after an abort, or a JSON body read after a cut). Loopback answers take milliseconds.
 */
const SETTLE_MS = 500;
/** How long a call that settles is given to settle (it does so at once, but the machine may be busy). */
const SETTLES_MS = 10_000;
const WEATHER_TOOL = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Weather of a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

// ---------------------------------------------------------------------------------------------
// What a caller observes (beyond the shared views of scenario-app-common.cjs)

/** Embeddings are long: the caller's view keeps their type, length and first values. */
function embeddingsView(data) {
  return {
    ...data,
    data: data.data.map((d) => ({
      ...d,
      embedding:
        typeof d.embedding === 'string'
          ? { base64: d.embedding }
          : {
              type: Array.isArray(d.embedding) ? 'array' : typeof d.embedding,
              length: d.embedding.length,
              first: Array.from(d.embedding).slice(0, 3),
            },
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Call paths

/**
 * Each call path: how to call it with request options, and what mock scenario it needs as a base
 * (a JSON answer for `parse`, small embeddings). `family` says which end cases apply.
 */
function callPaths(v) {
  // openai 4 keeps parse, stream and runTools under beta.chat.completions.
  const chatHelpers = (c) => (v === 4 ? c.beta.chat.completions : c.chat.completions);
  return {
    'chat.completions.create': {
      family: 'json',
      call: (c, o, extra) => c.chat.completions.create({ model: MODEL, messages: MESSAGES, ...extra }, o),
    },
    'chat.completions.parse': {
      family: 'json',
      mock: { text: JSON_TEXT },
      call: (c, o, extra) =>
        chatHelpers(c).parse(
          {
            model: MODEL,
            messages: MESSAGES,
            response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: ANSWER_SCHEMA, strict: true } },
            ...extra,
          },
          o,
        ),
    },
    'responses.create': {
      family: 'json',
      call: (c, o, extra) => c.responses.create({ model: MODEL, instructions: 'You are brief.', input: PROMPT, ...extra }, o),
    },
    'responses.parse': {
      family: 'json',
      mock: { text: JSON_TEXT },
      call: (c, o, extra) =>
        c.responses.parse(
          {
            model: MODEL,
            input: PROMPT,
            text: { format: { type: 'json_schema', name: 'answer', schema: ANSWER_SCHEMA, strict: true } },
            ...extra,
          },
          o,
        ),
    },
    'embeddings.create': {
      family: 'json',
      mock: { embeddingDimensions: 4 },
      view: embeddingsView,
      call: (c, o, extra) => c.embeddings.create({ model: 'text-embedding-3-small', input: ['hello world', 'good bye'], ...extra }, o),
    },
    'completions.create': {
      family: 'json',
      call: (c, o, extra) => c.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: PROMPT, max_tokens: 16, ...extra }, o),
    },

    'chat.completions.create stream': {
      family: 'stream',
      call: (c, o, extra) => c.chat.completions.create({ model: MODEL, messages: MESSAGES, stream: true, ...extra }, o),
    },
    'responses.create stream': {
      family: 'stream',
      call: (c, o, extra) => c.responses.create({ model: MODEL, instructions: 'You are brief.', input: PROMPT, stream: true, ...extra }, o),
    },
    'completions.create stream': {
      family: 'stream',
      call: (c, o, extra) =>
        c.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: PROMPT, max_tokens: 16, stream: true, ...extra }, o),
    },

    'chat.completions.stream()': {
      family: 'helper',
      call: (c, o) => chatHelpers(c).stream({ model: MODEL, messages: MESSAGES }, o),
      final: (s) => s.finalChatCompletion(),
      events: (s, seen) => s.on('content', (delta) => seen.push(delta)),
    },
    'responses.stream()': {
      family: 'helper',
      call: (c, o) => c.responses.stream({ model: MODEL, instructions: 'You are brief.', input: PROMPT }, o),
      final: (s) => s.finalResponse(),
      events: (s, seen) => s.on('response.output_text.delta', (event) => seen.push(event.delta)),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// End cases per family: a mock scenario to add and how the caller consumes the result

const JSON_CASES = {
  completed: { run: promiseEnds.completed },
  'withResponse()': { run: promiseEnds.withResponse },
  'asResponse() only': { run: promiseEnds.asResponseOnly },
  '_thenUnwrap()': { run: async (p, call) => ({ data: await call()._thenUnwrap((d) => ({ unwrapped: viewOf(p)(d) })) }) },
  'http 400': { mock: { status: 400, errorMessage: 'Bad value for model' } },
  'http 500 after retries': { mock: { status: 500, retryAfterMs: 1 } },
  'http 429 then retried ok': { enqueue: { status: 429, retryAfterMs: 1 } },
  'connection refused': { client: 'dead' },
  'aborted by signal': { mock: { hang: true }, abortAfterMs: 30 },
  // openai 4 never settles the body read after a cut: the caller waits for ever.
  'body cut mid-way': {
    mock: { cutAfterChunks: 1 },
    run: async (p, call, ctx) => settle(ctx.sdk, call().then(viewOf(p)), String(ctx.variant) === '4' ? SETTLE_MS : SETTLES_MS),
  },
};

const STREAM_CASES = {
  'read to end': { run: streamEnds.readToEnd },
  'break after 2 chunks': { run: streamEnds.breakAfter(2) },
  'iterator return()': { run: streamEnds.iteratorReturn },
  'aborted by signal after first chunk': { mock: { chunkDelayMs: 300 }, run: streamEnds.signalAbortAfterFirst(SETTLE_MS) },
  'stream.controller.abort()': { mock: { chunkDelayMs: 300 }, run: streamEnds.controllerAbortAfterFirst(SETTLE_MS) },
  'cut mid-way': { mock: { cutAfterChunks: 3 }, run: streamEnds.readToEnd },
  'in-band error event': { mock: { streamErrorAfterChunks: 3 }, run: streamEnds.readToEnd },
  'http 429 not retried': { mock: { status: 429, shouldRetry: false } },
  'tee()': { run: streamEnds.tee },
  'toReadableStream()': { run: streamEnds.toReadableStream },
  'asResponse() only': { run: promiseEnds.asResponseOnly },
  'withResponse()': { run: streamEnds.withResponseThenRead },
};

/** A helper read to its end (or its failure), then what its final*() settles with. */
async function eventsThenFinal(p, call, ctx) {
  const stream = call();
  return { events: await collect(ctx.sdk, stream), final: await settle(ctx.sdk, p.final(stream), SETTLE_MS) };
}

const HELPER_CASES = {
  'read to end': {
    run: async (p, call, ctx) => {
      const seen = [];
      const stream = call();
      p.events(stream, seen);
      const events = await collect(ctx.sdk, stream);
      return { events, final: await p.final(stream), seen };
    },
  },
  // What final*() gives after a break is not observed: openai 5 and 6 settle it or not, at random.
  'break after 2 events': { run: async (p, call, ctx) => ({ events: await collect(ctx.sdk, call(), 2) }) },
  'abort() after first event': {
    mock: { chunkDelayMs: 300 },
    run: async (p, call, ctx) => {
      const stream = call();
      const iterator = stream[Symbol.asyncIterator]();
      const first = await iterator.next();
      stream.abort();
      return { first, after: await settle(ctx.sdk, iterator.next(), SETTLE_MS), final: await settle(ctx.sdk, p.final(stream), SETTLE_MS) };
    },
  },
  'cut mid-way': { mock: { cutAfterChunks: 3 }, run: eventsThenFinal },
  'in-band error event': { mock: { streamErrorAfterChunks: 3 }, run: eventsThenFinal },
  'http 400': { mock: { status: 400 }, run: eventsThenFinal },
};

const CASES = { json: JSON_CASES, stream: STREAM_CASES, helper: HELPER_CASES };

// ---------------------------------------------------------------------------------------------
// Scenarios beyond the matrix: content shapes, helpers that make several calls, other hosts

function extraScenarios(v) {
  const chatHelpers = (c) => (v === 4 ? c.beta.chat.completions : c.chat.completions);
  const weatherTool = {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'Weather of a city',
      parameters: WEATHER_TOOL.function.parameters,
      parse: JSON.parse,
      function: (args) => `sunny in ${args.city}`,
    },
  };
  const runTools = (ctx, name, mock, extra = {}) =>
    ctx.withAgent({ name: 'weather-agent' }, async () => {
      const runner = chatHelpers(ctx.client).runTools(
        { model: MODEL, messages: [{ role: 'user', content: 'Weather in Paris?' }], tools: [weatherTool], ...extra },
        ctx.options(name, mock),
      );
      try {
        return { final: await runner.finalContent(), messages: runner.messages };
      } catch (error) {
        return { error: errorView(ctx.sdk, error), messages: runner.messages };
      }
    });
  const paris = [{ name: 'get_weather', arguments: { city: 'Paris' } }];
  return {
    'chat.completions.runTools | two model calls under the caller span': (ctx, name) => runTools(ctx, name, { toolCalls: paris }),
    'chat.completions.runTools | second model call fails': async (ctx, name) => {
      await ctx.enqueue({}, 1);
      await ctx.enqueue({ status: 400, errorMessage: 'Tool result rejected' }, 1);
      return runTools(ctx, name, { toolCalls: paris });
    },
    'chat.completions.runTools stream | two model calls under the caller span': (ctx, name) =>
      runTools(ctx, name, { toolCalls: paris }, { stream: true }),
    'chat.completions.create | parallel tool calls': async (ctx, name) => ({
      data: await ctx.client.chat.completions.create(
        {
          model: MODEL,
          messages: [{ role: 'user', content: 'Weather in Paris and Rome?' }],
          tools: [WEATHER_TOOL],
          parallel_tool_calls: true,
        },
        ctx.options(name, {
          toolCalls: [
            { name: 'get_weather', arguments: { city: 'Paris' } },
            { name: 'get_weather', arguments: { city: 'Rome' } },
          ],
        }),
      ),
    }),
    'chat.completions.create stream | parallel tool calls at indexes 1 and 3, interleaved': async (ctx, name) =>
      collect(
        ctx.sdk,
        await ctx.client.chat.completions.create(
          { model: MODEL, messages: [{ role: 'user', content: 'Weather in Paris and Rome?' }], tools: [WEATHER_TOOL], stream: true },
          ctx.options(name, {
            toolCalls: [
              { name: 'get_weather', arguments: { city: 'Paris' }, index: 1 },
              { name: 'get_weather', arguments: { city: 'Rome' }, index: 3 },
            ],
            interleaveToolCalls: true,
          }),
        ),
      ),
    'chat.completions.create stream | caller asked for usage': async (ctx, name) =>
      collect(
        ctx.sdk,
        await ctx.client.chat.completions.create(
          { model: MODEL, messages: MESSAGES, stream: true, stream_options: { include_usage: true } },
          ctx.options(name, {}),
        ),
      ),
    'chat.completions.create | request parameters, two choices, cached and reasoning tokens': async (ctx, name) => ({
      data: await ctx.client.chat.completions.create(
        {
          model: MODEL,
          messages: [
            {
              role: 'user',
              content: [
                { type: 'text', text: PROMPT },
                {
                  type: 'image_url',
                  image_url: {
                    url: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
                  },
                },
              ],
            },
          ],
          max_completion_tokens: 50,
          temperature: 0.2,
          top_p: 0.9,
          frequency_penalty: 0.1,
          presence_penalty: 0.3,
          stop: ['END'],
          seed: 42,
          n: 2,
          service_tier: 'flex',
          response_format: { type: 'json_object' },
        },
        ctx.options(name, { usage: { cachedTokens: 1, reasoningTokens: 4 } }),
      ),
    }),
    'responses.create | function call answered with its output': async (ctx, name) => ({
      data: await ctx.client.responses.create(
        {
          model: MODEL,
          input: [
            {
              role: 'user',
              content: [
                { type: 'input_text', text: 'Weather in Paris?' },
                { type: 'input_image', image_url: 'https://example.com/paris.png' },
              ],
            },
            { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
            { type: 'function_call_output', call_id: 'call_1', output: 'sunny' },
          ],
          tools: [{ type: 'function', name: 'get_weather', parameters: WEATHER_TOOL.function.parameters, strict: false }],
          max_output_tokens: 100,
          temperature: 0.5,
          top_p: 0.8,
          service_tier: 'priority',
        },
        ctx.options(name, {}),
      ),
    }),
    'responses.create stream | function call': async (ctx, name) =>
      collect(
        ctx.sdk,
        await ctx.client.responses.create(
          {
            model: MODEL,
            input: 'Weather in Paris?',
            tools: [{ type: 'function', name: 'get_weather', parameters: WEATHER_TOOL.function.parameters, strict: false }],
            stream: true,
          },
          ctx.options(name, { toolCalls: paris }),
        ),
      ),
    'responses.create | incomplete at max_output_tokens, with reasoning and cached tokens': async (ctx, name) => ({
      data: await ctx.client.responses.create(
        { model: 'o4-mini', input: PROMPT, max_output_tokens: 3 },
        ctx.options(name, { usage: { cachedTokens: 1, reasoningTokens: 5 } }),
      ),
    }),
    'embeddings.create | float asked, with dimensions': async (ctx, name) => ({
      data: embeddingsView(
        await ctx.client.embeddings.create(
          { model: 'text-embedding-3-small', input: 'hello world', encoding_format: 'float', dimensions: 3 },
          ctx.options(name, {}),
        ),
      ),
    }),
    'embeddings.create | base64 asked': async (ctx, name) => ({
      data: embeddingsView(
        await ctx.client.embeddings.create(
          { model: 'text-embedding-3-small', input: 'hello world', encoding_format: 'base64' },
          ctx.options(name, { embeddingDimensions: 4 }),
        ),
      ),
    }),
    'azure chat.completions.create': async (ctx, name) => ({
      data: await ctx.azureClient.chat.completions.create({ model: MODEL, messages: MESSAGES }, ctx.options(name, {})),
    }),
    'azure chat.completions.create stream': async (ctx, name) =>
      collect(
        ctx.sdk,
        await ctx.azureClient.chat.completions.create({ model: MODEL, messages: MESSAGES, stream: true }, ctx.options(name, {})),
      ),
    'groq base URL chat.completions.create': async (ctx, name) => ({
      data: await ctx.groqClient.chat.completions.create({ model: 'llama-3.3-70b-versatile', messages: MESSAGES }, ctx.options(name, {})),
    }),
  };
}

/** Every scenario of an openai major (`4`, or `'4'` from the environment), by name (`<call path> | <end case>` for the matrix). */
function scenarios(major) {
  const v = Number(major);
  const all = {};
  for (const [pathName, path] of Object.entries(callPaths(v))) {
    for (const [caseName, endCase] of Object.entries(CASES[path.family])) all[`${pathName} | ${caseName}`] = matrixScenario(path, endCase);
  }
  return { ...all, ...extraScenarios(v) };
}

// ---------------------------------------------------------------------------------------------
// The run

/** A `fetch` that sends every request to the mock, keeping the path after `/chat`, `/responses`, ... */
function redirectingFetch(mockUrl) {
  return (url, init) => {
    const { pathname } = new URL(String(url));
    const route = pathname.slice(pathname.search(/\/(chat|responses|embeddings|completions)(\/|$)/));
    return fetch(`${mockUrl}/v1${route}`, init);
  };
}

/**
 * Runs the scenarios (see `runScenarios` in scenario-app-common.cjs).
 *
 * @param app `sdk`: the `openai` module as the consumer loaded it (CommonJS exports or ESM
 *   namespace), and `moduleSystem`
 * @param agentsight the agentsight API, or undefined for the uninstrumented run
 */
async function main(app, agentsight) {
  const { sdk } = app;
  const OpenAI = sdk.OpenAI || sdk.default;
  await runScenarios(app, agentsight, {
    scenarios,
    clients: ({ mockUrl, deadUrl, apiKey }) => ({
      client: new OpenAI({ apiKey, baseURL: `${mockUrl}/v1` }),
      deadClient: new OpenAI({ apiKey, baseURL: `${deadUrl}/v1`, maxRetries: 0 }),
      azureClient: new sdk.AzureOpenAI({
        apiKey,
        apiVersion: '2024-10-21',
        endpoint: 'https://agentsight-test.openai.azure.com',
        deployment: MODEL,
        fetch: redirectingFetch(mockUrl),
      }),
      groqClient: new OpenAI({ apiKey, baseURL: 'https://api.groq.com/openai/v1', fetch: redirectingFetch(mockUrl) }),
    }),
  });
}

module.exports = { main, scenarios, MODEL, PROMPT };
