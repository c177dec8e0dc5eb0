/**
 * The CommonJS half of the zero-code hooks: each file of a watched package that `require()` loads
 * is handed, once it has run, to that package's watchers. A watcher may return other exports,
 * which `require()` then gives. A `require(esm)` module (an ESM-only package loaded by `require`)
 * is handed over too, with what `require()` would give (its namespace) as the exports.
 *
 * How: an in-thread load hook (`module.registerHooks`, `module-source-hooks.ts`) appends one line
 * to the source of each CommonJS file that a watcher takes, which hands its module over after the
 * body has run, and catches the `exports` that Node sets on the module record of a required ES
 * module once it has run. No function of ours is on the stack while any module runs, so an error
 * thrown at the top level of a module (the app's main script included) has the same stack as
 * without us. A watcher may say which files of its package it takes (the providers take their
 * target files and the package's entry point: a dozen of the 400 files of `openai` and
 * `@anthropic-ai/sdk`); every other file passes through untouched, at the cost of one string
 * search of its URL.
 *
 * On a Node.js whose `module.registerHooks` does not leave CommonJS alone (before 22.22.3, 24.11.1
 * and 25.1: there a load hook changes how ES modules import CommonJS files, and throws next to the
 * ESM hook's `module.register` fallback), the hook wraps Node's loader of CommonJS files
 * (`Module._extensions['.js']`) instead: the same hand-over, but the wrapper is one more frame in
 * the stack of an error thrown while a CommonJS module runs.
 *
 * Why not require-in-the-middle: it wraps `require()` itself (a frame of its own in every such
 * stack) and resolves every call's path again to learn which package it loads, so every
 * `require()` in the process pays a second resolution. Measured on this machine (Node 22, an app
 * that loads `openai` and `@anthropic-ai/sdk`): +90 ms of CPU at start-up with a list of modules or
 * without, against no measurable cost here.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { getLogger } from '../../src/diag';
import { installSourceHooks } from './module-source-hooks';

/** A file of a watched package, just loaded. */
export interface LoadedFile {
  /** The package (`openai`, `@anthropic-ai/sdk`). */
  readonly packageName: string;
  /** The package's folder. */
  readonly baseDir: string;
  /** The file's path inside the package, `/`-separated (`resources/embeddings.js`). */
  readonly path: string;
  /** The absolute file name. */
  readonly filename: string;
}

/** Receives each file of a package as it loads; returns the exports `require()` should give. */
export type ModuleWatcher = (exports: unknown, file: LoadedFile) => unknown;

/** Which files of its package a watcher takes. */
export type FileFilter = (file: LoadedFile) => boolean;

interface Watch {
  watcher: ModuleWatcher;
  /** All files when absent. */
  wants?: FileFilter;
}

interface NodeModule {
  exports: unknown;
}
type Loader = (this: unknown, module: NodeModule, filename: string) => unknown;

const watchers = new Map<string, Set<Watch>>();
let installed = false;

const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

/** Where the package of `filename` starts and ends (after its last `node_modules` folder). */
function packageBounds(filename: string): { start: number; end: number } | undefined {
  const at = filename.lastIndexOf(NODE_MODULES);
  if (at === -1) return undefined;
  const start = at + NODE_MODULES.length;
  let end = filename.indexOf(path.sep, start);
  if (end !== -1 && filename[start] === '@') end = filename.indexOf(path.sep, end + 1);
  return end === -1 ? undefined : { start, end };
}

function toPosix(text: string): string {
  return path.sep === '/' ? text : text.split(path.sep).join('/');
}

/** The package a file belongs to, from the last `node_modules` folder of its path. */
export function packageFile(filename: string): LoadedFile | undefined {
  const bounds = packageBounds(filename);
  if (!bounds) return undefined;
  return {
    packageName: toPosix(filename.slice(bounds.start, bounds.end)),
    baseDir: filename.slice(0, bounds.end),
    path: toPosix(filename.slice(bounds.end + 1)),
    filename,
  };
}

/** The watches of the package of `filename` that take that file, and the file. */
function watchesOf(filename: string): { file: LoadedFile; watches: Watch[] } | undefined {
  const bounds = packageBounds(filename);
  const set = bounds && watchers.get(toPosix(filename.slice(bounds.start, bounds.end)));
  if (!set) return undefined;
  const file = packageFile(filename) as LoadedFile;
  const watches = [...set].filter((w) => !w.wants || w.wants(file));
  return watches.length > 0 ? { file, watches } : undefined;
}

/** Whether a watcher takes `filename` (the hooks touch no other file). */
function wanted(filename: string): boolean {
  return watchesOf(filename) !== undefined;
}

/** Hands a file of a watched package to its watchers, once it has run; `module.exports` becomes what they return. */
function handOver(module: NodeModule, filename: string): void {
  const found = watchesOf(filename);
  if (!found) return;
  const { file, watches } = found;
  for (const { watcher } of watches) {
    try {
      module.exports = watcher(module.exports, file);
    } catch (err) {
      getLogger('hooks').once('warn', `watcher:${file.packageName}`, `a hook of ${file.packageName} failed: ${String(err)}`);
    }
  }
}

/** The fallback where in-thread hooks would change how Node loads CommonJS: a wrapper around its `.js` loader. */
function wrapJsLoader(): void {
  // `.js` is Node's loader for every CommonJS file (`.cjs` too) and for `require(esm)`.
  const extensions = (require('node:module') as { _extensions?: Record<string, Loader> })._extensions;
  const original = extensions?.['.js'];
  if (!extensions || typeof original !== 'function') {
    getLogger('hooks').warn('this Node.js has no CommonJS loader to hook: CommonJS imports of the SDKs are not instrumented');
    return;
  }
  extensions['.js'] = function agentsightLoader(this: unknown, module: NodeModule, filename: string): unknown {
    const result = original.call(this, module, filename);
    if (watchers.size > 0) handOver(module, filename);
    return result;
  };
}

function install(): void {
  if (installed) return;
  installed = true;
  try {
    // Called from inside the module's own code: nothing may escape into it.
    const handed = (module: NodeModule | undefined, filename: string): void => {
      try {
        if (module && watchers.size > 0) handOver(module, filename);
      } catch (err) {
        getLogger('hooks').once('warn', 'hand-over', `a module could not be handed to its hooks: ${String(err)}`);
      }
    };
    if (installSourceHooks({ watched: (name) => watchers.has(name), wanted, handOver: handed })) return;
  } catch (err) {
    // (Jest, for one, refuses them.) The fallback below hands the same files over.
    getLogger('hooks').debug(`module.registerHooks() refused our hooks; wrapping the CommonJS loader instead: ${String(err)}`);
  }
  wrapJsLoader();
}

/**
 * Calls `watcher` with each file of `packageName` that `require()` loads from now on, or only with
 * those that `wants` takes (the others are left alone entirely). Returns the function that stops it.
 */
export function watchPackage(packageName: string, watcher: ModuleWatcher, wants?: FileFilter): () => void {
  install();
  let set = watchers.get(packageName);
  if (!set) {
    set = new Set();
    watchers.set(packageName, set);
  }
  const watch: Watch = wants ? { watcher, wants } : { watcher };
  set.add(watch);
  return () => {
    set.delete(watch);
    if (set.size === 0 && watchers.get(packageName) === set) watchers.delete(packageName);
  };
}

const versions = new Map<string, string | undefined>();

/** The `version` of the package in `baseDir` (read once per folder). */
export function packageVersion(baseDir: string): string | undefined {
  if (versions.has(baseDir)) return versions.get(baseDir);
  let version: string | undefined;
  try {
    const json = JSON.parse(readFileSync(path.join(baseDir, 'package.json'), 'utf8')) as { version?: unknown };
    version = typeof json.version === 'string' ? json.version : undefined;
  } catch {
    version = undefined;
  }
  versions.set(baseDir, version);
  return version;
}

const mainFiles = new Map<string, string | undefined>();

/** The file `require(<package>)` loads, for the package of `file` (resolved once per folder). */
export function mainFileOf(file: LoadedFile): string | undefined {
  if (mainFiles.has(file.baseDir)) return mainFiles.get(file.baseDir);
  let main: string | undefined;
  try {
    main = require.resolve(file.packageName, { paths: [file.baseDir] });
  } catch {
    main = undefined;
  }
  mainFiles.set(file.baseDir, main);
  return main;
}
