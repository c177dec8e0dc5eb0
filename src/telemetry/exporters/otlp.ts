/**
 * The OTLP exporters for traces, metrics and logs: the official OpenTelemetry exporters, picked
 * by `OTEL_EXPORTER_OTLP_*_PROTOCOL` (`http/protobuf`, the default, or `http/json`) and configured
 * by them from the standard `OTEL_EXPORTER_OTLP_*` variables. The trace exporter gains a
 * synchronous path for process exit that serializes with the same serializers and posts with
 * `postSync`, to the same endpoint with the same headers.
 */
import { gzipSync } from 'node:zlib';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPMetricExporter as JsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import { getLogger } from '../../diag';
import type { SyncCapableExporter } from '../batch-processor';
import { postSync } from './sync-http';

type Env = Readonly<Record<string, string | undefined>>;
type Signal = 'traces' | 'metrics' | 'logs';
export type OtlpProtocol = 'http/protobuf' | 'http/json';

const log = getLogger('otlp');

function signalEnv(env: Env, signal: Signal, name: string): string | undefined {
  const specific = env[`OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_${name}`]?.trim();
  if (specific) return specific;
  const general = env[`OTEL_EXPORTER_OTLP_${name}`]?.trim();
  return general || undefined;
}

/** The protocol for one signal; `grpc` is not supported here and falls back to `http/protobuf`. */
export function otlpProtocol(env: Env, signal: Signal): OtlpProtocol {
  const value = signalEnv(env, signal, 'PROTOCOL');
  if (value === undefined || value === 'http/protobuf') return 'http/protobuf';
  if (value === 'http/json') return 'http/json';
  log.once(
    'warn',
    `protocol:${value}`,
    `OTEL_EXPORTER_OTLP_PROTOCOL=${JSON.stringify(value)} is not supported by agentsight (expected http/protobuf or http/json); using http/protobuf`,
  );
  return 'http/protobuf';
}

/** The URL one signal is sent to, by the OTLP exporter specification's rules. */
export function otlpUrl(env: Env, signal: Signal): string {
  const specific = env[`OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_ENDPOINT`]?.trim();
  if (specific) return specific;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || 'http://localhost:4318';
  return `${base.replace(/\/+$/, '')}/v1/${signal}`;
}

/** Headers from `OTEL_EXPORTER_OTLP_HEADERS` and the signal's own variable (`k=v,k2=v2`, URL-encoded). */
export function otlpHeaders(env: Env, signal: Signal): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const raw of [env.OTEL_EXPORTER_OTLP_HEADERS, env[`OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_HEADERS`]]) {
    for (const pair of (raw ?? '').split(',')) {
      const at = pair.indexOf('=');
      if (at <= 0) continue;
      try {
        headers[decodeURIComponent(pair.slice(0, at).trim()).toLowerCase()] = decodeURIComponent(pair.slice(at + 1).trim());
      } catch {
        // A malformed escape: the official exporter reports it; skip the pair here.
      }
    }
  }
  return headers;
}

function otlpGzip(env: Env, signal: Signal): boolean {
  return signalEnv(env, signal, 'COMPRESSION') === 'gzip';
}

/**
 * The OTLP trace exporter: the official exporter for the asynchronous path, plus `exportSync`
 * for process exit.
 */
export class OtlpTraceExporter implements SyncCapableExporter {
  private readonly delegate: ProtoTraceExporter | JsonTraceExporter;
  private readonly protocol: OtlpProtocol;

  constructor(private readonly env: Env = process.env) {
    this.protocol = otlpProtocol(env, 'traces');
    this.delegate = this.protocol === 'http/json' ? new JsonTraceExporter() : new ProtoTraceExporter();
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.delegate.export(spans, resultCallback);
  }

  exportSync(spans: ReadableSpan[], timeoutMs: number): void {
    const json = this.protocol === 'http/json';
    let body = (json ? JsonTraceSerializer : ProtobufTraceSerializer).serializeRequest(spans);
    if (!body) return;
    const headers: Record<string, string> = {
      ...otlpHeaders(this.env, 'traces'),
      'content-type': json ? 'application/json' : 'application/x-protobuf',
    };
    if (otlpGzip(this.env, 'traces')) {
      body = gzipSync(body);
      headers['content-encoding'] = 'gzip';
    }
    const result = postSync(otlpUrl(this.env, 'traces'), headers, body, timeoutMs);
    if (result.outcome !== 'sent') {
      log.warn(`export at exit of ${spans.length} spans did not succeed: ${result.outcome}${result.status ? ` (HTTP ${result.status})` : ''}`);
    }
  }

  forceFlush(): Promise<void> {
    return this.delegate.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.delegate.shutdown();
  }
}

/** The OTLP metric exporter for the configured protocol. */
export function createOtlpMetricExporter(env: Env = process.env): PushMetricExporter {
  return otlpProtocol(env, 'metrics') === 'http/json' ? new JsonMetricExporter() : new ProtoMetricExporter();
}

/** The OTLP log exporter for the configured protocol. */
export function createOtlpLogExporter(env: Env = process.env): LogRecordExporter {
  return otlpProtocol(env, 'logs') === 'http/json' ? new JsonLogExporter() : new ProtoLogExporter();
}
