/** A session as one line of the viewer's list, from the same report `agentsight sessions` prints. */
import { buildReport } from '../cli/session-report';
import type { SessionData } from '../store/reader';
import type { SessionRow } from './api-types';
import type { SessionSource } from './store-source';

/** `true` when not one record of the file could be read (garbage, or an empty file). */
export function hasNoRecords(data: SessionData): boolean {
  return !data.start && !data.end && data.spans.length === 0 && data.logs.length === 0;
}

/** Why a session with no readable record shows as unreadable. */
export function noRecordsReason(data: SessionData): string {
  const skipped = data.warnings.length;
  return skipped === 0 ? 'its file is empty' : `none of its lines could be read (${skipped} ${skipped === 1 ? 'line' : 'lines'} skipped)`;
}

export function sessionRow(data: SessionData, nowMs: number): SessionRow {
  if (hasNoRecords(data)) return unreadableRow({ id: data.id }, noRecordsReason(data), data.warnings.length);
  const report = buildReport(data, nowMs);
  const { overview: ov, summary } = report;
  return {
    id: data.id,
    name: ov.name,
    startMs: ov.startMs ?? null,
    durationMs: report.durationMs ?? null,
    state: ov.status,
    reason: ov.reason ?? null,
    tags: data.start?.tags ?? [],
    service: data.start?.serviceName || null,
    models: report.byModel.map((m) => m.model),
    llmCalls: summary.llmCalls,
    inputTokens: summary.usage.input,
    outputTokens: summary.usage.output,
    costUsd: summary.costUsd,
    unpricedCalls: report.unpricedCalls,
    errors: summary.errors,
    warnings: data.warnings.length,
  };
}

/** The line of a session whose file cannot be read: its id, `unreadable`, and why. */
export function unreadableRow(source: Pick<SessionSource, 'id'>, reason: string, warnings = 0): SessionRow {
  return {
    id: source.id,
    name: source.id,
    startMs: null,
    durationMs: null,
    state: 'unreadable',
    reason,
    tags: [],
    service: null,
    models: [],
    llmCalls: 0,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    unpricedCalls: 0,
    errors: 0,
    warnings,
  };
}

/** What free text is matched against without reading the session: id, name, tags, models, service, end reason. */
export function rowText(row: SessionRow): string {
  return [row.id, row.name, ...row.tags, ...row.models, row.service ?? '', row.reason ?? ''].join('\n').toLowerCase();
}
