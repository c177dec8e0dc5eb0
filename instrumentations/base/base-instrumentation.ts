/**
 * BaseInstrumentation: an `InstrumentationBase` (require-in-the-middle and import-in-the-middle
 * hooks, shimmer-style wrapping) whose providers only say what to wrap and how to map.
 *
 * A provider lists its `PatchTarget`s (a file of the package, the exported class, its methods);
 * the base hooks each file in both builds (`.js` for CommonJS, `.mjs` for ESM: two different class
 * sets in one process when both are loaded) and wraps the methods on the class prototype. Wrap and
 * unwrap are one pair, over the same targets in the same order. A method wrapped once is never
 * wrapped again (the marker is a `Symbol.for` key, so two copies of agentsight agree), and a
 * disabled wrapper calls the original first thing.
 */
import {
  InstrumentationBase,
  InstrumentationNodeModuleDefinition,
  InstrumentationNodeModuleFile,
  type InstrumentationConfig,
} from '@opentelemetry/instrumentation';
import { getLogger, type ComponentLogger } from '../../src/diag';
import { VERSION } from '../../src/version';
import { restoreApiPromisePrototypes } from './api-promise';

/** One class of an SDK package whose methods we wrap. */
export interface PatchTarget {
  /**
   * The package of the file, when not the spec's: a provider that spans several packages (MCP: the
   * v1 SDK and the v2 client and server packages) names each target's own.
   */
  moduleName?: string;
  /** Path of the defining file inside the package, without extension (`resources/embeddings`). */
  file: string;
  /** The export holding the class (`Embeddings`). */
  exportName: string;
  /** Prototype methods to wrap (`create`). */
  methods: readonly string[];
  /** Package versions (semver ranges) this target applies to. */
  versions: readonly string[];
  /**
   * Extensions of the file's ESM build, when not `.mjs` only: a package of `"type": "module"`
   * ships its ESM build as `.js` (`ai` 7).
   */
  esmExtensions?: readonly string[];
}

/** What a provider instruments: the package, its supported versions, the classes to wrap. */
export interface ProviderSpec {
  /** Short name, for logs (`openai`). */
  name: string;
  /** The npm package (`openai`, `@anthropic-ai/sdk`). */
  moduleName: string;
  /** Package versions (semver ranges) we support. */
  supportedVersions: readonly string[];
  targets: readonly PatchTarget[];
}

const ORIGINAL = Symbol.for('agentsight.original');
type Method = (...args: unknown[]) => unknown;
type Wrapped = Method & { [ORIGINAL]?: Method };

/** The CommonJS and ESM file names of a target. */
export function targetFiles(moduleName: string, target: PatchTarget): string[] {
  const pkg = target.moduleName ?? moduleName;
  return [`${pkg}/${target.file}.js`, `${pkg}/${target.file}.mjs`];
}

/** The file names of a target's ESM build (what the ESM hook lets through). */
export function esmTargetFiles(moduleName: string, target: PatchTarget): string[] {
  const pkg = target.moduleName ?? moduleName;
  return (target.esmExtensions ?? ['.mjs']).map((extension) => `${pkg}/${target.file}${extension}`);
}

/**
 * `replacement` in front of `original`, as our wrappers are: the original when `enabled()` is
 * false (first thing), the original's name and length, and the marker that says it is ours.
 */
export function guardedWrapper(original: Method, replacement: Method, enabled: () => boolean): Method {
  const wrapped: Wrapped = function (this: unknown, ...args: unknown[]): unknown {
    // Disabled: the original, first thing.
    if (!enabled()) return original.apply(this, args);
    return replacement.apply(this, args);
  };
  Object.defineProperty(wrapped, 'name', { value: original.name });
  Object.defineProperty(wrapped, 'length', { value: original.length });
  wrapped[ORIGINAL] = original;
  return wrapped;
}

/** The function `fn` wraps, when it is one of our wrappers. */
export function originalOf(fn: unknown): Method | undefined {
  return typeof fn === 'function' ? (fn as Wrapped)[ORIGINAL] : undefined;
}

export abstract class BaseInstrumentation extends InstrumentationBase<InstrumentationConfig> {
  private componentLog: ComponentLogger | undefined;

  /** `name` is the provider's short name (`openai`); the instrumentation is `agentsight/openai`. */
  constructor(name: string, config: InstrumentationConfig = {}) {
    // Constructed disabled: the InstrumentationManager enables us once construction is complete.
    super(`agentsight/${name}`, VERSION, { ...config, enabled: false });
  }

  /**
   * What this provider instruments. A method, not a field: the base constructor calls `init()`,
   * which needs it, before a subclass's fields exist.
   */
  abstract spec(): ProviderSpec;

  /**
   * The manual path (`instrumentOpenAI(x)`): wraps what `moduleOrClient` (the module, the client
   * class or a client instance) leads to. Returns how many methods are wrapped.
   */
  abstract instrumentManually(moduleOrClient: unknown): number;

  /** The replacement of `method` of `target`, made once per prototype from the original. */
  protected abstract wrapMethod(original: Method, target: PatchTarget, method: string): Method;

  protected get log(): ComponentLogger {
    this.componentLog ??= getLogger(this.spec().name);
    return this.componentLog;
  }

  protected override init(): InstrumentationNodeModuleDefinition[] {
    const { moduleName, supportedVersions, targets } = this.spec();
    // One module definition per package, with the files of its targets.
    const filesByPackage = new Map<string, InstrumentationNodeModuleFile[]>([[moduleName, []]]);
    for (const target of targets) {
      const pkg = target.moduleName ?? moduleName;
      const files = filesByPackage.get(pkg) ?? [];
      filesByPackage.set(pkg, files);
      for (const file of targetFiles(moduleName, target)) {
        files.push(
          new InstrumentationNodeModuleFile(
            file,
            [...target.versions],
            (exports: unknown) => {
              this.patchTarget(exports, target);
              return exports;
            },
            (exports: unknown) => this.unpatchTarget(exports, target),
          ),
        );
      }
    }
    return [...filesByPackage].map(
      ([pkg, files]) => new InstrumentationNodeModuleDefinition(pkg, [...supportedVersions], undefined, undefined, files),
    );
  }

  /** Wraps the target's methods on the class exported by `exports`. Never throws. */
  patchTarget(exports: unknown, target: PatchTarget): void {
    const proto = classPrototype(exports, target.exportName);
    if (proto) this.patchPrototype(proto, target);
  }

  /**
   * Wraps the target's methods on `proto` (the manual path reaches prototypes through a client
   * instance). Returns how many methods are wrapped now. Never throws.
   */
  patchPrototype(proto: Record<string, unknown>, target: PatchTarget): number {
    let wrappedCount = 0;
    for (const method of target.methods) {
      try {
        const current = proto[method];
        if (typeof current !== 'function') continue;
        if ((current as Wrapped)[ORIGINAL]) {
          wrappedCount++;
          continue;
        }
        const original = current as Method;
        const wrapped = guardedWrapper(original, this.wrapMethod(original, target, method), () => this.isEnabled());
        Object.defineProperty(proto, method, { value: wrapped, writable: true, configurable: true, enumerable: false });
        wrappedCount++;
      } catch (err) {
        this.log.once('warn', `patch:${target.file}:${method}`, `could not wrap ${target.exportName}.${method}: ${String(err)}`);
      }
    }
    return wrappedCount;
  }

  /** Puts the original methods back. */
  unpatchTarget(exports: unknown, target: PatchTarget): void {
    const proto = classPrototype(exports, target.exportName);
    if (proto) this.unpatchPrototype(proto, target);
  }

  unpatchPrototype(proto: Record<string, unknown>, target: PatchTarget): void {
    for (const method of target.methods) {
      const current = proto[method] as Wrapped | undefined;
      const original = current?.[ORIGINAL];
      if (original) Object.defineProperty(proto, method, { value: original, writable: true, configurable: true, enumerable: false });
    }
  }

  /** Prototypes patched through the manual path, re-patched by `enable()` and restored by `disable()`. */
  private readonly manual: Array<{ proto: Record<string, unknown>; target: PatchTarget }> = [];

  /** The manual path: wraps `proto` and remembers it, so that disable and enable cover it too. */
  instrumentPrototype(proto: Record<string, unknown>, target: PatchTarget): number {
    if (!this.manual.some((m) => m.proto === proto && m.target === target)) this.manual.push({ proto, target });
    return this.patchPrototype(proto, target);
  }

  /** The manual path's common step: wraps the prototype of each resource object given. */
  protected instrumentResources(resources: ReadonlyArray<readonly [unknown, PatchTarget]>): number {
    let count = 0;
    for (const [resource, target] of resources) {
      const proto =
        typeof resource === 'object' && resource !== null ? (Object.getPrototypeOf(resource) as Record<string, unknown> | null) : null;
      if (proto) count += this.instrumentPrototype(proto, target);
    }
    return count;
  }

  override enable(): void {
    super.enable();
    for (const { proto, target } of this.manual ?? []) this.patchPrototype(proto, target);
  }

  override disable(): void {
    super.disable();
    for (const { proto, target } of this.manual ?? []) this.unpatchPrototype(proto, target);
    restoreApiPromisePrototypes();
  }

  /** Whether `fn` is one of our wrappers. */
  static isWrapped(fn: unknown): boolean {
    return typeof fn === 'function' && (fn as Wrapped)[ORIGINAL] !== undefined;
  }
}

function classPrototype(exports: unknown, exportName: string): Record<string, unknown> | undefined {
  const cls = (exports as Record<string, unknown> | null | undefined)?.[exportName];
  const proto = typeof cls === 'function' ? (cls as { prototype?: unknown }).prototype : undefined;
  return typeof proto === 'object' && proto !== null ? (proto as Record<string, unknown>) : undefined;
}
