/**
 * The performance targets of issue 16, and the check of a run against them, so that every table
 * says which targets it meets. Pure: the runner passes what it measured.
 *
 * Loaded by `bench/run.mjs` through Node's type stripping: no imports, erasable TypeScript only.
 */

/** Per-call ratio limits of agentsight's default configuration, by workload kind and Node major. */
export const PER_CALL_LIMITS = {
  json: { node22: 1.08, later: 1.05 },
  stream: { node22: 1.12, later: 1.08 },
} as const;

/** Start-up added by the register entry on Node 22, default configuration, milliseconds. */
export const STARTUP_LIMITS_MS = { cjs: 60, esm: 150 } as const;

/** Memory over the run's calls, against the plain app: RSS within this many MB; the heap "flat" (within this many MB after GC). */
export const MEMORY_LIMITS_MB = { rss: 20, heap: 2 } as const;

/** Under this difference two ratios tie (the issue: rounds of one baseline differ by up to ±20%). */
export const TIE = 0.05;

export interface PerCallResult {
  node: string;
  workload: string;
  workloadKind: 'json' | 'stream';
  mode: string;
  modeKind: 'baseline' | 'agentsight' | 'peer';
  ratio: number;
  /** Spans the mode exported per call made, when it exports over OTLP. */
  spansPerCall?: number;
}

export interface StartupResult {
  node: string;
  format: 'cjs' | 'esm';
  mode: string;
  addedMs: number;
}

export interface MemoryResult {
  node: string;
  /** Instrumented minus plain, MB. */
  rssGrowthMb: number;
  heapGrowthMb: number;
}

export interface Check {
  target: string;
  node: string;
  subject: string;
  value: string;
  verdict: 'met' | 'missed' | 'tie';
}

const nodeMajor = (node: string): number => Number.parseInt(node, 10);
const fixed = (n: number): string => (Number.isFinite(n) ? n.toFixed(2) : 'n/a');

/** The agentsight mode the targets are about, and the one whose provider is switched off. */
export const DEFAULT_MODE = 'agentsight-default';
export const PROVIDER_OFF_MODE = 'agentsight-provider-off';

export function checkTargets(
  perCall: readonly PerCallResult[],
  startup: readonly StartupResult[],
  memory: readonly MemoryResult[],
): Check[] {
  const checks: Check[] = [];
  for (const ours of perCall.filter((r) => r.mode === DEFAULT_MODE)) {
    const limits = PER_CALL_LIMITS[ours.workloadKind];
    const limit = nodeMajor(ours.node) <= 22 ? limits.node22 : limits.later;
    checks.push({
      target: `per call at most ${limit.toFixed(2)}`,
      node: ours.node,
      subject: ours.workload,
      value: fixed(ours.ratio),
      verdict: ours.ratio <= limit ? 'met' : 'missed',
    });
    for (const peer of perCall.filter((r) => r.modeKind === 'peer' && r.node === ours.node && r.workload === ours.workload)) {
      const verdict = Math.abs(ours.ratio - peer.ratio) < TIE ? 'tie' : ours.ratio < peer.ratio ? 'met' : 'missed';
      checks.push({
        target: `below ${peer.mode}`,
        node: ours.node,
        subject: ours.workload,
        value: `${fixed(ours.ratio)} vs ${fixed(peer.ratio)}`,
        verdict,
      });
    }
  }
  for (const off of perCall.filter((r) => r.mode === PROVIDER_OFF_MODE)) {
    checks.push({
      target: 'provider off costs nothing measurable',
      node: off.node,
      subject: off.workload,
      value: fixed(off.ratio),
      verdict: off.ratio < 1 + TIE ? 'met' : 'missed',
    });
    if (off.spansPerCall !== undefined) {
      checks.push({
        target: 'provider off: no span per call (no native SDK spans either)',
        node: off.node,
        subject: off.workload,
        value: `${off.spansPerCall.toFixed(3)} spans/call`,
        verdict: off.spansPerCall < 0.01 ? 'met' : 'missed',
      });
    }
  }
  for (const s of startup.filter((r) => r.mode === DEFAULT_MODE && nodeMajor(r.node) === 22)) {
    const limit = STARTUP_LIMITS_MS[s.format];
    checks.push({
      target: `start-up added at most ${limit} ms`,
      node: s.node,
      subject: s.format === 'cjs' ? 'CommonJS, --require' : 'ESM, --import',
      value: `${s.addedMs.toFixed(0)} ms`,
      verdict: s.addedMs <= limit ? 'met' : 'missed',
    });
  }
  for (const m of memory) {
    checks.push({
      target: `RSS within ${MEMORY_LIMITS_MB.rss} MB of the plain app`,
      node: m.node,
      subject: 'memory run',
      value: `${m.rssGrowthMb.toFixed(1)} MB`,
      verdict: m.rssGrowthMb <= MEMORY_LIMITS_MB.rss ? 'met' : 'missed',
    });
    checks.push({
      target: `heap flat (within ${MEMORY_LIMITS_MB.heap} MB after GC)`,
      node: m.node,
      subject: 'memory run',
      value: `${m.heapGrowthMb.toFixed(1)} MB`,
      verdict: m.heapGrowthMb <= MEMORY_LIMITS_MB.heap ? 'met' : 'missed',
    });
  }
  return checks;
}
