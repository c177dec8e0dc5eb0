/**
 * The zero-code entry for ESM and CommonJS apps: `node --import agentsight/register app.mjs`.
 * `init()` from the environment (hooks for `require`), then the import-in-the-middle ESM hook,
 * filtered to the SDK files we wrap.
 *
 * The version check comes first and the master switch second, and everything else is loaded after
 * them, so that an unsupported Node.js gets one clear line and a switched-off agentsight loads
 * nothing more. CommonJS files are required, not imported (an import has Node scan each for its
 * export names).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { unsupportedNodeMessage } = require('../src/node-version.js') as typeof import('../src/node-version.js');
const { masterSwitch } = require('../src/settings/master-switch.js') as typeof import('../src/settings/master-switch.js');

const unsupported = unsupportedNodeMessage();
if (unsupported) {
  process.stderr.write(`${unsupported}\n`);
} else if (masterSwitch(undefined, process.env)) {
  const { startWithEsmHooks } = await import('./esm-hooks.mjs');
  await startWithEsmHooks();
}
