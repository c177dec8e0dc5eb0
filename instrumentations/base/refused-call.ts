/**
 * What a call refused by an `enforce`-mode budget returns: a rejected promise that also has the
 * APIPromise helpers (`withResponse()`, `asResponse()`, `parse()`, `_thenUnwrap()`), each rejecting
 * with the same error. The SDKs report every failure through the promise, never by throwing from
 * `create()`, and callers (and the SDKs' own stream helpers, which call `withResponse()`) are
 * written for that; a refusal arrives the same way.
 */
export function refusedCall(error: Error): Promise<never> {
  const refused = Promise.reject(error);
  // Using a helper counts as handling the rejection here; the helper's own promise carries it on.
  const handled = (): Promise<never> => {
    refused.catch(() => undefined);
    return Promise.reject(error);
  };
  for (const name of ['withResponse', 'asResponse', 'parse']) {
    Object.defineProperty(refused, name, { value: handled, enumerable: false, configurable: true });
  }
  Object.defineProperty(refused, '_thenUnwrap', {
    value: () => {
      refused.catch(() => undefined);
      return refusedCall(error);
    },
    enumerable: false,
    configurable: true,
  });
  return refused;
}
