/**
 * The `console` exporter: one readable line per finished span on stderr, e.g.
 * `agentsight span 3f2a9c1e… chat gpt-4o-mini 412.3ms OK in=12 out=40 $0.000026 session=5c0e…`.
 * It writes to stderr directly (never through `console`), synchronously, so nothing is lost at exit.
 */
import { SpanStatusCode } from '@opentelemetry/api';
import { ExportResultCode, hrTimeToMilliseconds, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { ATTR_AGENTSIGHT_COST_USD, ATTR_GEN_AI_USAGE_INPUT_TOKENS, ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, ATTR_SESSION_ID } from '../../semconv';
import type { SyncCapableExporter } from '../batch-processor';

export function formatSpanLine(span: ReadableSpan): string {
  const a = span.attributes;
  const duration = hrTimeToMilliseconds(span.endTime) - hrTimeToMilliseconds(span.startTime);
  const status = span.status.code === SpanStatusCode.ERROR ? `ERROR${span.status.message ? ` (${span.status.message})` : ''}` : 'OK';
  const parts = [`agentsight span ${span.spanContext().spanId}`, span.name, `${duration.toFixed(1)}ms`, status];
  if (a[ATTR_GEN_AI_USAGE_INPUT_TOKENS] !== undefined) parts.push(`in=${String(a[ATTR_GEN_AI_USAGE_INPUT_TOKENS])}`);
  if (a[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS] !== undefined) parts.push(`out=${String(a[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS])}`);
  if (typeof a[ATTR_AGENTSIGHT_COST_USD] === 'number') parts.push(`$${a[ATTR_AGENTSIGHT_COST_USD].toFixed(6)}`);
  if (a[ATTR_SESSION_ID] !== undefined) parts.push(`session=${String(a[ATTR_SESSION_ID])}`);
  return parts.join(' ');
}

export class ConsoleLineExporter implements SyncCapableExporter {
  constructor(private readonly write: (line: string) => void = (line) => process.stderr.write(line)) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.exportSync(spans);
    resultCallback({ code: ExportResultCode.SUCCESS });
  }

  exportSync(spans: ReadableSpan[]): void {
    try {
      this.write(spans.map((s) => `${formatSpanLine(s)}\n`).join(''));
    } catch {
      // stderr closed: nothing to report it on.
    }
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
