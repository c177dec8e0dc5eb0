/**
 * The InstrumentationManager: makes, enables and disables the provider instrumentations of the
 * registry (`instrumentations/registry.ts`) as the configuration switches them. A provider's code
 * loads only when it is switched on, or when its manual helper is called.
 */
import type { BaseInstrumentation, ProviderSpec } from '../instrumentations/base/base-instrumentation';
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

export class InstrumentationManager {
  private readonly instances = new Map<ProviderName, BaseInstrumentation>();

  constructor(private readonly config: ResolvedConfig) {}

  /** Enables every provider whose switch is on. */
  enableConfigured(): void {
    for (const provider of PROVIDERS) {
      if (switchedOn(provider, this.config)) this.enable(provider.name);
    }
  }

  /** Enables one provider (loading it on first use). */
  enable(name: ProviderName): void {
    try {
      this.instance(name).enable();
    } catch (err) {
      log.warn(`could not enable the ${name} instrumentation: ${String(err)}`);
    }
  }

  disable(name: ProviderName): void {
    this.instances.get(name)?.disable();
  }

  isEnabled(name: ProviderName): boolean {
    return this.instances.get(name)?.isEnabled() ?? false;
  }

  /** The instrumentation of a provider, made if needed (also for the manual `instrument<Provider>()` path). */
  instance(name: ProviderName): BaseInstrumentation {
    let instance = this.instances.get(name);
    if (!instance) {
      const Instrumentation = findProvider(name).load();
      instance = new Instrumentation();
      this.instances.set(name, instance);
    }
    return instance;
  }

  disableAll(): void {
    for (const instance of this.instances.values()) instance.disable();
  }
}
