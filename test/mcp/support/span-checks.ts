/**
 * What the spans of one MCP scenario must say, given its row and what its caller saw: for each
 * request, one CLIENT span on the side that sent it and one SERVER span, its child, on the side
 * that handled it (the other process), with the MCP semantic conventions' attributes on both; the
 * tool call as the tool span unless it ran inside one; how each side ended. Every check adds a
 * readable problem instead of throwing, so one run reports every difference at once.
 */
import { isDeepStrictEqual as same } from 'node:util';
import { SpanKind } from '@opentelemetry/api';
import {
  ATTR_AGENTSIGHT_ENDED_BY,
  ATTR_AGENTSIGHT_SPAN_KIND,
  ATTR_AGENTSIGHT_TOOL_CALLS,
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROMPT_NAME,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  ATTR_JSONRPC_REQUEST_ID,
  ATTR_MCP_METHOD_NAME,
  ATTR_MCP_PROTOCOL_VERSION,
  ATTR_MCP_RESOURCE_URI,
  ATTR_MCP_SESSION_ID,
  ATTR_NETWORK_PROTOCOL_NAME,
  ATTR_NETWORK_TRANSPORT,
  ATTR_RPC_RESPONSE_STATUS_CODE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ENDED_BY,
  GEN_AI_OPERATION,
  MCP_METHOD,
  MCP_TOOL_ERROR,
  NETWORK_TRANSPORT,
  SPAN_KIND,
  toolSpanName,
} from '../../../src/semconv';
import type { Observed } from '../../support/scenario-harness';
import type { OtlpSpan, OtlpValue } from '../../support/otlp-receiver';
import { type End, type Exchange, INITIALIZE, type Major, PROTOCOL_VERSION, type ScenarioRow } from '../scenario-table';

type Check = (ok: boolean, problem: string) => void;

/** OTLP kind numbers are the API's SpanKind plus one. */
const OTLP_CLIENT = SpanKind.CLIENT + 1;
const OTLP_SERVER = SpanKind.SERVER + 1;
const STATUS_ERROR = 2;

const json = (value: OtlpValue | undefined): unknown => (typeof value === 'string' ? (JSON.parse(value) as unknown) : undefined);
const byStart = (a: OtlpSpan, b: OtlpSpan): number => (a.startTimeUnixNano < b.startTimeUnixNano ? -1 : 1);

/** The `error.type` the caller's view implies: the code of the error it got, or `tool_error` for an `isError` result. */
function observedErrorType(observed: Observed): string | undefined {
  const error = observed.error as { code?: unknown } | undefined;
  if (error && (typeof error.code === 'number' || typeof error.code === 'string')) return String(error.code);
  const value = observed.value as { isError?: unknown } | undefined;
  return value?.isError === true ? MCP_TOOL_ERROR : undefined;
}

/** Checks how one side's span ended. */
function checkEnd(check: Check, span: OtlpSpan, end: End, major: Major, side: string): void {
  const a = span.attributes;
  const label = `${side} span ${span.name}`;
  if (end.kind === 'error') {
    const type = end.type[major];
    check(span.status.code === STATUS_ERROR, `${label} has ERROR status`);
    check(a[ATTR_ERROR_TYPE] === type, `${label} has error.type ${type} (got ${String(a[ATTR_ERROR_TYPE])})`);
    const numeric = /^-?\d+$/.test(type);
    check(
      a[ATTR_RPC_RESPONSE_STATUS_CODE] === (numeric ? type : undefined),
      `${label} has rpc.response.status_code ${numeric ? type : 'none'}`,
    );
    check(
      span.events.some((e) => e.name === 'exception'),
      `${label} records the exception`,
    );
    return;
  }
  check(span.status.code !== STATUS_ERROR && a[ATTR_ERROR_TYPE] === undefined, `${label} has no error (got ${String(a[ATTR_ERROR_TYPE])})`);
  const endedBy = end.kind === 'abort' ? ENDED_BY.ABORT : end.kind === 'process_exit' ? ENDED_BY.PROCESS_EXIT : undefined;
  check(
    a[ATTR_AGENTSIGHT_ENDED_BY] === endedBy,
    `${label} is ended by ${endedBy ?? 'its result'} (got ${String(a[ATTR_AGENTSIGHT_ENDED_BY])})`,
  );
}

interface Pair {
  exchange: Exchange;
  client: OtlpSpan;
  server: OtlpSpan;
}

export interface McpScenarioCheck {
  row: ScenarioRow;
  major: Major;
  observed: Observed;
  spans: OtlpSpan[];
}

export function checkScenario({ row, major, observed, spans }: McpScenarioCheck): string[] {
  const problems: string[] = [];
  const check: Check = (ok, problem) => {
    if (!ok) problems.push(problem);
  };
  const { scenario, transport } = row;
  const session = spans.find((s) => s.parentSpanId === undefined && s.name === `session ${row.name}`);
  if (!session) return [`no session span for ${row.name}`];
  const mcp = spans.filter((s) => s.attributes[ATTR_MCP_METHOD_NAME] !== undefined).sort(byStart);
  const clients = mcp.filter((s) => s.kind === OTLP_CLIENT);
  const servers = mcp.filter((s) => s.kind === OTLP_SERVER);
  const expected = [INITIALIZE, ...scenario.exchanges];

  // One CLIENT and one SERVER span per request, nothing else (no span for a notification).
  check(
    same(
      clients.map((s) => s.name),
      expected.map((e) => e.name),
    ),
    `CLIENT spans ${JSON.stringify(clients.map((s) => s.name))}, expected ${JSON.stringify(expected.map((e) => e.name))}`,
  );
  check(mcp.length === clients.length + servers.length, 'every MCP span is CLIENT or SERVER');
  const pairs: Pair[] = [];
  for (const [i, exchange] of expected.entries()) {
    const client = clients[i];
    const server = servers.filter((s) => s.parentSpanId === client?.spanId);
    check(server.length === 1, `one SERVER span under CLIENT ${exchange.name} (got ${server.length})`);
    if (client && server[0]) pairs.push({ exchange, client, server: server[0] });
  }
  check(servers.length === expected.length, `${expected.length} SERVER spans (got ${servers.length})`);

  const versions = new Set(mcp.map((s) => s.attributes[ATTR_MCP_PROTOCOL_VERSION]));
  check(
    same([...versions], [PROTOCOL_VERSION]),
    `every MCP span has mcp.protocol.version ${PROTOCOL_VERSION} (got ${[...versions].join(', ')})`,
  );

  const toolSpan = scenario.inTool ? spans.find((s) => s.name === toolSpanName(scenario.inTool!)) : undefined;
  if (scenario.inTool) check(toolSpan?.parentSpanId === session.spanId, `the ${scenario.inTool} tool span is in the session`);

  for (const { exchange, client, server } of pairs) {
    const c = client.attributes;
    const s = server.attributes;
    for (const [side, a] of [
      ['CLIENT', c],
      ['SERVER', s],
    ] as const) {
      const label = `${side} span ${exchange.name}`;
      check(a[ATTR_MCP_METHOD_NAME] === exchange.method, `${label} has mcp.method.name ${exchange.method}`);
      check(
        a[ATTR_NETWORK_TRANSPORT] === (transport === 'stdio' ? NETWORK_TRANSPORT.PIPE : NETWORK_TRANSPORT.TCP),
        `${label} has network.transport`,
      );
      check(
        a[ATTR_NETWORK_PROTOCOL_NAME] === (transport === 'http' ? 'http' : undefined),
        `${label} has network.protocol.name only on HTTP`,
      );
      check(
        transport === 'http' ? typeof a[ATTR_MCP_SESSION_ID] === 'string' : a[ATTR_MCP_SESSION_ID] === undefined,
        `${label} has mcp.session.id on HTTP only (got ${String(a[ATTR_MCP_SESSION_ID])})`,
      );
      check(typeof a[ATTR_JSONRPC_REQUEST_ID] === 'string', `${label} has jsonrpc.request.id`);
      if (exchange.method === MCP_METHOD.TOOLS_CALL) {
        const tool = exchange.name.slice(`${MCP_METHOD.TOOLS_CALL} `.length);
        check(a[ATTR_GEN_AI_TOOL_NAME] === tool, `${label} has gen_ai.tool.name ${tool}`);
        check(a[ATTR_GEN_AI_OPERATION_NAME] === GEN_AI_OPERATION.EXECUTE_TOOL, `${label} has gen_ai.operation.name execute_tool`);
        check(same(json(a[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]), exchange.arguments), `${label} records the arguments as content`);
        const answered =
          exchange.client.kind === 'ok' || (exchange.client.kind === 'error' && exchange.client.type[major] === MCP_TOOL_ERROR);
        check(
          answered ? typeof a[ATTR_GEN_AI_TOOL_CALL_RESULT] === 'string' : a[ATTR_GEN_AI_TOOL_CALL_RESULT] === undefined,
          `${label} records the result as content when there is one`,
        );
      } else {
        check(a[ATTR_GEN_AI_OPERATION_NAME] === undefined, `${label} has no gen_ai.operation.name (not a tool call)`);
      }
      if (exchange.method === MCP_METHOD.PROMPTS_GET) check(a[ATTR_GEN_AI_PROMPT_NAME] === 'plan_trip', `${label} has gen_ai.prompt.name`);
      check(a[ATTR_MCP_RESOURCE_URI] === exchange.uri, `${label} has mcp.resource.uri ${exchange.uri ?? 'none'}`);
    }
    check(c[ATTR_JSONRPC_REQUEST_ID] === s[ATTR_JSONRPC_REQUEST_ID], `both sides of ${exchange.name} have the same jsonrpc.request.id`);
    check(c[ATTR_MCP_SESSION_ID] === s[ATTR_MCP_SESSION_ID], `both sides of ${exchange.name} have the same mcp.session.id`);
    // The HTTP client knows its server.
    if (transport === 'http' && !exchange.fromServer) {
      check(
        c[ATTR_SERVER_ADDRESS] === '127.0.0.1' && typeof c[ATTR_SERVER_PORT] === 'number',
        `CLIENT ${exchange.name} has server.address and port`,
      );
    }
    check(s[ATTR_SERVER_ADDRESS] === undefined, `SERVER ${exchange.name} has no server.address`);
    // Where each span sits, and whether it is the tool span.
    const isTool = exchange.method === MCP_METHOD.TOOLS_CALL && !exchange.fromServer && !scenario.inTool;
    check(
      c[ATTR_AGENTSIGHT_SPAN_KIND] === (isTool ? SPAN_KIND.TOOL : undefined),
      `CLIENT ${exchange.name} is ${isTool ? '' : 'not '}the tool span`,
    );
    if (isTool) check(c[ATTR_GEN_AI_TOOL_TYPE] === 'extension', `CLIENT ${exchange.name} has gen_ai.tool.type extension`);
    check(s[ATTR_AGENTSIGHT_SPAN_KIND] === undefined, `SERVER ${exchange.name} is not a tool span of its own`);
    if (exchange.fromServer) {
      const handling = pairs.find((p) => p.exchange.method === MCP_METHOD.TOOLS_CALL)?.server;
      check(client.parentSpanId === handling?.spanId, `CLIENT ${exchange.name} is a child of the server's tool call`);
    } else {
      const parent = exchange.method === MCP_METHOD.TOOLS_CALL && toolSpan ? toolSpan : session;
      check(client.parentSpanId === parent.spanId, `CLIENT ${exchange.name} is a child of ${parent.name}`);
    }
    checkEnd(check, client, exchange.client, major, 'CLIENT');
    checkEnd(check, server, exchange.server, major, 'SERVER');
  }

  // The caller's error is the one the client span names.
  const last = pairs.filter((p) => !p.exchange.fromServer).at(-1);
  const seen = observedErrorType(observed);
  if (last && seen !== undefined) check(last.client.attributes[ATTR_ERROR_TYPE] === seen, `the caller saw ${seen}, its span says so`);

  // The session counts the tool calls of this process: a tool span each, never the MCP span inside one.
  const tools = scenario.inTool ? 1 : pairs.filter((p) => p.client.attributes[ATTR_AGENTSIGHT_SPAN_KIND] === SPAN_KIND.TOOL).length;
  check(
    session.attributes[ATTR_AGENTSIGHT_TOOL_CALLS] === tools,
    `the session counts ${tools} tool calls (got ${String(session.attributes[ATTR_AGENTSIGHT_TOOL_CALLS])})`,
  );
  return problems;
}
