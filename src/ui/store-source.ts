/**
 * The viewer's one door to the local store: which sessions there are and the records of one. Every
 * read goes through the store reader (`src/store/reader.ts`), which owns the file format: torn lines,
 * log records, and sessions written by several processes are its business, not the viewer's.
 */
import * as fs from 'node:fs';
import { listSessionFiles, readSession, type SessionData, type SessionFile } from '../store/reader';

/** One session of the store: its id and the file(s) that hold its records. */
export interface SessionSource {
  id: string;
  files: SessionFile[];
}

/** What changes when a session file is written to: its size and modification time. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
}

/** The sessions of the store, newest first, one entry per session id. */
export function listSources(dir: string): SessionSource[] {
  const byId = new Map<string, SessionSource>();
  for (const file of listSessionFiles(dir)) {
    const source = byId.get(file.id);
    if (source) source.files.push(file);
    else byId.set(file.id, { id: file.id, files: [file] });
  }
  return [...byId.values()];
}

/** Reads a session's records. Throws when its file cannot be read at all (permissions, a folder). */
export function loadSession(source: SessionSource): SessionData {
  // The reader reads one file per session today; when it merges a session's files, this is the one call to change.
  return readSession(source.files[0]!);
}

/** The size and modification time of each file of a session; `undefined` for a file that vanished. */
export function stampSource(source: SessionSource): (FileStamp | undefined)[] {
  return source.files.map((f) => {
    try {
      const stat = fs.statSync(f.file);
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
