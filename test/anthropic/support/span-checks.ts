/**
 * What the spans of one scenario must say, given what its caller saw: exactly one LLM span per
 * call (and none of the SDK's own unless asked for, then nested under ours), the semconv
 * attributes, usage with cache tokens counted in, content, how the span ended. Every check adds a
 * readable problem instead of throwing, so one run reports every difference at once.
 */
import { isDeepStrictEqual as same } from 'node:util';
import { SpanKind } from '@opentelemetry/api';
import type { OtlpSpan, OtlpValue } from '../../support/otlp-receiver';
import { MODEL, PROMPT, SYSTEM } from './app-constants';
import type { CallerView, Family, SeenMessage } from './caller-view';
import { STOPPED_CASES } from './caller-view';
import {
  AGENTSIGHT_OPERATION,
  ATTR_AGENTSIGHT_BATCH_REQUEST_COUNT,
  ATTR_AGENTSIGHT_COST_USD,
  ATTR_AGENTSIGHT_COUNT_TOKENS_INPUT_TOKENS,
  ATTR_AGENTSIGHT_ENDED_BY,
  ATTR_AGENTSIGHT_LLM_CALLS,
  ATTR_AGENTSIGHT_REQUEST_THINKING_BUDGET_TOKENS,
  ATTR_AGENTSIGHT_SPAN_KIND,
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_TYPE,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_STOP_SEQUENCES,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_K,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ENDED_BY,
  GEN_AI_OPERATION,
  GEN_AI_OUTPUT_TYPE,
  GEN_AI_PROVIDER,
  SPAN_KIND,
  NON_GENERATING_OPERATIONS,
} from '../../../src/semconv';

type Json = Record<string, unknown>;

/** OTLP kind numbers are the API's SpanKind plus one. */
const OTLP_CLIENT = SpanKind.CLIENT + 1;
const STATUS_ERROR = 2;

export interface ScenarioSpans {
  name: string;
  pathName: string;
  caseName: string;
  family: Family;
  view: CallerView;
  /** Every span of the scenario's session. */
  spans: OtlpSpan[];
  /** The mock's port (server.port), or the dead port for "connection refused". */
  port: number;
  /** The SDK's own spans are on (default: for the `[SDK spans on]` paths only). */
  nested?: boolean;
}

export const llmSpans = (spans: OtlpSpan[]): OtlpSpan[] => spans.filter((s) => s.attributes[ATTR_AGENTSIGHT_SPAN_KIND] === SPAN_KIND.LLM);

/** The SDK's own call spans (its tool runner and tool spans are not LLM calls). */
export const nativeSpans = (spans: OtlpSpan[]): OtlpSpan[] =>
  spans.filter(
    (s) => s.kind === OTLP_CLIENT && s.name.startsWith('anthropic.messages.') && s.attributes[ATTR_AGENTSIGHT_SPAN_KIND] === undefined,
  );

function operationOf(pathName: string): string {
  if (pathName.includes('countTokens')) return AGENTSIGHT_OPERATION.COUNT_TOKENS;
  if (pathName.includes('batches')) return AGENTSIGHT_OPERATION.CREATE_BATCH;
  return GEN_AI_OPERATION.CHAT;
}

function parseJson(value: OtlpValue | undefined): unknown {
  return typeof value === 'string' ? (JSON.parse(value) as unknown) : undefined;
}

/** The output parts a message's blocks must become (written independently of the mapping). */
function expectedParts(content: Json[]): Json[] {
  const parts: Json[] = [];
  for (const block of content) {
    if (block.type === 'text') parts.push({ type: 'text', content: block.text });
    if (block.type === 'thinking') parts.push({ type: 'reasoning', content: block.thinking });
    if (block.type === 'tool_use') parts.push({ type: 'tool_call', id: block.id, name: block.name, arguments: block.input });
  }
  return parts;
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

export function checkScenario(s: ScenarioSpans): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, problem: string): void => {
    if (!ok) problems.push(problem);
  };
  const { spans, view, family, pathName, caseName } = s;
  const nested = s.nested ?? pathName.includes('[SDK spans on]');
  const calls = pathName.includes('toolRunner') ? 2 : 1;
  const llm = llmSpans(spans);
  const native = nativeSpans(spans);

  check(llm.length === calls, `expected ${calls} LLM span(s), got ${llm.length}: ${spans.map((x) => x.name).join(', ')}`);
  if (nested) {
    check(native.length === llm.length, `expected the SDK's own span under each of ours, got ${native.length}`);
    for (const n of native)
      check(
        llm.some((l) => l.spanId === n.parentSpanId),
        `the SDK's span ${n.name} is not a child of our LLM span`,
      );
    for (const n of native) check(n.attributes[ATTR_AGENTSIGHT_COST_USD] === undefined, "the SDK's span carries our cost");
  } else {
    check(native.length === 0, `expected none of the SDK's own LLM spans, got ${native.map((n) => n.name).join(', ')}`);
  }
  // A raw-response call ends a turn after its response arrives, which a caller that reads a small
  // body and ends its session at once can beat; a call that never settles ends at process exit.
  // Their sessions' roll-ups are not checked.
  const session = spans.find((x) => x.parentSpanId === undefined);
  const operation = operationOf(pathName);
  // Token counts and batch submissions generate nothing: traced, not counted as LLM calls.
  const counted = NON_GENERATING_OPERATIONS.includes(operation) ? 0 : calls;
  if (view.outcome !== 'raw' && view.outcome !== 'pending') {
    check(
      session?.attributes[ATTR_AGENTSIGHT_LLM_CALLS] === counted,
      `the session counts ${String(session?.attributes[ATTR_AGENTSIGHT_LLM_CALLS])} LLM calls, not ${counted}`,
    );
  }

  for (const span of llm) {
    const a = span.attributes;
    check(span.kind === OTLP_CLIENT, 'the LLM span is not a CLIENT span');
    check(a[ATTR_GEN_AI_OPERATION_NAME] === operation, `operation ${String(a[ATTR_GEN_AI_OPERATION_NAME])}, expected ${operation}`);
    check(a[ATTR_GEN_AI_PROVIDER_NAME] === GEN_AI_PROVIDER.ANTHROPIC, `provider ${String(a[ATTR_GEN_AI_PROVIDER_NAME])}`);
    check(a[ATTR_GEN_AI_REQUEST_MODEL] === MODEL, `request model ${String(a[ATTR_GEN_AI_REQUEST_MODEL])}`);
    check(span.name === `${operation} ${MODEL}`, `span name ${span.name}`);
    check(
      a[ATTR_SERVER_ADDRESS] === '127.0.0.1' && a[ATTR_SERVER_PORT] === s.port,
      `server ${String(a[ATTR_SERVER_ADDRESS])}:${String(a[ATTR_SERVER_PORT])}`,
    );
  }
  if (calls !== 1) return problems;
  const span = llm[0];
  if (!span) return problems;
  const a = span.attributes;

  // How it ended.
  const endedBy = a[ATTR_AGENTSIGHT_ENDED_BY];
  if (view.outcome === 'error') {
    check(span.status.code === STATUS_ERROR, `status ${span.status.code}, expected ERROR`);
    const exception = span.events.find((e) => e.name === 'exception');
    // A MessageStream reports a failure of its stream as an AnthropicError with the same message.
    const sameError = a[ATTR_ERROR_TYPE] === view.error?.class || exception?.attributes['exception.message'] === view.error?.message;
    check(
      sameError,
      `${ATTR_ERROR_TYPE} ${String(a[ATTR_ERROR_TYPE])} / ${String(exception?.attributes['exception.message'])}, the caller got ${view.error?.class}: ${view.error?.message}`,
    );
  } else {
    check(span.status.code !== STATUS_ERROR, `status ERROR (${span.status.message}) for a call that did not fail`);
    const expected =
      view.outcome === 'raw'
        ? ENDED_BY.RAW_RESPONSE
        : view.outcome === 'pending'
          ? ENDED_BY.PROCESS_EXIT
          : view.outcome === 'stopped'
            ? STOPPED_CASES[caseName]
            : undefined;
    check(endedBy === expected, `${ATTR_AGENTSIGHT_ENDED_BY} ${String(endedBy)}, expected ${String(expected)}`);
  }

  // Request attributes.
  const streamed = family !== 'json';
  check((a[ATTR_GEN_AI_REQUEST_STREAM] === true) === streamed, `${ATTR_GEN_AI_REQUEST_STREAM} ${String(a[ATTR_GEN_AI_REQUEST_STREAM])}`);
  if (operation === GEN_AI_OPERATION.CHAT) {
    check(
      a[ATTR_GEN_AI_REQUEST_MAX_TOKENS] === (caseName === 'thinking' ? 2048 : 64),
      `max_tokens ${String(a[ATTR_GEN_AI_REQUEST_MAX_TOKENS])}`,
    );
    check(
      a[ATTR_AGENTSIGHT_REQUEST_THINKING_BUDGET_TOKENS] === (caseName === 'thinking' ? 1024 : undefined),
      `thinking budget ${String(a[ATTR_AGENTSIGHT_REQUEST_THINKING_BUDGET_TOKENS])}`,
    );
    check(
      a[ATTR_GEN_AI_OUTPUT_TYPE] === (pathName.includes('parse') ? GEN_AI_OUTPUT_TYPE.JSON : undefined),
      `output type ${String(a[ATTR_GEN_AI_OUTPUT_TYPE])}`,
    );
    if (caseName === 'rich input') {
      check(
        a[ATTR_GEN_AI_REQUEST_TEMPERATURE] === 0.2 && a[ATTR_GEN_AI_REQUEST_TOP_P] === 0.9 && a[ATTR_GEN_AI_REQUEST_TOP_K] === 40,
        'sampling parameters',
      );
      check(same(a[ATTR_GEN_AI_REQUEST_STOP_SEQUENCES], ['END']), 'stop sequences');
    }
    checkInputContent(a, caseName, check);
  }

  // Time to first chunk, on streams that delivered something.
  if (streamed && view.sawEvents) {
    const ttfc = a[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK];
    check(typeof ttfc === 'number' && ttfc > 0, `time_to_first_chunk ${String(ttfc)}`);
  }
  if (view.outcome === 'raw') check(a[ATTR_GEN_AI_USAGE_INPUT_TOKENS] === undefined, 'usage recorded from a body the caller read itself');

  if (operation === AGENTSIGHT_OPERATION.COUNT_TOKENS) {
    check(
      a[ATTR_GEN_AI_USAGE_INPUT_TOKENS] === undefined && a[ATTR_AGENTSIGHT_COST_USD] === undefined,
      'a token count carries usage or cost',
    );
    if (view.value)
      check(
        a[ATTR_AGENTSIGHT_COUNT_TOKENS_INPUT_TOKENS] === view.value.input_tokens,
        `count ${String(a[ATTR_AGENTSIGHT_COUNT_TOKENS_INPUT_TOKENS])}`,
      );
  }
  if (operation === AGENTSIGHT_OPERATION.CREATE_BATCH) {
    check(
      a[ATTR_GEN_AI_USAGE_INPUT_TOKENS] === undefined && a[ATTR_AGENTSIGHT_COST_USD] === undefined,
      'a batch submission carries usage or cost',
    );
    check(a[ATTR_AGENTSIGHT_BATCH_REQUEST_COUNT] === 2, `batch request count ${String(a[ATTR_AGENTSIGHT_BATCH_REQUEST_COUNT])}`);
    if (view.value) check(a[ATTR_GEN_AI_RESPONSE_ID] === view.value.id, `batch id ${String(a[ATTR_GEN_AI_RESPONSE_ID])}`);
  }
  if (view.message) checkMessage(a, view.message, view.outcome === 'ok', check);
  if (view.text !== undefined) {
    const output = parseJson(a[ATTR_GEN_AI_OUTPUT_MESSAGES]) as Array<{ parts: Json[] }> | undefined;
    check(output?.[0]?.parts.map((p) => p.content).join('') === view.text, 'output text differs from finalText()');
  }
  return problems;
}

function checkInputContent(a: Record<string, OtlpValue>, caseName: string, check: (ok: boolean, problem: string) => void): void {
  const system = parseJson(a[ATTR_GEN_AI_SYSTEM_INSTRUCTIONS]);
  check(same(system, [{ type: 'text', content: SYSTEM }]), `system instructions ${JSON.stringify(system)}`);
  const input = parseJson(a[ATTR_GEN_AI_INPUT_MESSAGES]) as Array<{ role: string; parts: Json[] }> | undefined;
  if (caseName !== 'rich input') {
    check(same(input?.[0], { role: 'user', parts: [{ type: 'text', content: PROMPT }] }), `input messages ${JSON.stringify(input)}`);
    return;
  }
  const [user, assistant, toolResult] = input ?? [];
  const kinds = user?.parts.map((p) => `${String(p.type)}:${String(p.modality ?? '')}:${String(p.mime_type ?? '')}`);
  check(
    same(kinds, ['text::', 'omitted:image:image/png', 'uri:image:', 'omitted:file:application/pdf']),
    `rich user parts ${JSON.stringify(user?.parts)}`,
  );
  check(user?.parts.every((p) => typeof p.size_bytes === 'number' || p.type !== 'omitted') === true, 'placeholders without a size');
  check(!JSON.stringify(input).includes('iVBORw0KGgo'), 'image bytes recorded');
  check(
    same(assistant?.parts[1], { type: 'tool_call', id: 'toolu_given', name: 'get_weather', arguments: { city: 'Paris' } }),
    `assistant tool call ${JSON.stringify(assistant)}`,
  );
  check(
    same(toolResult, { role: 'user', parts: [{ type: 'tool_call_response', id: 'toolu_given', response: 'sunny' }] }),
    `tool result ${JSON.stringify(toolResult)}`,
  );
}

function checkMessage(
  a: Record<string, OtlpValue>,
  m: SeenMessage,
  complete: boolean,
  check: (ok: boolean, problem: string) => void,
): void {
  check(a[ATTR_GEN_AI_RESPONSE_ID] === m.id, `response id ${String(a[ATTR_GEN_AI_RESPONSE_ID])}, the caller saw ${m.id}`);
  check(a[ATTR_GEN_AI_RESPONSE_MODEL] === m.model, `response model ${String(a[ATTR_GEN_AI_RESPONSE_MODEL])}`);
  const reasons = a[ATTR_GEN_AI_RESPONSE_FINISH_REASONS];
  check(same(reasons, m.stopReason ? [m.stopReason] : undefined), `finish reasons ${JSON.stringify(reasons)}, stop_reason ${m.stopReason}`);
  const u = m.usage;
  const cacheRead = num(u.cache_read_input_tokens);
  const cacheCreation = num(u.cache_creation_input_tokens);
  check(
    a[ATTR_GEN_AI_USAGE_INPUT_TOKENS] === num(u.input_tokens) + cacheRead + cacheCreation,
    `input tokens ${String(a[ATTR_GEN_AI_USAGE_INPUT_TOKENS])} for usage ${JSON.stringify(u)}`,
  );
  check(
    a[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS] === num(u.output_tokens),
    `output tokens ${String(a[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS])} for usage ${JSON.stringify(u)}`,
  );
  check(a[ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS] === (cacheRead > 0 ? cacheRead : undefined), 'cache read tokens');
  check(a[ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS] === (cacheCreation > 0 ? cacheCreation : undefined), 'cache creation tokens');
  check(
    typeof a[ATTR_AGENTSIGHT_COST_USD] === 'number' && (a[ATTR_AGENTSIGHT_COST_USD] as number) > 0,
    `cost ${String(a[ATTR_AGENTSIGHT_COST_USD])}`,
  );
  if (!complete) return;
  const output = parseJson(a[ATTR_GEN_AI_OUTPUT_MESSAGES]);
  const expected = [{ role: 'assistant', parts: expectedParts(m.content), finish_reason: m.stopReason ?? '' }];
  check(same(output, expected), `output messages ${JSON.stringify(output)}, expected ${JSON.stringify(expected)}`);
}
