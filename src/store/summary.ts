/**
 * Roll-ups: what ran inside a session or an agent. One accumulator serves both the live process
 * (sessions and agents add each LLM call as it ends) and the store reader (which rebuilds the
 * summary of an unfinished session from its spans), so the two can never disagree.
 *
 * Money is summed as whole pico-dollars (1e-12 USD) in a BigInt: a session of 100,000 calls sums
 * to exactly the cents that adding the parts by hand gives, with no floating-point drift.
 */
import {
  ATTR_AGENTSIGHT_COST_USD,
  ATTR_AGENTSIGHT_ERROR_PROPAGATED,
  ATTR_AGENTSIGHT_SPAN_KIND,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  SPAN_KIND,
  countsAsLlmCall,
} from '../semconv';
import { emptyUsage, type SessionSummary, type SpanRecord, type UsageTotals } from './format';

/** Pico-dollars per US dollar. */
export const PICO_PER_USD = 1_000_000_000_000n;

/** US dollars (a float from an attribute) to whole pico-dollars. */
export function usdToPico(usd: number): bigint {
  return BigInt(Math.round(usd * 1e12));
}

/** Whole pico-dollars to US dollars, exact to the pico-dollar for any realistic amount. */
export function picoToUsd(pico: bigint): number {
  const whole = pico / PICO_PER_USD;
  const rest = pico % PICO_PER_USD;
  return Number(whole) + Number(rest) / 1e12;
}

function addUsage(into: UsageTotals, usage: UsageTotals): void {
  into.input += usage.input;
  into.output += usage.output;
  into.cacheRead += usage.cacheRead;
  into.cacheCreation += usage.cacheCreation;
  into.reasoning += usage.reasoning;
}

interface ModelTotals {
  calls: number;
  usage: UsageTotals;
  costPico: bigint;
}

/** Sums LLM calls, tool calls, actions and errors. */
export class SummaryAccumulator {
  llmCalls = 0;
  toolCalls = 0;
  actions = 0;
  errors = 0;
  readonly usage: UsageTotals = emptyUsage();
  costPico = 0n;
  private readonly byModel = new Map<string, ModelTotals>();

  addLlmCall(model: string, usage: UsageTotals, costPico: bigint): void {
    this.llmCalls++;
    addUsage(this.usage, usage);
    this.costPico += costPico;
    let totals = this.byModel.get(model);
    if (!totals) {
      totals = { calls: 0, usage: emptyUsage(), costPico: 0n };
      this.byModel.set(model, totals);
    }
    totals.calls++;
    addUsage(totals.usage, usage);
    totals.costPico += costPico;
  }

  get costUsd(): number {
    return picoToUsd(this.costPico);
  }

  toSummary(): SessionSummary {
    const byModel: SessionSummary['byModel'] = {};
    for (const [model, t] of this.byModel) {
      byModel[model] = { calls: t.calls, usage: { ...t.usage }, costUsd: picoToUsd(t.costPico) };
    }
    return {
      llmCalls: this.llmCalls,
      toolCalls: this.toolCalls,
      actions: this.actions,
      errors: this.errors,
      usage: { ...this.usage },
      costUsd: this.costUsd,
      byModel,
    };
  }
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** Rebuilds a summary from span records (for a session whose end record was never written). */
export function summarizeSpans(spans: readonly SpanRecord[]): SessionSummary {
  const acc = new SummaryAccumulator();
  for (const span of spans) {
    const a = span.attributes;
    const kind = a[ATTR_AGENTSIGHT_SPAN_KIND];
    if (countsAsLlmCall(a)) {
      const model = String(a[ATTR_GEN_AI_RESPONSE_MODEL] ?? a[ATTR_GEN_AI_REQUEST_MODEL] ?? 'unknown');
      acc.addLlmCall(
        model,
        {
          input: num(a[ATTR_GEN_AI_USAGE_INPUT_TOKENS]),
          output: num(a[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]),
          cacheRead: num(a[ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]),
          cacheCreation: num(a[ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS]),
          reasoning: num(a[ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS]),
        },
        usdToPico(num(a[ATTR_AGENTSIGHT_COST_USD])),
      );
    } else if (kind === SPAN_KIND.TOOL) {
      acc.toolCalls++;
    } else if (kind === SPAN_KIND.ACTION) {
      acc.actions++;
    }
    if (span.status.code === 'ERROR' && a[ATTR_AGENTSIGHT_ERROR_PROPAGATED] !== true) acc.errors++;
  }
  return acc.toSummary();
}
