// A per-session budget in enforce mode: once the session has spent it, the next LLM call is
// refused before anything is sent, with a BudgetExceededError (AGENTSIGHT_BUDGET_MODE=enforce).
import OpenAI from 'openai';
import { BudgetExceededError, withSession } from 'agentsight';

const openai = new OpenAI();

await withSession({ name: 'runaway-loop', budgetUsd: 0.00001 }, async () => {
  for (let step = 1; step <= 100; step++) {
    try {
      await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `step ${step}` }] });
    } catch (error) {
      if (!(error instanceof BudgetExceededError)) throw error;
      console.log(`stopped at step ${step}: spent $${error.spentUsd.toFixed(6)} of $${error.budgetUsd}`);
      return;
    }
  }
});
