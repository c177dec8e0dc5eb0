/**
 * The local store holds captured prompts and completions: only its owner may read it (issue 20,
 * defect 3). Folders are made 0700 and files 0600 whatever the umask, on the asynchronous path and
 * on the synchronous one at exit; a store that already exists with looser modes gets one warning
 * naming the folder and the fix, and is left as it is.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cleanEnv, runNode } from '../support/run-node';
import { REPO_ROOT } from '../support/sdk-apps';

const REGISTER = path.join(REPO_ROOT, 'dist', 'register.js');
const mode = (p: string): string => (fs.statSync(p).mode & 0o777).toString(8);

/** Runs an app under `agentsight/register` with the given umask, writing sessions into `store`. */
async function runWithUmask(umask: number, store: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentsight-modes-'));
  const script = path.join(dir, 'app.cjs');
  // The umask is set before the first session starts (the store is made on the first write). One
  // session is written asynchronously, the other only by the synchronous write at process.exit().
  fs.writeFileSync(
    script,
    `process.umask(0o${umask.toString(8)});
    const { withSession, startSession, withTool } = require(${JSON.stringify(REPO_ROOT)});
    withSession({ name: 'async' }, () => withTool('t', async () => 1)).then(() => setTimeout(() => {
      startSession({ name: 'at-exit' });
      process.exit(0);
    }, 300));`,
  );
  return runNode(['--require', REGISTER, script], {
    cwd: dir,
    env: cleanEnv({ AGENTSIGHT_DIR: store, AGENTSIGHT_AUTO_SESSION: 'false' }),
  });
}

describe('local store file modes', () => {
  it.each([
    ['000', 0o000],
    ['022', 0o022],
  ])('makes folders 0700 and files 0600 with umask %s', async (_label, umask) => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'agentsight-modes-store-'));
    const store = path.join(root, 'nested', 'store');
    const result = await runWithUmask(umask, store);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const sessions = path.join(store, 'sessions');
    const files = fs.readdirSync(sessions);
    expect(files).toHaveLength(2);
    expect([mode(path.join(root, 'nested')), mode(store), mode(sessions)]).toEqual(['700', '700', '700']);
    expect(files.map((f) => mode(path.join(sessions, f)))).toEqual(['600', '600']);
  });

  it('warns once about an existing store that others can read, and leaves its modes alone', async () => {
    const store = fs.mkdtempSync(path.join(os.tmpdir(), 'agentsight-modes-open-'));
    fs.mkdirSync(path.join(store, 'sessions'));
    fs.chmodSync(store, 0o755);
    fs.chmodSync(path.join(store, 'sessions'), 0o755);
    const result = await runWithUmask(0o022, store);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      `agentsight/local-store warn: the local store at ${store} can be read by other users of this machine (mode 755) ` +
        `and holds captured prompts and completions; to make it private: chmod -R go-rwx ${store}\n`,
    );
    expect(mode(store)).toBe('755');
    const sessions = path.join(store, 'sessions');
    expect(fs.readdirSync(sessions).map((f) => mode(path.join(sessions, f)))).toEqual(['600', '600']);
  });
});
