/** What a command runs with: where the store is, how to write, colors, the time. */
import * as path from 'node:path';
import type { Style } from './style';

export interface CliIo {
  /** Writes to stdout. */
  out(text: string): void;
  /** Writes to stderr. */
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdoutIsTTY: boolean;
  now(): number;
}

export interface CommandContext {
  /** The store, as an absolute path. */
  dir: string;
  style: Style;
  nowMs: number;
  out(text: string): void;
  /** One warning line on stderr (`agentsight: warning: ...`). */
  warn(message: string): void;
}

/** `--dir`, else `AGENTSIGHT_DIR`, else `.agentsight` in the working directory. */
export function resolveStoreDir(option: string | undefined, env: NodeJS.ProcessEnv, cwd: string): string {
  const chosen = option ?? (env.AGENTSIGHT_DIR !== undefined && env.AGENTSIGHT_DIR.trim() !== '' ? env.AGENTSIGHT_DIR : '.agentsight');
  return path.resolve(cwd, chosen);
}

export const RECORD_HINT = 'run your app with `node --import agentsight/register app.js`';

/** The message for a store with no session in it (absent, or an empty folder). */
export function noSessionsMessage(dir: string): string {
  return `no sessions in ${dir} yet; ${RECORD_HINT}`;
}
