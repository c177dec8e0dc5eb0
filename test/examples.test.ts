/**
 * Every script in examples/ runs as documented (its header says how) against the mock LLM
 * server, and leaves the sessions it promises in the local store.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listSessionFiles, readSession, type SessionData } from '../src/store/reader';
import { startMockLlmServer, type MockLlmServer } from './support/mock-llm-server';
import { cleanEnv, runNode } from './support/run-node';
import { REPO_ROOT } from './support/sdk-apps';
import {
  ATTR_AGENTSIGHT_ENDED_BY,
  ATTR_AGENTSIGHT_SPAN_KIND,
  ATTR_GEN_AI_AGENT_ID,
  ENDED_BY,
  EVENT_BUDGET_EXCEEDED,
  SPAN_KIND,
} from '../src/semconv';

let mock: MockLlmServer;
beforeAll(async () => {
  mock = await startMockLlmServer();
});
afterAll(() => mock.close());

async function runExample(
  file: string,
  env: Record<string, string> = {},
  stderr: string | RegExp = '',
): Promise<{ stdout: string; sessions: SessionData[] }> {
  const store = fs.mkdtempSync(path.join(os.tmpdir(), 'agentsight-example-'));
  const preload = file.endsWith('.mjs')
    ? ['--import', 'agentsight/register']
    : file.includes('manual')
      ? []
      : ['--require', 'agentsight/register'];
  const result = await runNode([...preload, path.join('examples', file)], {
    cwd: REPO_ROOT,
    env: cleanEnv({
      AGENTSIGHT_DIR: store,
      OPENAI_BASE_URL: mock.openaiBaseURL,
      OPENAI_API_KEY: 'sk-example',
      ANTHROPIC_BASE_URL: mock.anthropicBaseURL,
      ANTHROPIC_API_KEY: 'sk-ant-example',
      ...env,
    }),
  });
  if (typeof stderr === 'string') expect(result.stderr).toBe(stderr);
  else expect(result.stderr).toMatch(stderr);
  expect(result.code).toBe(0);
  return { stdout: result.stdout, sessions: listSessionFiles(store).map(readSession) };
}

const llmSpans = (s: SessionData) => s.spans.filter((x) => x.attributes[ATTR_AGENTSIGHT_SPAN_KIND] === SPAN_KIND.LLM);
const named = (sessions: SessionData[], name: string) => sessions.find((s) => s.start?.name === name)!;

describe('examples', () => {
  it('covers every example file', () => {
    expect(fs.readdirSync(path.join(REPO_ROOT, 'examples')).sort()).toEqual(
      [
        'agents-and-tools.cjs',
        'budget.mjs',
        'bundled-manual.cjs',
        'concurrent-sessions.mjs',
        'demo-agent.mjs',
        'keep-failed-sessions.mjs',
        'logs.mjs',
        'streaming.mjs',
      ].sort(),
    );
  });

  it('concurrent-sessions.mjs: one session per request, each with its own LLM call', async () => {
    const { stdout, sessions } = await runExample('concurrent-sessions.mjs');
    expect(stdout).toBe('3 requests answered, each in its own session\n');
    expect(sessions.map((s) => s.start?.name).sort()).toEqual(['request-1', 'request-2', 'request-3']);
    for (const s of sessions) expect(llmSpans(s)).toHaveLength(1);
  });

  it('agents-and-tools.cjs: agent, tool, action and LLM call nested in the session', async () => {
    const { stdout, sessions } = await runExample('agents-and-tools.cjs');
    expect(stdout).toBe('research done\n');
    const research = named(sessions, 'research');
    const byName = new Map(research.spans.map((s) => [s.name, s]));
    const agent = byName.get('invoke_agent researcher')!;
    expect(agent.attributes[ATTR_GEN_AI_AGENT_ID]).toBe('agent-7');
    for (const child of ['execute_tool search_docs', 'chat gpt-4o-mini', 'action save-notes'])
      expect(byName.get(child)?.parentSpanId).toBe(agent.spanId);
    expect(agent.events.map((e) => e.name)).toEqual(['search.done']);
  });

  it('budget.mjs: enforce mode refuses the call after the budget is spent', async () => {
    const { stdout, sessions } = await runExample(
      'budget.mjs',
      { AGENTSIGHT_BUDGET_MODE: 'enforce' },
      // The one warning when the budget is crossed.
      /^agentsight\/llm warn: session "runaway-loop" \([0-9a-f]{32}\) spent \$0\.0000\d+, over its \$0\.00001 budget; further LLM calls in it are refused\n$/,
    );
    expect(stdout).toMatch(/^stopped at step \d+: spent \$0\.0000\d+ of \$0\.00001\n$/);
    const session = named(sessions, 'runaway-loop');
    const step = Number(/step (\d+)/.exec(stdout)![1]);
    expect(llmSpans(session)).toHaveLength(step - 1);
    expect(mock.requests.filter((r) => JSON.stringify(r.body).includes(`step ${step}"`))).toHaveLength(0);
    expect(session.spans.find((s) => s.name === 'session runaway-loop')!.events.map((e) => e.name)).toContain(EVENT_BUDGET_EXCEEDED);
  });

  it('bundled-manual.cjs: init() and instrumentOpenAI() without the register hook', async () => {
    const { stdout, sessions } = await runExample('bundled-manual.cjs');
    expect(stdout).toMatch(/^reply: /);
    expect(llmSpans(named(sessions, 'bundled'))).toHaveLength(1);
  });

  it('demo-agent.mjs: the planner, its tool and the editor in one session', async () => {
    mock.enqueue({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Lisbon' } }] }, { path: '/v1/chat/completions' });
    const { stdout, sessions } = await runExample('demo-agent.mjs');
    expect(stdout).toMatch(/^plan: {3}.+\nedited: .+\n$/);
    const trip = named(sessions, 'trip-planner');
    expect(trip.spans.map((s) => s.name).sort()).toEqual(
      [
        'chat claude-haiku-5-5',
        'chat gpt-4o-mini',
        'chat gpt-4o-mini',
        'execute_tool get_weather',
        'invoke_agent editor',
        'invoke_agent planner',
        'session trip-planner',
      ].sort(),
    );
  });

  it('logs.mjs: console and pino lines in the session, under the span that wrote them; the terminal unchanged', async () => {
    const { stdout, sessions } = await runExample('logs.mjs', {}, 'order is older than 30 days\n');
    expect(stdout).toBe(
      "ticket #4521: { customer: 'ann', topic: 'refund' }\n" +
        '{"level":30,"order":4521,"msg":"order found"}\n' +
        'not recorded: no session is active\n',
    );
    const ticket = named(sessions, 'support-ticket');
    const tool = ticket.spans.find((s) => s.name === 'execute_tool lookup_order')!;
    expect(ticket.logs.map((l) => [l.severityText, l.body, l.spanId === tool.spanId])).toEqual([
      ['INFO', "ticket #4521: { customer: 'ann', topic: 'refund' }", false],
      ['INFO', 'order found', true],
      ['WARN', 'order is older than 30 days', true],
    ]);
  });

  it('keep-failed-sessions.mjs: every session sampled out, the failed one kept whole with its logs', async () => {
    const { sessions } = await runExample(
      'keep-failed-sessions.mjs',
      { AGENTSIGHT_SAMPLE_RATE: '0', AGENTSIGHT_KEEP_FAILED_SESSIONS: 'true' },
      'run 2 failed: report service unavailable\n',
    );
    expect(sessions.map((s) => [s.start?.name, s.end?.state, s.logs.map((l) => l.body)])).toEqual([
      ['nightly-2', 'fail', ['run 2 starts']],
    ]);
    expect(
      named(sessions, 'nightly-2')
        .spans.map((s) => s.name)
        .sort(),
    ).toEqual(['execute_tool fetch_report', 'session nightly-2']);
  });

  it('streaming.mjs: streams of both SDKs, one left early', async () => {
    const { stdout, sessions } = await runExample('streaming.mjs');
    expect(stdout).toMatch(/^openai: \d+ chars, anthropic: 1 block\(s\)\n$/);
    const spans = llmSpans(named(sessions, 'streaming'));
    expect(spans).toHaveLength(3);
    expect(spans.filter((s) => s.attributes[ATTR_AGENTSIGHT_ENDED_BY] === ENDED_BY.CALLER_STOPPED)).toHaveLength(1);
  });
});
