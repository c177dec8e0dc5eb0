/**
 * The session's timeline: one row per span in tree order, its bar placed on the session's time
 * axis (hand-written SVG), colored by what the span is; errors in red, a delegation's wait for its
 * target hatched grey (waiting is not failing); log records as ticks among the spans they were
 * written in. A row is a button: click or Enter selects it, the arrow keys move.
 */
import { useMemo } from 'preact/hooks';
import type { LogView, SessionView, SpanCategory, SpanView } from '../../src/ui/api-types';
import { CATEGORY_TEXT, formatCost, formatCount, formatDuration } from '../format';

export interface WaterfallProps {
  view: SessionView;
  selected: string | null;
  onSelect: (spanId: string) => void;
  nowMs: number;
  showLogs: boolean;
}

const LEGEND: SpanCategory[] = ['session', 'agent', 'llm', 'tool', 'mcp', 'delegation', 'action', 'error'];
const NICE_STEPS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 15e3, 3e4, 6e4, 12e4, 3e5, 6e5, 9e5, 18e5, 36e5, 72e5, 144e5, 864e5,
];

/** The time the axis covers: first start to last end (to now while the session runs). */
export function timeRange(view: SessionView, nowMs: number): { t0: number; t1: number } {
  let t0 = view.startMs ?? Number.POSITIVE_INFINITY;
  let t1 = view.endMs ?? Number.NEGATIVE_INFINITY;
  for (const s of view.spans) {
    if (s.missing) continue;
    t0 = Math.min(t0, s.startMs);
    t1 = Math.max(t1, s.endMs);
  }
  for (const l of view.logs) {
    t0 = Math.min(t0, l.timeMs);
    t1 = Math.max(t1, l.timeMs);
  }
  if (view.state === 'running') t1 = Math.max(t1, nowMs);
  if (!Number.isFinite(t0)) t0 = 0;
  if (!Number.isFinite(t1) || t1 <= t0) t1 = t0 + 1;
  return { t0, t1 };
}

function ticks(total: number): number[] {
  const step = NICE_STEPS.find((s) => s >= total / 6) ?? NICE_STEPS[NICE_STEPS.length - 1]!;
  const out: number[] = [];
  for (let t = 0; t <= total + 1e-9; t += step) out.push(t);
  return out;
}

export function Waterfall({ view, selected, onSelect, nowMs, showLogs }: WaterfallProps) {
  const spans = useMemo(() => new Map(view.spans.map((s) => [s.spanId, s])), [view]);
  const { t0, t1 } = timeRange(view, nowMs);
  const total = t1 - t0;
  const pct = (t: number): number => Math.min(100, Math.max(0, ((t - t0) / total) * 100));
  const rows = view.timeline.filter((r) => showLogs || r.type === 'span');
  const order = rows.filter((r) => r.type === 'span').map((r) => (r.type === 'span' ? r.spanId : ''));

  // Enter and space select (the row is a button); the arrow keys move the selection.
  const onKey = (e: KeyboardEvent, spanId: string): void => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const next = order[order.indexOf(spanId) + (e.key === 'ArrowDown' ? 1 : -1)];
    if (next === undefined) return;
    onSelect(next);
    const row = (e.currentTarget as HTMLElement).parentElement?.querySelector<HTMLElement>(`[data-span-id="${next}"]`);
    row?.focus();
  };

  return (
    <section class="waterfall" aria-label="timeline">
      <svg class="svg-defs" width="0" height="0" aria-hidden="true" focusable="false">
        <defs>
          <pattern id="wf-hatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
            <rect width="6" height="6" class="hatch-bg" />
            <rect width="2.5" height="6" class="hatch-line" />
          </pattern>
        </defs>
      </svg>
      <div class="wf-legend">
        {LEGEND.map((c) => (
          <span key={c} class={`legend-item cat-${c}`}>
            <i class="swatch" />
            {CATEGORY_TEXT[c]}
          </span>
        ))}
        <span class="legend-item legend-wait">
          <i class="swatch" />
          waiting on a delegate
        </span>
        <span class="legend-item legend-log">
          <i class="swatch" />
          log
        </span>
      </div>
      <div class="wf-row wf-axis" aria-hidden="true">
        <div class="wf-label">span</div>
        <div class="wf-dur">duration</div>
        <div class="wf-track">
          {ticks(total).map((t) => (
            <span key={t} class={`wf-tick${t / total > 0.9 ? ' wf-tick-end' : ''}`} style={{ left: `${(t / total) * 100}%` }}>
              {formatDuration(t)}
            </span>
          ))}
        </div>
      </div>
      {rows.map((row) => {
        if (row.type === 'log') {
          const log = view.logs[row.index];
          return log ? <LogRow key={`log-${row.index}`} log={log} depth={row.depth} x={pct(log.timeMs)} /> : null;
        }
        const span = spans.get(row.spanId);
        if (!span) return null;
        const inFlight = span.delegation?.state === 'in_flight';
        const x0 = pct(span.startMs);
        const x1 = inFlight ? 100 : pct(span.endMs);
        return (
          <button
            type="button"
            key={span.spanId}
            class={`wf-row wf-span cat-${span.category}${span.spanId === selected ? ' selected' : ''}${errorClass(span)}${span.missing ? ' missing' : ''}`}
            data-span-id={span.spanId}
            data-category={span.category}
            aria-pressed={span.spanId === selected}
            onClick={() => onSelect(span.spanId)}
            onKeyDown={(e) => onKey(e, span.spanId)}
          >
            <span class="wf-label" style={{ paddingLeft: `${row.depth * 14 + 6}px` }} title={span.name}>
              <span class={`kind kind-${span.category}`}>{CATEGORY_TEXT[span.category]}</span>
              <span class="wf-name">{span.missing ? `(not written) ${span.name}` : span.name}</span>
              {span.status === 'error' ? (
                <span class="wf-err" title={span.ownError ? 'error here' : 'error raised inside'}>
                  ✗
                </span>
              ) : null}
            </span>
            <span class="wf-dur">{span.missing ? '' : formatDuration(span.endMs - span.startMs)}</span>
            <span class="wf-track">
              <svg width="100%" height="100%" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                <Bar span={span} x0={x0} x1={x1} />
              </svg>
              <BarNote span={span} x0={x0} x1={x1} />
            </span>
          </button>
        );
      })}
    </section>
  );
}

function errorClass(span: SpanView): string {
  if (span.status !== 'error') return '';
  return span.ownError ? ' error-own' : ' error-passed';
}

function Bar({ span, x0, x1 }: { span: SpanView; x0: number; x1: number }) {
  const width = Math.max(0.25, x1 - x0);
  if (span.missing) return <rect x={`${x0}%`} y="30%" width={`${width}%`} height="40%" class="bar bar-missing" />;
  if (span.category === 'delegation') {
    return (
      <>
        <rect x={`${x0}%`} y="20%" width={`${width}%`} height="60%" class="bar-wait" />
        <rect x={`${x0}%`} y="20%" width={`${width}%`} height="60%" class={`bar-wait-edge deleg-${span.delegation?.state ?? 'unknown'}`} />
      </>
    );
  }
  return <rect x={`${x0}%`} y="20%" width={`${width}%`} height="60%" rx="2" class="bar" />;
}

/** A few words next to the bar: the model, tokens and cost of an LLM call; who a delegation waits on. */
function BarNote({ span, x0, x1 }: { span: SpanView; x0: number; x1: number }) {
  const text = noteText(span);
  if (!text) return null;
  // On the side of the bar with more room, cut to fit.
  const style =
    100 - x1 >= x0
      ? { left: `calc(${x1}% + 6px)`, maxWidth: `calc(${100 - x1}% - 6px)` }
      : { right: `calc(${100 - x0}% + 6px)`, maxWidth: `calc(${x0}% - 6px)` };
  return (
    <span class={`wf-note${span.category === 'delegation' ? ' wf-note-wait' : ''}`} style={style} title={text}>
      {text}
    </span>
  );
}

function noteText(span: SpanView): string | null {
  if (span.delegation) {
    const target = span.delegation.target ?? 'its delegate';
    switch (span.delegation.state) {
      case 'in_flight':
        return `waiting on ${target}`;
      case 'completed':
        return `waited on ${target} · completed`;
      case 'failed':
        return `waited on ${target} · failed`;
      case 'abandoned':
        return `waited on ${target} · abandoned`;
      default:
        return `delegated to ${target}`;
    }
  }
  if (span.llm) {
    const model = span.llm.responseModel ?? span.llm.requestModel ?? '';
    const usage = span.llm.usage ? ` · ${formatCount(span.llm.usage.input)}/${formatCount(span.llm.usage.output)}` : '';
    const cost = span.llm.costUsd !== null ? ` · ${formatCost(span.llm.costUsd, 1, 0)}` : span.llm.unpriced ? ' · $?' : '';
    return `${model}${usage}${cost}`;
  }
  if (span.status === 'error' && span.ownError) return `${span.errorType ?? 'error'}${span.statusMessage ? `: ${span.statusMessage}` : ''}`;
  if (span.mcpMethod) return span.mcpMethod;
  return null;
}

function LogRow({ log, depth, x }: { log: LogView; depth: number; x: number }) {
  const level = log.severityNumber >= 17 ? 'error' : log.severityNumber >= 13 ? 'warn' : 'info';
  return (
    <div class={`wf-row wf-log sev-${level}`} data-log-severity={log.severity}>
      <div class="wf-label" style={{ paddingLeft: `${depth * 14 + 6}px` }} title={log.body}>
        <span class="kind kind-log">{log.severity.toLowerCase()}</span>
        <span class="wf-name wf-log-body">{log.body}</span>
      </div>
      <div class="wf-dur" />
      <div class="wf-track">
        <span class="wf-log-tick" style={{ left: `${x}%` }} />
      </div>
    </div>
  );
}
