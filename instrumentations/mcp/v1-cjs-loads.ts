/**
 * The v1 SDK's CommonJS `Protocol` file, seen as Node loads it. The package's `.` export names a
 * file it does not ship, and require-in-the-middle resolves a package's main file before it
 * reports any of the package's files, so the shared hook never reports one of this package. Two
 * other ways were measured and left:
 *
 * - a require-in-the-middle hook of its own, naming the file: it resolves the file of every
 *   `require` in the process, about 50 ms more to load `openai`, `@anthropic-ai/sdk`, `ai` and
 *   `express` (some 700 modules);
 * - Node's `module.require` tracing channel: its subscriber makes every `require` a few frames
 *   deeper, enough for Node to mistake a dependency's `require('punycode')` (openai 4,
 *   `@anthropic-ai/sdk` 0.30) for the app's own and print a deprecation warning it would not print.
 *
 * So the CommonJS loader of `.js` files is followed instead: once per module loaded (not per
 * `require`), one string test, and nothing added to the stack of a `require`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isObject, str } from '../../src/json-values';

type Loader = (this: unknown, module: { exports?: unknown }, filename: string, ...rest: unknown[]) => unknown;

/** The v1 CommonJS `Protocol` file, and its package folder. */
const PROTOCOL_FILE = /^(.*[\\/]@modelcontextprotocol[\\/]sdk)[\\/]dist[\\/]cjs[\\/]shared[\\/]protocol\.js$/;

/** The major version of the package in `dir`, from its package.json. */
function majorIn(dir: string): number | undefined {
  try {
    const pkg: unknown = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const major = Number.parseInt(str(isObject(pkg) ? pkg.version : undefined) ?? '', 10);
    return Number.isFinite(major) ? major : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Calls `onLoad` with the exports of each v1 CommonJS `Protocol` file Node loads (once per copy of
 * the SDK). For the process's lifetime, like the module hooks. Never throws into a load.
 */
export function watchV1CjsProtocol(onLoad: (exports: unknown) => void): void {
  const extensions = (require('node:module') as { _extensions?: Record<string, Loader> })._extensions;
  const original = extensions?.['.js'];
  if (!extensions || typeof original !== 'function') return;
  const followed: Loader = function (this: unknown, module, filename, ...rest) {
    const result = original.call(this, module, filename, ...rest);
    try {
      const dir = typeof filename === 'string' ? PROTOCOL_FILE.exec(filename)?.[1] : undefined;
      if (dir !== undefined && majorIn(dir) === 1) onLoad(module.exports);
    } catch {
      // A load must never fail for us; the manual path remains.
    }
    return result;
  };
  Object.defineProperty(followed, 'name', { value: original.name });
  Object.defineProperty(followed, 'length', { value: original.length });
  extensions['.js'] = followed;
}
