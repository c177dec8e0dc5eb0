'use strict';
/**
 * The Vercel AI SDK scenarios: every call path (the SDK's functions and agent classes, through its
 * OpenAI (Responses and chat) and Anthropic providers) with every end case of its family, plus
 * content, telemetry and loading cases. A scenario is `<call path> | <end case>`;
 * `../support/scenario-table.ts` says what spans each must produce, under the same names. What a
 * major cannot run is its reason instead of a function. How they run, in a child process with or
 * without agentsight: `test/support/scenario-app-common.cjs`.
 */

const common = require('../../support/scenario-app-common.cjs');
const { z } = require('zod');

const { collect, runScenarios, settle } = common;

const MODEL = 'gpt-4o-mini';
const ANTHROPIC_MODEL = 'claude-haiku-4-5';
const EMBEDDING_MODEL = 'text-embedding-3-small';
const SYSTEM = 'You are brief.';
const PROMPT = 'Say hello';
const PARIS = [{ name: 'get_weather', arguments: { city: 'Paris' } }];
/** How long to wait for a promise that may never settle (loopback answers take milliseconds). */
const SETTLE_MS = 400;
/** A 1x1 PNG and a tiny PDF, base64: recorded as placeholders with their size, never their bytes. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n').toString('base64');

// ---------------------------------------------------------------------------------------------
// What a caller observes

/** An error as the caller sees it (the SDK's errors carry a status, a retry verdict, the attempts). */
function errorView(ctx, error) {
  if (!(error instanceof Error)) return { thrown: String(error) };
  return {
    name: error.name,
    message: error.message,
    statusCode: error.statusCode,
    isRetryable: error.isRetryable,
    reason: error.reason,
    attempts: Array.isArray(error.errors) ? error.errors.map((e) => e.name) : undefined,
    isAPICallError: ctx.sdk.APICallError.isInstance(error),
  };
}

const plain = (value) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
const responseView = (response) => response && { id: response.id, modelId: response.modelId };

/** One step of a result: what its model call answered and the tools it ran. */
function stepView(step) {
  return {
    text: step.text,
    reasoningText: step.reasoningText,
    finishReason: step.finishReason,
    usage: plain(step.usage),
    response: responseView(step.response),
    toolCalls: step.toolCalls.map(({ toolCallId, toolName, input }) => ({ toolCallId, toolName, input })),
    toolResults: step.toolResults.map(({ toolCallId, toolName, output }) => ({ toolCallId, toolName, output })),
    cacheCreationInputTokens: step.providerMetadata?.anthropic?.cacheCreationInputTokens,
  };
}

function textResultView(result) {
  return {
    text: result.text,
    finishReason: result.finishReason,
    usage: plain(result.usage),
    totalUsage: plain(result.totalUsage),
    response: responseView(result.response),
    steps: result.steps.map(stepView),
  };
}

const vectorView = (v) => ({ length: v.length, first: Array.from(v).slice(0, 3) });

/** What a stream result's promises settle with, once its stream has been read (or left). */
async function streamFinals(ctx, result) {
  const [text, finishReason, usage, steps] = await Promise.all([
    settle(ctx.sdk, Promise.resolve(result.text), SETTLE_MS),
    settle(ctx.sdk, Promise.resolve(result.finishReason), SETTLE_MS),
    settle(ctx.sdk, Promise.resolve(result.usage).then(plain), SETTLE_MS),
    settle(
      ctx.sdk,
      Promise.resolve(result.steps).then((s) => s.map(stepView)),
      SETTLE_MS,
    ),
  ]);
  return { text, finishReason, usage, steps };
}

// ---------------------------------------------------------------------------------------------
// Call paths: how to call, with the scenario's `call` options (headers, abort signal, retries)

const weatherTool = (sdk) =>
  sdk.tool({
    description: 'Weather of a city',
    inputSchema: z.object({ city: z.string() }),
    execute: async ({ city }) => ({ city, forecast: 'sunny' }),
  });

/**
 * The agent class of a major: `Experimental_Agent` (ai 5) or `ToolLoopAgent` (ai 6, 7). Its stream
 * errors go to `onError` (ai 7 reads it from the settings only).
 */
function agentOf(ctx, model, onError) {
  const settings = {
    model,
    tools: { get_weather: weatherTool(ctx.sdk) },
    stopWhen: ctx.sdk.stepCountIs(3),
    ...(onError ? { onError } : {}),
  };
  if (ctx.variant === '5') return new ctx.sdk.Experimental_Agent({ ...settings, name: 'weather-agent', system: SYSTEM });
  return new ctx.sdk.ToolLoopAgent({ ...settings, id: 'weather-agent', instructions: SYSTEM });
}

const prompt = { system: SYSTEM, prompt: PROMPT };
const loop = (ctx) => ({
  tools: { get_weather: weatherTool(ctx.sdk) },
  stopWhen: ctx.sdk.stepCountIs(3),
  system: SYSTEM,
  prompt: 'Weather in Paris?',
});

/** Each call path: its family (`promise` or `stream`), how to call it, and the mock answers it needs. */
const CALL_PATHS = {
  generateText: { family: 'promise', call: (ctx, p, o) => ctx.sdk.generateText({ model: p.openai(MODEL), ...prompt, ...o }) },
  'generateText [openai.chat]': {
    family: 'promise',
    call: (ctx, p, o) => ctx.sdk.generateText({ model: p.openai.chat(MODEL), ...prompt, ...o }),
  },
  'generateText [anthropic]': {
    family: 'promise',
    call: (ctx, p, o) => ctx.sdk.generateText({ model: p.anthropic(ANTHROPIC_MODEL), ...prompt, maxOutputTokens: 64, ...o }),
  },
  generateObject: {
    family: 'promise',
    mock: { text: '{"answer":"hello"}' },
    call: (ctx, p, o) => ctx.sdk.generateObject({ model: p.openai(MODEL), schema: z.object({ answer: z.string() }), ...prompt, ...o }),
  },
  embed: {
    family: 'promise',
    call: (ctx, p, o) => ctx.sdk.embed({ model: p.openai.embedding(EMBEDDING_MODEL), value: 'hello world', ...o }),
  },
  embedMany: {
    family: 'promise',
    call: (ctx, p, o) =>
      ctx.sdk.embedMany({ model: p.openai.embedding(EMBEDDING_MODEL), values: ['hello world', 'good night moon'], ...o }),
  },
  'generateText with tools': {
    family: 'promise',
    loop: true,
    mock: { toolCalls: PARIS },
    call: (ctx, p, o) => ctx.sdk.generateText({ model: p.openai.chat(MODEL), ...loop(ctx), ...o }),
  },
  'agent.generate': {
    family: 'promise',
    loop: true,
    mock: { toolCalls: PARIS },
    call: (ctx, p, o) => agentOf(ctx, p.anthropic(ANTHROPIC_MODEL), o.onError).generate({ prompt: 'Weather in Paris?', ...o }),
  },

  streamText: { family: 'stream', call: (ctx, p, o) => ctx.sdk.streamText({ model: p.openai(MODEL), ...prompt, ...o }) },
  'streamText [openai.chat]': {
    family: 'stream',
    call: (ctx, p, o) => ctx.sdk.streamText({ model: p.openai.chat(MODEL), ...prompt, ...o }),
  },
  'streamText [anthropic]': {
    family: 'stream',
    call: (ctx, p, o) => ctx.sdk.streamText({ model: p.anthropic(ANTHROPIC_MODEL), ...prompt, maxOutputTokens: 64, ...o }),
  },
  streamObject: {
    family: 'stream',
    object: true,
    mock: { text: '{"answer":"hello"}' },
    call: (ctx, p, o) => ctx.sdk.streamObject({ model: p.openai(MODEL), schema: z.object({ answer: z.string() }), ...prompt, ...o }),
  },
  'streamText with tools': {
    family: 'stream',
    loop: true,
    mock: { toolCalls: PARIS },
    call: (ctx, p, o) => ctx.sdk.streamText({ model: p.anthropic(ANTHROPIC_MODEL), maxOutputTokens: 64, ...loop(ctx), ...o }),
  },
  'agent.stream': {
    family: 'stream',
    loop: true,
    mock: { toolCalls: PARIS },
    // ai 5's stream() returns the result, ai 6 and 7 a promise of it.
    call: (ctx, p, o) => agentOf(ctx, p.openai.chat(MODEL), o.onError).stream({ prompt: 'Weather in Paris?', ...o }),
  },
};

// ---------------------------------------------------------------------------------------------
// End cases: the mock's answer, the call options, and how the caller consumes the result

/** The view of a settled promise result, by path. */
function promiseView(path, value) {
  if (path.startsWith('embedMany')) return { embeddings: value.embeddings.map(vectorView), usage: plain(value.usage) };
  if (path.startsWith('embed')) return { embedding: vectorView(value.embedding), usage: plain(value.usage) };
  if (path.startsWith('generateObject'))
    return { object: value.object, finishReason: value.finishReason, usage: plain(value.usage), response: responseView(value.response) };
  return textResultView(value);
}

const awaitResult = async (ctx, name, call) => ({ result: promiseView(name, await call()) });

const PROMISE_CASES = {
  completed: { run: awaitResult },
  'http 400': { mock: { status: 400, errorMessage: 'Invalid request' }, run: awaitResult },
  'http 429 then retried ok': { enqueue: { status: 429, retryAfterMs: 1 }, run: awaitResult },
  'http 500 after retries': { mock: { status: 500, retryAfterMs: 1 }, run: awaitResult },
  'connection refused': { dead: true, options: { maxRetries: 0 }, run: awaitResult },
  'aborted by signal': { mock: { hang: true }, abortAfterMs: 30, run: awaitResult },
};

/** The stream a caller reads: the text (or partial objects) as it comes. */
const readable = (path, result) => (path.object ? result.partialObjectStream : result.textStream);

const STREAM_CASES = {
  'read to end': {
    run: async (ctx, name, call, path) => {
      const result = await call();
      return { chunks: await collect(ctx.sdk, readable(path, result)), finals: await streamFinals(ctx, result) };
    },
  },
  'break after 2 chunks': {
    mock: { chunkDelayMs: 20 },
    run: async (ctx, name, call, path) => ({ chunks: await collect(ctx.sdk, readable(path, await call()), 2) }),
  },
  'never read': {
    run: async (ctx, name, call) => {
      await call();
      // The SDK reads the model's answer all the same; give it the time to.
      await new Promise((resolve) => setTimeout(resolve, 100));
      return { dropped: true };
    },
  },
  'aborted by signal after first chunk': {
    mock: { chunkDelayMs: 100 },
    run: async (ctx, name, call, path, controller) => {
      const result = await call();
      const iterator = readable(path, result)[Symbol.asyncIterator]();
      const first = await iterator.next();
      controller.abort();
      const after = await settle(ctx.sdk, iterator.next(), SETTLE_MS);
      return { first: plain(first), after: plain(after) };
    },
  },
  'cut mid-way': {
    mock: { cutAfterChunks: 4 },
    run: async (ctx, name, call, path) => {
      const result = await call();
      return { chunks: await collect(ctx.sdk, readable(path, result)), finals: await streamFinals(ctx, result) };
    },
  },
  'in-band error event': {
    mock: { streamErrorAfterChunks: 4 },
    run: async (ctx, name, call, path) => {
      const result = await call();
      return { chunks: await collect(ctx.sdk, readable(path, result)), finals: await streamFinals(ctx, result) };
    },
  },
  'http 400': {
    mock: { status: 400, errorMessage: 'Invalid request' },
    run: async (ctx, name, call, path) => {
      const result = await call();
      return { chunks: await collect(ctx.sdk, readable(path, result)), finals: await streamFinals(ctx, result) };
    },
  },
  'http 429 then retried ok': {
    enqueue: { status: 429, retryAfterMs: 1 },
    run: async (ctx, name, call, path) => {
      const result = await call();
      return { chunks: await collect(ctx.sdk, readable(path, result)), finals: await streamFinals(ctx, result) };
    },
  },
};

const CASES = { promise: PROMISE_CASES, stream: STREAM_CASES };

/**
 * One call path x end case as a scenario. Errors are part of what the caller observes, those a
 * stream reports to its `onError` too (by default the SDK writes them to stderr).
 */
function scenario(pathName, endCase, extra = {}) {
  const path = CALL_PATHS[pathName];
  return async (ctx, name) => {
    const controller = new AbortController();
    const mock = { ...(endCase.mock || {}), ...(path.mock || {}), ...(extra.mock || {}) };
    const reported = [];
    const options = {
      headers: ctx.options(name, mock).headers,
      abortSignal: controller.signal,
      ...(path.family === 'stream' ? { onError: ({ error }) => void reported.push(errorView(ctx, error)) } : {}),
      ...(endCase.options || {}),
      ...(extra.options || {}),
    };
    if (endCase.enqueue) await ctx.enqueue(endCase.enqueue);
    const providers = endCase.dead ? ctx.dead : ctx.providers;
    if (endCase.abortAfterMs) setTimeout(() => controller.abort(), endCase.abortAfterMs);
    const call = async () => (extra.call || path.call)(ctx, providers, options);
    let observed;
    try {
      observed = await endCase.run(ctx, pathName, call, path, controller);
    } catch (error) {
      observed = { error: errorView(ctx, error) };
    }
    return path.family === 'stream' ? { ...observed, reported } : observed;
  };
}

// ---------------------------------------------------------------------------------------------
// Scenarios beyond the matrix

const RICH_MESSAGES = [
  {
    role: 'user',
    content: [
      { type: 'text', text: 'What is in these? And the weather in Paris?' },
      { type: 'image', image: PNG, mediaType: 'image/png' },
      { type: 'image', image: new URL('https://example.com/paris.png') },
      { type: 'file', data: PDF, mediaType: 'application/pdf' },
    ],
  },
  {
    role: 'assistant',
    content: [
      { type: 'text', text: 'Let me check.' },
      { type: 'tool-call', toolCallId: 'toolu_given', toolName: 'get_weather', input: { city: 'Paris' } },
    ],
  },
  {
    role: 'tool',
    content: [{ type: 'tool-result', toolCallId: 'toolu_given', toolName: 'get_weather', output: { type: 'text', value: 'sunny' } }],
  },
];

function extraScenarios(v, moduleSystem) {
  const { trace } = require('@opentelemetry/api');
  const completed = PROMISE_CASES.completed;
  const all = {};
  all['generateText [anthropic] | rich input'] = scenario('generateText [anthropic]', completed, {
    call: (ctx, p, o) =>
      ctx.sdk.generateText({
        model: p.anthropic(ANTHROPIC_MODEL),
        system: SYSTEM,
        messages: RICH_MESSAGES,
        temperature: 0.2,
        topP: 0.9,
        topK: 40,
        stopSequences: ['END'],
        maxOutputTokens: 64,
        ...o,
      }),
  });
  all['generateText [anthropic] | cache usage'] = scenario('generateText [anthropic]', completed, {
    mock: { usage: { inputTokens: 3, cachedTokens: 100, cacheCreationTokens: 20 } },
  });
  all['generateText [anthropic] | thinking'] = scenario('generateText [anthropic]', completed, {
    mock: { thinking: 'The user wants a greeting. I will say hello.' },
    options: { maxOutputTokens: 2048, providerOptions: { anthropic: { thinking: { type: 'enabled', budgetTokens: 1024 } } } },
  });
  all['generateText | cached and reasoning tokens'] = scenario('generateText', completed, {
    mock: { usage: { inputTokens: 130, cachedTokens: 100, reasoningTokens: 4 } },
  });
  all['streamText [anthropic] | tool use without execute'] = scenario('streamText [anthropic]', STREAM_CASES['read to end'], {
    mock: { toolCalls: PARIS },
    options: { tools: { get_weather: { description: 'Weather of a city', inputSchema: z.object({ city: z.string() }) } } },
  });
  all['generateText with a model id | completed'] = scenario('generateText', completed, {
    // The SDK resolves a model id through the global default provider (else the Vercel AI Gateway).
    call: async (ctx, p, o) => {
      globalThis.AI_SDK_DEFAULT_PROVIDER = p.openai;
      try {
        return await ctx.sdk.generateText({ model: MODEL, ...prompt, ...o });
      } finally {
        delete globalThis.AI_SDK_DEFAULT_PROVIDER;
      }
    },
  });

  // The SDK's own telemetry, turned on by the user: ai 5 and 6 `experimental_telemetry`, ai 7 an
  // `@ai-sdk/otel` integration. Each is given a tracer of the app's, so that its spans are recorded.
  const telemetry = (ctx) => {
    const tracer = trace.getTracer('app');
    if (v === '7') return { telemetry: { functionId: 'weather', integrations: [new ctx.otel.OpenTelemetry({ tracer })] } };
    return { experimental_telemetry: { isEnabled: true, functionId: 'weather', ...(v === '5' ? { tracer } : {}) } };
  };
  for (const [pathName, caseName] of [
    ['generateText', 'completed'],
    ['generateText with tools', 'completed'],
    ['streamText with tools', 'read to end'],
    ['embed', 'completed'],
  ]) {
    const path = CALL_PATHS[pathName];
    all[`${pathName} [AI SDK telemetry on] | ${caseName}`] = scenario(pathName, CASES[path.family][caseName], {
      call: (ctx, p, o) => path.call(ctx, p, { ...o, ...telemetry(ctx) }),
    });
  }

  all['generateText | CommonJS build in an ESM app'] =
    moduleSystem === 'cjs'
      ? 'a CommonJS app loads only the CommonJS build (an app that also import()s the SDK starts with --import agentsight/register)'
      : scenario('generateText', completed, { call: (ctx, p, o) => ctx.cjsSdk.generateText({ model: p.openai(MODEL), ...prompt, ...o }) });
  return all;
}

/** Every scenario of this major, by name: a function to run, or the reason it does not apply. */
function scenarios(v, moduleSystem) {
  const all = {};
  for (const [pathName, path] of Object.entries(CALL_PATHS)) {
    for (const [caseName, endCase] of Object.entries(CASES[path.family])) all[`${pathName} | ${caseName}`] = scenario(pathName, endCase);
  }
  return { ...all, ...extraScenarios(v, moduleSystem) };
}

// ---------------------------------------------------------------------------------------------
// The run

/**
 * Runs the scenarios (see `runScenarios` in scenario-app-common.cjs).
 *
 * @param app what the consumer loaded: `sdk` (`ai`, as CommonJS exports or an ESM namespace),
 *   `openai` and `anthropic` (the provider packages), `otel` (`@ai-sdk/otel`, ai 7), and for the
 *   ESM app `cjsSdk` (`ai` through `createRequire`)
 * @param agentsight the agentsight API, or undefined for the uninstrumented run
 */
async function main(app, agentsight) {
  // The SDK's own warnings (deprecations of ai 7) would be stderr noise in both runs.
  globalThis.AI_SDK_LOG_WARNINGS = false;
  const providers = (baseURL, apiKey) => ({
    openai: app.openai.createOpenAI({ baseURL: `${baseURL}/v1`, apiKey }),
    anthropic: app.anthropic.createAnthropic({ baseURL: `${baseURL}/v1`, apiKey }),
  });
  await runScenarios(app, agentsight, {
    scenarios,
    clients: ({ mockUrl, deadUrl, apiKey }) => ({
      providers: providers(mockUrl, apiKey),
      dead: providers(deadUrl, apiKey),
      // The harness's own ends expect these two; the scenarios use the providers above.
      client: undefined,
      deadClient: undefined,
    }),
  });
}

module.exports = { main, scenarios, MODEL, ANTHROPIC_MODEL, EMBEDDING_MODEL, SYSTEM, PROMPT };
