/**
 * The OTLP log and metric exporters count what a failed export loses (export health), the same
 * way the span path does: log records and metric data points, by reason.
 */
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { resolveConfig } from '../../src/config';
import { EXPORT_DROP_REASON, type ExportSignal } from '../../src/semconv';
import { droppedTotals } from '../../src/telemetry/export-health';
import { createOtlpLogExporter, createOtlpMetricExporter } from '../../src/telemetry/exporters/otlp';
import { startOtlpReceiver, type OtlpReceiver } from '../support/otlp-receiver';

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(() => receiver.close());

const dropped = (signal: ExportSignal): number =>
  droppedTotals()
    .filter((d) => d.signal === signal && d.reason === EXPORT_DROP_REASON.EXPORT_FAILED)
    .reduce((n, d) => n + d.count, 0);

describe('OTLP log and metric exporters', () => {
  let stderr: jest.SpyInstance;
  beforeEach(() => {
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    receiver.fail({ mode: 'status', status: 500 });
  });
  afterEach(() => {
    stderr.mockRestore();
    receiver.recover();
  });
  const otlp = () => resolveConfig({}, { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }).config.otlp;

  it('counts the log records of a failed export (logs, export_failed), with one warning', async () => {
    const before = dropped('logs');
    const provider = new LoggerProvider({ processors: [new BatchLogRecordProcessor({ exporter: createOtlpLogExporter(otlp()) })] });
    const logger = provider.getLogger('test');
    logger.emit({ body: 'one' });
    logger.emit({ body: 'two' });
    await provider.forceFlush();
    expect(dropped('logs') - before).toBe(2);
    expect(stderr.mock.calls.map((c) => String(c[0])).filter((l) => l.includes('log record'))).toEqual([
      expect.stringMatching(
        /^agentsight\/export warn: 2 log records were not exported \(export_failed\): the export to .*\/v1\/logs failed \(OTLP export answered HTTP 500/,
      ),
    ]);
    await provider.shutdown();
  });

  it('counts the data points of a failed metrics export (metrics, export_failed)', async () => {
    const before = dropped('metrics');
    const reader = new PeriodicExportingMetricReader({ exporter: createOtlpMetricExporter(otlp()), exportIntervalMillis: 60_000 });
    const provider = new MeterProvider({ readers: [reader] });
    const counter = provider.getMeter('test').createCounter('test.count');
    counter.add(1, { k: 'a' });
    counter.add(1, { k: 'b' });
    provider.getMeter('test').createHistogram('test.hist').record(3);
    await provider.forceFlush().catch(() => undefined);
    expect(dropped('metrics') - before).toBe(3);
    await provider.shutdown().catch(() => undefined);
  });
});
