import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stripAnsi } from '../../src/cli/style';
import { ATTR_AGENTSIGHT_BUDGET_SPENT_USD, ATTR_AGENTSIGHT_BUDGET_USD, EVENT_BUDGET_EXCEEDED } from '../../src/semconv';
import { SESSIONS_FOLDER } from '../../src/store/format';
import { RICH_SHOW, SessionBuilder, T0, richSession, runCli, sessionId, tempStore, useUtcTimeZone } from './fixtures';

useUtcTimeZone();

function richStore(): { dir: string; file: string } {
  const dir = tempStore();
  const file = richSession().write(dir, { state: 'fail', reason: 'TypeError: fetch failed' });
  return { dir, file };
}

interface JsonSpan {
  name?: string;
  missing?: true;
  spanId: string;
  children: JsonSpan[];
}
/** The tree as nested names, for shape checks. */
const shape = (nodes: JsonSpan[]): unknown[] =>
  nodes.map((n) =>
    n.children.length > 0 ? { [n.name ?? `(missing ${n.spanId})`]: shape(n.children) } : (n.name ?? `(missing ${n.spanId})`),
  );

describe('agentsight show', () => {
  it('prints the header, the span tree and the totals in a fixed format', () => {
    const { dir, file } = richStore();
    const r = runCli(['show', '4bf92f', '--dir', dir]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toBe(RICH_SHOW.replace('<FILE>', file));
  });

  it('nests agents, tools and LLM calls under their parents, in start order (--json)', () => {
    const { dir } = richStore();
    const json = JSON.parse(runCli(['show', '4bf92f3577b3a1b2c3d4e5f60718293a', '--json', '--dir', dir]).out);
    expect(shape(json.spans)).toEqual([
      {
        'session support-bot': [
          {
            'invoke_agent planner': [
              'chat gpt-4o',
              { 'execute_tool search': ['chat gpt-4o-mini'] },
              { 'invoke_agent researcher': ['chat claude-sonnet-4-5', 'execute_tool fetch_page', 'chat my-local-model'] },
            ],
          },
          'chat gpt-4o',
        ],
      },
    ]);
    expect(json).toMatchObject({
      id: sessionId('4bf92f3577b3'),
      state: 'fail',
      reason: 'TypeError: fetch failed',
      startMs: T0,
      durationMs: 12_400,
      summarySource: 'end_record',
      unpricedCalls: 1,
      start: { t: 'session_start', name: 'support-bot', tags: ['prod', 'eu-west'], pid: 4242 },
      end: { t: 'session_end', state: 'fail' },
      summary: { llmCalls: 5, toolCalls: 2, errors: 1, costUsd: 0.023055 },
      warnings: [],
    });
    expect(json.byModel.find((m: { model: string }) => m.model === 'my-local-model')).toMatchObject({
      calls: 1,
      unpricedCalls: 1,
      costUsd: 0,
    });
    expect(json.byAgent).toEqual([
      expect.objectContaining({ agent: 'researcher', runs: 1, calls: 2, unpricedCalls: 1, costUsd: 0.0165 }),
      expect.objectContaining({ agent: 'planner', runs: 1, calls: 2, costUsd: 0.005355 }),
      expect.objectContaining({ agent: null, calls: 1, costUsd: 0.0012 }),
    ]);
  });

  it('counts LLM calls and errors per model, and marks errors that passed up from below', () => {
    const dir = tempStore();
    const b = new SessionBuilder(sessionId('5e'), 'retry-loop', T0, { durationMs: 3_000 });
    const agent = b.agent('writer', 0, 2_900, undefined, { type: 'RateLimitError', message: '429 slow down', propagated: true });
    b.llm({ model: 'gpt-4o', at: 10, duration: 100, error: { type: 'RateLimitError', message: '429 slow down\nretry-after: 1' } }, agent);
    b.llm({ model: 'gpt-4o', at: 200, duration: 800, input: 1_000, output: 100, cost: 0.0035 }, agent);
    b.llm({ model: 'gpt-4o-mini', at: 1_100, duration: 400, input: 200, output: 20, cost: 0.00004 }, agent);
    b.write(dir, { state: 'fail', reason: 'RateLimitError: 429 slow down' });
    const out = runCli(['show', '5e', '--dir', dir]).out;
    expect(out).toContain(
      '└─ [agent] invoke_agent writer  2.90s  3 LLM calls · in 1,200 / out 120 · $0.0035 · 1 error  ✗ RateLimitError (raised inside)',
    );
    expect(out).toContain('   ├─ [llm] chat gpt-4o  100ms  gpt-4o · no usage reported  ✗ RateLimitError: 429 slow down\n');
    expect(out).toContain('  LLM calls  3 (1 failed) · errors 1 · tool calls 0 · actions 0\n');
    expect(out).toContain(
      [
        '  model        calls  errors  input  output      cost',
        '  gpt-4o           2       1  1,000     100   $0.0035',
        '  gpt-4o-mini      1       0    200      20  $0.00004',
      ].join('\n'),
    );
    expect(out).toContain('  writer                    1      3  1,200     120  $0.0035');
  });

  it('shows a running session with its totals rebuilt from the spans written so far', () => {
    const dir = tempStore();
    const b = new SessionBuilder(sessionId('ab'), 'live-one', T0, { pid: process.pid, hostname: os.hostname() });
    const agent = b.agent('planner', 10, 500);
    b.llm({ model: 'gpt-4o', at: 20, duration: 300, input: 100, output: 10, cost: 0.0004 }, agent);
    // Still open: an agent whose LLM call has ended.
    b.llm({ model: 'gpt-4o', at: 700, duration: 200, input: 50, output: 5, cost: 0.0002 }, { spanId: 'ffff000000000001' } as never);
    b.write(dir, false);
    const r = runCli(['show', 'ab', '--dir', dir], { now: T0 + 65_000 });
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines).toContain('  duration  1m 05s so far');
    expect(lines).toContain(`  state     running (no end record yet; pid ${process.pid} is alive)`);
    expect(r.out).toContain(
      [
        '[session] session live-one  (root span still open)  2 LLM calls · in 150 / out 15 · $0.0006',
        '├─ [open] span 0000000000000001 (still open)',
        '│  └─ [agent] invoke_agent planner  500ms  1 LLM call · in 100 / out 10 · $0.0004',
        '│     └─ [llm] chat gpt-4o  300ms  gpt-4o · in 100 / out 10 · $0.0004',
        '└─ [open] span ffff000000000001 (still open)',
        '   └─ [llm] chat gpt-4o  200ms  gpt-4o · in 50 / out 5 · $0.0002',
      ].join('\n'),
    );
    expect(r.out).toContain('totals (rebuilt from the spans written so far: the session has no end record)');
    expect(r.out).toContain('  gpt-4o      2       0    150      15  $0.0006');
  });

  it('shows an unfinished session (its process is gone) and warns about its torn last line', () => {
    const dir = tempStore();
    const b = new SessionBuilder(sessionId('cd'), 'crashed', T0, { pid: 2 ** 22 + 17, hostname: os.hostname() });
    b.llm({ model: 'gpt-4o', at: 20, duration: 300, input: 100, output: 10, cost: 0.0004 });
    const file = b.write(dir, false, '{"t":"span","v":1,"sessionId":"cd');
    const r = runCli(['show', 'cd', '--dir', dir]);
    expect(r.code).toBe(0);
    expect(r.err).toBe(`agentsight: warning: ${file}:3: skipped torn last line (the writer stopped mid-line)\n`);
    expect(r.out).toContain('  duration  320ms until its last written span\n');
    expect(r.out).toContain(
      `  state     unfinished (no end record, and pid ${2 ** 22 + 17} is not running here: it ended or crashed first)\n`,
    );
    expect(r.out).toContain('└─ [open] span 0000000000000001 (never written)\n   └─ [llm] chat gpt-4o  300ms');
    expect(JSON.parse(runCli(['show', 'cd', '--json', '--dir', dir]).out).warnings).toEqual([
      `${file}:3: skipped torn last line (the writer stopped mid-line)`,
    ]);
  });

  it('interleaves log records with the spans in time order, each under the span it was written in (and --json lists them)', () => {
    const dir = tempStore();
    const b = new SessionBuilder(sessionId('ef'), 'chatty', T0);
    const tool = b.tool('search', 100, 200);
    b.log(20, 'INFO', 'before the tool');
    b.log(150, 'WARN', 'inside the tool', tool);
    b.log(250, 'ERROR', 'first line\nsecond line\nthird line', tool);
    b.log(400, 'DEBUG', 'after the tool');
    b.log(500, 'INFO', 'in a span that is not in the store', { spanId: 'ffff000000000009' } as never);
    b.write(dir, { state: 'success' });
    const r = runCli(['show', 'ef', '--dir', dir]);
    expect(r.out).toContain(
      [
        '[session] session chatty  10.0s  0 LLM calls',
        '├─ [log] +20ms INFO before the tool',
        '├─ [tool] execute_tool search  200ms',
        '│  ├─ [log] +150ms WARN inside the tool',
        '│  └─ [log] +250ms ERROR first line (+2 lines)',
        '├─ [log] +400ms DEBUG after the tool',
        '└─ [log] +500ms INFO in a span that is not in the store',
      ].join('\n'),
    );
    const json = JSON.parse(runCli(['show', 'ef', '--json', '--dir', dir]).out);
    expect(json.logs.map((l: { body: string }) => l.body)).toEqual([
      'before the tool',
      'inside the tool',
      'first line\nsecond line\nthird line',
      'after the tool',
      'in a span that is not in the store',
    ]);
  });

  it('puts the log records of a running session under the open spans they were written in', () => {
    const dir = tempStore();
    const b = new SessionBuilder(sessionId('ee'), 'live-logs', T0, { pid: process.pid, hostname: os.hostname() });
    b.llm({ model: 'gpt-4o', at: 20, duration: 300, input: 100, output: 10, cost: 0.0004 });
    b.log(10, 'INFO', 'in the session span, still open');
    b.write(dir, false);
    const r = runCli(['show', 'ee', '--dir', dir], { now: T0 + 1_000 });
    expect(r.out).toContain(
      [
        '└─ [open] span 0000000000000001 (still open)',
        '   ├─ [log] +10ms INFO in the session span, still open',
        '   └─ [llm] chat gpt-4o  300ms',
      ].join('\n'),
    );
  });

  it('shows a budget crossing recorded on the session span', () => {
    const dir = tempStore();
    const b = new SessionBuilder(sessionId('bd'), 'spender', T0);
    b.llm({ model: 'gpt-4o', at: 20, duration: 300, input: 100, output: 10, cost: 0.6 });
    b.root.events.push({
      name: EVENT_BUDGET_EXCEEDED,
      timeMs: T0 + 320,
      attributes: { [ATTR_AGENTSIGHT_BUDGET_USD]: 0.5, [ATTR_AGENTSIGHT_BUDGET_SPENT_USD]: 0.6 },
    });
    b.write(dir, { state: 'success' });
    expect(runCli(['show', 'bd', '--dir', dir]).out).toContain('· $0.6000  ⚠ budget $0.5000 exceeded (spent $0.6000)\n');
  });

  it('lists the candidates of an ambiguous prefix', () => {
    const dir = tempStore();
    new SessionBuilder(sessionId('4bf9aa'), 'first', T0).write(dir, { state: 'success' });
    new SessionBuilder(sessionId('4bf9bb'), 'second', T0 + 60_000).write(dir, { state: 'success' });
    const r = runCli(['show', '4BF9', '--dir', dir]);
    expect(r).toEqual({
      code: 1,
      out: '',
      err:
        `agentsight: "4bf9" is ambiguous: 2 sessions in ${dir} start with it; give more of the id:\n` +
        `  ${sessionId('4bf9bb')}  2026-11-25 23:36:47  second\n` +
        `  ${sessionId('4bf9aa')}  2026-11-25 23:35:47  first\n`,
    });
    expect(runCli(['show', '4bf9b', '--dir', dir]).out).toContain('  name      second\n');
  });

  it('says so when no session has the id, or the store has none', () => {
    const { dir } = richStore();
    expect(runCli(['show', '0123', '--dir', dir])).toEqual({
      code: 1,
      out: '',
      err: `agentsight: no session in ${dir} has an id starting with "0123"; \`agentsight sessions\` lists them\n`,
    });
    const empty = tempStore();
    expect(runCli(['show', '0123', '--dir', empty])).toEqual({
      code: 1,
      out: '',
      err: `agentsight: no sessions in ${empty} yet; run your app with \`node --import agentsight/register app.js\`\n`,
    });
  });

  it('fails with one line when the session file cannot be read', () => {
    const dir = tempStore();
    const bad = path.join(dir, SESSIONS_FOLDER, `20261125T233547123Z_${sessionId('ee')}.jsonl`);
    fs.mkdirSync(bad, { recursive: true });
    expect(runCli(['show', 'ee', '--dir', dir])).toEqual({
      code: 1,
      out: '',
      err: `agentsight: cannot read session file ${bad}: it is a directory, not a file (EISDIR)\n`,
    });
  });

  it('colors a terminal, and the colored text is the plain text plus escape codes', () => {
    const { dir, file } = richStore();
    const colored = runCli(['show', '4bf92f', '--dir', dir], { tty: true }).out;
    expect(colored).toContain('\u001b[31m✗ TypeError: fetch failed\u001b[39m');
    expect(stripAnsi(colored)).toBe(RICH_SHOW.replace('<FILE>', file));
    expect(runCli(['show', '4bf92f', '--dir', dir], { tty: true, env: { NO_COLOR: '1' } }).out).not.toContain('\u001b[');
    expect(runCli(['sessions', '--dir', dir], { tty: true }).out).toContain('\u001b[31mfail\u001b[39m');
  });
});
