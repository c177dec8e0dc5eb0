/**
 * A real app exporting over OTLP to a collector in trouble: refusing connections, hanging,
 * answering 500, answering 429 with `Retry-After`, or answering slowly. In every case the app's
 * calls return as they would without us, memory stays within the queue's bound, transient errors
 * are retried, and every span or metric data point that does not arrive is counted by signal and
 * reason (the `agentsight.export.dropped` counter and one warning per kind): never silent.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { startMockLlmServer, type MockLlmServer } from '../support/mock-llm-server';
import { startOtlpReceiver, type OtlpReceiver } from '../support/otlp-receiver';
import { cleanEnv, runNode } from '../support/run-node';
import { sdkApp } from '../support/sdk-apps';
import { ATTR_AGENTSIGHT_EXPORT_REASON, ATTR_AGENTSIGHT_EXPORT_SIGNAL, METRIC_AGENTSIGHT_EXPORT_DROPPED } from '../../src/semconv';

let mock: MockLlmServer;
let receiver: OtlpReceiver;
let closedPort: number;
beforeAll(async () => {
  [mock, receiver] = await Promise.all([startMockLlmServer(), startOtlpReceiver()]);
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as net.AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
});
afterAll(() => Promise.all([mock.close(), receiver.close()]));
beforeEach(() => {
  receiver.recover();
  receiver.reset();
});

let counter = 0;
async function runApp(body: string, env: Record<string, string>) {
  const dir = sdkApp(['openai-7']);
  const name = `otlp-fault-${process.pid}-${++counter}.cjs`;
  fs.writeFileSync(
    path.join(dir, name),
    `const OpenAI = require('openai');
const { withSession, withTool } = require('agentsight');
const client = new OpenAI({ apiKey: 'k', baseURL: process.env.MOCK_URL + '/v1', maxRetries: 0 });
const chat = (content) => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] })
  .then((r) => r.choices[0].message.content);
${body}`,
  );
  try {
    return await runNode(['--require', 'agentsight/register', name], {
      cwd: dir,
      env: cleanEnv({
        MOCK_URL: mock.url,
        AGENTSIGHT_EXPORTERS: 'otlp',
        AGENTSIGHT_AUTO_SESSION: 'false',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        ...env,
      }),
    });
  } finally {
    fs.rmSync(path.join(dir, name), { force: true });
  }
}

/** The totals line at exit, or the single warning's count when nothing followed it, by reason. */
function droppedSpans(stderr: string): Record<string, number> {
  return dropped(stderr, 'spans?');
}

/** What the warnings say was not exported of one kind of item (`spans?`, `log records?`), by reason. */
function dropped(stderr: string, noun: string): Record<string, number> {
  const total = new RegExp(`in all, not exported: (?:[^;]*; )*\\d+ ${noun} \\(([^)]*)\\)`).exec(stderr);
  if (total) return Object.fromEntries(total[1]!.split(', ').map((p) => [p.split(' ')[0]!, Number(p.split(' ')[1])]));
  const out: Record<string, number> = {};
  for (const m of stderr.matchAll(new RegExp(`(\\d+) ${noun} w(?:as|ere) not exported \\((\\w+)\\)`, 'g'))) out[m[2]!] = Number(m[1]);
  return out;
}

/** Three sessions, each with two LLM calls and a tool: 12 spans; prints what the calls returned after `waitMs`. */
const sessions = (waitMs = 0): string => `
Promise.all([0, 1, 2].map((i) => withSession({ name: 's' + i }, async () => {
  const answers = [await chat('a' + i), await chat('b' + i)];
  return withTool('t', async () => answers.length);
}))).then((r) => setTimeout(() => console.log('results ' + r.join(',')), ${waitMs}));
`;
const SESSIONS = sessions();

describe('OTLP collector faults, in a real app', () => {
  it('refused (traces only): counted by signal and reason in agentsight.export.dropped, which reaches the metrics backend', async () => {
    // The app lives on long enough for the failed trace export (about 1 s in) to be counted before
    // the metrics are flushed at exit.
    const result = await runApp(sessions(1600), {
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `http://127.0.0.1:${closedPort}/v1/traces`,
      OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '200',
    });
    expect(result).toMatchObject({ code: 0, signal: null, stdout: 'results 2,2,2\n' });
    expect(droppedSpans(result.stderr)).toEqual({ export_failed: 12 });
    expect(result.stderr).toMatch(/ECONNREFUSED/);
    const dropped = receiver.lastMetric(METRIC_AGENTSIGHT_EXPORT_DROPPED);
    expect(dropped?.points.map((p) => [p.attributes, p.value])).toEqual([
      [{ [ATTR_AGENTSIGHT_EXPORT_SIGNAL]: 'traces', [ATTR_AGENTSIGHT_EXPORT_REASON]: 'export_failed' }, 12],
    ]);
    expect(receiver.spans()).toEqual([]);
  });

  it('500: no retry (one request per batch), every span and metric data point counted export_failed', async () => {
    receiver.fail({ mode: 'status', status: 500 });
    const result = await runApp(SESSIONS, { AGENTSIGHT_SHUTDOWN_TIMEOUT_MS: '1000' });
    expect(result).toMatchObject({ code: 0, signal: null, stdout: 'results 2,2,2\n' });
    expect(droppedSpans(result.stderr)).toEqual({ export_failed: 12 });
    expect(result.stderr).toMatch(
      /metric data points? w(as|ere) not exported \(export_failed\): the export to .*\/v1\/metrics failed \(OTLP export answered HTTP 500/,
    );
    const traces = receiver.requests.filter((r) => r.path === '/v1/traces');
    expect(traces.length).toBeGreaterThan(0);
    expect(traces.every((r) => r.status === 500)).toBe(true);
  });

  it('429 with Retry-After: retried within the export timeout; every span arrives once, nothing dropped', async () => {
    receiver.fail({ mode: 'status', status: 429, retryAfterSeconds: 1, times: 2 });
    const result = await runApp(SESSIONS, { AGENTSIGHT_SHUTDOWN_TIMEOUT_MS: '5000' });
    expect(result).toMatchObject({ code: 0, signal: null, stdout: 'results 2,2,2\n', stderr: '' });
    const spans = receiver.spans();
    expect(spans).toHaveLength(12);
    expect(new Set(spans.map((s) => s.spanId)).size).toBe(12);
    expect(receiver.requests.filter((r) => r.status === 429)).toHaveLength(2);
  });

  it('slow (each answer after 300 ms): every span arrives once, nothing dropped', async () => {
    receiver.fail({ mode: 'slow', delayMs: 300 });
    const result = await runApp(SESSIONS, {});
    expect(result).toMatchObject({ code: 0, signal: null, stdout: 'results 2,2,2\n', stderr: '' });
    expect(new Set(receiver.spans().map((s) => s.spanId)).size).toBe(12);
    expect(receiver.spans()).toHaveLength(12);
  });

  it('hanging, under a flood of 3000 spans: one batch in flight, 2048 queued, the rest counted queue_full; all counted', async () => {
    receiver.fail({ mode: 'hang' });
    const result = await runApp(
      `const n = withSession({ name: 'flood' }, () => { let n = 0; for (let i = 0; i < 2999; i++) n += withTool('t', () => 1); return n; });
      console.log('tools ' + n);`,
      { AGENTSIGHT_SHUTDOWN_TIMEOUT_MS: '500' },
    );
    expect(result).toMatchObject({ code: 0, signal: null, stdout: 'tools 2999\n' });
    const dropped = droppedSpans(result.stderr);
    // 3000 spans: the first full batch (512) is in flight when the queue (2048) fills up.
    expect(dropped).toEqual({ queue_full: 3000 - 512 - 2048, timeout: 512 + 2048 });
    expect(receiver.spans()).toEqual([]);
  });

  it('hanging, under a flood of 3000 console lines: the log records the full queue has no room for are counted queue_full', async () => {
    receiver.fail({ mode: 'hang' });
    const result = await runApp(`withSession({ name: 'log-flood' }, () => { for (let i = 0; i < 3000; i++) console.log('line ' + i); });`, {
      AGENTSIGHT_SHUTDOWN_TIMEOUT_MS: '500',
      AGENTSIGHT_LOG_SESSION_MAX_BYTES: String(64 * 1024 * 1024),
    });
    expect(result).toMatchObject({ code: 0, signal: null });
    expect(result.stdout.split('\n')).toHaveLength(3001);
    // The first full batch (512) is handed over when the queue (2048) fills up (the lines are
    // written in one go): the rest is counted queue_full, and what was queued or sent, timeout.
    expect(dropped(result.stderr, 'log records?')).toEqual({ queue_full: 3000 - 512 - 2048, timeout: 512 + 2048 });
    expect(receiver.logs()).toEqual([]);
  });
});
