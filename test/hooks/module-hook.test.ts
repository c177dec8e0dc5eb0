/**
 * The CommonJS hook: which package and file a loaded path belongs to, and the watchers seeing each
 * file of their package once it has run (and changing what `require()` gives), in a real child
 * process (Jest has its own module system).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { packageFile } from '../../instrumentations/base/module-hook';
import { cleanEnv, runNode } from '../support/run-node';
import { REPO_ROOT } from '../support/sdk-apps';

describe('packageFile', () => {
  it('names the package and the path inside it, from the last node_modules folder', () => {
    expect(packageFile('/app/node_modules/openai/resources/embeddings.js')).toEqual({
      packageName: 'openai',
      baseDir: '/app/node_modules/openai',
      path: 'resources/embeddings.js',
      filename: '/app/node_modules/openai/resources/embeddings.js',
    });
    expect(packageFile('/app/node_modules/x/node_modules/@anthropic-ai/sdk/resources/messages/messages.js')).toMatchObject({
      packageName: '@anthropic-ai/sdk',
      baseDir: '/app/node_modules/x/node_modules/@anthropic-ai/sdk',
      path: 'resources/messages/messages.js',
    });
  });

  it('is undefined outside node_modules', () => {
    expect(packageFile('/app/src/index.js')).toBeUndefined();
    expect(packageFile('/app/node_modules/@scope')).toBeUndefined();
  });
});

describe('watchPackage', () => {
  it('hands each file of the package (or each that it takes) to the watcher once it has run, and require() gives what the watcher returns', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentsight-hook-'));
    const pkg = path.join(dir, 'node_modules', '@demo', 'sdk');
    fs.mkdirSync(path.join(pkg, 'lib'), { recursive: true });
    fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: '@demo/sdk', version: '1.2.3', main: 'index.js' }));
    fs.writeFileSync(path.join(pkg, 'index.js'), "exports.Client = require('./lib/client.js').Client;\n");
    fs.writeFileSync(path.join(pkg, 'lib', 'client.js'), 'exports.Client = class Client { hello() { return "hi"; } };\n');
    const esm = path.join(dir, 'node_modules', 'esm-only');
    fs.mkdirSync(esm, { recursive: true });
    fs.writeFileSync(
      path.join(esm, 'package.json'),
      JSON.stringify({ name: 'esm-only', version: '7.0.0', type: 'module', exports: './index.js' }),
    );
    fs.writeFileSync(path.join(esm, 'index.js'), 'export function answer() { return 41; }\n');
    const hook = path.join(REPO_ROOT, 'dist', 'instrumentations', 'base', 'module-hook.js');
    fs.writeFileSync(
      path.join(dir, 'app.cjs'),
      `const { watchPackage, packageVersion, mainFileOf } = require(${JSON.stringify(hook)});
const seen = [];
watchPackage('@demo/sdk', (exports, file) => {
  seen.push([file.path, Object.keys(exports), packageVersion(file.baseDir), mainFileOf(file) === file.filename]);
  return file.path === 'lib/client.js' ? { Client: class Patched { hello() { return 'patched'; } } } : exports;
});
watchPackage('esm-only', (exports) => ({ ...exports, answer: () => exports.answer() + 1 }));
// A watcher that takes one file of its package sees that file only.
watchPackage('@demo/sdk', (exports, file) => (seen.push(['only', file.path]), exports), (file) => file.path === 'index.js');
const { Client } = require('@demo/sdk');
require('@demo/sdk');
console.log(JSON.stringify({ seen, hello: new Client().hello(), answer: require('esm-only').answer() }));
`,
    );
    const result = await runNode(['app.cjs'], { cwd: dir, env: cleanEnv() });
    // (Node may warn that require(esm) is experimental.)
    expect(result.stderr).not.toMatch(/agentsight/);
    expect(JSON.parse(result.stdout)).toEqual({
      seen: [
        ['lib/client.js', ['Client'], '1.2.3', false],
        ['index.js', ['Client'], '1.2.3', true],
        ['only', 'index.js'],
      ],
      hello: 'patched',
      answer: 42,
    });
  });
});

describe('require() of a watched ES module', () => {
  it('gives what it gives without the hooks (the namespace, or the __esModule facade of one with a default export)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentsight-hook-esm-'));
    const packages = {
      'esm-named': 'export function answer() { return 41; }\nexport const list = [1];\n',
      'esm-default': 'export default function hello() { return "hi"; }\nexport const named = 1;\n',
      'esm-own-flag': 'export default 1;\nexport const __esModule = false;\n',
      'esm-cjs-value': 'const value = { custom: true };\nexport { value as "module.exports" };\n',
    };
    for (const [name, source] of Object.entries(packages)) {
      const folder = path.join(dir, 'node_modules', name);
      fs.mkdirSync(folder, { recursive: true });
      fs.writeFileSync(
        path.join(folder, 'package.json'),
        JSON.stringify({ name, version: '1.0.0', type: 'module', exports: './index.js' }),
      );
      fs.writeFileSync(path.join(folder, 'index.js'), source);
    }
    const hook = path.join(REPO_ROOT, 'dist', 'instrumentations', 'base', 'module-hook.js');
    fs.writeFileSync(
      path.join(dir, 'app.cjs'),
      `const { inspect } = require('node:util');
const names = ${JSON.stringify(Object.keys(packages))};
const seen = [];
if (process.env.WATCH) for (const name of names) require(${JSON.stringify(hook)}).watchPackage(name, (exports, file) => (seen.push(file.path), exports));
const described = names.map((name) => {
  const exports = require(name);
  return [name, inspect(exports), Object.keys(exports), require(name) === exports, require(require.resolve(name)) === exports];
});
console.log(JSON.stringify({ described, seen }));
`,
    );
    const [plain, watched] = await Promise.all([
      runNode(['app.cjs'], { cwd: dir, env: cleanEnv() }),
      runNode(['app.cjs'], { cwd: dir, env: cleanEnv({ WATCH: '1' }) }),
    ]);
    expect(watched.stderr).toBe(plain.stderr);
    const before = JSON.parse(plain.stdout) as { described: unknown[] };
    const after = JSON.parse(watched.stdout) as { described: unknown[]; seen: string[] };
    expect(after.described).toEqual(before.described);
    expect(after.seen).toEqual(Array(4).fill('index.js'));
    expect(before.described[1]).toEqual(expect.arrayContaining([['__esModule', 'default', 'named']]));
  });
});
