/**
 * The AI SDK's entry points, traced: the exported functions (`generateText`, `streamText`,
 * `generateObject`, `streamObject`, `embed`, `embedMany`) and the agent classes' `generate` and
 * `stream`.
 *
 * Each call gets its models and tools traced (per call: the user's objects are not changed) and the
 * SDK's own telemetry filtered (see native-spans.ts). A call with tools, and every agent class
 * call, is an agent loop: an `invoke_agent` span around it, which ends when the call settles (for a
 * stream: when the SDK finishes it, fails it, or the caller drops its result unread).
 */
import { context } from '@opentelemetry/api';
import { getLogger } from '../../src/diag';
import { isObject, str, type Json } from '../../src/json-values';
import { currentRuntime } from '../../src/runtime';
import { ENDED_BY } from '../../src/semconv';
import { isThenable } from '../../src/thenable';
import { modelIdentity } from './call-mapping';
import { CallScope, Invocation, type AgentIdentity } from './call-scope';
import { filterIntegrationTracers, withFilteredTelemetry } from './native-spans';
import { maxRetriesOf, tracedEmbeddingModel, tracedLanguageModel, type SdkModule } from './traced-model';
import { hasTools, tracedTools } from './traced-tools';
import type { SdkFunction } from './spec';

const log = getLogger('vercel-ai');

type Method = (...args: unknown[]) => unknown;

/** What each traced function is: its kind of model, of result, and whether it may run a loop. */
export const SDK_FUNCTIONS = {
  generateText: { model: 'language', result: 'promise', loop: true },
  streamText: { model: 'language', result: 'stream', loop: true },
  generateObject: { model: 'language', result: 'promise', loop: false },
  streamObject: { model: 'language', result: 'stream', loop: false },
  embed: { model: 'embedding', result: 'promise', loop: false },
  embedMany: { model: 'embedding', result: 'promise', loop: false },
} as const satisfies Record<SdkFunction, { model: 'language' | 'embedding'; result: 'promise' | 'stream'; loop: boolean }>;

/** The settled-state of a stream result (private fields of the SDK's result classes, `ai` 5 to 7). */
const STREAM_OUTCOMES = ['_totalUsage', '_usage'] as const;

/**
 * A stream result the caller dropped unread ends what its SDK call left open: model calls waiting
 * for a reader, the loop (held value: the scope, never the result).
 */
const dropped = new FinalizationRegistry<CallScope>((scope) => scope.stop(ENDED_BY.CALLER_STOPPED));

/** The telemetry settings of call options (`experimental_telemetry` in `ai` 5 and 6, `telemetry` in 7). */
function telemetryOf(options: Json): Json | undefined {
  const telemetry = options.telemetry ?? options.experimental_telemetry;
  return isObject(telemetry) ? telemetry : undefined;
}

/** What names the loop of a call: the agent's id or name, else the telemetry `functionId`, else the model. */
function identityOf(options: Json, agent: { id?: string; name?: string } = {}): AgentIdentity {
  const model = options.model;
  const { provider, modelId } =
    typeof model === 'string'
      ? { provider: undefined, modelId: model }
      : isObject(model)
        ? modelIdentity(model)
        : { provider: undefined, modelId: undefined };
  const name = agent.id ?? agent.name ?? str(telemetryOf(options)?.functionId) ?? modelId ?? 'ai';
  return {
    name,
    ...(agent.id !== undefined ? { id: agent.id } : {}),
    ...(provider !== undefined ? { provider } : {}),
    ...(modelId !== undefined ? { model: modelId } : {}),
  };
}

/**
 * Options (of a call, or an agent's settings) with their models, tools and `prepareStep` /
 * `prepareCall` results traced for `scope`, and the SDK's own telemetry filtered.
 */
export function tracedOptions(options: Json, embedding: boolean, scope: CallScope, sdk: SdkModule, enabled: () => boolean): Json {
  const traced: Json = { ...options };
  const model = (value: unknown): unknown => (embedding ? tracedEmbeddingModel(value, scope, sdk) : tracedLanguageModel(value, scope, sdk));
  if ('model' in options) traced.model = model(options.model);
  if (isObject(options.tools)) traced.tools = tracedTools(options.tools, scope);
  // prepareStep (each step) and an agent's prepareCall (each call) may return another model or tools.
  for (const hook of ['prepareStep', 'prepareCall'] as const) {
    const fn = options[hook];
    if (typeof fn !== 'function') continue;
    traced[hook] = function (this: unknown, ...args: unknown[]): unknown {
      const adjust = (result: unknown): unknown => {
        if (!isObject(result)) return result;
        const adjusted: Json = { ...result };
        if ('model' in result) adjusted.model = model(result.model);
        if (isObject(result.tools)) adjusted.tools = tracedTools(result.tools, scope);
        return adjusted;
      };
      const result = (fn as Method).apply(this, args);
      return isThenable(result) ? Promise.resolve(result).then(adjust) : adjust(result);
    };
  }
  return withoutSdkModelSpans(traced, sdk, enabled);
}

/** Options whose SDK telemetry makes no span of a model call (see native-spans.ts). */
function withoutSdkModelSpans(options: Json, sdk: SdkModule, enabled: () => boolean): Json {
  if (sdk.major !== undefined && sdk.major >= 7) filterIntegrationTracers(options, enabled);
  return withFilteredTelemetry(options, sdk.major, enabled);
}

/** Ends `scope` when a promise of the SDK settles. */
function endWithPromise(result: PromiseLike<unknown>, scope: CallScope): void {
  result.then(
    () => scope.end(),
    (error: unknown) => (scope instanceof Invocation ? scope.fail(error) : scope.end()),
  );
}

/**
 * Ends `scope` when a stream result settles: its SDK finished it (resolved), failed it (rejected:
 * failed, or aborted by `signal`), or the caller dropped it unread (garbage collected).
 */
function endWithStream(result: unknown, scope: CallScope, signal: AbortSignal | undefined): void {
  if (!isObject(result)) {
    scope.end();
    return;
  }
  dropped.register(result, scope, scope);
  for (const field of STREAM_OUTCOMES) {
    const outcome = (result[field] as { promise?: unknown } | undefined)?.promise;
    if (!isThenable(outcome)) continue;
    outcome.then(
      () => {
        dropped.unregister(scope);
        // A loop aborted after a step completes with the steps it made (ai 5, 6).
        if (scope instanceof Invocation && signal?.aborted) scope.stop(ENDED_BY.ABORT);
        else scope.end();
      },
      (error: unknown) => {
        dropped.unregister(scope);
        if (!(scope instanceof Invocation)) scope.end();
        else if (signal?.aborted) scope.stop(ENDED_BY.ABORT);
        else scope.fail(error);
      },
    );
    return;
  }
  log.once('info', 'stream-outcome', 'a stream result of this AI SDK version has no known outcome; its agent span ends at exit');
}

/**
 * The scope of one call: an agent loop (`invoke_agent` span) or a plain call. `maxRetries` comes
 * from the call's options (an agent call's own, else its settings').
 */
function scopeFor(options: Json, loop: boolean, maxRetries: number, agent?: { id?: string; name?: string }): CallScope | undefined {
  if (!loop) return new CallScope(context.active(), maxRetries);
  return Invocation.start(identityOf(options, agent), maxRetries);
}

/** Runs the SDK call in the scope's context and ties the scope's end to its result. */
function run(scope: CallScope, kind: 'promise' | 'stream', signal: AbortSignal | undefined, call: () => unknown): unknown {
  let result: unknown;
  try {
    result = scope instanceof Invocation ? context.with(scope.context, call) : call();
  } catch (error) {
    if (scope instanceof Invocation) scope.fail(error);
    else scope.end();
    throw error;
  }
  try {
    // An agent's `stream()` may return a promise of the stream result (ai 6, 7).
    if (kind === 'stream' && isThenable(result)) {
      result.then(
        (value) => endWithStream(value, scope, signal),
        (error: unknown) => (scope instanceof Invocation ? scope.fail(error) : scope.end()),
      );
    } else if (kind === 'stream') endWithStream(result, scope, signal);
    else if (isThenable(result)) endWithPromise(result, scope);
    else scope.end();
  } catch (err) {
    log.once('warn', 'result', `could not follow an AI SDK call's result: ${String(err)}`);
  }
  return result;
}

const signalOf = (options: Json): AbortSignal | undefined => (options.abortSignal instanceof AbortSignal ? options.abortSignal : undefined);

/** The traced version of one of the SDK's functions. */
export function tracedFunction(name: SdkFunction, original: Method, sdk: SdkModule, enabled: () => boolean): Method {
  const what = SDK_FUNCTIONS[name];
  return function (this: unknown, ...args: unknown[]): unknown {
    const options = args[0];
    if (!isObject(options) || !currentRuntime()) return original.apply(this, args);
    let scope: CallScope | undefined;
    let traced: Json;
    try {
      scope = scopeFor(options, what.loop && hasTools(options.tools), maxRetriesOf(options));
      traced = scope ? tracedOptions(options, what.model === 'embedding', scope, sdk, enabled) : options;
    } catch (err) {
      log.once('warn', `prepare:${name}`, `could not trace a ${name} call; it goes on untraced: ${String(err)}`);
      scope?.stop(ENDED_BY.INTERNAL_ERROR);
      return original.apply(this, args);
    }
    if (!scope) return original.apply(this, args);
    return run(scope, what.result, signalOf(options), () => original.call(this, traced, ...args.slice(1)));
  };
}

/** The agent classes' methods traced: `generate` (a promise) and `stream` (a stream result, or a promise of one). */
export const AGENT_METHODS = { generate: 'promise', stream: 'stream' } as const;

/**
 * The traced version of an agent class's `generate` or `stream`. The agent keeps its settings in
 * `this.settings` and reads them on each call, so the original runs on a stand-in whose
 * `settings` have the traced models and tools (the agent object itself is not changed).
 */
export function tracedAgentMethod(method: keyof typeof AGENT_METHODS, original: Method, sdk: SdkModule, enabled: () => boolean): Method {
  return function (this: unknown, ...args: unknown[]): unknown {
    const settings = isObject(this) ? this.settings : undefined;
    if (!isObject(this) || !isObject(settings) || !currentRuntime()) return original.apply(this, args);
    const agent = { ...(str(settings.id) ? { id: str(settings.id) } : {}), ...(str(settings.name) ? { name: str(settings.name) } : {}) };
    const callOptions = isObject(args[0]) ? args[0] : {};
    let scope: CallScope | undefined;
    let standIn: object;
    try {
      scope = scopeFor(settings, true, maxRetriesOf({ ...settings, ...callOptions }), agent);
      if (!scope) return original.apply(this, args);
      const tracedSettings = tracedOptions(settings, false, scope, sdk, enabled);
      standIn = Object.create(this, {
        settings: { value: tracedSettings, writable: true, enumerable: true, configurable: true },
      }) as object;
    } catch (err) {
      log.once('warn', `prepare:agent.${method}`, `could not trace an agent's ${method}(); it goes on untraced: ${String(err)}`);
      scope?.stop(ENDED_BY.INTERNAL_ERROR);
      return original.apply(this, args);
    }
    // A call's own telemetry settings win over the agent's.
    const tracedArgs = isObject(args[0]) ? [withoutSdkModelSpans(args[0], sdk, enabled), ...args.slice(1)] : args;
    return run(scope, AGENT_METHODS[method], signalOf(callOptions), () => original.apply(standIn, tracedArgs));
  };
}
