/**
 * The in-thread loader hook (`module.registerHooks`) behind `module-hook.ts`: it hands each file of
 * a watched package to its watchers once it has run, without any function of ours on the stack
 * while the file runs (a wrapper around Node's loader shows in the stack of every error thrown at
 * the top level of every CommonJS module, the app's main script included).
 *
 * - A CommonJS file that a watcher takes gets one line appended to its source, which hands its
 *   `module` over after the body has run: every line and column of the file stays where it was
 *   (the line goes before a trailing `//# sourceMappingURL` comment, which stays last).
 * - An ES module that a watcher takes, loaded by `require()` (an ESM-only SDK, `ai` 7): Node has put
 *   its CommonJS module record in the cache before loading it, and sets the record's `exports`
 *   (the namespace, Node's `__esModule` facade of it, or its `'module.exports'` export) once the
 *   module has run. A one-time setter on `exports` hands that value over then, and puts a plain
 *   property back with what the watchers returned, which `require()` gives.
 *
 * Every other module, JSON file, addon and builtin passes through as Node loaded it: one string
 * search of its URL for a watched package's folder, then (in such a folder) one lookup of the file.
 * No resolve hook: one would make every `require()` of the process pay for it (+25 ms at start-up
 * for an app that loads `openai` and `@anthropic-ai/sdk`, measured).
 *
 * Only where Node.js lets a load hook leave CommonJS alone (see `syncHooksKeepCommonJsNative`).
 */
import * as nodeModule from 'node:module';
import { fileURLToPath } from 'node:url';
import { getLogger } from '../../src/diag';

type LoadHook = NonNullable<nodeModule.RegisterHooksOptions['load']>;

/**
 * Whether `module.registerHooks` leaves CommonJS modules to Node's own loader (>= 22.22.3,
 * >= 24.11.1, >= 25.1.0, 26 and later: nodejs/node#59929, import-in-the-middle's test too).
 * Before that, any load hook makes an ES module's `import` of a CommonJS file run it through the
 * ESM loader's own `require` instead of Node's, and throws when `module.register` hooks (the ESM
 * hook's fallback on those versions) are also in place.
 */
export function syncHooksKeepCommonJsNative(version: string = process.versions.node): boolean {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map((n) => Number.parseInt(n, 10));
  if (major >= 26) return true;
  if (major === 25) return minor >= 1;
  if (major === 24) return minor > 11 || (minor === 11 && patch >= 1);
  if (major === 22) return minor > 22 || (minor === 22 && patch >= 3);
  return false;
}

const NODE_MODULES = '/node_modules/';

/** The package of a `file:` URL, from its last `node_modules` folder (`@scope/name` or `name`). */
function packageOfUrl(url: string): string | undefined {
  const at = url.lastIndexOf(NODE_MODULES);
  if (at === -1 || !url.startsWith('file:')) return undefined;
  const start = at + NODE_MODULES.length;
  let end = url.indexOf('/', start);
  if (end !== -1 && url[start] === '@') end = url.indexOf('/', end + 1);
  return end === -1 ? undefined : url.slice(start, end);
}

/**
 * The source of a CommonJS file with the line that hands its module to `key`'s function appended:
 * after the last line of code, before any trailing `//# sourceMappingURL=` / `sourceURL=` comments.
 * (A file whose body `return`s early never reaches the line, and is not handed over.)
 */
export function withHandOver(source: string, filename: string, key: string): string {
  const at = trailingCommentsStart(source);
  const line = `\n;globalThis[Symbol.for(${JSON.stringify(key)})]?.(typeof module === "object" ? module : undefined, ${JSON.stringify(filename)});\n`;
  return source.slice(0, at) + line + source.slice(at);
}

/** Where the trailing `//# source…URL=` comment lines (and the blank space around them) start. */
function trailingCommentsStart(source: string): number {
  let end = source.length;
  for (;;) {
    let last = end;
    while (last > 0 && /\s/.test(source[last - 1] as string)) last--;
    const lineStart = source.lastIndexOf('\n', last - 1) + 1;
    const line = source.slice(lineStart, last).trimStart();
    if (!/^\/\/[#@]\s*source(Mapping)?URL=/.test(line)) return end;
    end = lineStart;
  }
}

/** Whether a module is loaded for `require()`: by its conditions (`require`, or no `import`). */
function isRequire(conditions: readonly string[] | undefined): boolean {
  return !Array.isArray(conditions) || conditions.includes('require') || !conditions.includes('import');
}

/** CommonJS by its format, or by its name where Node's CommonJS loader leaves the format to itself. */
function isCommonJs(url: string, format: string | null | undefined): boolean {
  return format === 'commonjs' || (format == null && (url.endsWith('.js') || url.endsWith('.cjs')));
}

function text(source: string | ArrayBuffer | ArrayBufferView): string {
  if (typeof source === 'string') return source;
  const bytes = ArrayBuffer.isView(source) ? Buffer.from(source.buffer, source.byteOffset, source.byteLength) : Buffer.from(source);
  return bytes.toString('utf8');
}

export interface SourceHooksOptions {
  /** Whether a package (`openai`, `@anthropic-ai/sdk`) is watched: a string test before anything else. */
  watched(packageName: string): boolean;
  /** Whether a file of a watched package is to be handed over (the others pass through untouched). */
  wanted(filename: string): boolean;
  /** Takes a file of a watched package once it has run (`module.exports` may be replaced). */
  handOver(module: { exports: unknown } | undefined, filename: string): void;
}

/**
 * Where the code the hooks add finds `handOver`: a `Symbol.for` key of `globalThis`, the first
 * that no other copy of agentsight in the process holds.
 */
function freeKey(): string {
  let key = 'agentsight.moduleLoaded';
  for (let n = 2; Symbol.for(key) in globalThis; n++) key = `agentsight.moduleLoaded.${n}`;
  return key;
}

/** A CommonJS module record, as Node keeps it in `Module._cache`. */
interface CjsModule {
  exports: unknown;
  loaded?: boolean;
}

/**
 * Hands over what Node sets as `module.exports` of a required ES module (once it has run), and
 * leaves a plain `exports` property with what `handOver` made of it.
 */
function handOverOnExport(module: CjsModule, filename: string, handOver: SourceHooksOptions['handOver']): void {
  let current = module.exports;
  Object.defineProperty(module, 'exports', {
    configurable: true,
    enumerable: true,
    get: () => current,
    set(value: unknown) {
      const handed = { exports: value };
      handOver(handed, filename);
      current = handed.exports;
      Object.defineProperty(module, 'exports', { value: current, writable: true, enumerable: true, configurable: true });
    },
  });
}

/** Our own failure in a hook: reported once; the module loads as Node loaded it. */
function failed(err: unknown): void {
  getLogger('hooks').once('warn', 'source-hooks', `a module hook failed; that module is not instrumented: ${String(err)}`);
}

/**
 * Registers the hooks. Returns false where this Node.js has no `module.registerHooks` that leaves
 * CommonJS alone (the caller then hooks the loader another way).
 */
export function installSourceHooks({ watched, wanted, handOver }: SourceHooksOptions): boolean {
  if (typeof nodeModule.registerHooks !== 'function' || !syncHooksKeepCommonJsNative()) return false;
  const cache = (nodeModule as unknown as { _cache?: Record<string, CjsModule | undefined> })._cache;
  const key = freeKey();

  const load: LoadHook = (url, context, next) => {
    const result = next(url, context);
    const { source, format } = result;
    const commonJs = source != null && isCommonJs(url, format);
    const required = !commonJs && format === 'module' && isRequire(context.conditions);
    if (!commonJs && !required) return result;
    const name = packageOfUrl(url);
    if (name === undefined || !watched(name)) return result;
    try {
      const filename = fileURLToPath(url);
      if (!wanted(filename)) return result;
      if (commonJs) return { ...result, source: withHandOver(text(source), filename, key) };
      const module = cache?.[filename];
      if (module && !module.loaded) handOverOnExport(module, filename, handOver);
    } catch (err) {
      failed(err);
    }
    return result;
  };

  nodeModule.registerHooks({ load });
  // Not enumerable: `globalThis` looks the same to the app.
  Object.defineProperty(globalThis, Symbol.for(key), { value: handOver, configurable: true, enumerable: false, writable: false });
  return true;
}
