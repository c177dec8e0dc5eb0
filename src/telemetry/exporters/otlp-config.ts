/**
 * The content type of each OTLP protocol. The endpoint, headers, protocol, compression and timeout
 * of each signal are resolved from the standard `OTEL_EXPORTER_OTLP_*` variables by the
 * configuration (`ResolvedConfig.otlp`, rows in `src/settings/table.ts`).
 */
import type { OtlpSignalConfig } from '../../config';

/** The request headers of one signal: the configured ones and the content type. */
export function requestHeaders(signal: OtlpSignalConfig): Record<string, string> {
  return { ...signal.headers, 'content-type': signal.protocol === 'http/json' ? 'application/json' : 'application/x-protobuf' };
}
