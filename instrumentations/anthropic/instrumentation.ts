/**
 * The Anthropic provider: wraps the methods listed in `spec.ts` and maps each call through the
 * neutral recorder (one LLM span per call). Mapping lives in `*-mapping.ts` and `call-plans.ts`,
 * the client's platform in `provider.ts`, the SDK's own spans in `native-spans.ts`.
 */
import type { ComponentLogger } from '../../src/diag';
import { isObject, type Json } from '../../src/json-values';
import { currentRuntime } from '../../src/runtime';
import { BaseInstrumentation, type PatchTarget, type ProviderSpec } from '../base/base-instrumentation';
import { LlmCall } from '../base/llm-call';
import { tracedCall } from '../base/traced-call';
import { batchPlan, chatPlan, chatRequest, countTokensPlan, type PlanMaker } from './call-plans';
import { prepareClient, takePendingCall, withPendingCall } from './native-spans';
import { clientOf } from './provider';
import { ANTHROPIC_SPEC, ANTHROPIC_TARGETS } from './spec';

type Method = (...args: unknown[]) => unknown;

/** The plan maker of each method of a Messages resource, and of a Batches resource. */
const MESSAGES_PLANS: ReadonlyMap<string, PlanMaker> = new Map([
  ['create', chatPlan],
  ['countTokens', countTokensPlan],
]);
const BATCHES_PLANS: ReadonlyMap<string, PlanMaker> = new Map([['create', batchPlan]]);

/** The plan makers of each target, by method (`stream()` is a helper, not a plan: see `streamHelper`). */
const PLANS = new Map<PatchTarget, ReadonlyMap<string, PlanMaker>>([
  [ANTHROPIC_TARGETS.messagesLegacyPath, MESSAGES_PLANS],
  [ANTHROPIC_TARGETS.messages, MESSAGES_PLANS],
  [ANTHROPIC_TARGETS.betaMessages, MESSAGES_PLANS],
  [ANTHROPIC_TARGETS.betaPromptCaching, MESSAGES_PLANS],
  [ANTHROPIC_TARGETS.batches, BATCHES_PLANS],
  [ANTHROPIC_TARGETS.betaBatches, BATCHES_PLANS],
]);

/** Whether an `enforce`-mode budget refuses calls now (then the helper's `create()` reports it). */
function budgetSpent(): boolean {
  return currentRuntime()?.sessions.budgetRefusal() !== undefined;
}

/**
 * Instruments `@anthropic-ai/sdk` (0.30 to 1.x, both builds): one LLM span per Messages call, token
 * count and batch submission, for the Anthropic, Bedrock and Vertex clients. Made and enabled by
 * the InstrumentationManager (`AGENTSIGHT_INSTRUMENT_ANTHROPIC`); `instrumentAnthropic()` is its
 * manual path.
 */
export class AnthropicInstrumentation extends BaseInstrumentation {
  constructor() {
    super('anthropic');
  }

  spec(): ProviderSpec {
    return ANTHROPIC_SPEC;
  }

  protected wrapMethod(original: Method, target: PatchTarget, method: string): Method {
    const log = this.log;
    const enabled = (): boolean => this.isEnabled();
    if (method === 'stream') return streamHelper(original, enabled, log);
    const plan = PLANS.get(target)?.get(method);
    if (!plan) return original;
    return function (this: unknown, ...args: unknown[]): unknown {
      const client = clientOf(this);
      prepareClient(client, enabled);
      const adopted = plan === chatPlan ? takePendingCall(client) : undefined;
      return tracedCall(original, this, args, () => plan(this, args), log, adopted);
    };
  }

  instrumentManually(moduleOrClient: unknown): number {
    const client = clientInstance(moduleOrClient);
    if (!client) return 0;
    const messages = field(client, 'messages');
    const betaMessages = field(field(client, 'beta'), 'messages');
    return this.instrumentResources([
      [messages, ANTHROPIC_TARGETS.messages],
      [field(messages, 'batches'), ANTHROPIC_TARGETS.batches],
      [betaMessages, ANTHROPIC_TARGETS.betaMessages],
      [field(betaMessages, 'batches'), ANTHROPIC_TARGETS.betaBatches],
      [field(field(field(client, 'beta'), 'promptCaching'), 'messages'), ANTHROPIC_TARGETS.betaPromptCaching],
    ]);
  }
}

/**
 * `messages.stream()`: when the client keeps its own spans ('nested'), the SDK starts its span
 * inside the helper, before the helper calls `create()`; our call starts first so that theirs nests
 * under it, and the helper's `create()` adopts it. Otherwise the helper runs as is and its
 * `create()` is traced like any other.
 */
function streamHelper(original: Method, enabled: () => boolean, log: ComponentLogger): Method {
  return function (this: unknown, ...args: unknown[]): unknown {
    const client = clientOf(this);
    const body = args[0];
    if (!client || prepareClient(client, enabled) !== 'nested' || !isObject(body) || budgetSpent()) return original.apply(this, args);
    let call: LlmCall | undefined;
    try {
      call = LlmCall.start(chatRequest(this, { ...body, stream: true }));
    } catch (err) {
      log.once('warn', 'stream-helper', `could not start a stream helper's span: ${String(err)}`);
    }
    if (!call) return original.apply(this, args);
    return withPendingCall(client, call, () => original.apply(this, args), log);
  };
}

/** A property that may be a throwing getter (Bedrock's `userProfiles` is). */
function field(value: unknown, key: string): unknown {
  try {
    return isObject(value) ? value[key] : undefined;
  } catch {
    return undefined;
  }
}

/** A client instance from a client, a client class or the module (a probe client for a class). */
function clientInstance(value: unknown): Json | undefined {
  if (isObject(value) && isObject(field(value, 'messages'))) return value;
  const cls = typeof value === 'function' ? value : (field(value, 'Anthropic') ?? field(value, 'default'));
  if (typeof cls !== 'function') return undefined;
  // Constructing a client sends nothing; it reaches the resource prototypes.
  const Client = cls as new (options: Json) => Json;
  return new Client({ apiKey: 'agentsight-probe', baseURL: 'http://127.0.0.1:9' });
}
