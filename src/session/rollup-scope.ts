/**
 * A roll-up scope: the totals of one session or one agent. Scopes nest like the spans they belong
 * to; what happens inside an agent is added to the agent, every enclosing agent and the session.
 */
import { RollupAccumulator } from '../accounting/rollup';
import type { Usage } from '../accounting/usage';

export class RollupScope {
  readonly totals = new RollupAccumulator();

  constructor(readonly parent: RollupScope | undefined) {}

  private *chain(): Generator<RollupScope> {
    for (let s: RollupScope | undefined = this; s; s = s.parent) yield s;
  }

  addLlmCall(model: string, usage: Usage | undefined, costPico: bigint): void {
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
}
