/**
 * The session page's data: the CLI's report (state, totals per model and per agent), every span as
 * the viewer shows it, and the timeline: spans in tree order, each log record under the span it was
 * written in, among that span's children by time.
 */
import { buildReport } from '../cli/session-report';
import { buildSpanTree, type SpanNode } from '../cli/span-tree';
import type { LogRecordRecord } from '../store/format';
import type { SessionData } from '../store/reader';
import type { LogView, SessionView, SpanView, TimelineRow } from './api-types';
import { missingSpanView, spanView } from './span-view';

export function sessionView(data: SessionData, nowMs: number, version: number): SessionView {
  const report = buildReport(data, nowMs);
  const { overview: ov, summary } = report;
  const start = data.start;
  const logs = data.logs.map(logView);
  const { spans, timeline } = layOut(buildSpanTree(data.spans), data.logs);
  return {
    id: data.id,
    name: ov.name,
    state: ov.status,
    reason: ov.reason ?? null,
    startMs: ov.startMs ?? null,
    endMs: data.end?.endMs ?? null,
    durationMs: report.durationMs ?? null,
    tags: start?.tags ?? [],
    service: start?.serviceName || null,
    process: start ? { pid: start.pid, hostname: start.hostname } : null,
    auto: start?.auto === true,
    files: [data.file],
    totals: {
      llmCalls: summary.llmCalls,
      toolCalls: summary.toolCalls,
      actions: summary.actions,
      errors: summary.errors,
      usage: summary.usage,
      costUsd: summary.costUsd,
      unpricedCalls: report.unpricedCalls,
    },
    summarySource: report.summarySource,
    byModel: report.byModel,
    byAgent: report.byAgent.map((a) => ({ ...a, agent: a.agent ?? null })),
    spans,
    logs,
    timeline,
    warnings: data.warnings,
    version,
  };
}

function logView(log: LogRecordRecord): LogView {
  return {
    timeMs: log.timeMs,
    severity: typeof log.severityText === 'string' && log.severityText !== '' ? log.severityText : 'LOG',
    severityNumber: typeof log.severityNumber === 'number' ? log.severityNumber : 0,
    body: typeof log.body === 'string' ? log.body : JSON.stringify(log.body),
    spanId: typeof log.spanId === 'string' ? log.spanId : null,
  };
}

type Entry = { kind: 'span'; node: SpanNode; at: number } | { kind: 'log'; index: number; at: number };

/** Spans depth first (children by start), logs among the children of their span by time. */
function layOut(roots: SpanNode[], logs: readonly LogRecordRecord[]): { spans: SpanView[]; timeline: TimelineRow[] } {
  const spans: SpanView[] = [];
  const timeline: TimelineRow[] = [];
  const spanIds = new Set<string>();
  const collect = (node: SpanNode, seen: Set<SpanNode>): void => {
    if (seen.has(node)) return;
    seen.add(node);
    spanIds.add(node.spanId);
    for (const child of node.children) collect(child, seen);
  };
  const seenForIds = new Set<SpanNode>();
  for (const root of roots) collect(root, seenForIds);

  // Logs by the span they were written in; those of no known span under the session's span (the one root), else at the top.
  const home = roots.length === 1 && roots[0]!.span ? roots[0]!.spanId : undefined;
  const logsBySpan = new Map<string | undefined, number[]>();
  logs.forEach((log, index) => {
    const key = log.spanId !== undefined && spanIds.has(log.spanId) ? log.spanId : home;
    const list = logsBySpan.get(key) ?? [];
    list.push(index);
    logsBySpan.set(key, list);
  });
  const logTime = (index: number): number => logs[index]?.timeMs ?? 0;

  const seen = new Set<SpanNode>();
  const place = (entries: Entry[], depth: number): void => {
    // A stable sort keeps the tree's own order for spans that start together, and a log after a span that starts with it.
    entries.sort((a, b) => a.at - b.at || 0);
    for (const entry of entries) {
      if (entry.kind === 'log') {
        timeline.push({ type: 'log', index: entry.index, depth });
        continue;
      }
      const node = entry.node;
      if (seen.has(node)) continue;
      seen.add(node);
      spans.push(node.span ? spanView(node.span) : placeholder(node));
      timeline.push({ type: 'span', spanId: node.spanId, depth });
      place(children(node), depth + 1);
    }
  };
  const children = (node: SpanNode): Entry[] => [
    ...node.children.map((child): Entry => ({ kind: 'span', node: child, at: startOf(child) })),
    ...(logsBySpan.get(node.spanId) ?? []).map((index): Entry => ({ kind: 'log', index, at: logTime(index) })),
  ];
  place(
    [
      ...roots.map((node): Entry => ({ kind: 'span', node, at: startOf(node) })),
      ...(logsBySpan.get(undefined) ?? []).map((index): Entry => ({ kind: 'log', index, at: logTime(index) })),
    ],
    0,
  );
  return { spans, timeline };
}

/** A parent that is not in the store spans the time of what hangs under it. */
function placeholder(node: SpanNode): SpanView {
  const times = node.children.filter((c) => c.span).map((c) => c.span!);
  const start = Math.min(...times.map((s) => s.startMs));
  const end = Math.max(...times.map((s) => s.endMs));
  return missingSpanView(node.spanId, Number.isFinite(start) ? start : 0, Number.isFinite(end) ? end : 0);
}

function startOf(node: SpanNode): number {
  if (node.span) return node.span.startMs;
  const starts = node.children.filter((c) => c.span).map((c) => c.span!.startMs);
  return starts.length > 0 ? Math.min(...starts) : Number.POSITIVE_INFINITY;
}
