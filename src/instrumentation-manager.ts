/**
 * The InstrumentationManager: the registry of provider instrumentations, the per-provider switches
 * (`AGENTSIGHT_INSTRUMENT_<PROVIDER>`, `OTEL_NODE_(EN|DIS)ABLED_INSTRUMENTATIONS`), and enabling or
 * disabling them at runtime. A new provider adds its folder under `instrumentations/` and one
 * entry to `PROVIDERS`.
 */
import type { ResolvedConfig } from './config';
import { getLogger } from './diag';
import type { BaseInstrumentation, ProviderSpec } from '../instrumentations/base/base-instrumentation';
import { ANTHROPIC_SPEC } from '../instrumentations/anthropic/spec';
import { OPENAI_SPEC } from '../instrumentations/openai/spec';

const log = getLogger('instrumentations');

export type ProviderName = 'openai' | 'anthropic';

interface ProviderEntry {
  spec: ProviderSpec;
  /** The configuration switch of this provider. */
  switch: (config: ResolvedConfig) => boolean;
  /** Loads the provider's code and makes its instrumentation (only when it is switched on). */
  create: () => BaseInstrumentation;
}

// Providers load only when switched on.
export const PROVIDERS: Record<ProviderName, ProviderEntry> = {
  openai: {
    spec: OPENAI_SPEC,
    switch: (c) => c.instrumentOpenAI,
    create: () =>
      new (
        require('../instrumentations/openai/instrumentation') as typeof import('../instrumentations/openai/instrumentation')
      ).OpenAIInstrumentation(),
  },
  anthropic: {
    spec: ANTHROPIC_SPEC,
    switch: (c) => c.instrumentAnthropic,
    create: () =>
      new (
        require('../instrumentations/anthropic/instrumentation') as typeof import('../instrumentations/anthropic/instrumentation')
      ).AnthropicInstrumentation(),
  },
};

/** The specs of the providers switched on by `config` (the ESM hook uses them to filter modules). */
export function enabledSpecs(config: ResolvedConfig): ProviderSpec[] {
  return Object.values(PROVIDERS)
    .filter((p) => p.switch(config))
    .map((p) => p.spec);
}

export class InstrumentationManager {
  private readonly instances = new Map<ProviderName, BaseInstrumentation>();

  constructor(private readonly config: ResolvedConfig) {}

  /** Enables every provider whose switch is on. */
  enableConfigured(): void {
    for (const name of Object.keys(PROVIDERS) as ProviderName[]) {
      if (PROVIDERS[name].switch(this.config)) this.enable(name);
    }
  }

  /** Enables one provider (loading it on first use). */
  enable(name: ProviderName): void {
    try {
      let instance = this.instances.get(name);
      if (!instance) {
        instance = PROVIDERS[name].create();
        this.instances.set(name, instance);
      }
      instance.enable();
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

  /** The instrumentation of a provider, made if needed (for the manual `instrumentOpenAI`-style path). */
  instance(name: ProviderName): BaseInstrumentation {
    let instance = this.instances.get(name);
    if (!instance) {
      instance = PROVIDERS[name].create();
      this.instances.set(name, instance);
    }
    return instance;
  }

  disableAll(): void {
    for (const instance of this.instances.values()) instance.disable();
  }
}
