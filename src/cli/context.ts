/** What a command runs with: where the store is, how to write, colors, the time. */
import * as path from 'node:path';
import { envSetting } from '../settings/setting';
import { OPTIONS } from '../settings/table';
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

/** `--dir`, else `AGENTSIGHT_DIR`, else `.agentsight` in the working directory (the same row `init()` reads). */
export function resolveStoreDir(option: string | undefined, env: NodeJS.ProcessEnv, cwd: string): string {
  return path.resolve(cwd, option ?? envSetting(OPTIONS.dir, env) ?? OPTIONS.dir.default);
}

export const RECORD_HINT = 'run your app with `node --import agentsight/register app.js`';

/** The message for a store with no session in it (absent, or an empty folder). */
export function noSessionsMessage(dir: string): string {
  return `no sessions in ${dir} yet; ${RECORD_HINT}`;
}
