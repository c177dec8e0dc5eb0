/**
 * Generators of odd but possible inputs, for the property-based tests: provider responses and
 * stream events with fields missing, null, empty or of another type, unknown event types, indexes
 * out of order, text that is huge or holds lone surrogates (what invalid UTF-8 and broken encoders
 * leave), and user arguments JSON cannot hold (cycles, BigInt, functions, symbols, binary data).
 *
 * Each shape is made of the fields the mappers read, each one usually of the right type and
 * sometimes anything at all, so that cases are both realistic and odd.
 */
import fc from 'fast-check';

type Json = Record<string, unknown>;

/** Any JSON value, small. */
export const anyJson: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 3 });

/** A field of the right kind most of the time; else absent, null, or any JSON value. */
export function field<T>(right: fc.Arbitrary<T>): fc.Arbitrary<T | unknown> {
  return fc.oneof(
    { weight: 6, arbitrary: right },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: anyJson },
  );
}

/** An object of these fields, each one possibly absent. */
export function shape(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Json> {
  return fc.record(fields, { requiredKeys: [] }) as fc.Arbitrary<Json>;
}

/** A lone surrogate: what a broken encoder leaves, and what cannot be encoded as UTF-8. */
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));

/**
 * Text: ordinary, any code points, with lone surrogates and replacement characters, or (about one
 * string in a hundred: a case holds dozens) huge.
 */
export const text: fc.Arbitrary<string> = fc.oneof(
  { weight: 60, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 20, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  {
    weight: 20,
    arbitrary: fc
      .array(fc.oneof(fc.string({ maxLength: 5 }), loneSurrogate, fc.constant('\uFFFD')), { maxLength: 12 })
      .map((parts) => parts.join('')),
  },
  { weight: 1, arbitrary: fc.integer({ min: 100_000, max: 400_000 }).map((n) => 'long text '.repeat(n / 10)) },
);

/** An index as providers send it, or not: in order, out of order, negative, fractional, huge. */
export const index: fc.Arbitrary<unknown> = field(
  fc.oneof({ weight: 5, arbitrary: fc.nat(4) }, { weight: 1, arbitrary: fc.integer() }, { weight: 1, arbitrary: fc.double() }),
);

/** A token count, or not. */
const count: fc.Arbitrary<unknown> = field(
  fc.oneof({ weight: 5, arbitrary: fc.nat(100_000) }, { weight: 1, arbitrary: fc.integer() }, { weight: 1, arbitrary: fc.double() }),
);

const id = field(fc.string({ maxLength: 12 }));
const model = field(fc.constantFrom('gpt-4o-mini', 'gpt-4o-mini-2024-07-18', 'claude-haiku-4-5', 'o3-mini', 'unknown-model', ''));
const finishReason = field(fc.constantFrom('stop', 'length', 'tool_calls', 'content_filter', 'end_turn', 'max_tokens', 'tool_use', ''));

// ---------------------------------------------------------------------------------------------
// OpenAI

const chatUsage = field(
  shape({
    prompt_tokens: count,
    completion_tokens: count,
    total_tokens: count,
    prompt_tokens_details: field(shape({ cached_tokens: count })),
    completion_tokens_details: field(shape({ reasoning_tokens: count })),
  }),
);

const toolCall = shape({
  index,
  id,
  type: field(fc.constant('function')),
  function: field(shape({ name: field(text), arguments: field(fc.oneof(text, fc.json({ maxDepth: 2 }))) })),
});

const contentParts = field(
  fc.oneof(
    text,
    fc.array(
      shape({
        type: field(
          fc.constantFrom('text', 'input_text', 'output_text', 'refusal', 'image_url', 'input_image', 'input_audio', 'file', 'odd'),
        ),
        text: field(text),
        refusal: field(text),
        image_url: field(
          fc.oneof(fc.webUrl(), shape({ url: field(fc.oneof(fc.webUrl(), fc.constant('data:image/png;base64,iVBORw0KGgo='))) })),
        ),
        input_audio: field(shape({ data: field(fc.base64String({ maxLength: 40 })), format: field(fc.constantFrom('wav', 'mp3')) })),
      }),
      { maxLength: 4 },
    ),
  ),
);

const chatMessage = shape({
  role: field(fc.constantFrom('assistant', 'user', 'tool', 'function', 'system', 'developer')),
  content: contentParts,
  refusal: field(text),
  tool_calls: field(fc.array(toolCall, { maxLength: 3 })),
  function_call: field(shape({ name: field(text), arguments: field(text) })),
  tool_call_id: id,
  name: field(text),
});

/** A Chat Completions response. */
export const chatCompletion = shape({
  id,
  model,
  object: field(fc.constant('chat.completion')),
  choices: field(fc.array(shape({ index, message: field(chatMessage), finish_reason: finishReason }), { maxLength: 3 })),
  usage: chatUsage,
  system_fingerprint: field(fc.string({ maxLength: 12 })),
  service_tier: field(fc.constantFrom('default', 'flex', 'priority')),
});

/** A Chat Completions stream chunk. */
export const chatChunk = fc.oneof(
  {
    weight: 8,
    arbitrary: shape({
      id,
      model,
      object: field(fc.constant('chat.completion.chunk')),
      choices: field(
        fc.array(
          shape({
            index,
            delta: field(
              shape({
                role: field(fc.constant('assistant')),
                content: field(text),
                refusal: field(text),
                tool_calls: field(fc.array(toolCall, { maxLength: 3 })),
              }),
            ),
            finish_reason: finishReason,
          }),
          { maxLength: 3 },
        ),
      ),
      usage: chatUsage,
      system_fingerprint: field(fc.string({ maxLength: 12 })),
      service_tier: field(fc.constantFrom('default', 'flex')),
    }),
  },
  { weight: 1, arbitrary: anyJson },
);

/** A legacy Completions response (or stream chunk). */
export const completion = shape({
  id,
  model,
  choices: field(fc.array(shape({ index, text: field(text), finish_reason: finishReason }), { maxLength: 3 })),
  usage: chatUsage,
  system_fingerprint: field(fc.string({ maxLength: 12 })),
});

/** An Embeddings response. */
export const embeddings = shape({
  model,
  data: field(
    fc.array(shape({ embedding: field(fc.oneof(fc.array(fc.double(), { maxLength: 8 }), fc.base64String({ maxLength: 40 }))) }), {
      maxLength: 3,
    }),
  ),
  usage: field(shape({ prompt_tokens: count, total_tokens: count })),
});

const responseItem = shape({
  type: field(
    fc.constantFrom('message', 'reasoning', 'function_call', 'custom_tool_call', 'web_search_call', 'image_generation_call', 'odd'),
  ),
  id,
  call_id: id,
  status: field(fc.constantFrom('completed', 'in_progress', 'incomplete')),
  role: field(fc.constant('assistant')),
  name: field(text),
  arguments: field(text),
  input: field(text),
  content: contentParts,
  summary: field(fc.array(shape({ text: field(text) }), { maxLength: 2 })),
});

/** A Responses API response object. */
export const response = shape({
  id,
  model,
  object: field(fc.constant('response')),
  status: field(fc.constantFrom('completed', 'incomplete', 'failed', 'cancelled', 'in_progress', 'queued')),
  incomplete_details: field(shape({ reason: field(fc.constantFrom('max_output_tokens', 'content_filter')) })),
  error: field(shape({ code: field(fc.string({ maxLength: 10 })), message: field(text) })),
  output: field(fc.array(responseItem, { maxLength: 3 })),
  usage: field(
    shape({
      input_tokens: count,
      output_tokens: count,
      input_tokens_details: field(shape({ cached_tokens: count })),
      output_tokens_details: field(shape({ reasoning_tokens: count })),
    }),
  ),
  service_tier: field(fc.constantFrom('default', 'flex')),
});

/** A Responses stream event: the known types, unknown ones, in any order. */
export const responseEvent = fc.oneof(
  {
    weight: 8,
    arbitrary: shape({
      type: field(
        fc.constantFrom(
          'response.created',
          'response.in_progress',
          'response.output_item.added',
          'response.output_item.done',
          'response.output_text.delta',
          'response.function_call_arguments.delta',
          'response.completed',
          'response.incomplete',
          'response.failed',
          'error',
          'response.something_new',
        ),
      ),
      output_index: index,
      item: field(responseItem),
      delta: field(text),
      response: field(response),
      code: field(fc.string({ maxLength: 10 })),
      message: field(text),
    }),
  },
  { weight: 1, arbitrary: anyJson },
);

// ---------------------------------------------------------------------------------------------
// Anthropic

const anthropicUsage = field(
  shape({
    input_tokens: count,
    output_tokens: count,
    cache_read_input_tokens: count,
    cache_creation_input_tokens: count,
    cache_creation: field(shape({ ephemeral_1h_input_tokens: count, ephemeral_5m_input_tokens: count })),
    output_tokens_details: field(shape({ thinking_tokens: count })),
  }),
);

const contentBlock = shape({
  type: field(
    fc.constantFrom(
      'text',
      'thinking',
      'redacted_thinking',
      'tool_use',
      'server_tool_use',
      'tool_result',
      'web_search_tool_result',
      'image',
      'document',
      'odd',
    ),
  ),
  text: field(text),
  thinking: field(text),
  id,
  name: field(text),
  input: field(anyJson),
  tool_use_id: id,
  content: field(fc.oneof(text, fc.array(shape({ type: field(fc.constant('text')), text: field(text) }), { maxLength: 2 }))),
  source: field(
    shape({
      type: field(fc.constantFrom('base64', 'url', 'text')),
      media_type: field(fc.string({ maxLength: 10 })),
      data: field(text),
      url: field(fc.webUrl()),
    }),
  ),
});

/** An Anthropic Messages response. */
export const message = shape({
  id,
  model,
  type: field(fc.constant('message')),
  role: field(fc.constantFrom('assistant', 'user')),
  content: field(fc.oneof(text, fc.array(contentBlock, { maxLength: 4 }))),
  stop_reason: finishReason,
  usage: anthropicUsage,
});

/** An Anthropic stream event: the known types, unknown ones, blocks and deltas in any order. */
export const messageEvent = fc.oneof(
  {
    weight: 8,
    arbitrary: shape({
      type: field(
        fc.constantFrom(
          'message_start',
          'content_block_start',
          'content_block_delta',
          'content_block_stop',
          'message_delta',
          'message_stop',
          'ping',
          'some_new_event',
        ),
      ),
      index,
      message: field(message),
      content_block: field(contentBlock),
      delta: field(
        shape({
          type: field(fc.constantFrom('text_delta', 'thinking_delta', 'input_json_delta', 'signature_delta', 'citations_delta')),
          text: field(text),
          thinking: field(text),
          partial_json: field(text),
          stop_reason: finishReason,
        }),
      ),
      usage: anthropicUsage,
    }),
  },
  { weight: 1, arbitrary: anyJson },
);

// ---------------------------------------------------------------------------------------------
// User arguments

/** A value JSON cannot hold as it is: a cycle, a BigInt, a function, a symbol, binary data, a throwing toJSON. */
export const unserializable: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null).map(() => {
    const cycle: Json = { name: 'cycle' };
    cycle.self = cycle;
    return cycle;
  }),
  fc.bigInt().map((n) => ({ n })),
  fc.constant(null).map(() => ({ fn: function lookup() {} })),
  fc.constant(null).map(() => ({ sym: Symbol('s') })),
  fc.uint8Array({ maxLength: 16 }).map((bytes) => ({ bytes })),
  fc.constant(null).map(() => ({
    toJSON() {
      throw new Error('no JSON for you');
    },
  })),
  fc.constant(null).map(() => new Map([['k', 1n]])),
);

/** A tool's arguments or a message's content as users pass them: JSON, or something JSON cannot hold, or huge. */
export const userValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: anyJson },
  { weight: 3, arbitrary: unserializable },
  { weight: 1, arbitrary: fc.array(unserializable, { maxLength: 3 }) },
  { weight: 1, arbitrary: text },
);
