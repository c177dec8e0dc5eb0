/**
 * The scenario harness: runs a provider's scenario app in child processes, the way a user's app
 * meets the SDK, and checks that agentsight changes nothing the app can see while its spans tell
 * what happened. For one SDK version (a "variant") and one module system, the app runs twice at
 * once against a fresh mock LLM server each (fresh, so the mock's ids are the same in both runs):
 * once plain, once under `agentsight/register` exporting to an OTLP receiver and a local store.
 * Then, for every scenario: the caller observed the same thing in both runs, the mock received the
 * same requests, the scenario's spans are in its session, and the provider's own span checks
 * pass; and no byte the run exported (OTLP bodies, store files) holds the API key or an auth header.
 *
 * How a provider joins (OpenAI and Anthropic do; MCP or the Vercel AI SDK would the same way):
 * 1. Install the SDK versions as npm aliases among the devDependencies (`"ai-7": "npm:ai@7.0.0"`);
 *    `packages(variant)` names the ones a variant needs (`['ai-7', 'ai-sdk-openai-4']`), installed
 *    under their real names next to `agentsight` (see sdk-apps.ts).
 * 2. Write the app in `test/<provider>/scenario-app/`: `main.cjs` and `main.mjs` load the SDK and
 *    hand it to `scenarios.cjs`, whose `main` calls `runScenarios` of
 *    `test/support/scenario-app-common.cjs` with its scenarios and clients. Every file of the folder
 *    is installed (an MCP server script for a stdio child, say); the app reaches the mock at
 *    `MOCK_URL` and may start servers of its own. Requests to the mock carry `ctx.options(name)`.
 * 3. Write one provider file (`test/<provider>/support/scenario-provider.ts`): a `ScenarioProvider`
 *    with the scenario list and the span checks. Each test file then runs a slice of the matrix:
 *    `describeScenarioSuite(provider, variants, modules)`.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { ATTR_AGENTSIGHT_SPAN_KIND, ATTR_SESSION_ID, SPAN_KIND } from '../../src/semconv';
import { startMockLlmServer, type RecordedRequest } from './mock-llm-server';
import { startOtlpReceiver, type OtlpReceiver, type OtlpSpan, type OtlpValue } from './otlp-receiver';
import { cleanEnv, runNode, type RunResult } from './run-node';
import { sdkApp } from './sdk-apps';

export type ModuleSystem = 'cjs' | 'esm';

/** What the caller observed in one scenario (the app's JSON), or `{ notApplicable: reason }`. */
export type Observed = Record<string, unknown> & { notApplicable?: string };

/** A scenario a variant must report, with the reason when it does not apply there. */
export interface ScenarioEntry {
  name: string;
  notApplicable?: string;
}

export interface ScenarioRun {
  /** What the caller observed, per scenario name. */
  results: Record<string, Observed>;
  /** The mock's requests, per scenario name (the `x-scenario` header). */
  requests: Record<string, RecordedRequest[]>;
  run: RunResult;
  /** `service.name` of the run's spans. */
  serviceName: string;
  /** The port of the run's mock server (the spans' `server.port`). */
  mockPort: number;
  /** Every byte of the run's local store (its files, one after the other); empty for the plain run. */
  storeBytes: Buffer;
}

/** What a provider's span checks get for one scenario. */
export interface ScenarioCheck<V> {
  name: string;
  variant: V;
  module: ModuleSystem;
  /** What the caller observed (the instrumented run). */
  observed: Observed;
  /** Every span of the scenario's session. */
  spans: OtlpSpan[];
  instrumented: ScenarioRun;
  bare: ScenarioRun;
  /** The port nothing listens on (`server.port` of a refused connection). */
  deadPort: number;
}

export interface ScenarioProvider<V extends string | number> {
  /** Short name: the prefix of the runs' service names. */
  name: string;
  /** The describe block of a variant (e.g. `openai 4`). */
  title(variant: V): string;
  /** The app's folder in the repository, below `test/`. */
  appDir: string;
  /** The npm aliases a variant's app needs, installed under their real names. */
  packages(variant: V): readonly string[];
  /** The API key the app's clients use; it and the word `SECRET` must appear in no span. */
  apiKey: string;
  /** Environment of both runs (the plain one does not load agentsight). */
  env?: NodeJS.ProcessEnv;
  /** The scenarios the app must report for a variant and module system, in its order. */
  catalog(variant: V, module: ModuleSystem): readonly ScenarioEntry[];
  /** What of a request both runs must agree on (default: all but the headers of the run itself). */
  wire?(request: RecordedRequest): unknown;
  /** Problems with a scenario's spans, in words (empty: they are right). */
  checkSpans(scenario: ScenarioCheck<V>): string[];
}

const TEST_ROOT = path.resolve(__dirname, '..');
const COMMON_FILE = path.join(__dirname, 'scenario-app-common.cjs');

/**
 * The app folder of a variant with the scenario app installed below it at its place under `test/`
 * (so that `../../support/scenario-app-common.cjs` resolves as in the repository). Each file is
 * copied aside, then renamed: a child of another test file may be reading the current copy.
 */
function installScenarioApp(packages: readonly string[], appDir: string): string {
  const dir = sdkApp(packages);
  const files = [COMMON_FILE, ...fs.readdirSync(appDir).map((file) => path.join(appDir, file))];
  for (const file of files) {
    const target = path.join(dir, path.relative(TEST_ROOT, file));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const staging = `${target}.${process.pid}`;
    fs.copyFileSync(file, staging);
    fs.renameSync(staging, target);
  }
  return dir;
}

/** A loopback port nothing listens on (for "connection refused"). */
export async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface ScenarioRunOptions<V> {
  variant: V;
  module: ModuleSystem;
  /** The receiver to export to; absent: the uninstrumented run. */
  receiver?: OtlpReceiver;
  deadPort: number;
  /** Extra environment, after the provider's. */
  env?: NodeJS.ProcessEnv;
  /** Only these scenarios. */
  only?: readonly string[];
}

/** Runs a variant's scenario app once, against a mock of its own. */
export async function runScenarioApp<V extends string | number>(
  provider: ScenarioProvider<V>,
  options: ScenarioRunOptions<V>,
): Promise<ScenarioRun> {
  const dir = installScenarioApp(provider.packages(options.variant), provider.appDir);
  const mock = await startMockLlmServer();
  const instrumented = options.receiver !== undefined;
  const serviceName = `${provider.name}-${options.variant}-${options.module}`;
  const store = instrumented ? fs.mkdtempSync(path.join(os.tmpdir(), `agentsight-${serviceName}-`)) : undefined;
  try {
    const main = path.join(dir, path.relative(TEST_ROOT, provider.appDir), options.module === 'cjs' ? 'main.cjs' : 'main.mjs');
    const register = options.module === 'cjs' ? ['--require', 'agentsight/register'] : ['--import', 'agentsight/register'];
    const env = cleanEnv({
      MOCK_URL: mock.url,
      DEAD_URL: `http://127.0.0.1:${options.deadPort}`,
      SCENARIO_VARIANT: String(options.variant),
      SCENARIO_API_KEY: provider.apiKey,
      ...(options.only ? { SCENARIOS: JSON.stringify(options.only) } : {}),
      ...(options.receiver
        ? {
            SCENARIO_INSTRUMENTED: '1',
            AGENTSIGHT_EXPORTERS: 'otlp,local',
            AGENTSIGHT_DIR: store,
            OTEL_EXPORTER_OTLP_ENDPOINT: options.receiver.url,
            OTEL_SERVICE_NAME: serviceName,
            AGENTSIGHT_AUTO_SESSION: 'false',
          }
        : {}),
      ...provider.env,
      ...options.env,
    });
    const run = await runNode([...(instrumented ? register : []), main], { cwd: dir, env, timeoutMs: 90_000 });
    const line = run.stdout.split('\n').find((l) => l.startsWith('SCENARIO_RESULTS '));
    if (!line)
      throw new Error(`the scenario app printed no results (code ${run.code}, signal ${run.signal}):\n${run.stdout}\n${run.stderr}`);
    const { results } = JSON.parse(line.slice('SCENARIO_RESULTS '.length)) as { results: Record<string, Observed> };
    const requests: Record<string, RecordedRequest[]> = {};
    for (const request of mock.requests) {
      const name = request.headers['x-scenario'];
      if (name) requests[name] = [...(requests[name] ?? []), request];
    }
    return { results, requests, run, serviceName, mockPort: mock.port, storeBytes: store ? filesBytes(store) : Buffer.alloc(0) };
  } finally {
    await mock.close();
    if (store) fs.rmSync(store, { recursive: true, force: true });
  }
}

/** Every file under `dir`, concatenated. */
function filesBytes(dir: string): Buffer {
  const files = fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
  return Buffer.concat(files.map((f) => fs.readFileSync(path.join(f.parentPath, f.name))));
}

/**
 * The secrets a run's requests carried: the API key, and the value of every auth header the SDK
 * sent (`authorization`, `x-api-key`, `proxy-authorization`, AWS signing headers).
 */
export function secretsSent(apiKey: string, requests: readonly RecordedRequest[]): string[] {
  const headers = ['authorization', 'x-api-key', 'proxy-authorization', 'x-amz-security-token'];
  const values = requests.flatMap((r) => headers.map((h) => r.headers[h]).filter((v): v is string => v !== undefined && v !== ''));
  // A header value and the credential inside it (`Bearer <key>`: the key alone must not appear either).
  const parts = values.flatMap((v) => [v, ...v.split(/[\s,=]+/).filter((part) => part.length >= 12)]);
  return [...new Set([apiKey, ...parts])];
}

/** The secrets of `secrets` found in `bytes`. */
export function secretsIn(bytes: Buffer, secrets: readonly string[]): string[] {
  const text = bytes.toString('latin1');
  return secrets.filter((secret) => text.includes(Buffer.from(secret).toString('latin1')));
}

/** Spans grouped by the scenario whose session they belong to (the session span's name). */
export function spansByScenario(spans: readonly OtlpSpan[]): Map<string, OtlpSpan[]> {
  const sessionOf = new Map<string, string>();
  for (const span of spans) {
    if (span.parentSpanId === undefined && span.name.startsWith('session '))
      sessionOf.set(span.traceId, span.name.slice('session '.length));
  }
  const grouped = new Map<string, OtlpSpan[]>();
  for (const span of spans) {
    const name = sessionOf.get(span.traceId);
    if (name !== undefined) grouped.set(name, [...(grouped.get(name) ?? []), span]);
  }
  return grouped;
}

/** What is inherently different between two runs: the timestamps the mock puts in its answers. */
export function normalizeObserved(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/"(created|created_at)":\d+/g, '"$1":0');
  if (Array.isArray(value)) return value.map(normalizeObserved);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [
      key,
      (key === 'created' || key === 'created_at') && typeof v === 'number' ? 0 : normalizeObserved(v),
    ]),
  );
}

/**
 * Headers that differ between two runs for reasons of their own: an SDK adds the trace context
 * when its own spans are on, and each run has its own mock (port in `host`).
 */
const RUN_HEADERS = new Set(['traceparent', 'tracestate', 'baggage', 'host']);

/** A request as both runs must send it: everything but the headers of the run itself. */
export function requestWire(request: RecordedRequest): unknown {
  const { method, path: pathName, query, body, headers } = request;
  return { method, path: pathName, query, body, headers: Object.fromEntries(Object.entries(headers).filter(([k]) => !RUN_HEADERS.has(k))) };
}

function containsSecret(value: OtlpValue, apiKey: string): boolean {
  if (typeof value === 'string') return value.includes(apiKey) || value.includes('SECRET');
  if (Array.isArray(value)) return value.some((v) => containsSecret(v, apiKey));
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array))
    return Object.values(value).some((v) => containsSecret(v, apiKey));
  return false;
}

const isLlm = (span: OtlpSpan): boolean => span.attributes[ATTR_AGENTSIGHT_SPAN_KIND] === SPAN_KIND.LLM;

/**
 * The suite of a provider for these variants and module systems: one describe block each, its
 * two runs made before its tests, and one test per scenario (named after it).
 */
export function describeScenarioSuite<V extends string | number>(
  provider: ScenarioProvider<V>,
  variants: readonly V[],
  modules: readonly ModuleSystem[],
): void {
  let receiver: OtlpReceiver;
  let dead = 0;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    dead = await deadPort();
  });
  afterAll(async () => {
    await receiver?.close();
  });
  const wire = (requests: RecordedRequest[] | undefined): unknown[] => (requests ?? []).map(provider.wire ?? requestWire);

  for (const variant of variants) {
    for (const module of modules) {
      describe(`${provider.title(variant)}, ${module} consumer`, () => {
        const catalog = provider.catalog(variant, module);
        const names = catalog.filter((entry) => entry.notApplicable === undefined).map((entry) => entry.name);
        let bare: ScenarioRun;
        let instrumented: ScenarioRun;
        let spans: OtlpSpan[];
        let byScenario: Map<string, OtlpSpan[]>;

        beforeAll(async () => {
          [instrumented, bare] = await Promise.all([
            runScenarioApp(provider, { variant, module, receiver, deadPort: dead }),
            runScenarioApp(provider, { variant, module, deadPort: dead }),
          ]);
          // Every session span arrives, flushed when the app exits.
          const mine = (all: OtlpSpan[]): OtlpSpan[] => all.filter((s) => s.resource['service.name'] === instrumented.serviceName);
          spans = mine(await receiver.waitFor((all) => spansByScenario(mine(all)).size >= names.length, 15_000));
          byScenario = spansByScenario(spans);
        }, 120_000);

        it('both runs report every scenario and complete it, and agentsight says nothing on stderr', () => {
          for (const r of [bare, instrumented]) {
            expect(r.run.code).toBe(0);
            expect(Object.keys(r.results)).toEqual(catalog.map((entry) => entry.name));
            const unfinished = Object.entries(r.results).filter(
              ([, o]) => o.scenarioFailed !== undefined || o.scenarioPending !== undefined,
            );
            expect(unfinished).toEqual([]);
          }
          // Our only line may be the price table's note about models it has no price for.
          expect(instrumented.run.stderr.split('\n').filter((line) => line && !line.includes('no price for model'))).toEqual([]);
        });

        it('makes no LLM span outside the scenarios (one span per logical call, nothing made twice)', () => {
          const inScenarios = [...byScenario.values()].flat().filter(isLlm);
          expect(spans.filter(isLlm).length).toBe(inScenarios.length);
        });

        it('exports no API key and no auth header in any byte: OTLP bodies and store files', () => {
          const requests = Object.values(instrumented.requests).flat();
          // The SDK sent the key in a header to the mock LLM server: what must not come back out.
          // (A provider that talks to servers of its own, MCP, sends it there; the scan below holds.)
          if (requests.length > 0)
            expect(requests.some((r) => Object.values(r.headers).some((v) => v.includes(provider.apiKey)))).toBe(true);
          const sent = secretsSent(provider.apiKey, requests);
          const bodies = Buffer.concat(receiver.requests.map((r) => Buffer.from(r.body)));
          expect(bodies.length).toBeGreaterThan(0);
          expect(instrumented.storeBytes.length).toBeGreaterThan(0);
          expect({ otlp: secretsIn(bodies, sent), store: secretsIn(instrumented.storeBytes, sent) }).toEqual({ otlp: [], store: [] });
          expect(bodies.toString('latin1')).not.toContain('SECRET');
          expect(instrumented.storeBytes.toString('latin1')).not.toContain('SECRET');
        });

        it('puts no API key in any span', () => {
          const leaks = spans.filter(
            (s) =>
              containsSecret(s.attributes, provider.apiKey) ||
              s.events.some((e) => containsSecret(e.attributes, provider.apiKey)) ||
              containsSecret(s.resource, provider.apiKey),
          );
          expect(leaks.map((s) => s.name)).toEqual([]);
        });

        // What does not apply, grouped by call path and reason.
        const notApplicable = new Map<string, string[]>();
        for (const { name, notApplicable: reason } of catalog) {
          if (reason === undefined) continue;
          const key = `${name.split(' | ')[0]}: ${reason}`;
          notApplicable.set(key, [...(notApplicable.get(key) ?? []), name]);
        }
        if (notApplicable.size > 0) {
          it.each([...notApplicable.entries()].map(([key, list]) => [key, list.length, list] as const))(
            'not applicable: %s (%i scenarios)',
            (_key, _count, list) => {
              for (const name of list) {
                expect(bare.results[name]?.notApplicable).toEqual(expect.any(String));
                expect(instrumented.results[name]).toEqual(bare.results[name]);
              }
            },
          );
        }

        it.each(names)('%s', (name) => {
          const observed = instrumented.results[name];
          expect(observed).toBeDefined();
          expect(JSON.stringify(observed)).not.toMatch(/"scenario(Failed|Pending)"/);
          // The caller cannot tell the runs apart: same values, chunks, events, helper outputs and errors.
          expect(normalizeObserved(observed)).toEqual(normalizeObserved(bare.results[name]));
          // Nothing on the wire changed either: the same requests, retries included.
          expect(wire(instrumented.requests[name])).toEqual(wire(bare.requests[name]));

          const scenarioSpans = byScenario.get(name) ?? [];
          const session = scenarioSpans.find((s) => s.name === `session ${name}`);
          expect(session?.attributes[ATTR_SESSION_ID]).toBe(session?.traceId);
          // Every span of the session carries its session.id.
          const strays = scenarioSpans.filter((s) => s.attributes[ATTR_SESSION_ID] !== session?.attributes[ATTR_SESSION_ID]);
          expect(strays.map((s) => s.name)).toEqual([]);
          const problems = provider.checkSpans({
            name,
            variant,
            module,
            observed: observed!,
            spans: scenarioSpans,
            instrumented,
            bare,
            deadPort: dead,
          });
          expect(problems).toEqual([]);
        });
      });
    }
  }
}
