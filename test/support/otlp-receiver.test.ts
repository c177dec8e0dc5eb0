/**
 * Proves the OTLP receiver against the official OpenTelemetry encoders.
 *
 * - In process: spans, metrics and logs from the real SDKs, serialised by the serializers the
 *   official exporters use (`@opentelemetry/otlp-transformer`), decoded by `decodeOtlp` and checked
 *   field by field; protobuf and JSON must decode to identical objects.
 * - End to end, in child processes: the official OTLP exporters (`-proto` and `-http`, plain and
 *   gzip) posting to the receiver. They run in a child because the exporters load `node:http`
 *   through a dynamic `import()`, which Jest (without --experimental-vm-modules) rejects.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { SeverityNumber, SpanKind, SpanStatusCode, TraceFlags, ValueType, context, trace } from '@opentelemetry/api';
import type { AnyValue, Attributes, HrTime } from '@opentelemetry/api';
import {
  JsonLogsSerializer,
  JsonMetricsSerializer,
  JsonTraceSerializer,
  ProtobufLogsSerializer,
  ProtobufMetricsSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import {
  AggregationTemporality,
  AggregationType,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { IdGenerator } from '@opentelemetry/sdk-trace';
import { decodeOtlp, startOtlpReceiver } from './otlp-receiver';
import type { OtlpEncoding, OtlpLogRecord, OtlpMetric, OtlpReceiver, OtlpSpan } from './otlp-receiver';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  GEN_AI_OPERATION,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
} from '../../src/semconv';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const RESOURCE_ATTRIBUTES = { 'service.name': 'receiver-test', 'service.instance.id': 'i-1', 'host.cpu.count': 2 };
const T0: HrTime = [1_700_000_000, 123_456_789];
const T0_NANOS = 1_700_000_000_123_456_789n;
const at = (nanosAfterT0: number): HrTime => [T0[0], T0[1] + nanosAfterT0];
const ENCODINGS: OtlpEncoding[] = ['protobuf', 'json'];

/** Deterministic ids, so separate runs produce identical spans. */
function countingIds(): IdGenerator {
  let next = 0;
  const hex = (width: number): string => (++next).toString(16).padStart(width, '0');
  return { generateTraceId: () => `a1${hex(30)}`, generateSpanId: () => `b2${hex(14)}` };
}

describe('decodeOtlp on the official serializers (in process)', () => {
  const LINKED = { traceId: 'f'.repeat(32), spanId: 'e'.repeat(16), traceFlags: TraceFlags.SAMPLED, isRemote: true };
  const EVERY_ATTRIBUTE_TYPE: Attributes = {
    str: 'hello',
    empty: '',
    int: 42,
    negative: -7,
    maxSafe: Number.MAX_SAFE_INTEGER,
    huge: 2 ** 60,
    double: 3.25,
    bool: true,
    no: false,
    strings: ['a', 'b'],
    ints: [1, 2, 3],
    doubles: [1.5, -2.5],
    bools: [true, false],
    map: { model: 'gpt-4o', temperature: 0.5, stop: ['\n'] },
    bytes: new Uint8Array([0, 7, 255]),
  };

  async function serialisedSpans(encoding: OtlpEncoding): Promise<OtlpSpan[]> {
    const exporter = new InMemorySpanExporter();
    const provider = new TracerProvider({
      resource: resourceFromAttributes(RESOURCE_ATTRIBUTES),
      idGenerator: countingIds(),
      spanProcessors: [new SimpleSpanProcessor({ exporter })],
    });
    const tracer = provider.getTracer('receiver-test-scope', '1.2.3');
    const parent = tracer.startSpan('invoke_agent', { kind: SpanKind.SERVER, startTime: T0 });
    const child = tracer.startSpan(
      'chat gpt-4o',
      {
        kind: SpanKind.CLIENT,
        startTime: at(1000),
        attributes: EVERY_ATTRIBUTE_TYPE,
        links: [{ context: LINKED, attributes: { 'link.reason': 'retry-of' } }],
      },
      trace.setSpan(context.active(), parent),
    );
    child.addEvent('app.prompt', { 'app.prompt.text': 'hi', tokens: 3 }, at(2000));
    child.addEvent('retry', undefined, at(3000));
    child.setStatus({ code: SpanStatusCode.ERROR, message: 'rate limited' });
    child.end(at(5000));
    tracer.startSpan('producer', { kind: SpanKind.PRODUCER, startTime: T0 }).end(at(1));
    tracer.startSpan('consumer', { kind: SpanKind.CONSUMER, startTime: T0 }).end(at(1));
    tracer.startSpan('internal', { startTime: T0 }).end(at(1));
    parent.setStatus({ code: SpanStatusCode.OK });
    parent.end(at(9000));
    await provider.forceFlush();
    const serializer = encoding === 'protobuf' ? ProtobufTraceSerializer : JsonTraceSerializer;
    const body = serializer.serializeRequest(exporter.getFinishedSpans());
    if (!body) throw new Error('serializer returned nothing');
    return decodeOtlp('traces', body, encoding).spans;
  }

  it.each(ENCODINGS)('decodes spans field by field (%s)', async (encoding) => {
    const spans = await serialisedSpans(encoding);
    const byName = (name: string): OtlpSpan | undefined => spans.find((s) => s.name === name);
    const parent = byName('invoke_agent');
    const child = byName('chat gpt-4o');

    expect(parent).toEqual({
      // The SDK asks for the span id before the trace id.
      traceId: `a1${'2'.padStart(30, '0')}`,
      spanId: `b2${'1'.padStart(14, '0')}`,
      parentSpanId: undefined,
      traceState: '',
      name: 'invoke_agent',
      kind: 2,
      startTimeUnixNano: T0_NANOS,
      endTimeUnixNano: T0_NANOS + 9000n,
      attributes: {},
      droppedAttributesCount: 0,
      status: { code: 1, message: '' },
      events: [],
      droppedEventsCount: 0,
      links: [],
      droppedLinksCount: 0,
      flags: 0x101,
      resource: expect.objectContaining(RESOURCE_ATTRIBUTES),
      scope: { name: 'receiver-test-scope', version: '1.2.3', attributes: {} },
    });
    expect(child).toMatchObject({
      traceId: parent?.traceId,
      spanId: `b2${'3'.padStart(14, '0')}`,
      parentSpanId: parent?.spanId,
      kind: 3,
      startTimeUnixNano: T0_NANOS + 1000n,
      endTimeUnixNano: T0_NANOS + 5000n,
    });
    // int64 beyond the safe range comes back as a bigint; kvlists as objects; bytes as Uint8Array.
    expect(child?.attributes).toEqual({ ...EVERY_ATTRIBUTE_TYPE, huge: 2n ** 60n });
    expect(child?.events).toEqual([
      {
        name: 'app.prompt',
        timeUnixNano: T0_NANOS + 2000n,
        attributes: { 'app.prompt.text': 'hi', tokens: 3 },
        droppedAttributesCount: 0,
      },
      { name: 'retry', timeUnixNano: T0_NANOS + 3000n, attributes: {}, droppedAttributesCount: 0 },
    ]);
    expect(child?.links).toEqual([
      {
        traceId: LINKED.traceId,
        spanId: LINKED.spanId,
        traceState: '',
        attributes: { 'link.reason': 'retry-of' },
        droppedAttributesCount: 0,
        flags: 0x301,
      },
    ]);
    expect(child?.status).toEqual({ code: 2, message: 'rate limited' });
    expect(['internal', 'producer', 'consumer'].map((name) => byName(name)?.kind)).toEqual([1, 4, 5]);
  });

  it('decodes protobuf and JSON spans to identical objects', async () => {
    expect(await serialisedSpans('json')).toEqual(await serialisedSpans('protobuf'));
  });

  async function serialisedMetrics(encoding: OtlpEncoding): Promise<OtlpMetric[]> {
    const reader = new PeriodicExportingMetricReader({
      exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE),
      exportIntervalMillis: 60_000,
    });
    const provider = new MeterProvider({
      resource: resourceFromAttributes(RESOURCE_ATTRIBUTES),
      readers: [reader],
      views: [{ instrumentName: 'exp.histogram', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }],
    });
    const meter = provider.getMeter('receiver-test-meter', '0.0.1');
    meter
      .createCounter('app.requests', { description: 'Requests', unit: '{request}', valueType: ValueType.INT })
      .add(3, { 'app.system': 'openai' });
    meter.createUpDownCounter('in_flight').add(-2.5);
    meter.createGauge('temperature', { unit: 'Cel' }).record(21.5, { room: 'a' });
    const histogram = meter.createHistogram(METRIC_GEN_AI_CLIENT_OPERATION_DURATION, {
      unit: 's',
      advice: { explicitBucketBoundaries: [1, 5, 10] },
    });
    for (const value of [0.5, 3, 7, 20, 2]) histogram.record(value, { [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.CHAT });
    const exponential = meter.createHistogram('exp.histogram');
    for (const value of [1, 2, 4]) exponential.record(value);
    const { resourceMetrics } = await reader.collect();
    await provider.shutdown();
    const serializer = encoding === 'protobuf' ? ProtobufMetricsSerializer : JsonMetricsSerializer;
    const body = serializer.serializeRequest(resourceMetrics);
    if (!body) throw new Error('serializer returned nothing');
    return decodeOtlp('metrics', body, encoding).metrics;
  }

  it.each(ENCODINGS)('decodes sums, gauges, explicit-bucket and exponential histograms (%s)', async (encoding) => {
    const metrics = await serialisedMetrics(encoding);
    const byName = (name: string): OtlpMetric | undefined => metrics.find((m) => m.name === name);

    expect(byName('app.requests')).toMatchObject({
      description: 'Requests',
      unit: '{request}',
      kind: 'sum',
      aggregationTemporality: 2,
      isMonotonic: true,
      points: [{ value: 3, valueType: 'int', attributes: { 'app.system': 'openai' }, exemplars: [] }],
      resource: expect.objectContaining(RESOURCE_ATTRIBUTES),
      scope: { name: 'receiver-test-meter', version: '0.0.1', attributes: {} },
    });
    expect(byName('in_flight')).toMatchObject({ kind: 'sum', isMonotonic: false, points: [{ value: -2.5, valueType: 'double' }] });
    expect(byName('temperature')).toMatchObject({
      kind: 'gauge',
      aggregationTemporality: 0,
      unit: 'Cel',
      points: [{ value: 21.5, attributes: { room: 'a' } }],
    });

    const duration = byName(METRIC_GEN_AI_CLIENT_OPERATION_DURATION);
    expect(duration).toMatchObject({ kind: 'histogram', unit: 's', aggregationTemporality: 2 });
    const [point] = duration?.points ?? [];
    expect(point).toMatchObject({
      count: 5,
      sum: 32.5,
      min: 0.5,
      max: 20,
      explicitBounds: [1, 5, 10],
      bucketCounts: [1, 2, 1, 1],
      attributes: { [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.CHAT },
    });
    expect(point?.timeUnixNano).toBeGreaterThanOrEqual(point?.startTimeUnixNano ?? 0n);
    expect(point?.startTimeUnixNano).toBeGreaterThan(1_600_000_000_000_000_000n);

    const exponential = byName('exp.histogram');
    expect(exponential?.kind).toBe('exponential_histogram');
    const [exp] = exponential?.points ?? [];
    expect(exp).toMatchObject({ count: 3, sum: 7, min: 1, max: 4, zeroCount: 0 });
    expect(exp?.positive?.bucketCounts.reduce((a, b) => a + b, 0)).toBe(3);
    expect(exp?.scale).toEqual(expect.any(Number));
  });

  it('decodes protobuf and JSON metrics to identical objects (collection times aside)', async () => {
    const withoutTimes = (metrics: OtlpMetric[]) =>
      metrics.map((m) => ({ ...m, points: m.points.map(({ startTimeUnixNano: _s, timeUnixNano: _t, ...rest }) => rest) }));
    expect(withoutTimes(await serialisedMetrics('json'))).toEqual(withoutTimes(await serialisedMetrics('protobuf')));
  });

  const BODY: AnyValue = {
    message: 'tool failed',
    code: 7,
    nested: { ok: false, list: [1, 'two', 3.5] },
    raw: new Uint8Array([0, 1, 255]),
  };

  async function serialisedLogs(encoding: OtlpEncoding): Promise<OtlpLogRecord[]> {
    const exporter = new InMemoryLogRecordExporter();
    const provider = new LoggerProvider({
      resource: resourceFromAttributes(RESOURCE_ATTRIBUTES),
      processors: [new SimpleLogRecordProcessor({ exporter })],
    });
    const logger = provider.getLogger('receiver-test-logger', '9.9.9');
    const parent = trace.setSpanContext(context.active(), {
      traceId: 'c'.repeat(32),
      spanId: 'd'.repeat(16),
      traceFlags: TraceFlags.SAMPLED,
    });
    logger.emit({
      eventName: 'agent.tool.error',
      timestamp: T0,
      observedTimestamp: at(1),
      severityNumber: SeverityNumber.WARN,
      severityText: 'WARN',
      body: BODY,
      attributes: { 'tool.name': 'search', attempts: 2, tags: ['x', 'y'] },
      context: parent,
    });
    logger.emit({ body: 'plain', timestamp: at(2), observedTimestamp: at(3) });
    await provider.forceFlush();
    const serializer = encoding === 'protobuf' ? ProtobufLogsSerializer : JsonLogsSerializer;
    const body = serializer.serializeRequest(exporter.getFinishedLogRecords());
    if (!body) throw new Error('serializer returned nothing');
    return decodeOtlp('logs', body, encoding).logs;
  }

  it.each(ENCODINGS)('decodes log records with kvlist/array/bytes bodies and trace context (%s)', async (encoding) => {
    const [warn, plain] = await serialisedLogs(encoding);
    expect(warn).toEqual({
      timeUnixNano: T0_NANOS,
      observedTimeUnixNano: T0_NANOS + 1n,
      severityNumber: 13,
      severityText: 'WARN',
      body: BODY,
      eventName: 'agent.tool.error',
      attributes: { 'tool.name': 'search', attempts: 2, tags: ['x', 'y'] },
      droppedAttributesCount: 0,
      flags: 1,
      traceId: 'c'.repeat(32),
      spanId: 'd'.repeat(16),
      resource: expect.objectContaining(RESOURCE_ATTRIBUTES),
      scope: { name: 'receiver-test-logger', version: '9.9.9', attributes: {} },
    });
    expect(plain).toMatchObject({
      body: 'plain',
      timeUnixNano: T0_NANOS + 2n,
      severityNumber: 0,
      severityText: '',
      traceId: undefined,
      spanId: undefined,
      eventName: '',
      flags: 0,
    });
  });

  it('decodes protobuf and JSON logs to identical objects', async () => {
    expect(await serialisedLogs('json')).toEqual(await serialisedLogs('protobuf'));
  });

  it('accepts base64 ids and string int64s, as other OTLP/JSON producers send them', () => {
    const body = JSON.stringify({
      resourceSpans: [
        {
          resource: {
            attributes: [
              { key: 'n', value: { intValue: '9007199254740993' } },
              { key: 'd', value: { doubleValue: 'NaN' } },
            ],
          },
          scopeSpans: [
            {
              scope: { name: 's' },
              spans: [
                {
                  traceId: Buffer.alloc(16, 1).toString('base64'),
                  spanId: '0102030405060708',
                  parentSpanId: '',
                  name: 'x',
                  kind: 1,
                  startTimeUnixNano: '5',
                  endTimeUnixNano: 6,
                },
              ],
            },
          ],
        },
      ],
    });
    const [span] = decodeOtlp('traces', Buffer.from(body), 'json').spans;
    expect(span).toMatchObject({
      traceId: '01'.repeat(16),
      spanId: '0102030405060708',
      parentSpanId: undefined,
      startTimeUnixNano: 5n,
      endTimeUnixNano: 6n,
      resource: { n: 9007199254740993n, d: NaN },
      scope: { name: 's', version: '' },
    });
  });

  it('rejects malformed protobuf with a reason', () => {
    expect(() => decodeOtlp('traces', new Uint8Array([0x0a, 0x05, 0x01]), 'protobuf')).toThrow(/truncated/);
    expect(() => decodeOtlp('traces', new Uint8Array([0x08, 0x01]), 'protobuf')).toThrow(/resourceSpans: wire type 0, expected 2/);
  });
});

// ---------------------------------------------------------------------------------------------
// End to end with the official exporters, in a child process

/**
 * Exports a fixed set of telemetry with the official exporters and exits once the exports have
 * settled. argv[1]: `{ signals, protocol, endpoint, timeoutMillis? }`; compression from the env.
 */
const EXPORT_SCRIPT = String.raw`
const config = JSON.parse(process.argv[1]);
const api = require('@opentelemetry/api');
const { resourceFromAttributes } = require('@opentelemetry/resources');
const resource = resourceFromAttributes({ 'service.name': 'e2e' });
const T0 = [1700000000, 0];
const proto = config.protocol === 'protobuf';
const options = { url: config.endpoint, timeoutMillis: config.timeoutMillis };

async function traces() {
  const { OTLPTraceExporter } = require(proto ? '@opentelemetry/exporter-trace-otlp-proto' : '@opentelemetry/exporter-trace-otlp-http');
  const { TracerProvider, SimpleSpanProcessor } = require('@opentelemetry/sdk-trace');
  let next = 0;
  const hex = (width) => (++next).toString(16).padStart(width, '0');
  const provider = new TracerProvider({
    resource,
    idGenerator: { generateTraceId: () => 'a1' + hex(30), generateSpanId: () => 'b2' + hex(14) },
    spanProcessors: [new SimpleSpanProcessor({ exporter: new OTLPTraceExporter({ ...options, url: config.endpoint + '/v1/traces' }) })],
  });
  const tracer = provider.getTracer('e2e-scope', '1.0.0');
  const parent = tracer.startSpan('invoke_agent', { kind: api.SpanKind.SERVER, startTime: T0 });
  const child = tracer.startSpan('chat', { kind: api.SpanKind.CLIENT, startTime: [T0[0], 10], attributes: { [${JSON.stringify(ATTR_GEN_AI_USAGE_INPUT_TOKENS)}]: 12, big: 2 ** 60, tags: ['a', 'b'] } }, api.trace.setSpan(api.context.active(), parent));
  child.addEvent('first_token', { index: 0 }, [T0[0], 20]);
  child.setStatus({ code: api.SpanStatusCode.ERROR, message: 'boom' });
  child.end([T0[0], 30]);
  parent.end([T0[0], 40]);
  await provider.forceFlush().catch(() => {});
  await provider.shutdown().catch(() => {});
}

async function metrics() {
  const { OTLPMetricExporter } = require(proto ? '@opentelemetry/exporter-metrics-otlp-proto' : '@opentelemetry/exporter-metrics-otlp-http');
  const { MeterProvider, PeriodicExportingMetricReader } = require('@opentelemetry/sdk-metrics');
  const reader = new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ ...options, url: config.endpoint + '/v1/metrics' }), exportIntervalMillis: 60000 });
  const provider = new MeterProvider({ resource, readers: [reader] });
  const meter = provider.getMeter('e2e-meter');
  meter.createCounter('tokens', { valueType: api.ValueType.INT }).add(7, { kind: 'input' });
  const histogram = meter.createHistogram('duration', { unit: 's', advice: { explicitBucketBoundaries: [0.1, 1, 10] } });
  for (const value of [0.05, 0.5, 0.7, 30]) histogram.record(value);
  await provider.forceFlush().catch(() => {});
  await provider.shutdown().catch(() => {});
}

async function logs() {
  const { OTLPLogExporter } = require(proto ? '@opentelemetry/exporter-logs-otlp-proto' : '@opentelemetry/exporter-logs-otlp-http');
  const { LoggerProvider, SimpleLogRecordProcessor } = require('@opentelemetry/sdk-logs');
  const provider = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter: new OTLPLogExporter({ ...options, url: config.endpoint + '/v1/logs' }) })] });
  provider.getLogger('e2e-logger').emit({ severityNumber: api.SeverityNumber.ERROR, severityText: 'ERROR', body: { error: 'timeout', attempts: [1, 2] }, eventName: 'agent.error', timestamp: T0 });
  await provider.forceFlush().catch(() => {});
  await provider.shutdown().catch(() => {});
}

const run = { traces, metrics, logs };
(async () => {
  for (const signal of config.signals) await run[signal]();
})().then(
  () => process.stdout.write('exported\n'),
  (error) => {
    process.stderr.write(String(error && error.stack || error) + '\n');
    process.exit(1);
  },
);
`;

interface ExportRun {
  signals: ('traces' | 'metrics' | 'logs')[];
  protocol: OtlpEncoding;
  gzip?: boolean;
  timeoutMillis?: number;
}

function exportInChild(receiver: OtlpReceiver, run: ExportRun): Promise<string> {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('OTEL_') && key !== 'NODE_OPTIONS') env[key] = value;
  if (run.gzip) env.OTEL_EXPORTER_OTLP_COMPRESSION = 'gzip';
  const config = JSON.stringify({ signals: run.signals, protocol: run.protocol, endpoint: receiver.url, timeoutMillis: run.timeoutMillis });
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', EXPORT_SCRIPT, config], { cwd: REPO_ROOT, env, timeout: 20_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`export child failed: ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

describe('the official OTLP exporters posting to the receiver (child process)', () => {
  let receiver: OtlpReceiver;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
  });
  afterAll(() => receiver.close());
  beforeEach(() => {
    receiver.recover();
    receiver.reset();
  });

  const VARIANTS: [string, ExportRun, string, string][] = [
    ['protobuf', { signals: ['traces'], protocol: 'protobuf' }, 'application/x-protobuf', ''],
    ['JSON', { signals: ['traces'], protocol: 'json' }, 'application/json', ''],
    ['protobuf + gzip', { signals: ['traces'], protocol: 'protobuf', gzip: true }, 'application/x-protobuf', 'gzip'],
    ['JSON + gzip', { signals: ['traces'], protocol: 'json', gzip: true }, 'application/json', 'gzip'],
  ];
  let reference: OtlpSpan[] | undefined;

  it.each(VARIANTS)('traces over %s decode to the same spans', async (_label, run, contentType, contentEncoding) => {
    await exportInChild(receiver, run);
    // One request per span (SimpleSpanProcessor); they are concurrent, so arrival order varies.
    const spans = (await receiver.waitFor((s) => s.length === 2, 1000)).sort((a, b) => a.name.localeCompare(b.name));
    expect(receiver.requests.map((r) => [r.path, r.contentType, r.contentEncoding, r.status])).toEqual([
      ['/v1/traces', contentType, contentEncoding, 200],
      ['/v1/traces', contentType, contentEncoding, 200],
    ]);
    if (contentEncoding === 'gzip') expect(receiver.requests[0]?.decodedByteSize).toBeGreaterThan(0);
    const [child, parent] = spans;
    expect(child).toMatchObject({
      name: 'chat',
      kind: 3,
      parentSpanId: parent?.spanId,
      startTimeUnixNano: 1_700_000_000_000_000_010n,
      endTimeUnixNano: 1_700_000_000_000_000_030n,
      attributes: { [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 12, big: 2n ** 60n, tags: ['a', 'b'] },
      events: [{ name: 'first_token', timeUnixNano: 1_700_000_000_000_000_020n, attributes: { index: 0 } }],
      status: { code: 2, message: 'boom' },
      scope: { name: 'e2e-scope', version: '1.0.0' },
    });
    expect(child?.resource['service.name']).toBe('e2e');
    expect(parent).toMatchObject({ name: 'invoke_agent', kind: 2, parentSpanId: undefined, traceId: child?.traceId });
    reference ??= spans;
    expect(spans).toEqual(reference);
  });

  it.each(ENCODINGS)('metrics (with explicit histogram buckets) and logs over %s', async (protocol) => {
    await exportInChild(receiver, { signals: ['metrics', 'logs'], protocol });
    const metrics = await receiver.waitForMetrics((m) => m.length >= 2, 1000);
    expect(metrics.find((m) => m.name === 'tokens')).toMatchObject({
      kind: 'sum',
      isMonotonic: true,
      points: [{ value: 7, valueType: 'int', attributes: { kind: 'input' } }],
    });
    expect(receiver.lastMetric('duration')).toMatchObject({
      kind: 'histogram',
      unit: 's',
      points: [{ count: 4, sum: 31.25, min: 0.05, max: 30, explicitBounds: [0.1, 1, 10], bucketCounts: [1, 2, 0, 1] }],
    });
    const [log] = await receiver.waitForLogs((l) => l.length === 1, 1000);
    expect(log).toMatchObject({
      severityNumber: 17,
      severityText: 'ERROR',
      body: { error: 'timeout', attempts: [1, 2] },
      eventName: 'agent.error',
      timeUnixNano: 1_700_000_000_000_000_000n,
      resource: { 'service.name': 'e2e' },
      scope: { name: 'e2e-logger' },
    });
    // forceFlush and then shutdown each collect and export the metrics once.
    expect(receiver.requests.map((r) => r.path)).toEqual(['/v1/metrics', '/v1/metrics', '/v1/logs']);
  });

  it('answers 503 during an outage (dropping that data); the exporter retries and is accepted after', async () => {
    receiver.fail({ mode: 'status', status: 503, retryAfterSeconds: 0, times: 2 });
    await exportInChild(receiver, { signals: ['logs'], protocol: 'protobuf' });
    expect(receiver.requests.map((r) => [r.status, r.itemCount])).toEqual([
      [503, 0],
      [503, 0],
      [200, 1],
    ]);
    expect(receiver.logs()).toHaveLength(1);
  });

  it('can hang: the exporter gives up after its timeout, nothing is decoded', async () => {
    receiver.fail({ mode: 'hang' });
    await exportInChild(receiver, { signals: ['logs'], protocol: 'json', timeoutMillis: 300 });
    expect(receiver.requests.length).toBeGreaterThanOrEqual(1);
    expect(receiver.requests.every((r) => r.status === undefined && r.itemCount === 0)).toBe(true);
    expect(receiver.logs()).toEqual([]);
  });
});

describe('receiver protocol details', () => {
  let receiver: OtlpReceiver;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
  });
  afterAll(() => receiver.close());
  beforeEach(() => receiver.reset());
  const post = (path: string, contentType: string, body: Uint8Array | string, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${receiver.url}${path}`, { method: 'POST', headers: { 'content-type': contentType, ...headers }, body });

  it('answers protobuf with an empty protobuf body and JSON with {}; rejects what it cannot take', async () => {
    const proto = await post('/v1/traces', 'application/x-protobuf', new Uint8Array(0));
    expect(proto.status).toBe(200);
    expect(proto.headers.get('content-type')).toBe('application/x-protobuf');
    expect((await proto.arrayBuffer()).byteLength).toBe(0);
    const json = await post('/v1/metrics', 'application/json; charset=utf-8', '{}');
    expect(json.headers.get('content-type')).toBe('application/json');
    expect(await json.text()).toBe('{}');
    expect((await post('/v1/logs', 'application/x-protobuf', new Uint8Array([0x0a, 0x05, 0x01]))).status).toBe(400);
    expect((await post('/v1/logs', 'text/plain', 'x')).status).toBe(415);
    expect((await post('/v1/nope', 'application/json', '{}')).status).toBe(404);
    expect((await post('/v1/logs', 'application/json', 'x', { 'content-encoding': 'br' })).status).toBe(400);
    expect(receiver.requests.map((r) => r.error)).toEqual([
      undefined,
      undefined,
      expect.stringMatching(/truncated/),
      expect.stringMatching(/content-type/),
      expect.stringMatching(/no OTLP endpoint/),
      expect.stringMatching(/content-encoding br/),
    ]);
  });

  it('waitFor resolves as soon as the predicate holds and rejects on timeout listing what arrived', async () => {
    const spanBody = (name: string): string =>
      JSON.stringify({
        resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), name, kind: 3 }] }] }],
      });
    const waiting = receiver.waitFor((spans) => {
      expect(spans.map((s) => s.name)).toContain('second');
      return true;
    });
    await post('/v1/traces', 'application/json', spanBody('first'));
    await post('/v1/traces', 'application/json', spanBody('second'));
    expect((await waiting).map((s) => s.name)).toEqual(['first', 'second']);
    expect((await receiver.waitForSpan('first')).kind).toBe(3);
    await expect(receiver.waitFor((spans) => spans.length > 5, 30)).rejects.toThrow(
      /Timed out after 30 ms waiting for spans; received 2 in 2 request\(s\):\n {2}- first \(kind 3, trace abababab, span cdcdcdcdcdcdcdcd, status 0\)/,
    );
    await expect(receiver.waitForMetrics((metrics) => metrics.length > 0, 30)).rejects.toThrow(/\(nothing\)/);
  });

  it('reset mode drops the connection for the next N requests only', async () => {
    receiver.fail({ mode: 'reset', times: 1 });
    expect(await post('/v1/traces', 'application/json', '{}').catch((e: unknown) => e)).toMatchObject({ message: 'fetch failed' });
    expect((await post('/v1/traces', 'application/json', '{}')).status).toBe(200);
    expect(receiver.requests.map((r) => r.status)).toEqual([undefined, 200]);
  });

  it('is loadable outside Jest by type stripping (scripts/mock-llm-server.mjs importTypeScript)', async () => {
    const script = `
      const { importTypeScript } = await import('./scripts/mock-llm-server.mjs');
      const { startOtlpReceiver } = await importTypeScript(new URL('./test/support/otlp-receiver.ts', 'file://' + process.cwd() + '/'));
      const receiver = await startOtlpReceiver();
      await fetch(receiver.tracesUrl, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: new Uint8Array(0) });
      console.log(JSON.stringify(receiver.requests.map((r) => r.status)));
      await receiver.close();`;
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO_ROOT, timeout: 20_000 }, (error, out, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(out),
      ),
    );
    expect(stdout.trim()).toBe('[200]');
  });

  it('close() is prompt with hanging requests and rejects pending waits', async () => {
    const closing = await startOtlpReceiver();
    closing.fail({ mode: 'hang' });
    const hanging = post('/v1/traces', 'application/json', '{}').catch((e: unknown) => e);
    const stuck = fetch(`${closing.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).catch(
      (e: unknown) => e,
    );
    const pending = closing.waitFor(() => false, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await closing.close();
    expect(Date.now() - started).toBeLessThan(500);
    await expect(pending).rejects.toThrow('OTLP receiver closed');
    expect(await stuck).toMatchObject({ message: 'fetch failed' });
    expect(await hanging).toBeInstanceOf(Response);
  });
});
