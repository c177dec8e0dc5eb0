/**
 * The sessions list the page asks for: filters from the query string (state, tag, model, cost range,
 * free text), newest first, one page at a time. Filters on what a row knows are instant; free text
 * that the row does not hold is looked for in captured content, lazily (`ContentSearch`).
 */
import type { SessionFilter, SessionListResponse, SessionRow, SessionState } from './api-types';
import type { ContentSearch } from './content-search';
import type { SessionIndex } from './session-index';
import { rowText } from './session-row';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;
const STATES: readonly SessionState[] = ['success', 'fail', 'indeterminate', 'running', 'unfinished', 'unreadable'];

export interface ListQuery {
  filter: SessionFilter;
  offset: number;
  limit: number;
}

/** A query string the page would never send. */
export class BadQuery extends Error {}

export function parseListQuery(params: URLSearchParams): ListQuery {
  const filter: SessionFilter = {};
  const text = (name: string): string | undefined => {
    const value = params.get(name)?.trim();
    return value ? value : undefined;
  };
  const number = (name: string, check: (n: number) => boolean, what: string): number | undefined => {
    const value = text(name);
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isFinite(n) || !check(n)) throw new BadQuery(`${name} must be ${what}, got "${value}"`);
    return n;
  };
  const state = text('state');
  if (state !== undefined) {
    if (!(STATES as readonly string[]).includes(state)) throw new BadQuery(`state must be one of ${STATES.join(', ')}, got "${state}"`);
    filter.state = state as SessionState;
  }
  const tag = text('tag');
  if (tag !== undefined) filter.tag = tag;
  const model = text('model');
  if (model !== undefined) filter.model = model;
  const minCost = number('minCost', (n) => n >= 0, 'a number of dollars, 0 or more');
  if (minCost !== undefined) filter.minCostUsd = minCost;
  const maxCost = number('maxCost', (n) => n >= 0, 'a number of dollars, 0 or more');
  if (maxCost !== undefined) filter.maxCostUsd = maxCost;
  const q = text('q');
  if (q !== undefined) filter.q = q.toLowerCase();
  const offset = number('offset', (n) => Number.isInteger(n) && n >= 0, 'a whole number') ?? 0;
  const limit = number('limit', (n) => Number.isInteger(n) && n >= 1 && n <= MAX_PAGE_SIZE, `a whole number from 1 to ${MAX_PAGE_SIZE}`);
  return { filter, offset, limit: limit ?? DEFAULT_PAGE_SIZE };
}

/** Whether a row passes the filters a row can answer by itself (all but free text). */
export function passesRowFilters(row: SessionRow, filter: SessionFilter): boolean {
  if (filter.state !== undefined && row.state !== filter.state) return false;
  if (filter.tag !== undefined && !row.tags.includes(filter.tag)) return false;
  if (filter.model !== undefined && !row.models.includes(filter.model)) return false;
  if (filter.minCostUsd !== undefined && row.costUsd < filter.minCostUsd) return false;
  if (filter.maxCostUsd !== undefined && row.costUsd > filter.maxCostUsd) return false;
  return true;
}

export interface ListContext {
  index: SessionIndex;
  search: ContentSearch;
  nowMs: number;
  /** How long one request may spend reading sessions for a content search. */
  searchBudgetMs: number;
}

export function listSessions(query: ListQuery, ctx: ListContext): SessionListResponse {
  const { filter, offset, limit } = query;
  const all = ctx.index.rows();
  const candidates = all.filter((row) => passesRowFilters(row, filter));
  let page: SessionRow[];
  let matched: number | null;
  let search: SessionListResponse['search'] = null;
  if (filter.q === undefined) {
    page = candidates.slice(offset, offset + limit);
    matched = candidates.length;
  } else {
    const q = filter.q;
    const deadline = performance.now() + ctx.searchBudgetMs;
    const hits: SessionRow[] = [];
    let scanned = 0;
    let read = 0;
    for (const row of candidates) {
      if (hits.length >= offset + limit) break;
      const stamp = ctx.index.stamp(row.id) ?? '';
      let hit: boolean | undefined = rowText(row).includes(q) || ctx.search.known(q, row.id, stamp);
      if (!hit && row.state !== 'unreadable') {
        // Over the budget, answers already known still count; reading stops (after at least one, so each request gets further).
        const known = ctx.search.known(q, row.id, stamp) !== undefined;
        if (!known && read > 0 && performance.now() > deadline) break;
        if (!known) read++;
        hit = ctx.search.matches(q, row.id, stamp);
      }
      scanned++;
      if (hit) hits.push(row);
    }
    const complete = scanned === candidates.length;
    page = hits.slice(offset, offset + limit);
    matched = complete ? hits.length : null;
    search = { scanned, of: candidates.length, complete };
  }
  return {
    dir: ctx.index.dir,
    total: all.length,
    matched,
    offset,
    limit,
    rows: page.map((row) => withLiveDuration(row, ctx.nowMs)),
    facets: facets(all),
    search,
    version: ctx.index.version,
  };
}

/** A running session's duration runs to now. */
function withLiveDuration(row: SessionRow, nowMs: number): SessionRow {
  if (row.state !== 'running' || row.startMs === null) return row;
  return { ...row, durationMs: Math.max(0, nowMs - row.startMs) };
}

function facets(rows: readonly SessionRow[]): SessionListResponse['facets'] {
  const tags = new Set<string>();
  const models = new Set<string>();
  for (const row of rows) {
    for (const t of row.tags) tags.add(t);
    for (const m of row.models) models.add(m);
  }
  const sorted = (set: Set<string>): string[] => [...set].sort((a, b) => a.localeCompare(b));
  return { tags: sorted(tags), models: sorted(models) };
}
