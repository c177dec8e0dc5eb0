/**
 * `agentsight show` and `sessions` for a session that several processes wrote: one tree, each
 * part marked with the process that wrote it, delegations with their state and verdict; listed
 * once.
 */
import { renderShow } from '../../src/cli/show-render';
import { buildReport } from '../../src/cli/session-report';
import { sessionsCommand } from '../../src/cli/sessions-command';
import { makeStyle } from '../../src/cli/style';

const PLAIN = makeStyle(false);
import { listSessionFiles, readSession } from '../../src/store/reader';
import {
  ATTR_AGENTSIGHT_DELEGATION_ID,
  ATTR_AGENTSIGHT_DELEGATION_STATE,
  ATTR_AGENTSIGHT_DELEGATION_TARGET,
  ATTR_AGENTSIGHT_DELEGATION_VERIFIED,
  SPAN_KIND,
} from '../../src/semconv';
import { PartBuilder, SessionBuilder, T0, sessionId, tempStore } from '../cli/fixtures';

function store(): string {
  const dir = tempStore();
  const b = new SessionBuilder(sessionId('d1e9'), 'plan-trip', T0, { pid: 100, hostname: 'vm', service: 'planner', durationMs: 5_000 });
  const planner = b.agent('planner', 10, 4_900);
  b.llm({ model: 'gpt-4o-mini', at: 20, duration: 100, input: 1_000, output: 100, cost: 0.0003 }, planner);
  const delegation = b.span({
    name: 'delegate researcher',
    kind: SPAN_KIND.DELEGATION,
    otelKind: 'PRODUCER',
    parent: planner,
    at: 200,
    duration: 4_000,
    attributes: {
      [ATTR_AGENTSIGHT_DELEGATION_ID]: 'x',
      [ATTR_AGENTSIGHT_DELEGATION_TARGET]: 'researcher',
      [ATTR_AGENTSIGHT_DELEGATION_STATE]: 'completed',
    },
  });
  const part = new PartBuilder(b, delegation, { pid: 200, hostname: 'vm', service: 'researcher', at: 250 });
  const accepted = part.add(
    b.span({
      name: 'accept_delegation researcher',
      kind: SPAN_KIND.DELEGATION,
      otelKind: 'CONSUMER',
      parent: delegation,
      at: 250,
      duration: 3_900,
      attributes: { [ATTR_AGENTSIGHT_DELEGATION_VERIFIED]: true },
    }),
  );
  const researcher = part.add(b.agent('researcher', 260, 3_000, accepted));
  part.add(b.llm({ model: 'claude-haiku-4-5', at: 300, duration: 900, input: 2_000, output: 500, cost: 0.0045 }, researcher));
  b.write(dir, { state: 'success' });
  part.write(dir);
  return dir;
}

it('prints one tree across processes, each part marked with its process', () => {
  const dir = store();
  const report = buildReport(readSession(listSessionFiles(dir)[0]!), T0 + 10_000);
  const lines = renderShow(report, PLAIN);
  expect(lines.find((l) => l.startsWith('  parts'))).toBe('  parts     pid 200 on vm (researcher)');
  const tree = lines.slice(lines.indexOf('') + 1, lines.indexOf('totals') - 1);
  expect(tree).toEqual([
    '[session] session plan-trip  5.00s  1 LLM call · in 1,000 / out 100 · $0.0003',
    '└─ [agent] invoke_agent planner  4.90s  1 LLM call · in 1,000 / out 100 · $0.0003',
    '   ├─ [llm] chat gpt-4o-mini  100ms  gpt-4o-mini · in 1,000 / out 100 · $0.0003',
    '   └─ [delegation] delegate researcher  4.00s  completed',
    '      └─ [delegation] accept_delegation researcher  3.90s  ✓ token verified  ⇢ researcher pid 200@vm',
    '         └─ [agent] invoke_agent researcher  3.00s  1 LLM call · in 2,000 / out 500 · $0.0045',
    '            └─ [llm] chat claude-haiku-4-5  900ms  claude-haiku-4-5 · in 2,000 / out 500 · $0.0045',
  ]);
  // The totals sum both processes.
  expect(lines).toContain('  LLM calls  2 · errors 0 · tool calls 0 · actions 0');
});

it('lists the session once', () => {
  const dir = store();
  const out: string[] = [];
  sessionsCommand({ dir, out: (t) => out.push(t), warn: () => undefined, style: PLAIN, nowMs: T0 + 10_000 }, { limit: 0, json: true });
  const json = JSON.parse(out.join(''));
  expect(json.total).toBe(1);
  expect(json.sessions[0]).toMatchObject({ name: 'plan-trip', llmCalls: 2, parts: [{ pid: 200, hostname: 'vm', service: 'researcher' }] });
});
