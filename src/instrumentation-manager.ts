/**
 * The InstrumentationManager: watches the packages of the providers the configuration switches
 * on, and makes, enables and disables their instrumentations. A provider's code loads only when a
 * file of its SDK does, or when its manual helper is called: an app that never loads an SDK never
 * loads its provider.
 */
import { type BaseInstrumentation, packagesOf, type ProviderSpec, targetFiles } from '../instrumentations/base/base-instrumentation';
import { watchEsmPackage } from '../instrumentations/base/esm-hook';
import { type FileFilter, mainFileOf, watchPackage } from '../instrumentations/base/module-hook';
import { findProvider, PROVIDERS, type Provider, type ProviderName, providerOption } from '../instrumentations/registry';
import type { ResolvedConfig } from './config';
import { getLogger } from './diag';

const log = getLogger('instrumentations');

function switchedOn(provider: Provider, config: ResolvedConfig): boolean {
  return config[providerOption(provider)];
}

/** The specs of the providers switched on by `config` (the ESM hook uses them to filter modules). */
export function enabledSpecs(config: ResolvedConfig): ProviderSpec[] {
  return PROVIDERS.filter((p) => switchedOn(p, config)).map((p) => p.spec);
}

/**
 * The files of its packages that a provider's instrumentation takes from the CommonJS hook: each
 * target's file (both builds) and each package's entry point (which a provider may patch whole).
 * Read from the spec, so that the provider's code need not load to say; the hook leaves every
 * other file of the package alone.
 */
function takenFiles(spec: ProviderSpec): FileFilter {
  const files = new Set(spec.targets.flatMap((target) => targetFiles(spec.moduleName, target)));
  return (file) => files.has(`${file.packageName}/${file.path}`) || mainFileOf(file) === file.filename;
}

export class InstrumentationManager {
  private readonly instances = new Map<ProviderName, BaseInstrumentation>();
  /** Providers enabled now, made or not yet. */
  private readonly enabled = new Set<ProviderName>();
  /** The hooks on each watched package, by provider. */
  private readonly watches = new Map<ProviderName, () => void>();

  constructor(private readonly config: ResolvedConfig) {}

  /** Enables every provider whose switch is on. */
  enableConfigured(): void {
    for (const provider of PROVIDERS) {
      if (switchedOn(provider, this.config)) this.enable(provider.name);
    }
  }

  /** Enables one provider: its SDK is patched as it loads (its code loads with it). */
  enable(name: ProviderName): void {
    try {
      this.enabled.add(name);
      this.watch(name);
      this.instances.get(name)?.enable();
    } catch (err) {
      log.warn(`could not enable the ${name} instrumentation: ${String(err)}`);
    }
  }

  disable(name: ProviderName): void {
    this.enabled.delete(name);
    this.instances.get(name)?.disable();
  }

  isEnabled(name: ProviderName): boolean {
    return this.instances.get(name)?.isEnabled() ?? this.enabled.has(name);
  }

  /** The instrumentation of a provider, made (and its code loaded) if needed; also for the manual path. */
  instance(name: ProviderName): BaseInstrumentation {
    let instance = this.instances.get(name);
    if (!instance) {
      const Instrumentation = findProvider(name).load();
      instance = new Instrumentation();
      this.instances.set(name, instance);
      if (this.enabled.has(name)) instance.enable();
    }
    return instance;
  }

  /** Disables every provider and stops watching their packages (at shutdown). */
  disableAll(): void {
    for (const name of [...this.enabled]) this.disable(name);
    for (const instance of this.instances.values()) instance.disable();
    for (const unwatch of this.watches.values()) unwatch();
    this.watches.clear();
  }

  /** Hands each file of the provider's SDK, as it loads, to its instrumentation. */
  private watch(name: ProviderName): void {
    if (this.watches.has(name)) return;
    const { spec } = findProvider(name);
    const packages = packagesOf(spec);
    const taken = takenFiles(spec);
    const loaded = (exports: unknown, load: (instance: BaseInstrumentation) => unknown): unknown => {
      try {
        return load(this.instance(name));
      } catch (err) {
        log.once('warn', `load:${name}`, `the ${name} instrumentation could not load; its SDK is not instrumented: ${String(err)}`);
        return exports;
      }
    };
    const stops = packages.flatMap((pkg) => [
      watchPackage(pkg, (exports, file) => loaded(exports, (i) => i.onFileLoaded(exports, file)), taken),
      watchEsmPackage(pkg, (exports, id, baseDir) => loaded(exports, (i) => i.onEsmModuleLoaded(exports, id, baseDir))),
    ]);
    this.watches.set(name, () => {
      for (const stop of stops) stop();
    });
  }
}
