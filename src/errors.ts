/**
 * The few errors agentsight throws on purpose. Each has a stable `code` and a message that says
 * what happened and what to do. Everything else that goes wrong inside agentsight is caught at the
 * patch boundary and reported through the diag logger, never thrown into user code.
 */
import type { DelegationRejection } from './semconv';

/** Base class of agentsight's own errors. */
export class AgentsightError extends Error {
  /** A stable, machine-readable code (`AGENTSIGHT_CONFIG`, ...). */
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** One bad configuration value: which setting, what it was, what is accepted. */
export interface ConfigProblem {
  /** The environment variable or `init()` option that holds the bad value. */
  source: string;
  /** The value found, as given. */
  value: string;
  /** What is accepted, in words (`true or false`, `a number from 0 to 1`, ...). */
  accepted: string;
}

/**
 * Thrown by `init()` when a configuration value is invalid, or when the Node.js version is not
 * supported. Under `agentsight/register` the same message is printed once instead and the setting
 * falls back to its default, so that a typo never crashes the application.
 */
export class ConfigError extends AgentsightError {
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[], message = ConfigError.describe(problems)) {
    super('AGENTSIGHT_CONFIG', message);
    this.problems = problems;
  }

  /** One line per problem: `AGENTSIGHT_SAMPLE_RATE="2" is invalid: expected a number from 0 to 1`. */
  static describe(problems: readonly ConfigProblem[]): string {
    return problems.map((p) => `${p.source}=${JSON.stringify(p.value)} is invalid: expected ${p.accepted}`).join('\n');
  }
}

/**
 * Thrown instead of sending an LLM request when the session has spent its budget and
 * `AGENTSIGHT_BUDGET_MODE=enforce` (or `budgetMode: 'enforce'`). No request reaches the provider.
 */
export class BudgetExceededError extends AgentsightError {
  readonly sessionId: string;
  readonly budgetUsd: number;
  readonly spentUsd: number;

  constructor(sessionId: string, sessionName: string, budgetUsd: number, spentUsd: number) {
    super(
      'AGENTSIGHT_BUDGET_EXCEEDED',
      `agentsight: session "${sessionName}" (${sessionId}) has spent $${spentUsd.toFixed(6)} of its ` +
        `$${budgetUsd.toFixed(6)} budget; the LLM call was refused before sending. Raise the budget ` +
        `(AGENTSIGHT_SESSION_BUDGET_USD or the session's budgetUsd) or set AGENTSIGHT_BUDGET_MODE=warn.`,
    );
    this.sessionId = sessionId;
    this.budgetUsd = budgetUsd;
    this.spentUsd = spentUsd;
  }
}

/**
 * Thrown by `acceptDelegation(token, { strict: true })` when the token does not check out. Without
 * `strict`, an invalid token never throws: the work runs in a new trace, marked unverified. `reason`
 * says why (`malformed`, `algorithm_not_allowed`, `unknown_key`, `bad_signature`, `expired`,
 * `wrong_audience`, `replayed`).
 */
export class InvalidDelegationTokenError extends AgentsightError {
  readonly reason: DelegationRejection;

  constructor(reason: DelegationRejection, detail: string) {
    super(
      'AGENTSIGHT_INVALID_DELEGATION_TOKEN',
      `agentsight: the delegation token was refused (${reason}): ${detail}. The work was not joined to the trace the token claims.`,
    );
    this.reason = reason;
  }
}
