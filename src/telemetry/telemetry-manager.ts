/**
 * Sets up the OpenTelemetry side: tracer, meter and logger providers with one resource, the
 * AsyncLocalStorage context manager, W3C trace-context and baggage propagation, our processors
 * and exporters. If the application registered its own tracer provider first, ours is not
 * registered: our processors are added to theirs where the SDK allows it (see README, "Using your
 * own OpenTelemetry SDK").
 */
import {
  context,
  metrics,
  logs,
  propagation,
  trace,
  ProxyTracerProvider,
  type Meter,
  type Tracer,
  type TracerProvider as ApiTracerProvider,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { LoggerProvider } from '@opentelemetry/sdk-logs';
import type { MeterProvider } from '@opentelemetry/sdk-metrics';
import { ParentBasedSampler, TraceIdRatioBasedSampler, type SpanProcessor, type TracerProvider } from '@opentelemetry/sdk-trace';
import type { ResolvedConfig } from '../config';
import { getLogger } from '../diag';
import { TRACER_NAME } from '../semconv';
import { VERSION } from '../version';
import { BatchProcessor } from './batch-processor';
import { ConsoleLineExporter } from './exporters/console-exporter';
import { LocalStoreExporter } from './exporters/local-store-exporter';
import { createGenAiMetrics, type GenAiMetrics } from './genai-metrics';
import { FORWARDING_PROCESSOR, forwardTo } from './processors/forwarding-span-processor';
import { SessionSpanProcessor } from './processors/session-span-processor';
import { buildResource } from './resource';
import { AgentsightTracerProvider, type NativeSpanScope } from './tracer-provider';

const log = getLogger('telemetry');

/** Races `promise` against a timer (unref'd); never rejects. */
export async function bounded(promise: Promise<unknown>, ms: number): Promise<'done' | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
    timer.unref();
  });
  try {
    return await Promise.race([
      promise.then(
        () => 'done' as const,
        () => 'done' as const,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

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

export class TelemetryManager {
  readonly resource: Resource;
  readonly tracer: Tracer;
  readonly meter: Meter;
  readonly metrics: GenAiMetrics;
  readonly localStore: LocalStoreExporter | undefined;
  /** Our processors with a synchronous flush, for exit. */
  private readonly batchProcessors: BatchProcessor[] = [];
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

    this.spanProcessors = [new SessionSpanProcessor()];
    if (exporters.includes('local')) {
      this.localStore = new LocalStoreExporter(config.dir, serviceName);
      this.addBatch(new BatchProcessor(this.localStore, { scheduledDelayMillis: 200 }, 'local store'));
    }
    // The OTLP side (exporters, metrics and logs SDKs) loads only when used: it is most of the
    // start-up cost of the OpenTelemetry packages.
    const otlp = exporters.includes('otlp') ? loadOtlp() : undefined;
    if (otlp) {
      this.addBatch(
        new BatchProcessor(new otlp.exporters.OtlpTraceExporter(config.otlp.traces), { scheduledDelayMillis: 1000 }, 'otlp traces'),
      );
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
          sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(config.sampleRate) }),
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

    // Meter and logger providers export only over OTLP: without it there is nothing to make (a
    // provider the application registered is used as it is). Ours unless the app registered one.
    if (otlp) {
      const meterProvider = new otlp.metrics.MeterProvider({
        resource: this.resource,
        readers: [
          new otlp.metrics.PeriodicExportingMetricReader({
            exporter: otlp.exporters.createOtlpMetricExporter(config.otlp),
            exportIntervalMillis: config.otlp.metricExportIntervalMs,
          }),
        ],
      });
      this.ownMeterProvider = metrics.setGlobalMeterProvider(meterProvider) ? meterProvider : undefined;
      if (!this.ownMeterProvider) void meterProvider.shutdown();
      const loggerProvider = new otlp.logs.LoggerProvider({
        resource: this.resource,
        processors: [new otlp.logs.BatchLogRecordProcessor({ exporter: otlp.exporters.createOtlpLogExporter(config.otlp) })],
      });
      this.ownLoggerProvider = logs.setGlobalLoggerProvider(loggerProvider) ? loggerProvider : undefined;
      if (!this.ownLoggerProvider) void loggerProvider.shutdown();
    } else {
      this.ownMeterProvider = undefined;
      this.ownLoggerProvider = undefined;
    }
    this.meter = metrics.getMeter(TRACER_NAME, VERSION);
    this.metrics = createGenAiMetrics(this.meter);
  }

  /** Gives back the global registrations we made, so that a later `init()` can register again. */
  private unregisterGlobals(): void {
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
    return bounded(
      Promise.allSettled([
        ...this.batchProcessors.map((p) => p.forceFlush()),
        this.ownMeterProvider?.forceFlush(),
        this.ownLoggerProvider?.forceFlush(),
        this.localStore?.forceFlush(),
      ]),
      timeoutMs,
    );
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
      if ((await bounded(work, timeoutMs)) === 'timeout') {
        log.warn(`shutdown did not finish within ${timeoutMs} ms; writing what is left synchronously`);
        this.flushSync(Math.min(timeoutMs, 1000));
      }
      this.unregisterGlobals();
    })();
    return this.shutdownPromise;
  }
}

/** The OTLP exporters and the metrics and logs SDKs, loaded on demand. */
function loadOtlp() {
  return {
    exporters: require('./exporters/otlp') as typeof import('./exporters/otlp'),
    metrics: require('@opentelemetry/sdk-metrics') as typeof import('@opentelemetry/sdk-metrics'),
    logs: require('@opentelemetry/sdk-logs') as typeof import('@opentelemetry/sdk-logs'),
  };
}
