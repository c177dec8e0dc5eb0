/**
 * The ESM half of the zero-code hooks: an import-in-the-middle `Hook` per watched package. Its
 * callbacks run only for modules that the ESM loader hook wrapped, and that hook is registered by
 * `agentsight/register` under `--import` (filtered to the files of the specs): without it there is
 * nothing to watch, and import-in-the-middle is not even loaded.
 */
const ESM_HOOKS = Symbol.for('agentsight.esm-hooks');

/** What `agentsight/register` did about the ESM loader hook (set by `esm/esm-hooks.mts`). */
export type EsmHooksState = 'registering' | 'on' | 'off';

type Holder = { [ESM_HOOKS]?: EsmHooksState };

export function esmHooksState(): EsmHooksState | undefined {
  return (globalThis as Holder)[ESM_HOOKS];
}

export function setEsmHooksState(state: EsmHooksState): void {
  (globalThis as Holder)[ESM_HOOKS] = state;
}

/** import-in-the-middle's callback: the module's namespace, its name (`pkg` or `pkg/file`) and folder. */
export type EsmWatcher = (exports: unknown, name: string, baseDir: string | undefined) => unknown;

interface IitmHook {
  unhook(): void;
}
type IitmHookClass = new (modules: string[], options: { internals: boolean }, hook: EsmWatcher) => IitmHook;

/**
 * Calls `watcher` with each module of `packageName` that the ESM loader hook wraps; returns the
 * function that stops it (a no-op when there is no ESM loader hook).
 */
export function watchEsmPackage(packageName: string, watcher: EsmWatcher): () => void {
  if (esmHooksState() !== 'on') return () => {};
  const { Hook } = require('import-in-the-middle') as { Hook: IitmHookClass };
  const hook = new Hook([packageName], { internals: true }, watcher);
  return () => hook.unhook();
}
