/**
 * How each traced Anthropic method becomes one LLM span: a `CallPlan` per kind of call.
 * - Messages (`create`, JSON or `stream: true`; `stream()`, `parse` and the tool runner go through
 *   `create`): operation `chat`, usage and cost, content.
 * - `countTokens`: operation `count_tokens`; the count is an attribute, not usage (nothing is
 *   generated or billed), so the call has no cost.
 * - `batches.create`: operation `create_batch`, a span for the submission; its requests run later,
 *   outside this process's view, so it has no usage either.
 */
import type { Attributes } from '@opentelemetry/api';
import {
  AGENTSIGHT_OPERATION,
  ATTR_AGENTSIGHT_BATCH_REQUEST_COUNT,
  ATTR_AGENTSIGHT_COUNT_TOKENS_INPUT_TOKENS,
  GEN_AI_OPERATION,
} from '../../src/semconv';
import { isObject, maybe, num, str, type Json } from '../../src/json-values';
import { roughTokenCount, type LlmCall, type LlmRequest, type LlmResponse } from '../base/llm-call';
import type { CallPlan } from '../base/traced-call';
import { inputMessages, systemParts } from './content-blocks';
import { messageResponse, messagesRequestAttributes } from './messages-mapping';
import { serverOf } from './provider';
import { messagesStreamMapper } from './stream-mapping';

/** Makes the plan of one call of a resource's method from its arguments; `undefined`: not traced. */
export type PlanMaker = (resource: unknown, args: unknown[]) => CallPlan | undefined;

function request(resource: unknown, operation: string, model: string | undefined, attributes: Attributes): LlmRequest {
  const server = serverOf(resource);
  return {
    provider: server.provider,
    operation,
    model,
    ...maybe('serverAddress', server.address),
    ...maybe('serverPort', server.port),
    attributes,
  };
}

/** The request record of a Messages call (also what a stream helper starts its call with). */
export function chatRequest(resource: unknown, body: Json): LlmRequest {
  return {
    ...request(resource, GEN_AI_OPERATION.CHAT, str(body.model), messagesRequestAttributes(body)),
    content: () => ({ systemInstructions: systemParts(body.system), inputMessages: inputMessages(body.messages) }),
    estimateInputTokens: () => roughTokenCount([body.system, body.messages]),
  };
}

/** `messages.create` (and beta). */
export function chatPlan(resource: unknown, args: unknown[]): CallPlan | undefined {
  const body = args[0];
  if (!isObject(body)) return undefined;
  return {
    request: chatRequest(resource, body),
    response: messageResponse,
    ...(body.stream === true ? { stream: (call: LlmCall) => messagesStreamMapper(call) } : {}),
  };
}

function countTokensResponse(data: unknown): LlmResponse {
  const count = isObject(data) ? num(data.input_tokens) : undefined;
  return count === undefined ? {} : { attributes: { [ATTR_AGENTSIGHT_COUNT_TOKENS_INPUT_TOKENS]: count } };
}

/** `messages.countTokens` (and beta). */
export function countTokensPlan(resource: unknown, args: unknown[]): CallPlan | undefined {
  const body = args[0];
  if (!isObject(body)) return undefined;
  return {
    request: request(resource, AGENTSIGHT_OPERATION.COUNT_TOKENS, str(body.model), {}),
    response: countTokensResponse,
  };
}

/** The one model every request of a batch names, if they agree. */
function batchModel(requests: unknown[]): string | undefined {
  const models = new Set(requests.map((r) => (isObject(r) && isObject(r.params) ? str(r.params.model) : undefined)));
  const [only] = models;
  return models.size === 1 ? only : undefined;
}

function batchResponse(data: unknown): LlmResponse {
  return isObject(data) && str(data.id) ? { id: str(data.id) } : {};
}

/** `messages.batches.create` (and beta). */
export function batchPlan(resource: unknown, args: unknown[]): CallPlan | undefined {
  const body = args[0];
  if (!isObject(body)) return undefined;
  const requests = Array.isArray(body.requests) ? body.requests : [];
  return {
    request: request(resource, AGENTSIGHT_OPERATION.CREATE_BATCH, batchModel(requests), {
      [ATTR_AGENTSIGHT_BATCH_REQUEST_COUNT]: requests.length,
    }),
    response: batchResponse,
  };
}
