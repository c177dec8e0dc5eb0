/** The store reads the commands make, with file-system failures turned into CLI messages. */
import { listSessionFiles, readSession, type SessionData, type SessionFile } from '../store/reader';
import { CliError, describeFsError } from './errors';

export function listFiles(dir: string): SessionFile[] {
  try {
    return listSessionFiles(dir);
  } catch (err) {
    throw new CliError(describeFsError(err, `the store ${dir}`));
  }
}

export type ReadOutcome = { ok: true; data: SessionData } | { ok: false; message: string };

export function tryReadSession(file: SessionFile): ReadOutcome {
  try {
    return { ok: true, data: readSession(file) };
  } catch (err) {
    return { ok: false, message: describeFsError(err, `session file ${file.file}`) };
  }
}
