/**
 * The Vercel AI SDK's shapes onto our span model, one mapping at a time: usage in the three model
 * specifications (cache and reasoning tokens in our convention), finish reasons, provider ids,
 * prompt and output content, error types and the retry rule.
 */
import { contentPart, outputMessages, promptContent } from '../../instrumentations/vercel-ai/content-parts';
import { errorTypeOf, willRetry } from '../../instrumentations/vercel-ai/errors';
import { providerName } from '../../instrumentations/vercel-ai/provider-names';
import { finishReason, tokenUsage } from '../../instrumentations/vercel-ai/usage-mapping';

describe('usage', () => {
  it('reads v2 flat usage (ai 5), cached tokens already inside the input', () => {
    expect(tokenUsage({ inputTokens: 130, outputTokens: 10, totalTokens: 140, reasoningTokens: 4, cachedInputTokens: 100 })).toEqual({
      input: 130,
      output: 10,
      cacheRead: 100,
      cacheCreation: 0,
      reasoning: 4,
    });
  });

  it("adds a v2 Anthropic report's cache reads and writes to its input tokens (the API leaves them out)", () => {
    const usage = { inputTokens: 3, outputTokens: 6, totalTokens: 9, cachedInputTokens: 100 };
    const metadata = {
      anthropic: {
        cacheCreationInputTokens: 20,
        usage: { cache_creation: { ephemeral_5m_input_tokens: 15, ephemeral_1h_input_tokens: 5 } },
      },
    };
    expect(tokenUsage(usage, metadata)).toEqual({
      input: 123,
      output: 6,
      cacheRead: 100,
      cacheCreation: 20,
      reasoning: 0,
      cacheCreation1h: 5,
    });
  });

  it('reads v3 and v4 nested usage (ai 6, 7), whose totals count the cache', () => {
    const usage = {
      inputTokens: { total: 123, noCache: 3, cacheRead: 100, cacheWrite: 20 },
      outputTokens: { total: 10, text: 6, reasoning: 4 },
      raw: { cache_creation: { ephemeral_1h_input_tokens: 0 } },
    };
    expect(tokenUsage(usage)).toEqual({ input: 123, output: 10, cacheRead: 100, cacheCreation: 20, reasoning: 4 });
  });

  it('gives nothing for a call that reported no usage (a stream that failed in band)', () => {
    expect(tokenUsage({ inputTokens: {}, outputTokens: {} })).toBeUndefined();
    expect(tokenUsage({})).toBeUndefined();
    expect(tokenUsage(undefined)).toBeUndefined();
  });
});

describe('finish reasons', () => {
  it.each([
    ['stop', 'stop'],
    ['tool-calls', 'tool_call'],
    ['content-filter', 'content_filter'],
    [{ unified: 'tool-calls', raw: 'tool_use' }, 'tool_call'],
    [{ unified: 'length', raw: 'max_tokens' }, 'length'],
    ['unknown', 'unknown'],
  ])('%j is %s', (reason, expected) => {
    expect(finishReason(reason)).toBe(expected);
  });

  it('is absent when the call gave none', () => {
    expect(finishReason(undefined)).toBeUndefined();
    expect(finishReason({ raw: 'x' })).toBeUndefined();
  });
});

describe('gen_ai.provider.name', () => {
  it.each([
    ['openai.responses', 'gpt-4o', 'openai'],
    ['openai.chat', 'gpt-4o', 'openai'],
    ['openai.embedding', 'text-embedding-3-small', 'openai'],
    ['anthropic.messages', 'claude-haiku-4-5', 'anthropic'],
    ['azure.responses', 'my-deployment', 'azure.ai.openai'],
    ['amazon-bedrock', 'anthropic.claude-3-5-sonnet', 'aws.bedrock'],
    ['google.generative-ai', 'gemini-2.5-flash', 'gcp.gemini'],
    ['google.vertex.chat', 'gemini-2.5-flash', 'gcp.vertex_ai'],
    ['google.vertex.anthropic.messages', 'claude-sonnet-4', 'gcp.vertex_ai'],
    ['mistral.chat', 'mistral-large', 'mistral_ai'],
    ['xai.chat', 'grok-4', 'x_ai'],
    ['gateway', 'anthropic/claude-sonnet-4', 'anthropic'],
    ['gateway', 'openai/gpt-4o', 'openai'],
    ['ollama.chat', 'llama3', 'ollama.chat'],
  ])('%s (%s) is %s', (provider, model, expected) => {
    expect(providerName(provider, model)).toBe(expected);
  });
});

describe('content', () => {
  const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

  it('splits a model prompt into system instructions and messages, tool results in tool messages', () => {
    const prompt = [
      { role: 'system', content: 'You are brief.' },
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
      { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'c1', toolName: 'get_weather', input: { city: 'Paris' } }] },
      {
        role: 'tool',
        content: [
          { type: 'tool-result', toolCallId: 'c1', toolName: 'get_weather', output: { type: 'json', value: { forecast: 'sunny' } } },
        ],
      },
    ];
    expect(promptContent(prompt)).toEqual({
      systemInstructions: [{ type: 'text', content: 'You are brief.' }],
      inputMessages: [
        { role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] },
        { role: 'assistant', parts: [{ type: 'tool_call', id: 'c1', name: 'get_weather', arguments: { city: 'Paris' } }] },
        { role: 'tool', parts: [{ type: 'tool_call_response', id: 'c1', response: { forecast: 'sunny' } }] },
      ],
    });
  });

  it('records files as placeholders with their size, URLs of media as URIs, never bytes', () => {
    expect(contentPart({ type: 'file', data: PNG, mediaType: 'image/png' })).toEqual({
      type: 'omitted',
      modality: 'image',
      mime_type: 'image/png',
      size_bytes: 70,
    });
    expect(contentPart({ type: 'file', data: new Uint8Array(12), mediaType: 'application/pdf' })).toEqual({
      type: 'omitted',
      modality: 'file',
      mime_type: 'application/pdf',
      size_bytes: 12,
    });
    expect(contentPart({ type: 'file', data: new URL('https://example.com/a.png'), mediaType: 'image/*' })).toEqual({
      type: 'uri',
      modality: 'image',
      uri: 'https://example.com/a.png',
    });
    // v4 (ai 7) tags the data.
    expect(contentPart({ type: 'file', data: { type: 'url', url: new URL('https://example.com/a.png') }, mediaType: 'image' })).toEqual({
      type: 'uri',
      modality: 'image',
      uri: 'https://example.com/a.png',
    });
    expect(contentPart({ type: 'file', data: { type: 'data', data: PNG }, mediaType: 'image/png' })).toMatchObject({
      type: 'omitted',
      size_bytes: 70,
    });
  });

  it('turns a call output into one assistant message (tool call arguments parsed)', () => {
    const content = [
      { type: 'reasoning', text: 'Think.' },
      { type: 'text', text: 'Checking.' },
      { type: 'tool-call', toolCallId: 'c1', toolName: 'get_weather', input: '{"city":"Paris"}' },
    ];
    expect(outputMessages(content, 'tool_call')).toEqual([
      {
        role: 'assistant',
        parts: [
          { type: 'reasoning', content: 'Think.' },
          { type: 'text', content: 'Checking.' },
          { type: 'tool_call', id: 'c1', name: 'get_weather', arguments: { city: 'Paris' } },
        ],
        finish_reason: 'tool_call',
      },
    ]);
  });
});

describe('errors', () => {
  class APICallError extends Error {
    constructor(
      message: string,
      readonly isRetryable: boolean,
    ) {
      super(message);
      this.name = 'AI_APICallError';
    }
  }

  it('names the SDK errors by their name without the AI_ prefix, whatever their class is called', () => {
    expect(errorTypeOf(new APICallError('x', true))).toBe('APICallError');
    expect(errorTypeOf(new DOMException('aborted', 'AbortError'))).toBe('AbortError');
    expect(errorTypeOf({ type: 'error', code: 'server_error', message: 'x' })).toBe('server_error');
    expect(errorTypeOf({ type: 'overloaded_error', message: 'x' })).toBe('overloaded_error');
    expect(errorTypeOf(new TypeError('x'))).toBe('TypeError');
  });

  it("follows the SDK's retry rule: a retryable API error while retries remain, never an abort", () => {
    expect(willRetry(new APICallError('x', true), 1, 2)).toBe(true);
    expect(willRetry(new APICallError('x', true), 3, 2)).toBe(false);
    expect(willRetry(new APICallError('x', false), 1, 2)).toBe(false);
    expect(willRetry(new APICallError('x', true), 1, 0)).toBe(false);
    expect(willRetry(new DOMException('aborted', 'AbortError'), 1, 2)).toBe(false);
  });
});
