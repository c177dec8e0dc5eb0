/**
 * Stores for the viewer's tests, built with the CLI's session builder: sessions with captured
 * content (chat, tool calls, thinking), log records, delegations and MCP requests, a running
 * session, a corrupt file, and enough plain sessions to page through.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  ATTR_AGENTSIGHT_DELEGATION_ID,
  ATTR_AGENTSIGHT_DELEGATION_STATE,
  ATTR_AGENTSIGHT_DELEGATION_TARGET,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_MCP_METHOD_NAME,
  DELEGATION_STATE,
  GEN_AI_OPERATION,
  SPAN_KIND,
} from '../../src/semconv';
import {
  SESSIONS_FOLDER,
  STORE_FORMAT_VERSION,
  encodeRecord,
  sessionFileName,
  type LogRecordRecord,
  type SpanRecord,
} from '../../src/store/format';
import { SessionBuilder, T0, richSession, sessionId } from '../cli/fixtures';

export const RICH_ID = sessionId('4bf92f3577b3');
export const TEAM_ID = sessionId('7eab');
export const RUNNING_ID = sessionId('9a11');
export const CORRUPT_ID = sessionId('dead');
/** A session id no store of these tests has. */
export const UNKNOWN_ID = sessionId('0000ffff');
/** How many plain sessions `pagedStore` adds. */
export const BATCH_SESSIONS = 120;

export function tempStore(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'agentsight-ui-'));
}

const messages = (...list: unknown[]): string => JSON.stringify(list);

/** Log records of a session, written as the exporter writes them. */
export function logRecord(
  b: SessionBuilder,
  at: number,
  body: string,
  severity: 'INFO' | 'WARN' | 'ERROR',
  span?: SpanRecord,
): LogRecordRecord {
  const severityNumber = severity === 'ERROR' ? 17 : severity === 'WARN' ? 13 : 9;
  return {
    t: 'log',
    v: STORE_FORMAT_VERSION,
    sessionId: b.id,
    ...(span ? { traceId: b.id, spanId: span.spanId } : {}),
    timeMs: b.startMs + at,
    severityNumber,
    severityText: severity,
    body,
    attributes: {},
  };
}

function appendLogs(file: string, logs: LogRecordRecord[]): void {
  fs.appendFileSync(file, logs.map(encodeRecord).join(''));
}

/**
 * The CLI's rich session (a failed tool, nested agents, an unpriced model), with captured content
 * on its first LLM call (system, user, a tool call, thinking), a tool's arguments and result, and
 * log lines interleaved with its spans.
 */
export function richSessionWithContent(): { builder: SessionBuilder; write(dir: string): string } {
  const b = richSession();
  const [planner, firstCall] = [b.spans[1]!, b.spans[2]!];
  Object.assign(firstCall.attributes, {
    [ATTR_GEN_AI_SYSTEM_INSTRUCTIONS]: JSON.stringify([{ type: 'text', content: 'You are a support bot. Be brief.' }]),
    [ATTR_GEN_AI_INPUT_MESSAGES]: messages({
      role: 'user',
      parts: [{ type: 'text', content: 'My order #1234 has not arrived. <script>alert("x")</script>' }],
    }),
    [ATTR_GEN_AI_OUTPUT_MESSAGES]: messages({
      role: 'assistant',
      parts: [
        { type: 'reasoning', content: 'The user wants order status; search the orders first.' },
        { type: 'text', content: 'Let me look that order up.' },
        { type: 'tool_call', id: 'call_1', name: 'search', arguments: { order: 1234 } },
      ],
      finish_reason: 'tool_calls',
    }),
    [ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]: 0.42,
  });
  const search = b.spans.find((s) => s.name === 'execute_tool search')!;
  Object.assign(search.attributes, {
    [ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]: JSON.stringify({ order: 1234 }),
    [ATTR_GEN_AI_TOOL_CALL_RESULT]: JSON.stringify({ status: 'shipped', carrier: 'DHL' }),
  });
  return {
    builder: b,
    write(dir: string): string {
      const file = b.write(dir, { state: 'fail', reason: 'TypeError: fetch failed' });
      appendLogs(file, [
        logRecord(b, 120, 'planner: looking up order 1234', 'INFO', planner),
        logRecord(
          b,
          4_340,
          'fetch_page failed, retrying without cache',
          'WARN',
          b.spans.find((s) => s.name === 'execute_tool fetch_page'),
        ),
        logRecord(b, 12_000, 'giving up: TypeError: fetch failed', 'ERROR'),
      ]);
      return file;
    },
  };
}

/** Agents that delegate (one delegation completed, one still in flight) and call MCP tools. */
export function teamSession(): SessionBuilder {
  const b = new SessionBuilder(TEAM_ID, 'research-team', T0 + 3_600_000, { tags: ['mcp', 'team'], durationMs: 9_000 });
  const lead = b.agent('lead', 50, 8_900);
  b.llm({ model: 'gpt-4o', at: 100, duration: 700, input: 900, output: 120, cost: 0.00345 }, lead);
  const done = b.span({
    name: 'delegate writer',
    kind: SPAN_KIND.AGENT,
    otelKind: 'PRODUCER',
    parent: lead,
    at: 900,
    duration: 3_000,
    attributes: {
      [ATTR_AGENTSIGHT_DELEGATION_ID]: 'dlg-1',
      [ATTR_AGENTSIGHT_DELEGATION_TARGET]: 'writer',
      [ATTR_AGENTSIGHT_DELEGATION_STATE]: DELEGATION_STATE.COMPLETED,
    },
  });
  delete done.attributes['agentsight.span.kind'];
  b.span({
    name: 'tools/call web_search',
    kind: SPAN_KIND.TOOL,
    otelKind: 'CLIENT',
    parent: lead,
    at: 4_000,
    duration: 600,
    attributes: {
      [ATTR_MCP_METHOD_NAME]: 'tools/call',
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.EXECUTE_TOOL,
      [ATTR_GEN_AI_TOOL_NAME]: 'web_search',
    },
  });
  const open = b.span({
    name: 'delegate reviewer',
    kind: SPAN_KIND.AGENT,
    otelKind: 'PRODUCER',
    parent: lead,
    at: 5_000,
    duration: 200,
    attributes: {
      [ATTR_AGENTSIGHT_DELEGATION_ID]: 'dlg-2',
      [ATTR_AGENTSIGHT_DELEGATION_TARGET]: 'reviewer',
      [ATTR_AGENTSIGHT_DELEGATION_STATE]: DELEGATION_STATE.IN_FLIGHT,
    },
  });
  delete open.attributes['agentsight.span.kind'];
  b.llm({ model: 'claude-sonnet-4-5', at: 5_400, duration: 1_500, input: 2_000, output: 400, cost: 0.012 }, lead);
  return b;
}

/** A session whose process is this one (so it reads as running), with no end record yet. */
export function runningSession(): SessionBuilder {
  const b = new SessionBuilder(RUNNING_ID, 'live-agent', Date.now() - 5_000, { pid: process.pid, hostname: os.hostname(), tags: ['live'] });
  b.llm({ model: 'gpt-4o-mini', at: 100, duration: 300, input: 100, output: 20, cost: 0.000027 });
  return b;
}

/** Appends one more LLM call to a running session's file, as its process would. */
export function appendRunningCall(dir: string, b: SessionBuilder, at: number): void {
  const before = new Set(b.spans);
  b.llm({ model: 'gpt-4o-mini', at, duration: 200, input: 50, output: 10, cost: 0.000013 });
  const added = b.spans.filter((s) => !before.has(s));
  fs.appendFileSync(path.join(dir, SESSIONS_FOLDER, sessionFileName(b.startMs, b.id)), added.map(encodeRecord).join(''));
}

/** A session file in which no line parses. */
export function writeCorrupt(dir: string): string {
  const folder = path.join(dir, SESSIONS_FOLDER);
  fs.mkdirSync(folder, { recursive: true });
  const file = path.join(folder, sessionFileName(T0 - 60_000, CORRUPT_ID));
  fs.writeFileSync(file, 'this is not JSON\n\u0000\u0001 garbage\n{"t":"span",');
  return file;
}

/** Plain finished sessions, alternating models, tags and states, one minute apart before T0. */
export function writeBatch(dir: string, count = BATCH_SESSIONS): void {
  for (let i = 0; i < count; i++) {
    const id = `${(0xb0000 + i).toString(16)}${'c'.repeat(27)}`;
    const b = new SessionBuilder(id, `batch-job-${i}`, T0 - (i + 2) * 60_000, {
      tags: i % 2 === 0 ? ['nightly'] : ['adhoc'],
      durationMs: 2_000,
    });
    const model = i % 3 === 0 ? 'gpt-4o' : 'gpt-4o-mini';
    b.llm({ model, at: 10, duration: 500, input: 100 + i, output: 10, cost: 0.0001 * (i + 1) });
    b.write(dir, { state: i % 10 === 0 ? 'fail' : 'success' });
  }
}

/** The store most viewer tests use: rich, team, running, corrupt and the batch. */
export function viewerStore(dir = tempStore()): { dir: string; running: SessionBuilder } {
  richSessionWithContent().write(dir);
  teamSession().write(dir, { state: 'success' });
  const running = runningSession();
  running.write(dir, false);
  writeCorrupt(dir);
  writeBatch(dir);
  return { dir, running };
}
