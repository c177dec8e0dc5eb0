/**
 * A roll-up scope: the totals of one session or one agent. Scopes nest like the spans they belong
 * to; what happens inside an agent is added to the agent, every enclosing agent and the session.
 */
import { RollupAccumulator } from '../accounting/rollup';
import type { Usage } from '../accounting/usage';

export class RollupScope {
  readonly totals = new RollupAccumulator();
  /** Cost of LLM calls still running (streams), by call, for budget checks. */
  private readonly pending = new Map<object, bigint>();

  constructor(readonly parent: RollupScope | undefined) {}

  private *chain(): Generator<RollupScope> {
    for (let s: RollupScope | undefined = this; s; s = s.parent) yield s;
  }

  addLlmCall(model: string, usage: Usage, costPico: bigint): void {
    for (const s of this.chain()) s.totals.addLlmCall(model, usage, costPico);
  }

  countTool(): void {
    for (const s of this.chain()) s.totals.toolCalls++;
  }

  countAction(): void {
    for (const s of this.chain()) s.totals.actions++;
  }

  countError(): void {
    for (const s of this.chain()) s.totals.errors++;
  }

  /** Sets the running cost estimate of a call in progress (replaced on each update, dropped at its end). */
  setPending(call: object, costPico: bigint | undefined): void {
    for (const s of this.chain()) {
      if (costPico === undefined) s.pending.delete(call);
      else s.pending.set(call, costPico);
    }
  }

  /** Spend so far, counting calls still in progress at their running estimate, in pico-dollars. */
  spentWithPendingPico(): bigint {
    let sum = this.totals.costPico;
    for (const v of this.pending.values()) sum += v;
    return sum;
  }
}
