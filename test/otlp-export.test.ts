/**
 * What an OpenTelemetry backend receives over OTLP from an app under `agentsight/register`: the
 * session trace in protobuf and JSON, the standard OTEL_* variables honoured, flushing on every
 * way out, an exporter outage that never hurts the app, and an app that registered its own tracer
 * provider first.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listSessionFiles, readSession } from '../src/store/reader';
import { startOtlpReceiver, type OtlpReceiver, type OtlpSpan } from './support/otlp-receiver';
import { cleanEnv, runNode, type RunResult } from './support/run-node';
import { REPO_ROOT } from './support/sdk-apps';
import {
  ATTR_AGENTSIGHT_SESSION_END_STATE,
  ATTR_AGENTSIGHT_SESSION_END_STATE_REASON,
  ATTR_AGENTSIGHT_SESSION_NAME,
  ATTR_AGENTSIGHT_SESSION_TAGS,
  ATTR_AGENTSIGHT_SPAN_KIND,
  ATTR_AGENTSIGHT_TOOL_CALLS,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_SESSION_ID,
  GEN_AI_OPERATION,
  SESSION_END_STATE,
  SPAN_KIND,
} from '../src/semconv';

const REGISTER = path.join(REPO_ROOT, 'dist', 'register.js');

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(() => receiver.close());
beforeEach(() => {
  receiver.recover();
  receiver.reset();
});

async function runApp(
  body: string,
  env: Record<string, string> = {},
  args: string[] = ['--require', REGISTER],
  timeoutMs = 30_000,
): Promise<{ result: RunResult; dir: string; exitMs: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentsight-otlp-'));
  const script = path.join(dir, 'app.cjs');
  fs.writeFileSync(
    script,
    `const agentsight = require(${JSON.stringify(REPO_ROOT)});\nconst { withSession, withAgent, withTool } = agentsight;\n${body}`,
  );
  // From the app's first line of output to the end of the process: the time our exit path takes.
  let printedAt = Number.NaN;
  let endedAt = Number.NaN;
  const result = await runNode([...args, script], {
    cwd: dir,
    env: cleanEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, AGENTSIGHT_DIR: path.join(dir, 'store'), ...env }),
    timeoutMs,
    onSpawn: (child) => {
      child.stdout!.once('data', () => {
        printedAt = Date.now();
      });
      child.on('exit', () => {
        endedAt = Date.now();
      });
    },
  });
  return { result, dir, exitMs: endedAt - printedAt };
}

const WORK = `
withSession({ name: 'export-me', tags: ['t1'] }, () =>
  withAgent('planner', () => withTool({ name: 'search', args: { q: 'x' } }, async () => 'found')),
).then(() => console.log('done'));
`;

function tree(spans: OtlpSpan[]) {
  const byName = new Map(spans.map((s) => [s.name, s]));
  return {
    root: byName.get('session export-me')!,
    agent: byName.get('invoke_agent planner')!,
    tool: byName.get('execute_tool search')!,
  };
}

describe('OTLP export', () => {
  it.each(['http/protobuf', 'http/json'])('sends the session trace over %s, as a backend decodes it', async (protocol) => {
    const { result } = await runApp(WORK, {
      OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
      OTEL_SERVICE_NAME: 'otlp-test',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=ci',
    });
    expect(result).toMatchObject({ code: 0, stdout: 'done\n', stderr: '' });
    const spans = await receiver.waitFor((s) => s.length >= 3);
    expect(
      receiver.requests.every((r) => r.contentType === (protocol === 'http/json' ? 'application/json' : 'application/x-protobuf')),
    ).toBe(true);
    // Each span arrives once: the exit path does not send again what the flush delivered.
    expect(new Set(spans.map((s) => s.spanId)).size).toBe(spans.length);
    const { root, agent, tool } = tree(spans);
    expect(root).toMatchObject({ parentSpanId: undefined, kind: 1 });
    expect(agent.parentSpanId).toBe(root.spanId);
    expect(tool.parentSpanId).toBe(agent.spanId);
    for (const span of [root, agent, tool]) {
      expect(span.traceId).toBe(root.traceId);
      expect(span.attributes[ATTR_SESSION_ID]).toBe(root.traceId);
      expect(span.resource).toMatchObject({
        'service.name': 'otlp-test',
        'deployment.environment.name': 'ci',
        'telemetry.distro.name': 'agentsight',
      });
      expect(span.scope.name).toBe('agentsight');
    }
    expect(root.attributes).toMatchObject({
      [ATTR_AGENTSIGHT_SPAN_KIND]: SPAN_KIND.SESSION,
      [ATTR_AGENTSIGHT_SESSION_NAME]: 'export-me',
      [ATTR_AGENTSIGHT_SESSION_TAGS]: ['t1'],
      [ATTR_AGENTSIGHT_SESSION_END_STATE]: SESSION_END_STATE.SUCCESS,
      [ATTR_AGENTSIGHT_TOOL_CALLS]: 1,
    });
    expect(agent.attributes).toMatchObject({
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.INVOKE_AGENT,
      [ATTR_GEN_AI_AGENT_NAME]: 'planner',
      [ATTR_AGENTSIGHT_TOOL_CALLS]: 1,
    });
    expect(tool.attributes).toMatchObject({
      [ATTR_GEN_AI_TOOL_NAME]: 'search',
      [ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]: '{"q":"x"}',
      [ATTR_GEN_AI_TOOL_CALL_RESULT]: '"found"',
    });
  });

  it('honours the OTEL_EXPORTER_OTLP_* variables: signal endpoint, headers, gzip', async () => {
    await runApp(WORK, {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9/unused',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.tracesUrl,
      OTEL_EXPORTER_OTLP_HEADERS: 'x-tenant=acme,authorization=Bearer%20abc',
      OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
      AGENTSIGHT_EXPORTERS: 'otlp',
    });
    await receiver.waitFor((s) => s.length >= 3);
    const traces = receiver.requests.filter((r) => r.path === '/v1/traces');
    expect(traces.length).toBeGreaterThan(0);
    for (const r of traces) {
      expect(r.headers['x-tenant']).toBe('acme');
      expect(r.headers.authorization).toBe('Bearer abc');
      expect(r.contentEncoding).toBe('gzip');
    }
  });

  it('flushes over OTLP on process.exit() (synchronously) and on SIGTERM', async () => {
    const exiting = await runApp(`withSession({ name: 'exit-now' }, () => withTool('t', () => 1)); process.exit(5);`);
    expect(exiting.result.code).toBe(5);
    await receiver.waitFor((s) => s.some((x) => x.name === 'session exit-now'));
    receiver.reset();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentsight-otlp-sig-'));
    const script = path.join(dir, 'app.cjs');
    fs.writeFileSync(
      script,
      `const { startSession, withTool } = require(${JSON.stringify(REPO_ROOT)});
      const s = startSession({ name: 'killed' });
      s.run(() => withTool('t', async () => 1)).then(() => { console.log('ready'); setInterval(() => {}, 1000); });`,
    );
    const killed = await runNode(['--require', REGISTER, script], {
      cwd: dir,
      env: cleanEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }),
      onSpawn: (child) => child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && child.kill('SIGTERM')),
    });
    expect(killed.signal).toBe('SIGTERM');
    const spans = await receiver.waitFor((s) => s.some((x) => x.name === 'session killed'));
    expect(spans.find((x) => x.name === 'session killed')!.attributes).toMatchObject({
      [ATTR_AGENTSIGHT_SESSION_END_STATE]: SESSION_END_STATE.FAIL,
      [ATTR_AGENTSIGHT_SESSION_END_STATE_REASON]: 'SIGTERM',
    });
  });

  // The collector's trouble must not hold the process past the shutdown budget (0.5 s here) plus
  // the margin of 0.5 s, counted from the app's last line; a child alive after 10 s has hung.
  const BUDGET_MS = 500;
  const HANG_GUARD_MS = 10_000;

  it.each([
    ['hangs', () => receiver.fail({ mode: 'hang' }), {}],
    ['answers 503', () => receiver.fail({ mode: 'status', status: 503 }), {}],
    ['is not there', () => undefined, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' }],
  ])(
    'a collector that %s never hurts the app: same output, exit in the budget, one line, local store written',
    async (_label, breakIt, env) => {
      breakIt();
      const { result, dir, exitMs } = await runApp(
        WORK,
        { AGENTSIGHT_SHUTDOWN_TIMEOUT_MS: String(BUDGET_MS), ...env },
        ['--require', REGISTER],
        HANG_GUARD_MS,
      );
      expect(result).toMatchObject({ code: 0, signal: null, stdout: 'done\n' });
      expect(result.stderr).not.toContain('killed after');
      expect(exitMs).toBeLessThanOrEqual(BUDGET_MS + 500);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/^agentsight\/export warn: 3 spans were not exported/);
      expect(listSessionFiles(path.join(dir, 'store')).map(readSession)[0]?.end?.state).toBe('success');
    },
  );

  it("adds to the application's own tracer provider instead of replacing it", async () => {
    const { result, dir } = await runApp(
      `
      const fromRepo = (m) => require(require.resolve(m, { paths: [${JSON.stringify(REPO_ROOT)}] }));
      const { trace } = fromRepo('@opentelemetry/api');
      const { TracerProvider, InMemorySpanExporter, SimpleSpanProcessor } = fromRepo('@opentelemetry/sdk-trace');
      const mine = new InMemorySpanExporter();
      trace.setGlobalTracerProvider(new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: mine })] }));
      agentsight.init({ exporters: ['local'] });
      withSession({ name: 'shared' }, () => {
        trace.getTracer('app').startSpan('app-own-span').end();
        return withTool('t', () => 1);
      });
      agentsight.shutdown().then(() => console.log(JSON.stringify(mine.getFinishedSpans().map((s) => [s.name, s.attributes[${JSON.stringify(ATTR_SESSION_ID)}] !== undefined]).sort())));
      `,
      {},
      [],
    );
    expect(result.stderr).toBe('');
    // The app's exporter saw everything, with session ids; our local store too.
    expect(JSON.parse(result.stdout)).toEqual([
      ['app-own-span', true],
      ['execute_tool t', true],
      ['session shared', true],
    ]);
    const [stored] = listSessionFiles(path.join(dir, 'store')).map(readSession);
    expect(stored!.spans.map((s) => s.name).sort()).toEqual(['app-own-span', 'execute_tool t', 'session shared']);
  });
});
