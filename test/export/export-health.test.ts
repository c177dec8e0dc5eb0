/**
 * Export health: every item that cannot be exported is counted, by signal and reason, with one
 * warning per kind and one line of totals at exit when more was lost than the warnings told.
 */
import { AggregationTemporality, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import {
  ATTR_AGENTSIGHT_EXPORT_REASON,
  ATTR_AGENTSIGHT_EXPORT_SIGNAL,
  EXPORT_DROP_REASON,
  EXPORT_SIGNAL,
  METRIC_AGENTSIGHT_EXPORT_DROPPED,
  UNIT_ITEM,
} from '../../src/semconv';

type Health = typeof import('../../src/telemetry/export-health');

/** A fresh copy of the module (its totals are process-wide). */
function freshHealth(): Health {
  let health: Health | undefined;
  jest.isolateModules(() => {
    health = require('../../src/telemetry/export-health') as Health;
  });
  return health!;
}

class PullReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

describe('export health', () => {
  let stderr: jest.SpyInstance;
  const lines = (): string[] => stderr.mock.calls.map((c) => String(c[0]));
  beforeEach(() => {
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => stderr.mockRestore());

  it('warns once per signal and reason, naming the count and the cause; counts the rest', () => {
    const health = freshHealth();
    health.recordDropped(EXPORT_SIGNAL.TRACES, EXPORT_DROP_REASON.QUEUE_FULL, 1, 'otlp traces: queue full (2048 spans)');
    health.recordDropped(EXPORT_SIGNAL.TRACES, EXPORT_DROP_REASON.QUEUE_FULL, 4, 'otlp traces: queue full (2048 spans)');
    health.recordDropped(EXPORT_SIGNAL.TRACES, EXPORT_DROP_REASON.TIMEOUT, 3, 'the OTLP endpoint did not answer');
    health.recordDropped(EXPORT_SIGNAL.LOGS, EXPORT_DROP_REASON.EXPORT_FAILED, 2, 'HTTP 400');
    health.recordDropped(EXPORT_SIGNAL.METRICS, EXPORT_DROP_REASON.SHUTDOWN, 0, 'nothing lost');
    const later = `later ones are counted (${METRIC_AGENTSIGHT_EXPORT_DROPPED}) and reported at exit`;
    expect(lines()).toEqual([
      `agentsight/export warn: 1 span was not exported (queue_full): otlp traces: queue full (2048 spans); ${later}\n`,
      `agentsight/export warn: 3 spans were not exported (timeout): the OTLP endpoint did not answer; ${later}\n`,
      `agentsight/export warn: 2 log records were not exported (export_failed): HTTP 400; ${later}\n`,
    ]);
    expect(health.droppedTotals()).toEqual([
      { signal: 'traces', reason: 'queue_full', count: 5 },
      { signal: 'traces', reason: 'timeout', count: 3 },
      { signal: 'logs', reason: 'export_failed', count: 2 },
    ]);
  });

  it('reports the totals at exit only when the warnings did not already tell them', () => {
    const health = freshHealth();
    health.recordDropped(EXPORT_SIGNAL.TRACES, EXPORT_DROP_REASON.TIMEOUT, 3, 'budget spent');
    health.reportDropped();
    expect(lines()).toHaveLength(1);
    health.recordDropped(EXPORT_SIGNAL.TRACES, EXPORT_DROP_REASON.TIMEOUT, 2, 'budget spent');
    health.recordDropped(EXPORT_SIGNAL.TRACES, EXPORT_DROP_REASON.QUEUE_FULL, 7, 'queue full');
    health.recordDropped(EXPORT_SIGNAL.METRICS, EXPORT_DROP_REASON.EXPORT_FAILED, 4, 'HTTP 500');
    health.reportDropped();
    health.reportDropped();
    expect(lines().slice(3)).toEqual([
      'agentsight/export warn: in all, not exported: 12 spans (timeout 5, queue_full 7); 4 metric data points (export_failed 4)\n',
    ]);
  });

  it('adds every drop to the agentsight.export.dropped counter, by signal and reason', async () => {
    const health = freshHealth();
    const reader = new PullReader();
    const provider = new MeterProvider({ readers: [reader] });
    health.attachDroppedCounter(provider.getMeter('test'));
    health.recordDropped(EXPORT_SIGNAL.TRACES, EXPORT_DROP_REASON.QUEUE_FULL, 1, 'x');
    health.recordDropped(EXPORT_SIGNAL.TRACES, EXPORT_DROP_REASON.QUEUE_FULL, 9, 'x');
    health.recordDropped(EXPORT_SIGNAL.LOGS, EXPORT_DROP_REASON.SHUTDOWN, 2, 'x');
    const { resourceMetrics } = await reader.collect();
    const metric = resourceMetrics.scopeMetrics[0]!.metrics[0]!;
    expect(metric.descriptor).toMatchObject({ name: METRIC_AGENTSIGHT_EXPORT_DROPPED, unit: UNIT_ITEM });
    expect(metric.dataPoints.map((p) => [p.attributes, p.value])).toEqual([
      [{ [ATTR_AGENTSIGHT_EXPORT_SIGNAL]: 'traces', [ATTR_AGENTSIGHT_EXPORT_REASON]: 'queue_full' }, 10],
      [{ [ATTR_AGENTSIGHT_EXPORT_SIGNAL]: 'logs', [ATTR_AGENTSIGHT_EXPORT_REASON]: 'shutdown' }, 2],
    ]);
    await provider.shutdown();
  });

  it('tells a timed-out export from a failed one', () => {
    const health = freshHealth();
    expect(health.dropReasonOf(new health.ExportTimeoutError('late'))).toBe(EXPORT_DROP_REASON.TIMEOUT);
    expect(health.dropReasonOf(new Error('ECONNREFUSED'))).toBe(EXPORT_DROP_REASON.EXPORT_FAILED);
    expect(health.dropReasonOf(undefined)).toBe(EXPORT_DROP_REASON.EXPORT_FAILED);
  });
});
