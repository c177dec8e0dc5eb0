/**
 * The built command (dist/src/cli/main.js) run as a child process, as a user runs it: exit codes,
 * stdout/stderr, the environment, and a start-up that loads no OpenTelemetry.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { VERSION } from '../../src/version';
import { cleanEnv, runNode, type RunResult } from '../support/run-node';
import { RICH_SHOW, SessionBuilder, T0, richSession, sessionId, tempStore } from './fixtures';

const root = path.resolve(__dirname, '..', '..');
const bin = path.join(root, 'dist', 'src', 'cli', 'main.js');

beforeAll(() => {
  const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}\n${build.stderr}`);
}, 300_000);

function cli(args: string[], env: NodeJS.ProcessEnv = {}, cwd = os.tmpdir()): Promise<RunResult> {
  return runNode([bin, ...args], { cwd, env: cleanEnv({ TZ: 'UTC', ...env }) });
}

describe('the agentsight command', () => {
  it('prints its help and version', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain(`agentsight ${VERSION}:`);
    expect(help.stdout).toContain('agentsight show <id-or-prefix> [--json] [--dir DIR]');
    expect((await cli(['show', '--help'])).stdout).toMatch(/^Usage: agentsight show <id-or-prefix>/);
    expect(await cli(['--version'])).toMatchObject({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it('exits 2 with the usage on an unknown command or flag, without a stack trace', async () => {
    const flag = await cli(['sessions', '--frobnicate']);
    expect(flag).toMatchObject({ code: 2, stdout: '' });
    expect(flag.stderr).toBe(
      'agentsight: unknown option --frobnicate for "sessions"\n' +
        'Usage: agentsight sessions [--limit N] [--json] [--dir DIR]\n' +
        'See `agentsight sessions --help`.\n',
    );
    const command = await cli(['frobnicate']);
    expect(command.code).toBe(2);
    expect(command.stderr).toMatch(/^agentsight: unknown command "frobnicate"\nUsage: agentsight sessions/);
    expect((await cli([])).code).toBe(2);
  });

  it('lists and shows sessions of the store in AGENTSIGHT_DIR', async () => {
    const dir = tempStore();
    const file = richSession().write(dir, { state: 'fail', reason: 'TypeError: fetch failed' });
    new SessionBuilder(sessionId('77aa'), 'nightly-eval', T0 + 120_000).write(dir, { state: 'success' });
    const list = await cli(['sessions'], { AGENTSIGHT_DIR: dir });
    expect(list.code).toBe(0);
    expect(list.stdout.split('\n').slice(1, 3)).toEqual([
      expect.stringMatching(/^77aaa1b2c3d4 +nightly-eval +2026-11-25 23:37:47 +10\.0s +success +0 +0\/0 +\$0 +0$/),
      expect.stringMatching(/^4bf92f3577b3 +support-bot +2026-11-25 23:35:47 +12\.4s +fail +5 +5,900\/1,370 +\$0\.0231\+\? +1$/),
    ]);
    const show = await cli(['show', '4bf92f'], { AGENTSIGHT_DIR: dir });
    expect(show).toMatchObject({ code: 0, stderr: '' });
    // stdout is a pipe: no colors.
    expect(show.stdout).toBe(RICH_SHOW.replace('<FILE>', file));
    const json = JSON.parse((await cli(['sessions', '--json', '--dir', dir], { AGENTSIGHT_DIR: '/nonexistent' })).stdout);
    expect(json.sessions.map((s: { id: string }) => s.id)).toEqual([sessionId('77aa'), sessionId('4bf92f3577b3')]);
  });

  it('shows a session with a torn last line, with a warning on stderr', async () => {
    const dir = tempStore();
    const b = new SessionBuilder(sessionId('cd'), 'crashed', T0, { pid: 2 ** 22 + 17 });
    b.llm({ model: 'gpt-4o', at: 20, duration: 300, input: 100, output: 10, cost: 0.0004 });
    const file = b.write(dir, false, '{"t":"span","v":1,"sess');
    const r = await cli(['show', 'cd', '--dir', dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`agentsight: warning: ${file}:3: skipped torn last line (the writer stopped mid-line)\n`);
    expect(r.stdout).toContain('[llm] chat gpt-4o  300ms  gpt-4o · in 100 / out 10 · $0.0004');
  });

  it('exits 1 with a clear message for an ambiguous prefix, an unknown id and an empty store', async () => {
    const dir = tempStore();
    new SessionBuilder(sessionId('4bf9aa'), 'first', T0).write(dir, { state: 'success' });
    new SessionBuilder(sessionId('4bf9bb'), 'second', T0 + 60_000).write(dir, { state: 'success' });
    const ambiguous = await cli(['show', '4bf9', '--dir', dir]);
    expect(ambiguous).toMatchObject({ code: 1, stdout: '' });
    expect(ambiguous.stderr).toContain(`  ${sessionId('4bf9bb')}  2026-11-25 23:36:47  second\n`);
    expect(await cli(['show', '99', '--dir', dir])).toMatchObject({ code: 1, stderr: expect.stringContaining('no session in') });
    const empty = await cli(['show', '99'], {}, tempStore());
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(
      /^agentsight: no sessions in .*\.agentsight yet; run your app with `node --import agentsight\/register app\.js`\n$/,
    );
  });

  it('reports a session file it cannot read, in plain words, with no stack trace', async () => {
    const dir = tempStore();
    const file = new SessionBuilder(sessionId('ee'), 'secret', T0).write(dir, { state: 'success' });
    fs.chmodSync(file, 0o000);
    const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    if (!asRoot) {
      const r = await cli(['show', 'ee', '--dir', dir]);
      expect(r).toMatchObject({
        code: 1,
        stdout: '',
        stderr: `agentsight: cannot read session file ${file}: permission denied (EACCES)\n`,
      });
      return;
    }
    // Root reads any file. Run the CLI as `nobody` when that user can reach the node binary and
    // the built CLI; otherwise make the session "file" a folder, which nobody can read as a file.
    for (const d of [dir, path.dirname(file)]) fs.chmodSync(d, 0o755);
    const probe = await runNode([bin, '--version'], { cwd: os.tmpdir(), env: cleanEnv(), uid: 65534 }).catch(() => undefined);
    if (probe?.code === 0) {
      const r = await runNode([bin, 'show', 'ee', '--dir', dir], { cwd: os.tmpdir(), env: cleanEnv({ TZ: 'UTC' }), uid: 65534 });
      expect(r).toMatchObject({
        code: 1,
        stdout: '',
        stderr: `agentsight: cannot read session file ${file}: permission denied (EACCES)\n`,
      });
    } else {
      fs.rmSync(file);
      fs.mkdirSync(file);
      const r = await cli(['show', 'ee', '--dir', dir]);
      expect(r).toMatchObject({
        code: 1,
        stdout: '',
        stderr: `agentsight: cannot read session file ${file}: it is a directory, not a file (EISDIR)\n`,
      });
    }
  });

  it('loads no OpenTelemetry and nothing outside the CLI, the store reader, accounting, JSON readers, the settings table and semconv', async () => {
    const probe = `process.argv = [process.argv[0], ${JSON.stringify(bin)}, '--version'];
      require(${JSON.stringify(bin)});
      process.on('exit', () => console.error(JSON.stringify(Object.keys(require.cache))));`;
    const r = await runNode(['-e', probe], { cwd: root, env: cleanEnv() });
    const loaded = (JSON.parse(r.stderr) as string[]).map((f) => path.relative(path.join(root, 'dist'), f));
    expect(
      loaded.filter((f) => !/^src\/(cli\/[\w-]+|store\/\w+|accounting\/[\w-]+|json-values|settings\/\w+|semconv|version)\.js$/.test(f)),
    ).toEqual([]);
  });
});
