/**
 * What `agentsight/register` loads before the application's first line, in real child processes:
 * switched off, its configuration and nothing else (and it prints nothing); switched on, the one
 * bundle and no OpenTelemetry package from node_modules but the shared API; a provider switched
 * off leaves its SDK unpatched, and the Anthropic SDK's own spans stay off because our tracer
 * provider gives its scope a quiet tracer (counted at the OTLP receiver), unless asked for.
 */
import * as path from 'node:path';
import { startMockLlmServer, type MockLlmServer } from '../support/mock-llm-server';
import { startOtlpReceiver, type OtlpReceiver } from '../support/otlp-receiver';
import { cleanEnv, runNode } from '../support/run-node';
import { REPO_ROOT, sdkApp, writeAppScript } from '../support/sdk-apps';
import { ATTR_AGENTSIGHT_SPAN_KIND, SPAN_KIND } from '../../src/semconv';

/** Prints, at exit, the files of agentsight and of `@opentelemetry/*` that the process loaded. */
const LOADED = `const loaded = () => Object.keys(require.cache).flatMap((f) => {
  if (f.startsWith(process.env.DIST)) return [f.slice(process.env.DIST.length - 'dist/'.length)];
  const otel = /[\\\\/]node_modules[\\\\/](@opentelemetry[\\\\/][^\\\\/]+)/.exec(f);
  return otel ? [otel[1].replace('\\\\', '/')] : [];
});
process.on('exit', () => console.log(JSON.stringify([...new Set(loaded())].sort())));`;
const DIST = `${path.join(REPO_ROOT, 'dist')}${path.sep}`;

function appFiles(dir: string): { cjs: string; mjs: string } {
  return {
    cjs: writeAppScript(dir, `startup-${process.pid}.cjs`, `${LOADED}\nrequire('openai');\n`),
    mjs: writeAppScript(
      dir,
      `startup-${process.pid}.mjs`,
      `import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\n${LOADED}\nawait import('openai');\n`,
    ),
  };
}

describe.each([
  ['--require', 'cjs'],
  ['--import', 'mjs'],
] as const)('agentsight/register under %s', (flag, kind) => {
  it('switched off: reads its switch (the settings table) and loads nothing else, and prints nothing', async () => {
    const dir = sdkApp(['openai-7']);
    for (const env of [{ AGENTSIGHT_ENABLED: 'false' }, { OTEL_SDK_DISABLED: 'true' }]) {
      const result = await runNode([flag, 'agentsight/register', appFiles(dir)[kind]], { cwd: dir, env: cleanEnv({ ...env, DIST }) });
      expect(result.stderr).toBe('');
      const loaded = JSON.parse(result.stdout) as string[];
      expect(loaded.filter((f) => f.startsWith('@opentelemetry/'))).toEqual([]);
      expect(loaded).toEqual([
        ...(kind === 'cjs' ? ['dist/register.js'] : []),
        'dist/src/json-values.js',
        'dist/src/node-version.js',
        'dist/src/settings/domains.js',
        'dist/src/settings/keys.js',
        'dist/src/settings/master-switch.js',
        'dist/src/settings/setting.js',
        'dist/src/settings/table.js',
      ]);
    }
  });

  it('switched on: loads the one bundle, and no OpenTelemetry package but the API from node_modules', async () => {
    const dir = sdkApp(['openai-7']);
    const result = await runNode([flag, 'agentsight/register', appFiles(dir)[kind]], {
      cwd: dir,
      env: cleanEnv({ DIST, AGENTSIGHT_EXPORTERS: 'local', AGENTSIGHT_DIR: `${dir}/.agentsight-startup-${process.pid}` }),
    });
    expect(result.stderr).toBe('');
    const loaded = JSON.parse(result.stdout) as string[];
    expect(loaded).toContain('dist/src/entry.js');
    expect(loaded.filter((f) => f.startsWith('@opentelemetry/'))).toEqual(['@opentelemetry/api']);
  });
});

describe('a provider switched off', () => {
  let mock: MockLlmServer;
  let receiver: OtlpReceiver;
  beforeAll(async () => {
    [mock, receiver] = await Promise.all([startMockLlmServer(), startOtlpReceiver()]);
  });
  afterAll(async () => {
    await Promise.all([mock.close(), receiver.close()]);
  });
  beforeEach(() => receiver.reset());

  const APP = `const Anthropic = require('@anthropic-ai/sdk');
const { Messages } = require('@anthropic-ai/sdk/resources/messages/messages');
const { withSession } = require('agentsight');
const client = new Anthropic({ apiKey: 'sk-ant-test', baseURL: process.env.MOCK_ANTHROPIC });
const ask = () => client.messages.create({ model: 'claude-sonnet-5-5', max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] });
withSession({ name: process.env.SESSION }, async () => {
  await ask();
  await ask();
}).then(() => console.log(JSON.stringify({ patched: Symbol.for('agentsight.original') in Messages.prototype.create })));
`;

  async function run(session: string, env: Record<string, string>): Promise<{ patched: boolean; names: string[] }> {
    const dir = sdkApp(['anthropic-1']);
    const script = writeAppScript(dir, `provider-off-${process.pid}-${session}.cjs`, APP);
    const result = await runNode(['--require', 'agentsight/register', script], {
      cwd: dir,
      env: cleanEnv({
        ...env,
        SESSION: session,
        MOCK_ANTHROPIC: mock.anthropicBaseURL,
        AGENTSIGHT_INSTRUMENT_ANTHROPIC: 'false',
        AGENTSIGHT_EXPORTERS: 'otlp',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      }),
    });
    expect(result.stderr).toBe('');
    const spans = await receiver.waitFor((s) => s.some((x) => x.name === `session ${session}`));
    const mine = spans.filter((s) => s.traceId === spans.find((x) => x.name === `session ${session}`)!.traceId);
    expect(mine.filter((s) => s.attributes[ATTR_AGENTSIGHT_SPAN_KIND] === SPAN_KIND.LLM)).toEqual([]);
    return { ...(JSON.parse(result.stdout) as { patched: boolean }), names: mine.map((s) => s.name).sort() };
  }

  it('leaves the SDK unpatched, and the SDK makes no span of its own', async () => {
    expect(await run('off', {})).toEqual({ patched: false, names: ['session off'] });
  });

  it("keeps the SDK's own spans when the environment asks for them", async () => {
    expect(await run('asked', { ANTHROPIC_OPEN_TELEMETRY: 'true' })).toEqual({
      patched: false,
      names: ['anthropic.messages.create', 'anthropic.messages.create', 'session asked'],
    });
  });
});

describe('agentsight/register given to both --require and --import', () => {
  let mock: MockLlmServer;
  let receiver: OtlpReceiver;
  beforeAll(async () => {
    [mock, receiver] = await Promise.all([startMockLlmServer(), startOtlpReceiver()]);
  });
  afterAll(async () => {
    await Promise.all([mock.close(), receiver.close()]);
  });

  it('starts once, and traces the ESM imports of the SDK too', async () => {
    const dir = sdkApp(['openai-7']);
    const script = writeAppScript(
      dir,
      `both-flags-${process.pid}.mjs`,
      `import OpenAI from 'openai';
import { withSession } from 'agentsight';
const client = new OpenAI({ apiKey: 'sk-test', baseURL: process.env.BASE });
await withSession({ name: 'both flags' }, () => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }));
`,
    );
    const result = await runNode(['--require', 'agentsight/register', '--import', 'agentsight/register', script], {
      cwd: dir,
      env: cleanEnv({ BASE: mock.openaiBaseURL, AGENTSIGHT_EXPORTERS: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }),
    });
    expect(result.stderr).toBe('');
    const spans = await receiver.waitFor((s) => s.some((x) => x.name === 'session both flags'));
    const session = spans.find((s) => s.name === 'session both flags')!;
    const llm = spans.filter((s) => s.traceId === session.traceId && s.attributes[ATTR_AGENTSIGHT_SPAN_KIND] === SPAN_KIND.LLM);
    expect(llm.map((s) => s.name)).toEqual(['chat gpt-4o-mini']);
  });
});
