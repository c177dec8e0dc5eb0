/**
 * The v1 SDK's CommonJS `Protocol` file, seen as it loads. The package's `.` export names a file
 * it does not ship, and require-in-the-middle resolves a package's main file before it reports any
 * of the package's files, so the shared hook never reports one of this package. A hook of its own
 * naming the file would see it, but any require-in-the-middle hook resolves the file of every
 * `require` in the process: measured here, about 50 ms more to load `openai`, `@anthropic-ai/sdk`,
 * `ai` and `express` (some 700 modules). Node's `module.require` tracing channel (Node >= 22.15)
 * reports each `require` with its specifier, the requiring file and the exports: one string
 * comparison a `require`.
 */
import * as diagnostics from 'node:diagnostics_channel';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isObject, str } from '../../src/json-values';

/** The end of each `require()`: what was asked for, by whom, and what it gave. */
const REQUIRE_END = 'tracing:module.require:end';
/** How the SDK's own files require `Protocol` (`client/index.js`, `server/index.js`). */
const RELATIVE_ID = '../shared/protocol.js';
/** How an app may require it. */
const PACKAGE_ID = '@modelcontextprotocol/sdk/shared/protocol.js';
/** A file of the v1 CommonJS build, and its package folder. */
const CJS_BUILD_FILE = /^(.*[\\/]@modelcontextprotocol[\\/]sdk)[\\/]dist[\\/]cjs[\\/]/;

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

/** The exports of the v1 CommonJS `Protocol` file, if that is what this `require` loaded. */
function v1Protocol(message: unknown): unknown {
  if (!isObject(message)) return undefined;
  const { id, parentFilename, result } = message;
  if (id === PACKAGE_ID) return result;
  if (id !== RELATIVE_ID || typeof parentFilename !== 'string') return undefined;
  const dir = CJS_BUILD_FILE.exec(parentFilename)?.[1];
  return dir !== undefined && majorIn(dir) === 1 ? result : undefined;
}

/**
 * Calls `onLoad` with the exports each time a `require` returns v1's CommonJS `Protocol` file (the
 * SDK's client and server files both require it: expect it twice). For the process's lifetime,
 * like the module hooks. Never throws into a `require`.
 */
export function watchV1CjsProtocol(onLoad: (exports: unknown) => void): void {
  diagnostics.subscribe(REQUIRE_END, (message) => {
    try {
      const exports = v1Protocol(message);
      if (exports !== undefined) onLoad(exports);
    } catch {
      // A require must never fail for us; the manual path remains.
    }
  });
}
