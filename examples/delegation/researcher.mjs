// The researcher of the delegation example (planner.mjs starts it): an HTTP service on 127.0.0.1
// that takes a task with a signed delegation token, checks the token, and does the work inside
// the planner's session. Its key comes from AGENTSIGHT_DELEGATION_KEY (and _KEY_ID): no key code.
import http from 'node:http';
import Anthropic from '@anthropic-ai/sdk';
import { acceptDelegation, withAgent } from 'agentsight';

const anthropic = new Anthropic(); // ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL

async function research(task) {
  const message = await anthropic.messages.create({
    model: 'claude-haiku-5-5',
    max_tokens: 300,
    messages: [{ role: 'user', content: `Find sources for: ${task}` }],
  });
  return message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}

const server = http.createServer(async (req, res) => {
  let body = '';
  for await (const chunk of req) body += chunk;
  const { token, task } = JSON.parse(body);
  // A valid token continues the planner's trace and session; any other runs in a new, unverified one.
  const delegation = await acceptDelegation(token, { audience: 'researcher' });
  const answer = await delegation.run(() => withAgent('researcher', () => research(task)));
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ verified: delegation.verified, answer }));
  server.close(); // one task, then exit (flushing the researcher's part of the session)
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
