/**
 * The OpenAI scenario suite for one module system: for each openai major, the scenario app runs
 * twice at once (under `agentsight/register` exporting to an OTLP receiver, and plain), then each
 * scenario of the table is one test that checks
 * (a) the caller observed exactly what it observes without agentsight, and
 * (b) the receiver got the scenario's LLM spans, right.
 *
 * The instrumented run asks chat streams for usage (`AGENTSIGHT_OPENAI_STREAM_USAGE=always`), so
 * every chat-stream scenario also shows that the extra usage chunk stays invisible to the caller.
 */
import { ATTR_AGENTSIGHT_SPAN_KIND, ATTR_ERROR_TYPE, ATTR_SESSION_ID, SPAN_KIND } from '../../../src/semconv';
import { startOtlpReceiver, type OtlpSpan } from '../../support/otlp-receiver';
import { MAJORS, SCENARIO_TABLE, type Major, type ScenarioRow, type SpanExpectation } from '../scenario-table';
import { deadPort } from '../../support/scenario-apps';
import { runScenarioApp, spansByScenario, type ModuleSystem, type ScenarioRun } from './scenario-run';

const CLIENT = 3;
const STATUS_ERROR = 2;

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

/** Differences between a span and what it should be, in words (empty: it is right). */
export function spanProblems(span: OtlpSpan, expected: SpanExpectation, parentName: string): string[] {
  const problems: string[] = [];
  if (span.name !== expected.name) problems.push(`name is ${JSON.stringify(span.name)}, expected ${JSON.stringify(expected.name)}`);
  if (span.kind !== CLIENT) problems.push(`kind is ${span.kind}, expected CLIENT`);
  for (const [key, want] of Object.entries(expected.attributes)) {
    const got = span.attributes[key];
    const ok = typeof want === 'function' ? want(got) : JSON.stringify(got) === JSON.stringify(want);
    if (!ok)
      problems.push(`${key} is ${JSON.stringify(got)}, expected ${typeof want === 'function' ? want.toString() : JSON.stringify(want)}`);
  }
  for (const key of expected.absent) {
    if (span.attributes[key] !== undefined) problems.push(`${key} should be absent, is ${JSON.stringify(span.attributes[key])}`);
  }
  if (expected.error !== undefined) {
    if (span.status.code !== STATUS_ERROR) problems.push(`status is ${span.status.code}, expected ERROR`);
    if (span.attributes[ATTR_ERROR_TYPE] !== expected.error)
      problems.push(`error.type is ${JSON.stringify(span.attributes[ATTR_ERROR_TYPE])}, expected ${expected.error}`);
  } else if (span.status.code === STATUS_ERROR) {
    problems.push(`status is ERROR (${span.status.message})`);
  }
  const wantParent = expected.parent === 'agent' ? 'invoke_agent weather-agent' : 'session';
  if (!parentName.startsWith(wantParent)) problems.push(`parent is ${JSON.stringify(parentName)}, expected ${wantParent}`);
  return problems;
}

export function defineScenarioSuite(module: ModuleSystem): void {
  describe.each(MAJORS.map((major) => [major]))(`openai %i, ${module} consumer`, (major: Major) => {
    let instrumented: ScenarioRun;
    let baseline: ScenarioRun;
    let spans: Map<string, OtlpSpan[]>;
    let allSpans: OtlpSpan[];
    let dead: number;

    beforeAll(async () => {
      const receiver = await startOtlpReceiver();
      try {
        dead = await deadPort();
        [instrumented, baseline] = await Promise.all([
          runScenarioApp({ major, module, receiver, deadPort: dead, env: { AGENTSIGHT_OPENAI_STREAM_USAGE: 'always' } }),
          runScenarioApp({ major, module, deadPort: dead }),
        ]);
        // Every session span arrives, flushed when the app exits.
        allSpans = await receiver.waitFor(
          (received) => received.filter((s) => s.name.startsWith('session ')).length >= SCENARIO_TABLE.length,
          10_000,
        );
        spans = spansByScenario(allSpans);
      } finally {
        await receiver.close();
      }
    }, 120_000);

    it('runs exactly the scenarios of the table, on both runs, and leaves stderr silent', () => {
      const names = SCENARIO_TABLE.map((row) => row.name);
      expect(Object.keys(instrumented.results)).toEqual(names);
      expect(Object.keys(baseline.results)).toEqual(names);
      expect(instrumented.run.code).toBe(0);
      // Our only line may be the price table's note about models it has no price for.
      expect(instrumented.run.stderr.split('\n').filter((line) => line && !line.includes('no price for model'))).toEqual([]);
    });

    it('makes no LLM span outside the scenarios (one span per logical call, nothing made twice)', () => {
      const llm = allSpans.filter((s) => s.attributes[ATTR_AGENTSIGHT_SPAN_KIND] === SPAN_KIND.LLM);
      const inScenarios = [...spans.values()].flat().filter((s) => s.attributes[ATTR_AGENTSIGHT_SPAN_KIND] === SPAN_KIND.LLM);
      expect(llm.length).toBe(inScenarios.length);
    });

    it.each(SCENARIO_TABLE.map((row) => [row.name, row] as const))('%s', (name: string, row: ScenarioRow) => {
      const observed = instrumented.results[name];
      // (a) the caller's view, identical to an uninstrumented run
      expect(JSON.stringify(observed)).not.toMatch(/"scenario(Failed|Pending)"/);
      expect(normalizeObserved(observed)).toEqual(normalizeObserved(baseline.results[name]));
      expect(instrumented.requests[name]?.length ?? 0).toBe(baseline.requests[name]?.length ?? 0);
      if (row.attempts !== undefined) expect(baseline.requests[name]?.length).toBe(row.attempts);

      // (b) the spans
      const scenarioSpans = spans.get(name) ?? [];
      const session = scenarioSpans.find((s) => s.name === `session ${name}`);
      expect(session).toBeDefined();
      const byId = new Map(scenarioSpans.map((s) => [s.spanId, s]));
      const llm = scenarioSpans
        .filter((s) => s.attributes[ATTR_AGENTSIGHT_SPAN_KIND] === SPAN_KIND.LLM)
        .sort((a, b) => (a.startTimeUnixNano < b.startTimeUnixNano ? -1 : 1));
      const expected = row.spans({ major, observed, mockPort: instrumented.mockPort, deadPort: dead });
      expect(llm.map((s) => s.name)).toEqual(expected.map((e) => e.name));
      const problems = llm.flatMap((span, i) => {
        const parent = span.parentSpanId ? (byId.get(span.parentSpanId)?.name ?? '(unknown)') : '(none)';
        const sessionId =
          span.attributes[ATTR_SESSION_ID] === session?.attributes[ATTR_SESSION_ID] ? [] : [`session.id is not the session's`];
        return [...spanProblems(span, expected[i]!, parent), ...sessionId].map((p) => `span ${i + 1}: ${p}`);
      });
      expect(problems).toEqual([]);
    });
  });
}
