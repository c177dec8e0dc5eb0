/**
 * Money: amounts are whole pico-dollars (1e-12 USD) in a BigInt, so that sums never drift (a
 * session of 100,000 calls sums to exactly the cents that adding the parts by hand gives). US
 * dollars as floats appear only at the edges: span attributes, metrics and the local store.
 */

/** Pico-dollars per US dollar. */
export const PICO_PER_USD = 1_000_000_000_000n;

/** US dollars (a float from an attribute) to whole pico-dollars. */
export function usdToPico(usd: number): bigint {
  return BigInt(Math.round(usd * 1e12));
}

/** Whole pico-dollars to US dollars, exact to the pico-dollar for any realistic amount. */
export function picoToUsd(pico: bigint): number {
  // Below a dollar (a call's cost, almost always) the split below gives exactly this, cheaper.
  if (pico < PICO_PER_USD && pico > -PICO_PER_USD) return Number(pico) / 1e12;
  const whole = pico / PICO_PER_USD;
  const rest = pico % PICO_PER_USD;
  return Number(whole) + Number(rest) / 1e12;
}

/** The cost of one call in pico-dollars (made by `Pricing.price()` in `src/cost/pricing.ts`). */
export interface CallCost {
  /** Uncached input: `input - cacheRead - cacheCreation` tokens at the input rate. */
  inputPico: bigint;
  /** Output tokens, reasoning included. */
  outputPico: bigint;
  /** Tokens read from the cache. */
  cacheReadPico: bigint;
  /** Tokens written to the cache (both TTLs). */
  cacheWritePico: bigint;
  /** The sum of the four parts. */
  totalPico: bigint;
}

/** A {@link CallCost} in US dollars, for span attributes. */
export interface CallCostUsd {
  inputUsd: number;
  outputUsd: number;
  cacheReadUsd: number;
  cacheWriteUsd: number;
  totalUsd: number;
}

/** Converts a cost to US dollars (exact to the pico-dollar for any realistic amount). */
export function costToUsd(cost: CallCost): CallCostUsd {
  return {
    inputUsd: picoToUsd(cost.inputPico),
    outputUsd: picoToUsd(cost.outputPico),
    cacheReadUsd: picoToUsd(cost.cacheReadPico),
    cacheWriteUsd: picoToUsd(cost.cacheWritePico),
    totalUsd: picoToUsd(cost.totalPico),
  };
}
