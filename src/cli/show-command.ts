/** `agentsight show <id-or-prefix>`: one session, as text (header, span tree, totals) or JSON. */
import { findSession, type SessionFile } from '../store/reader';
import type { SpanRecord } from '../store/format';
import { noSessionsMessage, type CommandContext } from './context';
import { CliError, EXIT_OK } from './errors';
import { buildReport, type SessionReport } from './session-report';
import { buildSpanTree, type SpanNode } from './span-tree';
import { renderShow } from './show-render';
import { listFiles, tryReadSession } from './store-access';
import { formatLocalTime, truncate } from './values';

export interface ShowOptions {
  id: string;
  json: boolean;
}

/** How many candidates an ambiguous prefix lists. */
const MAX_CANDIDATES = 10;

export function showCommand(ctx: CommandContext, options: ShowOptions): number {
  const file = lookup(ctx, options.id);
  const read = tryReadSession(file);
  if (!read.ok) throw new CliError(read.message);
  for (const warning of read.data.warnings) ctx.warn(warning);
  const report = buildReport(read.data, ctx.nowMs);
  if (options.json) ctx.out(`${JSON.stringify(showJson(report), null, 2)}\n`);
  else ctx.out(`${renderShow(report, ctx.style).join('\n')}\n`);
  return EXIT_OK;
}

function lookup(ctx: CommandContext, id: string): SessionFile {
  const files = listFiles(ctx.dir);
  if (files.length === 0) throw new CliError(noSessionsMessage(ctx.dir));
  const result = findSession(ctx.dir, id);
  if (result.kind === 'found') return result.file;
  if (result.kind === 'none') {
    throw new CliError(`no session in ${ctx.dir} has an id starting with "${id}"; \`agentsight sessions\` lists them`);
  }
  const seen = new Set<string>();
  const unique = result.matches.filter((m) => !seen.has(m.id) && seen.add(m.id));
  const lines = unique.slice(0, MAX_CANDIDATES).map((m) => `  ${m.id}  ${describeCandidate(m)}`);
  if (unique.length > MAX_CANDIDATES) lines.push(`  ... and ${unique.length - MAX_CANDIDATES} more`);
  throw new CliError(
    `"${id}" is ambiguous: ${unique.length} sessions in ${ctx.dir} start with it; give more of the id:\n${lines.join('\n')}`,
  );
}

/** `2026-11-25 23:35:47  support-bot` for a candidate of an ambiguous prefix. */
function describeCandidate(file: SessionFile): string {
  const read = tryReadSession(file);
  if (!read.ok) return '(unreadable)';
  const start = read.data.start;
  return `${formatLocalTime(start?.startMs)}  ${truncate(start?.name ?? '?', 40)}`;
}

type JsonNode = (SpanRecord & { children: JsonNode[] }) | { spanId: string; missing: true; children: JsonNode[] };

/** The parsed session for `--json`: its records, the summary, the spans as a tree and the log records. */
export function showJson(report: SessionReport): Record<string, unknown> {
  const { data, overview: ov } = report;
  const toJson = (node: SpanNode): JsonNode =>
    node.span
      ? { ...node.span, children: node.children.map(toJson) }
      : { spanId: node.spanId, missing: true, children: node.children.map(toJson) };
  return {
    id: data.id,
    file: data.file,
    state: ov.status,
    reason: ov.reason ?? null,
    startMs: ov.startMs ?? null,
    durationMs: report.durationMs ?? null,
    start: data.start ?? null,
    end: data.end ?? null,
    parts: data.parts.map((p) => ({ file: p.file, start: p.start ?? null, end: p.end ?? null, spanIds: p.spans.map((s) => s.spanId) })),
    summary: report.summary,
    summarySource: report.summarySource,
    unpricedCalls: report.unpricedCalls,
    byModel: report.byModel,
    byAgent: report.byAgent.map((a) => ({ ...a, agent: a.agent ?? null })),
    spans: buildSpanTree(data.spans).map(toJson),
    logs: data.logs,
    warnings: data.warnings,
  };
}
