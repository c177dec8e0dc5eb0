/**
 * What the CLI reads off span records: a span's kind, whether it is an LLM call that counts, an
 * agent's name, an error of its own. Usage, cost, models and roll-ups are decoded by the
 * accounting codec (`src/accounting/span-attributes.ts`). Attribute names come from
 * `src/semconv.ts`; a missing or odd value reads as absent, never as an exception.
 */
import { nonEmptyStr, obj, type Json } from '../json-values';
import {
  ATTR_AGENTSIGHT_ERROR_PROPAGATED,
  ATTR_AGENTSIGHT_SPAN_KIND,
  ATTR_GEN_AI_AGENT_NAME,
  SPAN_KIND,
  countsAsLlmCall,
} from '../semconv';
import type { SpanRecord } from '../store/format';

/** The span's attributes (a record without any reads as having none). */
export const attrs = (span: SpanRecord): Json => obj(span.attributes);

/** `agentsight.span.kind`, when the span is one of ours. */
export function spanKind(span: SpanRecord): string | undefined {
  return nonEmptyStr(attrs(span)[ATTR_AGENTSIGHT_SPAN_KIND]);
}

/** An LLM call that counts in roll-ups (not a token count or a batch submission). */
export const isCountedLlmCall = (span: SpanRecord): boolean => countsAsLlmCall(attrs(span));
export const isAgent = (span: SpanRecord): boolean => spanKind(span) === SPAN_KIND.AGENT;

/** An error of this span's own (not one passing up from a span inside it). */
export function isOwnError(span: SpanRecord): boolean {
  return span.status?.code === 'ERROR' && attrs(span)[ATTR_AGENTSIGHT_ERROR_PROPAGATED] !== true;
}

export function agentName(span: SpanRecord): string {
  return nonEmptyStr(attrs(span)[ATTR_GEN_AI_AGENT_NAME]) ?? span.name;
}
