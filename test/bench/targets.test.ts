/** How a run is checked against the targets of issue 16 (bench/targets.ts), on made-up results. */
import { checkTargets, type PerCallResult } from '../../bench/targets';

const row = (over: Partial<PerCallResult>): PerCallResult => ({
  node: '22',
  workload: 'openai-json-call',
  workloadKind: 'json',
  mode: 'agentsight-default',
  modeKind: 'agentsight',
  ratio: 1,
  ...over,
});

describe('bench targets', () => {
  it('holds the per-call ratio to the limit of its workload and Node version', () => {
    const checks = checkTargets(
      [
        row({ ratio: 1.07 }),
        row({ node: '26', ratio: 1.07 }),
        row({ workload: 'openai-stream-50-chunks', workloadKind: 'stream', ratio: 1.12 }),
        row({ node: '26', workload: 'openai-stream-50-chunks', workloadKind: 'stream', ratio: 1.09 }),
      ],
      [],
      [],
    );
    expect(checks.map((c) => [c.node, c.target, c.verdict])).toEqual([
      ['22', 'per call at most 1.08', 'met'],
      ['26', 'per call at most 1.05', 'missed'],
      ['22', 'per call at most 1.12', 'met'],
      ['26', 'per call at most 1.08', 'missed'],
    ]);
  });

  it('counts a difference to a peer under 0.05 as a tie', () => {
    const checks = checkTargets(
      [
        row({ ratio: 1.1 }),
        row({ mode: 'peer-contrib', modeKind: 'peer', ratio: 1.2 }),
        row({ mode: 'peer-traceloop', modeKind: 'peer', ratio: 1.13 }),
        row({ mode: 'peer-openinference', modeKind: 'peer', ratio: 1.0 }),
      ],
      [],
      [],
    );
    expect(checks.filter((c) => c.target.startsWith('below')).map((c) => [c.target, c.verdict])).toEqual([
      ['below peer-contrib', 'met'],
      ['below peer-traceloop', 'tie'],
      ['below peer-openinference', 'missed'],
    ]);
  });

  it('wants a provider switched off to cost nothing and to leave no span per call', () => {
    const checks = checkTargets(
      [
        row({ mode: 'agentsight-provider-off', ratio: 1.03, spansPerCall: 0.002 }),
        row({ mode: 'agentsight-provider-off', workload: 'anthropic-json-call', ratio: 1.3, spansPerCall: 1 }),
      ],
      [],
      [],
    );
    expect(checks.map((c) => [c.subject, c.target, c.verdict])).toEqual([
      ['openai-json-call', 'provider off costs nothing measurable', 'met'],
      ['openai-json-call', 'provider off: no span per call (no native SDK spans either)', 'met'],
      ['anthropic-json-call', 'provider off costs nothing measurable', 'missed'],
      ['anthropic-json-call', 'provider off: no span per call (no native SDK spans either)', 'missed'],
    ]);
  });

  it('checks start-up on Node 22 only, and memory on every Node', () => {
    const checks = checkTargets(
      [],
      [
        { node: '22', format: 'cjs', mode: 'agentsight-default', addedMs: 373 },
        { node: '22', format: 'esm', mode: 'agentsight-default', addedMs: 140 },
        { node: '26', format: 'cjs', mode: 'agentsight-default', addedMs: 10 },
        { node: '22', format: 'cjs', mode: 'peer-contrib', addedMs: 10 },
      ],
      [{ node: '26', rssGrowthMb: 30, heapGrowthMb: 0.8 }],
    );
    expect(checks.map((c) => [c.node, c.target, c.verdict])).toEqual([
      ['22', 'start-up added at most 60 ms', 'missed'],
      ['22', 'start-up added at most 150 ms', 'met'],
      ['26', 'RSS within 20 MB of the plain app', 'missed'],
      ['26', 'heap flat (within 2 MB after GC)', 'met'],
    ]);
  });
});
