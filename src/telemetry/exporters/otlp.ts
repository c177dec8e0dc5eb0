/**
 * The OTLP exporters for traces, metrics and logs, built from OpenTelemetry's own pieces (the
 * export pipeline and base class of `@opentelemetry/otlp-exporter-base`, the protobuf and JSON
 * serializers of `@opentelemetry/otlp-transformer`) over our
 * non-blocking transport, configured by the standard `OTEL_EXPORTER_OTLP_*` variables. The trace
 * exporter also has a synchronous path for process exit, to the same endpoint with the same
 * headers and serializer.
 */
import { gzipSync } from 'node:zlib';
import type { ExportResult } from '@opentelemetry/core';
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
import { getLogger } from '../../diag';
import type { SyncCapableExporter } from '../batch-processor';
import { requestHeaders } from './otlp-config';
import { OtlpHttpTransport } from './otlp-http-transport';
import { postSync } from './sync-http';

const log = getLogger('otlp');

/** The export delegate of one signal: OpenTelemetry's pipeline over our transport. */
function delegateFor<Internal>(
  signal: OtlpSignalConfig,
  serializers: { json: ISerializer<Internal, unknown>; protobuf: ISerializer<Internal, unknown> },
  helper: IExporterMetricsHelper<Internal>,
  componentType: string,
) {
  const transport = new OtlpHttpTransport(signal.url, requestHeaders(signal), signal.gzip);
  const options = { ...getSharedConfigurationDefaults(), timeoutMillis: signal.timeoutMs };
  const metrics = createOtlpHttpExporterMetrics(componentType, helper, signal.url, undefined);
  return createOtlpNetworkExportDelegate(
    options,
    signal.protocol === 'http/json' ? serializers.json : serializers.protobuf,
    metrics,
    transport,
  );
}

/** The OTLP trace exporter, with `exportSync` for process exit. */
export class OtlpTraceExporter implements SyncCapableExporter {
  private readonly delegate: OTLPExporterBase<ReadableSpan[]>;

  constructor(private readonly signal: OtlpSignalConfig) {
    this.delegate = new OTLPExporterBase(
      delegateFor(
        signal,
        { json: JsonTraceSerializer, protobuf: ProtobufTraceSerializer },
        TraceExporterMetricsHelper,
        'otlp_http_span_exporter',
      ),
    );
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.delegate.export(spans, resultCallback);
  }

  exportSync(spans: ReadableSpan[], timeoutMs: number): void {
    if (timeoutMs <= 0) {
      log.warn(`${spans.length} spans were not exported: the OTLP endpoint did not take them within AGENTSIGHT_SHUTDOWN_TIMEOUT_MS`);
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
      log.warn(
        `export at exit of ${spans.length} spans did not succeed: ${result.outcome}${result.status ? ` (HTTP ${result.status})` : ''}`,
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
class OtlpMetricExporter extends OTLPExporterBase<ResourceMetrics> implements PushMetricExporter {
  constructor(private readonly otlp: OtlpConfig) {
    super(
      delegateFor<ResourceMetrics>(
        otlp.metrics,
        { json: JsonMetricsSerializer, protobuf: ProtobufMetricsSerializer },
        MetricsExporterMetricsHelper,
        'otlp_http_metric_exporter',
      ),
    );
  }

  selectAggregationTemporality(instrument: InstrumentType): AggregationTemporality {
    return temporalityFor(this.otlp.temporality, instrument);
  }
}

export function createOtlpMetricExporter(otlp: OtlpConfig): PushMetricExporter {
  return new OtlpMetricExporter(otlp);
}

/** The OTLP log exporter. */
export function createOtlpLogExporter(otlp: OtlpConfig): LogRecordExporter {
  return new OTLPExporterBase<ReadableLogRecord[]>(
    delegateFor(
      otlp.logs,
      { json: JsonLogsSerializer, protobuf: ProtobufLogsSerializer },
      LogsExporterMetricsHelper,
      'otlp_http_log_exporter',
    ),
  );
}
