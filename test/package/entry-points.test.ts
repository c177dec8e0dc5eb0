/**
 * The ESM entry and the CommonJS entry are the same package: the same names, and the very same
 * objects (one copy of the code, so one client, one set of sessions), whichever way an app loads it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROVIDERS, providerOption } from '../../instrumentations/registry';
import { cleanEnv, runNode } from '../support/run-node';
import { REPO_ROOT } from '../support/sdk-apps';

interface Entries {
  esm: string[];
  cjs: string[];
  same: boolean;
}

let entries: Promise<Entries> | undefined;

/** The names each entry exports, read by a real ESM app (once for this file). */
function readEntries(): Promise<Entries> {
  entries ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentsight-entry-'));
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(REPO_ROOT, path.join(dir, 'node_modules', 'agentsight'), 'dir');
    fs.writeFileSync(
      path.join(dir, 'check.mjs'),
      `import * as esm from 'agentsight';
import { createRequire } from 'node:module';
const cjs = createRequire(import.meta.url)('agentsight');
// Node 23+ also names the whole CommonJS object 'module.exports' in the ESM namespace.
const names = (o) => Object.keys(o).filter((k) => !['default', '__esModule', 'module.exports'].includes(k)).sort();
console.log(JSON.stringify({ esm: names(esm), cjs: names(cjs), same: names(cjs).every((k) => esm[k] === cjs[k]) }));
`,
    );
    const result = await runNode(['check.mjs'], { cwd: dir, env: cleanEnv() });
    expect(result.stderr).toBe('');
    return JSON.parse(result.stdout) as Entries;
  })();
  return entries;
}

it('exports the same names and objects to ESM and CommonJS', async () => {
  const { esm, cjs, same } = await readEntries();
  expect(esm).toEqual(cjs);
  expect(same).toBe(true);
  expect(cjs).toEqual(
    [
      'AgentsightError',
      'BudgetExceededError',
      'ConfigError',
      'InvalidDelegationTokenError',
      'VERSION',
      'acceptDelegation',
      'closeDelegation',
      'continueFrom',
      'delegate',
      'extract',
      'extractA2aMetadata',
      'extractMcpMeta',
      'inject',
      'injectA2aMetadata',
      'injectMcpMeta',
      'runInRemoteContext',
      'agentsightSpanProcessors',
      'currentSession',
      'init',
      'instrumentAnthropic',
      'instrumentMCP',
      'instrumentOpenAI',
      'instrumentVercelAI',
      'pinoDestination',
      'recordError',
      'recordEvent',
      'shutdown',
      'startSession',
      'traceAction',
      'traceAgent',
      'traceTool',
      'withAction',
      'withAgent',
      'withSession',
      'winstonStream',
      'withTool',
    ].sort(),
  );
});

it('exports the manual helper of every provider of the registry, in both entries', async () => {
  const { esm, cjs } = await readEntries();
  for (const provider of PROVIDERS) {
    expect(esm).toContain(providerOption(provider));
    expect(cjs).toContain(providerOption(provider));
  }
});
