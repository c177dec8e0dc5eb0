import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { BatchProcessor, type SyncCapableExporter } from '../src/telemetry/batch-processor';
import { ExportTimeoutError, droppedTotals } from '../src/telemetry/export-health';
import { EXPORT_DROP_REASON, type ExportDropReason } from '../src/semconv';

/** Spans dropped so far in this process for `reason` (export health's totals are process-wide). */
const dropped = (reason: ExportDropReason): number =>
  droppedTotals()
    .filter((d) => d.signal === 'traces' && d.reason === reason)
    .reduce((n, d) => n + d.count, 0);

class RecordingExporter implements SyncCapableExporter {
  asyncBatches: string[][] = [];
  syncBatches: string[][] = [];
  /** When set, export() never calls back (a hung backend). */
  hang = false;
  export(spans: ReadableSpan[], done: (r: ExportResult) => void): void {
    this.asyncBatches.push(spans.map((s) => s.name));
    if (!this.hang) setImmediate(() => done({ code: ExportResultCode.SUCCESS }));
  }
  exportSync(spans: ReadableSpan[]): void {
    this.syncBatches.push(spans.map((s) => s.name));
  }
  async shutdown(): Promise<void> {}
}

function spansThrough(processor: BatchProcessor, names: string[]): void {
  const provider = new TracerProvider({ spanProcessors: [processor] });
  const tracer = provider.getTracer('t');
  for (const name of names) tracer.startSpan(name).end();
}

describe('BatchProcessor', () => {
  let stderr: jest.SpyInstance;
  beforeEach(() => {
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => stderr.mockRestore());

  it('exports in batches of at most maxExportBatchSize on forceFlush', async () => {
    const exporter = new RecordingExporter();
    const processor = new BatchProcessor(exporter, { maxExportBatchSize: 2, scheduledDelayMillis: 60_000 });
    spansThrough(processor, ['a', 'b', 'c', 'd', 'e']);
    await processor.forceFlush();
    expect(exporter.asyncBatches.flat()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(Math.max(...exporter.asyncBatches.map((b) => b.length))).toBeLessThanOrEqual(2);
  });

  it('exports one batch at a time, drops spans beyond the queue bound and reports it once', async () => {
    const exporter = new RecordingExporter();
    const processor = new BatchProcessor(exporter, { maxQueueSize: 3, maxExportBatchSize: 3, scheduledDelayMillis: 60_000 }, 'test');
    exporter.hang = true; // the first full batch stays in flight
    spansThrough(processor, ['1', '2', '3', '4', '5', '6', '7', '8']);
    const warnings = stderr.mock.calls.map((c) => String(c[0])).filter((l) => l.includes('queue full'));
    expect(warnings).toHaveLength(1);
    processor.flushSync(100);
    // The batch in flight and the queued spans reach the synchronous path; the dropped ones are gone.
    expect(exporter.syncBatches.flat()).toEqual(['1', '2', '3', '4', '5', '6']);
  });

  it('flushSync hands queued spans to the exporter synchronously', () => {
    const exporter = new RecordingExporter();
    const processor = new BatchProcessor(exporter, { scheduledDelayMillis: 60_000 });
    spansThrough(processor, ['x', 'y']);
    processor.flushSync(100);
    expect(exporter.syncBatches).toEqual([['x', 'y']]);
    processor.flushSync(100);
    expect(exporter.syncBatches).toHaveLength(1);
  });

  it('exports on its own after the scheduled delay, without holding the process', async () => {
    const exporter = new RecordingExporter();
    const processor = new BatchProcessor(exporter, { scheduledDelayMillis: 10 });
    spansThrough(processor, ['late']);
    await new Promise((r) => setTimeout(r, 50));
    expect(exporter.asyncBatches).toEqual([['late']]);
  });

  it('shutdown is safe to call twice and reports a failed export once', async () => {
    const exporter: SyncCapableExporter = {
      export: (_spans, done) => done({ code: ExportResultCode.FAILED, error: new Error('collector down') }),
      shutdown: jest.fn(async () => undefined),
    };
    const processor = new BatchProcessor(exporter, { scheduledDelayMillis: 60_000 }, 'down');
    spansThrough(processor, ['a']);
    await processor.forceFlush();
    spansThrough(processor, ['b']);
    await Promise.all([processor.shutdown(), processor.shutdown()]);
    expect(exporter.shutdown).toHaveBeenCalledTimes(1);
    const failures = stderr.mock.calls.map((c) => String(c[0])).filter((l) => l.includes('collector down'));
    expect(failures).toHaveLength(1);
  });

  it('counts every span it loses by reason, and a batch that flushSync took only once', async () => {
    const before = { queue: dropped(EXPORT_DROP_REASON.QUEUE_FULL), failed: dropped(EXPORT_DROP_REASON.EXPORT_FAILED) };
    const beforeTimeout = dropped(EXPORT_DROP_REASON.TIMEOUT);
    let answer: ((r: ExportResult) => void) | undefined;
    const results: ExportResult[] = [
      { code: ExportResultCode.FAILED, error: new Error('HTTP 400') },
      { code: ExportResultCode.FAILED, error: new ExportTimeoutError('budget spent') },
    ];
    const exporter: SyncCapableExporter = {
      export: (_spans, done) => {
        const result = results.shift();
        if (result) done(result);
        else answer = done; // the third export stays in flight
      },
      exportSync: () => undefined,
      shutdown: async () => undefined,
    };
    const processor = new BatchProcessor(exporter, { maxQueueSize: 4, maxExportBatchSize: 2, scheduledDelayMillis: 60_000 }, 'counted');
    spansThrough(processor, ['a', 'b']); // a full batch: exported at once, fails (export_failed 2)
    spansThrough(processor, ['c', 'd']); // fails with a timeout (timeout 2)
    spansThrough(processor, ['e', 'f', 'g', 'h', 'i', 'j', 'k']); // e, f in flight; g..j queued; k dropped
    expect(dropped(EXPORT_DROP_REASON.EXPORT_FAILED) - before.failed).toBe(2);
    expect(dropped(EXPORT_DROP_REASON.TIMEOUT) - beforeTimeout).toBe(2);
    expect(dropped(EXPORT_DROP_REASON.QUEUE_FULL) - before.queue).toBe(1);
    // At exit the batch in flight goes the synchronous way; its late failure is not counted again.
    processor.flushSync(100);
    answer!({ code: ExportResultCode.FAILED, error: new Error('too late') });
    expect(dropped(EXPORT_DROP_REASON.EXPORT_FAILED) - before.failed).toBe(2);
  });
});
