/**
 * A model as one SDK call sees it: the user's language or embedding model behind a proxy whose
 * `doGenerate`, `doStream` and `doEmbed` trace each call as an LLM span (the proxy is made per SDK
 * call, so the user's model object is never changed). Everything else reads through to the model,
 * getters and methods run on the model itself.
 */
import { context } from '@opentelemetry/api';
import { getLogger } from '../../src/diag';
import { isObject, num, type Json } from '../../src/json-values';
import { currentRuntime } from '../../src/runtime';
import { isThenable } from '../../src/thenable';
import { ENDED_BY } from '../../src/semconv';
import { LlmCall, type LlmRequest, type LlmResponse } from '../base/llm-call';
import { embedRequest, embedResponse, generateResponse, languageRequest } from './call-mapping';
import type { CallScope } from './call-scope';
import { willRetry } from './errors';
import { observeModelStream } from './model-stream';

const log = getLogger('vercel-ai');

type Method = (...args: unknown[]) => unknown;
type Kind = 'generate' | 'stream' | 'embed';

/** Our proxies: a model is never traced twice. */
const proxies = new WeakSet<object>();

/** The SDK's default `maxRetries`. */
export const DEFAULT_MAX_RETRIES = 2;

/** `maxRetries` of call options. */
export function maxRetriesOf(options: Json): number {
  const value = num(options.maxRetries);
  return value !== undefined && value >= 0 ? value : DEFAULT_MAX_RETRIES;
}

function requestOf(kind: Kind, model: object, options: Json): LlmRequest {
  return kind === 'embed' ? embedRequest(model, options) : languageRequest(model, options, kind === 'stream');
}

/** Language model calls of one SDK call follow each other: a held attempt is retried by the next. */
const LANGUAGE_CALL = Symbol('language model call');

/**
 * What ties a retry to the attempt it repeats. An SDK call makes one language model call at a
 * time, but embeds several chunks at once (`embedMany`): each chunk's retry sends the same values
 * array (`embed` a new array of the same single value).
 */
function retryKey(kind: Kind, options: Json): unknown {
  if (kind !== 'embed') return LANGUAGE_CALL;
  const values = options.values;
  return Array.isArray(values) && values.length === 1 ? values[0] : values;
}

function safely<T>(what: string, fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch (err) {
    log.once('warn', what, `${what} failed: ${String(err)}`);
    return fallback;
  }
}

/**
 * One model call: its span (or the span of the attempt it retries), the original called in the
 * span's context, and the result observed on the side. The caller gets the model's own promise
 * (for `doStream`, one of the same result with the stream observed). Throws only what the model
 * throws.
 */
function tracedModelCall(kind: Kind, model: object, original: Method, options: unknown, scope: CallScope): unknown {
  if (!isObject(options)) return original.call(model, options);
  const refusal = currentRuntime()?.sessions.budgetRefusal(scope.parent);
  if (refusal) return Promise.reject(refusal);
  const key = retryKey(kind, options);
  let call: LlmCall | undefined;
  let attempts = 1;
  try {
    const retried = scope.retryOf(key);
    if (retried) {
      call = retried.call;
      attempts = retried.attempts + 1;
    } else {
      call = LlmCall.start(requestOf(kind, model, options), scope.callParent(options.prompt));
    }
  } catch (err) {
    log.once('warn', 'model-call', `could not start a model call's span; it goes on untraced: ${String(err)}`);
  }
  if (!call) return original.call(model, options);
  const traced = call;
  scope.track(traced);
  const signal = options.abortSignal instanceof AbortSignal ? options.abortSignal : undefined;

  const failed = (error: unknown): void => {
    if (willRetry(error, attempts, scope.maxRetries) && !signal?.aborted) scope.hold(key, { call: traced, attempts, error });
    else scope.failed(traced, error);
  };
  let result: unknown;
  try {
    result = context.with(traced.context, () => original.call(model, options));
  } catch (error) {
    failed(error);
    throw error;
  }
  if (!isThenable(result)) {
    traced.stop(ENDED_BY.INTERNAL_ERROR);
    return result;
  }
  if (kind === 'stream') {
    return result.then(
      (value: unknown) => {
        const stream = isObject(value) ? value.stream : undefined;
        if (!(stream instanceof ReadableStream)) {
          traced.stop(ENDED_BY.INTERNAL_ERROR);
          return value;
        }
        const observed = safely(
          'stream',
          () => observeModelStream(stream, traced, signal, (error) => scope.streamFailed(error)),
          undefined,
        );
        return observed ? { ...(value as Json), stream: observed } : value;
      },
      (error: unknown) => {
        failed(error);
        throw error;
      },
    );
  }
  result.then(
    (value: unknown) =>
      traced.succeed(safely<LlmResponse>('result', () => (kind === 'embed' ? embedResponse(value) : generateResponse(value)), {})),
    failed,
  );
  return result;
}

/** The model methods traced, by kind of model. */
const LANGUAGE_METHODS: ReadonlyMap<string, Kind> = new Map([
  ['doGenerate', 'generate'],
  ['doStream', 'stream'],
]);
const EMBEDDING_METHODS: ReadonlyMap<string, Kind> = new Map([['doEmbed', 'embed']]);

function proxyModel(model: object, methods: ReadonlyMap<string, Kind>, scope: CallScope): object {
  const traced = new Map<PropertyKey, Method>();
  const proxy = new Proxy(model, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      const kind = typeof property === 'string' ? methods.get(property) : undefined;
      if (!kind) return property === 'constructor' ? value : (value as Method).bind(target);
      let method = traced.get(property);
      if (!method) {
        method = (options: unknown) => tracedModelCall(kind, target, value as Method, options, scope);
        traced.set(property, method);
      }
      return method;
    },
  });
  proxies.add(proxy);
  return proxy;
}

/** The SDK module, for resolving a model given by id the way the SDK does. */
export interface SdkModule {
  /** The package's major version, when known (`ai` 5, 6, 7). */
  major: number | undefined;
  exports: Json;
}

/**
 * A model id (`'openai/gpt-4o'`) resolved as the SDK resolves it: by the global default provider
 * (`globalThis.AI_SDK_DEFAULT_PROVIDER`), else the SDK's Vercel AI Gateway provider.
 */
function resolveModel(id: string, embedding: boolean, sdk: SdkModule): unknown {
  const provider = (globalThis as { AI_SDK_DEFAULT_PROVIDER?: unknown }).AI_SDK_DEFAULT_PROVIDER ?? sdk.exports.gateway;
  if (!isObject(provider) && typeof provider !== 'function') return undefined;
  const p = provider as Json;
  const factory = embedding ? (p.embeddingModel ?? p.textEmbeddingModel) : p.languageModel;
  return typeof factory === 'function' ? (factory as Method).call(provider, id) : undefined;
}

function traced(model: unknown, embedding: boolean, scope: CallScope, sdk: SdkModule): unknown {
  if (typeof model !== 'object' && typeof model !== 'string') return model;
  if (model === null || (typeof model === 'object' && proxies.has(model))) return model;
  const resolved = typeof model === 'string' ? safely('resolve', () => resolveModel(model, embedding, sdk), undefined) : model;
  if (typeof resolved !== 'object' || resolved === null) return model;
  return proxyModel(resolved, embedding ? EMBEDDING_METHODS : LANGUAGE_METHODS, scope);
}

/** A language model (or model id) traced for the SDK call `scope` stands for. Never throws. */
export function tracedLanguageModel(model: unknown, scope: CallScope, sdk: SdkModule): unknown {
  return safely('model', () => traced(model, false, scope, sdk), model);
}

/** An embedding model (or model id) traced for the SDK call `scope` stands for. Never throws. */
export function tracedEmbeddingModel(model: unknown, scope: CallScope, sdk: SdkModule): unknown {
  return safely('model', () => traced(model, true, scope, sdk), model);
}
