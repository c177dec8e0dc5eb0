/**
 * Runs a Node.js child process (the same Node that runs the tests unless told otherwise) and
 * collects what it printed and how it ended.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Kill the child (SIGKILL) after this long; the test then fails on the result. Default 30 s. */
  timeoutMs?: number;
  /** The node binary; default: the one running the tests. */
  node?: string;
  /** Called once the child is spawned (e.g. to send it a signal later). */
  onSpawn?: (child: ChildProcess) => void;
  /** Run the child as this user id (only when the tests run as root). */
  uid?: number;
}

/** The environment a child starts from: ours without the variables that would change its behaviour. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('AGENTSIGHT_') || key.startsWith('OTEL_') || key === 'NODE_OPTIONS' || key.startsWith('JEST_')) continue;
    if (key === 'OPENAI_API_KEY' || key === 'ANTHROPIC_API_KEY' || key.startsWith('OPENAI_') || key.startsWith('ANTHROPIC_')) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

export function runNode(args: string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.node ?? process.execPath, args, {
      cwd: options.cwd,
      env: options.env ?? cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.uid !== undefined ? { uid: options.uid, gid: options.uid } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      stderr += `\n[run-node: killed after ${options.timeoutMs ?? 30_000} ms]`;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 30_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    options.onSpawn?.(child);
  });
}
