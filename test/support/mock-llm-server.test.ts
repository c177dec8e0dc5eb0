/**
 * Proves the mock LLM server against the REAL SDK packages (openai v4–v7, @anthropic-ai/sdk 0.30,
 * 0.137 and 1.x): if an SDK can parse it, later instrumentation tests can trust it.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';
import OpenAI4 from 'openai-4';
import OpenAI5 from 'openai-5';
import OpenAI6 from 'openai-6';
import OpenAI7 from 'openai-7';
import type OpenAI from 'openai-7';
import Anthropic030 from 'anthropic-0.30';
import Anthropic0137 from 'anthropic-0.137';
import Anthropic1 from 'anthropic-1';
import type Anthropic from 'anthropic-1';
import { countMockTokens, mockEmbedding, mockPromptTokens, scenarioHeader, sseBytes, startMockLlmServer } from './mock-llm-server';
import type { MockLlmServer, MockScenario } from './mock-llm-server';

type RequestOptions = { headers?: Record<string, string>; signal?: AbortSignal; maxRetries?: number };
interface ApiPromiseLike<T> extends Promise<T> {
  withResponse(): Promise<{ data: T; response: { headers: { get(name: string): string | null } } }>;
}
/** The slice of the OpenAI client used here; every version's client matches it at runtime. */
interface OpenAIClient {
  chat: { completions: { create(body: object, options?: RequestOptions): ApiPromiseLike<unknown> } };
  responses: {
    create(body: object, options?: RequestOptions): ApiPromiseLike<unknown>;
    stream(body: object, options?: RequestOptions): { finalResponse(): Promise<OpenAI.Responses.Response> };
  };
  embeddings: { create(body: object, options?: RequestOptions): ApiPromiseLike<unknown> };
  completions: { create(body: object, options?: RequestOptions): ApiPromiseLike<unknown> };
}
interface SdkModule {
  APIError: abstract new (...args: never[]) => Error;
  InternalServerError: abstract new (...args: never[]) => Error;
  RateLimitError: abstract new (...args: never[]) => Error;
}

const OPENAI_SDKS: [string, SdkModule, (baseURL: string, maxRetries: number) => OpenAIClient][] = [
  ['openai-4', OpenAI4, (baseURL, maxRetries) => new OpenAI4({ apiKey: 'sk-test', baseURL, maxRetries }) as unknown as OpenAIClient],
  ['openai-5', OpenAI5, (baseURL, maxRetries) => new OpenAI5({ apiKey: 'sk-test', baseURL, maxRetries }) as unknown as OpenAIClient],
  ['openai-6', OpenAI6, (baseURL, maxRetries) => new OpenAI6({ apiKey: 'sk-test', baseURL, maxRetries }) as unknown as OpenAIClient],
  ['openai-7', OpenAI7, (baseURL, maxRetries) => new OpenAI7({ apiKey: 'sk-test', baseURL, maxRetries }) as unknown as OpenAIClient],
];

/** The slice of the Anthropic client used here. */
interface AnthropicClient {
  messages: {
    create(body: object, options?: RequestOptions): ApiPromiseLike<unknown>;
    stream(
      body: object,
      options?: RequestOptions,
    ): AsyncIterable<Anthropic.MessageStreamEvent> & { finalMessage(): Promise<Anthropic.Message> };
  };
}
const ANTHROPIC_SDKS: [string, SdkModule, (baseURL: string, maxRetries: number) => AnthropicClient][] = [
  [
    'anthropic-0.30',
    Anthropic030,
    (baseURL, maxRetries) => new Anthropic030({ apiKey: 'sk-ant-test', baseURL, maxRetries }) as unknown as AnthropicClient,
  ],
  [
    'anthropic-0.137',
    Anthropic0137,
    (baseURL, maxRetries) => new Anthropic0137({ apiKey: 'sk-ant-test', baseURL, maxRetries }) as unknown as AnthropicClient,
  ],
  [
    'anthropic-1',
    Anthropic1,
    (baseURL, maxRetries) => new Anthropic1({ apiKey: 'sk-ant-test', baseURL, maxRetries }) as unknown as AnthropicClient,
  ],
];

const WEATHER_TOOL = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } } },
  },
};
const ANTHROPIC_WEATHER_TOOL = {
  name: 'get_weather',
  description: 'Weather for a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } } },
};
const USER_HELLO = [{ role: 'user' as const, content: 'Say hello to the tests' }]; // 5 prompt tokens

let server: MockLlmServer;
beforeAll(async () => {
  server = await startMockLlmServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream) items.push(item);
  return items;
}

function withScenario(scenario: MockScenario): RequestOptions {
  return { headers: scenarioHeader(scenario) };
}

describe('token rule', () => {
  it('counts words of prompt text, including text parts and tool results, but not roles or arguments', () => {
    expect(countMockTokens('  one two\nthree  ')).toBe(3);
    expect(
      mockPromptTokens({
        system: 'Be brief',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is the weather?' },
              { type: 'image_url', image_url: { url: 'x y z' } },
            ],
          },
          { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', function: { name: 'f', arguments: '{"a": 1}' } }] },
          { role: 'tool', tool_call_id: 'call_1', content: 'Sunny and warm' },
        ],
      }),
    ).toBe(2 + 4 + 3);
    expect(mockPromptTokens({ input: [{ type: 'function_call_output', call_id: 'c', output: 'twenty degrees' }] })).toBe(2);
    expect(mockPromptTokens({})).toBe(1);
  });
});

describe.each(OPENAI_SDKS)('%s against the mock', (_name, sdk, makeClient) => {
  let client: OpenAIClient;
  beforeAll(() => {
    client = makeClient(server.openaiBaseURL, 0);
  });

  it('chat completion JSON: resolved model, n choices, exact usage, request id header', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: USER_HELLO, n: 2 }, withScenario({ usage: { cachedTokens: 3, reasoningTokens: 2 } }))
      .withResponse();
    const completion = data as OpenAI.ChatCompletion;
    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe('gpt-4o-mini-2024-07-18');
    expect(completion.system_fingerprint).toMatch(/^fp_/);
    expect(completion.service_tier).toBe('default');
    expect(completion.choices.map((c) => [c.index, c.message.content, c.finish_reason])).toEqual([
      [0, 'Hello from the mock LLM server.', 'stop'],
      [1, 'Hello from the mock LLM server.', 'stop'],
    ]);
    expect(completion.usage).toMatchObject({
      prompt_tokens: 5,
      completion_tokens: 2 * 6 + 2,
      total_tokens: 5 + 14,
      prompt_tokens_details: { cached_tokens: 3 },
      completion_tokens_details: { reasoning_tokens: 2 },
    });
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    const [recorded] = server.requests;
    expect(recorded).toMatchObject({ method: 'POST', path: '/v1/chat/completions', body: { model: 'gpt-4o-mini', n: 2 } });
    expect(recorded?.headers.authorization).toBe('Bearer sk-test');
  });

  it('chat tool calls JSON, then text once the last message is a tool result', async () => {
    const scenario = withScenario({
      toolCalls: [
        { name: 'get_weather', arguments: { city: 'Paris' } },
        { name: 'get_weather', arguments: { city: 'Oslo' } },
      ],
    });
    const first = (await client.chat.completions.create(
      { model: 'gpt-4o', messages: USER_HELLO, tools: [WEATHER_TOOL] },
      scenario,
    )) as OpenAI.ChatCompletion;
    const choice = first.choices[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    expect(choice?.message.content).toBeNull();
    const calls = (choice?.message.tool_calls ?? []) as OpenAI.ChatCompletionMessageFunctionToolCall[];
    expect(calls.map((c) => [c.type, c.function.name, JSON.parse(c.function.arguments)])).toEqual([
      ['function', 'get_weather', { city: 'Paris' }],
      ['function', 'get_weather', { city: 'Oslo' }],
    ]);
    const toolResults = calls.map((c) => ({ role: 'tool', tool_call_id: c.id, content: 'Sunny' }));
    const second = (await client.chat.completions.create(
      { model: 'gpt-4o', messages: [...USER_HELLO, choice?.message, ...toolResults], tools: [WEATHER_TOOL] },
      scenario,
    )) as OpenAI.ChatCompletion;
    expect(second.choices[0]?.finish_reason).toBe('stop');
    expect(second.choices[0]?.message.content).toBe('Hello from the mock LLM server.');
    expect(second.usage?.prompt_tokens).toBe(5 + 2);
  });

  it('chat stream with include_usage: usage null on every chunk, then a choices-less usage chunk', async () => {
    const stream = (await client.chat.completions.create(
      { model: 'gpt-4o-mini', messages: USER_HELLO, stream: true, stream_options: { include_usage: true } },
      withScenario({ chunks: 50 }),
    )) as AsyncIterable<OpenAI.ChatCompletionChunk>;
    const chunks = await collect(stream);
    const contentChunks = chunks.filter((c) => c.choices[0]?.delta.content);
    expect(contentChunks).toHaveLength(50);
    expect(chunks[0]?.choices[0]?.delta).toMatchObject({ role: 'assistant', content: '' });
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
    const finish = chunks.at(-2);
    expect(finish?.choices[0]?.finish_reason).toBe('stop');
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage).toMatchObject({ prompt_tokens: 5, completion_tokens: 50, total_tokens: 55 });
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
  });

  it('chat stream without include_usage has no usage field at all', async () => {
    const stream = (await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: USER_HELLO,
      stream: true,
    })) as AsyncIterable<OpenAI.ChatCompletionChunk>;
    const chunks = await collect(stream);
    expect(chunks).toHaveLength(1 + 6 + 1);
    expect(chunks.some((c) => 'usage' in c)).toBe(false);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('Hello from the mock LLM server.');
  });

  it('responses JSON: output_text and usage details', async () => {
    const response = (await client.responses.create(
      { model: 'gpt-4.1', input: 'Say hello to the tests', instructions: 'Be nice' },
      withScenario({ usage: { cachedTokens: 4, reasoningTokens: 3 } }),
    )) as OpenAI.Responses.Response;
    expect(response.object).toBe('response');
    expect(response.status).toBe('completed');
    expect(response.model).toBe('gpt-4.1-2025-04-14');
    expect(response.output_text).toBe('Hello from the mock LLM server.');
    expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'message']);
    expect(response.usage).toEqual({
      input_tokens: 7,
      input_tokens_details: { cached_tokens: 4 },
      output_tokens: 6 + 3,
      output_tokens_details: { reasoning_tokens: 3 },
      total_tokens: 16,
    });
  });

  it('responses stream: the real event sequence, and the SDK helper finalResponse()', async () => {
    const stream = (await client.responses.create(
      { model: 'gpt-4.1', input: 'Say hello', stream: true },
      withScenario({ chunks: 3, text: 'abcdefghi' }),
    )) as AsyncIterable<OpenAI.Responses.ResponseStreamEvent>;
    const events = await collect(stream);
    expect(events.map((e) => e.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    const completed = events.at(-1) as OpenAI.Responses.ResponseCompletedEvent;
    expect(completed.response.usage).toMatchObject({
      input_tokens: 2,
      output_tokens: 1,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens_details: { reasoning_tokens: 0 },
    });

    // Only openai >= 6 adds the output_text convenience field to the stream helper's final response.
    const final = await client.responses
      .stream({ model: 'gpt-4.1', input: 'Say hello' }, withScenario({ usage: { cachedTokens: 1 } }))
      .finalResponse();
    const [message] = final.output as OpenAI.Responses.ResponseOutputMessage[];
    expect(message?.content).toMatchObject([{ type: 'output_text', text: 'Hello from the mock LLM server.', annotations: [] }]);
    expect(final.usage?.input_tokens_details.cached_tokens).toBe(1);
  });

  it('responses function calls, streamed and reassembled by finalResponse()', async () => {
    const tools = [{ type: 'function', name: 'get_weather', parameters: { type: 'object', properties: {} }, strict: false }];
    const final = await client.responses
      .stream(
        { model: 'gpt-4.1', input: 'Weather?', tools },
        withScenario({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris', unit: 'celsius' } }] }),
      )
      .finalResponse();
    const call = final.output[0] as OpenAI.Responses.ResponseFunctionToolCall;
    expect(call).toMatchObject({ type: 'function_call', name: 'get_weather', status: 'completed' });
    expect(JSON.parse(call.arguments)).toEqual({ city: 'Paris', unit: 'celsius' });
    expect(call.call_id).toMatch(/^call_/);
  });

  it('embeddings: default (base64 on the wire) decodes to the exact floats; float format too', async () => {
    const decoded = (await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: ['alpha beta', 'gamma'],
      dimensions: 8,
    })) as OpenAI.CreateEmbeddingResponse;
    expect(server.requests[0]?.body).toMatchObject({ encoding_format: 'base64' });
    expect(decoded.data.map((d) => d.embedding)).toEqual([mockEmbedding('alpha beta', 8), mockEmbedding('gamma', 8)]);
    expect(decoded.usage).toEqual({ prompt_tokens: 3, total_tokens: 3 });

    const floats = (await client.embeddings.create({
      model: 'text-embedding-3-large',
      input: 'alpha beta',
      encoding_format: 'float',
    })) as OpenAI.CreateEmbeddingResponse;
    expect(floats.data[0]?.embedding).toEqual(mockEmbedding('alpha beta', 3072));
  });

  it('legacy completions: JSON and stream', async () => {
    const completion = (await client.completions.create({
      model: 'gpt-3.5-turbo-instruct',
      prompt: 'Once upon a time',
    })) as OpenAI.Completion;
    expect(completion).toMatchObject({ object: 'text_completion', model: 'gpt-3.5-turbo-instruct:20230824-v2' });
    expect(completion.choices[0]).toMatchObject({ text: 'Hello from the mock LLM server.', finish_reason: 'stop' });
    expect(completion.usage).toEqual({ prompt_tokens: 4, completion_tokens: 6, total_tokens: 10 });

    const stream = (await client.completions.create({
      model: 'gpt-3.5-turbo-instruct',
      prompt: 'Once upon a time',
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 3,
    })) as AsyncIterable<OpenAI.Completion>;
    const chunks = await collect(stream);
    expect(chunks.map((c) => c.choices[0]?.text ?? '').join('')).toBe('Hello from the');
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('length');
    expect(chunks.at(-1)?.usage).toEqual({ prompt_tokens: 4, completion_tokens: 3, total_tokens: 7 });
  });

  it('retries a queued 429 (retry-after-ms) and then succeeds', async () => {
    const retrying = makeClient(server.openaiBaseURL, 2);
    server.enqueue({ status: 429, retryAfterMs: 1 }, { path: '/v1/chat/completions' });
    const completion = (await retrying.chat.completions.create({ model: 'gpt-4o-mini', messages: USER_HELLO })) as OpenAI.ChatCompletion;
    expect(completion.choices[0]?.message.content).toBe('Hello from the mock LLM server.');
    expect(server.requestsTo('/v1/chat/completions').map((r) => r.scenario.status)).toEqual([429, undefined]);
    expect(server.requests[1]?.headers['x-stainless-retry-count']).toBe('1');
  });

  it('surfaces a 500 as the SDK InternalServerError with the OpenAI error body', async () => {
    const error = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: USER_HELLO }, withScenario({ status: 500, errorMessage: 'boom' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(sdk.InternalServerError);
    expect(error).toBeInstanceOf(sdk.APIError);
    expect(error).toMatchObject({ status: 500, type: 'server_error', code: null });
    expect(String((error as Error).message)).toContain('boom');
  });

  it('a 429 with retries disabled is a RateLimitError with code rate_limit_exceeded', async () => {
    const error = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: USER_HELLO }, withScenario({ status: 429 }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(sdk.RateLimitError);
    expect(error).toMatchObject({ status: 429, code: 'rate_limit_exceeded', type: 'requests' });
  });

  it('a stream cut mid-way rejects the iteration', async () => {
    const stream = (await client.chat.completions.create(
      { model: 'gpt-4o-mini', messages: USER_HELLO, stream: true },
      withScenario({ cutAfterChunks: 3 }),
    )) as AsyncIterable<OpenAI.ChatCompletionChunk>;
    const received: OpenAI.ChatCompletionChunk[] = [];
    await expect(
      (async () => {
        for await (const chunk of stream) received.push(chunk);
      })(),
    ).rejects.toThrow();
    expect(received).toHaveLength(3);
  });

  it('a malformed 200 body rejects', async () => {
    await expect(
      client.chat.completions.create({ model: 'gpt-4o-mini', messages: USER_HELLO }, withScenario({ malformed: true })),
    ).rejects.toThrow();
  });

  it('an in-band stream error event surfaces as an APIError', async () => {
    const stream = (await client.chat.completions.create(
      { model: 'gpt-4o-mini', messages: USER_HELLO, stream: true },
      withScenario({ streamErrorAfterChunks: 2 }),
    )) as AsyncIterable<OpenAI.ChatCompletionChunk>;
    await expect(collect(stream)).rejects.toBeInstanceOf(sdk.APIError);
  });
});

describe('OpenAI streamed tool calls reassembled by the SDK stream helper', () => {
  const scenario: MockScenario = {
    toolCalls: [
      { name: 'get_weather', arguments: { city: 'Paris', unit: 'celsius' } },
      { name: 'get_time', arguments: { timezone: 'Europe/Oslo' } },
    ],
    argumentChunks: 4,
  };
  const body = {
    model: 'gpt-4o-mini',
    messages: [{ role: 'user' as const, content: 'Weather and time?' }],
    tools: [
      WEATHER_TOOL,
      { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: {} } } },
    ] as OpenAI.ChatCompletionTool[],
    stream_options: { include_usage: true },
  };
  const expectCalls = (completion: OpenAI.ChatCompletion): void => {
    const calls = (completion.choices[0]?.message.tool_calls ?? []) as OpenAI.ChatCompletionMessageFunctionToolCall[];
    expect(calls.map((c) => [c.function.name, JSON.parse(c.function.arguments)])).toEqual([
      ['get_weather', { city: 'Paris', unit: 'celsius' }],
      ['get_time', { timezone: 'Europe/Oslo' }],
    ]);
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(completion.usage?.completion_tokens).toBe(2);
  };

  it('openai-4: beta.chat.completions.stream().finalChatCompletion()', async () => {
    const client = new OpenAI4({ apiKey: 'sk-test', baseURL: server.openaiBaseURL });
    const stream = client.beta.chat.completions.stream(body as OpenAI4.ChatCompletionCreateParamsStreaming, withScenario(scenario));
    expectCalls((await stream.finalChatCompletion()) as unknown as OpenAI.ChatCompletion);
  });

  it.each([
    [
      'openai-5',
      (baseURL: string) =>
        new OpenAI5({ apiKey: 'sk-test', baseURL }).chat.completions
          .stream(body as OpenAI5.ChatCompletionCreateParamsStreaming, withScenario(scenario))
          .finalChatCompletion(),
    ],
    [
      'openai-6',
      (baseURL: string) =>
        new OpenAI6({ apiKey: 'sk-test', baseURL }).chat.completions
          .stream(body as OpenAI6.ChatCompletionCreateParamsStreaming, withScenario(scenario))
          .finalChatCompletion(),
    ],
    [
      'openai-7',
      (baseURL: string) =>
        new OpenAI7({ apiKey: 'sk-test', baseURL }).chat.completions
          .stream(body as OpenAI7.ChatCompletionCreateParamsStreaming, withScenario(scenario))
          .finalChatCompletion(),
    ],
  ])('%s: chat.completions.stream().finalChatCompletion()', async (_name, run) => {
    expectCalls((await run(server.openaiBaseURL)) as unknown as OpenAI.ChatCompletion);
  });

  it('streams tool-call deltas with non-zero indexes, interleaved, arguments split over several chunks', async () => {
    const client = new OpenAI7({ apiKey: 'sk-test', baseURL: server.openaiBaseURL });
    const stream = await client.chat.completions.create(
      { ...body, stream: true },
      withScenario({
        ...scenario,
        interleaveToolCalls: true,
        toolCalls: [
          { name: 'get_weather', arguments: { city: 'Paris' }, index: 1 },
          { name: 'get_time', index: 2 },
        ],
      }),
    );
    const toolDeltas = (await collect(stream)).flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    expect(toolDeltas.map((d) => d.index)).toEqual([1, 2, 1, 2, 1, 2, 1, 2, 1, 2]);
    expect(toolDeltas[0]).toMatchObject({ index: 1, type: 'function', function: { name: 'get_weather', arguments: '' } });
    const argsOf = (index: number): string =>
      toolDeltas
        .filter((d) => d.index === index)
        .map((d) => d.function?.arguments ?? '')
        .join('');
    expect(JSON.parse(argsOf(1))).toEqual({ city: 'Paris' });
    expect(argsOf(2)).toBe('{}');
  });
});

describe.each(ANTHROPIC_SDKS)('%s against the mock', (name, sdk, makeClient) => {
  let client: AnthropicClient;
  beforeAll(() => {
    client = makeClient(server.anthropicBaseURL, 0);
  });
  const base = { model: 'claude-sonnet-4-0', max_tokens: 1024, messages: USER_HELLO };

  it('messages JSON: text, usage with cache fields, request-id header', async () => {
    const { data, response } = await client.messages
      .create({ ...base, system: 'Be brief' }, withScenario({ usage: { cachedTokens: 10, cacheCreationTokens: 4 } }))
      .withResponse();
    const message = data as Anthropic.Message;
    expect(message).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-20250514',
      stop_reason: 'end_turn',
      stop_sequence: null,
    });
    expect(message.content).toEqual([{ type: 'text', text: 'Hello from the mock LLM server.' }]);
    expect(message.usage).toMatchObject({ input_tokens: 7, output_tokens: 6, cache_read_input_tokens: 10, cache_creation_input_tokens: 4 });
    expect(response.headers.get('request-id')).toMatch(/^req_/);
    // anthropic 1.x sends the API key as a bearer token; older versions use x-api-key.
    const auth = name === 'anthropic-1' ? { authorization: 'Bearer sk-ant-test' } : { 'x-api-key': 'sk-ant-test' };
    expect(server.requests[0]?.headers).toMatchObject(auth);
    expect(server.requests[0]?.headers['anthropic-version']).toBeDefined();
  });

  it('messages.stream(): thinking, text and tool_use (input from input_json_delta) in the real event order', async () => {
    const stream = client.messages.stream(
      { ...base, tools: [ANTHROPIC_WEATHER_TOOL] },
      withScenario({
        thinking: 'The user wants weather',
        text: 'Let me check.',
        toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }],
        argumentChunks: 3,
      }),
    );
    const events = await collect(stream);
    const message = await stream.finalMessage();
    expect(events.map((e) => e.type)).toEqual([
      'message_start',
      'content_block_start',
      ...Array<string>(5).fill('content_block_delta'),
      'content_block_stop',
      'content_block_start',
      ...Array<string>(3).fill('content_block_delta'),
      'content_block_stop',
      'content_block_start',
      ...Array<string>(4).fill('content_block_delta'),
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    const deltaTypes = events.flatMap((e) => (e.type === 'content_block_delta' ? [e.delta.type] : []));
    expect(new Set(deltaTypes)).toEqual(new Set(['thinking_delta', 'signature_delta', 'text_delta', 'input_json_delta']));
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage).toMatchObject({ input_tokens: 5, output_tokens: 4 + 3 + 1 });
    const [thinking, text, toolUse] = message.content;
    if (name !== 'anthropic-0.30') {
      // 0.30 predates extended thinking: it keeps the block but does not apply thinking deltas.
      expect(thinking).toEqual({ type: 'thinking', thinking: 'The user wants weather', signature: expect.any(String) });
    }
    expect(text).toMatchObject({ type: 'text', text: 'Let me check.' });
    expect(toolUse).toMatchObject({ type: 'tool_use', name: 'get_weather', input: { city: 'Paris' } });
    expect((toolUse as Anthropic.ToolUseBlock).id).toMatch(/^toolu_/);
  });

  it('answers a tool_result with text', async () => {
    const message = (await client.messages.create(
      {
        ...base,
        tools: [ANTHROPIC_WEATHER_TOOL],
        messages: [
          ...USER_HELLO,
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {} }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'Sunny' }] },
        ],
      },
      withScenario({ toolCalls: 'auto' }),
    )) as Anthropic.Message;
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage.input_tokens).toBe(6);
  });

  it('retries a queued 429 and then succeeds', async () => {
    const retrying = makeClient(server.anthropicBaseURL, 2);
    server.enqueue({ status: 429, retryAfterMs: 1 });
    const message = (await retrying.messages.create(base)) as Anthropic.Message;
    expect(message.stop_reason).toBe('end_turn');
    expect(server.requests.map((r) => r.scenario.status)).toEqual([429, undefined]);
  });

  it('surfaces a 500 as InternalServerError with the Anthropic error body', async () => {
    const error = await client.messages.create(base, withScenario({ status: 500 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(sdk.InternalServerError);
    expect(error).toMatchObject({ status: 500, error: { type: 'error', error: { type: 'api_error' } } });
  });

  it('a stream cut mid-way rejects', async () => {
    const stream = client.messages.stream(base, withScenario({ cutAfterChunks: 4 }));
    await expect(stream.finalMessage()).rejects.toThrow();
  });

  it('a malformed 200 body rejects, and an in-band overloaded error event is an APIError', async () => {
    await expect(client.messages.create(base, withScenario({ malformed: true }))).rejects.toThrow();
    const stream = client.messages.stream(base, withScenario({ streamErrorAfterChunks: 3 }));
    await expect(stream.finalMessage()).rejects.toBeInstanceOf(sdk.APIError);
  });
});

describe('Anthropic count_tokens and batches', () => {
  const params = { model: 'claude-sonnet-4-0', messages: USER_HELLO };
  const batchRequests = [
    { custom_id: 'a', params: { ...params, max_tokens: 10 } },
    { custom_id: 'b', params: { ...params, max_tokens: 10 } },
  ];

  // anthropic 1.x no longer marks beta calls with ?beta=true (only the anthropic-beta header).
  it.each([
    ['anthropic-0.137', { beta: 'true' }, () => new Anthropic0137({ apiKey: 'k', baseURL: server.anthropicBaseURL })],
    ['anthropic-1', {}, () => new Anthropic1({ apiKey: 'k', baseURL: server.anthropicBaseURL })],
  ])('%s: messages.countTokens, beta countTokens, messages.batches.create', async (_name, betaQuery, make) => {
    const client = make();
    expect(await client.messages.countTokens({ ...params, system: 'Be brief' })).toEqual({ input_tokens: 7 });
    expect(await client.beta.messages.countTokens(params)).toEqual({ input_tokens: 5 });
    const batch = await client.messages.batches.create({ requests: batchRequests });
    expect(batch).toMatchObject({
      type: 'message_batch',
      processing_status: 'in_progress',
      request_counts: { processing: 2, succeeded: 0 },
    });
    expect(batch.id).toMatch(/^msgbatch_/);
    expect(server.requests.map((r) => [r.path, r.query])).toEqual([
      ['/v1/messages/count_tokens', {}],
      ['/v1/messages/count_tokens', betaQuery],
      ['/v1/messages/batches', {}],
    ]);
  });

  it('anthropic-0.30: beta.messages.batches.create goes to /v1/messages/batches?beta=true', async () => {
    const client = new Anthropic030({ apiKey: 'k', baseURL: server.anthropicBaseURL });
    const batch = await client.beta.messages.batches.create({ requests: batchRequests });
    expect(batch.request_counts.processing).toBe(2);
    expect(server.requests[0]).toMatchObject({ path: '/v1/messages/batches', query: { beta: 'true' } });
  });
});

describe('server behaviour', () => {
  const chatBody = JSON.stringify({ model: 'gpt-4o-mini', messages: USER_HELLO });
  const post = (path: string, init: { body?: string; headers?: Record<string, string>; signal?: AbortSignal } = {}): Promise<Response> =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      body: init.body ?? chatBody,
      headers: { 'content-type': 'application/json', ...init.headers },
      signal: init.signal,
    });

  it('queued scenarios match by path, are consumed in order, honour times, and merge under the header', async () => {
    server.enqueue({ status: 503 }, { path: '/v1/embeddings' });
    server.enqueue({ text: 'queued', chunks: 2 }, { times: 2 });
    const statuses: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await post('/v1/chat/completions', i === 1 ? { headers: scenarioHeader({ text: 'header' }) } : {});
      statuses.push(((await response.json()) as OpenAI.ChatCompletion).choices[0]?.message.content);
    }
    expect(statuses).toEqual(['queued', 'header', 'Hello from the mock LLM server.']);
    expect(server.requests[1]?.scenario).toEqual({ text: 'header', chunks: 2 });
    expect((await post('/v1/embeddings', { body: '{"model":"m","input":"x"}' })).status).toBe(503);
  });

  it('records query, lower-cased headers, parsed body and time; reset() forgets', async () => {
    const before = Date.now();
    await post('/v1/messages?beta=true', {
      body: JSON.stringify({ model: 'claude-3-5-haiku-latest', max_tokens: 5, messages: USER_HELLO }),
      headers: { 'X-Custom': 'Yes' },
    });
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/messages',
      query: { beta: 'true' },
      headers: { 'x-custom': 'Yes' },
      body: { model: 'claude-3-5-haiku-latest' },
    });
    expect(server.requests[0]?.time).toBeGreaterThanOrEqual(before);
    server.reset();
    expect(server.requests).toHaveLength(0);
  });

  it('returns provider-shaped errors for bad input and unknown routes, with retry headers when asked', async () => {
    const bad = await post('/v1/chat/completions', { headers: { 'x-mock-scenario': 'not json' } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
    const missing = await post('/v1/nope');
    expect(missing.status).toBe(404);
    const limited = await post('/v1/messages', { headers: scenarioHeader({ status: 529, retryAfterSeconds: 2, shouldRetry: false }) });
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(limited.headers.get('x-should-retry')).toBe('false');
    expect(await limited.json()).toMatchObject({
      type: 'error',
      error: { type: 'overloaded_error' },
      request_id: limited.headers.get('request-id'),
    });
  });

  it('delays the first chunk by firstChunkDelayMs after sending the headers', async () => {
    const response = await post('/v1/chat/completions', {
      body: JSON.stringify({ model: 'm', messages: USER_HELLO, stream: true }),
      headers: scenarioHeader({ firstChunkDelayMs: 150 }),
    });
    const headersAt = Date.now();
    await response.text();
    expect(Date.now() - headersAt).toBeGreaterThanOrEqual(140);
  });

  it('hang never answers; the client can abort, and close() is prompt with hanging connections', async () => {
    const hanging = await startMockLlmServer();
    const controller = new AbortController();
    const aborted = fetch(`${hanging.url}/v1/chat/completions`, {
      method: 'POST',
      body: chatBody,
      headers: scenarioHeader({ hang: true }),
      signal: controller.signal,
    });
    const orphan = fetch(`${hanging.url}/v1/chat/completions`, {
      method: 'POST',
      body: chatBody,
      headers: scenarioHeader({ hang: true }),
    }).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(hanging.requests).toHaveLength(2);
    controller.abort();
    await expect(aborted).rejects.toThrow();
    const started = Date.now();
    await hanging.close();
    expect(Date.now() - started).toBeLessThan(500);
    expect(await orphan).toMatchObject({ message: 'fetch failed' });
  });

  it('control routes let another process enqueue, list and reset', async () => {
    await fetch(`${server.url}/__mock/enqueue`, {
      method: 'POST',
      body: JSON.stringify({ scenario: { text: 'from control' }, path: '/v1/chat/completions' }),
    });
    const completion = (await (await post('/v1/chat/completions')).json()) as OpenAI.ChatCompletion;
    expect(completion.choices[0]?.message.content).toBe('from control');
    const listed = (await (await fetch(`${server.url}/__mock/requests`)).json()) as unknown[];
    expect(listed).toHaveLength(1);
    await fetch(`${server.url}/__mock/reset`, { method: 'POST' });
    expect(server.requests).toHaveLength(0);
  });
});

describe('standalone process', () => {
  it('scripts/mock-llm-server.mjs prints one JSON line with the URLs, serves the SDKs, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [path.join(__dirname, '..', '..', 'scripts', 'mock-llm-server.mjs'), '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const [line] = await Promise.race([
        readline
          .createInterface({ input: child.stdout })
          [Symbol.asyncIterator]()
          .next()
          .then((r) => [r.value as string]),
        exited.then(() => {
          throw new Error(`mock server exited early: ${stderr}`);
        }),
      ]);
      const started = JSON.parse(line ?? '') as { url: string; openaiBaseURL: string; anthropicBaseURL: string };
      expect(started).toEqual({
        url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
        openaiBaseURL: `${started.url}/v1`,
        anthropicBaseURL: started.url,
      });
      const client = new OpenAI7({ apiKey: 'sk-test', baseURL: started.openaiBaseURL });
      const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: USER_HELLO });
      expect(completion.choices[0]?.message.content).toBe('Hello from the mock LLM server.');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
  });
});

describe('raw replies (for fuzzing the wire)', () => {
  let server: MockLlmServer;
  beforeAll(async () => {
    server = await startMockLlmServer();
  });
  afterAll(() => server.close());

  it('answers with the exact bytes given: a JSON body of any shape, an SSE stream of any events', async () => {
    const client = new OpenAI7({ apiKey: 'sk-test', baseURL: server.openaiBaseURL, maxRetries: 0 });
    const body = { id: 'odd', choices: null, usage: 'none' };
    server.enqueue({ raw: { contentType: 'application/json', base64: Buffer.from(JSON.stringify(body)).toString('base64') } });
    expect(await client.chat.completions.create({ model: 'gpt-4o-mini', messages: USER_HELLO })).toEqual(body);

    const events = sseBytes([
      { data: '{"type":"unknown.event","n":1}' },
      { data: Buffer.from([0x7b, 0x22, 0x78, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]) },
    ]);
    server.enqueue({ raw: { contentType: 'text/event-stream', base64: events.toString('base64') } });
    const items: unknown[] = [];
    for await (const item of await client.chat.completions.create({ model: 'gpt-4o-mini', messages: USER_HELLO, stream: true })) {
      items.push(item);
    }
    // Invalid UTF-8 arrives as U+FFFD, as from any server.
    expect(items).toEqual([{ type: 'unknown.event', n: 1 }, { x: '\uFFFD' }]);
  });
});
