/**
 * The OTLP exporters for traces, metrics and logs, built from OpenTelemetry's own pieces (the
 * export pipeline and base class of `@opentelemetry/otlp-exporter-base`, the protobuf and JSON
 * serializers of `@opentelemetry/otlp-transformer`) over our
 * non-blocking transport, configured by the standard `OTEL_EXPORTER_OTLP_*` variables. The trace
 * exporter also has a synchronous path for process exit, to the same endpoint with the same
 * headers and serializer.
 */
import { gzipSync } from 'node:zlib';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPExporterBase, createOtlpNetworkExportDelegate, getSharedConfigurationDefaults } from '@opentelemetry/otlp-exporter-base';
import { createOtlpHttpExporterMetrics } from '@opentelemetry/otlp-exporter-base/node-http';
import {
  JsonLogsSerializer,
  JsonMetricsSerializer,
  JsonTraceSerializer,
  LogsExporterMetricsHelper,
  MetricsExporterMetricsHelper,
  ProtobufLogsSerializer,
  ProtobufMetricsSerializer,
  ProtobufTraceSerializer,
  TraceExporterMetricsHelper,
  type IExporterMetricsHelper,
  type ISerializer,
} from '@opentelemetry/otlp-transformer';
import type { ReadableLogRecord, LogRecordExporter } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, InstrumentType, type PushMetricExporter, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { OtlpConfig, OtlpSignalConfig } from '../../config';
import type { TemporalityPreference } from '../../settings/table';
import { EXPORT_DROP_REASON, EXPORT_SIGNAL, type ExportSignal } from '../../semconv';
import type { SyncCapableExporter } from '../batch-processor';
import { dropReasonOf, recordDropped } from '../export-health';
import { requestHeaders } from './otlp-config';
import { OtlpHttpTransport } from './otlp-http-transport';
import { postSync } from './sync-http';

/** An exporter whose exports in flight can be ended at once (when the shutdown budget is spent). */
export interface AbandonableExporter {
  /**
   * Ends every export in flight now, because its time ran out (`why`); each reports a timeout.
   * `final`: every later export too (at shutdown, where the SDKs go on draining their queues).
   */
  abandon(why: string, final?: boolean): void;
}

/** The export delegate of one signal (OpenTelemetry's pipeline over our transport), and the transport. */
function delegateFor<Internal>(
  signal: OtlpSignalConfig,
  serializers: { json: ISerializer<Internal, unknown>; protobuf: ISerializer<Internal, unknown> },
  helper: IExporterMetricsHelper<Internal>,
  componentType: string,
) {
  const transport = new OtlpHttpTransport(signal.url, requestHeaders(signal), signal.gzip);
  const options = { ...getSharedConfigurationDefaults(), timeoutMillis: signal.timeoutMs };
  const metrics = createOtlpHttpExporterMetrics(componentType, helper, signal.url, undefined);
  const delegate = createOtlpNetworkExportDelegate(
    options,
    signal.protocol === 'http/json' ? serializers.json : serializers.protobuf,
    metrics,
    transport,
  );
  return { delegate, transport };
}

/** The OTLP trace exporter, with `exportSync` for process exit. */
export class OtlpTraceExporter implements SyncCapableExporter, AbandonableExporter {
  private readonly delegate: OTLPExporterBase<ReadableSpan[]>;
  private readonly transport: OtlpHttpTransport;

  constructor(private readonly signal: OtlpSignalConfig) {
    const { delegate, transport } = delegateFor(
      signal,
      { json: JsonTraceSerializer, protobuf: ProtobufTraceSerializer },
      TraceExporterMetricsHelper,
      'otlp_http_span_exporter',
    );
    this.delegate = new OTLPExporterBase(delegate);
    this.transport = transport;
  }

  abandon(why: string, final = false): void {
    this.transport.abandon(why, final);
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.delegate.export(spans, resultCallback);
  }

  exportSync(spans: ReadableSpan[], timeoutMs: number): void {
    if (timeoutMs <= 0) {
      recordDropped(
        EXPORT_SIGNAL.TRACES,
        EXPORT_DROP_REASON.TIMEOUT,
        spans.length,
        'the OTLP endpoint did not take them within AGENTSIGHT_SHUTDOWN_TIMEOUT_MS',
      );
      return;
    }
    const serializer = this.signal.protocol === 'http/json' ? JsonTraceSerializer : ProtobufTraceSerializer;
    let body = serializer.serializeRequest(spans);
    if (!body) return;
    const headers = requestHeaders(this.signal);
    if (this.signal.gzip) {
      body = gzipSync(body);
      headers['content-encoding'] = 'gzip';
    }
    const result = postSync(this.signal.url, headers, body, timeoutMs);
    if (result.outcome !== 'sent') {
      recordDropped(
        EXPORT_SIGNAL.TRACES,
        result.outcome === 'timeout' ? EXPORT_DROP_REASON.TIMEOUT : EXPORT_DROP_REASON.EXPORT_FAILED,
        spans.length,
        `the export at exit to ${this.signal.url} did not succeed: ${result.outcome}${result.status ? ` (HTTP ${result.status})` : ''}`,
      );
    }
  }

  forceFlush(): Promise<void> {
    return this.delegate.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.delegate.shutdown();
  }
}

/**
 * The temporality of each instrument kind for `OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE`,
 * as the OTLP exporter specification defines the three presets.
 */
export function temporalityFor(preference: TemporalityPreference, instrument: InstrumentType): AggregationTemporality {
  if (preference === 'cumulative') return AggregationTemporality.CUMULATIVE;
  const upDown = instrument === InstrumentType.UP_DOWN_COUNTER || instrument === InstrumentType.OBSERVABLE_UP_DOWN_COUNTER;
  if (upDown) return AggregationTemporality.CUMULATIVE;
  if (preference === 'lowmemory' && instrument === InstrumentType.OBSERVABLE_COUNTER) return AggregationTemporality.CUMULATIVE;
  return AggregationTemporality.DELTA;
}

/** The OTLP metric exporter. */
class OtlpMetricExporter extends OTLPExporterBase<ResourceMetrics> implements PushMetricExporter, AbandonableExporter {
  private readonly transport: OtlpHttpTransport;

  constructor(private readonly otlp: OtlpConfig) {
    const { delegate, transport } = delegateFor<ResourceMetrics>(
      otlp.metrics,
      { json: JsonMetricsSerializer, protobuf: ProtobufMetricsSerializer },
      MetricsExporterMetricsHelper,
      'otlp_http_metric_exporter',
    );
    super(delegate);
    this.transport = transport;
  }

  override export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    super.export(metrics, countingFailures(EXPORT_SIGNAL.METRICS, dataPointCount(metrics), this.otlp.metrics.url, ignoreResult));
    answerAtOnce(resultCallback);
  }

  selectAggregationTemporality(instrument: InstrumentType): AggregationTemporality {
    return temporalityFor(this.otlp.temporality, instrument);
  }

  abandon(why: string, final = false): void {
    this.transport.abandon(why, final);
  }
}

/** The data points of one metrics export (what `agentsight.export.dropped` counts for metrics). */
function dataPointCount(metrics: ResourceMetrics): number {
  return metrics.scopeMetrics.reduce((n, scope) => n + scope.metrics.reduce((m, metric) => m + metric.dataPoints.length, 0), 0);
}

/**
 * The metrics and logs SDKs wait for an export's answer on a timer of their own that is not
 * unref'd (30 s), so an export to a collector that hangs or refuses would hold a finished process
 * open until our transport gave up (its timeout, 10 s by default, with retries): the application
 * would leave that much later, before our exit path even starts. So their exporters answer at once
 * and send in the background: what fails is counted (`countingFailures`), a flush still waits for
 * the sends in flight (the export delegate's `forceFlush`), sends beyond the delegate's bound fail
 * and are counted, and the exit path abandons what is still in flight when its budget ends.
 */
function answerAtOnce(resultCallback: (result: ExportResult) => void): void {
  resultCallback({ code: ExportResultCode.SUCCESS });
}

const ignoreResult = (): void => undefined;

/** `resultCallback`, counting the `count` items of a failed export as dropped. */
function countingFailures(
  signal: ExportSignal,
  count: number,
  url: string,
  resultCallback: (result: ExportResult) => void,
): (result: ExportResult) => void {
  return (result) => {
    if (result.code !== ExportResultCode.SUCCESS) {
      recordDropped(signal, dropReasonOf(result.error), count, `the export to ${url} failed (${result.error?.message ?? 'unknown error'})`);
    }
    resultCallback(result);
  };
}

export function createOtlpMetricExporter(otlp: OtlpConfig): PushMetricExporter & AbandonableExporter {
  return new OtlpMetricExporter(otlp);
}

/** The OTLP log exporter. */
class OtlpLogExporter extends OTLPExporterBase<ReadableLogRecord[]> implements LogRecordExporter, AbandonableExporter {
  private readonly transport: OtlpHttpTransport;

  constructor(private readonly otlp: OtlpConfig) {
    const { delegate, transport } = delegateFor<ReadableLogRecord[]>(
      otlp.logs,
      { json: JsonLogsSerializer, protobuf: ProtobufLogsSerializer },
      LogsExporterMetricsHelper,
      'otlp_http_log_exporter',
    );
    super(delegate);
    this.transport = transport;
  }

  override export(records: ReadableLogRecord[], resultCallback: (result: ExportResult) => void): void {
    super.export(records, countingFailures(EXPORT_SIGNAL.LOGS, records.length, this.otlp.logs.url, ignoreResult));
    answerAtOnce(resultCallback);
  }

  abandon(why: string, final = false): void {
    this.transport.abandon(why, final);
  }
}

export function createOtlpLogExporter(otlp: OtlpConfig): LogRecordExporter & AbandonableExporter {
  return new OtlpLogExporter(otlp);
}
