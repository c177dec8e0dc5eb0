/**
 * The text of `agentsight show`: the session header, the span tree (Unicode box drawing) with the
 * session's log records interleaved in time order under the span they were written in, then the
 * totals in all, per model and per agent. Pure: the same report, style and time give the same
 * lines.
 */
import {
  ATTR_AGENTSIGHT_DELEGATION_STATE,
  ATTR_AGENTSIGHT_DELEGATION_UNVERIFIED_REASON,
  ATTR_AGENTSIGHT_DELEGATION_VERIFIED,
  ATTR_AGENTSIGHT_BUDGET_SPENT_USD,
  ATTR_AGENTSIGHT_BUDGET_USD,
  ATTR_AGENTSIGHT_ENDED_BY,
  ATTR_AGENTSIGHT_ERROR_PROPAGATED,
  ATTR_ERROR_TYPE,
  EVENT_BUDGET_EXCEEDED,
  SPAN_KIND,
} from '../semconv';
import type { Rollup } from '../accounting/rollup';
import {
  accountedModel,
  costUsdFromAttributes,
  isUnpriced,
  rollupFromAttributes,
  usageFromAttributes,
} from '../accounting/span-attributes';
import type { Usage } from '../accounting/usage';
import { nonEmptyStr, num } from '../json-values';
import type { LogRecordRecord, SpanRecord } from '../store/format';
import { spanWriters, type SpanWriter } from '../store/reader';
import { summarizeSpans } from '../store/summary';
import type { SessionReport } from './session-report';
import { attrs, isCountedLlmCall, spanKind } from './span-facts';
import { buildSpanTree, walk, type SpanNode } from './span-tree';
import { colorState } from './state';
import type { Style } from './style';
import { renderTable, type Column } from './table';
import { formatCost, formatCount, formatDuration, formatLocalTime, formatUsd, formatUtcOffset, oneLine, plural } from './values';

export function renderShow(report: SessionReport, style: Style): string[] {
  return [...renderHeader(report, style), '', ...renderTree(report, style), '', ...renderTotals(report, style)];
}

// ----------------------------------------------------------------------------------------------
// Header
// ----------------------------------------------------------------------------------------------

export function renderHeader(report: SessionReport, style: Style): string[] {
  const { data, overview: ov } = report;
  const start = data.start;
  const rows: [string, string][] = [
    ['name', ov.name + (start?.auto ? style.dim(' (automatic session)') : '')],
    ['tags', start && start.tags.length > 0 ? start.tags.join(', ') : style.dim('none')],
    ['service', start?.serviceName || style.dim('unknown')],
    ['process', start ? `pid ${start.pid} on ${start.hostname}` : style.dim('unknown (no start record)')],
    ...(data.parts.length > 0 ? [['parts', partsText(report)] as [string, string]] : []),
    ['started', ov.startMs === undefined ? '-' : `${formatLocalTime(ov.startMs, true)} ${formatUtcOffset(ov.startMs)}`],
    ['duration', durationText(report)],
    ['state', stateText(report, style)],
    ['file', style.dim(data.file)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return [style.bold(`session ${data.id}`), ...rows.map(([k, v]) => `  ${style.dim(k.padEnd(width))}  ${v}`)];
}

/** The other processes that worked on the session: `pid 4321 on vm (researcher), ...`. */
function partsText(report: SessionReport): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const part of report.data.parts) {
    const w = part.start;
    const text = w ? `pid ${w.pid} on ${w.hostname} (${w.serviceName})` : 'a process with no start record';
    if (seen.has(text)) continue;
    seen.add(text);
    parts.push(text);
  }
  return parts.join(', ');
}

function durationText(report: SessionReport): string {
  const d = formatDuration(report.durationMs);
  switch (report.overview.status) {
    case 'running':
      return `${d} so far`;
    case 'unfinished':
      return `${d} until its last written span`;
    default:
      return d;
  }
}

function stateText(report: SessionReport, style: Style): string {
  const ov = report.overview;
  const pid = report.data.start?.pid;
  switch (ov.status) {
    case 'running':
      return colorState('running', style) + style.dim(` (no end record yet; pid ${pid ?? '?'} is alive)`);
    case 'unfinished':
      return (
        colorState('unfinished', style) +
        style.dim(
          ` (no end record, and ${pid === undefined ? 'its process' : `pid ${pid}`} is not running here: it ended or crashed first)`,
        )
      );
    default:
      return colorState(ov.status, style) + (ov.reason ? `: ${oneLine(ov.reason, 200)}` : '');
  }
}

// ----------------------------------------------------------------------------------------------
// Span tree
// ----------------------------------------------------------------------------------------------

/** What the tree needs besides the report: which process wrote each span, and the log records. */
interface TreeContext {
  style: Style;
  report: SessionReport;
  writers: Map<string, SpanWriter | undefined>;
  /** The session's log records, by the span they were written in. */
  logs: ReadonlyMap<string, LogRecordRecord[]>;
}

const writerKey = (w: SpanWriter | undefined): string => (w ? `${w.pid}@${w.hostname}` : '?');

export function renderTree(report: SessionReport, style: Style): string[] {
  const roots = buildSpanTree(report.data.spans);
  const lines: string[] = [];
  const tree: TreeContext = { style, report, writers: spanWriters(report.data), logs: logsBySpan(report, roots) };
  const origin = report.data.start;
  const only = roots.length === 1 ? roots[0] : undefined;
  if (only?.span && spanKind(only.span) === SPAN_KIND.SESSION) {
    lines.push(spanLine(only, style, report));
    renderChildren(only, '', lines, tree, origin);
    return lines;
  }
  // No single root span of the session in the store (it is written last): stand in for it.
  const missing = report.overview.status === 'running' ? 'still open' : report.data.end ? 'not in the store' : 'never written';
  const rollup = report.summary;
  lines.push(
    `${marker(SPAN_KIND.SESSION, style)} ${style.bold(`session ${report.overview.name}`)}  ${style.dim(`(root span ${missing})`)}` +
      details([rollupText(rollup, report.unpricedCalls, style)]),
  );
  renderChildren({ span: undefined, spanId: STAND_IN, children: roots }, '', lines, tree, origin);
  return lines;
}

/** The key of the stand-in root's log records. */
const STAND_IN = '';

/**
 * Each span's log records, by span id, in time order (the order written for equal times). A
 * record whose span is not in the tree goes under the session's span, or the stand-in root.
 */
function logsBySpan(report: SessionReport, roots: readonly SpanNode[]): Map<string, LogRecordRecord[]> {
  const known = new Set<string>();
  // A placeholder (a parent still open, or never written) takes the records written in it too.
  for (const root of roots) for (const node of walk(root)) known.add(node.spanId);
  const only = roots.length === 1 ? roots[0] : undefined;
  const top = only?.span && spanKind(only.span) === SPAN_KIND.SESSION ? only.spanId : STAND_IN;
  const bySpan = new Map<string, LogRecordRecord[]>();
  const sorted = [...report.data.logs].sort((a, b) => a.timeMs - b.timeMs);
  for (const record of sorted) {
    const key = record.spanId !== undefined && known.has(record.spanId) ? record.spanId : top;
    let list = bySpan.get(key);
    if (!list) {
      list = [];
      bySpan.set(key, list);
    }
    list.push(record);
  }
  return bySpan;
}

type TreeItem = { node: SpanNode } | { record: LogRecordRecord };

/** A node's children and log records, merged by time (a record goes before a span that starts after it). */
function itemsOf(parent: SpanNode, logs: ReadonlyMap<string, LogRecordRecord[]>): TreeItem[] {
  const records = logs.get(parent.spanId) ?? [];
  const items: TreeItem[] = [];
  let r = 0;
  for (const node of parent.children) {
    const start = node.span?.startMs ?? Number.POSITIVE_INFINITY;
    while (r < records.length && records[r]!.timeMs < start) items.push({ record: records[r++]! });
    items.push({ node });
  }
  while (r < records.length) items.push({ record: records[r++]! });
  return items;
}

/**
 * A node's children and log records, in time order; where the process that wrote a span is not its
 * parent's, the line says which process did that part of the session.
 */
function renderChildren(parent: SpanNode, prefix: string, lines: string[], tree: TreeContext, parentWriter: SpanWriter | undefined): void {
  const { style, report, logs } = tree;
  const items = itemsOf(parent, logs);
  items.forEach((item, i) => {
    const last = i === items.length - 1;
    const branch = prefix + style.dim(last ? '└─ ' : '├─ ');
    if ('record' in item) {
      lines.push(branch + logLine(item.record, style, report));
      return;
    }
    const child = item.node;
    const writer = child.span ? tree.writers.get(child.spanId) : parentWriter;
    const moved = child.span !== undefined && writerKey(writer) !== writerKey(parentWriter);
    lines.push(branch + spanLine(child, style, report) + (moved ? `  ${processText(writer, style)}` : ''));
    renderChildren(child, prefix + style.dim(last ? '   ' : '│  '), lines, tree, writer);
  });
}

/** `⇢ researcher pid 4321@vm`: the process that wrote this part of the session. */
function processText(writer: SpanWriter | undefined, style: Style): string {
  return style.cyan(writer ? `⇢ ${writer.serviceName} pid ${writer.pid}@${writer.hostname}` : '⇢ another process');
}

function severityText(record: LogRecordRecord, style: Style): string {
  const n = record.severityNumber;
  const text = record.severityText || (n >= 17 ? 'ERROR' : n >= 13 ? 'WARN' : n >= 9 ? 'INFO' : n >= 5 ? 'DEBUG' : 'TRACE');
  if (n >= 17) return style.red(text);
  if (n >= 13) return style.yellow(text);
  if (n >= 9) return text;
  return style.dim(text);
}

/** `[log] +1.35s WARN retrying the search (+2 lines)`: time since the session started, severity, first line of the body. */
function logLine(record: LogRecordRecord, style: Style, report: SessionReport): string {
  // The session span's start is on the records' clock; the start record's is the wall clock.
  const root = report.data.spans.find((s) => s.parentSpanId === undefined && spanKind(s) === SPAN_KIND.SESSION);
  const start = root?.startMs ?? report.overview.startMs;
  const at = start === undefined ? '' : `${style.dim(`+${formatDuration(record.timeMs - start)}`)} `;
  const body = typeof record.body === 'string' ? record.body : String(record.body);
  const more = body.split(/\r?\n/).filter((l) => l.trim() !== '').length - 1;
  return (
    `${marker('log', style)} ${at}${severityText(record, style)} ${oneLine(body, 160)}` +
    (more > 0 ? style.dim(` (+${plural(more, 'line')})`) : '')
  );
}

function marker(kind: string, style: Style): string {
  const text = `[${kind}]`;
  switch (kind) {
    case SPAN_KIND.SESSION:
      return style.bold(text);
    case SPAN_KIND.AGENT:
      return style.blue(text);
    case SPAN_KIND.TOOL:
      return style.yellow(text);
    case SPAN_KIND.LLM:
      return style.magenta(text);
    case SPAN_KIND.ERROR:
      return style.red(text);
    default:
      return style.dim(text);
  }
}

function details(parts: readonly (string | undefined)[]): string {
  const kept = parts.filter((p): p is string => p !== undefined && p !== '');
  return kept.length === 0 ? '' : `  ${kept.join('  ')}`;
}

function spanLine(node: SpanNode, style: Style, report: SessionReport): string {
  const span = node.span;
  if (!span) {
    const why = report.overview.status === 'running' ? 'still open' : 'never written';
    return `${marker('open', style)} ${style.dim(`span ${node.spanId} (${why})`)}`;
  }
  const kind = spanKind(span) ?? String(span.kind ?? 'span').toLowerCase();
  const parts: (string | undefined)[] = [style.dim(formatDuration(span.endMs - span.startMs))];
  if (kind === SPAN_KIND.LLM) parts.push(llmText(span, style));
  if (kind === SPAN_KIND.AGENT || kind === SPAN_KIND.SESSION) {
    const rollup = rollupFromAttributes(attrs(span)) ?? rollupFromSubtree(node);
    parts.push(rollupText(rollup, unpricedIn(node), style));
  }
  if (kind === SPAN_KIND.DELEGATION) parts.push(delegationText(span, style));
  parts.push(errorText(span, style), endedByText(span, style), ...budgetTexts(span, style));
  const name = kind === SPAN_KIND.SESSION || kind === SPAN_KIND.AGENT ? style.bold(span.name) : span.name;
  return `${marker(kind, style)} ${name}${details(parts)}`;
}

function tokensText(usage: Usage): string {
  const inExtra = [
    usage.cacheRead > 0 ? `${formatCount(usage.cacheRead)} cached` : undefined,
    usage.cacheCreation > 0 ? `${formatCount(usage.cacheCreation)} cache write` : undefined,
  ].filter(Boolean);
  const outExtra = usage.reasoning > 0 ? ` (${formatCount(usage.reasoning)} reasoning)` : '';
  return `in ${formatCount(usage.input)}${inExtra.length > 0 ? ` (${inExtra.join(', ')})` : ''} / out ${formatCount(usage.output)}${outExtra}`;
}

function llmText(span: SpanRecord, style: Style): string {
  const a = attrs(span);
  const model = accountedModel(a);
  const usage = usageFromAttributes(a);
  const parts = [style.cyan(model)];
  if (usage) parts.push(tokensText(usage));
  else parts.push(style.dim('no usage reported'));
  const cost = costUsdFromAttributes(a);
  if (isUnpriced(a)) parts.push(style.yellow(`cost ? (no price for ${model})`));
  else if (cost !== undefined) parts.push(formatUsd(cost));
  return parts.join(' · ');
}

function rollupText(rollup: Rollup, unpriced: number, style: Style): string {
  const parts = [plural(rollup.llmCalls, 'LLM call')];
  if (rollup.llmCalls > 0) {
    parts.push(tokensText(rollup.usage));
    parts.push(formatCost(rollup.costUsd, rollup.llmCalls - unpriced, unpriced));
  }
  if (rollup.errors > 0) parts.push(style.red(plural(rollup.errors, 'error')));
  return parts.join(' · ');
}

/** The roll-up of what ran below `node`, for a session or agent span that has none of its own. */
function rollupFromSubtree(node: SpanNode): Rollup {
  const below: SpanRecord[] = [];
  for (const n of walk(node)) if (n !== node && n.span) below.push(n.span);
  return summarizeSpans(below);
}

function unpricedIn(node: SpanNode): number {
  let count = 0;
  for (const n of walk(node)) if (n.span && isCountedLlmCall(n.span) && isUnpriced(attrs(n.span))) count++;
  return count;
}

function errorText(span: SpanRecord, style: Style): string | undefined {
  if (span.status?.code !== 'ERROR') return undefined;
  const a = attrs(span);
  const type = nonEmptyStr(a[ATTR_ERROR_TYPE]);
  if (a[ATTR_AGENTSIGHT_ERROR_PROPAGATED] === true) return style.red(`✗ ${type ?? 'error'} (raised inside)`);
  const message = span.status.message ? oneLine(span.status.message) : undefined;
  const text = [type, message].filter(Boolean).join(': ') || 'error';
  return style.red(`✗ ${text}`);
}

/** A delegation's state (`completed`, `in_flight`, ...), and on the receiving side whether its token checked out. */
function delegationText(span: SpanRecord, style: Style): string | undefined {
  const a = attrs(span);
  const texts: string[] = [];
  const state = nonEmptyStr(a[ATTR_AGENTSIGHT_DELEGATION_STATE]);
  if (state) texts.push(state === 'completed' ? style.green(state) : state === 'in_flight' ? style.cyan(state) : style.yellow(state));
  if (a[ATTR_AGENTSIGHT_DELEGATION_VERIFIED] === true) texts.push(style.green('✓ token verified'));
  if (a[ATTR_AGENTSIGHT_DELEGATION_VERIFIED] === false) {
    texts.push(style.red(`✗ token refused: ${nonEmptyStr(a[ATTR_AGENTSIGHT_DELEGATION_UNVERIFIED_REASON]) ?? 'unknown reason'}`));
  }
  for (const link of span.links ?? []) texts.push(style.dim(`↪ linked to ${link.traceId}/${link.spanId}`));
  return texts.length > 0 ? texts.join(' · ') : undefined;
}

function endedByText(span: SpanRecord, style: Style): string | undefined {
  const endedBy = nonEmptyStr(attrs(span)[ATTR_AGENTSIGHT_ENDED_BY]);
  return endedBy ? style.yellow(`⏹ ended by agentsight: ${endedBy}`) : undefined;
}

function budgetTexts(span: SpanRecord, style: Style): string[] {
  return (span.events ?? [])
    .filter((e) => e?.name === EVENT_BUDGET_EXCEEDED)
    .map((e) => {
      const budget = num(e.attributes?.[ATTR_AGENTSIGHT_BUDGET_USD]);
      const spent = num(e.attributes?.[ATTR_AGENTSIGHT_BUDGET_SPENT_USD]);
      return style.yellow(
        `⚠ budget ${budget === undefined ? '?' : formatUsd(budget)} exceeded (spent ${spent === undefined ? '?' : formatUsd(spent)})`,
      );
    });
}

// ----------------------------------------------------------------------------------------------
// Totals
// ----------------------------------------------------------------------------------------------

export function renderTotals(report: SessionReport, style: Style): string[] {
  const s = report.summary;
  const source =
    report.summarySource === 'end_record' ? '' : style.dim(' (rebuilt from the spans written so far: the session has no end record)');
  const failedCalls = report.byModel.reduce((n, m) => n + m.errors, 0);
  const u = s.usage;
  const lines = [
    style.bold('totals') + source,
    `  ${style.dim('LLM calls')}  ${formatCount(s.llmCalls)}${failedCalls > 0 ? ` (${formatCount(failedCalls)} failed)` : ''}` +
      ` · ${style.dim('errors')} ${s.errors > 0 ? style.red(formatCount(s.errors)) : '0'}` +
      ` · ${style.dim('tool calls')} ${formatCount(s.toolCalls)} · ${style.dim('actions')} ${formatCount(s.actions)}`,
    `  ${style.dim('tokens')}     input ${formatCount(u.input)} (cache read ${formatCount(u.cacheRead)}, cache write ${formatCount(u.cacheCreation)})` +
      ` · output ${formatCount(u.output)} (reasoning ${formatCount(u.reasoning)})`,
    `  ${style.dim('cost')}       ${costLine(report, style)}`,
  ];
  if (report.byModel.length > 0) lines.push('', ...modelTable(report, style));
  if (report.byAgent.some((a) => a.agent !== undefined)) lines.push('', ...agentTable(report, style));
  return lines;
}

function costLine(report: SessionReport, style: Style): string {
  const s = report.summary;
  const text = formatUsd(s.costUsd);
  if (report.unpricedCalls === 0) return text;
  const models = report.byModel.filter((m) => m.unpricedCalls > 0).map((m) => m.model);
  return `${text} ${style.yellow(`+ ${plural(report.unpricedCalls, 'call')} with no known price (${models.join(', ')})`)}`;
}

function modelTable(report: SessionReport, style: Style): string[] {
  const rows = report.byModel;
  const show = {
    cacheRead: rows.some((m) => m.usage.cacheRead > 0),
    cacheWrite: rows.some((m) => m.usage.cacheCreation > 0),
    reasoning: rows.some((m) => m.usage.reasoning > 0),
  };
  const columns: (Column & { cell: (m: (typeof rows)[number]) => string; when?: boolean })[] = [
    { header: 'model', cell: (m) => m.model },
    { header: 'calls', align: 'right', cell: (m) => formatCount(m.calls) },
    { header: 'errors', align: 'right', cell: (m) => (m.errors > 0 ? style.red(formatCount(m.errors)) : '0') },
    { header: 'input', align: 'right', cell: (m) => formatCount(m.usage.input) },
    { header: 'cache read', align: 'right', cell: (m) => formatCount(m.usage.cacheRead), when: show.cacheRead },
    { header: 'cache write', align: 'right', cell: (m) => formatCount(m.usage.cacheCreation), when: show.cacheWrite },
    { header: 'output', align: 'right', cell: (m) => formatCount(m.usage.output) },
    { header: 'reasoning', align: 'right', cell: (m) => formatCount(m.usage.reasoning), when: show.reasoning },
    { header: 'cost', align: 'right', cell: (m) => formatCost(m.costUsd, m.calls - m.unpricedCalls, m.unpricedCalls) },
  ];
  const kept = columns.filter((c) => c.when !== false);
  return renderTable(
    kept,
    rows.map((m) => kept.map((c) => c.cell(m))),
    style,
    '  ',
  );
}

function agentTable(report: SessionReport, style: Style): string[] {
  const columns: Column[] = [
    { header: 'agent (own LLM calls)' },
    { header: 'runs', align: 'right' },
    { header: 'calls', align: 'right' },
    { header: 'input', align: 'right' },
    { header: 'output', align: 'right' },
    { header: 'cost', align: 'right' },
  ];
  const rows = report.byAgent.map((a) => [
    a.agent ?? style.dim('(outside any agent)'),
    a.agent === undefined ? '-' : formatCount(a.runs),
    formatCount(a.calls),
    formatCount(a.usage.input),
    formatCount(a.usage.output),
    formatCost(a.costUsd, a.calls - a.unpricedCalls, a.unpricedCalls),
  ]);
  return renderTable(columns, rows, style, '  ');
}
