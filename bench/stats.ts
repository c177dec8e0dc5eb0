/**
 * The statistics of the benchmark, kept apart from the runner so that they can be tested (they
 * decide what the table says). Pure functions over numbers.
 *
 * The rule the table follows (bench/README.md): a mode's figure in one round is its per-call
 * median (and p95) divided by the same figure of its baseline SDK in the same round; the table
 * shows the median of those ratios over the rounds. Rounds interleave every mode, so a slow phase
 * of the machine hits a mode and its baseline alike and cancels out of the ratio.
 *
 * This file is loaded by `bench/run.mjs` through Node's type stripping (see
 * `scripts/mock-llm-server.mjs`): it imports nothing and uses only erasable TypeScript.
 */

/** The value at percentile `p` (0-100) of ascending `sorted`, by nearest rank. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/** The median (the mean of the two middle values for an even count); NaN for no values. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** What one child process measured: its per-call times, in microseconds, reduced. */
export interface CallSummary {
  calls: number;
  median: number;
  p95: number;
}

export function summarizeCalls(samples: readonly number[]): CallSummary {
  const sorted = [...samples].sort((a, b) => a - b);
  return { calls: sorted.length, median: percentile(sorted, 50), p95: percentile(sorted, 95) };
}

/** One round of one mode next to its baseline in the same round. */
export interface RoundPair {
  mode: CallSummary;
  baseline: CallSummary;
}

/** The ratios of a mode to its baseline over the rounds, and the absolute figures behind them. */
export interface RatioSummary {
  rounds: number;
  /** Median over rounds of (mode median / baseline median), the table's figure. */
  ratio: number;
  /** Median over rounds of (mode p95 / baseline p95). */
  p95Ratio: number;
  /** The smallest and largest per-round median ratio: how much the rounds disagree. */
  minRatio: number;
  maxRatio: number;
  /** Median over rounds of the per-call medians and p95s, in microseconds. */
  medianUs: number;
  p95Us: number;
  baselineMedianUs: number;
  /** The per-round median ratios, in round order. */
  perRound: number[];
}

export function summarizeRounds(rounds: readonly RoundPair[]): RatioSummary {
  const perRound = rounds.map((r) => r.mode.median / r.baseline.median);
  return {
    rounds: rounds.length,
    ratio: median(perRound),
    p95Ratio: median(rounds.map((r) => r.mode.p95 / r.baseline.p95)),
    minRatio: perRound.length ? Math.min(...perRound) : Number.NaN,
    maxRatio: perRound.length ? Math.max(...perRound) : Number.NaN,
    medianUs: median(rounds.map((r) => r.mode.median)),
    p95Us: median(rounds.map((r) => r.mode.p95)),
    baselineMedianUs: median(rounds.map((r) => r.baseline.median)),
    perRound,
  };
}

/** One start-up pair: the same app started plain and instrumented, back to back. */
export interface StartupPair {
  plainMs: number;
  instrumentedMs: number;
  plainCpuMs: number;
  instrumentedCpuMs: number;
}

export interface StartupSummary {
  pairs: number;
  /** Median of the plain app's wall-clock time. */
  plainMs: number;
  /** Median of the paired differences (instrumented - plain), wall clock and CPU (user + system). */
  addedMs: number;
  addedCpuMs: number;
  /** The quartiles of the wall-clock differences, to show their spread. */
  addedMsQ1: number;
  addedMsQ3: number;
}

export function summarizeStartup(pairs: readonly StartupPair[]): StartupSummary {
  const added = pairs.map((p) => p.instrumentedMs - p.plainMs).sort((a, b) => a - b);
  return {
    pairs: pairs.length,
    plainMs: median(pairs.map((p) => p.plainMs)),
    addedMs: median(added),
    addedCpuMs: median(pairs.map((p) => p.instrumentedCpuMs - p.plainCpuMs)),
    addedMsQ1: percentile(added, 25),
    addedMsQ3: percentile(added, 75),
  };
}
