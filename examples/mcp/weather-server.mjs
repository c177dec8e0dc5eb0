// The MCP server of examples/mcp/agent.mjs: one tool, served over stdio. The agent starts it under
// agentsight (`--import agentsight/register`), so the server's side of each request it handles is
// recorded in the agent's session, as a part of it written by this process.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

const server = new McpServer({ name: 'weather', version: '1.0.0' });

server.registerTool(
  'get_weather',
  { description: 'The weather forecast for a city, today.', inputSchema: { city: z.string() } },
  async ({ city }) => ({ content: [{ type: 'text', text: JSON.stringify({ city, forecast: 'sunny', highC: 24, lowC: 15 }) }] }),
);

await server.connect(new StdioServerTransport());
