// `npm run demo`: builds agentsight if needed, starts the bundled mock LLM server (no key, no
// network), runs examples/demo-agent.mjs under `node --import agentsight/register`, then prints
// `agentsight show` of the session it made. `npm run demo -- --real` uses the real OpenAI and
// Anthropic APIs instead (needs OPENAI_API_KEY and ANTHROPIC_API_KEY, and network).
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMockLlmServer } from './mock-llm-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const store = process.env.AGENTSIGHT_DIR ?? path.join(root, '.agentsight');
const real = process.argv.includes('--real');

const run = (args, env = process.env) => spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env });

if (run([path.join(root, 'scripts', 'build.mjs')]).status !== 0) process.exit(1);

const env = { OTEL_SERVICE_NAME: 'trip-planner-demo', ...process.env, AGENTSIGHT_DIR: store };
let mock;
if (real) {
  if (!process.env.OPENAI_API_KEY || !process.env.ANTHROPIC_API_KEY) {
    console.error('demo --real needs OPENAI_API_KEY and ANTHROPIC_API_KEY');
    process.exit(1);
  }
} else {
  const { startMockLlmServer } = await loadMockLlmServer();
  mock = await startMockLlmServer();
  // The planner's first call answers with a call of the weather tool; the rest answer with text.
  // Usage is set to the size of real calls, so that tokens and cost look like a real session's.
  mock.enqueue(
    { toolCalls: [{ name: 'get_weather', arguments: { city: 'Lisbon' } }], usage: { inputTokens: 1240, outputTokens: 32 } },
    { path: '/v1/chat/completions' },
  );
  mock.enqueue(
    {
      text: 'Morning at Belem, lunch in Alfama, sunset at Miradouro da Graca: sunny, 24C.',
      usage: { inputTokens: 1310, outputTokens: 420, cachedTokens: 1024 },
    },
    { path: '/v1/chat/completions' },
  );
  mock.enqueue(
    { text: 'Belem at 9, Alfama lunch, Graca sunset. Pack sunscreen!', usage: { inputTokens: 530, outputTokens: 160 } },
    { path: '/v1/messages' },
  );
  Object.assign(env, {
    // The mock speaks like api.openai.com, so ask streams for usage as agentsight does there.
    AGENTSIGHT_OPENAI_STREAM_USAGE: 'always',
    OPENAI_BASE_URL: mock.openaiBaseURL,
    OPENAI_API_KEY: 'sk-demo-not-a-real-key',
    ANTHROPIC_BASE_URL: mock.anthropicBaseURL,
    ANTHROPIC_API_KEY: 'sk-ant-demo-not-a-real-key',
  });
  console.log(`mock LLM server on ${mock.url} (OpenAI and Anthropic APIs)\n`);
}

const startedAt = Date.now();
// The demo agent runs as a separate process, exactly as a user's app would.
const demo = await new Promise((resolve) => {
  import('node:child_process').then(({ spawn }) => {
    const child = spawn(process.execPath, ['--import', 'agentsight/register', path.join('examples', 'demo-agent.mjs')], {
      cwd: root,
      stdio: 'inherit',
      env,
    });
    child.on('close', (code) => resolve(code));
  });
});
await mock?.close();
if (demo !== 0) process.exit(demo ?? 1);

const { listSessionFiles, readSession } = await import(path.join(root, 'dist', 'src', 'store', 'reader.js'));
const made = listSessionFiles(store)
  .map(readSession)
  .find((s) => s.start?.name === 'trip-planner' && s.start.startMs >= startedAt - 1000);
if (!made) {
  console.error(`the demo session was not found in ${store}`);
  process.exit(1);
}
console.log(`\n$ npx agentsight show ${made.id.slice(0, 12)}\n`);
process.exit(run([path.join(root, 'dist', 'src', 'cli', 'main.js'), 'show', made.id], env).status ?? 1);
