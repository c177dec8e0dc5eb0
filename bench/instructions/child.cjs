// One OpenAI chat JSON call after another against the mock (MOCK_URL), WARM calls then N calls:
// the workload whose instructions bench/instructions/run.sh counts. Run in a bench app folder, so
// that `openai` is that app's. With CONTEXT_ONLY=1, OpenTelemetry's AsyncLocalStorage context
// manager is registered and entered once, and nothing else: the floor that any instrumentation
// keeping its span in context pays on Node 22 (the promise hooks).
// The app's packages, not those of the folder this file is in (bench/node_modules).
const appRequire = require('node:module').createRequire(`${process.cwd()}/`);
if (process.env.CONTEXT_ONLY === '1') {
  const { context } = appRequire('@opentelemetry/api');
  const { AsyncLocalStorageContextManager } = appRequire('@opentelemetry/context-async-hooks');
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  context.with(context.active(), () => 0);
}
const { OpenAI } = appRequire('openai');

const client = new OpenAI({ apiKey: 'sk-bench', baseURL: `${process.env.MOCK_URL}/v1` });
const body = {
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: 'You are brief.' },
    { role: 'user', content: 'Say hello' },
  ],
};
(async () => {
  for (let i = 0; i < Number(process.env.WARM); i++) await client.chat.completions.create(body);
  for (let i = 0; i < Number(process.env.N); i++) await client.chat.completions.create(body);
  process.exit(0);
})();
