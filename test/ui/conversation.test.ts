/** Recorded content as chat: the semconv message schema, and what does not fit it. */
import { ATTR_GEN_AI_INPUT_MESSAGES, ATTR_GEN_AI_OUTPUT_MESSAGES, ATTR_GEN_AI_SYSTEM_INSTRUCTIONS } from '../../src/semconv';
import { conversationOf, prettyJson, toolIoOf } from '../../src/ui/conversation';

describe('the conversation of an LLM call', () => {
  it('reads system instructions, messages and every part type', () => {
    const conversation = conversationOf({
      [ATTR_GEN_AI_SYSTEM_INSTRUCTIONS]: JSON.stringify([{ type: 'text', content: 'Be brief.' }]),
      [ATTR_GEN_AI_INPUT_MESSAGES]: JSON.stringify([
        {
          role: 'user',
          name: 'ana',
          parts: [
            { type: 'text', content: 'Look at this' },
            { type: 'uri', modality: 'image', uri: 'https://example.com/a.png', mime_type: 'image/png' },
            { type: 'omitted', modality: 'image', mime_type: 'image/jpeg', size_bytes: 2048 },
          ],
        },
        { role: 'tool', parts: [{ type: 'tool_call_response', id: 'c1', response: '{"ok":true}' }] },
      ]),
      [ATTR_GEN_AI_OUTPUT_MESSAGES]: JSON.stringify([
        {
          role: 'assistant',
          parts: [
            { type: 'reasoning', content: 'hmm' },
            { type: 'tool_call', id: 'c2', name: 'f', arguments: { a: 1 } },
            { type: 'hologram', beam: 3 },
          ],
          finish_reason: 'tool_calls',
        },
      ]),
    });
    expect(conversation).toEqual({
      system: { role: 'system', name: null, parts: [{ type: 'text', content: 'Be brief.' }], finishReason: null },
      input: [
        {
          role: 'user',
          name: 'ana',
          parts: [
            { type: 'text', content: 'Look at this' },
            { type: 'uri', modality: 'image', uri: 'https://example.com/a.png', mimeType: 'image/png' },
            { type: 'omitted', modality: 'image', mimeType: 'image/jpeg', sizeBytes: 2048 },
          ],
          finishReason: null,
        },
        { role: 'tool', name: null, parts: [{ type: 'tool_call_response', id: 'c1', response: '{\n  "ok": true\n}' }], finishReason: null },
      ],
      output: [
        {
          role: 'assistant',
          name: null,
          parts: [
            { type: 'reasoning', content: 'hmm' },
            { type: 'tool_call', id: 'c2', name: 'f', arguments: '{\n  "a": 1\n}' },
            { type: 'other', json: '{\n  "type": "hologram",\n  "beam": 3\n}' },
          ],
          finishReason: 'tool_calls',
        },
      ],
      raw: [],
    });
  });

  it('shows content cut at the size cap as recorded, and nothing for a span without content', () => {
    const cut = '[{"role":"user","parts":[{"type":"text","content":"aaaa…[truncated by agentsight: 90000 chars in all]';
    expect(conversationOf({ [ATTR_GEN_AI_INPUT_MESSAGES]: cut })).toEqual({
      system: null,
      input: [],
      output: [],
      raw: [{ attribute: ATTR_GEN_AI_INPUT_MESSAGES, text: cut }],
    });
    expect(conversationOf({ 'gen_ai.request.model': 'gpt-4o' })).toBeNull();
  });

  it('pretty-prints tool arguments and results that are JSON, and leaves other text alone', () => {
    expect(toolIoOf('{"city":"Lisbon"}', '"sunny"')).toEqual({ arguments: '{\n  "city": "Lisbon"\n}', result: 'sunny' });
    expect(toolIoOf(undefined, undefined)).toBeNull();
    expect(prettyJson('not json {')).toBe('not json {');
    expect(prettyJson('{"cut": tru')).toBe('{"cut": tru');
    expect(prettyJson(42)).toBe('42');
  });
});
