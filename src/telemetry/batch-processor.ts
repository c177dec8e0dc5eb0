/**
 * A batching span processor that can also flush synchronously.
 *
 * The SDK's BatchSpanProcessor only flushes asynchronously, which is useless in a `process.on('exit')`
 * handler (after `process.exit()` or an uncaught exception no promise ever settles). This one keeps
 * its queue and the batch being exported in reach, so `flushSync()` can hand both to the exporter's
 * synchronous path. The queue is bounded; every span it loses (queue full, export failed or timed
 * out) is counted by export health (`recordDropped`), which warns once per kind. The timer is
 * unref'd, so a quiet queue never holds the process open.
 */
import { context, type Context } from '@opentelemetry/api';
import { ExportResultCode, suppressTracing, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, Span, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace';
import { getLogger } from '../diag';
import { EXPORT_DROP_REASON, EXPORT_SIGNAL } from '../semconv';
import { ExportTimeoutError, dropReasonOf, recordDropped } from './export-health';

/** A span exporter with an optional synchronous path, used at process exit. */
export interface SyncCapableExporter extends SpanExporter {
  /** Exports now, blocking the thread, within `timeoutMs`. Never throws. */
  exportSync?(spans: ReadableSpan[], timeoutMs: number): void;
}

export interface BatchProcessorOptions {
  /** Most spans waiting to be exported; beyond it new spans are dropped. Default 2048. */
  maxQueueSize?: number;
  /** Most spans per export call. Default 512. */
  maxExportBatchSize?: number;
  /** Delay between two scheduled exports, in milliseconds. Default 1000. */
  scheduledDelayMillis?: number;
  /** A single export call gives up after this long, in milliseconds. Default 10000. */
  exportTimeoutMillis?: number;
}

const log = getLogger('batch');

/**
 * Runs an export with tracing suppressed, as the SDK's own processors do: the HTTP or file work of
 * an export must not become spans (with the application's http instrumentation, each export would
 * otherwise make a span to export, inside whatever session ended the last span).
 */
function untraced(fn: () => void): void {
  context.with(suppressTracing(context.active()), fn);
}

export class BatchProcessor implements SpanProcessor {
  private readonly maxQueueSize: number;
  private readonly maxBatch: number;
  private readonly delay: number;
  private readonly exportTimeout: number;
  private queue: ReadableSpan[] = [];
  /** The batch handed to the exporter whose result has not come back yet (a set: see `flushSync`). */
  private readonly inFlight = new Set<ReadableSpan[]>();
  private timer: NodeJS.Timeout | undefined;
  private shutdownPromise: Promise<void> | undefined;
  private isShutdown = false;

  constructor(
    private readonly exporter: SyncCapableExporter,
    options: BatchProcessorOptions = {},
    private readonly name = 'exporter',
  ) {
    this.maxQueueSize = options.maxQueueSize ?? 2048;
    let maxBatch = options.maxExportBatchSize ?? 512;
    if (maxBatch > this.maxQueueSize) {
      log.warn(`maxExportBatchSize ${maxBatch} is above maxQueueSize ${this.maxQueueSize}; using ${this.maxQueueSize}`);
      maxBatch = this.maxQueueSize;
    }
    this.maxBatch = maxBatch;
    this.delay = options.scheduledDelayMillis ?? 1000;
    this.exportTimeout = options.exportTimeoutMillis ?? 10_000;
  }

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    if (this.isShutdown) return;
    if ((span.spanContext().traceFlags & 1) === 0) return; // not sampled
    if (this.queue.length >= this.maxQueueSize) {
      recordDropped(
        EXPORT_SIGNAL.TRACES,
        EXPORT_DROP_REASON.QUEUE_FULL,
        1,
        `${this.name}: queue full (${this.maxQueueSize} spans); dropping spans until it drains`,
      );
      return;
    }
    this.queue.push(span);
    if (this.queue.length >= this.maxBatch) this.exportNext();
    else this.schedule();
  }

  /** Exports everything queued and waits for it (and for the batch already in flight). */
  async forceFlush(): Promise<void> {
    this.clearTimer();
    for (;;) {
      if (this.current) await this.current;
      else if (this.queue.length > 0) await this.exportBatch(this.takeBatch());
      else return;
    }
  }

  /**
   * Hands everything queued, and every batch still in flight, to the exporter's synchronous path.
   * A batch in flight may then arrive twice; a backend deduplicates by span id, a lost span is gone.
   */
  flushSync(timeoutMs: number): void {
    this.clearTimer();
    const spans = [...[...this.inFlight].flat(), ...this.queue];
    this.queue = [];
    this.inFlight.clear();
    if (spans.length === 0) return;
    if (!this.exporter.exportSync) {
      recordDropped(EXPORT_SIGNAL.TRACES, EXPORT_DROP_REASON.SHUTDOWN, spans.length, `${this.name}: no synchronous export path at exit`);
      return;
    }
    try {
      const exporter = this.exporter;
      untraced(() => exporter.exportSync?.(spans, timeoutMs));
    } catch (err) {
      recordDropped(
        EXPORT_SIGNAL.TRACES,
        EXPORT_DROP_REASON.EXPORT_FAILED,
        spans.length,
        `${this.name}: export at exit failed: ${String(err)}`,
      );
    }
  }

  shutdown(): Promise<void> {
    this.shutdownPromise ??= (async () => {
      await this.forceFlush();
      this.isShutdown = true;
      this.clearTimer();
      await this.exporter.shutdown();
    })();
    return this.shutdownPromise;
  }

  private takeBatch(): ReadableSpan[] {
    return this.queue.splice(0, this.maxBatch);
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.exportNext();
    }, this.delay);
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Starts the next export, unless one is in flight (one at a time; the queue absorbs the rest). */
  private exportNext(): void {
    this.clearTimer();
    if (this.current) return;
    const batch = this.takeBatch();
    if (batch.length > 0) void this.exportBatch(batch);
  }

  /** The export in flight, if any. */
  private current: Promise<void> | undefined;

  private exportBatch(batch: ReadableSpan[]): Promise<void> {
    if (batch.length === 0) return Promise.resolve();
    this.inFlight.add(batch);
    const done = new Promise<void>((resolve) => {
      const timer = setTimeout(
        () => finish({ code: ExportResultCode.FAILED, error: new ExportTimeoutError(`export timed out after ${this.exportTimeout} ms`) }),
        this.exportTimeout,
      );
      timer.unref();
      let finished = false;
      const finish = (result: ExportResult): void => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        // A batch that `flushSync` took meanwhile is that path's to count, not this one's.
        const stillOurs = this.inFlight.delete(batch);
        if (result.code !== ExportResultCode.SUCCESS && stillOurs) {
          recordDropped(
            EXPORT_SIGNAL.TRACES,
            dropReasonOf(result.error),
            batch.length,
            `${this.name}: export failed (${result.error?.message ?? 'unknown error'})`,
          );
        }
        this.current = undefined;
        resolve();
        if (this.isShutdown) return;
        if (this.queue.length >= this.maxBatch) this.exportNext();
        else if (this.queue.length > 0) this.schedule();
      };
      try {
        untraced(() => this.exporter.export(batch, finish));
      } catch (err) {
        finish({ code: ExportResultCode.FAILED, error: err as Error });
      }
    });
    // `finish` may already have run synchronously (an exporter that answers at once).
    if (this.inFlight.has(batch)) this.current = done;
    return done;
  }
}
