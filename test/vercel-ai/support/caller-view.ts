/**
 * What the caller of one scenario saw (the app's JSON), reduced to what the spans must tell: the
 * steps its call completed (each one model call's answer), and the error it got.
 */
import type { Observed } from '../../support/scenario-harness';
import type { Family } from '../scenario-table';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Json => (isObject(v) ? v : {});

/** One model call's answer, as the SDK handed it to the caller. */
export interface SeenStep {
  text?: string;
  reasoningText?: string;
  finishReason?: string;
  /** The SDK's usage (flat in ai 5, with details in ai 6 and 7). */
  usage: Json;
  response?: { id?: string; modelId?: string };
  toolCalls: Array<{ toolCallId: string; toolName: string; input: unknown }>;
  /** ai 5's Anthropic cache writes (in the provider metadata only). */
  cacheCreationInputTokens?: number;
}

export interface CallerView {
  /** The model calls' answers, when the caller saw them. */
  steps?: SeenStep[];
  /** The error the call failed with (its `name`, `AI_` prefix and all). */
  errorName?: string;
  /** Embeddings: the tokens and dimensions the caller got. */
  embedding?: { tokens: number; dimensions: number };
}

function step(value: unknown): SeenStep {
  const s = obj(value);
  return {
    ...(typeof s.text === 'string' ? { text: s.text } : {}),
    ...(typeof s.reasoningText === 'string' ? { reasoningText: s.reasoningText } : {}),
    ...(typeof s.finishReason === 'string' ? { finishReason: s.finishReason } : {}),
    usage: obj(s.usage),
    ...(isObject(s.response) ? { response: s.response as SeenStep['response'] } : {}),
    toolCalls: Array.isArray(s.toolCalls) ? (s.toolCalls as SeenStep['toolCalls']) : [],
    ...(typeof s.cacheCreationInputTokens === 'number' ? { cacheCreationInputTokens: s.cacheCreationInputTokens } : {}),
  };
}

const errorName = (value: unknown): string | undefined => {
  const name = obj(value).name;
  return typeof name === 'string' ? name : undefined;
};

export function callerView(family: Family, observed: Observed): CallerView {
  if (family === 'promise') {
    if (observed.error) return { ...(errorName(observed.error) ? { errorName: errorName(observed.error)! } : {}) };
    const result = obj(observed.result);
    if (isObject(result.embedding) || Array.isArray(result.embeddings)) {
      const first = isObject(result.embedding) ? result.embedding : obj((result.embeddings as unknown[])[0]);
      return { embedding: { tokens: obj(result.usage).tokens as number, dimensions: first.length as number } };
    }
    // generateObject has no steps: its one call is the result.
    const steps = Array.isArray(result.steps) ? result.steps.map(step) : [step(result)];
    return { steps };
  }
  const finals = obj(observed.finals);
  const thrown = errorName(obj(observed.chunks).error) ?? errorName(obj(finals.text).error) ?? errorName(obj(finals.finishReason).error);
  const stepsValue = obj(finals.steps).value;
  // streamObject has no steps either: its finish reason and usage are the call's.
  const steps = Array.isArray(stepsValue)
    ? stepsValue.map(step)
    : isObject(obj(finals.usage).value)
      ? [step({ finishReason: obj(finals.finishReason).value, usage: obj(finals.usage).value })]
      : undefined;
  return { ...(steps ? { steps } : {}), ...(thrown ? { errorName: thrown } : {}) };
}
