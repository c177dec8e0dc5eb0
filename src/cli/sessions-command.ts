/** `agentsight sessions`: the sessions of the store, newest first, as a table or as JSON. */
import type { SessionFile } from '../store/reader';
import { noSessionsMessage, type CommandContext } from './context';
import { EXIT_OK } from './errors';
import { buildReport, type SessionReport } from './session-report';
import { colorState } from './state';
import { listFiles, tryReadSession } from './store-access';
import { renderTable, type Column } from './table';
import { formatCost, formatCount, formatDuration, formatLocalTime, truncate, uniquePrefixLength } from './values';

export interface SessionsOptions {
  /** How many sessions to show; 0 for all. */
  limit: number;
  json: boolean;
}

type Row = { file: SessionFile; report: SessionReport } | { file: SessionFile; error: string };

export function sessionsCommand(ctx: CommandContext, options: SessionsOptions): number {
  const files = listFiles(ctx.dir);
  const shownFiles = options.limit === 0 ? files : files.slice(0, options.limit);
  const rows: Row[] = shownFiles.map((file) => {
    const read = tryReadSession(file);
    if (!read.ok) {
      ctx.warn(read.message);
      return { file, error: read.message };
    }
    for (const warning of read.data.warnings) ctx.warn(warning);
    return { file, report: buildReport(read.data, ctx.nowMs) };
  });

  if (options.json) {
    const json = {
      dir: ctx.dir,
      total: files.length,
      shown: rows.length,
      sessions: rows.map((row) =>
        'report' in row ? sessionJson(row.report) : { id: row.file.id, file: row.file.file, state: 'unreadable', error: row.error },
      ),
    };
    ctx.out(`${JSON.stringify(json, null, 2)}\n`);
    return EXIT_OK;
  }

  if (files.length === 0) {
    ctx.out(`${noSessionsMessage(ctx.dir)}\n`);
    return EXIT_OK;
  }
  ctx.out(`${renderSessionsTable(rows, files, ctx).join('\n')}\n`);
  return EXIT_OK;
}

const COLUMNS: Column[] = [
  { header: 'ID' },
  { header: 'NAME' },
  { header: 'START' },
  { header: 'DURATION', align: 'right' },
  { header: 'STATE' },
  { header: 'LLM', align: 'right' },
  { header: 'TOKENS IN/OUT', align: 'right' },
  { header: 'COST', align: 'right' },
  { header: 'ERRORS', align: 'right' },
];

export function renderSessionsTable(rows: readonly Row[], allFiles: readonly SessionFile[], ctx: Pick<CommandContext, 'style'>): string[] {
  const { style } = ctx;
  const idLength = uniquePrefixLength(
    rows.map((r) => r.file.id),
    allFiles.map((f) => f.id),
  );
  let anyUnpriced = false;
  const cells = rows.map((row) => {
    const id = style.dim(row.file.id.slice(0, idLength));
    if (!('report' in row)) return [id, '?', '-', '-', colorState('unreadable', style), '-', '-', '-', '-'];
    const { report } = row;
    const s = report.summary;
    if (report.unpricedCalls > 0) anyUnpriced = true;
    return [
      id,
      truncate(report.overview.name, 28),
      formatLocalTime(report.overview.startMs),
      formatDuration(report.durationMs),
      colorState(report.overview.status, style),
      formatCount(s.llmCalls),
      `${formatCount(s.usage.input)}/${formatCount(s.usage.output)}`,
      formatCost(s.costUsd, s.llmCalls - report.unpricedCalls, report.unpricedCalls),
      s.errors > 0 ? style.red(formatCount(s.errors)) : '0',
    ];
  });
  const lines = renderTable(COLUMNS, cells, style);
  const notes: string[] = [];
  const more = allFiles.length - rows.length;
  if (more > 0) {
    notes.push(
      `${formatCount(more)} more ${more === 1 ? 'session' : 'sessions'} not shown (${formatCount(allFiles.length)} in all; --limit 0 lists them all)`,
    );
  }
  if (anyUnpriced) notes.push('+? some LLM calls have no known price (their model is not in the price table)');
  if (notes.length > 0) lines.push('', ...notes.map((n) => style.dim(n)));
  return lines;
}

/** One session for `--json`: full id, exact numbers, times as epoch milliseconds and ISO (UTC). */
export function sessionJson(report: SessionReport): Record<string, unknown> {
  const { data, overview: ov, summary } = report;
  const start = data.start;
  return {
    id: data.id,
    name: ov.name,
    tags: start?.tags ?? [],
    service: start?.serviceName ?? null,
    pid: start?.pid ?? null,
    hostname: start?.hostname ?? null,
    auto: start?.auto ?? null,
    startMs: ov.startMs ?? null,
    start: ov.startMs === undefined ? null : new Date(ov.startMs).toISOString(),
    endMs: data.end?.endMs ?? null,
    durationMs: report.durationMs ?? null,
    state: ov.status,
    reason: ov.reason ?? null,
    llmCalls: summary.llmCalls,
    toolCalls: summary.toolCalls,
    actions: summary.actions,
    errors: summary.errors,
    usage: summary.usage,
    costUsd: summary.costUsd,
    unpricedCalls: report.unpricedCalls,
    byModel: summary.byModel,
    summarySource: report.summarySource,
    file: data.file,
    parts: data.parts.map((p) => ({
      file: p.file,
      pid: p.start?.pid ?? null,
      hostname: p.start?.hostname ?? null,
      service: p.start?.serviceName ?? null,
    })),
    warnings: data.warnings,
  };
}
