// Two processes, one session: a planner delegates research to a researcher process over HTTP on
// 127.0.0.1 with a signed delegation token (HS256 here; Ed25519 works the same way).
// Run it under `node --import agentsight/register examples/delegation/planner.mjs` (it starts the
// researcher the same way), then `npx agentsight show <session id>` prints both processes' work as
// one tree, the researcher's part marked with its process.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { delegate, withAgent, withSession } from 'agentsight';

const openai = new OpenAI(); // OPENAI_API_KEY, OPENAI_BASE_URL

// Both sides share one secret; in production both read AGENTSIGHT_DELEGATION_KEY from your secret store.
const key = { id: 'example-2026', key: randomBytes(32).toString('base64url') };

const researcher = spawn(process.execPath, [...process.execArgv, fileURLToPath(new URL('researcher.mjs', import.meta.url))], {
  env: { ...process.env, AGENTSIGHT_DELEGATION_KEY: key.key, AGENTSIGHT_DELEGATION_KEY_ID: key.id, OTEL_SERVICE_NAME: 'researcher' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const [port] = await once(researcher.stdout, 'data');

await withSession({ name: 'trip-research', tags: ['example'] }, async (session) => {
  const answer = await withAgent('planner', async () => {
    const plan = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'What should we research for a day in Lisbon?' }],
    });
    const task = plan.choices[0].message.content;
    const delegation = await delegate({ to: 'researcher', task, key });
    try {
      const reply = await fetch(`http://127.0.0.1:${String(port).trim()}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: delegation.token, task }),
      });
      const result = await reply.json();
      delegation.complete(result);
      return result;
    } catch (error) {
      delegation.fail(error);
      throw error;
    }
  });
  console.log(`researcher (token ${answer.verified ? 'verified' : 'refused'}): ${answer.answer}`);
  console.log(`session ${session.id}: npx agentsight show ${session.id.slice(0, 12)}`);
});
await once(researcher, 'exit');
