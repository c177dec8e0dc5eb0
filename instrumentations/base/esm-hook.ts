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

/** Watches made before the ESM loader hook was in place (`--require` and `--import` both given). */
const waiting: Array<() => void> = [];

export function setEsmHooksState(state: EsmHooksState): void {
  (globalThis as Holder)[ESM_HOOKS] = state;
  if (state === 'on') for (const start of waiting.splice(0)) start();
}

/** import-in-the-middle's callback: the module's namespace, its name (`pkg` or `pkg/file`) and folder. */
export type EsmWatcher = (exports: unknown, name: string, baseDir: string | undefined) => unknown;

interface IitmHook {
  unhook(): void;
}
type IitmHookClass = new (modules: string[], options: { internals: boolean }, hook: EsmWatcher) => IitmHook;

/**
 * Calls `watcher` with each module of `packageName` that the ESM loader hook wraps; returns the
 * function that stops it. Without an ESM loader hook it waits for one (nothing loads meanwhile).
 */
export function watchEsmPackage(packageName: string, watcher: EsmWatcher): () => void {
  let hook: IitmHook | undefined;
  let stopped = false;
  const start = (): void => {
    if (stopped) return;
    const { Hook } = require('import-in-the-middle') as { Hook: IitmHookClass };
    hook = new Hook([packageName], { internals: true }, watcher);
  };
  if (esmHooksState() === 'on') start();
  else waiting.push(start);
  return () => {
    stopped = true;
    hook?.unhook();
  };
}
