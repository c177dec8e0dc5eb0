/**
 * The OpenAI provider: wraps the `create` methods listed in `spec.ts` and maps each call through
 * the neutral recorder. Nothing else lives here: mapping is in `*-mapping.ts`.
 */
import { currentRuntime } from '../../src/runtime';
import { GEN_AI_OPERATION } from '../../src/semconv';
import { BaseInstrumentation, type PatchTarget, type ProviderSpec } from '../base/base-instrumentation';
import { tracedCall, type CallPlan } from '../base/traced-call';
import { chatInputMessages, chatRequestAttributes, chatResponse, chatStreamMapper } from './chat-mapping';
import { OPENAI_SPEC, OPENAI_TARGETS } from './spec';
import { serverInfo, type ServerInfo } from './server';

type Method = (...args: unknown[]) => unknown;
type Json = Record<string, unknown>;

interface Resource {
  _client?: { baseURL?: unknown; constructor?: { name?: string } };
}

function serverOf(resource: unknown): ServerInfo {
  const client = (resource as Resource | null)?._client;
  return serverInfo(client?.baseURL, client?.constructor?.name);
}

/** Whether to ask a chat stream for usage the caller did not ask for. */
function addStreamUsage(body: Json, server: ServerInfo): boolean {
  const options = body.stream_options as Json | undefined | null;
  if (options?.include_usage !== undefined && options.include_usage !== null) return false;
  const mode = currentRuntime()?.config.openaiStreamUsage ?? 'auto';
  return mode === 'always' || (mode === 'auto' && server.isOpenAI);
}

function chatPlan(resource: unknown, args: unknown[]): CallPlan | undefined {
  const body = args[0];
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as Json;
  const server = serverOf(resource);
  const stream = b.stream === true;
  const hideUsage = stream && addStreamUsage(b, server);
  return {
    request: {
      provider: server.provider,
      operation: GEN_AI_OPERATION.CHAT,
      model: typeof b.model === 'string' ? b.model : undefined,
      ...(server.address !== undefined ? { serverAddress: server.address } : {}),
      ...(server.port !== undefined ? { serverPort: server.port } : {}),
      attributes: chatRequestAttributes(b),
      content: () => ({ inputMessages: chatInputMessages(b.messages) }),
    },
    ...(hideUsage ? { args: [{ ...b, stream_options: { ...(b.stream_options as Json | undefined), include_usage: true } }, ...args.slice(1)] } : {}),
    response: chatResponse,
    ...(stream ? { stream: () => chatStreamMapper(hideUsage) } : {}),
  };
}

export class OpenAIInstrumentation extends BaseInstrumentation {
  constructor() {
    super('openai');
  }

  spec(): ProviderSpec {
    return OPENAI_SPEC;
  }

  protected wrapMethod(original: Method, target: PatchTarget): Method {
    const log = this.log;
    const plan = target === OPENAI_TARGETS.chat || target === OPENAI_TARGETS.chatLegacyPath ? chatPlan : undefined;
    if (!plan) return original;
    return function (this: unknown, ...args: unknown[]): unknown {
      return tracedCall(original, this, args, () => plan(this, args), log);
    };
  }

  instrumentManually(moduleOrClient: unknown): number {
    const client = clientInstance(moduleOrClient);
    if (!client) return 0;
    let count = 0;
    const resources: Array<[unknown, PatchTarget]> = [
      [(client.chat as Json | undefined)?.completions, OPENAI_TARGETS.chat],
      [client.responses, OPENAI_TARGETS.responses],
      [client.embeddings, OPENAI_TARGETS.embeddings],
      [client.completions, OPENAI_TARGETS.completions],
    ];
    for (const [resource, target] of resources) {
      const proto = typeof resource === 'object' && resource !== null ? Object.getPrototypeOf(resource) : undefined;
      if (proto) count += this.instrumentPrototype(proto as Record<string, unknown>, target);
    }
    return count;
  }
}

/** A client instance from a module, a client class or an instance (a probe client for a class). */
function clientInstance(value: unknown): Json | undefined {
  const v = value as Json | null | undefined;
  if (v && typeof v === 'object' && typeof v.chat === 'object') return v;
  const cls = typeof value === 'function' ? value : (v?.OpenAI ?? v?.default);
  if (typeof cls !== 'function') return undefined;
  // Constructing a client has no side effect; it reaches the resource prototypes.
  const Client = cls as new (options: Json) => Json;
  return new Client({ apiKey: 'agentsight-probe', baseURL: 'http://127.0.0.1:9/v1' });
}
