/**
 * `agentsight ui` as a user starts it: the built CLI (dist/) as a child process on a free port,
 * its URL read from what it prints, stopped with SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { cleanEnv } from '../support/run-node';
import { REPO_ROOT } from '../support/sdk-apps';

export const CLI = path.join(REPO_ROOT, 'dist', 'src', 'cli', 'main.js');

export interface Viewer {
  url: string;
  stdout(): string;
  stderr(): string;
  /** Stops it (SIGTERM) and gives its exit code. */
  stop(): Promise<number | null>;
}

export function startViewer(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Viewer> {
  const child: ChildProcess = spawn(process.execPath, [CLI, 'ui', '--port', '0', ...args], {
    cwd: REPO_ROOT,
    env: cleanEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`agentsight ui printed no URL in 20 s\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, 20_000);
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      const url = /agentsight ui: (http:\/\/\S+)/.exec(stdout)?.[1];
      if (!url) return;
      clearTimeout(timer);
      resolve({
        url,
        stdout: () => stdout,
        stderr: () => stderr,
        stop: () => {
          child.kill('SIGTERM');
          return exited;
        },
      });
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`agentsight ui exited (${code}) before printing its URL\nstdout: ${stdout}\nstderr: ${stderr}`));
    });
  });
}
