/**
 * `register` on a Node.js agentsight does not support (the machine's own Node 20): one clear line,
 * and the app runs exactly as without us (same output, exit code 0). The old Node comes from
 * AGENTSIGHT_LEGACY_NODE (set by scripts/supported-node.sh and .ci/run to the node they found
 * first on PATH) or, failing that, the usual install locations.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cleanEnv, runNode } from '../support/run-node';
import { REPO_ROOT } from '../support/sdk-apps';

function versionOf(node: string): string | undefined {
  try {
    return execFileSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

function isUnsupported(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major < 22 || (major === 22 && minor < 15);
}

function findLegacyNode(): { node: string; version: string } | undefined {
  const candidates = [process.env.AGENTSIGHT_LEGACY_NODE, '/usr/bin/node', '/usr/local/bin/node'].filter((c): c is string => Boolean(c));
  for (const node of candidates) {
    const version = fs.existsSync(node) ? versionOf(node) : undefined;
    if (version && isUnsupported(version)) return { node, version };
  }
  return undefined;
}

const legacy = findLegacyNode();

describe('register on an unsupported Node.js', () => {
  it('finds the old Node.js this machine ships (the check below must run)', () => {
    // This machine kind ships Node 20; if this fails, set AGENTSIGHT_LEGACY_NODE to an old node.
    expect(legacy).toBeDefined();
  });

  const apps = {
    'app.mjs': `import * as fs from 'node:fs';\nconsole.log('esm app ran', typeof fs.readFileSync);\n`,
    'app.cjs': `const fs = require('node:fs');\nconsole.log('cjs app ran', typeof fs.readFileSync);\n`,
  };

  it.each([
    ['--import', 'app.mjs'],
    ['--import', 'app.cjs'],
    ['--require', 'app.cjs'],
  ])('node %s agentsight/register %s: one line, the app unchanged, exit code 0', async (flag, file) => {
    const { node, version } = legacy!;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentsight-legacy-'));
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(REPO_ROOT, path.join(dir, 'node_modules', 'agentsight'), 'dir');
    fs.writeFileSync(path.join(dir, file), apps[file as keyof typeof apps]);
    const env = cleanEnv({ AGENTSIGHT_DIR: path.join(dir, 'store') });
    const bare = await runNode([file], { cwd: dir, env, node });
    const registered = await runNode([flag, 'agentsight/register', file], { cwd: dir, env, node });
    expect(registered.code).toBe(0);
    expect(registered.stdout).toBe(bare.stdout);
    expect(registered.stderr).toBe(
      `agentsight: Node.js ${version} is not supported (agentsight needs Node.js >= 22.15.0); telemetry is off for this run.\n`,
    );
    expect(fs.existsSync(path.join(dir, 'store'))).toBe(false);
  });

  it('init() says the same, as a ConfigError', async () => {
    const { node, version } = legacy!;
    const script = `try { require(${JSON.stringify(REPO_ROOT)}).init(); console.log('no error'); } catch (e) { console.log(e.name, e.code, e.message); }`;
    const result = await runNode(['-e', script], { cwd: os.tmpdir(), env: cleanEnv(), node });
    expect(result.stdout.trim()).toBe(
      `ConfigError AGENTSIGHT_CONFIG agentsight: Node.js ${version} is not supported (agentsight needs Node.js >= 22.15.0); telemetry is off for this run.`,
    );
  });
});
