/**
 * Settings of the property-based (fuzz) tests: a fixed seed and a few hundred runs per property, so
 * that CI is quick and repeatable; `FUZZ_RUNS=10000` runs more, `FUZZ_SEED=<n>` another sequence.
 * fast-check prints the seed and the path of a failing case, and `FUZZ_SEED` plus
 * `FUZZ_PATH` replays it.
 */
import type { Parameters } from 'fast-check';

/** The seed of the fixed sequence the suite runs by default. */
const DEFAULT_SEED = 20_261_201;

/** fast-check parameters for one property; `runs` is its default number of runs. */
export function fuzzParameters<T>(runs = 200): Parameters<T> {
  const envRuns = Number(process.env.FUZZ_RUNS);
  const envSeed = Number(process.env.FUZZ_SEED);
  return {
    seed: Number.isInteger(envSeed) && process.env.FUZZ_SEED !== undefined ? envSeed : DEFAULT_SEED,
    numRuns: Number.isInteger(envRuns) && envRuns > 0 ? envRuns : runs,
    ...(process.env.FUZZ_PATH ? { path: process.env.FUZZ_PATH } : {}),
  };
}
