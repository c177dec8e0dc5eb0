/**
 * The statistics behind the benchmark's table (bench/stats.ts): what a figure in it means.
 * No timing is measured here; the inputs are made-up numbers.
 */
import { median, percentile, summarizeCalls, summarizeRounds, summarizeStartup, type CallSummary } from '../../bench/stats';

const calls = (median: number, p95 = median * 2): CallSummary => ({ calls: 100, median, p95 });

describe('bench statistics', () => {
  it('takes percentiles by nearest rank and the median as the middle (or the mean of the two middles)', () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(sorted, 50)).toBe(5);
    expect(percentile(sorted, 95)).toBe(10);
    expect(percentile(sorted, 0)).toBe(1);
    expect(percentile([], 50)).toBeNaN();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('reduces one child to its call count, median and p95', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(summarizeCalls(samples)).toEqual({ calls: 100, median: 50, p95: 95 });
  });

  it("compares a mode with its baseline round by round, so a slow round of the machine cancels out of the mode's figure", () => {
    // Round 2 ran while the machine was busy: both the mode and its baseline took twice as long.
    const rounds = [
      { mode: calls(1200), baseline: calls(1000) },
      { mode: calls(2400), baseline: calls(2000) },
      { mode: calls(1100), baseline: calls(1000) },
    ];
    const summary = summarizeRounds(rounds);
    expect(summary.rounds).toBe(3);
    expect(summary.perRound.map((r) => Number(r.toFixed(2)))).toEqual([1.2, 1.2, 1.1]);
    expect(summary.ratio).toBeCloseTo(1.2);
    expect(summary.minRatio).toBeCloseTo(1.1);
    expect(summary.maxRatio).toBeCloseTo(1.2);
    expect(summary.p95Ratio).toBeCloseTo(1.2);
    expect(summary.medianUs).toBe(1200);
    expect(summary.baselineMedianUs).toBe(1000);
  });

  it('gives start-up as the median of paired differences, wall clock and CPU', () => {
    const summary = summarizeStartup([
      { plainMs: 480, instrumentedMs: 540, plainCpuMs: 500, instrumentedCpuMs: 580 },
      { plainMs: 700, instrumentedMs: 770, plainCpuMs: 520, instrumentedCpuMs: 590 },
      { plainMs: 490, instrumentedMs: 540, plainCpuMs: 510, instrumentedCpuMs: 600 },
    ]);
    expect(summary).toEqual({ pairs: 3, plainMs: 490, addedMs: 60, addedCpuMs: 80, addedMsQ1: 50, addedMsQ3: 70 });
  });
});
