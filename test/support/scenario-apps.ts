/**
 * Shared pieces of the provider scenario suites (test/openai, test/anthropic): copying a scenario
 * app into an SDK app folder, and a port nothing listens on.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
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
