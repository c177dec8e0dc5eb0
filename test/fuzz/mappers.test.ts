/**
 * Property-based tests of the provider mappings, called directly (fast, many cases): whatever a
 * provider answers or streams and whatever a caller passes, mapping never throws, every attribute
 * it makes is a valid attribute value, token counts are numbers, and the content it builds can be
 * serialized within the cap. Fixed seed; `FUZZ_RUNS` runs more (see test/support/fuzz.ts).
 */
import type { Attributes } from '@opentelemetry/api';
import { isAttributeValue } from '@opentelemetry/core';
import fc from 'fast-check';
import * as anthropicPlans from '../../instrumentations/anthropic/call-plans';
import { messageResponse } from '../../instrumentations/anthropic/messages-mapping';
import { messagesStreamMapper } from '../../instrumentations/anthropic/stream-mapping';
import type { LlmResponse } from '../../instrumentations/base/llm-call';
import type { StreamMapper } from '../../instrumentations/base/stream-observer';
import type { CallPlan } from '../../instrumentations/base/traced-call';
import * as openaiPlans from '../../instrumentations/openai/call-plans';
import { chatResponse, chatStreamMapper } from '../../instrumentations/openai/chat-mapping';
import { completionsResponse, completionsStreamMapper } from '../../instrumentations/openai/completions-mapping';
import { embeddingsResponse } from '../../instrumentations/openai/embeddings-mapping';
import { responsesResponse, responsesStreamMapper } from '../../instrumentations/openai/responses-mapping';
import { messagesToCappedJson } from '../../src/content/capped-json';
import { fuzzParameters } from '../support/fuzz';
import {
  anyJson,
  chatChunk,
  chatCompletion,
  completion,
  embeddings,
  message,
  messageEvent,
  response,
  responseEvent,
  shape,
  text,
  userValue,
} from './arbitraries';

const CAP = 4096;

/** What must hold of any mapped response. */
function checkResponse(mapped: LlmResponse): void {
  for (const [key, value] of Object.entries(mapped.attributes ?? {})) {
    if (!isAttributeValue(value)) throw new Error(`attribute ${key} is not an attribute value: ${String(value)}`);
  }
  if (mapped.finishReasons !== undefined) expect(mapped.finishReasons.every((r) => typeof r === 'string')).toBe(true);
  for (const id of [mapped.id, mapped.model]) if (id !== undefined) expect(typeof id).toBe('string');
  if (mapped.usage) for (const n of Object.values(mapped.usage)) expect(Number.isFinite(n)).toBe(true);
  const content = messagesToCappedJson(mapped.outputMessages?.() ?? [], CAP, true);
  expect(typeof content).toBe('string');
  expect(content!.length).toBeLessThanOrEqual(CAP);
}

/** Feeds `events` to a stream mapper, then asks for its result and its in-band failure. */
function checkStream(mapper: StreamMapper<unknown>, events: unknown[]): void {
  for (const event of events) {
    const shown = mapper.onChunk(event);
    expect(shown === undefined || typeof shown === 'boolean').toBe(true);
  }
  checkResponse(mapper.result());
  const failure = mapper.failure?.();
  if (failure) expect(failure.error).toBeInstanceOf(Error);
}

/** What must hold of a plan made from any request body. */
function checkPlan(plan: CallPlan | undefined): void {
  if (!plan) return;
  const attributes: Attributes = plan.request.attributes;
  for (const value of Object.values(attributes)) expect(isAttributeValue(value)).toBe(true);
  const tokens = plan.request.estimateInputTokens?.() ?? 0;
  expect(Number.isFinite(tokens) && tokens >= 0).toBe(true);
  const prompt = plan.request.content?.();
  if (prompt) {
    for (const part of [prompt.systemInstructions, prompt.inputMessages]) {
      const json = messagesToCappedJson(part ?? [], CAP, true);
      expect(json!.length).toBeLessThanOrEqual(CAP);
    }
  }
}

describe('OpenAI mappings, on odd responses and streams', () => {
  it('Chat Completions: missing usage, null or empty choices, fields of any type', () => {
    fc.assert(
      fc.property(fc.oneof(chatCompletion, anyJson), (data) => checkResponse(chatResponse(data))),
      fuzzParameters(500),
    );
  });

  it('Chat Completions streams: unknown chunks, tool-call deltas out of order, no final chunk', () => {
    fc.assert(
      fc.property(fc.array(chatChunk, { maxLength: 25 }), fc.boolean(), (chunks, hideUsage) => {
        checkStream(chatStreamMapper(hideUsage), chunks);
      }),
      fuzzParameters(500),
    );
  });

  it('Responses: any status, any output items; streams of any events in any order', () => {
    fc.assert(
      fc.property(fc.oneof(response, anyJson), (data) => checkResponse(responsesResponse(data))),
      fuzzParameters(500),
    );
    fc.assert(
      fc.property(fc.array(responseEvent, { maxLength: 25 }), (events) => checkStream(responsesStreamMapper(), events)),
      fuzzParameters(500),
    );
  });

  it('legacy Completions and Embeddings', () => {
    fc.assert(
      fc.property(fc.oneof(completion, anyJson), (data) => checkResponse(completionsResponse(data))),
      fuzzParameters(500),
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(completion, anyJson), { maxLength: 20 }), (chunks) => checkStream(completionsStreamMapper(), chunks)),
      fuzzParameters(500),
    );
    fc.assert(
      fc.property(fc.oneof(embeddings, anyJson), (data) => checkResponse(embeddingsResponse(data))),
      fuzzParameters(500),
    );
  });
});

describe('Anthropic mappings, on odd messages and streams', () => {
  it('Messages: blocks of any type, content as text or blocks, usage of any shape', () => {
    fc.assert(
      fc.property(fc.oneof(message, anyJson), (data) => checkResponse(messageResponse(data))),
      fuzzParameters(500),
    );
  });

  it('streams: deltas before their block, unknown events, no message_stop; the running cost sees only numbers', () => {
    fc.assert(
      fc.property(fc.array(messageEvent, { maxLength: 25 }), (events) => {
        const reported: unknown[] = [];
        checkStream(messagesStreamMapper({ progress: (usage) => reported.push(usage) }), events);
        for (const usage of reported) for (const n of Object.values(usage as object)) expect(Number.isFinite(n)).toBe(true);
      }),
      fuzzParameters(500),
    );
  });
});

describe('request mappings, on odd user arguments', () => {
  /** A request body with the fields the plans read, each holding anything a caller might pass. */
  const body = shape({
    model: fc.oneof(fc.string({ maxLength: 20 }), userValue),
    messages: fc.oneof(
      fc.array(
        shape({ role: fc.constantFrom('user', 'assistant', 'tool', 'system'), content: fc.oneof(text, userValue), tool_calls: userValue }),
        {
          maxLength: 4,
        },
      ),
      userValue,
    ),
    system: fc.oneof(text, userValue),
    instructions: fc.oneof(text, userValue),
    input: fc.oneof(text, userValue),
    prompt: fc.oneof(text, userValue),
    tools: userValue,
    stream: fc.oneof(fc.boolean(), userValue),
    stream_options: userValue,
    max_tokens: userValue,
    temperature: userValue,
    stop: userValue,
    stop_sequences: userValue,
    thinking: userValue,
    requests: userValue,
    response_format: userValue,
  });
  const args = fc.tuple(fc.oneof({ weight: 8, arbitrary: body }, { weight: 1, arbitrary: userValue }), userValue);

  it.each([
    ['openai chat', openaiPlans.chatPlan],
    ['openai responses', openaiPlans.responsesPlan],
    ['openai embeddings', openaiPlans.embeddingsPlan],
    ['openai completions', openaiPlans.completionsPlan],
    ['anthropic messages', anthropicPlans.chatPlan],
    ['anthropic count tokens', anthropicPlans.countTokensPlan],
    ['anthropic batches', anthropicPlans.batchPlan],
  ])('%s: cycles, BigInt, functions and huge prompts never break the plan', (_name, plan) => {
    fc.assert(
      fc.property(args, ([request, options]) => checkPlan(plan(undefined, [request, options]))),
      fuzzParameters(300),
    );
  });
});
