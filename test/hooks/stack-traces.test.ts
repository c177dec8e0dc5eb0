/**
 * The hooks leave no trace in the app's stack traces: an error made while a module runs (the main
 * script, a module of the app, a file of a watched SDK, a watched SDK file that throws as it loads,
 * an ESM-only SDK loaded by `require`) has the same stack, frame for frame, with and without
 * `agentsight/register`, for a CommonJS and an ESM app; and the hooks did see the SDK's files.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cleanEnv, runNode } from '../support/run-node';
import { REPO_ROOT } from '../support/sdk-apps';

const REGISTER_CJS = path.join(REPO_ROOT, 'dist', 'register.js');
const REGISTER_ESM = path.join(REPO_ROOT, 'dist', 'esm', 'register.mjs');

/** Files of a fake package, both builds: `name.js` (CommonJS) and `name.mjs` (ESM). */
function writeBoth(dir: string, name: string, cjs: string, esm: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
  fs.writeFileSync(path.join(dir, `${name}.js`), cjs);
  fs.writeFileSync(path.join(dir, `${name}.mjs`), esm);
}

/**
 * An app folder with a fake `openai` 7 (the classes' files are ones the OpenAI provider hooks: one
 * records its stack as it loads, one throws as it loads) and a fake ESM-only `ai` 7 (whose entry
 * the Vercel AI provider patches), under their real names.
 */
function makeApp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentsight-stacks-'));
  const openai = path.join(dir, 'node_modules', 'openai');
  const exports = Object.fromEntries(
    ['resources/embeddings', 'resources/completions'].map((f) => [`./${f}`, { import: `./${f}.mjs`, require: `./${f}.js` }]),
  );
  fs.mkdirSync(openai, { recursive: true });
  fs.writeFileSync(path.join(openai, 'package.json'), JSON.stringify({ name: 'openai', version: '7.0.0', exports }));
  writeBoth(
    openai,
    'resources/embeddings',
    "'use strict';\nexports.stack = new Error('made as an SDK file loads').stack;\nclass Embeddings { create() { return 'created'; } }\nexports.Embeddings = Embeddings;\n//# sourceMappingURL=embeddings.js.map\n",
    "export const stack = new Error('made as an SDK file loads').stack;\nexport class Embeddings { create() { return 'created'; } }\n",
  );
  writeBoth(
    openai,
    'resources/completions',
    "'use strict';\nthrow new Error('thrown as an SDK file loads');\n",
    "throw new Error('thrown as an SDK file loads');\nexport class Completions {}\n",
  );
  const ai = path.join(dir, 'node_modules', 'ai');
  fs.mkdirSync(path.join(ai, 'dist'), { recursive: true });
  fs.writeFileSync(
    path.join(ai, 'package.json'),
    JSON.stringify({ name: 'ai', version: '7.0.0', type: 'module', exports: './dist/index.js' }),
  );
  fs.writeFileSync(
    path.join(ai, 'dist', 'index.js'),
    "export const stack = new Error('made as an ESM-only SDK loads').stack;\nexport async function generateText() { return { text: '' }; }\n",
  );
  fs.writeFileSync(path.join(dir, 'lib.cjs'), "exports.stack = new Error('made as a module of the app loads').stack;\n");
  fs.writeFileSync(path.join(dir, 'lib.mjs'), "export const stack = new Error('made as a module of the app loads').stack;\n");
  const report = `const original = Symbol.for('agentsight.original');
console.log(JSON.stringify({
  stacks,
  hooked: [typeof Embeddings.prototype.create[original], typeof ai.generateText[original]],
}));
`;
  fs.writeFileSync(
    path.join(dir, 'app.cjs'),
    `const stacks = { main: new Error('made as the main script runs').stack };
stacks.lib = require('./lib.cjs').stack;
const { Embeddings, stack } = require('openai/resources/embeddings');
stacks.sdk = stack;
try {
  require('openai/resources/completions');
} catch (err) {
  stacks.throwing = err.stack;
}
const ai = require('ai');
stacks.esmOnly = ai.stack;
${report}`,
  );
  fs.writeFileSync(
    path.join(dir, 'app.mjs'),
    `import { stack as lib } from './lib.mjs';
import { stack as cjsLib } from './lib.cjs';
import { Embeddings, stack as sdk } from 'openai/resources/embeddings';
import * as ai from 'ai';
const stacks = { main: new Error('made as the main module runs').stack, lib, cjsLib, sdk, esmOnly: ai.stack };
try {
  await import('openai/resources/completions');
} catch (err) {
  stacks.throwing = err.stack;
}
${report}`,
  );
  return dir;
}

interface Report {
  stacks: Record<string, string>;
  hooked: string[];
}

async function run(dir: string, args: string[]): Promise<Report> {
  // Whole stacks: a frame of ours would not hide below the default limit of 10.
  const result = await runNode(['--stack-trace-limit=100', ...args], { cwd: dir, env: cleanEnv({ AGENTSIGHT_EXPORTERS: 'none' }) });
  expect(result).toMatchObject({ code: 0, stderr: '' });
  return JSON.parse(result.stdout) as Report;
}

describe('stack traces under agentsight/register', () => {
  const dir = makeApp();

  it.each([
    ['CommonJS', 'app.cjs', REGISTER_CJS, '--require'],
    ['ESM', 'app.mjs', REGISTER_ESM, '--import'],
  ])('are the same frame for frame, for a %s app', async (_kind, app, register, flag) => {
    const [plain, instrumented] = await Promise.all([run(dir, [app]), run(dir, [flag, register, app])]);
    expect(plain.hooked).toEqual(['undefined', 'undefined']);
    // The hooks did see the SDK files: their classes and functions are wrapped.
    expect(instrumented.hooked).toEqual(['function', 'function']);
    expect(Object.keys(instrumented.stacks).sort()).toEqual(Object.keys(plain.stacks).sort());
    for (const [name, stack] of Object.entries(plain.stacks)) {
      expect({ name, stack: instrumented.stacks[name] }).toEqual({ name, stack });
      expect(stack).toContain(`    at `);
    }
    // No frame of ours (the bundle, the register entries, import-in-the-middle).
    expect(JSON.stringify(instrumented.stacks)).not.toContain(REPO_ROOT);
  });
});
