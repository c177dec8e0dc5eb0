/**
 * The ways a process leaves, as app code for the exit tests: each way's ending (appended to an app
 * whose `work()` runs a session), the signal the test sends when the app prints `last`, and how
 * the process must end (the same as without agentsight). Every app prints `last` once its own work
 * is done, so a test can time the exit path from there.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanEnv, runNode, type RunResult } from './run-node';
import { sdkApp } from './sdk-apps';

export interface ExitWay {
  name: string;
  /** `.cjs` apps run under `--require agentsight/register`, `.mjs` ones under `--import`. */
  file: 'app.cjs' | 'app.mjs';
  /** Ends the app's source, after `work` is defined. */
  ending: string;
  /** Sent when the app prints `last`. */
  signal?: NodeJS.Signals;
  exit: { code: number | null; signal: NodeJS.Signals | null };
}

export const EXIT_WAYS: readonly ExitWay[] = [
  { name: 'natural end', file: 'app.cjs', ending: `work().then(() => console.log('last'));`, exit: { code: 0, signal: null } },
  {
    name: 'process.exit(3)',
    file: 'app.cjs',
    ending: `work().then(() => { console.log('last'); process.exit(3); });`,
    exit: { code: 3, signal: null },
  },
  {
    name: 'SIGTERM',
    file: 'app.cjs',
    ending: `work().then(() => { console.log('last'); setInterval(() => {}, 1000); });`,
    signal: 'SIGTERM',
    exit: { code: null, signal: 'SIGTERM' },
  },
  {
    name: 'SIGINT',
    file: 'app.cjs',
    ending: `work().then(() => { console.log('last'); setInterval(() => {}, 1000); });`,
    signal: 'SIGINT',
    exit: { code: null, signal: 'SIGINT' },
  },
  {
    name: 'uncaught exception',
    file: 'app.cjs',
    ending: `work().then(() => { console.log('last'); setTimeout(() => { throw new Error('boom'); }, 1); });`,
    exit: { code: 1, signal: null },
  },
  {
    name: 'unhandled rejection',
    file: 'app.cjs',
    ending: `work().then(() => { console.log('last'); Promise.reject(new Error('nobody catches this')); });`,
    exit: { code: 1, signal: null },
  },
  {
    name: 'top-level await shutdown()',
    file: 'app.mjs',
    ending: `await work();\nconsole.log('last');\nawait shutdown();`,
    exit: { code: 0, signal: null },
  },
];

/** The head of an app for `way`: OpenAI from the mock server and agentsight's wrappers. */
export function appHead(way: ExitWay): string {
  return way.file === 'app.mjs'
    ? `import OpenAI from 'openai';\nimport { withSession, withTool, shutdown } from 'agentsight';\n`
    : `const OpenAI = require('openai');\nconst { withSession, withTool } = require('agentsight');\n`;
}

/** `work()`: one session with an LLM call (so spans and metrics wait to be exported) and a tool. */
export const WORK = `
const client = new OpenAI({ apiKey: 'k', baseURL: process.env.MOCK_URL + '/v1', maxRetries: 0 });
const work = () => withSession({ name: 'leaving' }, async () => {
  await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
  return withTool('step', async () => 'ok');
});
`;

export interface TimedRun {
  result: RunResult;
  /** Milliseconds from the app's `last` line (or the signal sent on it) to the end of the process. */
  exitMs: number;
}

let counter = 0;

/**
 * Runs `source` as an app with `openai` 7 installed, under `agentsight/register`, with its own
 * local store, and times its exit from the `last` line (sending `signal` then, if given).
 */
export async function runTimedApp(file: string, source: string, env: NodeJS.ProcessEnv, signal?: NodeJS.Signals): Promise<TimedRun> {
  const dir = sdkApp(['openai-7']);
  const name = `exit-${process.pid}-${++counter}-${file}`;
  const store = fs.mkdtempSync(path.join(dir, `.store-${process.pid}-`));
  fs.writeFileSync(path.join(dir, name), source);
  let lastAt = Number.NaN;
  let endAt = Number.NaN;
  try {
    const result = await runNode([file.endsWith('.mjs') ? '--import' : '--require', 'agentsight/register', name], {
      cwd: dir,
      env: cleanEnv({ AGENTSIGHT_DIR: store, ...env }),
      timeoutMs: 20_000,
      onSpawn: (child) => {
        child.stdout!.on('data', (d: Buffer) => {
          if (!Number.isNaN(lastAt) || !d.toString().includes('last')) return;
          lastAt = Date.now();
          if (signal) child.kill(signal);
        });
        child.on('exit', () => {
          endAt = Date.now();
        });
      },
    });
    return { result, exitMs: endAt - lastAt };
  } finally {
    fs.rmSync(path.join(dir, name), { force: true });
    fs.rmSync(store, { recursive: true, force: true });
  }
}
