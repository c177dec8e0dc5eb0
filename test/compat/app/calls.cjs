'use strict';
/**
 * The compatibility app's calls, whatever loaded the SDKs: in a session, an OpenAI JSON call and
 * stream and an Anthropic call against the mock (`MOCK_URL`); `init()` called again by the app
 * (once with the same options, once with others). Prints `COMPAT_RESULTS {json}`: what the calls
 * returned, a fingerprint of the SDK methods we wrap (to compare with a plain run), and what is
 * registered with the OpenTelemetry API at the end.
 */
const { context, propagation, trace } = require('@opentelemetry/api');
const Module = require('node:module');

const ORIGINAL = Symbol.for('agentsight.original');

/** A method as the app sees it: its source, and whether it is one of our wrappers (of a wrapper). */
function methodPrint(fn) {
  if (typeof fn !== 'function') return String(fn);
  const original = fn[ORIGINAL];
  return {
    source: Function.prototype.toString.call(fn),
    wrapped: original !== undefined,
    wrappedTwice: typeof original === 'function' && original[ORIGINAL] !== undefined,
  };
}

function fingerprint(openai, anthropic) {
  const proto = (o) => Object.getPrototypeOf(o);
  return {
    'chat.completions.create': methodPrint(proto(openai.chat.completions).create),
    'responses.create': methodPrint(proto(openai.responses).create),
    'embeddings.create': methodPrint(proto(openai.embeddings).create),
    'completions.create': methodPrint(proto(openai.completions).create),
    'messages.create': methodPrint(proto(anthropic.messages).create),
    'messages.stream': methodPrint(proto(anthropic.messages).stream),
    'messages.countTokens': methodPrint(proto(anthropic.messages).countTokens),
    'beta.messages.create': methodPrint(proto(anthropic.beta.messages).create),
    'Module.prototype.require': methodPrint(Module.prototype.require),
    'Module._load': methodPrint(Module._load),
    otelGlobals: Object.keys(globalThis[Symbol.for('opentelemetry.js.api.1')] ?? {}).sort(),
  };
}

/** What is registered with the OpenTelemetry API, compared with what the app registered itself. */
function registrations() {
  const app = globalThis.appOtel;
  const provider = trace.getTracerProvider();
  const delegate = typeof provider.getDelegate === 'function' ? provider.getDelegate() : provider;
  return {
    tracerProvider: app ? (delegate === app.provider ? "the app's" : 'another') : delegate.constructor.name,
    contextManager: app ? (context._getContextManager() === app.contextManager ? "the app's" : 'another') : undefined,
    propagatorFields: propagation.fields(),
    spanProcessors: app ? app.provider._activeSpanProcessor._spanProcessors.map((p) => p.constructor.name) : undefined,
  };
}

async function main({ OpenAI, Anthropic }, agentsight) {
  const openai = new OpenAI({ apiKey: 'sk-compat-SECRET', baseURL: `${process.env.MOCK_URL}/v1`, maxRetries: 0 });
  const anthropic = new Anthropic({ apiKey: 'sk-ant-compat-SECRET', baseURL: process.env.MOCK_URL, maxRetries: 0 });
  const withSession = agentsight ? agentsight.withSession : (_options, fn) => fn();
  if (agentsight && process.env.COMPAT_INIT_AGAIN === '1') {
    agentsight.init();
    agentsight.init({ captureContent: false });
  }
  const chat = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello' }] };
  const results = await withSession({ name: 'compat' }, async () => {
    const json = await openai.chat.completions.create(chat);
    const chunks = [];
    for await (const chunk of await openai.chat.completions.create({ ...chat, stream: true })) chunks.push(chunk);
    const message = await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 32, messages: chat.messages });
    return { json, chunks, message };
  });
  await globalThis.appOtel?.provider.forceFlush();
  const out = { results, fingerprint: fingerprint(openai, anthropic), registrations: registrations() };
  process.stdout.write(`COMPAT_RESULTS ${JSON.stringify(out)}\n`);
}

module.exports = { main };
