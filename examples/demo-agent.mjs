// The demo agent: a trip planner in one session. A planner agent asks OpenAI, which calls a
// weather tool; the planner streams its plan; an editor agent has Anthropic tighten it.
// Run it under `node --import agentsight/register` (npm run demo does, against a local mock):
// no agentsight code is needed for the LLM calls, only to name the session, agents and tool.
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { traceTool, withAgent, withSession } from 'agentsight';

const openai = new OpenAI(); // OPENAI_API_KEY, OPENAI_BASE_URL
const anthropic = new Anthropic(); // ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL

const getWeather = traceTool('get_weather', async ({ city }) => ({ city, forecast: 'sunny', highC: 24, lowC: 15 }));

const tools = [
  {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'The weather forecast for a city, today.',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    },
  },
];

await withSession({ name: 'trip-planner', tags: ['demo'] }, async () => {
  const plan = await withAgent('planner', async () => {
    const messages = [
      { role: 'system', content: 'You plan one-day city trips. Check the weather first.' },
      { role: 'user', content: 'Plan my Saturday in Lisbon.' },
    ];
    const first = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages, tools });
    const reply = first.choices[0].message;
    messages.push(reply);
    for (const call of reply.tool_calls ?? []) {
      const result = await getWeather(JSON.parse(call.function.arguments));
      messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(result) });
    }
    let text = '';
    const stream = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    return text;
  });

  const edited = await withAgent('editor', async () => {
    const message = await anthropic.messages.create({
      model: 'claude-haiku-5-5',
      max_tokens: 200,
      system: 'You edit travel plans to be short and friendly.',
      messages: [{ role: 'user', content: `Tighten this plan: ${plan}` }],
    });
    return message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
  });

  console.log(`plan:   ${plan}\nedited: ${edited}`);
});
