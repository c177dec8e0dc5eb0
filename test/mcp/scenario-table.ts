/**
 * The MCP scenario table: every case (a client call and how it ends) over every transport (a stdio
 * child process, a Streamable HTTP server), each with the requests it makes and how the span of
 * each side of each request must end. The scenarios themselves (how the client calls and what the
 * server does) are in `scenario-app/`, under the same names (`<transport> | <case>`); the suite
 * checks that both lists agree. Every case runs on both SDK majors; where a major ends a request
 * differently (its error codes), the table says so.
 */
import { MCP_METHOD, MCP_TOOL_ERROR } from '../../src/semconv';

export const MAJORS = ['1', '2'] as const;
export type Major = (typeof MAJORS)[number];

/** The npm aliases of a major's app: v1 is one package; v2 the client, the server, and the zod 4 they want. */
export const PACKAGES: Readonly<Record<Major, readonly string[]>> = {
  '1': ['mcp-sdk-1'],
  '2': ['mcp-client-2', 'mcp-server-2', 'zod-4'],
};

export const TRANSPORTS = ['stdio', 'http'] as const;
export type Transport = (typeof TRANSPORTS)[number];

/** The protocol version both majors negotiate by default. */
export const PROTOCOL_VERSION = '2025-11-25';

/**
 * How one side's span of a request ends: `ok`; `error` with its `error.type` on each major (a
 * JSON-RPC code, the SDK's own code, or `tool_error`); `abort` (the handler's signal fired: the
 * request was cancelled or timed out, and nothing is answered); `process_exit` (the process died
 * with the request in flight).
 */
export type End = { kind: 'ok' } | { kind: 'error'; type: Readonly<Record<Major, string>> } | { kind: 'abort' } | { kind: 'process_exit' };

const OK: End = { kind: 'ok' };
const ABORT: End = { kind: 'abort' };
const error = (v1: string, v2 = v1): End => ({ kind: 'error', type: { '1': v1, '2': v2 } });
const TOOL_ERROR = error(MCP_TOOL_ERROR);

/** One request: a CLIENT span on the side that sends it, a SERVER span on the side that handles it, its child. */
export interface Exchange {
  /** The span name on both sides (`{mcp.method.name} {target}`). */
  name: string;
  method: string;
  /** Sent by the server to the client while it handles a tool call: its CLIENT span is in the server process. */
  fromServer?: boolean;
  /** The tool call's arguments (recorded as content on both sides). */
  arguments?: Record<string, unknown>;
  /** The resource a request names (`mcp.resource.uri`). */
  uri?: string;
  client: End;
  server: End;
}

export interface ScenarioCase {
  /** The case's name; a scenario is `<transport> | <case>`. */
  name: string;
  /** The requests after `initialize` (which every scenario starts with), in order. */
  exchanges: readonly Exchange[];
  /** The client's tool call runs inside `withTool(<name>)`: it nests under that tool span. */
  inTool?: string;
  /** Transports a case does not apply to, and why. */
  notOn?: Partial<Record<Transport, string>>;
  /** What it shows, in words (docs/mcp.md). */
  checks: string;
}

const call = (tool: string, client: End, server: End, args: Record<string, unknown> = {}): Exchange => ({
  name: `${MCP_METHOD.TOOLS_CALL} ${tool}`,
  method: MCP_METHOD.TOOLS_CALL,
  arguments: args,
  client,
  server,
});
const fromServer = (method: string): Exchange => ({ name: method, method, fromServer: true, client: OK, server: OK });
const plain = (name: string, method: string, end: End = OK, more: Partial<Exchange> = {}): Exchange => ({
  name,
  method,
  client: end,
  server: end,
  ...more,
});

export const CASES: readonly ScenarioCase[] = [
  { name: 'initialize', exchanges: [], checks: 'the handshake: `mcp.protocol.version`, `mcp.session.id` on HTTP' },
  { name: 'tools/list', exchanges: [plain('tools/list', 'tools/list')], checks: 'a request without a target' },
  {
    name: 'tools/call',
    exchanges: [call('get_weather', OK, OK, { city: 'Paris' })],
    checks: 'the client span is the tool span (it counts as a tool call); arguments and result as content on both sides',
  },
  {
    name: 'tools/call | isError result',
    exchanges: [call('fail', TOOL_ERROR, TOOL_ERROR)],
    checks: 'a tool result with `isError` is an error on both sides',
  },
  {
    name: 'tools/call | unknown tool',
    exchanges: [call('no_such_tool', error(MCP_TOOL_ERROR, '-32602'), error(MCP_TOOL_ERROR, '-32602'))],
    checks: 'v1 answers with an `isError` result, v2 with a JSON-RPC error (`rpc.response.status_code`)',
  },
  {
    name: 'tools/call | progress',
    exchanges: [call('count', OK, OK), fromServer('ping')],
    checks: 'every progress notification reaches the caller (the server pings before it answers, so none races the result)',
  },
  {
    name: 'tools/call | log notifications',
    exchanges: [call('chatty', OK, OK)],
    checks: "the server's log notifications reach the caller",
  },
  {
    name: 'tools/call | cancelled by the caller',
    exchanges: [call('slow', error('-32001', 'REQUEST_TIMEOUT'), ABORT)],
    checks: "the caller's signal fires: its promise rejects, the server's handler is aborted and answers nothing",
  },
  {
    name: 'tools/call | timeout',
    exchanges: [call('slow', error('-32001', 'REQUEST_TIMEOUT'), ABORT)],
    checks: 'the request times out: the SDK cancels it on the server',
  },
  {
    name: 'tools/call | connection closed',
    exchanges: [call('crash', error('-32000', 'CONNECTION_CLOSED'), { kind: 'process_exit' })],
    notOn: { http: 'the HTTP server outlives any one request; the stdio server is the process that dies' },
    checks: 'the server process dies mid-request: the caller gets the closed connection, the server span ends at its exit',
  },
  {
    name: 'tools/call | inside withTool',
    exchanges: [call('get_weather', OK, OK, { city: 'Rome' })],
    inTool: 'weather-lookup',
    checks: 'inside a tool span the MCP span is its child, not a second tool call',
  },
  {
    name: 'tools/call | server asks the client (sampling)',
    exchanges: [call('ask_client', OK, OK, { question: 'Umbrella?' }), fromServer('sampling/createMessage')],
    checks: "a request the other way: the server's CLIENT span under its tool call, the client's SERVER span under that",
  },
  {
    name: 'resources/read',
    exchanges: [plain('resources/read', MCP_METHOD.RESOURCES_READ, OK, { uri: 'weather://paris' })],
    checks: '`mcp.resource.uri` (not in the span name)',
  },
  {
    name: 'resources/read | unknown resource',
    exchanges: [plain('resources/read', MCP_METHOD.RESOURCES_READ, error('-32602'), { uri: 'weather://atlantis' })],
    checks: 'a JSON-RPC error on both sides',
  },
  {
    name: 'prompts/get',
    exchanges: [plain('prompts/get plan_trip', MCP_METHOD.PROMPTS_GET)],
    checks: "`gen_ai.prompt.name`, the span name's target",
  },
  { name: 'ping', exchanges: [plain('ping', 'ping')], checks: 'the smallest request' },
];

/** Every scenario starts with the handshake. */
export const INITIALIZE: Exchange = plain(MCP_METHOD.INITIALIZE, MCP_METHOD.INITIALIZE);

export interface ScenarioRow {
  /** `<transport> | <case>`. */
  name: string;
  transport: Transport;
  scenario: ScenarioCase;
}

/** Every scenario, transport by transport, in the app's order. */
export const SCENARIO_TABLE: readonly ScenarioRow[] = TRANSPORTS.flatMap((transport) =>
  CASES.map((scenario) => ({ name: `${transport} | ${scenario.name}`, transport, scenario })),
);
