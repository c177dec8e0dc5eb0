/**
 * Anthropic shapes onto the neutral call record: request attributes, usage counted the semconv way
 * (cache reads and writes inside the input tokens), content blocks as message parts, and a stream
 * assembled from its raw events with the running cost updated as usage arrives.
 */
import type { Usage } from '../../src/accounting/usage';
import {
  ATTR_AGENTSIGHT_REQUEST_THINKING_BUDGET_TOKENS,
  ATTR_GEN_AI_OUTPUT_TYPE,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_STOP_SEQUENCES,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_K,
  ATTR_GEN_AI_REQUEST_TOP_P,
} from '../../src/semconv';
import { blockParts, inputMessages, systemParts } from '../../instrumentations/anthropic/content-blocks';
import { anthropicUsage, messageResponse, messagesRequestAttributes } from '../../instrumentations/anthropic/messages-mapping';
import { messagesStreamMapper } from '../../instrumentations/anthropic/stream-mapping';

describe('request attributes', () => {
  it('maps the sampling parameters, the stream flag and the thinking budget', () => {
    const attributes = messagesRequestAttributes({
      model: 'claude-haiku-4-5',
      max_tokens: 2048,
      temperature: 0.5,
      top_p: 0.9,
      top_k: 40,
      stop_sequences: ['END', 42, 'STOP'],
      stream: true,
      thinking: { type: 'enabled', budget_tokens: 1024 },
    });
    expect(attributes).toEqual({
      [ATTR_GEN_AI_REQUEST_MAX_TOKENS]: 2048,
      [ATTR_GEN_AI_REQUEST_TEMPERATURE]: 0.5,
      [ATTR_GEN_AI_REQUEST_TOP_P]: 0.9,
      [ATTR_GEN_AI_REQUEST_TOP_K]: 40,
      [ATTR_GEN_AI_REQUEST_STOP_SEQUENCES]: ['END', 'STOP'],
      [ATTR_GEN_AI_REQUEST_STREAM]: true,
      [ATTR_AGENTSIGHT_REQUEST_THINKING_BUDGET_TOKENS]: 1024,
    });
  });

  it('says the output is JSON for structured outputs, GA or beta', () => {
    expect(messagesRequestAttributes({ output_config: { format: { type: 'json_schema', schema: {} } } })[ATTR_GEN_AI_OUTPUT_TYPE]).toBe(
      'json',
    );
    expect(messagesRequestAttributes({ output_format: { type: 'json_schema', schema: {} } })[ATTR_GEN_AI_OUTPUT_TYPE]).toBe('json');
    expect(messagesRequestAttributes({ thinking: { type: 'adaptive' } })).toEqual({});
  });
});

describe('usage', () => {
  it('counts cache reads and writes into the input tokens, and keeps them apart too', () => {
    expect(
      anthropicUsage({
        input_tokens: 3,
        output_tokens: 7,
        cache_read_input_tokens: 100,
        cache_creation_input_tokens: 20,
        cache_creation: { ephemeral_5m_input_tokens: 15, ephemeral_1h_input_tokens: 5 },
      }),
    ).toEqual<Usage>({ input: 123, output: 7, cacheRead: 100, cacheCreation: 20, reasoning: 0, cacheCreation1h: 5 });
  });

  it('takes thinking tokens as reasoning, and null cache counts as none', () => {
    expect(
      anthropicUsage({ input_tokens: 1, output_tokens: 9, cache_read_input_tokens: null, output_tokens_details: { thinking_tokens: 4 } }),
    ).toEqual<Usage>({
      input: 1,
      output: 9,
      cacheRead: 0,
      cacheCreation: 0,
      reasoning: 4,
    });
  });

  it('has no usage without token counts', () => {
    expect(anthropicUsage({ service_tier: 'standard' })).toBeUndefined();
    expect(anthropicUsage(null)).toBeUndefined();
  });
});

describe('content blocks', () => {
  it('records images and documents as placeholders with their size, never their bytes', () => {
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
    expect(
      blockParts([
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } },
        { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } },
        { type: 'image', source: { type: 'file', file_id: 'file_1' } },
        { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' } },
        { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'plain words' } },
        { type: 'document', source: { type: 'url', url: 'https://example.com/a.pdf' } },
      ]),
    ).toEqual([
      { type: 'omitted', modality: 'image', mime_type: 'image/png', size_bytes: 70 },
      { type: 'uri', modality: 'image', uri: 'https://example.com/a.png' },
      { type: 'omitted', modality: 'image' },
      { type: 'omitted', modality: 'file', mime_type: 'application/pdf', size_bytes: 5 },
      { type: 'omitted', modality: 'file', mime_type: 'text/plain', size_bytes: 11 },
      { type: 'omitted', modality: 'file' },
    ]);
  });

  it('maps tool use, tool results (text or parts), server tools and thinking; skips what has nothing to read', () => {
    expect(
      blockParts([
        { type: 'thinking', thinking: 'Let me think.', signature: 'sig' },
        { type: 'redacted_thinking', data: 'encrypted' },
        { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
        {
          type: 'tool_result',
          tool_use_id: 'toolu_1',
          content: [
            { type: 'text', text: 'sun' },
            { type: 'text', text: 'ny' },
          ],
        },
        {
          type: 'tool_result',
          tool_use_id: 'toolu_2',
          content: [
            { type: 'text', text: 'chart:' },
            { type: 'image', source: { type: 'url', url: 'https://x/c.png' } },
          ],
        },
        { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'paris' } },
        { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [{ type: 'web_search_result', url: 'https://x' }] },
      ]),
    ).toEqual([
      { type: 'reasoning', content: 'Let me think.' },
      { type: 'tool_call', id: 'toolu_1', name: 'get_weather', arguments: { city: 'Paris' } },
      { type: 'tool_call_response', id: 'toolu_1', response: 'sunny' },
      {
        type: 'tool_call_response',
        id: 'toolu_2',
        response: [
          { type: 'text', content: 'chart:' },
          { type: 'uri', modality: 'image', uri: 'https://x/c.png' },
        ],
      },
      { type: 'tool_call', id: 'srvtoolu_1', name: 'web_search', arguments: { query: 'paris' } },
      { type: 'tool_call_response', id: 'srvtoolu_1', response: [{ type: 'web_search_result', url: 'https://x' }] },
    ]);
  });

  it('takes system as a string or text blocks, and keeps the roles of messages as sent', () => {
    expect(systemParts('Be brief.')).toEqual([{ type: 'text', content: 'Be brief.' }]);
    expect(systemParts([{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }])).toEqual([
      { type: 'text', content: 'Be brief.' },
    ]);
    expect(
      inputMessages([
        { role: 'user', content: 'Hi' },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: 'ok' }] },
      ]),
    ).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'Hi' }] },
      { role: 'user', parts: [{ type: 'tool_call_response', id: 't', response: 'ok' }] },
    ]);
  });
});

describe('a JSON message', () => {
  it('gives id, model, stop reason as the finish reason, usage and the output message', () => {
    const response = messageResponse({
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'claude-haiku-4-5-20251001',
      content: [
        { type: 'text', text: 'Checking.' },
        { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
      ],
      stop_reason: 'tool_use',
      usage: { input_tokens: 5, output_tokens: 8 },
    });
    expect(response).toMatchObject({
      id: 'msg_1',
      model: 'claude-haiku-4-5-20251001',
      finishReasons: ['tool_use'],
      usage: { input: 5, output: 8 },
    });
    expect(response.outputMessages?.()).toEqual([
      {
        role: 'assistant',
        parts: [
          { type: 'text', content: 'Checking.' },
          { type: 'tool_call', id: 'toolu_1', name: 'get_weather', arguments: { city: 'Paris' } },
        ],
        finish_reason: 'tool_use',
      },
    ]);
  });
});

describe('a streamed message', () => {
  const events = [
    {
      type: 'message_start',
      message: {
        id: 'msg_2',
        role: 'assistant',
        model: 'claude-haiku-4-5-20251001',
        content: [],
        usage: { input_tokens: 10, cache_read_input_tokens: 90, output_tokens: 1 },
      },
    },
    { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } },
    { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'Weather, ' } },
    { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'so a tool.' } },
    { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'sig' } },
    { type: 'content_block_stop', index: 0 },
    { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_9', name: 'get_weather', input: {} } },
    { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '' } },
    { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"city": "Pa' } },
    { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: 'ris"}' } },
    { type: 'content_block_stop', index: 1 },
    { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 12 } },
    { type: 'message_stop' },
  ];

  it('reassembles thinking and the tool input from their deltas, usage from start and delta', () => {
    const mapper = messagesStreamMapper();
    for (const event of events) expect(mapper.onChunk(event)).toBe(true);
    const result = mapper.result();
    expect(result).toMatchObject({ id: 'msg_2', finishReasons: ['tool_use'], usage: { input: 100, output: 12, cacheRead: 90 } });
    expect(result.outputMessages?.()).toEqual([
      {
        role: 'assistant',
        parts: [
          { type: 'reasoning', content: 'Weather, so a tool.' },
          { type: 'tool_call', id: 'toolu_9', name: 'get_weather', arguments: { city: 'Paris' } },
        ],
        finish_reason: 'tool_use',
      },
    ]);
  });

  it('updates the running cost as usage arrives', () => {
    const seen: Usage[] = [];
    const mapper = messagesStreamMapper({ progress: (usage) => void seen.push(usage) });
    for (const event of events) mapper.onChunk(event);
    expect(seen.map((u) => [u.input, u.output])).toEqual([
      [100, 1],
      [100, 12],
    ]);
  });

  it('keeps what arrived when the stream is left early', () => {
    const mapper = messagesStreamMapper();
    for (const event of events.slice(0, 9)) mapper.onChunk(event);
    const result = mapper.result();
    expect(result.finishReasons).toBeUndefined();
    expect(result.usage).toMatchObject({ input: 100, output: 1 });
    // Tool input cut mid-way stays the raw text it was.
    expect(result.outputMessages?.()[0]?.parts[1]).toEqual({
      type: 'tool_call',
      id: 'toolu_9',
      name: 'get_weather',
      arguments: '{"city": "Pa',
    });
  });
});
