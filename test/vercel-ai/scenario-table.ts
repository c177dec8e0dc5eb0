/**
 * The Vercel AI SDK scenario table: every call path x every end case of its family, plus the
 * content, telemetry and loading scenarios, each with how its model calls and its agent loop must
 * end. The scenarios themselves (how the caller makes and consumes each call) are in
 * `scenario-app/scenarios.cjs`, under the same names; the suite checks that both lists agree.
 *
 * Every scenario runs on every `ai` major. Where a major does it differently, `notes` says how and
 * the expectation adapts; none is skipped.
 */
import { GEN_AI_OPERATION, GEN_AI_PROVIDER } from '../../src/semconv';

export const MAJORS = ['5', '6', '7'] as const;
export type Major = (typeof MAJORS)[number];

/** The npm aliases of a major's app: `ai` with the provider packages of its generation. */
export const PACKAGES: Readonly<Record<Major, readonly string[]>> = {
  '5': ['ai-5', 'ai-sdk-openai-2', 'ai-sdk-anthropic-2'],
  '6': ['ai-6', 'ai-sdk-openai-3', 'ai-sdk-anthropic-3'],
  '7': ['ai-7', 'ai-sdk-openai-4', 'ai-sdk-anthropic-4', 'ai-sdk-otel-1'],
};

export const MODEL = 'gpt-4o-mini';
export const ANTHROPIC_MODEL = 'claude-haiku-4-5';
export const EMBEDDING_MODEL = 'text-embedding-3-small';
export const SYSTEM = 'You are brief.';
export const PROMPT = 'Say hello';
export const LOOP_PROMPT = 'Weather in Paris?';

export type Family = 'promise' | 'stream';

export interface PathSpec {
  family: Family;
  provider: string;
  operation: string;
  model: string;
  /** An agent loop (`invoke_agent {agent}`, a step per model call) that first calls `get_weather`. */
  agent?: string;
  /** Its model calls ask for JSON (`gen_ai.output.type`). */
  json?: boolean;
}

const OPENAI = { provider: GEN_AI_PROVIDER.OPENAI, operation: GEN_AI_OPERATION.CHAT, model: MODEL };
const ANTHROPIC = { provider: GEN_AI_PROVIDER.ANTHROPIC, operation: GEN_AI_OPERATION.CHAT, model: ANTHROPIC_MODEL };
const EMBEDDINGS = { provider: GEN_AI_PROVIDER.OPENAI, operation: GEN_AI_OPERATION.EMBEDDINGS, model: EMBEDDING_MODEL };

/** The call paths, with the model each one calls (OpenAI through Responses unless `[openai.chat]`). */
export const CALL_PATHS: Record<string, PathSpec> = {
  generateText: { family: 'promise', ...OPENAI },
  'generateText [openai.chat]': { family: 'promise', ...OPENAI },
  'generateText [anthropic]': { family: 'promise', ...ANTHROPIC },
  generateObject: { family: 'promise', ...OPENAI, json: true },
  embed: { family: 'promise', ...EMBEDDINGS },
  embedMany: { family: 'promise', ...EMBEDDINGS },
  'generateText with tools': { family: 'promise', ...OPENAI, agent: MODEL },
  'agent.generate': { family: 'promise', ...ANTHROPIC, agent: 'weather-agent' },
  streamText: { family: 'stream', ...OPENAI },
  'streamText [openai.chat]': { family: 'stream', ...OPENAI },
  'streamText [anthropic]': { family: 'stream', ...ANTHROPIC },
  streamObject: { family: 'stream', ...OPENAI, json: true },
  'streamText with tools': { family: 'stream', ...ANTHROPIC, agent: ANTHROPIC_MODEL },
  'agent.stream': { family: 'stream', ...OPENAI, agent: 'weather-agent' },
};

/**
 * How a scenario's model calls end:
 * - `completed`: every model call completed (a loop: two steps, the first calling the tool);
 * - `error`: its one model call failed with `type` (a loop fails with the error its caller got);
 * - `aborted`: its last model call ended by the abort signal, and the loop with it;
 * - `left`: the caller left the stream; what the SDK still reads ends as it would, the rest when
 *   the result is garbage collected or at exit (`caller_stopped` or `process_exit`).
 */
export type Outcome = { kind: 'completed' } | { kind: 'error'; type: string } | { kind: 'aborted' } | { kind: 'left' };

export interface EndCase {
  outcome: (major: Major, path: string) => Outcome;
  /** How a major differs, for the paths it names. */
  notes?: (major: Major, path: string) => string | undefined;
}

const always = (outcome: Outcome) => (): Outcome => outcome;
const COMPLETED = always({ kind: 'completed' });
const API_ERROR = always({ kind: 'error', type: 'APICallError' });

/** ai 5's OpenAI provider (2.x) drops a Responses stream's `error` event: the stream just ends. */
const droppedErrorEvent = (major: Major, path: string): boolean => major === '5' && (path === 'streamText' || path === 'streamObject');
const IN_BAND_TYPE: Record<string, string> = { openai: 'server_error', anthropic: 'overloaded_error' };

export const END_CASES: Record<Family, Record<string, EndCase>> = {
  promise: {
    completed: { outcome: COMPLETED },
    'http 400': { outcome: API_ERROR },
    'http 429 then retried ok': { outcome: COMPLETED },
    'http 500 after retries': { outcome: API_ERROR },
    'connection refused': { outcome: API_ERROR },
    'aborted by signal': { outcome: always({ kind: 'error', type: 'AbortError' }) },
  },
  stream: {
    'read to end': { outcome: COMPLETED },
    'break after 2 chunks': { outcome: always({ kind: 'left' }) },
    'never read': { outcome: always({ kind: 'left' }) },
    'aborted by signal after first chunk': { outcome: always({ kind: 'aborted' }) },
    'cut mid-way': { outcome: API_ERROR },
    'in-band error event': {
      outcome: (major, path) =>
        droppedErrorEvent(major, path) ? { kind: 'completed' } : { kind: 'error', type: IN_BAND_TYPE[CALL_PATHS[path]!.provider]! },
      notes: (major, path) =>
        droppedErrorEvent(major, path)
          ? '@ai-sdk/openai 2 ends a Responses stream quietly at its `error` event: the call completes with finish reason `unknown`, as the caller sees it'
          : undefined,
    },
    'http 400': { outcome: API_ERROR },
    'http 429 then retried ok': { outcome: COMPLETED },
  },
};

export interface ScenarioRow {
  /** `<call path> | <end case>`. */
  name: string;
  path: string;
  endCase: string;
  outcome: (major: Major) => Outcome;
  /** How a major differs, when it does. */
  notes?: Partial<Record<Major, string>>;
  /** What the row checks beyond the path's spans (the scenarios beyond the matrix). */
  checks?: string;
}

function row(path: string, endCase: string, name = `${path} | ${endCase}`, checks?: string): ScenarioRow {
  const family = CALL_PATHS[path]!.family;
  const spec = END_CASES[family][endCase]!;
  const notes: Partial<Record<Major, string>> = {};
  for (const major of MAJORS) {
    const note = spec.notes?.(major, path);
    if (note) notes[major] = note;
  }
  return {
    name,
    path,
    endCase,
    outcome: (major) => spec.outcome(major, path),
    ...(Object.keys(notes).length > 0 ? { notes } : {}),
    ...(checks ? { checks } : {}),
  };
}

function matrixRows(): ScenarioRow[] {
  return Object.entries(CALL_PATHS).flatMap(([path, spec]) => Object.keys(END_CASES[spec.family]).map((endCase) => row(path, endCase)));
}

/** The scenarios beyond the matrix, with what each checks besides the spans of its path. */
function extraRows(): ScenarioRow[] {
  const telemetry = 'the SDK makes its own spans, in the same trace; none of them is a second span of a model call';
  return [
    row(
      'generateText [anthropic]',
      'completed',
      'generateText [anthropic] | rich input',
      'sampling parameters; images and a PDF as placeholders with their size; the tool call and tool result of the history',
    ),
    row(
      'generateText [anthropic]',
      'completed',
      'generateText [anthropic] | cache usage',
      'cache reads and writes counted into the input tokens',
    ),
    row('generateText [anthropic]', 'completed', 'generateText [anthropic] | thinking', 'the reasoning in the output messages'),
    row('generateText', 'completed', 'generateText | cached and reasoning tokens', 'cache read and reasoning tokens'),
    row(
      'streamText [anthropic]',
      'read to end',
      'streamText [anthropic] | tool use without execute',
      'a tool the caller runs: one step, no tool span, the tool call in the output',
    ),
    row('generateText', 'completed', 'generateText with a model id | completed', 'a model id resolved by the global default provider'),
    row('generateText', 'completed', 'generateText [AI SDK telemetry on] | completed', telemetry),
    row('generateText with tools', 'completed', 'generateText with tools [AI SDK telemetry on] | completed', telemetry),
    row('streamText with tools', 'read to end', 'streamText with tools [AI SDK telemetry on] | read to end', telemetry),
    row('embed', 'completed', 'embed [AI SDK telemetry on] | completed', telemetry),
    row('generateText', 'completed', 'generateText | CommonJS build in an ESM app', 'ESM app only: `ai` loaded through require too'),
  ];
}

/** Every scenario, matrix first. */
export const SCENARIO_TABLE: readonly ScenarioRow[] = [...matrixRows(), ...extraRows()];

/** The SDK's own spans are on in these scenarios. */
export const withSdkTelemetry = (name: string): boolean => name.includes('[AI SDK telemetry on]');
