/**
 * The OpenAI scenarios beyond the call path × end case matrix, with the spans each must produce:
 * tool calls (parallel, streamed at any index), `runTools` (one span per model call under the
 * caller's agent span), request parameters and token details, Responses items, embeddings
 * formats, and the Azure and OpenAI-compatible hosts.
 */
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_TYPE,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_CHOICE_COUNT,
  ATTR_GEN_AI_REQUEST_ENCODING_FORMATS,
  ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY,
  ATTR_GEN_AI_REQUEST_SEED,
  ATTR_GEN_AI_REQUEST_STOP_SEQUENCES,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_OPENAI_REQUEST_SERVICE_TIER,
  ATTR_OPENAI_RESPONSE_SERVICE_TIER,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from '../../src/semconv';
import {
  type ScenarioContext,
  type SpanExpectation,
  type ScenarioRow,
  type Expected,
  json,
  positiveNumber,
  MODEL,
  MOCK_TEXT,
  PROMPT,
  text,
  chatCompleted,
  STREAMED,
  HELPERS_ON_4,
  serverAttributes,
  RESPONSE_ATTRIBUTES,
  WEATHER_INPUT,
  toolCall,
  outputParts,
} from './scenario-expectations';

const WEATHER_TWO_CITIES = [{ role: 'user', parts: [{ type: 'text', content: 'Weather in Paris and Rome?' }] }];

function runToolsSpans(ctx: ScenarioContext, stream: boolean, secondFails: boolean): SpanExpectation[] {
  const request = {
    ...serverAttributes(ctx),
    [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
    [ATTR_GEN_AI_REQUEST_MODEL]: MODEL,
    ...(stream ? STREAMED : {}),
  };
  const first: SpanExpectation = {
    name: `chat ${MODEL}`,
    attributes: {
      ...request,
      [ATTR_GEN_AI_INPUT_MESSAGES]: json(WEATHER_INPUT),
      [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: ['tool_calls'],
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 3,
      [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 1,
      [ATTR_GEN_AI_OUTPUT_MESSAGES]: outputParts('tool_calls', toolCall('get_weather', { city: 'Paris' })),
    },
    absent: [ATTR_ERROR_TYPE],
    parent: 'agent',
  };
  const answersTool = (value: unknown): boolean =>
    typeof value === 'string' &&
    (JSON.parse(value) as Array<{ role: string; parts: Array<{ type: string; response?: unknown }> }>).some(
      (m) => m.role === 'tool' && m.parts[0]?.type === 'tool_call_response' && m.parts[0].response === 'sunny in Paris',
    );
  const second: SpanExpectation = secondFails
    ? {
        name: `chat ${MODEL}`,
        attributes: { ...request, [ATTR_GEN_AI_INPUT_MESSAGES]: answersTool },
        absent: RESPONSE_ATTRIBUTES,
        error: 'BadRequestError',
        parent: 'agent',
      }
    : {
        name: `chat ${MODEL}`,
        attributes: {
          ...request,
          [ATTR_GEN_AI_INPUT_MESSAGES]: answersTool,
          [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: ['stop'],
          [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 6,
          [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 6,
        },
        absent: [ATTR_ERROR_TYPE],
        parent: 'agent',
      };
  return [first, second];
}

/** The scenarios beyond the matrix: content shapes, helpers that make several calls, other hosts. */
export function extraRows(): ScenarioRow[] {
  const chat = (ctx: ScenarioContext, attributes: Record<string, Expected>, absent: string[] = []): SpanExpectation[] => [
    {
      name: `chat ${MODEL}`,
      attributes: { ...serverAttributes(ctx), [ATTR_GEN_AI_OPERATION_NAME]: 'chat', [ATTR_GEN_AI_REQUEST_MODEL]: MODEL, ...attributes },
      absent: [ATTR_ERROR_TYPE, ...absent],
      parent: 'session',
    },
  ];
  // The Azure client talks to the mock through its `fetch` option; the span names the Azure host.
  const azure = {
    [ATTR_GEN_AI_PROVIDER_NAME]: 'azure.ai.openai',
    [ATTR_SERVER_ADDRESS]: 'agentsight-test.openai.azure.com',
    [ATTR_SERVER_PORT]: 443,
  };
  const parisAndRome = outputParts('tool_calls', toolCall('get_weather', { city: 'Paris' }), toolCall('get_weather', { city: 'Rome' }));
  return [
    {
      name: 'chat.completions.runTools | two model calls under the caller span',
      path: 'chat.completions.runTools',
      endCase: 'completed',
      attempts: 2,
      notes: { 4: HELPERS_ON_4 },
      spans: (ctx) => runToolsSpans(ctx, false, false),
    },
    {
      name: 'chat.completions.runTools | second model call fails',
      path: 'chat.completions.runTools',
      endCase: 'http 400 on the second call',
      attempts: 2,
      notes: { 4: HELPERS_ON_4 },
      spans: (ctx) => runToolsSpans(ctx, false, true),
    },
    {
      name: 'chat.completions.runTools stream | two model calls under the caller span',
      path: 'chat.completions.runTools (stream: true)',
      endCase: 'completed',
      attempts: 2,
      notes: { 4: HELPERS_ON_4 },
      spans: (ctx) => runToolsSpans(ctx, true, false),
    },
    {
      name: 'chat.completions.create | parallel tool calls',
      path: 'chat.completions.create',
      endCase: 'completed with two tool calls',
      spans: (ctx) =>
        chat(ctx, {
          [ATTR_GEN_AI_INPUT_MESSAGES]: json(WEATHER_TWO_CITIES),
          [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: ['tool_calls'],
          [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 2,
          [ATTR_GEN_AI_OUTPUT_MESSAGES]: parisAndRome,
        }),
    },
    {
      name: 'chat.completions.create stream | parallel tool calls at indexes 1 and 3, interleaved',
      path: 'chat.completions.create stream',
      endCase: 'read to end, tool-call deltas interleaved',
      spans: (ctx) =>
        chat(ctx, {
          ...STREAMED,
          [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: ['tool_calls'],
          [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 5,
          [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 2,
          [ATTR_GEN_AI_OUTPUT_MESSAGES]: parisAndRome,
        }),
    },
    {
      name: 'chat.completions.create stream | caller asked for usage',
      path: 'chat.completions.create stream',
      endCase: 'read to end, usage chunk shown to the caller',
      spans: (ctx) => chat(ctx, { ...STREAMED, [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 5, [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 6 }),
    },
    {
      name: 'chat.completions.create | request parameters, two choices, cached and reasoning tokens',
      path: 'chat.completions.create',
      endCase: 'completed',
      spans: (ctx) =>
        chat(ctx, {
          [ATTR_GEN_AI_REQUEST_MAX_TOKENS]: 50,
          [ATTR_GEN_AI_REQUEST_TEMPERATURE]: 0.2,
          [ATTR_GEN_AI_REQUEST_TOP_P]: 0.9,
          [ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY]: 0.1,
          [ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY]: 0.3,
          [ATTR_GEN_AI_REQUEST_STOP_SEQUENCES]: ['END'],
          [ATTR_GEN_AI_REQUEST_SEED]: 42,
          [ATTR_GEN_AI_REQUEST_CHOICE_COUNT]: 2,
          [ATTR_OPENAI_REQUEST_SERVICE_TIER]: 'flex',
          [ATTR_OPENAI_RESPONSE_SERVICE_TIER]: 'flex',
          [ATTR_GEN_AI_OUTPUT_TYPE]: 'json',
          [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: ['stop', 'stop'],
          [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 2,
          [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 16,
          [ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]: 1,
          [ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS]: 4,
          // The image is a placeholder with its type and size, never its bytes.
          [ATTR_GEN_AI_INPUT_MESSAGES]: json([
            {
              role: 'user',
              parts: [
                { type: 'text', content: PROMPT },
                { type: 'omitted', modality: 'image', mime_type: 'image/png', size_bytes: 70 },
              ],
            },
          ]),
          [ATTR_GEN_AI_OUTPUT_MESSAGES]: json([...text(MOCK_TEXT, 'stop'), ...text(MOCK_TEXT, 'stop')]),
        }),
    },
    {
      name: 'responses.create | function call answered with its output',
      path: 'responses.create',
      endCase: 'completed',
      spans: (ctx) =>
        chat(
          ctx,
          {
            [ATTR_GEN_AI_REQUEST_MAX_TOKENS]: 100,
            [ATTR_GEN_AI_REQUEST_TEMPERATURE]: 0.5,
            [ATTR_GEN_AI_REQUEST_TOP_P]: 0.8,
            [ATTR_OPENAI_REQUEST_SERVICE_TIER]: 'priority',
            [ATTR_OPENAI_RESPONSE_SERVICE_TIER]: 'priority',
            [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: ['completed'],
            [ATTR_GEN_AI_INPUT_MESSAGES]: json([
              {
                role: 'user',
                parts: [
                  { type: 'text', content: 'Weather in Paris?' },
                  { type: 'uri', modality: 'image', uri: 'https://example.com/paris.png' },
                ],
              },
              { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }] },
              { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: 'sunny' }] },
            ]),
            [ATTR_GEN_AI_OUTPUT_MESSAGES]: json(text(MOCK_TEXT, 'completed')),
          },
          [ATTR_GEN_AI_SYSTEM_INSTRUCTIONS],
        ),
    },
    {
      name: 'responses.create stream | function call',
      path: 'responses.create stream',
      endCase: 'read to end, function-call argument deltas',
      spans: (ctx) =>
        chat(ctx, {
          ...STREAMED,
          [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: ['completed'],
          [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 1,
          [ATTR_GEN_AI_OUTPUT_MESSAGES]: outputParts('completed', toolCall('get_weather', { city: 'Paris' })),
          [ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]: positiveNumber,
        }),
    },
    {
      name: 'responses.create | incomplete at max_output_tokens, with reasoning and cached tokens',
      path: 'responses.create',
      endCase: 'completed, incomplete',
      spans: (ctx) => [
        {
          name: 'chat o4-mini',
          attributes: {
            ...serverAttributes(ctx),
            [ATTR_GEN_AI_REQUEST_MAX_TOKENS]: 3,
            [ATTR_GEN_AI_RESPONSE_MODEL]: 'o4-mini-2025-04-16',
            [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: ['max_output_tokens'],
            [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 2,
            [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 8,
            [ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]: 1,
            [ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS]: 5,
            [ATTR_GEN_AI_OUTPUT_MESSAGES]: json(text('Hello from the', 'max_output_tokens')),
          },
          absent: [ATTR_ERROR_TYPE],
          parent: 'session',
        },
      ],
    },
    {
      name: 'embeddings.create | float asked, with dimensions',
      path: 'embeddings.create',
      endCase: 'completed',
      spans: (ctx) => [
        {
          name: 'embeddings text-embedding-3-small',
          attributes: {
            ...serverAttributes(ctx),
            [ATTR_GEN_AI_REQUEST_ENCODING_FORMATS]: ['float'],
            [ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT]: 3,
            [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 2,
          },
          absent: [ATTR_ERROR_TYPE, ATTR_GEN_AI_USAGE_OUTPUT_TOKENS],
          parent: 'session',
        },
      ],
    },
    {
      name: 'embeddings.create | base64 asked',
      path: 'embeddings.create',
      endCase: 'completed',
      spans: (ctx) => [
        {
          name: 'embeddings text-embedding-3-small',
          attributes: {
            ...serverAttributes(ctx),
            [ATTR_GEN_AI_REQUEST_ENCODING_FORMATS]: ['base64'],
            [ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT]: 4,
            [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 2,
          },
          absent: [ATTR_ERROR_TYPE, ATTR_GEN_AI_USAGE_OUTPUT_TOKENS],
          parent: 'session',
        },
      ],
    },
    {
      name: 'azure chat.completions.create',
      path: 'AzureOpenAI chat.completions.create',
      endCase: 'completed',
      spans: (ctx) => chat(ctx, { ...chatCompleted(MOCK_TEXT, [5, 6]), ...azure }),
    },
    {
      name: 'azure chat.completions.create stream',
      path: 'AzureOpenAI chat.completions.create stream',
      endCase: 'read to end',
      spans: (ctx) => chat(ctx, { ...STREAMED, ...chatCompleted(MOCK_TEXT, [5, 6]), ...azure }),
    },
    {
      name: 'groq base URL chat.completions.create',
      path: 'OpenAI-compatible base URL chat.completions.create',
      endCase: 'completed',
      spans: () => [
        {
          name: 'chat llama-3.3-70b-versatile',
          attributes: {
            [ATTR_GEN_AI_PROVIDER_NAME]: 'groq',
            [ATTR_SERVER_ADDRESS]: 'api.groq.com',
            [ATTR_SERVER_PORT]: 443,
            [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: ['stop'],
            [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 5,
          },
          absent: [ATTR_ERROR_TYPE],
          parent: 'session',
        },
      ],
    },
  ];
}
