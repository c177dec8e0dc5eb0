// An agent built on the Vercel AI SDK whose tools come from an MCP server over stdio. Run it with
// `node --import agentsight/register examples/mcp/agent.mjs`: it starts `weather-server.mjs` as
// a child process, under agentsight too, and `agentsight show` then prints one session across
// both processes: the agent loop and its model calls, each tool execution with its MCP request
// (`tools/call get_weather`, CLIENT) inside, and the server's side of each request (SERVER, from
// the server's process). No agentsight code but the session's name.
import { ToolLoopAgent, dynamicTool, jsonSchema, stepCountIs } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { withSession } from 'agentsight';

const openai = createOpenAI(); // OPENAI_API_KEY, OPENAI_BASE_URL
const server = new URL('./weather-server.mjs', import.meta.url).pathname;

await withSession({ name: 'trip-planner', tags: ['ai-sdk', 'mcp'] }, async () => {
  const mcp = new Client({ name: 'trip-planner', version: '1.0.0' });
  // The server inherits our environment (the store, the exporters) and runs under agentsight.
  await mcp.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: ['--import', 'agentsight/register', server],
      env: { ...process.env, OTEL_SERVICE_NAME: 'weather-server' },
    }),
  );
  try {
    // The server's tools as AI SDK tools: each execution is one MCP `tools/call`.
    const { tools: listed } = await mcp.listTools();
    const tools = Object.fromEntries(
      listed.map((t) => [
        t.name,
        dynamicTool({
          description: t.description,
          inputSchema: jsonSchema(t.inputSchema),
          execute: async (args) => (await mcp.callTool({ name: t.name, arguments: args })).content,
        }),
      ]),
    );
    const planner = new ToolLoopAgent({
      id: 'trip-planner',
      model: openai.chat('gpt-4o-mini'),
      instructions: 'You plan one-day city trips. Check the weather first.',
      tools,
      stopWhen: stepCountIs(4),
    });
    const { text, steps } = await planner.generate({ prompt: 'Plan my Saturday in Lisbon.' });
    console.log(`${steps.length} steps: ${text}`);
  } finally {
    await mcp.close();
  }
});
