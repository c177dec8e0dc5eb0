/**
 * The sessions list: newest first, filters (state, tag, model, cost range, free text), one page at a
 * time. The filters live in the URL, so a filtered list can be reloaded and shared. It updates by
 * itself when sessions start, change or end.
 */
import { useEffect, useState } from 'preact/hooks';
import type { SessionFilter, SessionListResponse, SessionRow, SessionState } from '../../src/ui/api-types';
import { ApiFailure, getJson, isAbort } from '../api';
import { Problem } from '../components/problem';
import { StateBadge } from '../components/state-badge';
import { formatCost, formatCount, formatDuration, formatLocalTime, STATE_TEXT } from '../format';
import { useLive, useTicker } from '../live';
import { listQuery, navigate, sessionHref, sessionsHref } from '../route';

const PAGE_SIZE = 50;
const STATES: SessionState[] = ['success', 'fail', 'indeterminate', 'running', 'unfinished', 'unreadable'];

export function SessionsPage({ filter, offset }: { filter: SessionFilter; offset: number }) {
  const [data, setData] = useState<SessionListResponse | null>(null);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [loading, setLoading] = useState(true);
  const [reload, setReload] = useState(0);
  const [, setNow] = useState(Date.now());
  const query = listQuery(filter, offset, PAGE_SIZE);

  useEffect(() => {
    const ctrl = new AbortController();
    setLoading(true);
    getJson<SessionListResponse>(`/api/sessions?${query}`, ctrl.signal)
      .then((d) => {
        setData(d);
        setFailure(null);
        setLoading(false);
      })
      .catch((err: unknown) => {
        if (isAbort(err)) return;
        setFailure(err instanceof ApiFailure ? err : new ApiFailure(0, { error: 'internal', message: String(err) }));
        setLoading(false);
      });
    return () => ctrl.abort();
  }, [query, reload]);

  // A content search that ran out of time before filling the page goes on where it stopped.
  const searching = data?.search != null && !data.search.complete && data.rows.length < data.limit;
  useEffect(() => {
    if (!searching || loading) return;
    const timer = setTimeout(() => setReload((r) => r + 1), 30);
    return () => clearTimeout(timer);
  }, [searching, loading, data]);

  useLive('/api/events', () => setReload((r) => r + 1));
  useTicker(data?.rows.some((r) => r.state === 'running') === true, () => setNow(Date.now()));

  const go = (next: SessionFilter, nextOffset = 0): void => navigate(sessionsHref(next, nextOffset), true);

  if (failure && !data)
    return <Problem title="The sessions cannot be listed" message={failure.message} details={failure.body.details} back={false} />;
  if (!data) return <p class="muted loading">Loading sessions…</p>;
  if (data.total === 0) {
    return (
      <Problem title="No sessions yet" message={`The store ${data.dir} has no sessions yet.`} back={false}>
        <p>
          Record some by running your app with <code>node --import agentsight/register app.js</code>; they appear here as they start.
        </p>
      </Problem>
    );
  }
  return (
    <section class="sessions" aria-busy={loading}>
      <Filters filter={filter} facets={data.facets} onChange={go} />
      {failure ? <p class="notice error-text">{failure.message}</p> : null}
      <Summary data={data} filter={filter} searching={searching} />
      <table class="sessions-table">
        <thead>
          <tr>
            <th>session</th>
            <th>start</th>
            <th class="num">duration</th>
            <th>state</th>
            <th>tags</th>
            <th class="num">LLM</th>
            <th class="num">tokens in/out</th>
            <th class="num">cost</th>
            <th class="num">errors</th>
          </tr>
        </thead>
        <tbody>
          {data.rows.map((row) => (
            <Row key={row.id} row={row} />
          ))}
        </tbody>
      </table>
      {data.rows.length === 0 && !searching ? <p class="muted empty">No session matches these filters.</p> : null}
      <Pager data={data} offset={offset} onPage={(o) => go(filter, o)} />
    </section>
  );
}

function Row({ row }: { row: SessionRow }) {
  const href = sessionHref(row.id);
  const duration = row.state === 'running' && row.startMs !== null ? Date.now() - row.startMs : row.durationMs;
  return (
    <tr class={`session-row state-row-${row.state}`} data-session-id={row.id} onClick={() => navigate(href)}>
      <td class="name">
        <a href={href}>{row.name}</a>
        <div class="id">{row.id.slice(0, 12)}</div>
        {row.state === 'unreadable' && row.reason ? <div class="error-text small">{row.reason}</div> : null}
      </td>
      <td class="nowrap">{formatLocalTime(row.startMs ?? undefined)}</td>
      <td class="num">{formatDuration(duration ?? undefined)}</td>
      <td>
        <StateBadge state={row.state} />
      </td>
      <td>
        {row.tags.map((t) => (
          <span key={t} class="tag">
            {t}
          </span>
        ))}
      </td>
      <td class="num">{formatCount(row.llmCalls)}</td>
      <td class="num nowrap">
        {formatCount(row.inputTokens)}/{formatCount(row.outputTokens)}
      </td>
      <td class="num">{formatCost(row.costUsd, row.llmCalls - row.unpricedCalls, row.unpricedCalls)}</td>
      <td class={`num${row.errors > 0 ? ' error-text' : ''}`}>{formatCount(row.errors)}</td>
    </tr>
  );
}

function Summary({ data, filter, searching }: { data: SessionListResponse; filter: SessionFilter; searching: boolean }) {
  const filtered = Object.keys(filter).length > 0;
  let text: string;
  if (data.matched !== null) {
    text = filtered
      ? `${formatCount(data.matched)} of ${formatCount(data.total)} sessions match`
      : `${formatCount(data.total)} ${data.total === 1 ? 'session' : 'sessions'}`;
  } else {
    text = `${formatCount(data.offset + data.rows.length)}+ of ${formatCount(data.total)} sessions match`;
  }
  return (
    <p class="list-summary" aria-live="polite">
      {text}
      {data.search && !data.search.complete ? (
        <span class="muted">
          {' '}
          · {searching ? 'searching' : 'searched'} captured content of {formatCount(data.search.scanned)} of {formatCount(data.search.of)}
        </span>
      ) : null}
    </p>
  );
}

function Pager({ data, offset, onPage }: { data: SessionListResponse; offset: number; onPage: (offset: number) => void }) {
  const hasPrev = offset > 0;
  const hasNext = data.matched !== null ? offset + data.limit < data.matched : data.rows.length >= data.limit;
  if (!hasPrev && !hasNext) return null;
  const last = data.matched !== null ? Math.max(0, Math.ceil(data.matched / data.limit) - 1) * data.limit : null;
  return (
    <nav class="pager" aria-label="pages">
      <button type="button" disabled={!hasPrev} onClick={() => onPage(0)}>
        « first
      </button>
      <button type="button" disabled={!hasPrev} onClick={() => onPage(Math.max(0, offset - data.limit))}>
        ‹ newer
      </button>
      <span class="pager-where">
        {formatCount(offset + 1)}–{formatCount(offset + data.rows.length)}
        {data.matched !== null ? ` of ${formatCount(data.matched)}` : ''}
      </span>
      <button type="button" disabled={!hasNext} onClick={() => onPage(offset + data.limit)}>
        older ›
      </button>
      {last !== null ? (
        <button type="button" disabled={!hasNext} onClick={() => onPage(last)}>
          last »
        </button>
      ) : null}
    </nav>
  );
}

function Filters({
  filter,
  facets,
  onChange,
}: {
  filter: SessionFilter;
  facets: SessionListResponse['facets'];
  onChange: (f: SessionFilter) => void;
}) {
  const [text, setText] = useState(filter.q ?? '');
  const [minCost, setMinCost] = useState(filter.minCostUsd?.toString() ?? '');
  const [maxCost, setMaxCost] = useState(filter.maxCostUsd?.toString() ?? '');
  // Typing waits for a pause before it searches.
  useEffect(() => {
    if (text.trim() === (filter.q ?? '')) return;
    const timer = setTimeout(() => onChange(withValue(filter, 'q', text.trim() || undefined)), 300);
    return () => clearTimeout(timer);
  }, [text]);
  const cost = (key: 'minCostUsd' | 'maxCostUsd', value: string): void => {
    const n = Number(value);
    if (value.trim() === '') onChange(withValue(filter, key, undefined));
    else if (Number.isFinite(n) && n >= 0) onChange(withValue(filter, key, n));
  };
  return (
    <form class="filters" aria-label="filters" onSubmit={(e) => e.preventDefault()}>
      <label class="filter-text">
        <span>search</span>
        <input
          type="search"
          name="q"
          placeholder="names, tags, models, prompts, completions, tool calls, logs"
          value={text}
          onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') onChange(withValue(filter, 'q', text.trim() || undefined));
          }}
        />
      </label>
      <label>
        <span>state</span>
        <select
          name="state"
          value={filter.state ?? ''}
          onChange={(e) =>
            onChange(withValue(filter, 'state', ((e.currentTarget as HTMLSelectElement).value || undefined) as SessionState | undefined))
          }
        >
          <option value="">any</option>
          {STATES.map((s) => (
            <option key={s} value={s}>
              {STATE_TEXT[s]}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>tag</span>
        <select
          name="tag"
          value={filter.tag ?? ''}
          onChange={(e) => onChange(withValue(filter, 'tag', (e.currentTarget as HTMLSelectElement).value || undefined))}
        >
          <option value="">any</option>
          {withCurrent(facets.tags, filter.tag).map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>model</span>
        <select
          name="model"
          value={filter.model ?? ''}
          onChange={(e) => onChange(withValue(filter, 'model', (e.currentTarget as HTMLSelectElement).value || undefined))}
        >
          <option value="">any</option>
          {withCurrent(facets.models, filter.model).map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </label>
      <label class="filter-cost">
        <span>cost $</span>
        <input
          type="number"
          name="minCost"
          min="0"
          step="any"
          placeholder="min"
          value={minCost}
          onInput={(e) => setMinCost((e.currentTarget as HTMLInputElement).value)}
          onChange={(e) => cost('minCostUsd', (e.currentTarget as HTMLInputElement).value)}
        />
        <span>–</span>
        <input
          type="number"
          name="maxCost"
          min="0"
          step="any"
          placeholder="max"
          value={maxCost}
          onInput={(e) => setMaxCost((e.currentTarget as HTMLInputElement).value)}
          onChange={(e) => cost('maxCostUsd', (e.currentTarget as HTMLInputElement).value)}
        />
      </label>
      {Object.keys(filter).length > 0 ? (
        <button
          type="button"
          class="link-button"
          onClick={() => {
            setText('');
            setMinCost('');
            setMaxCost('');
            onChange({});
          }}
        >
          clear filters
        </button>
      ) : null}
    </form>
  );
}

function withValue<K extends keyof SessionFilter>(filter: SessionFilter, key: K, value: SessionFilter[K] | undefined): SessionFilter {
  const next = { ...filter };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}

/** The facet's values, plus the one chosen in the URL if the store no longer has it. */
function withCurrent(values: string[], current: string | undefined): string[] {
  return current === undefined || values.includes(current) ? values : [current, ...values];
}
