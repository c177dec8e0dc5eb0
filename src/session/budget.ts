/**
 * A session's budget (`AGENTSIGHT_SESSION_BUDGET_USD`, or the session's own `budgetUsd`), owned by
 * the session. It knows what the session has spent, counting the LLM calls still in flight at
 * their running cost; refuses new calls once that reaches the budget (`enforce` mode); and
 * records, once, that the spend of finished calls crossed the budget: an event on the session
 * span and a warning. The recorder asks it; nothing else writes its state.
 */
import type { Span } from '@opentelemetry/api';
import { picoToUsd } from '../accounting/money';
import type { Usage } from '../accounting/usage';
import type { BudgetMode } from '../config';
import { getLogger } from '../diag';
import { BudgetExceededError } from '../errors';
import { ATTR_AGENTSIGHT_BUDGET_SPENT_USD, ATTR_AGENTSIGHT_BUDGET_USD, EVENT_BUDGET_EXCEEDED } from '../semconv';

// The component these messages were always logged under, which users' log filters may match.
const log = getLogger('llm');

/** A session's budget in US dollars and what happens when it is spent. */
export interface BudgetSettings {
  usd: number;
  mode: BudgetMode;
}

/** The session a budget belongs to. */
export interface BudgetedSession {
  readonly id: string;
  readonly name: string;
  /** The session's root span: the crossing is recorded on it. */
  readonly span: Span;
  /** The exact cost of the session's finished calls, in pico-dollars. */
  readonly costPico: bigint;
}

/**
 * Prices a call's usage so far in pico-dollars (`undefined`: no known price). `model` is the
 * model the provider reported mid-stream, if it did.
 */
export type RunningPrice = (usage: Usage, model: string | undefined) => bigint | undefined;

/** One LLM call in flight, counted against the budget at its running cost until it settles. */
export interface BudgetReservation {
  /** A chunk of the stream arrived (one output token at least). */
  chunk(): void;
  /** Usage the provider reported mid-stream (and its model, if given): replaces the estimates it covers. */
  report(usage: Usage, model?: string): void;
  /**
   * The call ended and its exact cost is in the session's totals: it stops counting as in flight,
   * and a crossing of the budget is recorded (once per session). Never throws.
   */
  settle(): void;
}

export class SessionBudget {
  private readonly inFlight = new Set<InFlightCall>();
  private crossed = false;

  constructor(
    readonly settings: BudgetSettings,
    private readonly session: BudgetedSession,
  ) {}

  /**
   * Counts a call from its start, at its prompt's estimated size (`inputEstimate` tokens), so that
   * calls started together cannot all slip under the budget before any of them has finished.
   */
  reserve(inputEstimate: number, price: RunningPrice): BudgetReservation {
    const call = new InFlightCall(inputEstimate, price, (settled) => this.settle(settled));
    this.inFlight.add(call);
    return call;
  }

  /** Spend so far in pico-dollars: finished calls exactly, calls in flight at their running cost. */
  spentPico(): bigint {
    let sum = this.session.costPico;
    for (const call of this.inFlight) sum += call.costPico;
    return sum;
  }

  /**
   * The refusal of a new call: the budget is spent (calls in flight included) and the mode is
   * `enforce`. `undefined` when the call may go.
   */
  refusal(): BudgetExceededError | undefined {
    if (this.settings.mode !== 'enforce') return undefined;
    const spent = picoToUsd(this.spentPico());
    return spent >= this.settings.usd ? new BudgetExceededError(this.session.id, this.session.name, this.settings.usd, spent) : undefined;
  }

  private settle(call: InFlightCall): void {
    this.inFlight.delete(call);
    if (this.crossed) return;
    const spent = picoToUsd(this.session.costPico);
    if (spent < this.settings.usd) return;
    this.crossed = true;
    const session = this.session;
    session.span.addEvent(EVENT_BUDGET_EXCEEDED, {
      [ATTR_AGENTSIGHT_BUDGET_USD]: this.settings.usd,
      [ATTR_AGENTSIGHT_BUDGET_SPENT_USD]: spent,
    });
    log.warn(
      `session "${session.name}" (${session.id}) spent $${spent.toFixed(6)}, over its $${this.settings.usd} budget` +
        (this.settings.mode === 'enforce' ? '; further LLM calls in it are refused' : ''),
    );
  }
}

/** A call's running cost: reported usage where there is some, else the prompt estimate and one token per chunk. */
class InFlightCall implements BudgetReservation {
  /** The running cost in pico-dollars (kept from the last time a price was known). */
  costPico = 0n;
  private chunks = 0;
  private reported: Usage | undefined;
  private model: string | undefined;
  private settled = false;

  constructor(
    private readonly inputEstimate: number,
    private readonly price: RunningPrice,
    private readonly onSettle: (call: InFlightCall) => void,
  ) {
    this.update();
  }

  chunk(): void {
    this.chunks++;
    this.update();
  }

  report(usage: Usage, model?: string): void {
    this.reported = usage;
    if (model !== undefined) this.model = model;
    this.update();
  }

  settle(): void {
    if (this.settled) return;
    this.settled = true;
    try {
      this.onSettle(this);
    } catch (err) {
      log.once('warn', 'budget-settle', `budget accounting failed: ${String(err)}`);
    }
  }

  private update(): void {
    if (this.settled) return;
    const reported = this.reported;
    const usage: Usage = {
      input: reported ? reported.input : this.inputEstimate,
      output: Math.max(reported?.output ?? 0, this.chunks),
      cacheRead: reported?.cacheRead ?? 0,
      cacheCreation: reported?.cacheCreation ?? 0,
      reasoning: reported?.reasoning ?? 0,
    };
    try {
      const pico = this.price(usage, this.model);
      if (pico !== undefined) this.costPico = pico;
    } catch (err) {
      log.once('debug', 'progress', `running cost failed: ${String(err)}`);
    }
  }
}
