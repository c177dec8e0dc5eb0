/**
 * `agentsight ui` as a process: it indexes the store, prints the URL, serves on loopback only
 * unless --allow-remote (then with a warning), stops cleanly on SIGTERM, and explains a port in
 * use. No other command loads the viewer's server.
 */
import * as net from 'node:net';
import * as path from 'node:path';
import { cleanEnv, runNode } from '../support/run-node';
import { REPO_ROOT } from '../support/sdk-apps';
import { tempStore, viewerStore } from './fixtures';
import { CLI, startViewer } from './viewer-process';

describe('agentsight ui', () => {
  it('indexes the store once, prints the URL on 127.0.0.1 and stops on SIGTERM with exit code 0', async () => {
    const { dir } = viewerStore();
    const first = await startViewer(['--dir', dir]);
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(first.stdout()).toMatch(
      new RegExp(
        `^indexed 124 sessions in \\S+ \\(124 read, 0 from ${dir}/index/sessions-v1.json\\)\\nagentsight ui: ${first.url.replace(/[./]/g, '\\$&')}  \\(store ${dir}; Ctrl-C stops it\\)\\n$`,
      ),
    );
    const res = await fetch(`${first.url}api/info`);
    expect(await res.json()).toMatchObject({ dir, sessions: 124 });
    expect(await first.stop()).toBe(0);
    expect(first.stderr()).toBe('');
    // The second start reads only the running session again (is its process alive?).
    const second = await startViewer(['--dir', dir]);
    expect(second.stdout()).toMatch(/^indexed 124 sessions in \S+ \(1 read, 123 from /);
    expect(await second.stop()).toBe(0);
  });

  it('refuses an address that is not loopback unless --allow-remote, which warns', async () => {
    const dir = tempStore();
    const refused = await runNode([CLI, 'ui', '--host', '0.0.0.0', '--dir', dir], { cwd: REPO_ROOT, env: cleanEnv() });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /^agentsight: --host 0\.0\.0\.0 is not a loopback address: .* add --allow-remote to serve there anyway\nUsage: agentsight ui /,
    );
    const remote = await startViewer(['--host', '0.0.0.0', '--allow-remote', '--dir', dir]);
    expect(remote.url).toMatch(/^http:\/\/0\.0\.0\.0:\d+\/$/);
    expect(remote.stderr()).toBe(
      `agentsight: warning: serving on 0.0.0.0: anyone who can reach this address can read every session in ${dir}, prompts and completions included\n`,
    );
    expect(await remote.stop()).toBe(0);
  });

  it('--open hands the URL to the desktop opener, and only warns when there is none', async () => {
    const viewer = await startViewer(['--open', '--dir', tempStore()], { PATH: path.join(tempStore(), 'no-opener-here') });
    expect(await viewer.stop()).toBe(0);
    expect(viewer.stderr()).toBe(
      `agentsight: warning: could not open a browser (xdg-open: spawn xdg-open ENOENT); open ${viewer.url} yourself\n`,
    );
  });

  it('says so when the port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const r = await runNode([CLI, 'ui', '--port', String(port), '--dir', tempStore()], { cwd: REPO_ROOT, env: cleanEnv() });
      expect(r).toMatchObject({
        code: 1,
        stderr: `agentsight: port ${port} is in use; choose another with --port N (0 picks a free one)\n`,
      });
    } finally {
      blocker.close();
    }
  });

  it('is loaded by no other command', async () => {
    // The CLI is one bundle, whose modules run when first required: the viewer's server is the
    // only part of it that needs node:http, so whether Node loaded http says whether it ran.
    const loadsHttp = async (args: string[]): Promise<boolean> => {
      const probe = `process.argv = [process.argv[0], ${JSON.stringify(CLI)}, ...${JSON.stringify(args)}];
        require(${JSON.stringify(CLI)});
        setTimeout(() => { console.error(JSON.stringify(process.moduleLoadList)); process.exit(0); }, 300);`;
      const r = await runNode(['-e', probe], { cwd: REPO_ROOT, env: cleanEnv() });
      const loaded = JSON.parse(r.stderr.trim().split('\n').pop() ?? '[]') as string[];
      expect(loaded.length).toBeGreaterThan(5);
      return loaded.includes('NativeModule http');
    };
    expect(await loadsHttp(['sessions', '--dir', tempStore()])).toBe(false);
    expect(await loadsHttp(['ui', '--dir', tempStore(), '--port', '0'])).toBe(true);
  });
});
