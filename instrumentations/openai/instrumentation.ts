/**
 * The OpenAI provider: wraps the `create` methods listed in `spec.ts` and traces each call through
 * the neutral recorder with the plan `call-plans.ts` makes for it. Nothing else lives here.
 */
import type { Json } from '../../src/json-values';
import { BaseInstrumentation, type PatchTarget, type ProviderSpec } from '../base/base-instrumentation';
import { tracedCall } from '../base/traced-call';
import { chatPlan, completionsPlan, embeddingsPlan, responsesPlan, type PlanMaker } from './call-plans';
import { OPENAI_SPEC, OPENAI_TARGETS } from './spec';

type Method = (...args: unknown[]) => unknown;

/** The plan maker of each target. */
const PLANS = new Map<PatchTarget, PlanMaker>([
  [OPENAI_TARGETS.chat, chatPlan],
  [OPENAI_TARGETS.chatLegacyPath, chatPlan],
  [OPENAI_TARGETS.responses, responsesPlan],
  [OPENAI_TARGETS.embeddings, embeddingsPlan],
  [OPENAI_TARGETS.completions, completionsPlan],
]);

export class OpenAIInstrumentation extends BaseInstrumentation {
  constructor() {
    super('openai');
  }

  spec(): ProviderSpec {
    return OPENAI_SPEC;
  }

  protected wrapMethod(original: Method, target: PatchTarget): Method {
    const log = this.log;
    const plan = PLANS.get(target);
    if (!plan) return original;
    return function (this: unknown, ...args: unknown[]): unknown {
      return tracedCall(original, this, args, () => plan(this, args), log);
    };
  }

  instrumentManually(moduleOrClient: unknown): number {
    const client = clientInstance(moduleOrClient);
    if (!client) return 0;
    return this.instrumentResources([
      [(client.chat as Json | undefined)?.completions, OPENAI_TARGETS.chat],
      [client.responses, OPENAI_TARGETS.responses],
      [client.embeddings, OPENAI_TARGETS.embeddings],
      [client.completions, OPENAI_TARGETS.completions],
    ]);
  }
}

/**
 * A client instance from a client instance, a client class (`OpenAI`, `AzureOpenAI`) or the module
 * (CommonJS exports or an ESM namespace). For a class, a probe client is made: constructing one
 * sends nothing and reaches the resource prototypes that every client of that class set shares.
 */
function clientInstance(value: unknown): Json | undefined {
  const v = value as Json | null | undefined;
  if (v && typeof v === 'object' && typeof v.chat === 'object') return v;
  const cls = typeof value === 'function' ? value : (v?.OpenAI ?? v?.default);
  if (typeof cls !== 'function') return undefined;
  const Client = cls as new (options: Json) => Json;
  // `apiVersion` lets an `AzureOpenAI` class be given too; `OpenAI` ignores it.
  return new Client({ apiKey: 'agentsight-probe', baseURL: 'http://127.0.0.1:9/v1', apiVersion: '2024-10-21' });
}
