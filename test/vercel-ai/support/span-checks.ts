/**
 * What the spans of one Vercel AI SDK scenario must say, given what its caller saw: one LLM span
 * per model call (retries included, none of the SDK's own beside it), the loop's `invoke_agent`
 * span with a step per model call and the tool executions inside the step, the semconv attributes,
 * usage in our convention, content, and how each span ended. Every check adds a readable problem
 * instead of throwing, so one run reports every difference at once.
 */
import { isDeepStrictEqual as same } from 'node:util';
import { SpanKind } from '@opentelemetry/api';
import {
  ATTR_AGENTSIGHT_COST_USD,
  ATTR_AGENTSIGHT_ENDED_BY,
  ATTR_AGENTSIGHT_ERROR_PROPAGATED,
  ATTR_AGENTSIGHT_LLM_CALLS,
  ATTR_AGENTSIGHT_SPAN_KIND,
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT,
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
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ENDED_BY,
  GEN_AI_OPERATION,
  GEN_AI_OUTPUT_TYPE,
  SPAN_KIND,
} from '../../../src/semconv';
import type { OtlpSpan, OtlpValue } from '../../support/otlp-receiver';
import {
  LOOP_PROMPT,
  PROMPT,
  SYSTEM,
  type Major,
  type Outcome,
  type PathSpec,
  type ScenarioRow,
  withSdkTelemetry,
} from '../scenario-table';
import type { CallerView, SeenStep } from './caller-view';

type Json = Record<string, unknown>;
type Check = (ok: boolean, problem: string) => void;

/** OTLP kind numbers are the API's SpanKind plus one. */
const OTLP_CLIENT = SpanKind.CLIENT + 1;
const STATUS_ERROR = 2;
const LEFT: readonly unknown[] = [undefined, ENDED_BY.CALLER_STOPPED, ENDED_BY.PROCESS_EXIT];

const kindOf = (span: OtlpSpan): unknown => span.attributes[ATTR_AGENTSIGHT_SPAN_KIND];
const byStart = (a: OtlpSpan, b: OtlpSpan): number => (a.startTimeUnixNano < b.startTimeUnixNano ? -1 : 1);
const json = (value: OtlpValue | undefined): unknown => (typeof value === 'string' ? (JSON.parse(value) as unknown) : undefined);
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const failed = (span: OtlpSpan | undefined): boolean => span?.status.code === STATUS_ERROR;

/** The SDK's own span for a model call: `ai.*.doGenerate` (ai 5, 6) or `@ai-sdk/otel`'s CLIENT `chat` / `embeddings`. */
export function isSdkModelCallSpan(span: OtlpSpan): boolean {
  if (/^ai\.[A-Za-z]+\.do(Generate|Stream|Embed)$/.test(span.name)) return true;
  const operation = span.attributes[ATTR_GEN_AI_OPERATION_NAME];
  return span.kind === OTLP_CLIENT && (operation === GEN_AI_OPERATION.CHAT || operation === GEN_AI_OPERATION.EMBEDDINGS);
}

/** Usage in our convention (input counts cached tokens too) from the SDK's usage as the caller saw it. */
export function expectedUsage(step: SeenStep): { input: number; output: number; cacheRead: number; cacheWrite: number; reasoning: number } {
  const u = step.usage;
  const details = u.inputTokenDetails as Json | undefined;
  if (details) {
    return {
      input: num(u.inputTokens),
      output: num(u.outputTokens),
      cacheRead: num(details.cacheReadTokens),
      cacheWrite: num(details.cacheWriteTokens),
      reasoning: num((u.outputTokenDetails as Json | undefined)?.reasoningTokens ?? u.reasoningTokens),
    };
  }
  // ai 5: Anthropic's inputTokens leave out the cache reads and writes (the writes are in its provider metadata).
  const cacheRead = num(u.cachedInputTokens);
  const anthropic = step.cacheCreationInputTokens !== undefined;
  const cacheWrite = num(step.cacheCreationInputTokens);
  return {
    input: num(u.inputTokens) + (anthropic ? cacheRead + cacheWrite : 0),
    output: num(u.outputTokens),
    cacheRead,
    cacheWrite,
    reasoning: num(u.reasoningTokens),
  };
}

/** The SDK's finish reasons as the GenAI conventions spell them. */
const FINISH: Record<string, string> = {
  stop: 'stop',
  length: 'length',
  'tool-calls': 'tool_call',
  'content-filter': 'content_filter',
  error: 'error',
};

export interface ScenarioSpans {
  row: ScenarioRow;
  major: Major;
  path: PathSpec;
  view: CallerView;
  spans: OtlpSpan[];
  /** The port model calls go to (the mock's, or the dead port). */
  port: number;
}

/** The agent loop a row runs, if any: its agent's name. */
function agentOf(row: ScenarioRow, path: PathSpec): string | undefined {
  if (row.name.includes('tool use without execute')) return path.model;
  if (!path.agent) return undefined;
  // A loop of a function (not an agent class) is named by the telemetry's functionId when there is one.
  return withSdkTelemetry(row.name) && !row.path.startsWith('agent.') ? 'weather' : path.agent;
}

export function checkScenario(s: ScenarioSpans): string[] {
  const problems: string[] = [];
  const check: Check = (ok, problem) => {
    if (!ok) problems.push(problem);
  };
  const { row, path, view, spans } = s;
  const outcome = row.outcome(s.major);
  const session = spans.find((x) => x.parentSpanId === undefined);
  const llm = spans.filter((x) => kindOf(x) === SPAN_KIND.LLM).sort(byStart);
  const agents = spans.filter((x) => kindOf(x) === SPAN_KIND.AGENT);
  const steps = spans.filter((x) => kindOf(x) === SPAN_KIND.STEP).sort(byStart);
  const tools = spans.filter((x) => kindOf(x) === SPAN_KIND.TOOL);
  const theirs = spans.filter((x) => kindOf(x) === undefined);

  // The SDK's own spans: only when asked for, and never one of a model call.
  if (withSdkTelemetry(row.name)) {
    // @ai-sdk/otel's spans of an embed are all model-call spans (the operation's too): none is left.
    if (!(s.major === '7' && path.operation === GEN_AI_OPERATION.EMBEDDINGS))
      check(theirs.length > 0, "the SDK's own spans are missing (its telemetry is on)");
    const duplicates = theirs.filter(isSdkModelCallSpan).map((x) => x.name);
    check(duplicates.length === 0, `the SDK made its own span of a model call beside ours: ${duplicates.join(', ')}`);
  } else {
    check(theirs.length === 0, `spans that are not ours: ${theirs.map((x) => x.name).join(', ')}`);
  }

  // How many model calls, and how they ended.
  const seen = view.steps;
  if (outcome.kind === 'completed') {
    const expected = seen?.length ?? 1;
    check(llm.length === expected, `expected ${expected} LLM span(s), got ${llm.length}: ${spans.map((x) => x.name).join(', ')}`);
  } else if (outcome.kind === 'error') {
    check(llm.length === 1, `expected 1 LLM span, got ${llm.length}: ${spans.map((x) => x.name).join(', ')}`);
  } else {
    check(llm.length >= 1, 'no LLM span');
  }
  checkLlmSpans(s, llm, outcome, check);

  // The loop: invoke_agent, a step per model call, the tool executions in the step that asked for them.
  const agentName = agentOf(row, path);
  if (!agentName) {
    check(
      agents.length === 0 && steps.length === 0 && tools.length === 0,
      `agent, step or tool spans for a single call: ${spans.map((x) => x.name).join(', ')}`,
    );
    for (const span of llm) check(span.parentSpanId === session?.spanId, `${span.name} is not a child of the session`);
  } else {
    checkLoop(s, { agentName, agents, steps, tools, llm, session, outcome }, check);
  }

  // The session counts what ended inside it.
  if (outcome.kind === 'completed' || outcome.kind === 'error') {
    check(
      session?.attributes[ATTR_AGENTSIGHT_LLM_CALLS] === llm.length,
      `the session counts ${String(session?.attributes[ATTR_AGENTSIGHT_LLM_CALLS])} LLM calls`,
    );
  }
  checkRowSpecifics(s, llm, check);
  return problems;
}

function checkLlmSpans(s: ScenarioSpans, llm: OtlpSpan[], outcome: Outcome, check: Check): void {
  const { path, view } = s;
  const streamed = path.family === 'stream';
  llm.forEach((span, i) => {
    const a = span.attributes;
    const where = `LLM span ${i + 1}`;
    check(span.kind === OTLP_CLIENT, `${where} is not a CLIENT span`);
    check(span.name === `${path.operation} ${path.model}`, `${where} is named ${span.name}`);
    check(a[ATTR_GEN_AI_OPERATION_NAME] === path.operation, `${where} operation ${String(a[ATTR_GEN_AI_OPERATION_NAME])}`);
    check(a[ATTR_GEN_AI_PROVIDER_NAME] === path.provider, `${where} provider ${String(a[ATTR_GEN_AI_PROVIDER_NAME])}`);
    check(a[ATTR_GEN_AI_REQUEST_MODEL] === path.model, `${where} request model ${String(a[ATTR_GEN_AI_REQUEST_MODEL])}`);
    check(
      a[ATTR_SERVER_ADDRESS] === '127.0.0.1' && a[ATTR_SERVER_PORT] === s.port,
      `${where} server ${String(a[ATTR_SERVER_ADDRESS])}:${String(a[ATTR_SERVER_PORT])}, expected 127.0.0.1:${s.port}`,
    );
    if (path.operation === GEN_AI_OPERATION.CHAT) {
      check(
        (a[ATTR_GEN_AI_REQUEST_STREAM] === true) === streamed,
        `${where} ${ATTR_GEN_AI_REQUEST_STREAM} ${String(a[ATTR_GEN_AI_REQUEST_STREAM])}`,
      );
      check(
        a[ATTR_GEN_AI_OUTPUT_TYPE] === (path.json ? GEN_AI_OUTPUT_TYPE.JSON : undefined),
        `${where} output type ${String(a[ATTR_GEN_AI_OUTPUT_TYPE])}`,
      );
    }
  });
  const last = llm[llm.length - 1];
  const earlier = llm.slice(0, -1);
  switch (outcome.kind) {
    case 'error':
      check(failed(last), `the LLM span's status is ${String(last?.status.code)}, expected ERROR`);
      check(
        last?.attributes[ATTR_ERROR_TYPE] === outcome.type,
        `${ATTR_ERROR_TYPE} ${String(last?.attributes[ATTR_ERROR_TYPE])}, expected ${outcome.type}`,
      );
      break;
    case 'aborted':
      check(!failed(last), `the aborted call's span has ERROR status (${String(last?.status.message)})`);
      check(
        last?.attributes[ATTR_AGENTSIGHT_ENDED_BY] === ENDED_BY.ABORT,
        `${ATTR_AGENTSIGHT_ENDED_BY} ${String(last?.attributes[ATTR_AGENTSIGHT_ENDED_BY])}, expected abort`,
      );
      for (const span of earlier)
        check(!failed(span) && span.attributes[ATTR_AGENTSIGHT_ENDED_BY] === undefined, 'a step before the abort did not complete');
      break;
    case 'left':
      for (const span of llm) {
        check(!failed(span), `${span.name} failed (${span.status.message}) though the caller only left`);
        check(
          LEFT.includes(span.attributes[ATTR_AGENTSIGHT_ENDED_BY]),
          `${ATTR_AGENTSIGHT_ENDED_BY} ${String(span.attributes[ATTR_AGENTSIGHT_ENDED_BY])}`,
        );
      }
      break;
    case 'completed':
      llm.forEach((span, i) => {
        check(!failed(span), `LLM span ${i + 1} failed: ${span.status.message}`);
        check(
          span.attributes[ATTR_AGENTSIGHT_ENDED_BY] === undefined,
          `LLM span ${i + 1} ended by ${String(span.attributes[ATTR_AGENTSIGHT_ENDED_BY])}`,
        );
        const step = view.steps?.[i];
        if (step) checkAnswer(s, span, step, i, check);
        if (view.embedding) checkEmbedding(span, view.embedding, check);
        if (streamed) {
          const ttfc = span.attributes[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK];
          check(typeof ttfc === 'number' && ttfc > 0, `time_to_first_chunk ${String(ttfc)}`);
        }
      });
      break;
  }
}

/** A completed model call's span against the answer the caller saw. */
function checkAnswer(s: ScenarioSpans, span: OtlpSpan, step: SeenStep, index: number, check: Check): void {
  const a = span.attributes;
  const where = `LLM span ${index + 1}`;
  if (step.response?.id !== undefined)
    check(
      a[ATTR_GEN_AI_RESPONSE_ID] === step.response.id,
      `${where} response id ${String(a[ATTR_GEN_AI_RESPONSE_ID])}, the caller saw ${step.response.id}`,
    );
  if (step.response?.modelId !== undefined)
    check(a[ATTR_GEN_AI_RESPONSE_MODEL] === step.response.modelId, `${where} response model ${String(a[ATTR_GEN_AI_RESPONSE_MODEL])}`);
  const reason = step.finishReason;
  if (reason && reason !== 'unknown' && reason !== 'other') {
    check(
      same(a[ATTR_GEN_AI_RESPONSE_FINISH_REASONS], [FINISH[reason] ?? reason]),
      `${where} finish reasons ${JSON.stringify(a[ATTR_GEN_AI_RESPONSE_FINISH_REASONS])}, the caller saw ${reason}`,
    );
  }
  const usage = expectedUsage(step);
  if (step.usage.inputTokens !== undefined) {
    check(
      a[ATTR_GEN_AI_USAGE_INPUT_TOKENS] === usage.input,
      `${where} input tokens ${String(a[ATTR_GEN_AI_USAGE_INPUT_TOKENS])}, expected ${usage.input} (${JSON.stringify(step.usage)})`,
    );
    check(
      a[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS] === usage.output,
      `${where} output tokens ${String(a[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS])}, expected ${usage.output}`,
    );
    check(
      a[ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS] === (usage.cacheRead > 0 ? usage.cacheRead : undefined),
      `${where} cache read tokens ${String(a[ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS])}`,
    );
    check(
      a[ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS] === (usage.cacheWrite > 0 ? usage.cacheWrite : undefined),
      `${where} cache creation tokens ${String(a[ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS])}`,
    );
    check(
      a[ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS] === (usage.reasoning > 0 ? usage.reasoning : undefined),
      `${where} reasoning tokens ${String(a[ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS])}`,
    );
    check(
      typeof a[ATTR_AGENTSIGHT_COST_USD] === 'number' && (a[ATTR_AGENTSIGHT_COST_USD] as number) > 0,
      `${where} cost ${String(a[ATTR_AGENTSIGHT_COST_USD])}`,
    );
  }
  // Content: what the model was asked (first call), what it answered.
  if (index === 0 && !s.row.name.includes('rich input')) {
    check(
      same(json(a[ATTR_GEN_AI_SYSTEM_INSTRUCTIONS]), [{ type: 'text', content: SYSTEM }]),
      `${where} system instructions ${String(a[ATTR_GEN_AI_SYSTEM_INSTRUCTIONS])}`,
    );
    const prompt = s.path.agent ? LOOP_PROMPT : PROMPT;
    const input = json(a[ATTR_GEN_AI_INPUT_MESSAGES]) as Array<{ role: string; parts: Json[] }> | undefined;
    check(
      same(input?.[0], { role: 'user', parts: [{ type: 'text', content: prompt }] }),
      `${where} input messages ${String(a[ATTR_GEN_AI_INPUT_MESSAGES])}`,
    );
  }
  const output = json(a[ATTR_GEN_AI_OUTPUT_MESSAGES]) as Array<{ role: string; parts: Json[] }> | undefined;
  const parts = output?.[0]?.parts ?? [];
  if (step.text !== undefined) {
    const text = parts
      .filter((p) => p.type === 'text')
      .map((p) => p.content)
      .join('');
    check(text === step.text, `${where} output text ${JSON.stringify(text)}, the caller saw ${JSON.stringify(step.text)}`);
  }
  if (step.reasoningText !== undefined) {
    const reasoning = parts
      .filter((p) => p.type === 'reasoning')
      .map((p) => p.content)
      .join('');
    check(
      reasoning === step.reasoningText,
      `${where} reasoning ${JSON.stringify(reasoning)}, the caller saw ${JSON.stringify(step.reasoningText)}`,
    );
  }
  const calls = parts.filter((p) => p.type === 'tool_call');
  const seenCalls = step.toolCalls.map((c) => ({ type: 'tool_call', id: c.toolCallId, name: c.toolName, arguments: c.input }));
  check(same(calls, seenCalls), `${where} tool calls ${JSON.stringify(calls)}, the caller saw ${JSON.stringify(seenCalls)}`);
}

function checkEmbedding(span: OtlpSpan, seen: { tokens: number; dimensions: number }, check: Check): void {
  const a = span.attributes;
  check(
    a[ATTR_GEN_AI_USAGE_INPUT_TOKENS] === seen.tokens,
    `input tokens ${String(a[ATTR_GEN_AI_USAGE_INPUT_TOKENS])}, the caller saw ${seen.tokens}`,
  );
  check(a[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS] === undefined, 'output tokens on an embeddings span');
  check(a[ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT] === seen.dimensions, `dimensions ${String(a[ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT])}`);
  check(a[ATTR_GEN_AI_INPUT_MESSAGES] === undefined && a[ATTR_GEN_AI_OUTPUT_MESSAGES] === undefined, 'content on an embeddings span');
  check(
    typeof a[ATTR_AGENTSIGHT_COST_USD] === 'number' && (a[ATTR_AGENTSIGHT_COST_USD] as number) > 0,
    `cost ${String(a[ATTR_AGENTSIGHT_COST_USD])}`,
  );
}

interface LoopSpans {
  agentName: string;
  agents: OtlpSpan[];
  steps: OtlpSpan[];
  tools: OtlpSpan[];
  llm: OtlpSpan[];
  session: OtlpSpan | undefined;
  outcome: Outcome;
}

function checkLoop(s: ScenarioSpans, l: LoopSpans, check: Check): void {
  const { agents, steps, tools, llm, outcome } = l;
  check(agents.length === 1, `expected one invoke_agent span, got ${agents.length}`);
  const agent = agents[0];
  if (!agent) return;
  check(
    agent.name === `invoke_agent ${l.agentName}` && agent.attributes[ATTR_GEN_AI_AGENT_NAME] === l.agentName,
    `agent span ${agent.name}`,
  );
  check(agent.parentSpanId === l.session?.spanId, 'the agent span is not a child of the session');
  check(steps.length === llm.length, `${steps.length} step spans for ${llm.length} model calls`);
  steps.forEach((step, i) => {
    check(step.name === `step ${i + 1}`, `step span ${i + 1} is named ${step.name}`);
    check(step.parentSpanId === agent.spanId, `${step.name} is not a child of the agent span`);
    check(llm[i]?.parentSpanId === step.spanId, `LLM span ${i + 1} is not a child of ${step.name}`);
  });

  const caller = s.view.errorName?.replace(/^AI_/, '');
  // A stream's in-band error fails its model call, but the SDK ends the loop with it, unfailed.
  const kind = outcome.kind === 'error' && caller === undefined ? 'completed' : outcome.kind;
  switch (kind) {
    case 'error':
      for (const span of [agent, steps[0]]) {
        check(failed(span), `${span?.name} did not fail`);
        check(
          span?.attributes[ATTR_ERROR_TYPE] === caller,
          `${span?.name} ${ATTR_ERROR_TYPE} ${String(span?.attributes[ATTR_ERROR_TYPE])}, the caller got ${caller}`,
        );
        // One failure counts once: the loop's error is the model call's, passing up.
        check(span?.attributes[ATTR_AGENTSIGHT_ERROR_PROPAGATED] === true, `${span?.name} counts the model call's failure again`);
      }
      check(tools.length === 0, 'a tool ran though the first model call failed');
      break;
    case 'aborted':
      check(
        agent.attributes[ATTR_AGENTSIGHT_ENDED_BY] === ENDED_BY.ABORT && !failed(agent),
        `the agent span ended by ${String(agent.attributes[ATTR_AGENTSIGHT_ENDED_BY])}`,
      );
      break;
    case 'left':
      check(
        !failed(agent) && LEFT.includes(agent.attributes[ATTR_AGENTSIGHT_ENDED_BY]),
        `the agent span ended by ${String(agent.attributes[ATTR_AGENTSIGHT_ENDED_BY])}`,
      );
      break;
    case 'completed':
      check(
        !failed(agent) && agent.attributes[ATTR_AGENTSIGHT_ENDED_BY] === undefined,
        `the agent span: ${agent.status.message}, ended by ${String(agent.attributes[ATTR_AGENTSIGHT_ENDED_BY])}`,
      );
      check(
        agent.attributes[ATTR_AGENTSIGHT_LLM_CALLS] === llm.length,
        `the agent span counts ${String(agent.attributes[ATTR_AGENTSIGHT_LLM_CALLS])} LLM calls`,
      );
      break;
  }
  // A tool runs once, in the first step, when the loop got that far.
  const calledTool = s.row.path.startsWith('agent.') || s.row.path.includes('with tools');
  if (!calledTool || kind === 'error' || outcome.kind === 'error') {
    check(tools.length === 0, `tool spans: ${tools.map((x) => x.name).join(', ')}`);
    return;
  }
  if (outcome.kind === 'completed' || outcome.kind === 'aborted') check(tools.length === 1, `expected one tool span, got ${tools.length}`);
  for (const tool of tools) {
    const a = tool.attributes;
    const call = s.view.steps?.[0]?.toolCalls[0];
    check(tool.name === 'execute_tool get_weather', `tool span ${tool.name}`);
    check(tool.parentSpanId === steps[0]?.spanId, 'the tool span is not a child of step 1');
    if (call)
      check(
        a[ATTR_GEN_AI_TOOL_CALL_ID] === call.toolCallId,
        `tool call id ${String(a[ATTR_GEN_AI_TOOL_CALL_ID])}, the caller saw ${call.toolCallId}`,
      );
    check(
      same(json(a[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]), { city: 'Paris' }),
      `tool arguments ${String(a[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS])}`,
    );
    check(
      same(json(a[ATTR_GEN_AI_TOOL_CALL_RESULT]), { city: 'Paris', forecast: 'sunny' }),
      `tool result ${String(a[ATTR_GEN_AI_TOOL_CALL_RESULT])}`,
    );
  }
}

function checkRowSpecifics(s: ScenarioSpans, llm: OtlpSpan[], check: Check): void {
  const a = llm[0]?.attributes ?? {};
  const name = s.row.name;
  if (name.includes('rich input')) {
    check(
      a[ATTR_GEN_AI_REQUEST_TEMPERATURE] === 0.2 &&
        a[ATTR_GEN_AI_REQUEST_TOP_P] === 0.9 &&
        a[ATTR_GEN_AI_REQUEST_TOP_K] === 40 &&
        a[ATTR_GEN_AI_REQUEST_MAX_TOKENS] === 64,
      'sampling parameters',
    );
    check(same(a[ATTR_GEN_AI_REQUEST_STOP_SEQUENCES], ['END']), `stop sequences ${JSON.stringify(a[ATTR_GEN_AI_REQUEST_STOP_SEQUENCES])}`);
    check(same(json(a[ATTR_GEN_AI_SYSTEM_INSTRUCTIONS]), [{ type: 'text', content: SYSTEM }]), 'system instructions');
    const input = (json(a[ATTR_GEN_AI_INPUT_MESSAGES]) ?? []) as Array<{ role: string; parts: Json[] }>;
    const [user, assistant, tool] = input;
    const kinds = user?.parts.map((p) => `${String(p.type)}:${String(p.modality ?? '')}:${String(p.mime_type ?? '')}`);
    check(
      kinds?.[0] === 'text::' && kinds[1] === 'omitted:image:image/png' && kinds[3] === 'omitted:file:application/pdf',
      `rich user parts ${JSON.stringify(user?.parts)}`,
    );
    check(
      user?.parts[2]?.type === 'uri' && user.parts[2].uri === 'https://example.com/paris.png',
      `the image URL part ${JSON.stringify(user?.parts[2])}`,
    );
    check(num(user?.parts[1]?.size_bytes) > 0 && num(user?.parts[3]?.size_bytes) > 0, 'placeholders without their size');
    check(!String(a[ATTR_GEN_AI_INPUT_MESSAGES]).includes('iVBORw0KGgo'), 'image bytes recorded');
    check(
      same(assistant, {
        role: 'assistant',
        parts: [
          { type: 'text', content: 'Let me check.' },
          { type: 'tool_call', id: 'toolu_given', name: 'get_weather', arguments: { city: 'Paris' } },
        ],
      }),
      `assistant message ${JSON.stringify(assistant)}`,
    );
    check(
      same(tool, { role: 'tool', parts: [{ type: 'tool_call_response', id: 'toolu_given', response: 'sunny' }] }),
      `tool message ${JSON.stringify(tool)}`,
    );
  }
  if (name.includes('cache usage')) {
    check(
      a[ATTR_GEN_AI_USAGE_INPUT_TOKENS] === 123 &&
        a[ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS] === 100 &&
        a[ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS] === 20,
      `cache usage ${String(a[ATTR_GEN_AI_USAGE_INPUT_TOKENS])} / ${String(a[ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS])} / ${String(a[ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS])}`,
    );
  }
  if (name.includes('cached and reasoning tokens')) {
    check(
      a[ATTR_GEN_AI_USAGE_INPUT_TOKENS] === 130 &&
        a[ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS] === 100 &&
        a[ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS] === 4,
      'cached and reasoning tokens',
    );
  }
  if (name.includes('thinking')) {
    const output = json(a[ATTR_GEN_AI_OUTPUT_MESSAGES]) as Array<{ parts: Json[] }> | undefined;
    check(output?.[0]?.parts[0]?.type === 'reasoning', `the reasoning is not in the output ${String(a[ATTR_GEN_AI_OUTPUT_MESSAGES])}`);
    check(a[ATTR_GEN_AI_REQUEST_MAX_TOKENS] === 2048, `max tokens ${String(a[ATTR_GEN_AI_REQUEST_MAX_TOKENS])}`);
  }
  if (name.includes('tool use without execute')) {
    check(
      same(a[ATTR_GEN_AI_RESPONSE_FINISH_REASONS], ['tool_call']),
      `finish reasons ${JSON.stringify(a[ATTR_GEN_AI_RESPONSE_FINISH_REASONS])}`,
    );
  }
}
