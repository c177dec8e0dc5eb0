/**
 * The zero-code start (`agentsight/register`): configuration from the environment only, bad values
 * reported once on stderr instead of thrown, and the list of SDK files the ESM hook should see.
 */
import { esmTargetFiles } from '../instrumentations/base/base-instrumentation';
import { initClient } from './client';
import { resolveConfig } from './config';
import { getLogger } from './diag';
import { enabledSpecs } from './instrumentation-manager';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The ESM files of the SDK classes we wrap, as URL patterns. Only these go through
 * import-in-the-middle: hooking every module measurably slows an ESM app's start.
 */
export function esmIncludePatterns(env: NodeJS.ProcessEnv = process.env): RegExp[] {
  const { config } = resolveConfig({}, env);
  if (!config.enabled) return [];
  return enabledSpecs(config).flatMap((spec) =>
    spec.targets.flatMap((target) =>
      esmTargetFiles(spec.moduleName, target).map((file) => new RegExp(`/node_modules/${escapeRegExp(file)}$`)),
    ),
  );
}

/** `init()` from the environment; never throws into the application. */
export function initFromEnvironment(): void {
  try {
    initClient({}, 'report');
  } catch (err) {
    getLogger('register').error(`agentsight could not start; the application runs without it: ${String(err)}`);
  }
}
