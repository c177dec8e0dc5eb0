/**
 * The scenario suite of one SDK version: every call path x end case, for a CommonJS and an ESM
 * consumer, each run once plain and once under `agentsight/register` (four child processes). For
 * every scenario: the caller observed exactly the same thing in both runs, the mock received the
 * same requests, and the spans at the OTLP receiver tell what the caller saw (see span-checks.ts).
 * Scenarios the version cannot run are listed with the reason.
 */
import * as path from 'node:path';
import type { RecordedRequest } from '../../support/mock-llm-server';
import { startOtlpReceiver, type OtlpReceiver, type OtlpSpan, type OtlpValue } from '../../support/otlp-receiver';
import { callerView, type Family } from './caller-view';
import { deadPort } from '../../support/scenario-apps';
import { runScenarioApp, SCENARIO_API_KEY, type AnthropicVersion, type ModuleSystem, type ScenarioRun } from './scenario-run';
import { checkScenario } from './span-checks';

interface AppModule {
  scenarios(v: string, moduleSystem: ModuleSystem): Record<string, unknown>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain CommonJS file, no types
const app = require(path.join(__dirname, '..', 'scenario-app', 'scenarios.cjs')) as AppModule;

const MODULES: ModuleSystem[] = ['cjs', 'esm'];
/**
 * Headers that differ between two runs for reasons of their own: the SDK adds the trace context
 * when its own spans are on, and each run has its own mock (port in `host`).
 */
const RUN_HEADERS = new Set(['traceparent', 'tracestate', 'baggage', 'host']);

function familyOf(pathName: string): Family {
  if (pathName.includes('stream()')) return 'helper';
  if (pathName.includes(' stream')) return 'stream';
  return 'json';
}

/** The scenario names of a version, and what does not apply (grouped by path and reason). */
function catalog(version: AnthropicVersion, module: ModuleSystem): { run: string[]; notApplicable: Map<string, string[]> } {
  const run: string[] = [];
  const notApplicable = new Map<string, string[]>();
  for (const [name, scenario] of Object.entries(app.scenarios(version, module))) {
    if (typeof scenario !== 'string') {
      run.push(name);
      continue;
    }
    const [pathName] = name.split(' | ');
    const key = `${pathName}: ${scenario}`;
    notApplicable.set(key, [...(notApplicable.get(key) ?? []), name]);
  }
  return { run, notApplicable };
}

function wire(requests: RecordedRequest[] | undefined): unknown[] {
  return (requests ?? []).map((r) => ({
    method: r.method,
    path: r.path,
    query: r.query,
    body: r.body,
    headers: Object.fromEntries(Object.entries(r.headers).filter(([k]) => !RUN_HEADERS.has(k))),
  }));
}

function spansOfRun(receiver: OtlpReceiver, run: ScenarioRun): OtlpSpan[] {
  return receiver.spans().filter((s) => s.resource['service.name'] === run.serviceName);
}

/** Spans grouped by the scenario whose session they belong to (the session span's name). */
function byScenario(spans: OtlpSpan[]): Map<string, OtlpSpan[]> {
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

function containsSecret(value: OtlpValue): boolean {
  if (typeof value === 'string') return value.includes(SCENARIO_API_KEY) || value.includes('SECRET');
  if (Array.isArray(value)) return value.some(containsSecret);
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) return Object.values(value).some(containsSecret);
  return false;
}

export function describeScenarioSuite(version: AnthropicVersion): void {
  describe(`@anthropic-ai/sdk ${version}: scenario suite`, () => {
    let receiver: OtlpReceiver;
    let dead = 0;
    const runs = new Map<string, ScenarioRun>();
    const grouped = new Map<ModuleSystem, Map<string, OtlpSpan[]>>();

    beforeAll(async () => {
      receiver = await startOtlpReceiver();
      dead = await deadPort();
      for (const module of MODULES) {
        const [bare, instrumented] = await Promise.all([
          runScenarioApp({ version, module, deadPort: dead }),
          runScenarioApp({ version, module, deadPort: dead, receiver }),
        ]);
        runs.set(`${module} bare`, bare);
        runs.set(`${module} instrumented`, instrumented);
        const expected = catalog(version, module).run.length;
        const spans = await receiver.waitFor(
          (all) => byScenario(all.filter((s) => s.resource['service.name'] === instrumented.serviceName)).size >= expected,
          15_000,
        );
        grouped.set(module, byScenario(spans.filter((s) => s.resource['service.name'] === instrumented.serviceName)));
      }
    }, 240_000);

    afterAll(async () => {
      await receiver?.close();
    });

    describe.each(MODULES)('%s consumer', (module) => {
      const { run: names, notApplicable } = catalog(version, module);
      const bare = (): ScenarioRun => runs.get(`${module} bare`)!;
      const instrumented = (): ScenarioRun => runs.get(`${module} instrumented`)!;

      it('both runs complete every scenario, and agentsight says nothing on stderr', () => {
        for (const r of [bare(), instrumented()]) {
          expect(r.run.code).toBe(0);
          const failed = Object.entries(r.results).filter(([, o]) => o.scenarioFailed !== undefined);
          expect(failed).toEqual([]);
        }
        expect(
          instrumented()
            .run.stderr.split('\n')
            .filter((l) => l.startsWith('agentsight')),
        ).toEqual([]);
      });

      it('puts no API key in any span', () => {
        const spans = spansOfRun(receiver, instrumented());
        const leaks = spans.filter(
          (s) => containsSecret(s.attributes) || s.events.some((e) => containsSecret(e.attributes)) || containsSecret(s.resource),
        );
        expect(leaks.map((s) => s.name)).toEqual([]);
      });

      if (notApplicable.size > 0) {
        it.each([...notApplicable.entries()].map(([key, list]) => [key, list.length, list] as const))(
          'not applicable: %s (%i scenarios)',
          (_key, _count, list) => {
            for (const name of list) {
              expect(bare().results[name]?.notApplicable).toEqual(expect.any(String));
              expect(instrumented().results[name]).toEqual(bare().results[name]);
            }
          },
        );
      }

      it.each(names)('%s', (name) => {
        const seen = instrumented().results[name];
        expect(seen).toBeDefined();
        // The caller cannot tell the runs apart: same values, events, helper outputs and errors.
        expect(seen).toEqual(bare().results[name]);
        // Nothing on the wire changed either: the same requests, attempts included.
        expect(wire(instrumented().requests[name])).toEqual(wire(bare().requests[name]));

        const [pathName = '', caseName = ''] = name.split(' | ');
        const family = familyOf(pathName);
        const problems = checkScenario({
          name,
          pathName,
          caseName,
          family,
          view: callerView(family, caseName, seen!),
          spans: grouped.get(module)?.get(name) ?? [],
          port: caseName === 'connection refused' ? dead : instrumented().mockPort,
        });
        expect(problems).toEqual([]);
      });
    });
  });
}
