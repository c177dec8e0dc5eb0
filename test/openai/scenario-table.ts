/**
 * The OpenAI scenario table: every call path × every end case that applies, plus the content,
 * helper and host scenarios, each with the LLM spans it must produce. The scenarios themselves
 * (how the caller makes and consumes each call) are in `scenario-app/scenarios.cjs`, keyed by the
 * same names; the suite checks that both lists agree.
 *
 * Every scenario runs on every openai major. Where a version does it differently, `notes` says
 * how and the expectation adapts; none is skipped.
 */
import {
  ATTR_AGENTSIGHT_ENDED_BY,
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_TYPE,
  ATTR_GEN_AI_REQUEST_ENCODING_FORMATS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ENDED_BY,
} from '../../src/semconv';
import { extraRows } from './scenario-extras';
import {
  type Major,
  MAJORS,
  type ScenarioContext,
  type SpanExpectation,
  type ScenarioRow,
  type Expected,
  positiveNumber,
  observedResponseId,
  MODEL,
  MOCK_TEXT,
  JSON_TEXT,
  chatRequest,
  chatCompleted,
  responsesRequest,
  responsesCompleted,
  completionsRequest,
  completionsCompleted,
  STREAMED,
  HELPERS_ON_4,
  serverAttributes,
  RESPONSE_ATTRIBUTES,
} from './scenario-expectations';

export { MAJORS, type Major, type ScenarioRow, type SpanExpectation } from './scenario-expectations';

type Family = 'json' | 'stream' | 'helper';

interface PathSpec {
  family: Family;
  spanName: string;
  /** Attributes known from the request. */
  request: Record<string, Expected>;
  /** Attributes of a completed call (response, usage, content). */
  completed: Record<string, Expected>;
  /** Attributes a completed call must not have. */
  completedAbsent?: string[];
  notes?: Partial<Record<Major, string>>;
}

/**
 * The call paths. Input tokens follow the mock's rule (words of the prompt: "You are brief." and
 * "Say hello" are 5), output tokens the words generated (6 for the mock's default text, 1 for a
 * JSON answer). Chat streams get usage because the suite runs with `openaiStreamUsage: always`.
 */
export const CALL_PATHS: Record<string, PathSpec> = {
  'chat.completions.create': {
    family: 'json',
    spanName: `chat ${MODEL}`,
    request: chatRequest(),
    completed: chatCompleted(MOCK_TEXT, [5, 6]),
  },
  'chat.completions.parse': {
    family: 'json',
    spanName: `chat ${MODEL}`,
    request: chatRequest({ [ATTR_GEN_AI_OUTPUT_TYPE]: 'json' }),
    completed: chatCompleted(JSON_TEXT, [5, 1]),
    notes: { 4: HELPERS_ON_4 },
  },
  'responses.create': {
    family: 'json',
    spanName: `chat ${MODEL}`,
    request: responsesRequest(),
    completed: responsesCompleted(MOCK_TEXT, [5, 6]),
  },
  'responses.parse': {
    family: 'json',
    spanName: `chat ${MODEL}`,
    request: responsesRequest({ [ATTR_GEN_AI_OUTPUT_TYPE]: 'json' }, false),
    completed: responsesCompleted(JSON_TEXT, [2, 1]),
  },
  'embeddings.create': {
    family: 'json',
    spanName: 'embeddings text-embedding-3-small',
    request: { [ATTR_GEN_AI_OPERATION_NAME]: 'embeddings', [ATTR_GEN_AI_REQUEST_MODEL]: 'text-embedding-3-small' },
    // The SDK asks for base64 by itself and decodes it; the caller asked no format, so none is recorded.
    completed: {
      [ATTR_GEN_AI_RESPONSE_MODEL]: 'text-embedding-3-small',
      [ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT]: 4,
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 4,
    },
    completedAbsent: [
      ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
      ATTR_GEN_AI_REQUEST_ENCODING_FORMATS,
      ATTR_GEN_AI_INPUT_MESSAGES,
      ATTR_GEN_AI_OUTPUT_MESSAGES,
      ATTR_GEN_AI_RESPONSE_ID,
    ],
  },
  'completions.create': {
    family: 'json',
    spanName: 'text_completion gpt-3.5-turbo-instruct',
    request: completionsRequest(),
    completed: completionsCompleted([2, 6]),
  },

  'chat.completions.create stream': {
    family: 'stream',
    spanName: `chat ${MODEL}`,
    request: chatRequest(STREAMED),
    completed: chatCompleted(MOCK_TEXT, [5, 6]),
  },
  'responses.create stream': {
    family: 'stream',
    spanName: `chat ${MODEL}`,
    request: responsesRequest(STREAMED),
    completed: responsesCompleted(MOCK_TEXT, [5, 6]),
  },
  // Usage is asked for on chat streams only: a legacy completions stream carries none unless the caller asks.
  'completions.create stream': {
    family: 'stream',
    spanName: 'text_completion gpt-3.5-turbo-instruct',
    request: completionsRequest(STREAMED),
    completed: completionsCompleted(undefined),
    completedAbsent: [ATTR_GEN_AI_USAGE_INPUT_TOKENS],
  },

  'chat.completions.stream()': {
    family: 'helper',
    spanName: `chat ${MODEL}`,
    request: chatRequest(STREAMED),
    completed: chatCompleted(MOCK_TEXT, [5, 6]),
    notes: { 4: HELPERS_ON_4 },
  },
  'responses.stream()': {
    family: 'helper',
    spanName: `chat ${MODEL}`,
    request: responsesRequest(STREAMED),
    completed: responsesCompleted(MOCK_TEXT, [5, 6]),
  },
};

// ---------------------------------------------------------------------------------------------
// End cases: what they do to the span

type FixedOutcome =
  | { kind: 'completed' }
  | { kind: 'error'; errorType: string | ((ctx: ScenarioContext, path: string) => string) }
  | { kind: 'ended'; endedBy: string; responseId: boolean };
/** An outcome, or one that the SDK itself decides, version by version. */
type Outcome = FixedOutcome | { kind: 'by-version'; outcome: (major: Major) => FixedOutcome };

interface EndCase {
  outcome: Outcome;
  /** The SDK may read the whole answer after the stop (the span may then hold usage and finish reasons). */
  mayReadOn?: boolean;
  attempts?: number;
  /** The call goes to the closed port. */
  dead?: boolean;
  /** How a version differs, for the paths it names (`undefined`: all paths of the family). */
  notes?: Partial<Record<Major, string>>;
  notesFor?: (path: string) => boolean;
  /** First-chunk timing is recorded (a stream's first chunk arrived). */
  firstChunk?: boolean;
}

const COMPLETED: Outcome = { kind: 'completed' };

const JSON_END_CASES: Record<string, EndCase> = {
  completed: { outcome: COMPLETED },
  'withResponse()': { outcome: COMPLETED },
  'asResponse() only': { outcome: { kind: 'ended', endedBy: ENDED_BY.RAW_RESPONSE, responseId: false } },
  '_thenUnwrap()': { outcome: COMPLETED },
  'http 400': { outcome: { kind: 'error', errorType: 'BadRequestError' } },
  'http 500 after retries': { outcome: { kind: 'error', errorType: 'InternalServerError' }, attempts: 3 },
  'http 429 then retried ok': { outcome: COMPLETED, attempts: 2 },
  'connection refused': { outcome: { kind: 'error', errorType: 'APIConnectionError' }, dead: true },
  'aborted by signal': { outcome: { kind: 'error', errorType: 'APIUserAbortError' } },
  'body cut mid-way': {
    outcome: {
      kind: 'by-version',
      outcome: (major): FixedOutcome =>
        major === 4 ? { kind: 'ended', endedBy: ENDED_BY.PROCESS_EXIT, responseId: false } : { kind: 'error', errorType: 'TypeError' },
    },
    notes: { 4: 'the SDK never settles the body read after the cut (the caller waits for ever); the span ends at process exit' },
  },
};

/** A stream cut by the server: the SDK's own error (the helpers hand the caller an `OpenAIError` built from it). */
const CUT: Outcome = { kind: 'by-version', outcome: (major) => ({ kind: 'error', errorType: major === 4 ? 'Error' : 'TypeError' }) };
/** openai 5 and 6 hand a Responses `error` event to the caller as an event: the span fails with its code. */
const IN_BAND: Outcome = {
  kind: 'error',
  errorType: (ctx, path) => (path.startsWith('responses') && (ctx.major === 5 || ctx.major === 6) ? 'server_error' : 'APIError'),
};
const IN_BAND_NOTES = {
  notes: {
    5: 'the SDK yields the `error` event instead of throwing it; the span fails with its code (`server_error`)',
    6: 'the SDK yields the `error` event instead of throwing it; the span fails with its code (`server_error`)',
  },
  notesFor: (path: string) => path.startsWith('responses'),
};
const STREAM_END_CASES: Record<string, EndCase> = {
  'read to end': { outcome: COMPLETED, firstChunk: true },
  'break after 2 chunks': { outcome: { kind: 'ended', endedBy: ENDED_BY.CALLER_STOPPED, responseId: true }, firstChunk: true },
  'iterator return()': { outcome: { kind: 'ended', endedBy: ENDED_BY.CALLER_STOPPED, responseId: true }, firstChunk: true },
  'aborted by signal after first chunk': { outcome: { kind: 'ended', endedBy: ENDED_BY.ABORT, responseId: true }, firstChunk: true },
  'stream.controller.abort()': { outcome: { kind: 'ended', endedBy: ENDED_BY.ABORT, responseId: true }, firstChunk: true },
  'cut mid-way': {
    outcome: CUT,
    firstChunk: true,
    notes: { 4: 'the cut surfaces as `Error: Premature close` (openai 5-7: `TypeError: terminated`)' },
  },
  'in-band error event': { outcome: IN_BAND, firstChunk: true, ...IN_BAND_NOTES },
  'http 429 not retried': { outcome: { kind: 'error', errorType: 'RateLimitError' } },
  'tee()': { outcome: COMPLETED, firstChunk: true },
  'toReadableStream()': { outcome: COMPLETED, firstChunk: true },
  'asResponse() only': { outcome: { kind: 'ended', endedBy: ENDED_BY.RAW_RESPONSE, responseId: false } },
  'withResponse()': { outcome: COMPLETED, firstChunk: true },
};

const HELPER_END_CASES: Record<string, EndCase> = {
  'read to end': { outcome: COMPLETED, firstChunk: true },
  // The helper aborts its request when the caller leaves it; what it had already read before is the SDK's business.
  'break after 2 events': {
    outcome: { kind: 'ended', endedBy: ENDED_BY.ABORT, responseId: true },
    firstChunk: true,
    mayReadOn: true,
    notes: {
      4: 'the helper reads on through the chunks already received, so the span may hold the whole answer',
      5: 'the helper reads on through the chunks already received, so the span may hold the whole answer',
      6: 'the helper reads on through the chunks already received, so the span may hold the whole answer',
    },
  },
  'abort() after first event': { outcome: { kind: 'ended', endedBy: ENDED_BY.ABORT, responseId: true }, firstChunk: true },
  'cut mid-way': { outcome: CUT, firstChunk: true, notes: { 4: 'the cut surfaces as `Error: Premature close`' } },
  'in-band error event': { outcome: IN_BAND, firstChunk: true, ...IN_BAND_NOTES },
  'http 400': { outcome: { kind: 'error', errorType: 'BadRequestError' } },
};

export const END_CASES: Record<Family, Record<string, EndCase>> = {
  json: JSON_END_CASES,
  stream: STREAM_END_CASES,
  helper: HELPER_END_CASES,
};

function matrixSpan(pathName: string, path: PathSpec, endCase: EndCase, ctx: ScenarioContext): SpanExpectation {
  const outcome = endCase.outcome.kind === 'by-version' ? endCase.outcome.outcome(ctx.major) : endCase.outcome;
  const base = { ...serverAttributes(ctx, endCase.dead), ...path.request };
  const firstChunk: Record<string, Expected> = endCase.firstChunk ? { [ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]: positiveNumber } : {};
  const noFirstChunk = endCase.firstChunk ? [] : [ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK];
  switch (outcome.kind) {
    case 'completed': {
      const id = observedResponseId(ctx.observed);
      return {
        name: path.spanName,
        attributes: { ...base, ...path.completed, ...firstChunk, ...(id ? { [ATTR_GEN_AI_RESPONSE_ID]: id } : {}) },
        absent: [ATTR_ERROR_TYPE, ATTR_AGENTSIGHT_ENDED_BY, ...noFirstChunk, ...(path.completedAbsent ?? [])],
        parent: 'session',
      };
    }
    case 'error': {
      const errorType = typeof outcome.errorType === 'function' ? outcome.errorType(ctx, pathName) : outcome.errorType;
      return {
        name: path.spanName,
        attributes: { ...base, ...firstChunk },
        absent: [ATTR_AGENTSIGHT_ENDED_BY, ...RESPONSE_ATTRIBUTES, ...noFirstChunk],
        error: errorType,
        parent: 'session',
      };
    }
    case 'ended': {
      const id = observedResponseId(ctx.observed);
      return {
        name: path.spanName,
        attributes: {
          ...base,
          ...firstChunk,
          [ATTR_AGENTSIGHT_ENDED_BY]: outcome.endedBy,
          ...(outcome.responseId && id ? { [ATTR_GEN_AI_RESPONSE_ID]: id } : {}),
        },
        // A stream left early has no finish reason nor usage yet (unless the SDK reads on by itself).
        absent: [ATTR_ERROR_TYPE, ...(endCase.mayReadOn && ctx.major !== 7 ? [] : RESPONSE_ATTRIBUTES), ...noFirstChunk],
        parent: 'session',
      };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The table

function matrixRows(): ScenarioRow[] {
  const rows: ScenarioRow[] = [];
  for (const [pathName, path] of Object.entries(CALL_PATHS)) {
    for (const [caseName, endCase] of Object.entries(END_CASES[path.family])) {
      const notes: Partial<Record<Major, string>> = {};
      for (const major of MAJORS) {
        const endNote = !endCase.notesFor || endCase.notesFor(pathName) ? endCase.notes?.[major] : undefined;
        const note = [path.notes?.[major], endNote].filter(Boolean).join('\n');
        if (note) notes[major] = note;
      }
      rows.push({
        name: `${pathName} | ${caseName}`,
        path: pathName,
        endCase: caseName,
        ...(endCase.attempts ? { attempts: endCase.attempts } : {}),
        ...(Object.keys(notes).length > 0 ? { notes } : {}),
        spans: (ctx) => [matrixSpan(pathName, path, endCase, ctx)],
      });
    }
  }
  return rows;
}

/** Every scenario, matrix first. */
export const SCENARIO_TABLE: readonly ScenarioRow[] = [...matrixRows(), ...extraRows()];
