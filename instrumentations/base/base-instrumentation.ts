/**
 * BaseInstrumentation: what a provider has in common. A provider only says what to wrap (its spec)
 * and how to map; the base turns the spec into module definitions, patches each file of the SDK
 * that the zero-code hooks hand it (`module-hook.ts` for `require`, `esm-hook.ts` for `import`; the
 * InstrumentationManager watches the packages), and wraps methods safely.
 *
 * A provider lists its `PatchTarget`s (a file of the package, the exported class, its methods);
 * the base takes each file in both builds (`.js` for CommonJS, `.mjs` for ESM: two different class
 * sets in one process when both are loaded) and wraps the methods on the class prototype. Wrap and
 * unwrap are one pair, over the same targets in the same order. A method wrapped once is never
 * wrapped again (the marker is a `Symbol.for` key, so two copies of agentsight agree), and a
 * disabled wrapper calls the original first thing.
 *
 * The module definitions have the shape of `@opentelemetry/instrumentation`'s (its
 * `InstrumentationNodeModuleDefinition` objects fit), without its base class: that one installs a
 * require-in-the-middle hook on every `require()` of the process, a frame of its own in the stack of
 * every error thrown while a CommonJS module runs (see `module-hook.ts`).
 */
import * as path from 'node:path';
import { getLogger, type ComponentLogger } from '../../src/diag';
import { restoreApiPromisePrototypes } from './api-promise';
import { mainFileOf, packageVersion, type LoadedFile } from './module-hook';
import { inVersionRanges } from './version-range';

/** One class of an SDK package whose methods we wrap. */
export interface PatchTarget {
  /** Path of the defining file inside the package, without extension (`resources/embeddings`). */
  file: string;
  /** The export holding the class (`Embeddings`). */
  exportName: string;
  /** Prototype methods to wrap (`create`). */
  methods: readonly string[];
  /** Package versions (semver ranges) this target applies to. */
  versions: readonly string[];
  /**
   * The package of the file, when not the spec's: a provider that spans several packages (MCP: the
   * v1 SDK and the v2 client and server packages) names each target's own.
   */
  moduleName?: string;
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

/** The packages a spec's targets live in: the spec's own, and any target's own (MCP spans three). */
export function packagesOf(spec: ProviderSpec): string[] {
  return [...new Set([spec.moduleName, ...spec.targets.map((t) => t.moduleName ?? spec.moduleName)])];
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

/** One file of a package to patch (the shape of `@opentelemetry/instrumentation`'s `InstrumentationModuleFile`). */
export interface ModuleFileDefinition {
  /** `<package>/<path inside it, with extension>` (`openai/resources/embeddings.js`). */
  name: string;
  supportedVersions: string[];
  /** The exports seen last (what `enable()` patches again). */
  moduleExports?: unknown;
  patch(moduleExports: unknown, moduleVersion?: string): unknown;
  unpatch(moduleExports?: unknown, moduleVersion?: string): void;
}

/** A package to patch (the shape of `@opentelemetry/instrumentation`'s `InstrumentationModuleDefinition`). */
export interface ModuleDefinition {
  /** The package (`openai`): the spec's `moduleName`, or a target's own (the hooks watch each). */
  name: string;
  supportedVersions: string[];
  files: ModuleFileDefinition[];
  /** The package's entry point seen last, and its version. */
  moduleExports?: unknown;
  moduleVersion?: string;
  includePrerelease?: boolean;
  /** Patches the package's entry point (`require('ai')`, `import 'ai'`); returns what the app gets. */
  patch?: (moduleExports: unknown, moduleVersion?: string) => unknown;
  unpatch?: (moduleExports: unknown, moduleVersion?: string) => void;
}

export abstract class BaseInstrumentation {
  /** `agentsight/<provider>`. */
  readonly instrumentationName: string;
  #enabled = false;
  readonly #modules: ModuleDefinition[];
  /** The names of the files the definitions patch. */
  readonly #fileNames: ReadonlySet<string>;
  private componentLog: ComponentLogger | undefined;

  /** `name` is the provider's short name (`openai`); the instrumentation is `agentsight/openai`. Made disabled. */
  constructor(name: string) {
    this.instrumentationName = `agentsight/${name}`;
    this.#modules = this.init();
    this.#fileNames = new Set(this.#modules.flatMap((m) => m.files.map((f) => path.normalize(f.name))));
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

  /** The module definitions: by default each target's file in both builds, one definition per package. */
  protected init(): ModuleDefinition[] {
    const { moduleName, supportedVersions, targets } = this.spec();
    const filesByPackage = new Map<string, ModuleFileDefinition[]>([[moduleName, []]]);
    for (const target of targets) {
      const pkg = target.moduleName ?? moduleName;
      const files = filesByPackage.get(pkg) ?? [];
      filesByPackage.set(pkg, files);
      for (const file of targetFiles(moduleName, target)) {
        files.push({
          name: file,
          supportedVersions: [...target.versions],
          patch: (exports: unknown) => {
            this.patchTarget(exports, target);
            return exports;
          },
          unpatch: (exports: unknown) => this.unpatchTarget(exports, target),
        });
      }
    }
    return [...filesByPackage].map(([name, files]) => ({ name, supportedVersions: [...supportedVersions], files }));
  }

  isEnabled(): boolean {
    return this.#enabled;
  }

  /** A file of the package, just loaded by `require()`; returns what `require()` should give. */
  onFileLoaded(exports: unknown, file: LoadedFile): unknown {
    let result = exports;
    for (const module of this.#modules) {
      if (module.name !== file.packageName) continue;
      const name = `${module.name}/${file.path}`;
      // Most files of an SDK are none of ours: one lookup each.
      if (typeof module.patch === 'function' && mainFileOf(file) === file.filename) {
        result = this.onModuleLoaded(module, result, module.name, file.baseDir);
      } else if (this.#fileNames.has(name)) {
        result = this.onModuleLoaded(module, result, name, file.baseDir);
      }
    }
    return result;
  }

  /** A module of the package, just imported (import-in-the-middle's callback); returns what to give. */
  onEsmModuleLoaded(exports: unknown, name: string, baseDir: string | undefined): unknown {
    let result = exports;
    for (const module of this.#modules) {
      let id = name;
      let dir = baseDir;
      if (!dir && path.isAbsolute(id)) {
        const parsed = path.parse(id);
        id = parsed.name;
        dir = parsed.dir;
      }
      if (dir && (id === module.name || id.startsWith(`${module.name}${path.sep}`))) result = this.onModuleLoaded(module, result, id, dir);
    }
    return result;
  }

  /** Records what loaded and patches it when enabled (what `@opentelemetry/instrumentation` does on require). */
  private onModuleLoaded(module: ModuleDefinition, exports: unknown, name: string, baseDir: string): unknown {
    const version = packageVersion(baseDir);
    module.moduleVersion = version;
    if (module.name === name) {
      if (typeof module.patch !== 'function' || !inVersionRanges(version, module.supportedVersions, module.includePrerelease))
        return exports;
      module.moduleExports = exports;
      return this.#enabled ? module.patch(exports, version) : exports;
    }
    const normalized = path.normalize(name);
    let result = exports;
    for (const file of module.files) {
      if (file.name !== normalized || !inVersionRanges(version, file.supportedVersions, module.includePrerelease)) continue;
      file.moduleExports = result;
      if (this.#enabled) result = file.patch(result, version);
    }
    return result;
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

  /** Patches what loaded so far and what loads from now on (and the prototypes of the manual path). */
  enable(): void {
    if (!this.#enabled) {
      this.#enabled = true;
      for (const module of this.#modules) {
        if (typeof module.patch === 'function' && module.moduleExports !== undefined)
          module.patch(module.moduleExports, module.moduleVersion);
        for (const file of module.files) if (file.moduleExports !== undefined) file.patch(file.moduleExports, module.moduleVersion);
      }
    }
    for (const { proto, target } of this.manual ?? []) this.patchPrototype(proto, target);
  }

  /** Gives every patched module and prototype its originals back. */
  disable(): void {
    if (this.#enabled) {
      this.#enabled = false;
      for (const module of this.#modules) {
        if (typeof module.unpatch === 'function' && module.moduleExports !== undefined)
          module.unpatch(module.moduleExports, module.moduleVersion);
        for (const file of module.files) if (file.moduleExports !== undefined) file.unpatch(file.moduleExports, module.moduleVersion);
      }
    }
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
