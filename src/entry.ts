/**
 * The one bundle's entry (`npm run build` bundles it into `dist/src/entry.js`): the public API,
 * which `require('agentsight')` and `import 'agentsight'` give, and the zero-code start, which
 * `agentsight/register` runs. Both come from this one copy of the code, so an app that uses both
 * has one client, one set of sessions and one diagnostics state.
 */
import { esmHooksState, setEsmHooksState } from '../instrumentations/base/esm-hook';
import { getLogger } from './diag';
import * as api from './index';
import { esmIncludePatterns, initFromEnvironment } from './zero-code';

export { api };

/** For `agentsight/register` only. */
export const zeroCode = {
  initFromEnvironment,
  esmIncludePatterns,
  esmHooksState,
  setEsmHooksState,
  /** A warning of `register`'s (on the bundle's diagnostics, at the configured level). */
  warn: (message: string): void => getLogger('register').warn(message),
};
