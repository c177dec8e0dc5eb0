'use strict';
/**
 * The MCP scenarios: an MCP client calls the scenario server (`server-app.cjs`) over a real
 * transport, a stdio child process started per scenario or a Streamable HTTP server started once,
 * and writes down what it saw: results, errors, progress, log notifications, cancellation. A
 * scenario is `<transport> | <case>`; `../scenario-table.ts` says what spans each must produce,
 * under the same names. The server runs under agentsight exactly when the app does. How they run:
 * `test/support/scenario-app-common.cjs`.
 */
const { spawn } = require('node:child_process');
const path = require('node:path');
const common = require('../../support/scenario-app-common.cjs');

const { runScenarios } = common;

const TRANSPORTS = ['stdio', 'http'];

// ---------------------------------------------------------------------------------------------
// What a caller observes

/** An error as the caller sees it: its class, message and JSON-RPC (or SDK) code. */
function errorView(sdk, error) {
  if (!(error instanceof Error)) return { thrown: String(error) };
  const name = error.constructor?.name;
  return {
    class: name,
    name: error.name,
    message: error.message,
    code: error.code,
    isSameClassAsSdk: typeof sdk[name] === 'function' ? error instanceof sdk[name] : 'not an SDK class',
  };
}

/** `{ value }` or `{ error }`: a request's outcome as the caller sees it. */
async function outcome(sdk, promise) {
  try {
    return { value: await promise };
  } catch (error) {
    return { error: errorView(sdk, error) };
  }
}

// ---------------------------------------------------------------------------------------------
// The client: one per scenario, connected over the scenario's transport

/** What the client answers when the server asks it for a completion (sampling). */
const SAMPLED = { role: 'assistant', content: { type: 'text', text: 'take an umbrella' }, model: 'scenario-model', stopReason: 'endTurn' };

/** A connected client and what it received besides results (log notifications). */
async function connect(ctx, transport) {
  const { sdk } = ctx;
  const client = new sdk.Client({ name: 'scenario-client', version: '1.0.0' }, { capabilities: { sampling: {} } });
  const logs = [];
  const onLog = (notification) => logs.push(notification.params);
  if (ctx.variant === '1') {
    client.setRequestHandler(sdk.CreateMessageRequestSchema, async () => SAMPLED);
    client.setNotificationHandler(sdk.LoggingMessageNotificationSchema, onLog);
  } else {
    client.setRequestHandler('sampling/createMessage', async () => SAMPLED);
    client.setNotificationHandler('notifications/message', onLog);
  }
  const wire =
    transport === 'stdio'
      ? new sdk.StdioClientTransport({ command: process.execPath, args: [...ctx.serverArgs, 'stdio'], env: process.env })
      : // The bearer token must appear in no span and no exported byte (the harness scans for it).
        new sdk.StreamableHTTPClientTransport(new URL(ctx.httpUrl), {
          requestInit: { headers: { authorization: `Bearer ${ctx.apiKey}` } },
        });
  await client.connect(wire);
  return { client, logs };
}

/** `client.callTool` with request options: v1 takes a result schema before them, v2 does not. */
function callTool(ctx, client, params, options) {
  return ctx.variant === '1' ? client.callTool(params, undefined, options) : client.callTool(params, options);
}

/** A scenario: connect over `transport`, run `body(client, logs)`, close (a stdio server exits then). */
function scenario(transport, body) {
  return async (ctx) => {
    const { client, logs } = await connect(ctx, transport);
    try {
      return await body(ctx, client, logs);
    } finally {
      await client.close();
    }
  };
}

/** The cases, each run over every transport (or the reason it does not apply to one). */
const CASES = {
  initialize: async (ctx, client) => ({
    serverVersion: client.getServerVersion(),
    instructions: client.getInstructions(),
    capabilities: client.getServerCapabilities(),
  }),
  'tools/list': async (ctx, client) => outcome(ctx.sdk, client.listTools()),
  'tools/call': async (ctx, client) => outcome(ctx.sdk, callTool(ctx, client, { name: 'get_weather', arguments: { city: 'Paris' } })),
  'tools/call | isError result': async (ctx, client) => outcome(ctx.sdk, callTool(ctx, client, { name: 'fail', arguments: {} })),
  'tools/call | unknown tool': async (ctx, client) => outcome(ctx.sdk, callTool(ctx, client, { name: 'no_such_tool', arguments: {} })),
  'tools/call | progress': async (ctx, client) => {
    const progress = [];
    const result = await outcome(ctx.sdk, callTool(ctx, client, { name: 'count', arguments: {} }, { onprogress: (p) => progress.push(p) }));
    return { result, progress };
  },
  'tools/call | log notifications': async (ctx, client, logs) => {
    const result = await outcome(ctx.sdk, callTool(ctx, client, { name: 'chatty', arguments: {} }));
    return { result, logs: [...logs] };
  },
  'tools/call | cancelled by the caller': async (ctx, client) => {
    const controller = new AbortController();
    // The tool reports progress once it runs: cancel it then.
    const onprogress = () => controller.abort('the caller changed its mind');
    return outcome(ctx.sdk, callTool(ctx, client, { name: 'slow', arguments: {} }, { signal: controller.signal, onprogress }));
  },
  'tools/call | timeout': async (ctx, client) => outcome(ctx.sdk, callTool(ctx, client, { name: 'slow', arguments: {} }, { timeout: 300 })),
  'tools/call | connection closed': {
    http: 'the HTTP server outlives any one request; the stdio server is the process that dies',
    run: async (ctx, client) => outcome(ctx.sdk, callTool(ctx, client, { name: 'crash', arguments: {} })),
  },
  'tools/call | inside withTool': async (ctx, client) =>
    ctx.withTool({ name: 'weather-lookup', args: { city: 'Rome' } }, () =>
      outcome(ctx.sdk, callTool(ctx, client, { name: 'get_weather', arguments: { city: 'Rome' } })),
    ),
  'tools/call | server asks the client (sampling)': async (ctx, client) =>
    outcome(ctx.sdk, callTool(ctx, client, { name: 'ask_client', arguments: { question: 'Umbrella?' } })),
  'resources/read': async (ctx, client) => outcome(ctx.sdk, client.readResource({ uri: 'weather://paris' })),
  'resources/read | unknown resource': async (ctx, client) => outcome(ctx.sdk, client.readResource({ uri: 'weather://atlantis' })),
  'prompts/get': async (ctx, client) => outcome(ctx.sdk, client.getPrompt({ name: 'plan_trip', arguments: { city: 'Lisbon' } })),
  ping: async (ctx, client) => outcome(ctx.sdk, client.ping()),
};

/** Every scenario, `<transport> | <case>`: a function, or why it does not apply. */
function scenarios() {
  const all = {};
  for (const transport of TRANSPORTS) {
    for (const [name, spec] of Object.entries(CASES)) {
      const reason = typeof spec === 'function' ? undefined : spec[transport];
      all[`${transport} | ${name}`] = reason ?? scenario(transport, typeof spec === 'function' ? spec : spec.run);
    }
  }
  return all;
}

// ---------------------------------------------------------------------------------------------
// The HTTP server, and the run

/** Starts the scenario server over Streamable HTTP in a child process; `stop()` ends it (its spans are flushed at exit). */
async function startHttpServer(serverArgs) {
  const child = spawn(process.execPath, [...serverArgs, 'http'], { stdio: ['pipe', 'pipe', 'inherit'], env: process.env });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const port = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /LISTENING (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`the HTTP server exited (${code}) before listening: ${out}`)));
  });
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    stop: async () => {
      child.stdin.end();
      await exited;
    },
  };
}

/**
 * Runs the scenarios against the scenario server, started (over stdio per scenario, over HTTP
 * once) under agentsight exactly when this app runs under it.
 */
async function main(app, agentsight) {
  const serverFile = path.join(__dirname, app.moduleSystem === 'cjs' ? 'server.cjs' : 'server.mjs');
  const register = agentsight ? [app.moduleSystem === 'cjs' ? '--require' : '--import', 'agentsight/register'] : [];
  const serverArgs = [...register, serverFile];
  const httpServer = await startHttpServer(serverArgs);
  try {
    await runScenarios(app, agentsight, {
      scenarios,
      clients: () => ({
        serverArgs,
        httpUrl: httpServer.url,
        withTool: agentsight ? agentsight.withTool : (_spec, fn) => fn(),
      }),
    });
  } finally {
    await httpServer.stop();
  }
}

module.exports = { main, scenarios, TRANSPORTS, CASES };
