/**
 * The ways an application gets hold of `openai`, each a real app in a child process exporting to
 * an OTLP receiver: deep imports, both builds (CommonJS and ESM) in one process, the SDK loaded
 * before `init()`, and a bundled copy the hooks cannot see (reached with `instrumentOpenAI`).
 * Each app makes one chat call per client it holds and prints what it learned on the way.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startMockLlmServer, type MockLlmServer } from '../support/mock-llm-server';
import { startOtlpReceiver, type OtlpReceiver, type OtlpSpan } from '../support/otlp-receiver';
import { cleanEnv, runNode, type RunResult } from '../support/run-node';
import { sdkApp, type SdkAlias } from '../support/sdk-apps';
import { MAJORS, type Major } from './scenario-table';
import { ATTR_AGENTSIGHT_SPAN_KIND, ATTR_GEN_AI_INPUT_MESSAGES, SPAN_KIND } from '../../src/semconv';

let mock: MockLlmServer;
let receiver: OtlpReceiver;
beforeAll(async () => {
  [mock, receiver] = await Promise.all([startMockLlmServer(), startOtlpReceiver()]);
});
afterAll(async () => {
  await Promise.all([mock.close(), receiver.close()]);
});

/** One chat call through `client`, labelled so its span can be told apart. */
const CALL = `(client, label) => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: label }] })`;

interface AppRun {
  run: RunResult;
  /** The LLM spans of this app (by the labels it used). */
  spans: OtlpSpan[];
  printed: Record<string, unknown>;
}

let appCounter = 0;

/** Writes `source` as `file` into the app folder of `major`, runs it, and collects its spans. */
async function runApp(major: Major, file: string, source: string, register?: 'cjs' | 'esm'): Promise<AppRun> {
  const dir = sdkApp([`openai-${major}` as SdkAlias]);
  const name = `consumer-${process.pid}-${++appCounter}-${file}`;
  fs.writeFileSync(path.join(dir, name), source);
  const tag = `app-${appCounter}`;
  const args =
    register === 'cjs'
      ? ['--require', 'agentsight/register', name]
      : register === 'esm'
        ? ['--import', 'agentsight/register', name]
        : [name];
  const run = await runNode(args, {
    cwd: dir,
    env: cleanEnv({ MOCK_URL: mock.url, TAG: tag, AGENTSIGHT_EXPORTERS: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }),
  }).finally(() => fs.rmSync(path.join(dir, name), { force: true }));
  const line = run.stdout.split('\n').find((l) => l.startsWith('{'));
  const spans = receiver
    .spans()
    .filter(
      (s) => s.attributes[ATTR_AGENTSIGHT_SPAN_KIND] === SPAN_KIND.LLM && String(s.attributes[ATTR_GEN_AI_INPUT_MESSAGES]).includes(tag),
    );
  return { run, spans, printed: line ? (JSON.parse(line) as Record<string, unknown>) : {} };
}

function labels(spans: OtlpSpan[]): string[] {
  return spans
    .map((s) =>
      (
        JSON.parse(String(s.attributes[ATTR_GEN_AI_INPUT_MESSAGES])) as Array<{ parts: Array<{ content: string }> }>
      )[0]!.parts[0]!.content.replace(/^app-\d+ /, ''),
    )
    .sort();
}

describe.each(MAJORS.map((m) => [m]))('openai %i', (major: Major) => {
  it('an ESM app that also requires the CommonJS build: both class sets traced, each call once', async () => {
    const app = await runApp(
      major,
      'both-builds.mjs',
      `import { createRequire } from 'node:module';
import OpenAI from 'openai';
const call = ${CALL};
const CommonJSOpenAI = createRequire(import.meta.url)('openai');
const esm = new OpenAI({ apiKey: 'sk-test', baseURL: process.env.MOCK_URL + '/v1' });
const cjs = new CommonJSOpenAI({ apiKey: 'sk-test', baseURL: process.env.MOCK_URL + '/v1' });
await call(esm, process.env.TAG + ' esm');
await call(cjs, process.env.TAG + ' cjs');
console.log(JSON.stringify({ twoClassSets: OpenAI !== CommonJSOpenAI && Object.getPrototypeOf(esm.chat.completions) !== Object.getPrototypeOf(cjs.chat.completions) }));
`,
      'esm',
    );
    expect(app.run.stderr).toBe('');
    expect(app.printed).toEqual({ twoClassSets: true });
    expect(labels(app.spans)).toEqual(['cjs', 'esm']);
  });

  it('deep imports (openai/resources/..., and openai/client from openai 5): traced like the main entry', async () => {
    const client = major === 4 ? `require('openai').OpenAI` : `require('openai/client').OpenAI`;
    const [cjs, esm] = await Promise.all([
      runApp(
        major,
        'deep.cjs',
        `const { Completions } = require('openai/resources/chat/completions');
const OpenAI = ${client};
const call = ${CALL};
const client = new OpenAI({ apiKey: 'sk-test', baseURL: process.env.MOCK_URL + '/v1' });
call(client, process.env.TAG + ' deep').then(() => console.log(JSON.stringify({ sameClass: client.chat.completions instanceof Completions })));
`,
        'cjs',
      ),
      // openai 4 has no openai/client entry point: its ESM consumer deep-imports the resources only.
      runApp(
        major,
        'deep.mjs',
        `import { ${major === 4 ? 'default as OpenAI' : 'OpenAI'} } from '${major === 4 ? 'openai' : 'openai/client'}';
import { Completions } from 'openai/resources/chat/completions';
const call = ${CALL};
const client = new OpenAI({ apiKey: 'sk-test', baseURL: process.env.MOCK_URL + '/v1' });
await call(client, process.env.TAG + ' deep-esm');
console.log(JSON.stringify({ sameClass: client.chat.completions instanceof Completions }));
`,
        'esm',
      ),
    ]);
    for (const [app, label] of [
      [cjs, 'deep'],
      [esm, 'deep-esm'],
    ] as const) {
      expect(app.run.stderr).toBe('');
      expect(app.printed).toEqual({ sameClass: true });
      expect(labels(app.spans)).toEqual([label]);
    }
  });

  it('the SDK loaded before init(): untraced until instrumentOpenAI(), then traced (CommonJS and ESM)', async () => {
    const [cjs, esm] = await Promise.all([
      runApp(
        major,
        'before-init.cjs',
        `const OpenAI = require('openai');
const { init, instrumentOpenAI } = require('agentsight');
const call = ${CALL};
init();
const client = new OpenAI({ apiKey: 'sk-test', baseURL: process.env.MOCK_URL + '/v1' });
(async () => {
  await call(client, process.env.TAG + ' before');
  const instrumented = instrumentOpenAI(OpenAI);
  await call(client, process.env.TAG + ' after');
  console.log(JSON.stringify({ instrumented, azureClassAccepted: instrumentOpenAI(OpenAI.AzureOpenAI) }));
})();
`,
      ),
      runApp(
        major,
        'before-init.mjs',
        `import * as openai from 'openai';
import { init, instrumentOpenAI } from 'agentsight';
const call = ${CALL};
init();
const client = new openai.OpenAI({ apiKey: 'sk-test', baseURL: process.env.MOCK_URL + '/v1' });
await call(client, process.env.TAG + ' before');
const instrumented = instrumentOpenAI(openai);
await call(client, process.env.TAG + ' after');
console.log(JSON.stringify({ instrumented }));
`,
      ),
    ]);
    expect(cjs.run.stderr).toBe('');
    expect(cjs.printed).toEqual({ instrumented: true, azureClassAccepted: true });
    expect(labels(cjs.spans)).toEqual(['after']);
    expect(esm.run.stderr).toBe('');
    expect(esm.printed).toEqual({ instrumented: true });
    expect(labels(esm.spans)).toEqual(['after']);
  });
});

describe('a bundled SDK (no `openai` module left for the hooks to see)', () => {
  it.each(MAJORS.map((m) => [m]))('openai %i: instrumentOpenAI(module) traces it, once', async (major) => {
    // The SDK copied outside node_modules/openai stands for a bundle: the zero-code hooks never match it.
    const dir = sdkApp([`openai-${major}` as SdkAlias]);
    const vendored = path.join(dir, 'vendor', 'openai-bundled');
    if (!fs.existsSync(vendored)) {
      fs.mkdirSync(path.dirname(vendored), { recursive: true });
      fs.cpSync(path.join(dir, 'node_modules', 'openai'), `${vendored}.${process.pid}`, { recursive: true });
      fs.renameSync(`${vendored}.${process.pid}`, vendored);
    }
    const app = await runApp(
      major,
      'bundled.cjs',
      `const bundled = require('./vendor/openai-bundled');
const { instrumentOpenAI } = require('agentsight');
const call = ${CALL};
const client = new bundled.OpenAI({ apiKey: 'sk-test', baseURL: process.env.MOCK_URL + '/v1' });
(async () => {
  await call(client, process.env.TAG + ' hidden');
  const instrumented = instrumentOpenAI(bundled);
  await call(client, process.env.TAG + ' manual');
  console.log(JSON.stringify({ instrumented }));
})();
`,
      'cjs',
    );
    expect(app.run.stderr).toBe('');
    expect(app.printed).toEqual({ instrumented: true });
    expect(labels(app.spans)).toEqual(['manual']);
  });
});
