/**
 * What the OpenAI scenario suite expects of spans, in parts: the types of the table, the mock's
 * deterministic answers (models, texts, token counts) and the attribute sets that follow from them.
 * `scenario-table.ts` builds the matrix from these, `scenario-extras.ts` the other scenarios.
 */
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_OPENAI_RESPONSE_SERVICE_TIER,
  ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from '../../src/semconv';

export type Major = 4 | 5 | 6 | 7;
export const MAJORS: readonly Major[] = [4, 5, 6, 7];

/** What a span expectation is checked against. */
export interface ScenarioContext {
  major: Major;
  /** What the caller observed (instrumented run). */
  observed: unknown;
  mockPort: number;
  deadPort: number;
}

/** An attribute value, or a check of it. */
export type Expected = string | number | boolean | string[] | ((value: unknown) => boolean);

/** One LLM span a scenario must produce. */
export interface SpanExpectation {
  name: string;
  /** Attributes that must be there with these values (or pass these checks). */
  attributes: Record<string, Expected>;
  /** Attributes that must not be there. */
  absent: string[];
  /** `error.type` of a failed call (the span's status is then ERROR; else it is not). */
  error?: string;
  /** The span's parent: the scenario's session, or the agent span the caller opened. */
  parent: 'session' | 'agent';
}

export interface ScenarioRow {
  /** `<call path> | <end case>`, or a descriptive name for the scenarios beyond the matrix. */
  name: string;
  path: string;
  endCase: string;
  /** HTTP requests the mock must receive (retries included), when it is not one. */
  attempts?: number;
  /** How a version differs, when it does (one note a line). */
  notes?: Partial<Record<Major, string>>;
  spans(ctx: ScenarioContext): SpanExpectation[];
}

// ---------------------------------------------------------------------------------------------
// Reading what the caller observed

/** The first response id (`chatcmpl-mock…`, `cmpl-mock…`, `resp_mock…`) the caller saw. */
export function observedResponseId(observed: unknown): string | undefined {
  return /"(chatcmpl-mock\d+|cmpl-mock\d+|resp_mock\d+)/.exec(JSON.stringify(observed))?.[1];
}

export const json =
  (expected: unknown) =>
  (value: unknown): boolean =>
    typeof value === 'string' && JSON.stringify(JSON.parse(value)) === JSON.stringify(expected);
export const positiveNumber = (value: unknown): boolean => typeof value === 'number' && value > 0;

// ---------------------------------------------------------------------------------------------
// What the mock answers, and the attributes that follow from it

export const MODEL = 'gpt-4o-mini';
export const MODEL_SNAPSHOT = 'gpt-4o-mini-2024-07-18';
export const MOCK_TEXT = 'Hello from the mock LLM server.';
export const JSON_TEXT = '{"answer":"hello"}';
export const SYSTEM = 'You are brief.';
export const PROMPT = 'Say hello';
export const FINGERPRINT = 'fp_4d9f1b3c7a';
export const CHAT_INPUT = [
  { role: 'system', parts: [{ type: 'text', content: SYSTEM }] },
  { role: 'user', parts: [{ type: 'text', content: PROMPT }] },
];
export const USER_PROMPT = [{ role: 'user', parts: [{ type: 'text', content: PROMPT }] }];
export const text = (content: string, finish: string) => [{ role: 'assistant', parts: [{ type: 'text', content }], finish_reason: finish }];

export const chatRequest = (extra: Record<string, Expected> = {}): Record<string, Expected> => ({
  [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
  [ATTR_GEN_AI_REQUEST_MODEL]: MODEL,
  [ATTR_GEN_AI_INPUT_MESSAGES]: json(CHAT_INPUT),
  ...extra,
});
export const chatCompleted = (content: string, usage: [number, number]): Record<string, Expected> => ({
  [ATTR_GEN_AI_RESPONSE_MODEL]: MODEL_SNAPSHOT,
  [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: ['stop'],
  [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: usage[0],
  [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: usage[1],
  [ATTR_OPENAI_RESPONSE_SERVICE_TIER]: 'default',
  [ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT]: FINGERPRINT,
  [ATTR_GEN_AI_OUTPUT_MESSAGES]: json(text(content, 'stop')),
});
export const responsesRequest = (extra: Record<string, Expected> = {}, instructions = true): Record<string, Expected> => ({
  [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
  [ATTR_GEN_AI_REQUEST_MODEL]: MODEL,
  ...(instructions ? { [ATTR_GEN_AI_SYSTEM_INSTRUCTIONS]: json([{ type: 'text', content: SYSTEM }]) } : {}),
  [ATTR_GEN_AI_INPUT_MESSAGES]: json(USER_PROMPT),
  ...extra,
});
export const responsesCompleted = (content: string, usage: [number, number]): Record<string, Expected> => ({
  [ATTR_GEN_AI_RESPONSE_MODEL]: MODEL_SNAPSHOT,
  [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: ['completed'],
  [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: usage[0],
  [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: usage[1],
  [ATTR_OPENAI_RESPONSE_SERVICE_TIER]: 'default',
  [ATTR_GEN_AI_OUTPUT_MESSAGES]: json(text(content, 'completed')),
});
export const completionsRequest = (extra: Record<string, Expected> = {}): Record<string, Expected> => ({
  [ATTR_GEN_AI_OPERATION_NAME]: 'text_completion',
  [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-3.5-turbo-instruct',
  [ATTR_GEN_AI_REQUEST_MAX_TOKENS]: 16,
  [ATTR_GEN_AI_INPUT_MESSAGES]: json(USER_PROMPT),
  ...extra,
});
export const completionsCompleted = (usage: [number, number] | undefined): Record<string, Expected> => ({
  [ATTR_GEN_AI_RESPONSE_MODEL]: 'gpt-3.5-turbo-instruct:20230824-v2',
  [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: ['stop'],
  ...(usage ? { [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: usage[0], [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: usage[1] } : {}),
  [ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT]: FINGERPRINT,
  [ATTR_GEN_AI_OUTPUT_MESSAGES]: json(text(MOCK_TEXT, 'stop')),
});
export const STREAMED = { [ATTR_GEN_AI_REQUEST_STREAM]: true };
export const HELPERS_ON_4 = 'through beta.chat.completions: openai 4 keeps parse, stream() and runTools there only';
/** Attributes every LLM span of the OpenAI client on the mock has. */
export function serverAttributes(ctx: ScenarioContext, dead = false): Record<string, Expected> {
  return {
    [ATTR_GEN_AI_PROVIDER_NAME]: 'openai',
    [ATTR_SERVER_ADDRESS]: '127.0.0.1',
    [ATTR_SERVER_PORT]: dead ? ctx.deadPort : ctx.mockPort,
  };
}

export const RESPONSE_ATTRIBUTES = [ATTR_GEN_AI_RESPONSE_FINISH_REASONS, ATTR_GEN_AI_USAGE_INPUT_TOKENS, ATTR_GEN_AI_USAGE_OUTPUT_TOKENS];
export const WEATHER_INPUT = [{ role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] }];
export const toolCall =
  (name: string, args: unknown) =>
  (part: unknown): boolean => {
    const p = part as { type?: string; id?: unknown; name?: string; arguments?: unknown };
    return p.type === 'tool_call' && typeof p.id === 'string' && p.name === name && JSON.stringify(p.arguments) === JSON.stringify(args);
  };
/** Output messages: one assistant message whose parts pass `checks`, in order. */
export const outputParts =
  (finish: string, ...checks: Array<(part: unknown) => boolean>) =>
  (value: unknown): boolean => {
    if (typeof value !== 'string') return false;
    const messages = JSON.parse(value) as Array<{ role: string; parts: unknown[]; finish_reason: string }>;
    const [message] = messages;
    return (
      messages.length === 1 &&
      message?.role === 'assistant' &&
      message.finish_reason === finish &&
      message.parts.length === checks.length &&
      checks.every((check, i) => check(message.parts[i]))
    );
  };
