/**
 * One session: its header and totals, the timeline of its spans and logs, the selected span's
 * details (conversation, tokens, cost, time to first token), and cost and tokens per agent and per
 * model. A running session updates live.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { SessionView } from '../../src/ui/api-types';
import { ApiFailure, getJson, isAbort } from '../api';
import { BarChart, type Bar } from '../components/bar-chart';
import { Problem } from '../components/problem';
import { SpanDetails } from '../components/span-details';
import { StateBadge } from '../components/state-badge';
import { timeRange, Waterfall } from '../components/waterfall';
import { formatCost, formatCount, formatDuration, formatLocalTime, formatUsd } from '../format';
import { useLive, useTicker } from '../live';
import { navigate, sessionHref, sessionsHref } from '../route';

export function SessionPage({ id, span }: { id: string; span: string | null }) {
  const [view, setView] = useState<SessionView | null>(null);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [reload, setReload] = useState(0);
  const [now, setNow] = useState(Date.now());
  const [showLogs, setShowLogs] = useState(true);

  useEffect(() => {
    const ctrl = new AbortController();
    getJson<SessionView>(`/api/sessions/${encodeURIComponent(id)}`, ctrl.signal)
      .then((v) => {
        setView(v);
        setFailure(null);
        setNow(Date.now());
      })
      .catch((err: unknown) => {
        if (isAbort(err)) return;
        setFailure(err instanceof ApiFailure ? err : new ApiFailure(0, { error: 'internal', message: String(err) }));
      });
    return () => ctrl.abort();
  }, [id, reload]);
  useEffect(() => {
    // A new session starts unloaded, not with the last one's data.
    setView(null);
    setFailure(null);
  }, [id]);

  useLive(`/api/events?session=${encodeURIComponent(id)}`, (event) => {
    if (event === 'session') setReload((r) => r + 1);
  });
  useTicker(view?.state === 'running', () => setNow(Date.now()));

  const selected = useMemo(() => view?.spans.find((s) => s.spanId === span) ?? null, [view, span]);

  if (failure && (!view || failure.status !== 0)) {
    if (failure.status === 404) return <Problem title="No such session" message={failure.message} />;
    if (failure.body.error === 'unreadable')
      return <Problem title="This session cannot be shown" message={failure.message} details={failure.body.details} />;
    return <Problem title="Something went wrong" message={failure.message} details={failure.body.details} />;
  }
  if (!view || view.id !== id) return <p class="muted loading">Loading session…</p>;

  const { t0 } = timeRange(view, now);
  const duration = view.state === 'running' && view.startMs !== null ? now - view.startMs : view.durationMs;
  const totals = view.totals;
  return (
    <article class="session" data-session-id={view.id} data-state={view.state}>
      <nav class="crumbs">
        <a href={sessionsHref()}>Sessions</a> <span class="muted">/</span> {view.name}
      </nav>
      <header class="session-head">
        <h1>
          {view.name} <StateBadge state={view.state} />
          {view.state === 'running' ? <span class="live-dot" title="updates live" /> : null}
        </h1>
        {view.reason ? <p class={`reason${view.state === 'fail' ? ' error-text' : ''}`}>{view.reason}</p> : null}
        <p class="meta">
          <code class="id">{view.id}</code>
          <span>started {formatLocalTime(view.startMs ?? undefined)}</span>
          <span>
            {formatDuration(duration ?? undefined)}
            {view.state === 'running' ? ' so far' : ''}
          </span>
          {view.service ? <span>service {view.service}</span> : null}
          {view.process ? (
            <span>
              pid {view.process.pid} on {view.process.hostname}
            </span>
          ) : null}
          {view.auto ? <span>automatic session</span> : null}
          {view.tags.map((t) => (
            <span key={t} class="tag">
              {t}
            </span>
          ))}
        </p>
      </header>
      <div class="cards">
        <Card label="LLM calls" value={formatCount(totals.llmCalls)} />
        <Card
          label="tokens in / out"
          value={`${formatCount(totals.usage.input)} / ${formatCount(totals.usage.output)}`}
          note={totals.usage.cacheRead > 0 ? `${formatCount(totals.usage.cacheRead)} cached` : undefined}
        />
        <Card
          label="cost"
          value={formatCost(totals.costUsd, totals.llmCalls - totals.unpricedCalls, totals.unpricedCalls)}
          note={totals.unpricedCalls > 0 ? `${totals.unpricedCalls} with no known price` : undefined}
        />
        <Card label="tool calls" value={formatCount(totals.toolCalls)} />
        <Card label="errors" value={formatCount(totals.errors)} alarm={totals.errors > 0} />
      </div>
      {view.summarySource === 'spans' ? (
        <p class="notice">No end record yet: the totals are rebuilt from the spans written so far.</p>
      ) : null}
      {view.warnings.length > 0 ? (
        <details class="notice warnings">
          <summary>
            {view.warnings.length} {view.warnings.length === 1 ? 'line' : 'lines'} of the session file could not be read and were skipped
          </summary>
          <ul>
            {view.warnings.map((w) => (
              <li key={w}>
                <code>{w}</code>
              </li>
            ))}
          </ul>
        </details>
      ) : null}

      <div class="session-body">
        <section class="timeline-col">
          <div class="section-head">
            <h2>Timeline</h2>
            {view.logs.length > 0 ? (
              <label class="toggle">
                <input type="checkbox" checked={showLogs} onChange={(e) => setShowLogs((e.currentTarget as HTMLInputElement).checked)} />{' '}
                logs ({formatCount(view.logs.length)})
              </label>
            ) : null}
          </div>
          <Waterfall
            view={view}
            selected={span}
            nowMs={now}
            showLogs={showLogs}
            onSelect={(spanId) => navigate(sessionHref(id, spanId), true)}
          />
          <Charts view={view} />
        </section>
        <aside class="details-col">
          {selected ? (
            <SpanDetails span={selected} sessionStartMs={t0} />
          ) : (
            <p class="muted hint">Select a span in the timeline to see its conversation, tokens, cost, timing and attributes.</p>
          )}
        </aside>
      </div>
    </article>
  );
}

function Card({ label, value, note, alarm }: { label: string; value: string; note?: string | undefined; alarm?: boolean }) {
  return (
    <div class={`card${alarm ? ' alarm' : ''}`}>
      <div class="card-value">{value}</div>
      <div class="card-label">{label}</div>
      {note ? <div class="card-note">{note}</div> : null}
    </div>
  );
}

function Charts({ view }: { view: SessionView }) {
  const [metric, setMetric] = useState<'cost' | 'tokens'>('cost');
  if (view.byModel.length === 0 && view.byAgent.every((a) => a.calls === 0)) return null;
  const bar = (label: string, t: { costUsd: number; usage: { input: number; output: number }; calls: number }): Bar =>
    metric === 'cost'
      ? {
          label,
          value: t.costUsd,
          valueText: formatUsd(t.costUsd),
          detail: `${formatCount(t.calls)} ${t.calls === 1 ? 'call' : 'calls'} · ${formatCount(t.usage.input + t.usage.output)} tokens`,
        }
      : {
          label,
          value: t.usage.input + t.usage.output,
          valueText: formatCount(t.usage.input + t.usage.output),
          detail: `${formatCount(t.usage.input)} in / ${formatCount(t.usage.output)} out`,
        };
  const sortBars = (bars: Bar[]): Bar[] => bars.sort((a, b) => b.value - a.value);
  return (
    <section class="charts" aria-label="cost and tokens">
      <div class="section-head">
        <h2>{metric === 'cost' ? 'Cost' : 'Tokens'} per agent and per model</h2>
        <fieldset class="segmented">
          <legend class="visually-hidden">chart metric</legend>
          <button type="button" aria-pressed={metric === 'cost'} onClick={() => setMetric('cost')}>
            cost
          </button>
          <button type="button" aria-pressed={metric === 'tokens'} onClick={() => setMetric('tokens')}>
            tokens
          </button>
        </fieldset>
      </div>
      <div class="chart-pair">
        <BarChart
          title="per agent (its own LLM calls)"
          color="var(--agent)"
          bars={sortBars(view.byAgent.filter((a) => a.calls > 0).map((a) => bar(a.agent ?? '(outside any agent)', a)))}
        />
        <BarChart title="per model" color="var(--llm)" bars={sortBars(view.byModel.map((m) => bar(m.model, m)))} />
      </div>
    </section>
  );
}
