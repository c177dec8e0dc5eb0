/**
 * The viewer's server, over HTTP: the page and its assets, the sessions list with its filters and
 * pages, one session with its spans, chat, logs and totals, live updates, and the refusals (another
 * Host, a write, an unknown session, a corrupt file) as messages, never stack traces.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import type { ApiError, SessionListResponse, SessionView } from '../../src/ui/api-types';
import { ContentSearch } from '../../src/ui/content-search';
import { SessionIndex } from '../../src/ui/session-index';
import { listSessions, parseListQuery } from '../../src/ui/session-list';
import { loadSession } from '../../src/ui/store-source';
import { startUiServer, type UiServer } from '../../src/ui/server';
import type { SessionBuilder } from '../cli/fixtures';
import { REPO_ROOT } from '../support/sdk-apps';
import {
  BATCH_SESSIONS,
  CORRUPT_ID,
  RICH_ID,
  RUNNING_ID,
  TEAM_ID,
  UNKNOWN_ID,
  appendRunningCall,
  tempStore,
  viewerStore,
} from './fixtures';

const ASSETS = path.join(REPO_ROOT, 'dist', 'ui');

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(server: UiServer, pathname: string, options: { method?: string; host?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        path: pathname,
        method: options.method ?? 'GET',
        headers: { Host: options.host ?? `127.0.0.1:${server.port}` },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function json<T>(server: UiServer, pathname: string): Promise<T> {
  const answer = await request(server, pathname);
  expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
  return JSON.parse(answer.body) as T;
}

async function start(dir: string, persist = false): Promise<UiServer> {
  return startUiServer({ index: new SessionIndex(dir, { persist }), host: '127.0.0.1', port: 0, assetsDir: ASSETS, anyHost: false });
}

describe('agentsight ui server', () => {
  let dir: string;
  let running: SessionBuilder;
  let server: UiServer;
  beforeAll(async () => {
    ({ dir, running } = viewerStore());
    server = await start(dir);
  });
  afterAll(() => server.close());

  it('serves the page, its script and its style sheet, with a strict content security policy', async () => {
    const page = await request(server, '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<script src="/assets/app.js"></script>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect((await request(server, '/assets/app.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await request(server, '/assets/app.css')).status).toBe(200);
    expect((await request(server, '/assets/../../package.json')).status).toBe(404);
    expect((await request(server, '/nothing')).status).toBe(404);
  });

  it('answers only to loopback Host names (DNS rebinding) and only reads', async () => {
    const rebound = await request(server, '/api/sessions', { host: `evil.example:${server.port}` });
    expect(rebound.status).toBe(403);
    expect(rebound.body).toContain('refused Host: evil.example');
    expect((await request(server, '/', { host: `localhost:${server.port}` })).status).toBe(200);
    expect((await request(server, '/', { host: 'localhost:1' })).status).toBe(403);
    const post = await request(server, '/api/sessions', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    expect((await request(server, '/api/sessions', { method: 'DELETE' })).status).toBe(405);
  });

  it('lists sessions newest first, a page at a time, with the facets the filters offer', async () => {
    const list = await json<SessionListResponse>(server, '/api/sessions?limit=5');
    expect(list.total).toBe(BATCH_SESSIONS + 4);
    expect(list.matched).toBe(BATCH_SESSIONS + 4);
    expect(list.rows.map((r) => r.id)).toEqual([RUNNING_ID, TEAM_ID, RICH_ID, CORRUPT_ID, list.rows[4]!.id]);
    expect(list.rows[4]!.name).toBe('batch-job-0');
    expect(list.facets.tags).toEqual(['adhoc', 'eu-west', 'live', 'mcp', 'nightly', 'prod', 'team']);
    expect(list.facets.models).toContain('claude-sonnet-4-5');
    const rich = list.rows[2]!;
    expect(rich).toMatchObject({
      name: 'support-bot',
      state: 'fail',
      reason: 'TypeError: fetch failed',
      llmCalls: 5,
      errors: 1,
      unpricedCalls: 1,
    });
    expect(rich.tags).toEqual(['prod', 'eu-west']);
    expect(list.rows[0]!.state).toBe('running');
    expect(list.rows[3]).toMatchObject({ state: 'unreadable', reason: 'none of its lines could be read (3 lines skipped)' });

    const page3 = await json<SessionListResponse>(server, '/api/sessions?limit=50&offset=100');
    expect(page3.rows.map((r) => r.name)).toEqual(Array.from({ length: 24 }, (_, i) => `batch-job-${i + 96}`));
  });

  it('filters by state, tag, model, cost range and free text over names', async () => {
    const names = async (query: string): Promise<string[]> =>
      (await json<SessionListResponse>(server, `/api/sessions?limit=500&${query}`)).rows.map((r) => r.name);
    expect(await names('state=fail')).toEqual([
      'support-bot',
      ...[0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110].map((i) => `batch-job-${i}`),
    ]);
    expect(await names('tag=mcp')).toEqual(['research-team']);
    expect(await names('model=claude-sonnet-4-5')).toEqual(['research-team', 'support-bot']);
    expect(await names('minCost=0.0115&maxCost=0.0121')).toEqual([
      'batch-job-114',
      'batch-job-115',
      'batch-job-116',
      'batch-job-117',
      'batch-job-118',
      'batch-job-119',
    ]);
    expect(await names('q=SUPPORT')).toEqual(['support-bot']);
    expect(await names('q=batch-job-11&tag=nightly')).toEqual([
      'batch-job-110',
      'batch-job-112',
      'batch-job-114',
      'batch-job-116',
      'batch-job-118',
    ]);
    const bad = await request(server, '/api/sessions?minCost=lots');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toEqual({ error: 'bad_request', message: 'minCost must be a number of dollars, 0 or more, got "lots"' });
  });

  it('finds free text in captured content: prompts, tool results and log lines', async () => {
    const find = async (q: string): Promise<SessionListResponse> =>
      json<SessionListResponse>(server, `/api/sessions?q=${encodeURIComponent(q)}`);
    const inPrompt = await find('order #1234');
    expect(inPrompt.rows.map((r) => r.id)).toEqual([RICH_ID]);
    expect(inPrompt.search).toEqual({ scanned: BATCH_SESSIONS + 4, of: BATCH_SESSIONS + 4, complete: true });
    expect((await find('dhl')).rows.map((r) => r.id)).toEqual([RICH_ID]);
    expect((await find('retrying without cache')).rows.map((r) => r.id)).toEqual([RICH_ID]);
    expect((await find('no such words anywhere')).matched).toBe(0);
  });

  it('gives one session: spans in tree order with logs among them, chat, tool input and output, totals', async () => {
    const view = await json<SessionView>(server, `/api/sessions/${RICH_ID}`);
    expect(view).toMatchObject({ id: RICH_ID, name: 'support-bot', state: 'fail', tags: ['prod', 'eu-west'], summarySource: 'end_record' });
    expect(view.totals).toMatchObject({ llmCalls: 5, toolCalls: 2, errors: 1, unpricedCalls: 1 });
    expect(view.byAgent.map((a) => a.agent)).toEqual(['researcher', 'planner', null]);
    expect(view.byModel[0]!.model).toBe('claude-sonnet-4-5');
    const line = (r: SessionView['timeline'][number]): string =>
      r.type === 'span'
        ? `${'  '.repeat(r.depth)}${view.spans.find((s) => s.spanId === r.spanId)!.name}`
        : `${'  '.repeat(r.depth)}log: ${view.logs[r.index]!.body}`;
    expect(view.timeline.map(line)).toEqual([
      'session support-bot',
      '  log: ticket #4521: refund for a double charge',
      '  invoke_agent planner',
      '    log: planner: looking up order 1234',
      '    chat gpt-4o',
      '    execute_tool search',
      '      log: searching the order history',
      '      chat gpt-4o-mini',
      '    invoke_agent researcher',
      '      chat claude-sonnet-4-5',
      '      execute_tool fetch_page',
      '        log: GET https://shop.example/orders/4521 failed: fetch failed\n    at fetchPage (agent.js:88:11)',
      '        log: fetch_page failed, retrying without cache',
      '      chat my-local-model',
      '  chat gpt-4o',
      '  log: answer stream stopped early; replying with what arrived',
      '  log: giving up: TypeError: fetch failed',
    ]);
    const call = view.spans.find((s) => s.name === 'chat gpt-4o' && s.conversation)!;
    expect(call.category).toBe('llm');
    expect(call.llm).toMatchObject({ responseModel: 'gpt-4o-2024-08-06', costUsd: 0.00525, timeToFirstChunkMs: 420 });
    expect(call.conversation!.system!.parts).toEqual([{ type: 'text', content: 'You are a support bot. Be brief.' }]);
    expect(call.conversation!.input[0]!.parts[0]).toEqual({
      type: 'text',
      content: 'My order #1234 has not arrived. <script>alert("x")</script>',
    });
    expect(call.conversation!.output[0]).toMatchObject({ role: 'assistant', finishReason: 'tool_calls' });
    expect(call.conversation!.output[0]!.parts.map((p) => p.type)).toEqual(['reasoning', 'text', 'tool_call']);
    const search = view.spans.find((s) => s.name === 'execute_tool search')!;
    expect(search.toolIo).toEqual({ arguments: '{\n  "order": 1234\n}', result: '{\n  "status": "shipped",\n  "carrier": "DHL"\n}' });
    const failed = view.spans.find((s) => s.name === 'execute_tool fetch_page')!;
    expect(failed).toMatchObject({ status: 'error', ownError: true, errorType: 'TypeError', statusMessage: 'fetch failed' });
  });

  it('tells delegations (and their wait) and MCP requests apart from tools and agents', async () => {
    const view = await json<SessionView>(server, `/api/sessions/${TEAM_ID}`);
    const byName = new Map(view.spans.map((s) => [s.name, s]));
    expect(byName.get('delegate writer')).toMatchObject({
      category: 'delegation',
      delegation: { state: 'completed', target: 'writer', id: 'dlg-1' },
    });
    expect(byName.get('delegate reviewer')).toMatchObject({
      category: 'delegation',
      status: 'unset',
      delegation: { state: 'in_flight', target: 'reviewer' },
    });
    expect(byName.get('tools/call web_search')).toMatchObject({ category: 'mcp', mcpMethod: 'tools/call' });
    expect(byName.get('invoke_agent lead')!.category).toBe('agent');
  });

  it('says what is wrong with an unknown id, a bad id and a corrupt file, without a stack trace', async () => {
    const unknown = await request(server, `/api/sessions/${UNKNOWN_ID}`);
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toEqual({
      error: 'not_found',
      message: `there is no session with id "${UNKNOWN_ID}" in ${dir}`,
    } satisfies ApiError);
    expect((await request(server, '/api/sessions/..%2F..%2Fetc')).status).toBe(404);
    const corrupt = await request(server, `/api/sessions/${CORRUPT_ID}`);
    expect(corrupt.status).toBe(422);
    const body = JSON.parse(corrupt.body) as ApiError;
    expect(body.error).toBe('unreadable');
    expect(body.message).toMatch(/^the session file .*_dead.*\.jsonl is corrupt: none of its lines could be read \(3 lines skipped\)$/);
    expect(body.details).toHaveLength(3);
    expect(corrupt.body).not.toMatch(/\n\s+at /);
  });

  it('streams a change event when a running session writes a span', async () => {
    const events: string[] = [];
    const req = http.get({
      host: '127.0.0.1',
      port: server.port,
      path: `/api/events?session=${RUNNING_ID}`,
      headers: { Host: `127.0.0.1:${server.port}` },
    });
    const res = await new Promise<http.IncomingMessage>((resolve) => req.on('response', resolve));
    expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    const got = new Promise<void>((resolve) => {
      res.setEncoding('utf8').on('data', (chunk: string) => {
        events.push(...[...chunk.matchAll(/^event: (\w+)$/gm)].map((m) => m[1]!));
        if (events.includes('session')) resolve();
      });
    });
    appendRunningCall(dir, running, 900);
    await got;
    req.destroy();
    expect(events).toContain('session');
    const view = await json<SessionView>(server, `/api/sessions/${RUNNING_ID}`);
    expect(view.state).toBe('running');
    expect(view.totals.llmCalls).toBe(2);
  });
});

describe('a content search out of time', () => {
  it('answers with what it found so far, and each request gets further until it is complete', () => {
    const dir = tempStore();
    viewerStore(dir);
    const index = new SessionIndex(dir, { persist: false });
    index.refresh();
    const search = new ContentSearch((id) => loadSession(index.source(id)!));
    const query = parseListQuery(new URLSearchParams('q=retrying without cache'));
    const progress: number[] = [];
    let answer: SessionListResponse;
    do {
      // No time at all: one session read per request.
      answer = listSessions(query, { index, search, nowMs: Date.now(), searchBudgetMs: 0 });
      progress.push(answer.search!.scanned);
      expect(answer.matched).toBe(answer.search!.complete ? 1 : null);
    } while (!answer.search!.complete);
    // The corrupt file has no content to read: it is passed over in the same request as the one before it.
    expect(progress.slice(0, 3)).toEqual([1, 2, 4]);
    expect(progress.every((n, i) => i === 0 || n > progress[i - 1]!)).toBe(true);
    expect(progress[progress.length - 1]).toBe(BATCH_SESSIONS + 4);
    expect(answer.rows.map((r) => r.id)).toEqual([RICH_ID]);
  });
});

describe('the session index', () => {
  it('is kept in the store and reused: only new or changed sessions are read again', async () => {
    const dir = tempStore();
    viewerStore(dir);
    const first = new SessionIndex(dir);
    expect(first.refresh()).toMatchObject({ sessions: BATCH_SESSIONS + 4, read: BATCH_SESSIONS + 4, reused: 0 });
    expect(fs.existsSync(first.file)).toBe(true);
    const second = new SessionIndex(dir);
    // The running session is read again (is its process still alive?); the rest come from the index.
    expect(second.refresh()).toMatchObject({ sessions: BATCH_SESSIONS + 4, read: 1, reused: BATCH_SESSIONS + 3 });
    expect(second.rows()).toEqual(first.rows().map((r) => (r.state === 'running' ? expect.objectContaining({ id: r.id }) : r)));
  });

  it('rebuilds a corrupt index', () => {
    const dir = tempStore();
    viewerStore(dir);
    const index = new SessionIndex(dir);
    fs.mkdirSync(path.dirname(index.file), { recursive: true });
    fs.writeFileSync(index.file, '{"format": 1, "entr');
    expect(index.refresh().read).toBe(BATCH_SESSIONS + 4);
    expect(JSON.parse(fs.readFileSync(index.file, 'utf8')).entries).toHaveLength(BATCH_SESSIONS + 4);
  });

  it('keeps the index in memory, with one warning, when it cannot be saved', () => {
    const dir = tempStore();
    viewerStore(dir);
    fs.writeFileSync(path.join(dir, 'index'), 'a file where the index folder would go');
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const index = new SessionIndex(dir);
      expect(index.refresh().read).toBe(BATCH_SESSIONS + 4);
      expect(index.rows()).toHaveLength(BATCH_SESSIONS + 4);
      const warnings = stderr.mock.calls.map((c) => String(c[0]));
      expect(warnings).toEqual([
        expect.stringMatching(/^agentsight\/ui warn: cannot save the session index to .* \((ENOTDIR|EEXIST)\); keeping it in memory\n$/),
      ]);
    } finally {
      stderr.mockRestore();
    }
  });

  it('lists an empty or missing store as no sessions', async () => {
    const server = await start(path.join(tempStore(), 'nothing-here'));
    try {
      const list = await json<SessionListResponse>(server, '/api/sessions');
      expect(list).toMatchObject({ total: 0, matched: 0, rows: [] });
    } finally {
      await server.close();
    }
  });
});
