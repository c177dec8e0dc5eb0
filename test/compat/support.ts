/**
 * The compatibility app (`test/compat/app/`) installed next to SDK versions, and its runs: each
 * against a mock of its own (so ids match between runs), printing `COMPAT_RESULTS {json}`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startMockLlmServer, type RecordedRequest } from '../support/mock-llm-server';
import { cleanEnv, runNode, type RunResult } from '../support/run-node';
import { sdkApp } from '../support/sdk-apps';

const APP_DIR = path.join(__dirname, 'app');

/** A method of an SDK as the app saw it. */
export interface MethodPrint {
  source: string;
  wrapped: boolean;
  wrappedTwice: boolean;
}

export interface CompatOutput {
  results: Record<string, unknown>;
  fingerprint: Record<string, MethodPrint | string[]>;
  registrations: {
    tracerProvider: string;
    contextManager?: string;
    propagatorFields: string[];
    spanProcessors?: string[];
  };
}

export interface CompatRun {
  output: CompatOutput;
  run: RunResult;
  requests: RecordedRequest[];
}

/** The app's folder, with these SDK aliases installed under their real names. */
export function compatApp(aliases: readonly string[]): string {
  const dir = path.join(sdkApp(aliases), 'compat');
  fs.mkdirSync(dir, { recursive: true });
  for (const file of fs.readdirSync(APP_DIR)) {
    // Copied aside, then renamed: another test file may be running the current copy.
    const staging = path.join(dir, `${file}.${process.pid}`);
    fs.copyFileSync(path.join(APP_DIR, file), staging);
    fs.renameSync(staging, path.join(dir, file));
  }
  return dir;
}

/** Runs the app with `args` (node flags, then the main file) and `env`. */
export async function runCompat(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CompatRun> {
  const mock = await startMockLlmServer();
  try {
    const run = await runNode(args, { cwd: dir, env: cleanEnv({ MOCK_URL: mock.url, ...env }) });
    const line = run.stdout.split('\n').find((l) => l.startsWith('COMPAT_RESULTS '));
    if (!line) throw new Error(`the app printed no results (code ${run.code}):\n${run.stdout}\n${run.stderr}`);
    return { output: JSON.parse(line.slice('COMPAT_RESULTS '.length)) as CompatOutput, run, requests: [...mock.requests] };
  } finally {
    await mock.close();
  }
}

/** What the caller got, without the timestamps that differ between runs. */
export function results(run: CompatRun): unknown {
  return JSON.parse(JSON.stringify(run.output.results).replace(/"created":\d+/g, '"created":0'));
}

/** agentsight's lines on stderr. */
export function ourLines(run: CompatRun): string[] {
  return run.run.stderr.split('\n').filter((line) => line.startsWith('agentsight'));
}
