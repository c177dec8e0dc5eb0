/**
 * The page's routes live in the URL's #fragment, so the server serves one page and a link to a
 * session (or to one of its spans) can be shared and reloaded:
 *
 *   #/?state=fail&q=lisbon&offset=50     the sessions list, its filters and page
 *   #/session/<id>?span=<span id>        one session, one span selected
 */
import type { SessionFilter, SessionState } from '../src/ui/api-types';

export type Route =
  | { page: 'sessions'; filter: SessionFilter; offset: number }
  | { page: 'session'; id: string; span: string | null }
  | { page: 'unknown'; path: string };

export function parseRoute(hash: string): Route {
  const text = hash.replace(/^#/, '');
  const q = text.indexOf('?');
  const path = q === -1 ? text : text.slice(0, q);
  const params = new URLSearchParams(q === -1 ? '' : text.slice(q + 1));
  if (path === '' || path === '/') {
    const offset = Number(params.get('offset') ?? 0);
    return { page: 'sessions', filter: filterFrom(params), offset: Number.isInteger(offset) && offset > 0 ? offset : 0 };
  }
  const session = /^\/session\/([^/]+)$/.exec(path);
  if (session) return { page: 'session', id: decodeURIComponent(session[1]!), span: params.get('span') };
  return { page: 'unknown', path };
}

function filterFrom(params: URLSearchParams): SessionFilter {
  const filter: SessionFilter = {};
  const get = (name: string): string | undefined => params.get(name) || undefined;
  const state = get('state');
  if (state) filter.state = state as SessionState;
  const tag = get('tag');
  if (tag) filter.tag = tag;
  const model = get('model');
  if (model) filter.model = model;
  const min = Number(get('minCost'));
  if (get('minCost') !== undefined && Number.isFinite(min)) filter.minCostUsd = min;
  const max = Number(get('maxCost'));
  if (get('maxCost') !== undefined && Number.isFinite(max)) filter.maxCostUsd = max;
  const q = get('q');
  if (q) filter.q = q;
  return filter;
}

/** The list's query string (the same names the API takes). */
export function listQuery(filter: SessionFilter, offset: number, limit?: number): string {
  const params = new URLSearchParams();
  if (filter.state) params.set('state', filter.state);
  if (filter.tag) params.set('tag', filter.tag);
  if (filter.model) params.set('model', filter.model);
  if (filter.minCostUsd !== undefined) params.set('minCost', String(filter.minCostUsd));
  if (filter.maxCostUsd !== undefined) params.set('maxCost', String(filter.maxCostUsd));
  if (filter.q) params.set('q', filter.q);
  if (offset > 0) params.set('offset', String(offset));
  if (limit !== undefined) params.set('limit', String(limit));
  return params.toString();
}

export function sessionsHref(filter: SessionFilter = {}, offset = 0): string {
  const query = listQuery(filter, offset);
  return query ? `#/?${query}` : '#/';
}

export function sessionHref(id: string, span?: string | null): string {
  return `#/session/${encodeURIComponent(id)}${span ? `?span=${encodeURIComponent(span)}` : ''}`;
}

const listeners = new Set<() => void>();

/** Calls `listener` whenever the route changes (links, back and forward, `navigate`). */
export function onRouteChange(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('hashchange', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('hashchange', listener);
  };
}

/** Goes to `href`; `replace` keeps the history as it is (a span selected, a filter typed). */
export function navigate(href: string, replace = false): void {
  if (location.hash === href) return;
  if (!replace) {
    location.hash = href;
    return;
  }
  history.replaceState(null, '', href);
  for (const listener of listeners) listener();
}
