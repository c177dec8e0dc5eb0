/**
 * The standard `OTEL_EXPORTER_OTLP_*` variables, resolved per signal by the OTLP exporter
 * specification's rules: the signal's own variable wins over the general one.
 */
import { getLogger } from '../../diag';

type Env = Readonly<Record<string, string | undefined>>;
export type Signal = 'traces' | 'metrics' | 'logs';
export type OtlpProtocol = 'http/protobuf' | 'http/json';

const log = getLogger('otlp');

function signalEnv(env: Env, signal: Signal, name: string): string | undefined {
  const specific = env[`OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_${name}`]?.trim();
  if (specific) return specific;
  return env[`OTEL_EXPORTER_OTLP_${name}`]?.trim() || undefined;
}

/** The protocol for one signal; `grpc` is not supported and falls back to `http/protobuf`. */
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

/** The URL one signal is sent to: the signal's endpoint as is, else the base endpoint plus `/v1/<signal>`. */
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
        log.once('warn', `header:${signal}`, `an OTLP header is not valid URL-encoding and was left out`);
      }
    }
  }
  return headers;
}

export function otlpGzip(env: Env, signal: Signal): boolean {
  return signalEnv(env, signal, 'COMPRESSION') === 'gzip';
}

/** The export timeout in milliseconds (`OTEL_EXPORTER_OTLP_[SIGNAL_]TIMEOUT`, default 10 s). */
export function otlpTimeoutMs(env: Env, signal: Signal): number {
  const value = Number(signalEnv(env, signal, 'TIMEOUT'));
  return Number.isFinite(value) && value > 0 ? value : 10_000;
}
