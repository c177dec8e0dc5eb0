import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SESSIONS_FOLDER, sessionFileName } from '../../src/store/format';
import { SessionBuilder, T0, richSession, runCli, sessionId, tempStore, useUtcTimeZone } from './fixtures';

useUtcTimeZone();

const MINUTE = 60_000;

/** `count` finished sessions, one a minute from T0, ids `00…`, `01…`, ... */
function storeWith(count: number): string {
  const dir = tempStore();
  for (let i = 0; i < count; i++) {
    const b = new SessionBuilder(sessionId(`${i.toString(16).padStart(2, '0')}c0ffee`), `job-${i}`, T0 + i * MINUTE, { durationMs: 1_500 });
    b.llm({ model: 'gpt-4o', at: 10, duration: 500, input: 100 * (i + 1), output: 10, cost: 0.001 });
    b.write(dir, { state: 'success' });
  }
  return dir;
}

const rowNames = (out: string): string[] =>
  out
    .split('\n')
    .slice(1)
    .filter((l) => /^[0-9a-f]{12}/.test(l))
    .map((l) => l.split(/\s{2,}/)[1]!);

describe('agentsight sessions', () => {
  it('lists sessions newest first with their state, calls, tokens, cost and errors', () => {
    const dir = tempStore();
    richSession().write(dir, { state: 'fail', reason: 'TypeError: fetch failed' });
    const ok = new SessionBuilder(sessionId('77aa'), 'nightly-eval', T0 + 2 * MINUTE, { durationMs: 245_000 });
    ok.llm({ model: 'gpt-4o', at: 5, duration: 900, input: 12_000, output: 3_400, cost: 0.064 });
    ok.write(dir, { state: 'success' });
    const r = runCli(['sessions', '--dir', dir]);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toBe(
      [
        'ID            NAME          START                DURATION  STATE    LLM  TOKENS IN/OUT       COST  ERRORS',
        '77aaa1b2c3d4  nightly-eval  2026-11-25 23:37:47    4m 05s  success    1   12,000/3,400    $0.0640       0',
        '4bf92f3577b3  support-bot   2026-11-25 23:35:47     12.4s  fail       5    5,900/1,370  $0.0231+?       1',
        '',
        '+? some LLM calls have no known price (their model is not in the price table)',
        '',
      ].join('\n'),
    );
  });

  it('shows 20 by default and says how many more there are', () => {
    const dir = storeWith(23);
    const r = runCli(['sessions', '--dir', dir]);
    const names = rowNames(r.out);
    expect(names).toHaveLength(20);
    expect(names[0]).toBe('job-22');
    expect(names[19]).toBe('job-3');
    expect(r.out).toContain('3 more sessions not shown (23 in all; --limit 0 lists them all)');
  });

  it('honours --limit, and --limit 0 lists them all', () => {
    const dir = storeWith(4);
    expect(rowNames(runCli(['sessions', '--limit', '2', '--dir', dir]).out)).toEqual(['job-3', 'job-2']);
    expect(runCli(['sessions', '--limit', '2', '--dir', dir]).out).toContain('2 more sessions not shown');
    const all = runCli(['sessions', '--limit', '0', '--dir', dir]).out;
    expect(rowNames(all)).toEqual(['job-3', 'job-2', 'job-1', 'job-0']);
    expect(all).not.toContain('more');
  });

  it('prints full ids and exact numbers with --json', () => {
    const dir = storeWith(3);
    richSession().write(dir, { state: 'fail', reason: 'TypeError: fetch failed' });
    const r = runCli(['sessions', '--json', '--limit', '2', '--dir', dir]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json).toMatchObject({ dir, total: 4, shown: 2 });
    expect(json.sessions.map((s: { id: string }) => s.id)).toEqual([sessionId('02c0ffee'), sessionId('01c0ffee')]);
    expect(json.sessions[0]).toMatchObject({
      name: 'job-2',
      state: 'success',
      reason: null,
      startMs: T0 + 2 * MINUTE,
      start: '2026-11-25T23:37:47.123Z',
      durationMs: 1_500,
      llmCalls: 1,
      usage: { input: 300, output: 10, cacheRead: 0, cacheCreation: 0, reasoning: 0 },
      costUsd: 0.001,
      unpricedCalls: 0,
      errors: 0,
      summarySource: 'end_record',
    });
    const rich = JSON.parse(runCli(['sessions', '--json', '--limit', '0', '--dir', dir]).out).sessions.find(
      (s: { name: string }) => s.name === 'support-bot',
    );
    expect(rich).toMatchObject({
      state: 'fail',
      reason: 'TypeError: fetch failed',
      llmCalls: 5,
      errors: 1,
      unpricedCalls: 1,
      costUsd: 0.023055,
    });
  });

  it('tells a running session (its process is alive) from an unfinished one (it is not)', () => {
    const dir = tempStore();
    const running = new SessionBuilder(sessionId('aa'), 'live-one', T0, { pid: process.pid, hostname: os.hostname() });
    running.llm({ model: 'gpt-4o', at: 10, duration: 100, input: 10, output: 5, cost: 0.0001 });
    running.write(dir, false);
    const dead = new SessionBuilder(sessionId('bb'), 'crashed-one', T0 - MINUTE, { pid: 2 ** 22 + 17, hostname: os.hostname() });
    dead.llm({ model: 'gpt-4o', at: 10, duration: 100, input: 10, output: 5, cost: 0.0001 });
    dead.write(dir, false);
    const r = runCli(['sessions', '--dir', dir], { now: T0 + 90_000 });
    const [, live, crashed] = r.out.split('\n');
    expect(live).toMatch(/^aaa1b2c3d4e5 +live-one +2026-11-25 23:35:47 +1m 30s +running /);
    expect(crashed).toMatch(/^bba1b2c3d4e5 +crashed-one +2026-11-25 23:34:47 +110ms +unfinished /);
    const json = JSON.parse(runCli(['sessions', '--json', '--dir', dir], { now: T0 + 90_000 }).out);
    expect(json.sessions.map((s: { state: string }) => s.state)).toEqual(['running', 'unfinished']);
    expect(json.sessions[0]).toMatchObject({ durationMs: 90_000, summarySource: 'spans', llmCalls: 1 });
  });

  it('warns about a torn last line on stderr and still lists the session', () => {
    const dir = tempStore();
    const b = new SessionBuilder(sessionId('cc'), 'crashed-mid-write', T0, { pid: 2 ** 22 + 17 });
    b.llm({ model: 'gpt-4o', at: 10, duration: 100, input: 10, output: 5, cost: 0.0001 });
    const file = b.write(dir, false, '{"t":"span","v":1,"sessionId":"cca1');
    const r = runCli(['sessions', '--dir', dir]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('crashed-mid-write');
    expect(r.err).toBe(`agentsight: warning: ${file}:3: skipped torn last line (the writer stopped mid-line)\n`);
  });

  it('lists an unreadable session file as such, with a warning, and goes on', () => {
    const dir = storeWith(1);
    // A directory with a session file's name: reading it fails (even for root, unlike chmod 000).
    const bad = path.join(dir, SESSIONS_FOLDER, sessionFileName(T0 + 5 * MINUTE, sessionId('dd')));
    fs.mkdirSync(bad);
    const r = runCli(['sessions', '--dir', dir]);
    expect(r.code).toBe(0);
    expect(r.err).toBe(`agentsight: warning: cannot read session file ${bad}: it is a directory, not a file (EISDIR)\n`);
    expect(r.out.split('\n')[1]).toMatch(/^dda1b2c3d4e5 +\? +- +- +unreadable /);
    expect(rowNames(r.out)).toContain('job-0');
    const json = JSON.parse(runCli(['sessions', '--json', '--dir', dir]).out);
    expect(json.sessions[0]).toEqual({ id: sessionId('dd'), file: bad, state: 'unreadable', error: expect.stringContaining('EISDIR') });
  });

  it('says how to record sessions when the store is missing or empty', () => {
    const missing = path.join(tempStore(), 'nothing-here');
    const hint = 'run your app with `node --import agentsight/register app.js`';
    expect(runCli(['sessions', '--dir', missing])).toEqual({ code: 0, out: `no sessions in ${missing} yet; ${hint}\n`, err: '' });
    const empty = tempStore();
    fs.mkdirSync(path.join(empty, SESSIONS_FOLDER));
    expect(runCli(['sessions', '--dir', empty]).out).toBe(`no sessions in ${empty} yet; ${hint}\n`);
    expect(JSON.parse(runCli(['sessions', '--json', '--dir', empty]).out)).toEqual({ dir: empty, total: 0, shown: 0, sessions: [] });
  });

  it('reads AGENTSIGHT_DIR, then .agentsight in the working directory; --dir wins', () => {
    const fromEnv = storeWith(1);
    const fromFlag = storeWith(2);
    const cwd = tempStore();
    const local = path.join(cwd, '.agentsight');
    new SessionBuilder(sessionId('ee'), 'local-one', T0).write(local, { state: 'success' });
    expect(rowNames(runCli(['sessions'], { env: { AGENTSIGHT_DIR: fromEnv } }).out)).toEqual(['job-0']);
    expect(rowNames(runCli(['sessions', '--dir', fromFlag], { env: { AGENTSIGHT_DIR: fromEnv } }).out)).toEqual(['job-1', 'job-0']);
    expect(rowNames(runCli(['sessions'], { cwd }).out)).toEqual(['local-one']);
    expect(rowNames(runCli(['sessions', '--dir', '.agentsight'], { cwd, env: { AGENTSIGHT_DIR: fromEnv } }).out)).toEqual(['local-one']);
  });

  it('fails with one line, no stack, when the store cannot be read', () => {
    const file = path.join(tempStore(), 'not-a-folder');
    fs.writeFileSync(file, '');
    const r = runCli(['sessions', '--dir', file]);
    expect(r).toEqual({
      code: 1,
      out: '',
      err: `agentsight: cannot read the store ${file}: a part of the path is not a directory (ENOTDIR)\n`,
    });
  });
});
