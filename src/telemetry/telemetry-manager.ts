/**
 * Sets up the OpenTelemetry side: tracer, meter and logger providers with one resource, the
 * AsyncLocalStorage context manager, W3C trace-context and baggage propagation, session sampling
 * (whole sessions, and the keeping of failed ones), our processors and exporters, and where
 * captured log records go. If the application registered its own tracer provider first, ours is
 * not registered: our processors are added to theirs where the SDK allows it (see README, "Using
 * your own OpenTelemetry SDK").
 */
import {
  context,
  metrics,
  logs,
  propagation,
  trace,
  ProxyTracerProvider,
  type Counter,
  type Meter,
  type Tracer,
  type TracerProvider as ApiTracerProvider,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { LoggerProvider } from '@opentelemetry/sdk-logs';
import type { MeterProvider } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, SpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { ResolvedConfig } from '../config';
import { getLogger } from '../diag';
import {
  ATTR_AGENTSIGHT_SAMPLING_DROP_REASON,
  ATTR_AGENTSIGHT_SAMPLING_OUTCOME,
  METRIC_AGENTSIGHT_SAMPLING_SESSIONS,
  TRACER_NAME,
  UNIT_SESSION,
} from '../semconv';
import { VERSION } from '../version';
import { BatchProcessor } from './batch-processor';
import { attachDroppedCounter, logQueueDrops, reportDropped } from './export-health';
import { ConsoleLineExporter } from './exporters/console-exporter';
import type { AbandonableExporter } from './exporters/otlp';
import { LocalStoreExporter } from './exporters/local-store-exporter';
import { meterGenAiMetrics, type GenAiMetrics } from './genai-metrics';
import type { GenAiMetricsProducer } from './genai-metrics-producer';
import { LogRouter } from './log-router';
import { FORWARDING_PROCESSOR, forwardTo } from './processors/forwarding-span-processor';
import { RedactingSpanProcessor } from './processors/redacting-span-processor';
import { SessionSpanProcessor } from './processors/session-span-processor';
import { buildResource } from './resource';
import { withinBudget } from './within-budget';
import { SessionSampler } from './sampling/session-sampler';
import { SessionSampling, type DropReason, type HeldSession, type RescueTarget, type SamplingOutcome } from './sampling/session-sampling';
import { AgentsightTracerProvider, type NativeSpanScope } from './tracer-provider';

const log = getLogger('telemetry');

/** Most log records waiting for OTLP export (the SDK's default); beyond it they are dropped, and counted. */
const LOG_QUEUE_SIZE = 2048;

/** A provider the application registered, if any (the global one, unwrapped from its proxy). */
function registeredTracerProvider(): ApiTracerProvider | undefined {
  const global = trace.getTracerProvider();
  const delegate = global instanceof ProxyTracerProvider ? global.getDelegate() : global;
  return delegate.constructor.name === 'NoopTracerProvider' ? undefined : delegate;
}

/** Adds span processors to a provider the application made; `false` if its SDK offers no way. */
function addToForeignProvider(provider: ApiTracerProvider, processors: SpanProcessor[]): boolean {
  const p = provider as {
    addSpanProcessor?: (sp: SpanProcessor) => void;
    _activeSpanProcessor?: { _spanProcessors?: unknown };
  };
  // SDK 2.x and 3.x take processors only at construction; their MultiSpanProcessor keeps a plain
  // array we can extend. This is not public API, so it is checked before use.
  const list = p._activeSpanProcessor?._spanProcessors;
  if (Array.isArray(list)) {
    // With agentsightSpanProcessors() already in the list, spans reach us through it.
    if (!list.includes(FORWARDING_PROCESSOR)) list.push(...processors);
    return true;
  }
  if (typeof p.addSpanProcessor === 'function') {
    // OpenTelemetry JS SDK 1.x.
    for (const sp of processors) p.addSpanProcessor(sp);
    return true;
  }
  return false;
}

export class TelemetryManager implements RescueTarget {
  readonly resource: Resource;
  readonly tracer: Tracer;
  readonly meter: Meter;
  readonly metrics: GenAiMetrics;
  readonly localStore: LocalStoreExporter | undefined;
  /** Session sampling: outcomes counted, failed sessions kept (a span processor and a session listener). */
  readonly sampling: SessionSampling;
  /** Where captured log records go (LogCapture's sink). */
  readonly logs: LogRouter;
  /** Our processors with a synchronous flush, for exit. */
  private readonly batchProcessors: BatchProcessor[] = [];
  /** Our OTLP exporters, whose exports in flight end when the shutdown budget is spent. */
  private readonly abandonable: AbandonableExporter[] = [];
  /** The processors we made (also given to `agentsightSpanProcessors()`). */
  readonly spanProcessors: SpanProcessor[];
  private readonly ownTracerProvider: TracerProvider | undefined;
  private readonly ownMeterProvider: MeterProvider | undefined;
  private readonly ownLoggerProvider: LoggerProvider | undefined;
  /** `true` when we use a tracer provider the application registered. */
  readonly usesForeignTracerProvider: boolean;
  private shutdownPromise: Promise<void> | undefined;
  private readonly ownsContextManager: boolean;
  private readonly ownsPropagator: boolean;

  /** `nativeScopes`: the SDKs' own tracer scopes that our tracer provider keeps quiet unless asked. */
  constructor(
    private readonly config: ResolvedConfig,
    nativeScopes: readonly NativeSpanScope[] = [],
  ) {
    this.resource = buildResource(config.serviceName);
    const serviceName = String(this.resource.attributes['service.name'] ?? 'unknown_service');

    const foreign = registeredTracerProvider();
    this.usesForeignTracerProvider = foreign !== undefined;
    // With the app's own provider, OTLP is theirs to configure unless asked for explicitly.
    const exporters = config.exporters.filter((e) => !(foreign && e === 'otlp' && !config.exportersExplicit));
    // The OTLP side (exporters, metrics and logs SDKs) loads only when used: it is most of the
    // start-up cost of the OpenTelemetry packages.
    const otlp = exporters.includes('otlp') ? loadOtlp() : undefined;

    // Meter and logger providers export only over OTLP: without it there is nothing to make (a
    // provider the application registered is used as it is). Ours unless the app registered one.
    // They come first: the sampling processor counts into the meter.
    let producer: GenAiMetricsProducer | undefined;
    if (otlp) {
      // Our GenAI metrics go to our reader pre-aggregated (see genai-metrics-producer.ts).
      producer = new otlp.genAiMetrics.GenAiMetricsProducer(config.otlp.temporality, this.resource);
      const metricExporter = otlp.exporters.createOtlpMetricExporter(config.otlp);
      const logExporter = otlp.exporters.createOtlpLogExporter(config.otlp);
      this.abandonable.push(metricExporter, logExporter);
      const meterProvider = new otlp.metrics.MeterProvider({
        resource: this.resource,
        readers: [
          new otlp.metrics.PeriodicExportingMetricReader({
            exporter: metricExporter,
            exportIntervalMillis: config.otlp.metricExportIntervalMs,
            metricProducers: [producer],
          }),
        ],
      });
      this.ownMeterProvider = metrics.setGlobalMeterProvider(meterProvider) ? meterProvider : undefined;
      if (!this.ownMeterProvider) void meterProvider.shutdown();
      const loggerProvider = new otlp.logs.LoggerProvider({
        resource: this.resource,
        processors: [
          new otlp.logs.BatchLogRecordProcessor({
            exporter: logExporter,
            maxQueueSize: LOG_QUEUE_SIZE,
            selfObsMeterProvider: logQueueDrops(LOG_QUEUE_SIZE),
          }),
        ],
      });
      this.ownLoggerProvider = logs.setGlobalLoggerProvider(loggerProvider) ? loggerProvider : undefined;
      if (!this.ownLoggerProvider) void loggerProvider.shutdown();
    } else {
      this.ownMeterProvider = undefined;
      this.ownLoggerProvider = undefined;
    }
    this.meter = metrics.getMeter(TRACER_NAME, VERSION);
    this.metrics = producer && this.ownMeterProvider ? producer : meterGenAiMetrics(this.meter);
    attachDroppedCounter(this.meter);

    // Keeping failed sessions needs our sampler (sampled-out sessions recorded, not sampled).
    const keepFailed = config.keepFailedSessions && !foreign;
    if (config.keepFailedSessions && foreign) {
      log.warn(
        'AGENTSIGHT_KEEP_FAILED_SESSIONS needs agentsight to make the tracer provider, but the application registered its own: ' +
          'its sampler decides, and failed sessions that it samples out are not kept',
      );
    }
    // Outcomes are counted while sampling is on: at a rate of 1 every session is kept, and a
    // counter with nothing to say would still make every app export metrics at exit.
    const samples = config.sampleRate < 1 || keepFailed;
    const sessions = samples
      ? this.meter.createCounter(METRIC_AGENTSIGHT_SAMPLING_SESSIONS, {
          description: 'Sessions by sampling outcome: kept (sampled), dropped (sampled out), rescued (sampled out, failed, exported).',
          unit: UNIT_SESSION,
        })
      : undefined;
    this.sampling = new SessionSampling({
      keepFailed,
      bufferBytes: config.keepFailedBufferBytes,
      target: this,
      count: (outcome, reason) => {
        if (sessions) countSession(sessions, outcome, reason);
      },
    });

    this.spanProcessors = [new SessionSpanProcessor()];
    // Before the exporters: the user's redaction sees each span before any of them does.
    if (config.redactHook) this.spanProcessors.push(new RedactingSpanProcessor(config.redactHook));
    // It holds spans only while keep-failed is on; otherwise it counts sessions as a session listener.
    if (keepFailed) this.spanProcessors.push(this.sampling);
    if (exporters.includes('local')) {
      this.localStore = new LocalStoreExporter(config.dir, serviceName);
      this.addBatch(new BatchProcessor(this.localStore, { scheduledDelayMillis: 200 }, 'local store'));
    }
    if (otlp) {
      const traceExporter = new otlp.exporters.OtlpTraceExporter(config.otlp.traces);
      this.abandonable.push(traceExporter);
      this.addBatch(new BatchProcessor(traceExporter, { scheduledDelayMillis: 1000 }, 'otlp traces'));
    }
    if (exporters.includes('console')) {
      this.addBatch(new BatchProcessor(new ConsoleLineExporter(), { scheduledDelayMillis: 100 }, 'console'));
    }

    forwardTo(this.spanProcessors);
    if (foreign) {
      if (addToForeignProvider(foreign, this.spanProcessors)) {
        log.info('using the tracer provider the application registered; agentsight processors added to it');
      } else {
        log.warn(
          'the application registered a tracer provider that does not accept more span processors; ' +
            "add agentsightSpanProcessors() to its spanProcessors so sessions reach agentsight's exporters",
        );
      }
      this.ownTracerProvider = undefined;
    } else {
      this.ownTracerProvider = new AgentsightTracerProvider(
        {
          resource: this.resource,
          sampler: new SessionSampler(config.sampleRate, keepFailed),
          spanProcessors: this.spanProcessors,
        },
        nativeScopes,
      );
      trace.setGlobalTracerProvider(this.ownTracerProvider);
    }
    // Both keep an existing registration (and return false) rather than replacing it.
    this.ownsContextManager = context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    this.ownsPropagator =
      propagation.fields().length === 0 &&
      propagation.setGlobalPropagator(
        new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
      );
    this.tracer = trace.getTracer(TRACER_NAME, VERSION);
    this.logs = new LogRouter(this.localStore, otlp ? logs.getLogger(TRACER_NAME, VERSION) : undefined, this.sampling);
  }

  /** A sampled-out session kept after all: its start and end records, its log records, its spans. */
  rescue(held: HeldSession): void {
    if (held.session) this.localStore?.adopt(held.session);
    for (const record of held.logs) this.logs.deliver(record);
    for (const span of held.spans) this.rescueLate(span);
  }

  rescueLate(span: ReadableSpan): void {
    const kept = (require('./sampling/sampled-span') as typeof import('./sampling/sampled-span')).asSampled(span);
    for (const p of this.batchProcessors) p.onEnd(kept);
  }

  /** Gives back the global registrations we made, so that a later `init()` can register again. */
  private unregisterGlobals(): void {
    attachDroppedCounter(undefined);
    if (this.ownTracerProvider) trace.disable();
    if (this.ownMeterProvider) metrics.disable();
    if (this.ownLoggerProvider) logs.disable();
    if (this.ownsPropagator) propagation.disable();
    if (this.ownsContextManager) context.disable();
  }

  private addBatch(processor: BatchProcessor): void {
    this.batchProcessors.push(processor);
    this.spanProcessors.push(processor);
  }

  /** Exports everything pending on every signal, within `timeoutMs`. */
  async forceFlush(timeoutMs = this.config.shutdownTimeoutMs): Promise<'done' | 'timeout'> {
    return withinBudget(
      Promise.allSettled([
        ...this.batchProcessors.map((p) => p.forceFlush()),
        this.ownMeterProvider?.forceFlush(),
        this.ownLoggerProvider?.forceFlush(),
        this.localStore?.forceFlush(),
      ]),
      timeoutMs,
    );
  }

  /**
   * Ends the OTLP exports still in flight, when the time budget is spent: the metrics and logs SDKs
   * would otherwise hold the process (with timers of their own) until those exports' retries ran out.
   * `final` (at shutdown): the exports the SDKs start afterwards fail at once too.
   */
  abandonExports(final: boolean): void {
    for (const exporter of this.abandonable) exporter.abandon('the shutdown budget (AGENTSIGHT_SHUTDOWN_TIMEOUT_MS) ran out', final);
  }

  /** Synchronous flush of spans and the local store, for `process.on('exit')`. */
  flushSync(timeoutMs = this.config.shutdownTimeoutMs): void {
    const deadline = Date.now() + timeoutMs;
    for (const p of this.batchProcessors) {
      try {
        p.flushSync(Math.max(0, deadline - Date.now()));
      } catch (err) {
        log.debug('flush at exit failed', err);
      }
    }
    this.localStore?.writeAllSync();
    reportDropped();
  }

  /** Flushes and shuts our providers down, within `timeoutMs`; a second call returns the first's promise. */
  shutdown(timeoutMs = this.config.shutdownTimeoutMs): Promise<void> {
    this.shutdownPromise ??= (async () => {
      forwardTo([]);
      const work = Promise.allSettled([
        this.ownTracerProvider ? this.ownTracerProvider.shutdown() : Promise.all(this.spanProcessors.map((p) => p.shutdown())),
        this.ownMeterProvider?.shutdown(),
        this.ownLoggerProvider?.shutdown(),
      ]);
      // One budget for all of it: what the asynchronous shutdown has not done in time is abandoned,
      // and what is left is written synchronously (the local store) or counted as not exported.
      const deadline = Date.now() + timeoutMs;
      if ((await withinBudget(work, timeoutMs)) === 'timeout') {
        // What this costs (if anything) is told by export health, once per kind.
        log.info(`shutdown did not finish within ${timeoutMs} ms; writing what is left synchronously`);
        // Final: the providers are shutting down, and what their queues still hold must not wait.
        this.abandonExports(true);
        this.flushSync(Math.max(0, deadline - Date.now()));
      }
      reportDropped();
      this.unregisterGlobals();
    })();
    return this.shutdownPromise;
  }
}

function countSession(counter: Counter, outcome: SamplingOutcome, reason: DropReason | undefined): void {
  counter.add(1, {
    [ATTR_AGENTSIGHT_SAMPLING_OUTCOME]: outcome,
    ...(reason !== undefined ? { [ATTR_AGENTSIGHT_SAMPLING_DROP_REASON]: reason } : {}),
  });
}

/** The OTLP exporters and the metrics and logs SDKs, loaded on demand. */
function loadOtlp() {
  return {
    exporters: require('./exporters/otlp') as typeof import('./exporters/otlp'),
    metrics: require('@opentelemetry/sdk-metrics') as typeof import('@opentelemetry/sdk-metrics'),
    logs: require('@opentelemetry/sdk-logs') as typeof import('@opentelemetry/sdk-logs'),
    genAiMetrics: require('./genai-metrics-producer') as typeof import('./genai-metrics-producer'),
  };
}
