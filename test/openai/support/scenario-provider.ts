/**
 * The OpenAI scenario suite's own part (the harness is `test/support/scenario-harness.ts`): the
 * scenarios are the rows of `scenario-table.ts`, run on every openai major; each must produce the
 * LLM spans its row expects, and make as many requests as its row says (retries).
 *
 * Both runs ask chat streams for usage (`AGENTSIGHT_OPENAI_STREAM_USAGE=always`; the plain run does
 * not load agentsight), so every chat-stream scenario also shows that the extra usage chunk stays
 * invisible to the caller. The request that carries it differs from the plain one on purpose: the
 * runs are compared without `stream_options` (`stream-usage.test.ts` checks what is sent).
 */
import * as path from 'node:path';
import { ATTR_AGENTSIGHT_SPAN_KIND, ATTR_ERROR_TYPE, SPAN_KIND } from '../../../src/semconv';
import type { RecordedRequest } from '../../support/mock-llm-server';
import type { OtlpSpan } from '../../support/otlp-receiver';
import { requestWire, type ScenarioProvider } from '../../support/scenario-harness';
import { SCENARIO_TABLE, type Major, type SpanExpectation } from '../scenario-table';

const CLIENT = 3;
const STATUS_ERROR = 2;
const ROWS = new Map(SCENARIO_TABLE.map((row) => [row.name, row]));

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
      problems.push(`${ATTR_ERROR_TYPE} is ${JSON.stringify(span.attributes[ATTR_ERROR_TYPE])}, expected ${expected.error}`);
  } else if (span.status.code === STATUS_ERROR) {
    problems.push(`status is ERROR (${span.status.message})`);
  }
  const wantParent = expected.parent === 'agent' ? 'invoke_agent weather-agent' : 'session';
  if (!parentName.startsWith(wantParent)) problems.push(`parent is ${JSON.stringify(parentName)}, expected ${wantParent}`);
  return problems;
}

/**
 * A request as both runs must send it: all but `stream_options`, which the instrumented run adds
 * to chat streams (and the body's length with it).
 */
function wire(request: RecordedRequest): unknown {
  const { stream_options: _, ...body } = (request.body ?? {}) as Record<string, unknown>;
  const { 'content-length': _length, ...headers } = request.headers;
  return requestWire({ ...request, body, headers });
}

export const openaiScenarios: ScenarioProvider<Major> = {
  name: 'openai',
  title: (major) => `openai ${major}`,
  appDir: path.join(__dirname, '..', 'scenario-app'),
  packages: (major) => [`openai-${major}`],
  apiKey: 'sk-scenario-SECRET-0123456789',
  env: { AGENTSIGHT_OPENAI_STREAM_USAGE: 'always' },
  catalog: () => SCENARIO_TABLE.map((row) => ({ name: row.name })),
  wire,
  checkSpans({ name, variant: major, observed, spans, instrumented, bare, deadPort }) {
    const row = ROWS.get(name)!;
    const problems: string[] = [];
    const attempts = bare.requests[name]?.length ?? 0;
    if (row.attempts !== undefined && attempts !== row.attempts)
      problems.push(`the mock got ${attempts} requests, expected ${row.attempts}`);
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const llm = spans
      .filter((s) => s.attributes[ATTR_AGENTSIGHT_SPAN_KIND] === SPAN_KIND.LLM)
      .sort((a, b) => (a.startTimeUnixNano < b.startTimeUnixNano ? -1 : 1));
    const expected = row.spans({ major, observed, mockPort: instrumented.mockPort, deadPort });
    const names = llm.map((s) => s.name);
    const expectedNames = expected.map((e) => e.name);
    if (JSON.stringify(names) !== JSON.stringify(expectedNames))
      return [...problems, `LLM spans ${JSON.stringify(names)}, expected ${JSON.stringify(expectedNames)}`];
    return [
      ...problems,
      ...llm.flatMap((span, i) => {
        const parent = span.parentSpanId ? (byId.get(span.parentSpanId)?.name ?? '(unknown)') : '(none)';
        return spanProblems(span, expected[i]!, parent).map((p) => `span ${i + 1}: ${p}`);
      }),
    ];
  },
};
