/**
 * The Vercel AI SDK provider: hooks the `ai` package (5 to 7, both builds) and traces its entry
 * points (`sdk-calls.ts`); each model call becomes one LLM span through the neutral recorder
 * (`traced-model.ts`), each tool execution an `execute_tool` span (`traced-tools.ts`), each agent
 * loop an `invoke_agent` span with its steps (`call-scope.ts`).
 *
 * The package's exports are replaced where they can be (an ESM namespace from import-in-the-middle
 * takes new values); where they cannot (CommonJS getters, a `require(esm)` namespace), the app gets
 * a copy of the exports with the traced functions. The agent classes are patched on their
 * prototypes, shared by every copy.
 */
import { isObject, type Json } from '../../src/json-values';
import {
  BaseInstrumentation,
  guardedWrapper,
  type ModuleDefinition,
  originalOf,
  type PatchTarget,
  type ProviderSpec,
} from '../base/base-instrumentation';
import { AGENT_METHOD_NAMES, SDK_FUNCTION_NAMES as FUNCTION_NAMES, VERCEL_AI_SPEC, VERCEL_AI_TARGETS } from './spec';
import type { SdkModule } from './traced-model';

type Method = (...args: unknown[]) => unknown;
type SdkCalls = typeof import('./sdk-calls');

/** The tracing code, loaded with the first `ai` module (an app that never loads `ai` never loads it). */
let sdkCalls: SdkCalls | undefined;
function calls(): SdkCalls {
  sdkCalls ??= require('./sdk-calls') as SdkCalls;
  return sdkCalls;
}

/** The major version of a package version (`7.0.173` is 7). */
function majorOf(version: string | undefined): number | undefined {
  const major = Number.parseInt(version ?? '', 10);
  return Number.isFinite(major) ? major : undefined;
}

function read(exports: Json, name: string): unknown {
  try {
    return exports[name];
  } catch {
    return undefined;
  }
}

/** Sets every replacement on `exports`, or none (then `false`). */
function replaceInPlace(exports: Json, replacements: ReadonlyMap<string, Method>): boolean {
  const done: Array<[string, unknown]> = [];
  for (const [name, fn] of replacements) {
    const before = read(exports, name);
    try {
      exports[name] = fn;
    } catch {
      // A getter without a setter, or a namespace that is not ours to write: a copy it is.
    }
    if (read(exports, name) !== fn) {
      for (const [undo, value] of done) {
        try {
          exports[undo] = value;
        } catch {
          // It took the new value, it takes the old one back.
        }
      }
      return false;
    }
    done.push([name, before]);
  }
  return true;
}

/** A copy of `exports` (same prototype, same properties) with the replacements. */
function copyWith(exports: Json, replacements: ReadonlyMap<string, Method>): Json {
  const descriptors = Object.getOwnPropertyDescriptors(exports);
  for (const [name, fn] of replacements) descriptors[name] = { value: fn, writable: true, enumerable: true, configurable: true };
  return Object.create(Object.getPrototypeOf(exports) as object | null, descriptors) as Json;
}

/**
 * Instruments `ai` (5 to 7, both builds): `generateText`, `streamText`, `generateObject`,
 * `streamObject`, `embed`, `embedMany` and the agent classes. Made and enabled by the
 * InstrumentationManager (`AGENTSIGHT_INSTRUMENT_VERCEL_AI`); `instrumentVercelAI()` is its manual
 * path.
 */
export class VercelAIInstrumentation extends BaseInstrumentation {
  /** The module whose classes are being patched (wrapMethod reads it; set only while patching). */
  private patching: SdkModule | undefined;

  constructor() {
    super('vercel-ai');
  }

  spec(): ProviderSpec {
    return VERCEL_AI_SPEC;
  }

  protected override init(): ModuleDefinition[] {
    const { moduleName, supportedVersions } = VERCEL_AI_SPEC;
    return [
      {
        name: moduleName,
        supportedVersions: [...supportedVersions],
        files: [],
        patch: (exports: unknown, version?: string) => this.patchModule(exports, majorOf(version)),
        unpatch: (exports: unknown) => this.unpatchModule(exports),
      },
    ];
  }

  private readonly enabled = (): boolean => this.isEnabled();

  /** Patches a loaded `ai` module; returns what the app should get (the module, or a copy). Never throws. */
  patchModule(exports: unknown, major: number | undefined): unknown {
    if (!isObject(exports)) return exports;
    const sdk: SdkModule = { major, exports };
    try {
      this.patchClasses(exports, sdk);
      const replacements = this.functionReplacements(exports, sdk);
      if (replacements.size === 0 || replaceInPlace(exports, replacements)) return exports;
      return copyWith(exports, replacements);
    } catch (err) {
      this.log.once('warn', 'patch', `could not instrument the ai module: ${String(err)}`);
      return exports;
    }
  }

  /** Puts the original functions back where they were replaced in place, and the agent classes' methods. */
  unpatchModule(exports: unknown): void {
    if (!isObject(exports)) return;
    for (const target of Object.values(VERCEL_AI_TARGETS)) this.unpatchTarget(exports, target);
    const originals = new Map<string, Method>();
    for (const name of FUNCTION_NAMES) {
      const original = originalOf(read(exports, name));
      if (original) originals.set(name, original);
    }
    if (originals.size > 0) replaceInPlace(exports, originals);
  }

  private patchClasses(exports: Json, sdk: SdkModule): number {
    this.patching = sdk;
    try {
      let count = 0;
      for (const target of Object.values(VERCEL_AI_TARGETS)) {
        const cls = read(exports, target.exportName);
        const proto = typeof cls === 'function' ? (cls as { prototype?: unknown }).prototype : undefined;
        if (isObject(proto)) count += this.patchPrototype(proto, target);
      }
      return count;
    } finally {
      this.patching = undefined;
    }
  }

  private functionReplacements(exports: Json, sdk: SdkModule): Map<string, Method> {
    const replacements = new Map<string, Method>();
    for (const name of FUNCTION_NAMES) {
      const current = read(exports, name);
      if (typeof current !== 'function' || originalOf(current)) continue;
      const original = current as Method;
      replacements.set(name, guardedWrapper(original, calls().tracedFunction(name, original, sdk, this.enabled), this.enabled));
    }
    return replacements;
  }

  protected wrapMethod(original: Method, _target: PatchTarget, method: string): Method {
    if (!AGENT_METHOD_NAMES.includes(method)) return original;
    const sdk = this.patching ?? { major: undefined, exports: {} };
    return calls().tracedAgentMethod(method as 'generate' | 'stream', original, sdk, this.enabled);
  }

  /**
   * The manual path: the module (its agent classes always; its functions where its exports can be
   * written, as a CommonJS module's usually can), an agent class, or an agent. Returns how many
   * methods and functions are traced.
   */
  instrumentManually(moduleOrClient: unknown): number {
    const value = moduleOrClient;
    const sdk: SdkModule = { major: undefined, exports: isObject(value) ? value : {} };
    const proto =
      typeof value === 'function'
        ? (value as { prototype?: unknown }).prototype
        : isObject(value)
          ? Object.getPrototypeOf(value)
          : undefined;
    if (isObject(proto) && typeof proto.generate === 'function') {
      this.patching = sdk;
      try {
        return this.instrumentPrototype(proto, VERCEL_AI_TARGETS.toolLoopAgent);
      } finally {
        this.patching = undefined;
      }
    }
    if (!isObject(value)) return 0;
    let count = 0;
    this.patching = sdk;
    try {
      for (const target of Object.values(VERCEL_AI_TARGETS)) {
        const cls = read(value, target.exportName);
        const classProto = typeof cls === 'function' ? (cls as { prototype?: unknown }).prototype : undefined;
        if (isObject(classProto)) count += this.instrumentPrototype(classProto, target);
      }
    } finally {
      this.patching = undefined;
    }
    const replacements = this.functionReplacements(value, sdk);
    if (replacements.size > 0 && !replaceInPlace(value, replacements)) {
      this.log.warn(
        'instrumentVercelAI(): the module given cannot be written (an ESM namespace or a bundle); its agent classes are traced, its functions are not',
      );
    }
    for (const name of FUNCTION_NAMES) if (originalOf(read(value, name))) count++;
    return count;
  }
}
