// Agents, tools and actions nest as spans of the session (CommonJS). Run with
// `node --require agentsight/register examples/agents-and-tools.cjs`.
const OpenAI = require('openai');
const { withSession, withAgent, withAction, traceTool, recordEvent } = require('agentsight');

const openai = new OpenAI();
const search = traceTool({ name: 'search_docs', description: 'Full-text search of the docs' }, async (query) => [`doc about ${query}`]);

withSession({ name: 'research' }, () =>
  withAgent({ name: 'researcher', id: 'agent-7' }, async () => {
    const hits = await search('sampling');
    recordEvent('search.done', { hits: hits.length });
    const answer = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: `Summarize: ${hits.join('; ')}` }],
    });
    await withAction('save-notes', async () => answer.choices[0].message.content);
  }),
).then(() => console.log('research done'));
