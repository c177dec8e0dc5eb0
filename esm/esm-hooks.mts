/**
 * Registers import-in-the-middle for ESM imports of the SDK files we wrap: in-thread through
 * `module.registerHooks` where this Node.js supports it, else through `module.register`.
 */
import * as module from 'node:module';
import diag from '../src/diag.js';
import zeroCode from '../src/zero-code.js';

const REGISTERED = Symbol.for('agentsight.esm-hooks');

export async function registerEsmHooks(): Promise<void> {
  const holder = globalThis as { [REGISTERED]?: boolean };
  if (holder[REGISTERED]) return;
  holder[REGISTERED] = true;
  const include = zeroCode.esmIncludePatterns();
  if (include.length === 0) return;
  try {
    const { supportsSyncHooks } = await import('import-in-the-middle/supports-sync-hooks.mjs');
    if (supportsSyncHooks()) {
      const { register } = await import('import-in-the-middle/register-hooks.mjs');
      register({ include });
    } else {
      module.register('import-in-the-middle/hook.mjs', import.meta.url, { data: { include } });
    }
  } catch (err) {
    diag.getLogger('register').warn(`the ESM hook could not be registered; ESM imports of the SDKs are not instrumented: ${String(err)}`);
  }
}
