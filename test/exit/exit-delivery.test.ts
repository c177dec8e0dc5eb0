/**
 * With the collector up, every span of a session arrives, exactly once, whichever way the process
 * leaves: a natural end, `process.exit()`, SIGTERM, SIGINT, an uncaught exception, an unhandled
 * rejection, or a top-level `await shutdown()`; and the process leaves as it would have.
 * (`shutdown-settles.test.ts` repeats the top-level await many times, for issue 20's defect 1.)
 */
import { appHead, EXIT_WAYS, runTimedApp, WORK } from '../support/exit-ways';
import { startMockLlmServer, type MockLlmServer } from '../support/mock-llm-server';
import { startOtlpReceiver, type OtlpReceiver } from '../support/otlp-receiver';
import { ATTR_AGENTSIGHT_SPAN_KIND, ATTR_SESSION_ID, SPAN_KIND } from '../../src/semconv';

let mock: MockLlmServer;
let receiver: OtlpReceiver;
beforeAll(async () => {
  [mock, receiver] = await Promise.all([startMockLlmServer(), startOtlpReceiver()]);
});
afterAll(() => Promise.all([mock.close(), receiver.close()]));
beforeEach(() => receiver.reset());

describe('every span arrives on every way out', () => {
  it.each(EXIT_WAYS.map((way) => [way.name, way]))('%s', async (_name, way) => {
    const { result } = await runTimedApp(
      way.file,
      appHead(way) + WORK + way.ending,
      { MOCK_URL: mock.url, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, AGENTSIGHT_EXPORTERS: 'otlp,local' },
      way.signal,
    );
    expect(result).toMatchObject({ ...way.exit, stdout: 'last\n' });
    expect(result.stderr).not.toContain('agentsight/');
    const spans = await receiver.waitFor((s) => s.some((x) => x.name === 'session leaving'));
    const root = spans.find((s) => s.name === 'session leaving')!;
    const session = spans.filter((s) => s.traceId === root.traceId);
    expect(session.map((s) => s.name).sort()).toEqual(['chat gpt-4o-mini', 'execute_tool step', 'session leaving']);
    expect(new Set(session.map((s) => s.spanId)).size).toBe(session.length);
    for (const s of session) expect(s.attributes[ATTR_SESSION_ID]).toBe(root.traceId);
    expect(root.attributes[ATTR_AGENTSIGHT_SPAN_KIND]).toBe(SPAN_KIND.SESSION);
  });
});
