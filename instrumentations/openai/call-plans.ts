/**
 * One `CallPlan` maker per wrapped `create` method: what the span records about the request,
 * whether the SDK is called with other arguments (the chat stream usage request), and how the
 * result or the stream chunks map back. The mapping itself lives in the `*-mapping.ts` files.
 */
import type { Attributes } from '@opentelemetry/api';
import { currentRuntime } from '../../src/runtime';
import { GEN_AI_OPERATION } from '../../src/semconv';
import { isObject, maybe, obj, str, type Json } from '../../src/json-values';
import { roughTokenCount, type LlmRequest } from '../base/llm-call';
import type { CallPlan } from '../base/traced-call';
import { chatInputMessages, chatRequestAttributes, chatResponse, chatStreamMapper } from './chat-mapping';
import { completionsInputMessages, completionsResponse, completionsStreamMapper } from './completions-mapping';
import { embeddingsRequestAttributes, embeddingsResponse } from './embeddings-mapping';
import {
  responsesInputMessages,
  responsesRequestAttributes,
  responsesResponse,
  responsesStreamMapper,
  responsesSystemInstructions,
} from './responses-mapping';
import { serverInfo, type ServerInfo } from './server';

/** Makes the plan of one call of a resource's `create` from its arguments; `undefined`: not traced. */
export type PlanMaker = (resource: unknown, args: unknown[]) => CallPlan | undefined;

interface Resource {
  _client?: { baseURL?: unknown; constructor?: { name?: string } };
}

/** Per client: its base URL when last seen, and the server it gave (a client rarely changes it). */
const servers = new WeakMap<object, { baseURL: unknown; server: ServerInfo }>();

/** The server a resource's client talks to (the client's base URL; `AzureOpenAI` by its class). */
function serverOf(resource: unknown): ServerInfo {
  const client = (resource as Resource | null)?._client;
  if (!client) return serverInfo(undefined);
  const known = servers.get(client);
  if (known && known.baseURL === client.baseURL) return known.server;
  const server = serverInfo(client.baseURL, client.constructor?.name);
  servers.set(client, { baseURL: client.baseURL, server });
  return server;
}

/** `prompt` picks the request's prompt out of the body, for the running cost under a budget. */
function request(
  server: ServerInfo,
  operation: string,
  body: Json,
  attributes: Attributes,
  content: LlmRequest['content'],
  prompt: () => unknown,
): LlmRequest {
  return {
    provider: server.provider,
    operation,
    model: str(body.model),
    ...maybe('serverAddress', server.address),
    ...maybe('serverPort', server.port),
    attributes,
    ...(content ? { content } : {}),
    estimateInputTokens: () => roughTokenCount(prompt()),
  };
}

/** Whether to ask a chat stream for usage the caller did not ask for (`openaiStreamUsage`). */
function addStreamUsage(body: Json, server: ServerInfo): boolean {
  const options = body.stream_options;
  if (isObject(options) && options.include_usage !== undefined && options.include_usage !== null) return false;
  const mode = currentRuntime()?.config.openaiStreamUsage ?? 'auto';
  return mode === 'always' || (mode === 'auto' && server.isOpenAI);
}

/** `chat.completions.create` (and `parse`, `stream()`, `runTools`, which all call it). */
export const chatPlan: PlanMaker = (resource, args) => {
  const body = args[0];
  if (!isObject(body)) return undefined;
  const server = serverOf(resource);
  const stream = body.stream === true;
  const plan: CallPlan = {
    request: request(
      server,
      GEN_AI_OPERATION.CHAT,
      body,
      chatRequestAttributes(body),
      () => ({ inputMessages: chatInputMessages(body.messages) }),
      () => body.messages,
    ),
    response: chatResponse,
  };
  if (!stream) return plan;
  if (!addStreamUsage(body, server)) return { ...plan, stream: () => chatStreamMapper(false) };

  // The caller's body is left as it is: the SDK gets a copy that also asks for usage.
  const sent: Json = { ...body, stream_options: { ...obj(body.stream_options), include_usage: true } };
  let hideUsage = true;
  // The SDK serializes the body after at least one microtask: until then the request can be undone.
  let unsent = true;
  queueMicrotask(() => (unsent = false));
  return {
    ...plan,
    args: [sent, ...args.slice(1)],
    stream: () => chatStreamMapper(hideUsage),
    // A caller reading the raw body (`asResponse()`) must get the body it asked for.
    onRawRequested() {
      if (!unsent) return;
      if ('stream_options' in body) sent.stream_options = body.stream_options;
      else delete sent.stream_options;
      hideUsage = false;
    },
  };
};

/** `responses.create` (and `parse`, `stream()`, which call it). */
export const responsesPlan: PlanMaker = (resource, args) => {
  const body = args[0];
  if (!isObject(body)) return undefined;
  const content = (): ReturnType<NonNullable<LlmRequest['content']>> => ({
    systemInstructions: responsesSystemInstructions(body.instructions),
    inputMessages: responsesInputMessages(body.input),
  });
  return {
    request: request(serverOf(resource), GEN_AI_OPERATION.CHAT, body, responsesRequestAttributes(body), content, () => [
      body.instructions,
      body.input,
    ]),
    response: responsesResponse,
    ...(body.stream === true ? { stream: responsesStreamMapper } : {}),
  };
};

/** `embeddings.create`. */
export const embeddingsPlan: PlanMaker = (resource, args) => {
  const body = args[0];
  if (!isObject(body)) return undefined;
  return {
    request: request(serverOf(resource), GEN_AI_OPERATION.EMBEDDINGS, body, embeddingsRequestAttributes(body), undefined, () => body.input),
    response: embeddingsResponse,
  };
};

/** The legacy `completions.create`. */
export const completionsPlan: PlanMaker = (resource, args) => {
  const body = args[0];
  if (!isObject(body)) return undefined;
  return {
    request: request(
      serverOf(resource),
      GEN_AI_OPERATION.TEXT_COMPLETION,
      body,
      chatRequestAttributes(body),
      () => ({ inputMessages: completionsInputMessages(body.prompt) }),
      () => body.prompt,
    ),
    response: completionsResponse,
    ...(body.stream === true ? { stream: completionsStreamMapper } : {}),
  };
};
