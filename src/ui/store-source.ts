/**
 * The viewer's one door to the local store: which sessions there are and the records of one. Every
 * read goes through the store reader (`src/store/reader.ts`), which owns the file format: torn lines,
 * log records, and sessions written by several processes are its business, not the viewer's.
 */
import * as fs from 'node:fs';
import { listSessionFiles, readSession, type SessionData, type SessionFile } from '../store/reader';

/** One session of the store: its id and the files that hold its records (its parts included). */
export type SessionSource = SessionFile;

/** What changes when a session file is written to: its size and modification time. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
}

/** The sessions of the store, newest first, one entry per session id (the reader groups a session's files). */
export function listSources(dir: string): SessionSource[] {
  return listSessionFiles(dir);
}

/**
 * Reads a session's records, every process's part merged. Throws when its main file cannot be read
 * at all (permissions, a folder).
 */
export function loadSession(source: SessionSource): SessionData {
  return readSession(source);
}

/** The size and modification time of each file of a session; `undefined` for a file that vanished. */
export function stampSource(source: SessionSource): (FileStamp | undefined)[] {
  return [source.file, ...source.parts].map((file) => {
    try {
      const stat = fs.statSync(file);
      return { size: stat.size, mtimeMs: stat.mtimeMs };
    } catch {
      return undefined;
    }
  });
}

/** A short key that changes when any file of the session changes. */
export function stampKey(stamps: readonly (FileStamp | undefined)[]): string {
  return stamps.map((s) => (s ? `${s.size}@${s.mtimeMs}` : 'gone')).join('|');
}
