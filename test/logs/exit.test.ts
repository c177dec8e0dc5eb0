/**
 * Log records written just before the process leaves are in the local store: at `process.exit()`
 * and at an uncaught exception, as the spans are.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listSessionFiles, readSession } from '../../src/store/reader';
import { cleanEnv, runNode } from '../support/run-node';
import { REPO_ROOT } from '../support/sdk-apps';

async function run(body: string): Promise<{ code: number | null; logs: string[][][] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentsight-log-exit-'));
  fs.writeFileSync(path.join(dir, 'app.cjs'), `const { startSession } = require(${JSON.stringify(REPO_ROOT)});\n${body}`);
  const store = path.join(dir, 'store');
  const result = await runNode(['--require', path.join(REPO_ROOT, 'dist', 'register.js'), 'app.cjs'], {
    cwd: dir,
    env: cleanEnv({ AGENTSIGHT_DIR: store, AGENTSIGHT_AUTO_SESSION: 'false' }),
  });
  return { code: result.code, logs: listSessionFiles(store).map((f) => readSession(f).logs.map((l) => [l.severityText, l.body])) };
}

describe('log records at exit', () => {
  it('are written at process.exit()', async () => {
    const { code, logs } = await run(`
      const s = startSession({ name: 'exiting' });
      s.run(() => { console.log('last words'); console.error('exiting with 3'); });
      process.exit(3);
    `);
    expect(code).toBe(3);
    expect(logs).toEqual([
      [
        ['INFO', 'last words'],
        ['ERROR', 'exiting with 3'],
      ],
    ]);
  });

  it('are written at an uncaught exception', async () => {
    const { code, logs } = await run(`
      const s = startSession({ name: 'crashing' });
      s.run(() => { console.warn('about to crash'); setTimeout(() => { throw new Error('crash'); }, 5); });
    `);
    expect(code).toBe(1);
    expect(logs).toEqual([[['WARN', 'about to crash']]]);
  });
});
