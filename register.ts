/**
 * The zero-code entry for CommonJS apps: `node --require agentsight/register app.js`. The ESM entry
 * (`node --import agentsight/register`) registers the ESM hook, then runs this.
 *
 * On an unsupported Node.js it prints one line and does nothing else: nothing below is loaded.
 */
import { unsupportedNodeMessage } from './src/node-version';

const unsupported = unsupportedNodeMessage();
if (unsupported) {
  process.stderr.write(`${unsupported}\n`);
} else {
  (require('./src/zero-code') as typeof import('./src/zero-code')).initFromEnvironment();
}
