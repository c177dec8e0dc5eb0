/**
 * agentsight initialized inside the test process, with a fresh local store and environment, torn
 * down afterwards (shutdown flushes everything, then the store can be read).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { init, shutdown, type AgentsightOptions } from '../../src/index';
import { listSessionFiles, readSession, type SessionData } from '../../src/store/reader';

export interface InProcess {
  dir: string;
  /** Shuts agentsight down (flushing) and restores the environment. */
  stop(): Promise<void>;
  /** Every session in the store, oldest first (call after `stop`). */
  sessions(): SessionData[];
}

export function startInProcess(options: AgentsightOptions = {}, env: Record<string, string> = {}): InProcess {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentsight-test-'));
  const saved = new Map<string, string | undefined>();
  for (const [key, value] of Object.entries(env)) {
    saved.set(key, process.env[key]);
    process.env[key] = value;
  }
  init({ dir, exporters: ['local'], ...options });
  return {
    dir,
    async stop() {
      await shutdown();
      for (const [key, value] of saved) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    },
    sessions() {
      return listSessionFiles(dir).reverse().map(readSession);
    },
  };
}
