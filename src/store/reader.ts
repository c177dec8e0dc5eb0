/**
 * Reads the local store (see `format.ts`): lists session files and parses one into its records.
 * A line that does not parse is skipped with a warning, so a torn last line left by a crash never
 * makes a session unreadable.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { emptyRollup, type Rollup } from '../accounting/rollup';
import {
  SESSIONS_FOLDER,
  sessionIdFromFileName,
  type SessionEndRecord,
  type SessionStartRecord,
  type LogRecordRecord,
  type SpanRecord,
  type StoreRecord,
} from './format';
import { summarizeSpans } from './summary';

export interface SessionFile {
  id: string;
  file: string;
}

export interface SessionData {
  id: string;
  file: string;
  start?: SessionStartRecord;
  spans: SpanRecord[];
  /** Log records, in the order written. */
  logs: LogRecordRecord[];
  end?: SessionEndRecord;
  /** Lines skipped, each as `file:line: why`. */
  warnings: string[];
}

/** The session files of a store, newest first. An absent store has none. */
export function listSessionFiles(dir: string): SessionFile[] {
  const folder = path.join(dir, SESSIONS_FOLDER);
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const files: SessionFile[] = [];
  for (const name of names) {
    const id = sessionIdFromFileName(name);
    if (id) files.push({ id, file: path.join(folder, name) });
  }
  // Names start with the start time, so a reverse sort is newest first.
  return files.sort((a, b) => (a.file < b.file ? 1 : a.file > b.file ? -1 : 0));
}

/** Parses a session file. Throws only if the file cannot be read at all. */
export function readSession(file: SessionFile): SessionData {
  const text = fs.readFileSync(file.file, 'utf8');
  return parseSession(file, text);
}

export function parseSession(file: SessionFile, text: string): SessionData {
  const data: SessionData = { id: file.id, file: file.file, spans: [], logs: [], warnings: [] };
  const seenSpans = new Set<string>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    let record: StoreRecord;
    try {
      record = JSON.parse(line) as StoreRecord;
    } catch {
      const where = i === lines.length - 1 ? 'torn last line (the writer stopped mid-line)' : 'unreadable line';
      data.warnings.push(`${file.file}:${i + 1}: skipped ${where}`);
      continue;
    }
    switch (record?.t) {
      case 'session_start':
        data.start ??= record;
        break;
      case 'span':
        // A batch in flight at exit may be written twice; a span counts once.
        if (!seenSpans.has(record.spanId)) {
          seenSpans.add(record.spanId);
          data.spans.push(record);
        }
        break;
      case 'session_end':
        data.end = record;
        break;
      case 'log':
        data.logs.push(record);
        break;
      default:
        data.warnings.push(`${file.file}:${i + 1}: skipped record of unknown type`);
    }
  }
  return data;
}

export type LookupResult = { kind: 'found'; file: SessionFile } | { kind: 'none' } | { kind: 'ambiguous'; matches: SessionFile[] };

/** Finds a session by its id or a prefix of it. */
export function findSession(dir: string, idPrefix: string): LookupResult {
  const prefix = idPrefix.trim().toLowerCase();
  const matches = listSessionFiles(dir).filter((f) => f.id.startsWith(prefix));
  const ids = new Set(matches.map((m) => m.id));
  if (matches.length === 0 || prefix === '') return { kind: 'none' };
  if (ids.size > 1) return { kind: 'ambiguous', matches };
  return { kind: 'found', file: matches[0]! };
}

/** How a session stands: its end state, `running` (its process is alive) or `unfinished` (it is not). */
export type SessionStatus = SessionEndRecord['state'] | 'running' | 'unfinished';

export interface SessionOverview {
  id: string;
  name: string;
  startMs: number | undefined;
  durationMs: number | undefined;
  status: SessionStatus;
  reason?: string;
  summary: Rollup;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The overview of a session: from its end record, else computed from the spans written so far. */
export function overview(data: SessionData): SessionOverview {
  const startMs = data.start?.startMs ?? minStart(data.spans);
  if (data.end) {
    return {
      id: data.id,
      name: data.start?.name ?? data.id,
      startMs,
      durationMs: startMs === undefined ? undefined : data.end.endMs - startMs,
      status: data.end.state,
      ...(data.end.reason ? { reason: data.end.reason } : {}),
      summary: data.end.summary ?? emptyRollup(),
    };
  }
  const lastEnd = data.spans.reduce<number | undefined>((m, s) => (m === undefined || s.endMs > m ? s.endMs : m), undefined);
  // A pid only means something on the host that wrote it.
  const alive = data.start ? data.start.hostname === os.hostname() && processAlive(data.start.pid) : false;
  return {
    id: data.id,
    name: data.start?.name ?? data.id,
    startMs,
    durationMs: startMs === undefined || lastEnd === undefined ? undefined : lastEnd - startMs,
    status: alive ? 'running' : 'unfinished',
    summary: summarizeSpans(data.spans),
  };
}

function minStart(spans: SpanRecord[]): number | undefined {
  return spans.reduce<number | undefined>((m, s) => (m === undefined || s.startMs < m ? s.startMs : m), undefined);
}
