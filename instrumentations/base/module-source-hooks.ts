/**
 * The in-thread loader hooks (`module.registerHooks`) behind `module-hook.ts`: they hand each file
 * of a watched package to its watchers once it has run, without any function of ours on the stack
 * while the file runs (a wrapper around Node's loader shows in the stack of every error thrown at
 * the top level of every CommonJS module, the app's main script included).
 *
 * - A CommonJS file of a watched package gets one line appended to its source, which hands its
 *   `module` over after the body has run: every line and column of the file stays where it was
 *   (the line goes before a trailing `//# sourceMappingURL` comment, which stays last).
 * - `require()` of an ES module of a watched package (an ESM-only SDK, `ai` 7) resolves to a small
 *   synthetic ES module next to it that imports the real one, hands over what `require()` would
 *   have given (the namespace, Node's `__esModule` facade, or its `'module.exports'` export) and
 *   exports the result as `'module.exports'`, which `require()` then gives. The real module keeps
 *   its own URL (one instance for `require` and `import`) and runs as a dependency of the synthetic
 *   one, so nothing of ours is on the stack while it runs either. The synthetic module has a name of
 *   its own (`dist/index.agentsight-require.js` for `dist/index.js`), which is what `require.cache`
 *   holds and, on a Node.js whose `require.resolve` runs the resolve hooks (26), what
 *   `require.resolve` gives.
 *
 * Every other module, JSON file, addon and builtin passes through as Node loaded it: one string
 * search of its URL for a watched package's folder.
 *
 * Only where Node.js lets a load hook leave CommonJS alone (see `syncHooksKeepCommonJsNative`).
 */
import { readFileSync } from 'node:fs';
import * as nodeModule from 'node:module';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { getLogger } from '../../src/diag';

type LoadHook = NonNullable<nodeModule.RegisterHooksOptions['load']>;
type ResolveHook = NonNullable<nodeModule.RegisterHooksOptions['resolve']>;

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

/** Whether a resolution is for `require()`: by its conditions (`require`, or no `import`). */
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

const packageTypes = new Map<string, unknown>();

/** Whether `filename` is an ES module by its name: `.mjs`, or `.js` in a `"type": "module"` package scope. */
function isEsmFile(filename: string): boolean {
  if (filename.endsWith('.mjs')) return true;
  if (!filename.endsWith('.js')) return false;
  const packageJson = nodeModule.findPackageJSON?.(pathToFileURL(filename));
  if (!packageJson) return false;
  if (!packageTypes.has(packageJson)) {
    let type: unknown;
    try {
      type = (JSON.parse(readFileSync(packageJson, 'utf8')) as { type?: unknown }).type;
    } catch {
      type = undefined;
    }
    packageTypes.set(packageJson, type);
  }
  return packageTypes.get(packageJson) === 'module';
}

/** The name of the synthetic module that `require()` of `filename` gets: `index.agentsight-require.js` for `index.js`. */
export function requiredEsmName(filename: string): string {
  const extension = path.extname(filename);
  return `${filename.slice(0, filename.length - extension.length)}.agentsight-require${extension}`;
}

/**
 * The facade Node gives `require()` of an ES module with a default export and no `__esModule`
 * export (its `createRequiredModuleFacade`), made the same way; its `default` is the value at load.
 */
function facadeSource(realUrl: string): string {
  const real = JSON.stringify(realUrl);
  return `import * as namespace from ${real};\nexport * from ${real};\nconst value = namespace.default;\nexport { value as default };\nexport const __esModule = true;\n`;
}

/** The synthetic module `require()` gets: the real one runs first, as its dependency. */
function requiredEsmSource(realUrl: string, facadeUrl: string, filename: string, key: string): string {
  return [
    `import * as namespace from ${JSON.stringify(realUrl)};`,
    `import * as facade from ${JSON.stringify(facadeUrl)};`,
    // What Node's require() gives for this namespace (its populateCJSExportsFromESM).
    `const handed = { exports: Object.hasOwn(namespace, "module.exports") ? namespace["module.exports"] : !Object.hasOwn(namespace, "default") || Object.hasOwn(namespace, "__esModule") ? namespace : facade };`,
    `globalThis[Symbol.for(${JSON.stringify(key)})]?.(handed, ${JSON.stringify(filename)});`,
    'const required = handed.exports;',
    'export { required as "module.exports" };',
    '',
  ].join('\n');
}

export interface SourceHooksOptions {
  /** Whether a package (`openai`, `@anthropic-ai/sdk`) is watched. */
  watched(packageName: string): boolean;
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

/** The source of each synthetic module, by URL. */
const syntheticSources = new Map<string, string>();
/** The URL of each synthetic module, by its URL and by its file name (`require(require.resolve(...))` on Node 26). */
const syntheticUrls = new Map<string, string>();
/** The real file each synthetic module's file name stands for. */
const realFiles = new Map<string, string>();

/** The file a synthetic module stands for, when `filename` names one. */
export function realFileOf(filename: string): string | undefined {
  return realFiles.get(filename);
}

/** The synthetic module that `require()` of `realUrl` gets (made once per file). */
function syntheticFor(realUrl: string, key: string): string {
  const filename = fileURLToPath(realUrl);
  const name = requiredEsmName(filename);
  const url = pathToFileURL(name).href;
  if (!syntheticSources.has(url)) {
    const facadeUrl = `${url}?facade`;
    syntheticSources.set(facadeUrl, facadeSource(realUrl));
    syntheticSources.set(url, requiredEsmSource(realUrl, facadeUrl, filename, key));
    for (const id of [name, url]) syntheticUrls.set(id, url);
    syntheticUrls.set(facadeUrl, facadeUrl);
    realFiles.set(name, filename);
  }
  return url;
}

/** Our own failure in a hook: reported once; the module loads as Node loaded it. */
function failed(err: unknown): void {
  getLogger('hooks').once('warn', 'source-hooks', `a module hook failed; that module is not instrumented: ${String(err)}`);
}

/**
 * Registers the hooks. Returns false where this Node.js has no `module.registerHooks` that leaves
 * CommonJS alone (the caller then hooks the loader another way).
 */
export function installSourceHooks({ watched, handOver }: SourceHooksOptions): boolean {
  if (typeof nodeModule.registerHooks !== 'function' || !syncHooksKeepCommonJsNative()) return false;
  const key = freeKey();
  const watchedUrl = (url: string): boolean => {
    const name = packageOfUrl(url);
    return name !== undefined && watched(name);
  };

  const resolve: ResolveHook = (specifier, context, next) => {
    // Our own modules are not on disk: answered before Node looks.
    const own = syntheticUrls.size > 0 ? syntheticUrls.get(specifier) : undefined;
    if (own !== undefined) return { url: own, format: 'module', shortCircuit: true };
    const result = next(specifier, context);
    try {
      if (!isRequire(context.conditions) || result.format === 'commonjs' || !watchedUrl(result.url)) return result;
      if (result.format !== 'module' && !isEsmFile(fileURLToPath(result.url))) return result;
      return { url: syntheticFor(result.url, key), format: 'module', shortCircuit: true };
    } catch (err) {
      failed(err);
      return result;
    }
  };

  const load: LoadHook = (url, context, next) => {
    const own = syntheticSources.size > 0 ? syntheticSources.get(url) : undefined;
    if (own !== undefined) return { format: 'module', source: own, shortCircuit: true };
    const result = next(url, context);
    if (result.source == null || !isCommonJs(url, result.format) || !watchedUrl(url)) return result;
    try {
      return { ...result, source: withHandOver(text(result.source), fileURLToPath(url), key) };
    } catch (err) {
      failed(err);
      return result;
    }
  };

  nodeModule.registerHooks({ resolve, load });
  // Not enumerable: `globalThis` looks the same to the app.
  Object.defineProperty(globalThis, Symbol.for(key), { value: handOver, configurable: true, enumerable: false, writable: false });
  return true;
}
