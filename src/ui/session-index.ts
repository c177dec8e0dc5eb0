/**
 * The sessions list without reading every session each time: one row per session, kept in
 * `<store>/index/sessions-v1.json` and refreshed incrementally. A refresh lists the session files and
 * looks at their size and modification time; only new or changed files are read again (and running
 * sessions now and then, since their process may have died without writing). A missing, corrupt or
 * older index is rebuilt; a store we cannot write to keeps its index in memory.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeFsError } from '../cli/errors';
import { getLogger } from '../diag';
import { isObject } from '../json-values';
import { VERSION } from '../version';
import type { SessionRow } from './api-types';
import { sessionRow, unreadableRow } from './session-row';
import { listSources, loadSession, stampKey, stampSource, type SessionSource } from './store-source';

const log = getLogger('ui');

export const INDEX_FOLDER = 'index';
export const INDEX_FILE = 'sessions-v1.json';
/** Bump when a row's meaning changes; an index of another format (or another agentsight version) is rebuilt. */
const INDEX_FORMAT = 1;
/** How often an unchanged running session is read again to see whether its process still lives. */
const RUNNING_RECHECK_MS = 5_000;

interface Entry {
  source: SessionSource;
  /** The files' sizes and modification times when the row was made. */
  stamp: string;
  row: SessionRow;
  /** When the row was made (not saved: a loaded running row is checked at once). */
  madeAt: number;
}

interface SavedEntry {
  id: string;
  stamp: string;
  row: SessionRow;
}

export interface RefreshStats {
  sessions: number;
  /** Rows kept from the index. */
  reused: number;
  /** Sessions read again (new, changed, or running). */
  read: number;
  ms: number;
}

export interface SessionIndexOptions {
  /** Keep the index in `<store>/index/` (default true). */
  persist?: boolean;
  now?: () => number;
}

export class SessionIndex {
  private entries = new Map<string, Entry>();
  private order: string[] = [];
  private loaded = false;
  private lastRefreshAt = Number.NEGATIVE_INFINITY;
  /** Goes up whenever a row appears, disappears or changes. */
  version = 0;
  lastStats: RefreshStats = { sessions: 0, reused: 0, read: 0, ms: 0 };
  private readonly persist: boolean;
  private readonly now: () => number;

  constructor(
    readonly dir: string,
    options: SessionIndexOptions = {},
  ) {
    this.persist = options.persist ?? true;
    this.now = options.now ?? Date.now;
  }

  get file(): string {
    return path.join(this.dir, INDEX_FOLDER, INDEX_FILE);
  }

  /**
   * Brings the rows up to date with the store, unless the last refresh is younger than `maxAgeMs`.
   * Throws when the store's folder cannot be listed.
   */
  refresh(maxAgeMs = 0): RefreshStats {
    const started = performance.now();
    const now = this.now();
    if (now - this.lastRefreshAt < maxAgeMs) return this.lastStats;
    if (!this.loaded) this.load();
    const sources = listSources(this.dir);
    const next = new Map<string, Entry>();
    let reused = 0;
    let read = 0;
    let changed = sources.length !== this.entries.size;
    for (const source of sources) {
      const stamp = stampKey(stampSource(source));
      const old = this.entries.get(source.id);
      const fresh = old !== undefined && old.stamp === stamp;
      if (fresh && (old.row.state !== 'running' || now - old.madeAt < RUNNING_RECHECK_MS)) {
        next.set(source.id, { ...old, source });
        reused++;
        continue;
      }
      const row = readRow(source, now);
      read++;
      if (!old || old.stamp !== stamp || old.row.state !== row.state) changed = true;
      next.set(source.id, { source, stamp, row, madeAt: now });
    }
    const order = sources.map((s) => s.id);
    if (!changed) changed = order.some((id, i) => this.order[i] !== id);
    this.entries = next;
    this.order = order;
    this.lastRefreshAt = now;
    if (changed) {
      this.version++;
      this.save();
    }
    this.lastStats = { sessions: sources.length, reused, read, ms: performance.now() - started };
    return this.lastStats;
  }

  /** The rows, newest first (the store's order). */
  rows(): SessionRow[] {
    return this.order.map((id) => this.entries.get(id)!.row);
  }

  source(id: string): SessionSource | undefined {
    return this.entries.get(id)?.source;
  }

  /** What changes when the session's files change (for caches and the live stream). */
  stamp(id: string): string | undefined {
    return this.entries.get(id)?.stamp;
  }

  private load(): void {
    this.loaded = true;
    if (!this.persist) return;
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return; // No index yet: the first refresh builds it.
    }
    try {
      const saved = JSON.parse(text) as unknown;
      if (!isObject(saved) || saved.format !== INDEX_FORMAT || saved.agentsight !== VERSION || !Array.isArray(saved.entries)) return;
      for (const e of saved.entries as SavedEntry[]) {
        if (!isObject(e) || typeof e.id !== 'string' || typeof e.stamp !== 'string' || !isObject(e.row)) continue;
        // The files come from the next listing; a loaded running row is checked at once.
        this.entries.set(e.id, { source: { id: e.id, file: '', parts: [] }, stamp: e.stamp, row: e.row, madeAt: Number.NEGATIVE_INFINITY });
      }
    } catch {
      log.once('debug', 'index-unreadable', `the session index ${this.file} does not parse; rebuilding it`);
    }
  }

  private save(): void {
    if (!this.persist) return;
    const saved = {
      format: INDEX_FORMAT,
      agentsight: VERSION,
      entries: this.order.map((id): SavedEntry => {
        const e = this.entries.get(id)!;
        return { id, stamp: e.stamp, row: e.row };
      }),
    };
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      fs.writeFileSync(tmp, JSON.stringify(saved));
      fs.renameSync(tmp, this.file);
    } catch (err) {
      try {
        fs.rmSync(tmp, { force: true });
      } catch {
        // Nothing was written, or the folder is not ours to clean.
      }
      log.once('warn', 'index-unwritable', `cannot save the session index to ${this.file} (${errorCode(err)}); keeping it in memory`);
    }
  }
}

/** A session's row, or an unreadable row saying why its file cannot be read. */
function readRow(source: SessionSource, now: number): SessionRow {
  try {
    return sessionRow(loadSession(source), now);
  } catch (err) {
    return unreadableRow(source, describeFsError(err, 'its file'));
  }
}

function errorCode(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : String(err);
}
