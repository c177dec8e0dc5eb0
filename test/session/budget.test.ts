/**
 * The session budget on its own: calls in flight count at their running cost until they settle,
 * `enforce` refuses once the spend (in flight included) reaches the budget, and the crossing is
 * recorded on the session span and warned about once.
 */
import { trace, type Span } from '@opentelemetry/api';
import { picoToUsd } from '../../src/accounting/money';
import type { Usage } from '../../src/accounting/usage';
import { BudgetExceededError } from '../../src/errors';
import { ATTR_AGENTSIGHT_BUDGET_SPENT_USD, ATTR_AGENTSIGHT_BUDGET_USD, EVENT_BUDGET_EXCEEDED } from '../../src/semconv';
import { SessionBudget, type BudgetSettings, type RunningPrice } from '../../src/session/budget';
import { SessionManager } from '../../src/session/session-manager';

/** One pico-dollar per input token and two per output token; the model the stream reported is remembered. */
const priced: { models: (string | undefined)[] } = { models: [] };
const price: RunningPrice = (usage: Usage, model) => {
  priced.models.push(model);
  return BigInt(usage.input) + 2n * BigInt(usage.output);
};

/** `pico` pico-dollars in US dollars, as the budget computes them. */
const usd = (pico: number): number => picoToUsd(BigInt(pico));

function sessionWith(settings: BudgetSettings) {
  const events: { name: string; attributes: unknown }[] = [];
  const span = { addEvent: (name: string, attributes: unknown) => events.push({ name, attributes }) } as unknown as Span;
  const session = { id: 'a'.repeat(32), name: 'eval', span, costPico: 0n };
  return { session, events, budget: new SessionBudget(settings, session) };
}

let stderr: jest.SpyInstance;
beforeEach(() => {
  priced.models = [];
  stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => stderr.mockRestore());
const warnings = () => stderr.mock.calls.map((c) => String(c[0]));

describe('a session budget', () => {
  it('counts a call in flight at its prompt estimate, then its chunks, then the usage reported', () => {
    const { budget } = sessionWith({ usd: 1, mode: 'enforce' });
    const call = budget.reserve(100, price);
    expect(budget.spentPico()).toBe(100n);
    call.chunk();
    call.chunk();
    expect(budget.spentPico()).toBe(104n);
    call.report({ input: 80, output: 1, cacheRead: 0, cacheCreation: 0, reasoning: 0 }, 'gpt-4o-2024-08-06');
    // Reported input replaces the estimate; output is the larger of reported and chunks seen.
    expect(budget.spentPico()).toBe(84n);
    expect(priced.models).toEqual([undefined, undefined, undefined, 'gpt-4o-2024-08-06']);
  });

  it('stops counting a call when it settles, and ignores it afterwards', () => {
    const { budget, session } = sessionWith({ usd: 1, mode: 'enforce' });
    const call = budget.reserve(100, price);
    session.costPico = 130n; // the call's exact cost, added to the session's totals as it ends
    call.settle();
    expect(budget.spentPico()).toBe(130n);
    call.chunk();
    call.report({ input: 1000, output: 1000, cacheRead: 0, cacheCreation: 0, reasoning: 0 });
    call.settle();
    expect(budget.spentPico()).toBe(130n);
  });

  it('keeps the last known running cost when a price is missing or pricing fails', () => {
    const { budget } = sessionWith({ usd: 1, mode: 'enforce' });
    let mode: 'price' | 'none' | 'throw' = 'price';
    const call = budget.reserve(10, (usage) => {
      if (mode === 'throw') throw new Error('boom');
      return mode === 'none' ? undefined : BigInt(usage.input + usage.output);
    });
    expect(budget.spentPico()).toBe(10n);
    mode = 'none';
    call.chunk();
    expect(budget.spentPico()).toBe(10n);
    mode = 'throw';
    expect(() => call.chunk()).not.toThrow();
    expect(budget.spentPico()).toBe(10n);
  });

  it('enforce: refuses once finished and in-flight spend reach the budget, with the spend in the error', () => {
    const { budget, session } = sessionWith({ usd: usd(300), mode: 'enforce' });
    session.costPico = 150n;
    expect(budget.refusal()).toBeUndefined();
    const first = budget.reserve(100, price);
    expect(budget.refusal()).toBeUndefined();
    budget.reserve(50, price);
    const refusal = budget.refusal();
    expect(refusal).toBeInstanceOf(BudgetExceededError);
    expect(refusal).toMatchObject({ sessionId: session.id, budgetUsd: usd(300) });
    expect(refusal!.spentUsd).toBe(usd(300));
    first.settle(); // ended without adding a cost (e.g. failed before usage): no longer counted
    expect(budget.refusal()).toBeUndefined();
  });

  it('warn: never refuses', () => {
    const { budget, session } = sessionWith({ usd: usd(1), mode: 'warn' });
    session.costPico = 1_000n;
    budget.reserve(1_000, price);
    expect(budget.refusal()).toBeUndefined();
  });

  it.each([
    ['warn', ''],
    ['enforce', '; further LLM calls in it are refused'],
  ] as const)('%s: records the crossing once, on the session span, and warns once', (mode, tail) => {
    const { budget, session, events } = sessionWith({ usd: usd(200), mode });
    const settleAt = (costPico: bigint) => {
      const call = budget.reserve(10, price);
      session.costPico = costPico;
      call.settle();
    };
    settleAt(150n);
    expect(events).toEqual([]);
    settleAt(250n);
    settleAt(400n);
    expect(events).toHaveLength(1);
    expect(events[0]!.name).toBe(EVENT_BUDGET_EXCEEDED);
    expect(events[0]!.attributes).toEqual({ [ATTR_AGENTSIGHT_BUDGET_USD]: usd(200), [ATTR_AGENTSIGHT_BUDGET_SPENT_USD]: usd(250) });
    expect(warnings()).toEqual([
      `agentsight/llm warn: session "eval" (${session.id}) spent $0.000000, over its $${usd(200)} budget${tail}\n`,
    ]);
  });
});

describe('refusals asked of the session manager', () => {
  const manager = (budgetMode: 'warn' | 'enforce') =>
    new SessionManager({
      tracer: trace.getTracer('test'),
      autoSession: true,
      autoSessionName: 'auto',
      autoSessionTags: [],
      defaultBudgetUsd: 0,
      budgetMode,
      startedAtMs: Date.now(),
    });

  it('warn: looks no further than the mode, so no automatic session starts', () => {
    const sessions = manager('warn');
    expect(sessions.budgetRefusal()).toBeUndefined();
    expect(sessions.openSessions()).toEqual([]);
  });

  it("enforce: asks the budget of the call's session (here the automatic one, with a spent budget of $0)", () => {
    const sessions = manager('enforce');
    expect(sessions.budgetRefusal()).toBeInstanceOf(BudgetExceededError);
    expect(sessions.openSessions().map((s) => s.name)).toEqual(['auto']);
    sessions.endAll('success', 'test over');
  });
});
