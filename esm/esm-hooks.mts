/**
 * The zero-code start under `--import`: the CommonJS side first (the bundle, the configuration,
 * `init()`, which puts the CommonJS hook in place: the OpenTelemetry packages it requires load
 * before import-in-the-middle's hook is in place, at CommonJS speed), then import-in-the-middle for
 * ESM imports of the SDK files we wrap, in-thread through `module.registerHooks` where this
 * Node.js supports it, else through `module.register`.
 * Everything CommonJS is required, not imported: an import has Node scan a file for its export
 * names, and the bundle is large.
 */
import * as module from 'node:module';

const { zeroCode } = module.createRequire(import.meta.url)('../src/entry.js') as typeof import('../src/entry.js');

export async function startWithEsmHooks(): Promise<void> {
  if (zeroCode.esmHooksState() !== undefined) return;
  const include = zeroCode.esmIncludePatterns();
  // 'on' before init(), so that the providers watch their packages' ESM modules too (a client that
  // `--require agentsight/register` made already starts watching them now).
  zeroCode.setEsmHooksState(include.length > 0 ? 'on' : 'off');
  zeroCode.initFromEnvironment();
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
    zeroCode.setEsmHooksState('off');
    zeroCode.warn(`the ESM hook could not be registered; ESM imports of the SDKs are not instrumented: ${String(err)}`);
  }
}
