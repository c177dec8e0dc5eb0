/**
 * Streams send their pieces by position (choices, content blocks, output items, tool calls, each
 * with an `index`) and not always in order; their mappers keep them in a map by index and read
 * them back in index order.
 */

/** The entries of `map`, in index order. */
export function entriesByIndex<T>(map: ReadonlyMap<number, T>): Array<[number, T]> {
  return [...map.entries()].sort(([a], [b]) => a - b);
}

/** The values of `map`, in index order. */
export function valuesByIndex<T>(map: ReadonlyMap<number, T>): T[] {
  return entriesByIndex(map).map(([, value]) => value);
}
