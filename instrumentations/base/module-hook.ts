/**
 * The CommonJS half of the zero-code hooks: one hook on Node's loader of CommonJS files for the
 * whole process, which hands each file of a watched package, once it has run, to that
 * package's watchers. A watcher may return other exports, which `require()` then gives.
 *
 * Why not require-in-the-middle: it wraps `require()` itself and resolves every call's path again
 * to learn which package it loads (and, without a list of modules, which file of it), so every
 * `require()` in the process pays a second resolution. Measured on this machine (Node 22, an app
 * that loads `openai` and `@anthropic-ai/sdk`): +90 ms of CPU at start-up with a list of modules or
 * without, against no measurable cost here, where each file loaded costs one string search and
 * one map lookup. A `require(esm)` module (an ESM-only package loaded by `require`) passes here
 * too, with its namespace as the exports.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { getLogger } from '../../src/diag';

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

interface NodeModule {
  exports: unknown;
}
type Loader = (this: unknown, module: NodeModule, filename: string) => unknown;

const watchers = new Map<string, Set<ModuleWatcher>>();
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

/** Runs on every CommonJS file the process loads: a package that nobody watches costs one lookup. */
function dispatch(module: NodeModule, filename: string): void {
  const bounds = packageBounds(filename);
  const set = bounds && watchers.get(toPosix(filename.slice(bounds.start, bounds.end)));
  if (!set) return;
  const file = packageFile(filename) as LoadedFile;
  for (const watcher of set) {
    try {
      module.exports = watcher(module.exports, file);
    } catch (err) {
      getLogger('hooks').once('warn', `watcher:${file.packageName}`, `a hook of ${file.packageName} failed: ${String(err)}`);
    }
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  // `.js` is Node's loader for every CommonJS file (`.cjs` too) and for `require(esm)`.
  const extensions = (require('node:module') as { _extensions?: Record<string, Loader> })._extensions;
  const original = extensions?.['.js'];
  if (!extensions || typeof original !== 'function') {
    getLogger('hooks').warn('this Node.js has no CommonJS loader to hook: CommonJS imports of the SDKs are not instrumented');
    return;
  }
  extensions['.js'] = function agentsightLoader(this: unknown, module: NodeModule, filename: string): unknown {
    const result = original.call(this, module, filename);
    if (watchers.size > 0) dispatch(module, filename);
    return result;
  };
}

/**
 * Calls `watcher` with each file of `packageName` that `require()` loads from now on. Returns the
 * function that stops it.
 */
export function watchPackage(packageName: string, watcher: ModuleWatcher): () => void {
  install();
  let set = watchers.get(packageName);
  if (!set) {
    set = new Set();
    watchers.set(packageName, set);
  }
  set.add(watcher);
  return () => {
    set.delete(watcher);
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

/**
 * The file `require(<package>)` loads, for the package of `file` (resolved once per folder, and
 * only for packages whose entry point a provider patches).
 */
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
