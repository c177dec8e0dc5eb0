// One session per request: a server handling overlapping requests gets one trace per request,
// each LLM call in the right one (the active session travels with the async context).
import OpenAI from 'openai';
import { withSession } from 'agentsight';

const openai = new OpenAI();

async function handle(requestId, question) {
  return withSession({ name: `request-${requestId}`, tags: ['http'] }, async () => {
    const reply = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] });
    return reply.choices[0].message.content;
  });
}

const answers = await Promise.all(['What is OTLP?', 'What is a span?', 'What is a trace?'].map((q, i) => handle(i + 1, q)));
console.log(answers.length, 'requests answered, each in its own session');
