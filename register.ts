/**
 * The zero-code entry for CommonJS apps: `node --require agentsight/register app.js`. The ESM entry
 * (`node --import agentsight/register`) registers the ESM hook, then runs this.
 *
 * It loads as little as it can before it knows it has work to do: on an unsupported Node.js it
 * prints one line, and switched off (`AGENTSIGHT_ENABLED=false`, `OTEL_SDK_DISABLED=true`) it reads
 * those two variables and nothing else is loaded.
 */
import { unsupportedNodeMessage } from './src/node-version';
import { masterSwitch } from './src/settings/master-switch';

const unsupported = unsupportedNodeMessage();
if (unsupported) {
  process.stderr.write(`${unsupported}\n`);
} else if (masterSwitch(undefined, process.env)) {
  (require('./src/entry') as typeof import('./src/entry')).zeroCode.initFromEnvironment();
}
