/**
 * The roll-up of a session rebuilt from its span records, for a session whose end record was
 * never written (still running, or its process died). It sums with the accumulator the live
 * process uses and decodes spans with the accounting codec, so the two can never disagree.
 */
import { RollupAccumulator, type Rollup } from '../accounting/rollup';
import { accountedCall } from '../accounting/span-attributes';
import { obj } from '../json-values';
import { ATTR_AGENTSIGHT_ERROR_PROPAGATED, ATTR_AGENTSIGHT_SPAN_KIND, SPAN_KIND } from '../semconv';
import type { SpanRecord } from './format';

/** The roll-up of `spans`: their LLM calls, tool calls, actions and errors of their own. */
export function summarizeSpans(spans: Iterable<SpanRecord>): Rollup {
  const acc = new RollupAccumulator();
  for (const span of spans) {
    // Records come from disk: a span without attributes or status counts as nothing of note.
    const a = obj(span.attributes);
    const kind = a[ATTR_AGENTSIGHT_SPAN_KIND];
    const call = accountedCall(a);
    if (call) {
      acc.addLlmCall(call.model, call.usage, call.costPico);
    } else if (kind === SPAN_KIND.TOOL) {
      acc.toolCalls++;
    } else if (kind === SPAN_KIND.ACTION) {
      acc.actions++;
    }
    if (span.status?.code === 'ERROR' && a[ATTR_AGENTSIGHT_ERROR_PROPAGATED] !== true) acc.errors++;
  }
  return acc.toRollup();
}
