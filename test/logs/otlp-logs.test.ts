/**
 * Log records over OTLP, as a backend receives them from an app under `agentsight/register`: each
 * with its severity, body, trace and span ids and `session.id`; and a sampled-out session that
 * failed (AGENTSIGHT_KEEP_FAILED_SESSIONS) arriving whole, spans marked sampled, logs included,
 * with the sampling outcomes counted as a metric.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  ATTR_AGENTSIGHT_LOG_SOURCE,
  ATTR_AGENTSIGHT_LOGS_RECORDED,
  ATTR_AGENTSIGHT_SAMPLING_OUTCOME,
  ATTR_AGENTSIGHT_SAMPLING_RESCUED,
  ATTR_CODE_FUNCTION_NAME,
  ATTR_SESSION_ID,
  LOG_SOURCE,
  METRIC_AGENTSIGHT_SAMPLING_SESSIONS,
} from '../../src/semconv';
import { listSessionFiles, readSession } from '../../src/store/reader';
import { startOtlpReceiver, type OtlpReceiver } from '../support/otlp-receiver';
import { cleanEnv, runNode } from '../support/run-node';
import { REPO_ROOT } from '../support/sdk-apps';

const REGISTER = path.join(REPO_ROOT, 'dist', 'register.js');

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(() => receiver.close());
beforeEach(() => receiver.reset());

async function runApp(body: string, env: Record<string, string> = {}): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentsight-otlp-logs-'));
  fs.writeFileSync(path.join(dir, 'app.cjs'), `const { withSession, withTool } = require(${JSON.stringify(REPO_ROOT)});\n${body}`);
  const store = path.join(dir, 'store');
  const result = await runNode(['--require', REGISTER, 'app.cjs'], {
    cwd: dir,
    env: cleanEnv({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      AGENTSIGHT_DIR: store,
      AGENTSIGHT_AUTO_SESSION: 'false',
      ...env,
    }),
  });
  expect(result).toMatchObject({ code: 0, stderr: expect.not.stringContaining('agentsight/') });
  return store;
}

describe('log records over OTLP', () => {
  it("carry severity, body, the active span's ids and session.id", async () => {
    await runApp(`
      withSession({ name: 'logged' }, async () => {
        console.log('starting %d', 3);
        await withTool('lookup', async () => console.error('lookup failed, retrying'));
      }).then(() => console.log('outside'));
    `);
    const logs = await receiver.waitForLogs((l) => l.length >= 2);
    const spans = await receiver.waitFor((s) => s.length >= 2);
    const session = spans.find((s) => s.name === 'session logged')!;
    const tool = spans.find((s) => s.name === 'execute_tool lookup')!;
    expect(logs.map((l) => [l.severityNumber, l.severityText, l.body])).toEqual([
      [9, 'INFO', 'starting 3'],
      [17, 'ERROR', 'lookup failed, retrying'],
    ]);
    expect([logs[0]!.traceId, logs[0]!.spanId]).toEqual([session.traceId, session.spanId]);
    expect([logs[1]!.traceId, logs[1]!.spanId]).toEqual([tool.traceId, tool.spanId]);
    for (const l of logs) {
      expect(l.attributes).toMatchObject({ [ATTR_SESSION_ID]: session.traceId, [ATTR_AGENTSIGHT_LOG_SOURCE]: LOG_SOURCE.CONSOLE });
      expect(l.flags & 1).toBe(1);
      expect(l.scope.name).toBe('agentsight');
    }
    expect(logs[1]!.attributes[ATTR_CODE_FUNCTION_NAME]).toBe('console.error');
    expect(session.attributes[ATTR_AGENTSIGHT_LOGS_RECORDED]).toBe(2);
  });

  it('brings a failed sampled-out session whole, logs included, and counts the outcomes', async () => {
    const store = await runApp(
      `
      (async () => {
        await withSession({ name: 'fine' }, () => withTool('ok', () => console.log('all good')));
        await withSession({ name: 'broken' }, async () => {
          console.warn('about to fail');
          await withTool('explode', async () => { throw new Error('kaboom'); });
        }).catch(() => {});
      })();
    `,
      { AGENTSIGHT_SAMPLE_RATE: '0', AGENTSIGHT_KEEP_FAILED_SESSIONS: 'true', OTEL_METRIC_EXPORT_INTERVAL: '100' },
    );
    const spans = await receiver.waitFor((s) => s.some((x) => x.name === 'session broken'));
    const logs = await receiver.waitForLogs((l) => l.length >= 1);
    const metrics = await receiver.waitForMetrics((m) => m.some((x) => x.name === METRIC_AGENTSIGHT_SAMPLING_SESSIONS));
    expect(spans.map((s) => s.name).sort()).toEqual(['execute_tool explode', 'session broken']);
    for (const span of spans) expect(span.flags & 1).toBe(1);
    expect(spans.find((s) => s.name === 'session broken')!.attributes[ATTR_AGENTSIGHT_SAMPLING_RESCUED]).toBe(true);
    expect(logs.map((l) => [l.body, l.traceId])).toEqual([['about to fail', spans[0]!.traceId]]);
    const counted = metrics.filter((m) => m.name === METRIC_AGENTSIGHT_SAMPLING_SESSIONS).flatMap((m) => m.points);
    const byOutcome = Object.fromEntries(counted.map((p) => [p.attributes[ATTR_AGENTSIGHT_SAMPLING_OUTCOME], p.value]));
    expect(byOutcome).toEqual({ dropped: 1, rescued: 1 });
    // The local store took it too, with its log line.
    const stored = listSessionFiles(store).map(readSession);
    expect(stored.map((s) => [s.start?.name, s.end?.state, s.logs.map((l) => l.body)])).toEqual([['broken', 'fail', ['about to fail']]]);
  });
});
