/**
 * Reads the local store (see `format.ts`): lists sessions (one entry per session id, however many
 * processes wrote parts of it) and parses one into its records, the parts merged. A line that does
 * not parse is skipped with a warning, so a torn last line left by a crash never makes a session
 * unreadable.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { emptyRollup, RollupAccumulator, type Rollup } from '../accounting/rollup';
import {
  SESSIONS_FOLDER,
  isPartFileName,
  sessionIdFromFileName,
  type PartEndRecord,
  type PartStartRecord,
  type SessionEndRecord,
  type SessionStartRecord,
  type LogRecordRecord,
  type SpanRecord,
  type StoreRecord,
} from './format';
import { maybe } from '../json-values';
import { summarizeSpans } from './summary';

/** The files of one session in a store. */
export interface SessionFile {
  id: string;
  /** The file of the process that started the session; if the store has none, its first part's. */
  file: string;
  /** The files of the parts other processes wrote (oldest first); empty for a one-process session. */
  parts: string[];
}

/** One process's part of a session started elsewhere. */
export interface SessionPartData {
  file: string;
  start?: PartStartRecord;
  end?: PartEndRecord;
  /** The spans this part wrote (also in `SessionData.spans`). */
  spans: SpanRecord[];
}

export interface SessionData {
  id: string;
  /** The main file (see `SessionFile.file`). */
  file: string;
  start?: SessionStartRecord;
  /** Every span of the session, from every file. */
  spans: SpanRecord[];
  /** Log records, in the order written (file by file). */
  logs: LogRecordRecord[];
  end?: SessionEndRecord;
  /** The parts written by other processes (empty for a one-process session). */
  parts: SessionPartData[];
  /** Lines skipped, each as `file:line: why`. */
  warnings: string[];
}

/** The sessions of a store, newest first (by the start of their main file). An absent store has none. */
export function listSessionFiles(dir: string): SessionFile[] {
  const folder = path.join(dir, SESSIONS_FOLDER);
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const byId = new Map<string, { main?: string; parts: string[] }>();
  // Names start with the start time, so sorted names are oldest first.
  for (const name of names.sort()) {
    const id = sessionIdFromFileName(name);
    if (!id) continue;
    let entry = byId.get(id);
    if (!entry) {
      entry = { parts: [] };
      byId.set(id, entry);
    }
    const file = path.join(folder, name);
    if (isPartFileName(name)) entry.parts.push(file);
    else entry.main ??= file;
  }
  const files: SessionFile[] = [];
  for (const [id, { main, parts }] of byId) {
    files.push(main ? { id, file: main, parts } : { id, file: parts[0]!, parts: parts.slice(1) });
  }
  return files.sort((a, b) => cmp(path.basename(b.file), path.basename(a.file)));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Parses every file of a session and merges them. Throws only if its main file cannot be read at all. */
export function readSession(file: SessionFile): SessionData {
  const data = parseSession(file, fs.readFileSync(file.file, 'utf8'));
  for (const part of file.parts ?? []) {
    let text: string;
    try {
      text = fs.readFileSync(part, 'utf8');
    } catch (err) {
      data.warnings.push(`${part}: skipped part that cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
      continue;
    }
    mergePart(data, parseFile(part, text));
  }
  return data;
}

/** The records of one file. */
interface FileRecords {
  file: string;
  start?: SessionStartRecord;
  end?: SessionEndRecord;
  partStart?: PartStartRecord;
  partEnd?: PartEndRecord;
  spans: SpanRecord[];
  logs: LogRecordRecord[];
  warnings: string[];
}

function parseFile(file: string, text: string): FileRecords {
  const out: FileRecords = { file, spans: [], logs: [], warnings: [] };
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    let record: StoreRecord;
    try {
      record = JSON.parse(line) as StoreRecord;
    } catch {
      const where = i === lines.length - 1 ? 'torn last line (the writer stopped mid-line)' : 'unreadable line';
      out.warnings.push(`${file}:${i + 1}: skipped ${where}`);
      continue;
    }
    switch (record?.t) {
      case 'session_start':
        out.start ??= record;
        break;
      case 'span':
        out.spans.push(record);
        break;
      case 'session_end':
        out.end = record;
        break;
      case 'log':
        out.logs.push(record);
        break;
      case 'part_start':
        out.partStart ??= record;
        break;
      case 'part_end':
        out.partEnd = record;
        break;
      default:
        out.warnings.push(`${file}:${i + 1}: skipped record of unknown type`);
    }
  }
  return out;
}

/** Adds the spans of `records` that `data` does not have yet; returns them. */
function addSpans(data: SessionData, records: FileRecords, seen: Set<string>): SpanRecord[] {
  const added: SpanRecord[] = [];
  for (const span of records.spans) {
    // A batch in flight at exit may be written twice; a span counts once.
    if (seen.has(span.spanId)) continue;
    seen.add(span.spanId);
    added.push(span);
  }
  data.spans.push(...added);
  return added;
}

function mergePart(data: SessionData, records: FileRecords): void {
  const spans = addSpans(data, records, new Set(data.spans.map((s) => s.spanId)));
  data.parts.push({ file: records.file, ...maybe('start', records.partStart), ...maybe('end', records.partEnd), spans });
  data.logs.push(...records.logs);
  data.warnings.push(...records.warnings);
}

/** Parses the main file of a session (its parts are merged by `readSession`). */
export function parseSession(file: Pick<SessionFile, 'id' | 'file'>, text: string): SessionData {
  const records = parseFile(file.file, text);
  const data: SessionData = { id: file.id, file: file.file, spans: [], logs: [], parts: [], warnings: [] };
  if (records.partStart || isPartFileName(path.basename(file.file))) {
    // Only parts of this session are in the store: the main file is the first part.
    mergePart(data, records);
    return data;
  }
  if (records.start) data.start = records.start;
  if (records.end) data.end = records.end;
  addSpans(data, records, new Set());
  data.logs.push(...records.logs);
  data.warnings.push(...records.warnings);
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

/** The spans written by the process that started the session (none when only parts are in the store). */
export function originSpans(data: SessionData): SpanRecord[] {
  if (data.parts.length === 0) return data.spans;
  const inParts = new Set<SpanRecord>(data.parts.flatMap((p) => p.spans));
  return data.spans.filter((s) => !inParts.has(s));
}

/** A part's roll-up: from its end record, else rebuilt from its spans. */
function partSummary(part: SessionPartData): Rollup {
  return part.end?.summary ?? summarizeSpans(part.spans);
}

/**
 * The roll-up of the whole session: the starting process's (its end record's summary, else
 * rebuilt from its spans) plus each part's.
 */
export function sessionSummary(data: SessionData): Rollup {
  const origin = data.end ? (data.end.summary ?? emptyRollup()) : summarizeSpans(originSpans(data));
  if (data.parts.length === 0) return origin;
  const acc = new RollupAccumulator();
  acc.addRollup(origin);
  for (const part of data.parts) acc.addRollup(partSummary(part));
  return acc.toRollup();
}

/** Whether the process that wrote a start record is alive (a pid only means something on the host that wrote it). */
function writerAlive(record: { hostname: string; pid: number } | undefined): boolean {
  return record !== undefined && record.hostname === os.hostname() && processAlive(record.pid);
}

/**
 * The overview of a session: from its end record, else computed from the spans written so far.
 * A session with parts from other processes sums their roll-ups in.
 */
export function overview(data: SessionData): SessionOverview {
  const startMs = data.start?.startMs ?? minStart(data.spans);
  const summary = sessionSummary(data);
  if (data.end) {
    return {
      id: data.id,
      name: data.start?.name ?? data.id,
      startMs,
      durationMs: startMs === undefined ? undefined : data.end.endMs - startMs,
      status: data.end.state,
      ...(data.end.reason ? { reason: data.end.reason } : {}),
      summary,
    };
  }
  const lastEnd = data.spans.reduce<number | undefined>((m, s) => (m === undefined || s.endMs > m ? s.endMs : m), undefined);
  // Without the starting process's file, the session runs while one of its parts' processes does.
  const alive = data.start ? writerAlive(data.start) : data.parts.some((p) => writerAlive(p.start));
  return {
    id: data.id,
    name: data.start?.name ?? data.id,
    startMs,
    durationMs: startMs === undefined || lastEnd === undefined ? undefined : lastEnd - startMs,
    status: alive ? 'running' : 'unfinished',
    summary,
  };
}

function minStart(spans: SpanRecord[]): number | undefined {
  return spans.reduce<number | undefined>((m, s) => (m === undefined || s.startMs < m ? s.startMs : m), undefined);
}

/** The process that wrote a span, as its file's start record says. */
export interface SpanWriter {
  pid: number;
  hostname: string;
  serviceName: string;
}

/** Which process wrote each span (by span id): the starting process's, or a part's. */
export function spanWriters(data: SessionData): Map<string, SpanWriter | undefined> {
  const writers = new Map<string, SpanWriter | undefined>();
  const origin = data.start;
  for (const span of data.spans) writers.set(span.spanId, origin);
  for (const part of data.parts) for (const span of part.spans) writers.set(span.spanId, part.start);
  return writers;
}
