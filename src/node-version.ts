/**
 * The Node.js versions agentsight runs on. This module has no imports, so `register` can check the
 * version before loading anything that needs a newer Node.
 */
export const MINIMUM_NODE = '22.15.0';

/** `undefined` when `version` (default: this process's) is supported, else the one line that says why not. */
export function unsupportedNodeMessage(version: string = process.versions.node): string | undefined {
  const [major = 0, minor = 0] = version.split('.').map((n) => parseInt(n, 10));
  if (major > 22 || (major === 22 && minor >= 15)) return undefined;
  return `agentsight: Node.js ${version} is not supported (agentsight needs Node.js >= ${MINIMUM_NODE}); telemetry is off for this run.`;
}
