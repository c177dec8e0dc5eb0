// An agent built on the Vercel AI SDK: a ToolLoopAgent that checks the weather, then plans. Run it
// with `node --import agentsight/register examples/vercel-ai-agent.mjs`: the loop (`invoke_agent
// trip-planner`), its steps, the model calls and the tool execution are spans of the session with
// no agentsight code; only the session is named. The tools are a plain record, so the tools of an
// MCP server (`await mcpClient.tools()` with `@ai-sdk/mcp`) take their place as they are, and
// what each one does (its MCP request) nests under its `execute_tool` span.
import { ToolLoopAgent, stepCountIs, tool } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';
import { z } from 'zod';
import { withSession } from 'agentsight';

const openai = createOpenAI(); // OPENAI_API_KEY, OPENAI_BASE_URL

const tools = {
  get_weather: tool({
    description: 'The weather forecast for a city, today.',
    inputSchema: z.object({ city: z.string() }),
    execute: async ({ city }) => ({ city, forecast: 'sunny', highC: 24, lowC: 15 }),
  }),
};

const planner = new ToolLoopAgent({
  id: 'trip-planner',
  model: openai.chat('gpt-4o-mini'),
  instructions: 'You plan one-day city trips. Check the weather first.',
  tools,
  stopWhen: stepCountIs(4),
});

await withSession({ name: 'trip-planner', tags: ['ai-sdk'] }, async () => {
  const { text, steps } = await planner.generate({ prompt: 'Plan my Saturday in Lisbon.' });
  console.log(`${steps.length} steps: ${text}`);
});
