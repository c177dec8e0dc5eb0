/**
 * The viewer's HTTP server (node:http, no framework): the page's three files and a read-only JSON
 * API over the local store. Every answer is a page or JSON meant for a person: an unknown session,
 * an unreadable file or a bug of ours gets a message, never a stack trace.
 *
 *   GET /                       the page (index.html; the page routes with the URL's #fragment)
 *   GET /assets/app.js|app.css  its script and style sheet
 *   GET /api/info               the store, the version and the last index refresh
 *   GET /api/sessions?...       one page of the sessions list (see session-list.ts)
 *   GET /api/sessions/<id>      one session: spans, logs, timeline, totals
 *   GET /api/events[?session=]  live updates (Server-Sent Events)
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeFsError } from '../cli/errors';
import { getLogger } from '../diag';
import { VERSION } from '../version';
import type { ApiError, StoreInfo } from './api-types';
import { ContentSearch } from './content-search';
import { hostAllowed, urlHost } from './host-check';
import { LiveFeed } from './live';
import type { SessionIndex } from './session-index';
import { BadQuery, listSessions, parseListQuery } from './session-list';
import { hasNoRecords, noRecordsReason } from './session-row';
import { sessionView } from './session-view';
import { loadAssets } from './static-assets';
import { loadSession } from './store-source';

const log = getLogger('ui');

/** How long one list request may read sessions for a content search before answering with what it has. */
const SEARCH_BUDGET_MS = 300;
/** A list or session request looks at the store again when its last look is older than this. */
const REFRESH_MS = 500;
const SESSION_ID = /^[0-9a-f]{32}$/;

/** Content Security Policy: our own script and style only, no inline code, no framing, no other origin. */
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS: http.OutgoingHttpHeaders = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export interface UiServerOptions {
  index: SessionIndex;
  host: string;
  /** 0 picks a free port. */
  port: number;
  assetsDir: string;
  /** Answer any `Host` header (when serving on a non-loopback address on purpose). */
  anyHost: boolean;
  now?: () => number;
}

export interface UiServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError,
  ) {
    super(body.message);
  }
}

export async function startUiServer(options: UiServerOptions): Promise<UiServer> {
  const assets = loadAssets(options.assetsDir);
  const { index } = options;
  const now = options.now ?? Date.now;
  const search = new ContentSearch((id) => {
    const source = index.source(id);
    if (!source) return undefined;
    try {
      return loadSession(source);
    } catch {
      return undefined;
    }
  });
  const live = new LiveFeed(index, (err) =>
    log.once('warn', 'live-refresh', `cannot look at the store for changes: ${describeFsError(err, index.dir)}`),
  );
  let port = options.port;

  const sendJson = (res: http.ServerResponse, status: number, body: unknown, head: boolean): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      ...SECURITY_HEADERS,
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Length': Buffer.byteLength(text),
    });
    res.end(head ? undefined : text);
  };

  const refreshed = (): void => {
    try {
      index.refresh(REFRESH_MS);
    } catch (err) {
      throw new HttpError(500, { error: 'unreadable', message: describeFsError(err, `the store ${index.dir}`) });
    }
  };

  const api = (url: URL, req: http.IncomingMessage, res: http.ServerResponse, head: boolean): void => {
    const route = url.pathname;
    if (route === '/api/events') {
      if (head) {
        res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store' });
        res.end();
        return;
      }
      const session = url.searchParams.get('session') ?? undefined;
      live.add(req, res, session !== undefined && SESSION_ID.test(session) ? session : undefined);
      return;
    }
    refreshed();
    if (route === '/api/info') {
      const stats = index.lastStats;
      const info: StoreInfo = {
        dir: index.dir,
        version: VERSION,
        sessions: stats.sessions,
        index: { file: index.file, reused: stats.reused, read: stats.read, ms: stats.ms },
      };
      sendJson(res, 200, info, head);
      return;
    }
    if (route === '/api/sessions') {
      let query: ReturnType<typeof parseListQuery>;
      try {
        query = parseListQuery(url.searchParams);
      } catch (err) {
        if (err instanceof BadQuery) throw new HttpError(400, { error: 'bad_request', message: err.message });
        throw err;
      }
      sendJson(res, 200, listSessions(query, { index, search, nowMs: now(), searchBudgetMs: SEARCH_BUDGET_MS }), head);
      return;
    }
    const match = /^\/api\/sessions\/([^/]+)$/.exec(route);
    if (match) {
      sendJson(res, 200, sessionPayload(decodeURIComponent(match[1]!)), head);
      return;
    }
    throw new HttpError(404, { error: 'not_found', message: `no such API: ${route}` });
  };

  const sessionPayload = (id: string): unknown => {
    const notFound = (): never => {
      throw new HttpError(404, { error: 'not_found', message: `there is no session with id "${id}" in ${index.dir}` });
    };
    if (!SESSION_ID.test(id)) notFound();
    const source = index.source(id) ?? notFound();
    let data: ReturnType<typeof loadSession>;
    try {
      data = loadSession(source);
    } catch (err) {
      throw new HttpError(422, { error: 'unreadable', message: describeFsError(err, `the session file ${source.file}`) });
    }
    if (hasNoRecords(data)) {
      throw new HttpError(422, {
        error: 'unreadable',
        message: `the session file ${data.file} is corrupt: ${noRecordsReason(data)}`,
        details: data.warnings.slice(0, 20),
      });
    }
    return sessionView(data, now(), index.version);
  };

  const handle = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    if (!options.anyHost && !hostAllowed(req.headers.host, port)) {
      // DNS rebinding: a page of another site reached us under its own name.
      res.writeHead(403, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`agentsight ui answers only at http://${urlHost(options.host)}:${port}/ (refused Host: ${req.headers.host ?? 'none'})\n`);
      return;
    }
    const head = req.method === 'HEAD';
    if (req.method !== 'GET' && !head) {
      res.writeHead(405, { ...SECURITY_HEADERS, Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('agentsight ui is read-only\n');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      if (url.pathname.startsWith('/api/')) {
        api(url, req, res, head);
        return;
      }
      const name = url.pathname === '/' ? 'index.html' : /^\/assets\/(app\.(?:js|css))$/.exec(url.pathname)?.[1];
      const asset = name === undefined ? undefined : assets.get(name);
      if (!asset) {
        res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(head ? undefined : 'not found\n');
        return;
      }
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'Content-Type': asset.type,
        'Content-Length': asset.body.length,
        'Cache-Control': 'no-cache',
      });
      res.end(head ? undefined : asset.body);
    } catch (err) {
      if (err instanceof HttpError) {
        sendJson(res, err.status, err.body, head);
        return;
      }
      log.once(
        'error',
        `internal:${err instanceof Error ? err.message : String(err)}`,
        `unexpected error serving ${url.pathname}: ${String(err)}`,
      );
      const message = `unexpected error: ${err instanceof Error ? err.message : String(err)}`;
      if (!res.headersSent) sendJson(res, 500, { error: 'internal', message } satisfies ApiError, head);
      else res.end();
    }
  };

  const server = http.createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://${urlHost(options.host)}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        live.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
