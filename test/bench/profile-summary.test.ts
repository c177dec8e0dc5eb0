/** What `npm run bench -- --profile` says about a CPU profile (bench/profile-summary.ts), on a made-up profile. */
import { nodeAreaOf, packageOf, summarizeProfile, type CpuProfile } from '../../bench/profile-summary';

const app = '/work/app/node_modules';

describe('profile summary', () => {
  it.each([
    [`file://${app}/agentsight/dist/src/index.js`, 'agentsight'],
    [`${app}/@opentelemetry/sdk-trace/dist/Span.cjs`, '@opentelemetry/sdk-trace'],
    [`${app}/@traceloop/instrumentation-openai/node_modules/@opentelemetry/core/dist/index.js`, '@opentelemetry/core'],
    [`${app}/openai/core/streaming.js`, 'openai'],
    ['node:internal/deps/undici/undici', 'node internals'],
    ['node:fs', 'node internals'],
    ['', 'node internals'],
    ['/work/repo/bench/child.mjs', 'bench'],
    ['/work/app/startup.cjs', 'app'],
  ])('puts %s under %s', (url, pkg) => {
    expect(packageOf(url)).toBe(pkg);
  });

  it('names the pseudo-frames of V8 apart and places node internals in their area', () => {
    expect(packageOf('', '(garbage collector)')).toBe('(gc)');
    expect(packageOf('', '(idle)')).toBe('(idle)');
    expect(packageOf('', '(program)')).toBe('(program)');
    expect(nodeAreaOf('node:internal/deps/undici/undici')).toBe('undici');
    expect(nodeAreaOf('node:internal/async_local_storage/async_hooks')).toBe('async_hooks');
    expect(nodeAreaOf('node:internal/modules/cjs/loader')).toBe('modules');
    expect(nodeAreaOf('node:events')).toBe('events');
    expect(nodeAreaOf('')).toBe('native');
  });

  it('gives self time per function and package, and the time each package spends on the stack', () => {
    const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 9, columnNumber: 0 });
    // root -> create (openai) -> wrapper (agentsight) -> startSpan (@opentelemetry/sdk-trace)
    //      -> (idle)
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame('(root)', ''), children: [2, 5] },
        { id: 2, callFrame: frame('create', `${app}/openai/resources/chat.js`), children: [3] },
        { id: 3, callFrame: frame('wrapper', `${app}/agentsight/dist/llm-call.js`), children: [4] },
        { id: 4, callFrame: frame('startSpan', `${app}/@opentelemetry/sdk-trace/dist/Tracer.cjs`) },
        { id: 5, callFrame: frame('(idle)', '') },
      ],
      startTime: 0,
      endTime: 10_000,
      // Each sample lasts until the next one: 1 ms each, the last one the mean (2 ms).
      samples: [2, 3, 4, 4, 5],
      timeDeltas: [0, 1000, 1000, 1000, 1000],
    };
    const summary = summarizeProfile(profile);
    expect(summary.totalMs).toBe(6);
    expect(summary.idleMs).toBe(2);
    expect(summary.groups).toEqual([
      { group: '@opentelemetry', selfMs: 2, onStackMs: 2 },
      { group: 'openai', selfMs: 1, onStackMs: 4 },
      { group: 'agentsight', selfMs: 1, onStackMs: 3 },
    ]);
    expect(summary.functions[0]).toEqual({
      name: 'startSpan',
      location: '@opentelemetry/sdk-trace/dist/Tracer.cjs:10',
      package: '@opentelemetry/sdk-trace',
      selfMs: 2,
    });
    expect(summary.functions.map((f) => f.name)).not.toContain('(idle)');
  });
});
