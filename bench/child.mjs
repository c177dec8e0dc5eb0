/**
 * The measuring side of the benchmark, run in a fresh child process per (Node, workload, mode,
 * round) by `run.mjs`, through the app's `bench-entry.cjs` (which requires the SDK by its real
 * name, so that the zero-code hooks see it exactly as in an application).
 *
 * - `kind: 'calls'`: warms up, then times each call on its own with `process.hrtime.bigint()`,
 *   one call after the other; prints `{ "samples": [microseconds, ...] }`.
 * - `kind: 'memory'` (needs `--expose-gc`): warms up, collects garbage, then makes the calls and
 *   reads `process.memoryUsage()` every `sampleEvery` calls and after a last collection; prints
 *   `{ "memory": { start, end, afterGc, trace } }` (bytes).
 *
 * With `profileFile`, the timed calls (not the loading or the warm-up) run under the V8 CPU
 * profiler (node:inspector), whose profile is written there for `npm run bench -- --profile`.
 *
 * Only one JSON line goes to stdout; the runner reads it.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { pathToFileURL } from 'node:url';

/**
 * @param {unknown} sdk the SDK module as the application requires it
 * @param {{ kind: 'calls' | 'memory', scenarioFile: string, mockUrl: string, warmup: number,
 *   iterations: number, sampleEvery?: number, profileFile?: string }} options
 */
export async function runChild(sdk, options) {
  const { default: scenario } = await import(pathToFileURL(options.scenarioFile).href);
  const once = await scenario.setup({ sdk, mockUrl: options.mockUrl });
  for (let i = 0; i < options.warmup; i++) await once();
  const profiler = options.profileFile ? await startProfiler() : undefined;
  const result =
    options.kind === 'memory' ? { memory: await memory(once, options) } : { samples: await timeCalls(once, options.iterations) };
  if (profiler) writeFileSync(options.profileFile, JSON.stringify(await profiler.stop()));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

async function timeCalls(once, iterations) {
  const samples = new Array(iterations);
  for (let i = 0; i < iterations; i++) {
    const start = process.hrtime.bigint();
    await once();
    samples[i] = Number(process.hrtime.bigint() - start) / 1000;
  }
  return samples;
}

async function memory(once, { iterations, sampleEvery = 1000 }) {
  if (typeof globalThis.gc !== 'function') throw new Error('the memory run needs node --expose-gc');
  const read = () => {
    const { rss, heapUsed } = process.memoryUsage();
    return { rss, heapUsed };
  };
  globalThis.gc();
  const start = read();
  const trace = [];
  for (let i = 1; i <= iterations; i++) {
    await once();
    if (i % sampleEvery === 0) trace.push({ calls: i, ...read() });
  }
  const end = read();
  globalThis.gc();
  return { start, end, afterGc: read(), trace };
}

async function startProfiler() {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      return profile;
    },
  };
}
