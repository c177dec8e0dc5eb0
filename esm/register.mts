/**
 * The zero-code entry for ESM and CommonJS apps: `node --import agentsight/register app.mjs`.
 * Registers the import-in-the-middle ESM hook, filtered to the SDK files we wrap, then runs the
 * CommonJS entry (hooks for `require`, and `init()` from the environment).
 *
 * The version check comes first and everything else is imported after it, so that an unsupported
 * Node.js gets one clear line and nothing else.
 */
import { unsupportedNodeMessage } from '../src/node-version.js';

const unsupported = unsupportedNodeMessage();
if (unsupported) {
  process.stderr.write(`${unsupported}\n`);
} else {
  const { registerEsmHooks } = await import('./esm-hooks.mjs');
  await registerEsmHooks();
  await import('../register.js');
}
