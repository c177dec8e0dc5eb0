/**
 * The Vercel AI SDK under `agentsight/register`, beyond the scenario suite: the switches leave `ai`
 * untouched (not even loaded through our hooks), the ESM hook lets `ai`'s entry files through, and
 * a stream result the caller drops unread ends its loop when it is garbage collected, long before
 * exit.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ATTR_AGENTSIGHT_ENDED_BY, ATTR_AGENTSIGHT_SPAN_KIND, ENDED_BY, SPAN_KIND } from '../../src/semconv';
import { listSessionFiles, readSession } from '../../src/store/reader';
import { esmIncludePatterns } from '../../src/zero-code';
import { startMockLlmServer, type MockLlmServer } from '../support/mock-llm-server';
import { cleanEnv, runNode } from '../support/run-node';
import { sdkApp, writeAppScript } from '../support/sdk-apps';
import { PACKAGES } from './scenario-table';

let mock: MockLlmServer;
beforeAll(async () => {
  mock = await startMockLlmServer();
});
afterAll(() => mock.close());

const ORIGINAL = "Symbol.for('agentsight.original')";

describe('the switches', () => {
  it("let the ESM hook see ai's entry files (ai 5, 6: dist/index.mjs; ai 7: dist/index.js), unless switched off", () => {
    const matches = (env: NodeJS.ProcessEnv, file: string): boolean => esmIncludePatterns(env).some((p) => p.test(file));
    for (const file of ['/app/node_modules/ai/dist/index.mjs', '/app/node_modules/ai/dist/index.js']) {
      expect(matches({}, file)).toBe(true);
      expect(matches({ AGENTSIGHT_INSTRUMENT_VERCEL_AI: 'false' }, file)).toBe(false);
      expect(matches({ OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'vercel-ai' }, file)).toBe(false);
    }
    expect(matches({}, '/app/node_modules/@scope/ai/dist/index.js')).toBe(false);
  });

  it.each([
    ['AGENTSIGHT_INSTRUMENT_VERCEL_AI=false', { AGENTSIGHT_INSTRUMENT_VERCEL_AI: 'false' }],
    ['OTEL_NODE_DISABLED_INSTRUMENTATIONS=vercel-ai', { OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'vercel-ai' }],
  ])('%s leaves ai as it is, for CommonJS (ai 6) and ESM (ai 7)', async (_name, off) => {
    const probe = (sdk: string) =>
      `[${['generateText', 'streamText', 'embed'].map((f) => `typeof ${sdk}.${f}[${ORIGINAL}]`).join(', ')}, typeof ${sdk}.ToolLoopAgent.prototype.generate[${ORIGINAL}]]`;
    const cjsApp = sdkApp(PACKAGES['6']);
    const esmApp = sdkApp(PACKAGES['7']);
    const cjs = writeAppScript(cjsApp, 'probe-switch.cjs', `const ai = require('ai'); console.log(JSON.stringify(${probe('ai')}));\n`);
    const esm = writeAppScript(esmApp, 'probe-switch.mjs', `import * as ai from 'ai'; console.log(JSON.stringify(${probe('ai')}));\n`);
    const env = (extra: NodeJS.ProcessEnv) => cleanEnv({ AGENTSIGHT_EXPORTERS: 'none', ...extra });
    const runs = await Promise.all([
      runNode(['--require', 'agentsight/register', cjs], { cwd: cjsApp, env: env(off) }),
      runNode(['--import', 'agentsight/register', esm], { cwd: esmApp, env: env(off) }),
      runNode(['--require', 'agentsight/register', cjs], { cwd: cjsApp, env: env({}) }),
      runNode(['--import', 'agentsight/register', esm], { cwd: esmApp, env: env({}) }),
    ]);
    const seen = runs.map((r) => r.stdout.trim() || r.stderr);
    expect(seen.slice(0, 2)).toEqual(Array(2).fill(JSON.stringify(Array(4).fill('undefined'))));
    // Switched on, the same probe sees our wrappers.
    expect(seen.slice(2)).toEqual(Array(2).fill(JSON.stringify(Array(4).fill('function'))));
  });
});

describe('a stream result the caller never reads', () => {
  it.each(['6', '7'] as const)('ai %s: its agent loop ends when the result is garbage collected, long before exit', async (major) => {
    const app = sdkApp(PACKAGES[major]);
    const store = fs.mkdtempSync(path.join(os.tmpdir(), 'agentsight-ai-unread-'));
    const script = writeAppScript(
      app,
      'unread-stream-text.mjs',
      `import { streamText, tool, stepCountIs } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';
import { z } from 'zod';
const openai = createOpenAI({ apiKey: 'sk-test', baseURL: process.env.MOCK_URL + '/v1' });
const tools = { get_weather: tool({ inputSchema: z.object({ city: z.string() }), execute: async () => 'sunny' }) };
const headers = { 'x-mock-scenario': JSON.stringify({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] }) };
streamText({ model: openai.chat('gpt-4o-mini'), prompt: 'Weather in Paris?', tools, stopWhen: stepCountIs(3), headers });
for (let i = 0; i < 20; i++) { await new Promise((r) => setTimeout(r, 25)); global.gc(); }
`,
    );
    const run = await runNode(['--expose-gc', '--import', 'agentsight/register', path.basename(script)], {
      cwd: app,
      env: cleanEnv({ MOCK_URL: mock.url, AGENTSIGHT_DIR: store, AGENTSIGHT_EXPORTERS: 'local' }),
    });
    expect(run.code).toBe(0);
    const spans = listSessionFiles(store)
      .map(readSession)
      .flatMap((s) => s.spans);
    fs.rmSync(store, { recursive: true, force: true });
    const agent = spans.find((s) => s.attributes[ATTR_AGENTSIGHT_SPAN_KIND] === SPAN_KIND.AGENT);
    const session = spans.find((s) => s.attributes[ATTR_AGENTSIGHT_SPAN_KIND] === SPAN_KIND.SESSION);
    expect(agent?.attributes[ATTR_AGENTSIGHT_ENDED_BY]).toBe(ENDED_BY.CALLER_STOPPED);
    expect(session!.endMs - agent!.endMs).toBeGreaterThan(100);
    // Nothing is left to end at exit.
    expect(spans.filter((s) => s.attributes[ATTR_AGENTSIGHT_ENDED_BY] === ENDED_BY.PROCESS_EXIT)).toEqual([]);
  });
});
