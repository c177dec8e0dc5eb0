/**
 * The MCP provider inside one process, on both SDK majors (their CommonJS builds), with the client
 * and the server linked by the SDK's in-memory transport: the manual path (`instrumentMCP`), a
 * server that joins the caller's session when both ends are here, turning the instrumentation off
 * and on again (off: the original methods, and handlers traced before call straight through; on:
 * wrapped once, never twice), and what a request leaves of the caller's objects (nothing).
 */
import { currentClient } from '../../src/client';
import { instrumentMCP, withSession, withTool } from '../../src/index';
import { BaseInstrumentation } from '../../instrumentations/base/base-instrumentation';
import {
  ATTR_AGENTSIGHT_SPAN_KIND,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_MCP_METHOD_NAME,
  ATTR_NETWORK_TRANSPORT,
  ATTR_SESSION_ID,
  SPAN_KIND,
} from '../../src/semconv';
import type { SpanRecord } from '../../src/store/format';
import { startInProcess, type InProcess } from '../support/in-process';

type Json = Record<string, unknown>;
type Fn = (...args: unknown[]) => Promise<unknown>;
interface Client {
  connect: Fn;
  close: Fn;
  callTool: Fn;
  listTools: Fn;
}
interface Sdk {
  /** The client's and the server's `Protocol` prototypes (one class in v1, one per package in v2). */
  protocols: Json[];
  clientModule: Json;
  serverModule: Json;
  /** A connected client and server. */
  connect(): Promise<{ client: Client; server: { close: Fn } }>;
}

function loadSdk(major: 1 | 2): Sdk {
  const clientModule = (major === 1 ? require('mcp-sdk-1/client/index.js') : require('mcp-client-2')) as Json;
  // v1's McpServer comes from `server/mcp.js`, its Server (the Protocol the server uses) from `server/index.js`.
  const serverModule = (
    major === 1 ? { ...require('mcp-sdk-1/server/index.js'), ...require('mcp-sdk-1/server/mcp.js') } : require('mcp-server-2')
  ) as Json;
  const { InMemoryTransport } = (major === 1 ? require('mcp-sdk-1/inMemory.js') : serverModule) as {
    InMemoryTransport: { createLinkedPair(): [unknown, unknown] };
  };
  const z = (major === 1 ? require('zod') : require('zod-4')) as { z: { string(): unknown } };
  const protocolOf = (cls: unknown): Json => {
    let proto = (cls as { prototype: Json }).prototype;
    while (!Object.hasOwn(proto, '_onrequest')) proto = Object.getPrototypeOf(proto) as Json;
    return proto;
  };
  const McpServer = serverModule.McpServer as new (info: Json) => Json & { registerTool: Fn; connect: Fn; close: Fn };
  const Client = clientModule.Client as new (info: Json) => Client;
  return {
    protocols: [
      protocolOf(clientModule.Client),
      protocolOf(major === 1 ? (require('mcp-sdk-1/server/index.js') as Json).Server : serverModule.Server),
    ],
    clientModule,
    serverModule,
    async connect() {
      const server = new McpServer({ name: 'weather', version: '1.0.0' });
      server.registerTool('get_weather', { inputSchema: { city: z.z.string() } }, async ({ city }: { city: string }) => ({
        content: [{ type: 'text', text: `sunny in ${city}` }],
      }));
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      await server.connect(serverSide);
      const client = new Client({ name: 'c', version: '1.0.0' });
      await client.connect(clientSide);
      return { client, server };
    },
  };
}

const mcpSpans = (p: InProcess): SpanRecord[] =>
  p
    .sessions()
    .flatMap((s) => s.spans)
    .filter((s) => s.attributes[ATTR_MCP_METHOD_NAME] !== undefined);

describe.each([[1], [2]] as const)('MCP SDK %i', (major) => {
  let agentsight: InProcess | undefined;
  afterEach(async () => {
    await agentsight?.stop();
    agentsight = undefined;
  });

  it("traces both ends through the manual path; the server joins the caller's session, under the client's span", async () => {
    const sdk = loadSdk(major);
    agentsight = startInProcess({ autoSession: false });
    expect(instrumentMCP(sdk.clientModule)).toBe(true);
    expect(instrumentMCP(sdk.serverModule)).toBe(true);
    const args = { city: 'Paris' };
    const result = await withSession({ name: 'in-process' }, async () => {
      const { client, server } = await sdk.connect();
      const answer = await client.callTool({ name: 'get_weather', arguments: args });
      await client.close();
      await server.close();
      return answer;
    });
    expect(result).toEqual({ content: [{ type: 'text', text: 'sunny in Paris' }] });
    await agentsight.stop();
    const [session] = agentsight.sessions();
    expect(session!.parts).toEqual([]);
    const spans = mcpSpans(agentsight);
    expect(spans.map((s) => `${s.kind} ${s.name}`).sort()).toEqual(
      ['CLIENT initialize', 'SERVER initialize', 'CLIENT tools/call get_weather', 'SERVER tools/call get_weather'].sort(),
    );
    const client = spans.find((s) => s.kind === 'CLIENT' && s.name.startsWith('tools/call'))!;
    const server = spans.find((s) => s.kind === 'SERVER' && s.name.startsWith('tools/call'))!;
    expect(server.parentSpanId).toBe(client.spanId);
    expect(server.attributes[ATTR_SESSION_ID]).toBe(session!.id);
    expect(client.attributes[ATTR_AGENTSIGHT_SPAN_KIND]).toBe(SPAN_KIND.TOOL);
    expect(JSON.parse(String(client.attributes[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]))).toEqual(args);
    // The caller's arguments are its own: the trace context went into a copy.
    expect(args).toEqual({ city: 'Paris' });
    // An in-memory transport says nothing of a network.
    expect(client.attributes[ATTR_NETWORK_TRANSPORT]).toBeUndefined();
  });

  it('records no arguments or results with content capture off', async () => {
    const sdk = loadSdk(major);
    agentsight = startInProcess({ autoSession: false, captureContent: false });
    instrumentMCP(sdk.clientModule);
    instrumentMCP(sdk.serverModule);
    await withSession({ name: 'no-content' }, async () => {
      const { client, server } = await sdk.connect();
      await client.callTool({ name: 'get_weather', arguments: { city: 'Oslo' } });
      await client.close();
      await server.close();
    });
    await agentsight.stop();
    const calls = mcpSpans(agentsight).filter((s) => s.name === 'tools/call get_weather');
    expect(calls).toHaveLength(2);
    for (const span of calls) expect(Object.keys(span.attributes).filter((k) => k.startsWith('gen_ai.tool.call.'))).toEqual([]);
  });

  it('nests a tool call made inside withTool under that tool span, never a second tool span', async () => {
    const sdk = loadSdk(major);
    agentsight = startInProcess({ autoSession: false });
    instrumentMCP(sdk.clientModule);
    await withSession({ name: 'nested' }, async () => {
      const { client, server } = await sdk.connect();
      await withTool('lookup', () => client.callTool({ name: 'get_weather', arguments: { city: 'Rome' } }));
      await client.close();
      await server.close();
    });
    await agentsight.stop();
    const spans = agentsight.sessions()[0]!.spans;
    const tool = spans.find((s) => s.name === 'execute_tool lookup')!;
    const call = spans.find((s) => s.kind === 'CLIENT' && s.name === 'tools/call get_weather')!;
    expect(call.parentSpanId).toBe(tool.spanId);
    expect(call.attributes[ATTR_AGENTSIGHT_SPAN_KIND]).toBeUndefined();
    expect(spans.filter((s) => s.attributes[ATTR_AGENTSIGHT_SPAN_KIND] === SPAN_KIND.TOOL)).toHaveLength(1);
  });

  it('turned off, the SDK has its own methods back and handlers traced before run plain; on again, wrapped once', async () => {
    const sdk = loadSdk(major);
    agentsight = startInProcess({ autoSession: false });
    instrumentMCP(sdk.clientModule);
    instrumentMCP(sdk.serverModule);
    const wrapped = (): boolean[] => sdk.protocols.map((p) => BaseInstrumentation.isWrapped(p._onrequest));
    expect(wrapped()).toEqual([true, true]);
    const { client, server } = await withSession({ name: 'before' }, () => sdk.connect());

    const manager = currentClient()!.instrumentations!;
    manager.disable('mcp');
    expect(wrapped()).toEqual([false, false]);
    await withSession({ name: 'off' }, () => client.listTools());

    manager.enable('mcp');
    instrumentMCP(sdk.clientModule); // a second manual call changes nothing
    expect(wrapped()).toEqual([true, true]);
    const once = sdk.protocols.map((p) =>
      BaseInstrumentation.isWrapped((p._onrequest as { [k: symbol]: unknown })[Symbol.for('agentsight.original')]),
    );
    expect(once).toEqual([false, false]);
    await withSession({ name: 'on' }, () => client.listTools());
    await client.close();
    await server.close();
    await agentsight.stop();
    const byName = new Map(agentsight.sessions().map((s) => [s.start?.name, s.spans.map((x) => `${x.kind} ${x.name}`).sort()]));
    expect(byName.get('off')).toEqual(['INTERNAL session off']);
    expect(byName.get('on')).toEqual(['CLIENT tools/list', 'INTERNAL session on', 'SERVER tools/list']);
  });
});
