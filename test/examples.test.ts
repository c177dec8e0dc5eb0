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
  ATTR_AGENTSIGHT_DELEGATION_STATE,
  ATTR_SESSION_ID,
  DELEGATION_STATE,
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
): Promise<{ stdout: string; sessions: SessionData[]; store: string }> {
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
  return { stdout: result.stdout, sessions: listSessionFiles(store).map(readSession), store };
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
        'delegation',
        'demo-agent.mjs',
        'keep-failed-sessions.mjs',
        'logs.mjs',
        'mcp',
        'streaming.mjs',
        'vercel-ai-agent.mjs',
      ].sort(),
    );
    expect(fs.readdirSync(path.join(REPO_ROOT, 'examples', 'delegation')).sort()).toEqual(['planner.mjs', 'researcher.mjs']);
    expect(fs.readdirSync(path.join(REPO_ROOT, 'examples', 'mcp')).sort()).toEqual(['agent.mjs', 'weather-server.mjs']);
  });

  it("mcp/: an AI SDK agent whose tool is an MCP server over stdio; one session with the server's side, shown as one tree", async () => {
    mock.enqueue({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Lisbon' } }] });
    const { stdout, sessions, store } = await runExample('mcp/agent.mjs');
    expect(stdout).toBe('2 steps: Hello from the mock LLM server.\n');
    expect(sessions).toHaveLength(1);
    const [session] = sessions;
    expect(session!.start?.name).toBe('trip-planner');
    expect(session!.parts.map((p) => p.start?.serviceName)).toEqual(['weather-server']);
    expect(new Set(session!.spans.map((s) => s.attributes[ATTR_SESSION_ID]))).toEqual(new Set([session!.id]));
    const named = (name: string, kind: string) => session!.spans.find((s) => s.name === name && s.kind === kind)!;
    const tool = named('execute_tool get_weather', 'INTERNAL');
    const call = named('tools/call get_weather', 'CLIENT');
    expect(call.parentSpanId).toBe(tool.spanId);
    expect(named('tools/call get_weather', 'SERVER').parentSpanId).toBe(call.spanId);
    expect(named('tools/list', 'SERVER').parentSpanId).toBe(named('tools/list', 'CLIENT').spanId);
    // The MCP request inside the tool execution is not a second tool call.
    expect(session!.end?.summary.toolCalls).toBe(1);

    const show = await runNode([path.join(REPO_ROOT, 'dist', 'src', 'cli', 'main.js'), 'show', session!.id.slice(0, 12), '--dir', store], {
      cwd: REPO_ROOT,
      env: cleanEnv({ NO_COLOR: '1' }),
    });
    expect(show.stderr).toBe('');
    expect(show.stdout).toMatch(/^ {2}parts {5}pid \d+ on .+ \(weather-server\)$/m);
    expect(show.stdout).toMatch(/\[llm\] chat gpt-4o-mini/);
    expect(show.stdout).toMatch(
      /\[tool\] execute_tool get_weather .+\n.+\[client\] tools\/call get_weather .+\n.+\[server\] tools\/call get_weather .+⇢ weather-server pid \d+@/,
    );
    expect(show.stdout).toContain('LLM calls  2 ·');
  });

  it('delegation/: a planner and a researcher process over HTTP with a signed token, one session, shown as one tree', async () => {
    const { stdout, sessions, store } = await runExample('delegation/planner.mjs', { OTEL_SERVICE_NAME: 'planner' });
    const [, id] = /^session ([0-9a-f]{32}): npx agentsight show [0-9a-f]{12}$/m.exec(stdout)!;
    expect(stdout).toMatch(/^researcher \(token verified\): .+/);
    expect(sessions.map((s) => s.id)).toEqual([id]);
    const [session] = sessions;
    expect(session!.parts).toHaveLength(1);
    expect(session!.parts[0]!.start).toMatchObject({ serviceName: 'researcher', sessionId: id });
    expect(new Set(session!.spans.map((s) => s.traceId))).toEqual(new Set([id]));
    expect(new Set(session!.spans.map((s) => s.attributes[ATTR_SESSION_ID]))).toEqual(new Set([id]));
    const byName = new Map(session!.spans.map((s) => [s.name, s]));
    expect(byName.get('accept_delegation researcher')!.parentSpanId).toBe(byName.get('delegate researcher')!.spanId);
    expect(byName.get('delegate researcher')!.attributes[ATTR_AGENTSIGHT_DELEGATION_STATE]).toBe(DELEGATION_STATE.COMPLETED);
    expect(session!.end?.state).toBe('success');

    const show = await runNode([path.join(REPO_ROOT, 'dist', 'src', 'cli', 'main.js'), 'show', id!.slice(0, 12), '--dir', store], {
      cwd: REPO_ROOT,
      env: cleanEnv({ NO_COLOR: '1' }),
    });
    expect(show.stderr).toBe('');
    expect(show.stdout).toMatch(/^ {2}parts {5}pid \d+ on .+ \(researcher\)$/m);
    expect(show.stdout).toMatch(/└─ \[delegation\] delegate researcher .+ completed\n/);
    expect(show.stdout).toMatch(/\[delegation\] accept_delegation researcher .+✓ token verified {2}⇢ researcher pid \d+@/);
    expect(show.stdout).toMatch(/\[llm\] chat claude-haiku-5-5/);
    expect(show.stdout).toContain('LLM calls  2 ·');
  });

  it('concurrent-sessions.mjs: one session per request, each with its own LLM call', async () => {
    const { stdout, sessions } = await runExample('concurrent-sessions.mjs');
    expect(stdout).toBe('3 requests answered, each in its own session\n');
    expect(sessions.map((s) => s.start?.name).sort()).toEqual(['request-1', 'request-2', 'request-3']);
    for (const s of sessions) expect(llmSpans(s)).toHaveLength(1);
  });

  it('vercel-ai-agent.mjs: the AI SDK agent loop, its steps, model calls and tool, with no agentsight code', async () => {
    mock.enqueue({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Lisbon' } }] });
    const { stdout, sessions } = await runExample('vercel-ai-agent.mjs');
    expect(stdout).toBe('2 steps: Hello from the mock LLM server.\n');
    const spans = named(sessions, 'trip-planner').spans;
    const byName = new Map(spans.map((s) => [s.name, s]));
    const agent = byName.get('invoke_agent trip-planner')!;
    expect(agent.attributes[ATTR_GEN_AI_AGENT_ID]).toBe('trip-planner');
    expect(byName.get('step 1')?.parentSpanId).toBe(agent.spanId);
    expect(byName.get('step 2')?.parentSpanId).toBe(agent.spanId);
    expect(byName.get('execute_tool get_weather')?.parentSpanId).toBe(byName.get('step 1')?.spanId);
    expect(llmSpans(named(sessions, 'trip-planner')).map((s) => s.parentSpanId)).toEqual([
      byName.get('step 1')?.spanId,
      byName.get('step 2')?.spanId,
    ]);
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
