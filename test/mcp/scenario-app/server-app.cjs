'use strict';
/**
 * The MCP server of the scenarios, the same for both SDK majors: an `McpServer` with the tools,
 * resource and prompt the scenarios call, served over stdio (a child process the client starts)
 * or Streamable HTTP (a child process the app starts once, printing `LISTENING <port>`; it exits
 * when its stdin closes). `server.cjs` and `server.mjs` load the SDK the way a CommonJS or an ESM
 * server does and call `serve`. Plain JavaScript: it runs untransformed under both module systems.
 *
 * It writes nothing to stderr: the harness checks that an instrumented run says nothing there.
 */
const http = require('node:http');
const { randomUUID } = require('node:crypto');

/** What a tool's handler gets, the same on both majors (v1 passes `extra`, v2 `ctx`). */
function requestOf(major, extra, sdk) {
  if (major === '1') {
    return {
      signal: extra.signal,
      meta: extra._meta,
      notify: (notification) => extra.sendNotification(notification),
      ask: (request) => extra.sendRequest(request, sdk.CreateMessageResultSchema),
      ping: () => extra.sendRequest({ method: 'ping' }, sdk.EmptyResultSchema),
    };
  }
  return {
    signal: extra.mcpReq.signal,
    meta: extra.mcpReq._meta,
    notify: (notification) => extra.mcpReq.notify(notification),
    ask: (request) => extra.mcpReq.send(request),
    ping: () => extra.mcpReq.send({ method: 'ping' }),
  };
}

/** Resolves when `signal` aborts (a cancelled request, a timeout, a closed connection), or after `ms`. */
function untilAborted(signal, ms) {
  if (signal.aborted) return Promise.resolve('aborted');
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('not aborted'), ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve('aborted');
    });
  });
}

/** A new `McpServer` with everything the scenarios call. */
function makeServer(sdk, major) {
  const { McpServer, z } = sdk;
  const server = new McpServer(
    { name: 'weather-server', version: '1.0.0' },
    { capabilities: { logging: {} }, instructions: 'Weather tools.' },
  );
  const text = (value) => ({ content: [{ type: 'text', text: value }] });

  server.registerTool('get_weather', { description: 'The weather of a city', inputSchema: { city: z.string() } }, async ({ city }) => ({
    ...text(`sunny in ${city}`),
    structuredContent: { city, forecast: 'sunny' },
  }));
  server.registerTool('fail', { description: 'Always fails', inputSchema: {} }, async () => {
    throw new Error('the weather service is down');
  });
  server.registerTool('count', { description: 'Counts to three, reporting progress', inputSchema: {} }, async (_args, extra) => {
    const request = requestOf(major, extra, sdk);
    const progressToken = request.meta?.progressToken;
    for (let progress = 1; progress <= 3; progress++) {
      if (progressToken !== undefined)
        await request.notify({
          method: 'notifications/progress',
          params: { progressToken, progress, total: 3, message: `step ${progress}` },
        });
    }
    // The client handles messages in order: once it answers a ping, it has handled the progress
    // notifications sent before. Without this, the response can reach it in the same read and
    // close the request before its progress callbacks run (the SDK then drops them).
    await request.ping();
    return text('counted to 3');
  });
  server.registerTool('chatty', { description: 'Logs while it works', inputSchema: {} }, async (_args, extra) => {
    const request = requestOf(major, extra, sdk);
    for (const data of ['looking up', 'found it'])
      await request.notify({ method: 'notifications/message', params: { level: 'info', logger: 'weather', data } });
    return text('done');
  });
  server.registerTool('slow', { description: 'Waits until it is cancelled', inputSchema: {} }, async (_args, extra) => {
    const request = requestOf(major, extra, sdk);
    // Tells the caller it started, so that it cancels a request that is running for sure.
    const progressToken = request.meta?.progressToken;
    if (progressToken !== undefined) await request.notify({ method: 'notifications/progress', params: { progressToken, progress: 0 } });
    return text(await untilAborted(request.signal, 5_000));
  });
  server.registerTool('crash', { description: 'The server process dies', inputSchema: {} }, async () => {
    // The connection closes with the request in flight (stdio only: the process is the server).
    setTimeout(() => process.exit(3), 20);
    return new Promise(() => {});
  });
  server.registerTool(
    'ask_client',
    { description: 'Asks the client model (sampling)', inputSchema: { question: z.string() } },
    async ({ question }, extra) => {
      const request = requestOf(major, extra, sdk);
      const answer = await request.ask({
        method: 'sampling/createMessage',
        params: { messages: [{ role: 'user', content: { type: 'text', text: question } }], maxTokens: 20 },
      });
      return text(`the client says: ${answer.content.text}`);
    },
  );
  server.registerResource('paris', 'weather://paris', { description: 'Weather in Paris', mimeType: 'text/plain' }, async (uri) => ({
    contents: [{ uri: uri.href, mimeType: 'text/plain', text: 'sunny, 24°C' }],
  }));
  server.registerPrompt('plan_trip', { description: 'Plans a trip', argsSchema: { city: z.string() } }, ({ city }) => ({
    messages: [{ role: 'user', content: { type: 'text', text: `Plan a day in ${city}.` } }],
  }));
  return server;
}

/** The request as the v2 web-standard transport takes it, from Node's. */
async function webRequest(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const body = Buffer.concat(chunks);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const one of Array.isArray(value) ? value : [value]) if (one !== undefined) headers.append(name, one);
  }
  return new Request(`http://${req.headers.host}${req.url}`, {
    method: req.method,
    headers,
    ...(body.length > 0 ? { body } : {}),
  });
}

/** Writes a web `Response` (an SSE stream included, as it comes) to Node's response. */
async function sendWebResponse(response, res) {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.flushHeaders();
  if (!response.body) return res.end();
  const reader = response.body.getReader();
  res.on('close', () => reader.cancel().catch(() => {}));
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      res.write(value);
    }
  } catch {
    // The client went away.
  }
  res.end();
}

/** Streamable HTTP: one transport and one server per MCP session, as the SDK's examples do. */
function serveHttp(sdk, major) {
  const sessions = new Map();
  const newTransport = () => {
    const options = { sessionIdGenerator: () => randomUUID(), onsessioninitialized: (id) => sessions.set(id, transport) };
    const transport =
      major === '1' ? new sdk.StreamableHTTPServerTransport(options) : new sdk.WebStandardStreamableHTTPServerTransport(options);
    transport.onclose = () => sessions.delete(transport.sessionId);
    return transport;
  };
  const httpServer = http.createServer(async (req, res) => {
    try {
      const id = req.headers['mcp-session-id'];
      let transport = typeof id === 'string' ? sessions.get(id) : undefined;
      if (!transport) {
        transport = newTransport();
        await makeServer(sdk, major).connect(transport);
      }
      if (major === '1') await transport.handleRequest(req, res);
      else await sendWebResponse(await transport.handleRequest(await webRequest(req)), res);
    } catch (error) {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    }
  });
  httpServer.listen(0, '127.0.0.1', () => process.stdout.write(`LISTENING ${httpServer.address().port}\n`));
  // The app closes our stdin when it is done: close everything, and leave (spans are flushed at exit).
  process.stdin.resume();
  process.stdin.on('end', () => {
    for (const transport of sessions.values()) transport.close().catch(() => {});
    httpServer.close();
    httpServer.closeAllConnections();
    setTimeout(() => process.exit(0), 2_000).unref();
  });
}

/**
 * Serves the scenarios' MCP server. `sdk`: `McpServer`, the transports, `z` (and v1's
 * `CreateMessageResultSchema`); `mode`: `stdio` or `http`.
 */
async function serve(sdk, major, mode) {
  if (mode === 'http') return serveHttp(sdk, major);
  await makeServer(sdk, major).connect(new sdk.StdioServerTransport());
}

module.exports = { serve };
