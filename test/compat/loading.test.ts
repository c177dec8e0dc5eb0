/**
 * How agentsight is loaded: `agentsight/register` given twice (`--require` and `--import` both, or
 * `--import` twice) starts one agentsight that wraps each SDK method once; and turned off by
 * `AGENTSIGHT_ENABLED=false` or `OTEL_SDK_DISABLED=true`, it leaves the SDKs exactly as a plain run
 * has them (the same methods, no module hook, nothing registered with OpenTelemetry, no store).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ATTR_AGENTSIGHT_SPAN_KIND, SPAN_KIND } from '../../src/semconv';
import { listSessionFiles, readSession } from '../../src/store/reader';
import { compatApp, ourLines, results, runCompat, type CompatRun } from './support';

const ALIASES = ['openai-7', 'anthropic-1'];
const MAIN = { cjs: 'main.cjs', esm: 'main.mjs' } as const;

let dir: string;
const plain: Partial<Record<keyof typeof MAIN, CompatRun>> = {};
beforeAll(async () => {
  dir = compatApp(ALIASES);
  [plain.cjs, plain.esm] = await Promise.all([runCompat(dir, [MAIN.cjs]), runCompat(dir, [MAIN.esm])]);
}, 60_000);

describe.each([
  ['--require and --import, CommonJS app', ['--require', 'agentsight/register', '--import', 'agentsight/register'], 'cjs'],
  ['--require and --import, ESM app', ['--require', 'agentsight/register', '--import', 'agentsight/register'], 'esm'],
  ['--import twice, ESM app', ['--import', 'agentsight/register', '--import', 'agentsight/register'], 'esm'],
] as const)('agentsight/register loaded twice: %s', (_name, flags, module) => {
  let run: CompatRun;
  let store: string;
  beforeAll(async () => {
    store = fs.mkdtempSync(path.join(os.tmpdir(), 'agentsight-loading-'));
    run = await runCompat(dir, [...flags, MAIN[module]], {
      COMPAT_INSTRUMENTED: '1',
      AGENTSIGHT_EXPORTERS: 'local',
      AGENTSIGHT_DIR: store,
      AGENTSIGHT_AUTO_SESSION: 'false',
    });
  }, 60_000);
  afterAll(() => fs.rmSync(store, { recursive: true, force: true }));

  it('one agentsight: each method wrapped once, one LLM span per call, the caller none the wiser, nothing said', () => {
    expect(run.run.code).toBe(0);
    expect(results(run)).toEqual(results(plain[module]!));
    const prints = Object.entries(run.output.fingerprint).filter(([, p]) => !Array.isArray(p));
    expect(prints.filter(([, p]) => (p as { wrappedTwice: boolean }).wrappedTwice)).toEqual([]);
    expect(Object.fromEntries(prints.map(([m, p]) => [m, (p as { wrapped: boolean }).wrapped]))).toMatchObject({
      'chat.completions.create': true,
      'messages.create': true,
    });
    const sessions = listSessionFiles(store).map(readSession);
    expect(sessions.map((s) => s.start?.name)).toEqual(['compat']);
    const llm = sessions[0]!.spans.filter((s) => s.attributes[ATTR_AGENTSIGHT_SPAN_KIND] === SPAN_KIND.LLM);
    expect(llm.map((s) => s.name)).toEqual(['chat gpt-4o-mini', 'chat gpt-4o-mini', 'chat claude-haiku-4-5']);
    expect(ourLines(run)).toEqual([]);
  });
});

describe.each([
  ['AGENTSIGHT_ENABLED=false', { AGENTSIGHT_ENABLED: 'false' }],
  ['OTEL_SDK_DISABLED=true', { OTEL_SDK_DISABLED: 'true' }],
] as const)('%s', (_name, env) => {
  it.each([
    ['--require agentsight/register, CommonJS app', ['--require', 'agentsight/register'], 'cjs'],
    ['--import agentsight/register, ESM app', ['--import', 'agentsight/register'], 'esm'],
  ] as const)('%s: the SDKs and the process as a plain run has them; nothing written', async (_how, flags, module) => {
    const run = await runCompat(dir, [...flags, MAIN[module]], { ...env, COMPAT_INSTRUMENTED: '1' });
    expect(run.run.code).toBe(0);
    expect(results(run)).toEqual(results(plain[module]!));
    // The same functions (source and no wrapper marker), the same module loader, no OpenTelemetry globals.
    expect(run.output.fingerprint).toEqual(plain[module]!.output.fingerprint);
    expect(run.output.fingerprint.otelGlobals).toEqual([]);
    expect(ourLines(run)).toEqual([]);
    // The store would be `.agentsight` in the working directory.
    expect(fs.readdirSync(dir)).not.toContain('.agentsight');
  });
});
