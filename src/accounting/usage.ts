/**
 * Token usage: one type for the usage of one call and for sums of usage (roll-ups, the local
 * store, the CLI), in the OpenTelemetry GenAI convention: `input` counts ALL input tokens, cached
 * ones included (for Anthropic the provider mapping adds cache reads and writes into it).
 */

export interface Usage {
  /** All input tokens, including `cacheRead` and `cacheCreation`. */
  input: number;
  /** All output tokens, including `reasoning`. */
  output: number;
  /** Input tokens read from the provider's cache (a subset of `input`). */
  cacheRead: number;
  /** Input tokens written to the provider's cache (a subset of `input`). */
  cacheCreation: number;
  /** Output tokens spent on reasoning / thinking (a subset of `output`, billed as output). */
  reasoning: number;
  /**
   * The part of `cacheCreation` written with a 1-hour TTL, when the provider reported the split.
   * Only pricing reads it: sums do not keep it (the store's records have the five counts above).
   */
  cacheCreation1h?: number;
}

export function emptyUsage(): Usage {
  return { input: 0, output: 0, cacheRead: 0, cacheCreation: 0, reasoning: 0 };
}

/** Adds the five counts of `usage` into `into`. */
export function addUsage(into: Usage, usage: Usage): void {
  into.input += usage.input;
  into.output += usage.output;
  into.cacheRead += usage.cacheRead;
  into.cacheCreation += usage.cacheCreation;
  into.reasoning += usage.reasoning;
}
