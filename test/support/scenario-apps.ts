/**
 * Shared pieces of the provider scenario suites (test/openai, test/anthropic): copying a scenario
 * app into an SDK app folder, and a port nothing listens on.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import type { RecordedRequest } from './mock-llm-server';
import type { RunResult } from './run-node';
import { sdkApp, type SdkAlias } from './sdk-apps';

/**
 * The app folder of an SDK version with the scenario app's files copied into `subfolder`. Each
 * file is copied aside, then renamed: a child of another test file may be reading the current copy.
 */
export function scenarioAppDir(alias: SdkAlias, sourceDir: string, subfolder: string, files: readonly string[]): string {
  const dir = sdkApp([alias]);
  for (const file of files) {
    const target = path.join(dir, subfolder, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const staging = `${target}.${process.pid}`;
    fs.copyFileSync(path.join(sourceDir, file), staging);
    fs.renameSync(staging, target);
  }
  return dir;
}

/** A loopback port nothing listens on (for "connection refused"). */
export async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * What a scenario app reported (its `SCENARIO_RESULTS {json}` line) and the mock's requests
 * grouped by the scenario that made them (the `x-scenario` header).
 */
export function scenarioResults<Observed>(
  run: RunResult,
  mockRequests: readonly RecordedRequest[],
): { results: Record<string, Observed>; requests: Record<string, RecordedRequest[]> } {
  const line = run.stdout.split('\n').find((l) => l.startsWith('SCENARIO_RESULTS '));
  if (!line) throw new Error(`the scenario app printed no results (code ${run.code}, signal ${run.signal}):\n${run.stdout}\n${run.stderr}`);
  const { results } = JSON.parse(line.slice('SCENARIO_RESULTS '.length)) as { results: Record<string, Observed> };
  const requests: Record<string, RecordedRequest[]> = {};
  for (const request of mockRequests) {
    const name = request.headers['x-scenario'];
    if (!name) continue;
    requests[name] ??= [];
    requests[name].push(request);
  }
  return { results, requests };
}
