/**
 * One span as the viewer shows it: what it stands for (agent, LLM call, tool, MCP request,
 * delegation, ...), its error, and the facts of its kind read off its attributes once, on the server,
 * so the page never spells an attribute name.
 */
import {
  costUsdFromAttributes,
  isUnpriced,
  type ReadAttributes,
  rollupFromAttributes,
  usageFromAttributes,
} from '../accounting/span-attributes';
import { attrs, isOwnError, spanKind } from '../cli/span-facts';
import { num, str } from '../json-values';
import {
  ATTR_AGENTSIGHT_COST_CACHE_READ_USD,
  ATTR_AGENTSIGHT_COST_CACHE_WRITE_USD,
  ATTR_AGENTSIGHT_COST_INPUT_USD,
  ATTR_AGENTSIGHT_COST_OUTPUT_USD,
  ATTR_AGENTSIGHT_DELEGATION_ID,
  ATTR_AGENTSIGHT_DELEGATION_STATE,
  ATTR_AGENTSIGHT_DELEGATION_TARGET,
  ATTR_AGENTSIGHT_ENDED_BY,
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_MCP_METHOD_NAME,
  SPAN_KIND,
} from '../semconv';
import type { SpanRecord } from '../store/format';
import type { SpanCategory, SpanView } from './api-types';
import { conversationOf, toolIoOf } from './conversation';

/** What the span stands for. Delegations and MCP requests first: they may also carry a tool's names. */
export function spanCategory(span: SpanRecord): SpanCategory {
  const a = attrs(span);
  if (a[ATTR_AGENTSIGHT_DELEGATION_STATE] !== undefined || a[ATTR_AGENTSIGHT_DELEGATION_TARGET] !== undefined) return 'delegation';
  if (str(a[ATTR_MCP_METHOD_NAME]) !== undefined) return 'mcp';
  switch (spanKind(span)) {
    case SPAN_KIND.SESSION:
      return 'session';
    case SPAN_KIND.AGENT:
      return 'agent';
    case SPAN_KIND.LLM:
      return 'llm';
    case SPAN_KIND.TOOL:
      return 'tool';
    case SPAN_KIND.ACTION:
      return 'action';
    case SPAN_KIND.ERROR:
      return 'error';
    default:
      return 'other';
  }
}

export function spanView(span: SpanRecord): SpanView {
  const a = attrs(span);
  const category = spanCategory(span);
  const code = span.status?.code;
  const status = code === 'ERROR' ? 'error' : code === 'OK' ? 'ok' : 'unset';
  return {
    spanId: span.spanId,
    parentSpanId: span.parentSpanId ?? null,
    missing: false,
    name: span.name,
    category,
    otelKind: span.kind,
    startMs: span.startMs,
    endMs: span.endMs,
    status,
    statusMessage: str(span.status?.message) ?? null,
    ownError: isOwnError(span),
    errorType: str(a[ATTR_ERROR_TYPE]) ?? null,
    endedBy: str(a[ATTR_AGENTSIGHT_ENDED_BY]) ?? null,
    agentName: str(a[ATTR_GEN_AI_AGENT_NAME]) ?? null,
    toolName: str(a[ATTR_GEN_AI_TOOL_NAME]) ?? null,
    mcpMethod: str(a[ATTR_MCP_METHOD_NAME]) ?? null,
    delegation:
      category === 'delegation'
        ? {
            state: str(a[ATTR_AGENTSIGHT_DELEGATION_STATE]) ?? null,
            target: str(a[ATTR_AGENTSIGHT_DELEGATION_TARGET]) ?? null,
            id: str(a[ATTR_AGENTSIGHT_DELEGATION_ID]) ?? null,
          }
        : null,
    llm: category === 'llm' ? llmFacts(span) : null,
    rollup: rollupOf(a),
    conversation: conversationOf(a),
    toolIo: toolIoOf(a[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS], a[ATTR_GEN_AI_TOOL_CALL_RESULT]),
    attributes: { ...a },
    events: Array.isArray(span.events) ? span.events.map((e) => ({ name: e.name, timeMs: e.timeMs, attributes: { ...e.attributes } })) : [],
  };
}

/** The roll-up a session or agent span carries, as the page shows it. */
function rollupOf(attributes: ReadAttributes): SpanView['rollup'] {
  const rollup = rollupFromAttributes(attributes);
  return rollup ? { llmCalls: rollup.llmCalls, errors: rollup.errors, usage: rollup.usage, costUsd: rollup.costUsd } : null;
}

/** A placeholder for a parent the store does not have (still open, or never written). */
export function missingSpanView(spanId: string, startMs: number, endMs: number): SpanView {
  return {
    spanId,
    parentSpanId: null,
    missing: true,
    name: `span ${spanId}`,
    category: 'other',
    otelKind: 'INTERNAL',
    startMs,
    endMs,
    status: 'unset',
    statusMessage: null,
    ownError: false,
    errorType: null,
    endedBy: null,
    agentName: null,
    toolName: null,
    mcpMethod: null,
    delegation: null,
    llm: null,
    rollup: null,
    conversation: null,
    toolIo: null,
    attributes: {},
    events: [],
  };
}

function llmFacts(span: SpanRecord): NonNullable<SpanView['llm']> {
  const a = attrs(span);
  const input = num(a[ATTR_AGENTSIGHT_COST_INPUT_USD]);
  const output = num(a[ATTR_AGENTSIGHT_COST_OUTPUT_USD]);
  const cacheRead = num(a[ATTR_AGENTSIGHT_COST_CACHE_READ_USD]);
  const cacheWrite = num(a[ATTR_AGENTSIGHT_COST_CACHE_WRITE_USD]);
  const hasParts = [input, output, cacheRead, cacheWrite].some((v) => v !== undefined);
  const ttft = num(a[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]);
  const reasons = a[ATTR_GEN_AI_RESPONSE_FINISH_REASONS];
  return {
    operation: str(a[ATTR_GEN_AI_OPERATION_NAME]) ?? null,
    provider: str(a[ATTR_GEN_AI_PROVIDER_NAME]) ?? null,
    requestModel: str(a[ATTR_GEN_AI_REQUEST_MODEL]) ?? null,
    responseModel: str(a[ATTR_GEN_AI_RESPONSE_MODEL]) ?? null,
    usage: usageFromAttributes(a) ?? null,
    costUsd: costUsdFromAttributes(a) ?? null,
    costParts: hasParts ? { input: input ?? 0, output: output ?? 0, cacheRead: cacheRead ?? 0, cacheWrite: cacheWrite ?? 0 } : null,
    unpriced: isUnpriced(a),
    // Seconds in the conventions; milliseconds on the page, like every other duration there.
    timeToFirstChunkMs: ttft === undefined ? null : ttft * 1000,
    finishReasons: Array.isArray(reasons) ? reasons.filter((r): r is string => typeof r === 'string') : [],
  };
}
