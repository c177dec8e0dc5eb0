/**
 * The OpenAI shapes onto the neutral call record, as pure functions: what ends up in the span for
 * request bodies, responses and stream chunks the scenario suite does not produce (the mock has
 * no reasoning summaries, audio, files or failed responses).
 */
import { chatInputMessages, chatStreamMapper, contentParts } from '../../instrumentations/openai/chat-mapping';
import { completionsInputMessages, completionsStreamMapper } from '../../instrumentations/openai/completions-mapping';
import { embeddingsRequestAttributes, embeddingsResponse } from '../../instrumentations/openai/embeddings-mapping';
import {
  responsesFinishReason,
  responsesInputMessages,
  responsesRequestAttributes,
  responsesResponse,
  responsesStreamMapper,
  responsesSystemInstructions,
} from '../../instrumentations/openai/responses-mapping';
import { serverInfo } from '../../instrumentations/openai/server';
import {
  ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT,
  ATTR_GEN_AI_OUTPUT_TYPE,
  ATTR_GEN_AI_REQUEST_ENCODING_FORMATS,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_OPENAI_REQUEST_SERVICE_TIER,
} from '../../src/semconv';

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

describe('prompt content', () => {
  it('records images, audio and files as placeholders with their size, never their bytes', () => {
    const parts = contentParts([
      { type: 'image_url', image_url: { url: PNG } },
      { type: 'input_audio', input_audio: { data: 'UklGRiQAAABXQVZF', format: 'wav' } },
      { type: 'file', file: { file_data: 'JVBERi0xLjQK', filename: 'a.pdf' } },
      { type: 'input_image', file_id: 'file_1' },
      { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
    ]);
    expect(parts).toEqual([
      { type: 'omitted', modality: 'image', mime_type: 'image/png', size_bytes: 70 },
      { type: 'omitted', modality: 'audio', mime_type: 'audio/wav', size_bytes: 12 },
      { type: 'omitted', modality: 'file' },
      { type: 'omitted', modality: 'image' },
      { type: 'uri', modality: 'image', uri: 'https://example.com/cat.png' },
    ]);
    expect(JSON.stringify(parts)).not.toContain('iVBORw0');
  });

  it('keeps chat tool calls and tool results as tool_call and tool_call_response parts', () => {
    expect(
      chatInputMessages([
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'done' },
      ]),
    ).toEqual([
      { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'f', arguments: { a: 1 } }] },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: 'done' }] },
    ]);
  });

  it('maps Responses input items: messages, function calls and outputs, reasoning, custom tools, images', () => {
    expect(
      responsesInputMessages([
        { role: 'developer', content: 'Be brief.' },
        {
          type: 'message',
          role: 'user',
          content: [
            { type: 'input_text', text: 'Hi' },
            { type: 'input_image', image_url: PNG, detail: 'auto' },
          ],
        },
        { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'thinking' }] },
        { type: 'function_call', call_id: 'call_1', name: 'f', arguments: '{"a":1}' },
        { type: 'function_call_output', call_id: 'call_1', output: [{ type: 'input_text', text: 'ok' }] },
        { type: 'custom_tool_call', call_id: 'call_2', name: 'sql', input: 'select 1' },
        { type: 'custom_tool_call_output', call_id: 'call_2', output: '1' },
        { type: 'item_reference', id: 'msg_0' },
      ]),
    ).toEqual([
      { role: 'developer', parts: [{ type: 'text', content: 'Be brief.' }] },
      {
        role: 'user',
        parts: [
          { type: 'text', content: 'Hi' },
          { type: 'omitted', modality: 'image', mime_type: 'image/png', size_bytes: 70 },
        ],
      },
      { role: 'assistant', parts: [{ type: 'reasoning', content: 'thinking' }] },
      { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'f', arguments: { a: 1 } }] },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: 'ok' }] },
      { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_2', name: 'sql', arguments: 'select 1' }] },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_2', response: '1' }] },
    ]);
    expect(responsesInputMessages('Hello')).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'Hello' }] }]);
    expect(responsesSystemInstructions('Be brief.')).toEqual([{ type: 'text', content: 'Be brief.' }]);
  });

  it('keeps legacy completion prompts as user messages, and leaves token-id prompts out', () => {
    expect(completionsInputMessages(['a', 'b'])).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'a' }] },
      { role: 'user', parts: [{ type: 'text', content: 'b' }] },
    ]);
    expect(completionsInputMessages([1, 2, 3])).toEqual([]);
  });
});

describe('Responses results', () => {
  const response = {
    id: 'resp_1',
    model: 'o4-mini-2025-04-16',
    status: 'completed',
    service_tier: 'default',
    output: [
      { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'Plan: greet.' }] },
      {
        type: 'message',
        role: 'assistant',
        content: [
          { type: 'output_text', text: 'Hi!' },
          { type: 'refusal', refusal: 'No more.' },
        ],
      },
      { type: 'function_call', call_id: 'call_1', name: 'f', arguments: '{}' },
      { type: 'web_search_call', id: 'ws_1', status: 'completed' },
      { type: 'image_generation_call', id: 'ig_1', result: 'iVBORw0KGgo' },
    ],
    usage: {
      input_tokens: 10,
      input_tokens_details: { cached_tokens: 4 },
      output_tokens: 20,
      output_tokens_details: { reasoning_tokens: 12 },
    },
  };

  it('records the output items as one assistant message: reasoning summary, text, tool calls (built-in tools by name only)', () => {
    const mapped = responsesResponse(response);
    expect(mapped).toMatchObject({
      id: 'resp_1',
      model: 'o4-mini-2025-04-16',
      finishReasons: ['completed'],
      usage: { input: 10, output: 20, cacheRead: 4, cacheCreation: 0, reasoning: 12 },
    });
    expect(mapped.outputMessages?.()).toEqual([
      {
        role: 'assistant',
        finish_reason: 'completed',
        parts: [
          { type: 'reasoning', content: 'Plan: greet.' },
          { type: 'text', content: 'Hi!' },
          { type: 'text', content: 'No more.' },
          { type: 'tool_call', id: 'call_1', name: 'f', arguments: {} },
          { type: 'tool_call', id: 'ws_1', name: 'web_search' },
          { type: 'tool_call', id: 'ig_1', name: 'image_generation' },
        ],
      },
    ]);
    expect(JSON.stringify(mapped.outputMessages?.())).not.toContain('iVBORw0KGgo');
  });

  it('gives the reason of an incomplete response, else its status', () => {
    expect(responsesFinishReason({ status: 'incomplete', incomplete_details: { reason: 'content_filter' } })).toBe('content_filter');
    expect(responsesFinishReason({ status: 'cancelled' })).toBe('cancelled');
  });

  it('maps the request: max output tokens, sampling, output type, service tier', () => {
    expect(
      responsesRequestAttributes({
        max_output_tokens: 5,
        temperature: 0.1,
        top_p: 0.5,
        service_tier: 'flex',
        stream: true,
        text: { format: { type: 'json_schema', name: 'x', schema: {} } },
      }),
    ).toEqual({
      [ATTR_GEN_AI_REQUEST_MAX_TOKENS]: 5,
      [ATTR_GEN_AI_REQUEST_TEMPERATURE]: 0.1,
      [ATTR_GEN_AI_REQUEST_TOP_P]: 0.5,
      [ATTR_OPENAI_REQUEST_SERVICE_TIER]: 'flex',
      [ATTR_GEN_AI_REQUEST_STREAM]: true,
      [ATTR_GEN_AI_OUTPUT_TYPE]: 'json',
    });
  });

  it('fails a stream that ends in a response.failed event, with the error code as error.type', () => {
    const mapper = responsesStreamMapper();
    mapper.onChunk({ type: 'response.created', response: { id: 'resp_2', model: 'm', status: 'in_progress' } });
    mapper.onChunk({
      type: 'response.failed',
      response: { id: 'resp_2', model: 'm', status: 'failed', error: { code: 'rate_limit_exceeded', message: 'slow down' }, output: [] },
    });
    const failure = mapper.failure?.();
    expect(failure?.type).toBe('rate_limit_exceeded');
    expect(failure?.error).toBeInstanceOf(Error);
    expect((failure?.error as Error | undefined)?.message).toBe('slow down');
    expect(mapper.result().finishReasons).toEqual(['failed']);
  });

  it('keeps what a stream stopped early had said: the text and arguments deltas of unfinished items', () => {
    const mapper = responsesStreamMapper();
    mapper.onChunk({ type: 'response.created', response: { id: 'resp_3', model: 'm', status: 'in_progress', output: [] } });
    mapper.onChunk({
      type: 'response.output_item.added',
      output_index: 0,
      item: { type: 'message', status: 'in_progress', role: 'assistant', content: [] },
    });
    mapper.onChunk({ type: 'response.output_text.delta', output_index: 0, delta: 'Hel' });
    mapper.onChunk({ type: 'response.output_text.delta', output_index: 0, delta: 'lo' });
    mapper.onChunk({
      type: 'response.output_item.added',
      output_index: 1,
      item: { type: 'function_call', status: 'in_progress', call_id: 'c', name: 'f', arguments: '' },
    });
    mapper.onChunk({ type: 'response.function_call_arguments.delta', output_index: 1, delta: '{"a"' });
    const result = mapper.result();
    expect(result.id).toBe('resp_3');
    expect(result.finishReasons).toBeUndefined();
    expect(result.outputMessages?.()).toEqual([
      {
        role: 'assistant',
        finish_reason: '',
        parts: [
          { type: 'text', content: 'Hello' },
          { type: 'tool_call', id: 'c', name: 'f', arguments: '{"a"' },
        ],
      },
    ]);
  });
});

describe('chat and completion streams', () => {
  it('hides the usage chunk it asked for and the usage: null field of every other chunk', () => {
    const mapper = chatStreamMapper(true);
    const chunk = { id: 'c1', model: 'm', choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: 'stop' }], usage: null };
    expect(mapper.onChunk(chunk)).toBe(true);
    expect('usage' in chunk).toBe(false);
    expect(mapper.onChunk({ id: 'c1', model: 'm', choices: [], usage: { prompt_tokens: 3, completion_tokens: 1 } })).toBe(false);
    expect(mapper.result()).toMatchObject({ finishReasons: ['stop'], usage: { input: 3, output: 1 } });
  });

  it('shows the usage chunk when the caller asked for it', () => {
    const mapper = chatStreamMapper(false);
    expect(mapper.onChunk({ id: 'c1', choices: [], usage: { prompt_tokens: 3, completion_tokens: 1 } })).not.toBe(false);
  });

  it('assembles legacy completion choices by index', () => {
    const mapper = completionsStreamMapper();
    mapper.onChunk({ id: 'cmpl-1', model: 'm', choices: [{ index: 1, text: 'b' }] });
    mapper.onChunk({ id: 'cmpl-1', model: 'm', choices: [{ index: 0, text: 'a', finish_reason: 'stop' }] });
    mapper.onChunk({ id: 'cmpl-1', model: 'm', choices: [{ index: 1, text: '', finish_reason: 'length' }] });
    expect(mapper.result()).toMatchObject({ id: 'cmpl-1', finishReasons: ['stop', 'length'] });
  });
});

describe('embeddings', () => {
  it('records the encoding format only when the caller chose one', () => {
    expect(embeddingsRequestAttributes({ model: 'e', input: 'x' })).toEqual({});
    expect(embeddingsRequestAttributes({ model: 'e', input: 'x', encoding_format: 'base64', dimensions: 8 })).toEqual({
      [ATTR_GEN_AI_REQUEST_ENCODING_FORMATS]: ['base64'],
      [ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT]: 8,
    });
  });

  it('counts dimensions of float lists and of base64 float32 data', () => {
    const base64 = Buffer.from(new Float32Array([0.5, 0.25, 0]).buffer).toString('base64');
    expect(embeddingsResponse({ data: [{ embedding: base64 }], model: 'e', usage: { prompt_tokens: 2 } }).attributes).toEqual({
      [ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT]: 3,
    });
    expect(embeddingsResponse({ data: [{ embedding: [1, 2] }], model: 'e' }).attributes).toEqual({
      [ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT]: 2,
    });
  });
});

describe('provider and server from the base URL', () => {
  it.each([
    ['https://api.openai.com/v1', undefined, 'openai', 'api.openai.com', 443, true],
    ['https://my.openai.azure.com/openai', undefined, 'azure.ai.openai', 'my.openai.azure.com', 443, false],
    ['https://my.cognitiveservices.azure.com/openai', undefined, 'azure.ai.openai', 'my.cognitiveservices.azure.com', 443, false],
    ['https://proxy.internal:8443/v1', 'AzureOpenAI', 'azure.ai.openai', 'proxy.internal', 8443, false],
    ['https://api.deepseek.com', undefined, 'deepseek', 'api.deepseek.com', 443, false],
    ['https://api.groq.com/openai/v1', undefined, 'groq', 'api.groq.com', 443, false],
    ['https://api.x.ai/v1', undefined, 'x_ai', 'api.x.ai', 443, false],
    ['https://api.mistral.ai/v1', undefined, 'mistral_ai', 'api.mistral.ai', 443, false],
    ['https://api.perplexity.ai', undefined, 'perplexity', 'api.perplexity.ai', 443, false],
    ['http://localhost:11434/v1', undefined, 'openai', 'localhost', 11434, false],
    ['http://127.0.0.1/v1', undefined, 'openai', '127.0.0.1', 80, false],
  ])('%s (%s) is %s at %s:%s', (baseURL, className, provider, address, port, isOpenAI) => {
    expect(serverInfo(baseURL, className)).toEqual({ provider, address, port, isOpenAI });
  });
});
