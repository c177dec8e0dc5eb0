/**
 * An app that runs its own OpenTelemetry SDK (tracer provider with an OTLP exporter, context
 * manager, propagator, and the http and undici instrumentations), set up before agentsight in a
 * preload, and that calls `init()` again itself. agentsight adds to that SDK: the app's
 * registrations stay, our processors join its provider once, each LLM call is one span (no second
 * one from an SDK's own tracing), the HTTP client span of each call nests under its LLM span, and
 * the trace context the request carries is that HTTP span's. The caller sees what it sees without us.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ATTR_AGENTSIGHT_SPAN_KIND, ATTR_GEN_AI_OPERATION_NAME, SPAN_KIND } from '../../src/semconv';
import { listSessionFiles, readSession } from '../../src/store/reader';
import { startOtlpReceiver, type OtlpSpan } from '../support/otlp-receiver';
import { compatApp, ourLines, results, runCompat, type CompatRun } from './support';

const CLIENT = 3;
const isLlm = (s: OtlpSpan): boolean => s.attributes[ATTR_AGENTSIGHT_SPAN_KIND] === SPAN_KIND.LLM;
const isHttpClient = (s: OtlpSpan): boolean => s.kind === CLIENT && s.attributes['http.request.method'] !== undefined;

interface Variant {
  name: string;
  aliases: string[];
  args: string[];
  plain: string[];
}

const VARIANTS: Variant[] = [
  {
    name: 'CommonJS, openai 7 and anthropic 1 (fetch: undici instrumentation)',
    aliases: ['openai-7', 'anthropic-1'],
    args: ['--require', './otel.cjs', '--require', 'agentsight/register', 'main.cjs'],
    plain: ['main.cjs'],
  },
  {
    name: 'CommonJS, openai 4 (node-fetch: http instrumentation) and anthropic 1',
    aliases: ['openai-4', 'anthropic-1'],
    args: ['--require', './otel.cjs', '--require', 'agentsight/register', 'main.cjs'],
    plain: ['main.cjs'],
  },
  {
    name: 'ESM, openai 7 and anthropic 1',
    aliases: ['openai-7', 'anthropic-1'],
    args: ['--import', './otel.mjs', '--import', 'agentsight/register', 'main.mjs'],
    plain: ['main.mjs'],
  },
];

describe.each(VARIANTS.map((v) => [v.name, v] as const))('%s', (_name, variant) => {
  let plain: CompatRun;
  let traced: CompatRun;
  let spans: OtlpSpan[];
  let store: string;
  beforeAll(async () => {
    const dir = compatApp(variant.aliases);
    const receiver = await startOtlpReceiver();
    store = fs.mkdtempSync(path.join(os.tmpdir(), 'agentsight-compat-'));
    try {
      [plain, traced] = await Promise.all([
        runCompat(dir, variant.plain),
        runCompat(dir, variant.args, {
          APP_OTLP_URL: receiver.tracesUrl,
          COMPAT_INSTRUMENTED: '1',
          COMPAT_INIT_AGAIN: '1',
          AGENTSIGHT_EXPORTERS: 'local',
          AGENTSIGHT_DIR: store,
          AGENTSIGHT_AUTO_SESSION: 'false',
        }),
      ]);
      spans = await receiver.waitFor((all) => all.some((s) => s.name === 'session compat'), 10_000);
    } finally {
      await receiver.close();
    }
  }, 60_000);
  afterAll(() => fs.rmSync(store, { recursive: true, force: true }));

  it('the caller sees what it sees without agentsight', () => {
    expect(traced.run.code).toBe(0);
    expect(results(traced)).toEqual(results(plain));
  });

  it("keeps the app's registrations, and joins its tracer provider once", () => {
    expect(traced.output.registrations).toEqual({
      tracerProvider: "the app's",
      contextManager: "the app's",
      propagatorFields: ['traceparent', 'tracestate'],
      spanProcessors: ['BatchSpanProcessor', 'SessionSpanProcessor', 'BatchProcessor'],
    });
    for (const [method, print] of Object.entries(traced.output.fingerprint)) {
      if (!Array.isArray(print)) expect({ method, wrappedTwice: print.wrappedTwice }).toEqual({ method, wrappedTwice: false });
    }
  });

  it('makes one LLM span per call, and no other GenAI client span (no SDK tracing of its own on top)', () => {
    expect(spans.filter(isLlm).map((s) => s.name)).toEqual(['chat gpt-4o-mini', 'chat gpt-4o-mini', 'chat claude-haiku-4-5']);
    const genAiClients = spans.filter((s) => s.kind === CLIENT && s.attributes[ATTR_GEN_AI_OPERATION_NAME] !== undefined);
    expect(genAiClients.length).toBe(3);
    expect(new Set(spans.map((s) => s.spanId)).size).toBe(spans.length);
  });

  it("nests each call's HTTP client span under its LLM span, under the session; the request carries the HTTP span's context", () => {
    const session = spans.find((s) => s.name === 'session compat')!;
    const llm = spans.filter(isLlm);
    const http = spans.filter(isHttpClient);
    expect(llm.map((s) => s.parentSpanId)).toEqual(llm.map(() => session.spanId));
    expect(http.map((s) => s.parentSpanId).sort()).toEqual(llm.map((s) => s.spanId).sort());
    expect(new Set([...llm, ...http].map((s) => s.traceId))).toEqual(new Set([session.traceId]));
    const sent = traced.requests.map((r) => r.headers.traceparent);
    expect(sent.map((header) => header?.split('-')[2]).sort()).toEqual(http.map((s) => s.spanId).sort());
    expect(sent.every((header) => header?.startsWith(`00-${session.traceId}-`))).toBe(true);
  });

  it("records the same LLM spans in agentsight's store", () => {
    const stored = listSessionFiles(store)
      .map(readSession)
      .flatMap((s) => s.spans)
      .filter((s) => s.attributes[ATTR_AGENTSIGHT_SPAN_KIND] === SPAN_KIND.LLM);
    expect(stored.map((s) => s.spanId).sort()).toEqual(
      spans
        .filter(isLlm)
        .map((s) => s.spanId)
        .sort(),
    );
  });

  it('says one thing on stderr: that the second init() with other options changed nothing', () => {
    expect(ourLines(traced)).toEqual([
      'agentsight/client warn: init() was already called; the options of this call are ignored (call shutdown() first to re-initialize)',
    ]);
  });
});

describe("agentsight's own OTLP export next to the app's http instrumentation", () => {
  it('makes no span: exports run with tracing suppressed, as the SDKs own exporters do', async () => {
    const dir = compatApp(['openai-7', 'anthropic-1']);
    const [app, ours] = await Promise.all([startOtlpReceiver(), startOtlpReceiver()]);
    try {
      const traced = await runCompat(dir, ['--require', './otel.cjs', '--require', 'agentsight/register', 'main.cjs'], {
        APP_OTLP_URL: app.tracesUrl,
        COMPAT_INSTRUMENTED: '1',
        AGENTSIGHT_EXPORTERS: 'otlp',
        OTEL_EXPORTER_OTLP_ENDPOINT: ours.url,
        AGENTSIGHT_AUTO_SESSION: 'false',
      });
      expect(traced.run.code).toBe(0);
      const mine = await ours.waitFor((all) => all.some((s) => s.name === 'session compat'), 10_000);
      const theirs = await app.waitFor((all) => all.some((s) => s.name === 'session compat'), 10_000);
      expect(mine.filter(isLlm)).toHaveLength(3);
      // Only the three calls to the mock: no HTTP span for a request to either receiver.
      const ports = [app.port, ours.port].map(String);
      const exportSpans = [...mine, ...theirs].filter((s) => isHttpClient(s) && ports.includes(String(s.attributes['server.port'])));
      expect(exportSpans.map((s) => s.name)).toEqual([]);
      expect(theirs.filter(isHttpClient)).toHaveLength(3);
    } finally {
      await Promise.all([app.close(), ours.close()]);
    }
  });
});
