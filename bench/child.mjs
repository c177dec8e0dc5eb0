/**
 * The measuring side of the benchmark, run in a child process per (scenario, mode, round) by
 * `run.mjs` (through a small entry file in the bench app that imports the SDK by its real name, so
 * that the zero-code hooks see it exactly as in an application).
 *
 * Warms up, then times each call on its own with `process.hrtime.bigint()`, one call after the
 * other, and prints one JSON line: `{ "samples": [microseconds, ...] }`.
 */
import { pathToFileURL } from 'node:url';

/**
 * @param {unknown} sdk the SDK module as the application imports it
 * @param {{ scenarioFile: string, iterations: number, warmup: number, mockUrl: string }} options
 */
export async function measure(sdk, { scenarioFile, iterations, warmup, mockUrl }) {
  const { default: scenario } = await import(pathToFileURL(scenarioFile).href);
  const once = await scenario.setup({ sdk, mockUrl });
  for (let i = 0; i < warmup; i++) await once();
  const samples = new Array(iterations);
  for (let i = 0; i < iterations; i++) {
    const start = process.hrtime.bigint();
    await once();
    samples[i] = Number(process.hrtime.bigint() - start) / 1000;
  }
  process.stdout.write(`${JSON.stringify({ samples })}\n`);
}
