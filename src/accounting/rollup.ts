/**
 * Roll-ups: what ran inside a session or an agent. One accumulator serves both the live process
 * (sessions and agents add each LLM call as it ends) and the store reader and CLI (which rebuild
 * a roll-up from span records), so the two can never disagree. Money is summed in pico-dollars.
 */
import { picoToUsd, usdToPico } from './money';
import { addUsage, emptyUsage, type Usage } from './usage';

/**
 * A roll-up: what ran inside a session (or an agent), in total and per model. The local store
 * writes it as the `summary` of a session's end record (docs/local-store.md), so its shape and key
 * order are part of the store's format.
 */
export interface Rollup {
  llmCalls: number;
  toolCalls: number;
  actions: number;
  errors: number;
  usage: Usage;
  /** Total cost in US dollars of the calls with a known price. */
  costUsd: number;
  byModel: Record<string, ModelRollup>;
}

/** The calls, tokens and cost of one model in a roll-up. */
export interface ModelRollup {
  calls: number;
  usage: Usage;
  costUsd: number;
}

export function emptyRollup(): Rollup {
  return { llmCalls: 0, toolCalls: 0, actions: 0, errors: 0, usage: emptyUsage(), costUsd: 0, byModel: {} };
}

interface ModelTotals {
  calls: number;
  usage: Usage;
  costPico: bigint;
}

/** Sums LLM calls, tool calls, actions and errors. */
export class RollupAccumulator {
  llmCalls = 0;
  toolCalls = 0;
  actions = 0;
  errors = 0;
  readonly usage: Usage = emptyUsage();
  costPico = 0n;
  private readonly byModel = new Map<string, ModelTotals>();

  /** Counts one LLM call under `model`; a call that reported no usage counts with none. */
  addLlmCall(model: string, usage: Usage | undefined, costPico: bigint): void {
    this.llmCalls++;
    if (usage) addUsage(this.usage, usage);
    this.costPico += costPico;
    let totals = this.byModel.get(model);
    if (!totals) {
      totals = { calls: 0, usage: emptyUsage(), costPico: 0n };
      this.byModel.set(model, totals);
    }
    totals.calls++;
    if (usage) addUsage(totals.usage, usage);
    totals.costPico += costPico;
  }

  /**
   * Adds a whole roll-up (another process's part of a session, read from the store); its dollar
   * amounts are summed as pico-dollars.
   */
  addRollup(rollup: Rollup): void {
    this.llmCalls += rollup.llmCalls;
    this.toolCalls += rollup.toolCalls;
    this.actions += rollup.actions;
    this.errors += rollup.errors;
    addUsage(this.usage, rollup.usage);
    this.costPico += usdToPico(rollup.costUsd);
    for (const [model, m] of Object.entries(rollup.byModel)) {
      let totals = this.byModel.get(model);
      if (!totals) {
        totals = { calls: 0, usage: emptyUsage(), costPico: 0n };
        this.byModel.set(model, totals);
      }
      totals.calls += m.calls;
      addUsage(totals.usage, m.usage);
      totals.costPico += usdToPico(m.costUsd);
    }
  }

  get costUsd(): number {
    return picoToUsd(this.costPico);
  }

  toRollup(): Rollup {
    const byModel: Rollup['byModel'] = {};
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
