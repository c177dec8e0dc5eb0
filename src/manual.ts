/**
 * Manual paths, for what the zero-code hooks cannot reach: SDKs bundled into the application
 * (esbuild, webpack: no `require` or `import` of the SDK left to hook) or imported before
 * `init()`, and applications that build their own OpenTelemetry tracer provider.
 */
import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import { PROVIDERS, type Provider, type ProviderOption, providerOption } from '../instrumentations/registry';
import { currentClient } from './client';
import { getLogger } from './diag';
import { FORWARDING_PROCESSOR } from './telemetry/processors/forwarding-span-processor';

const log = getLogger('manual');

/**
 * Instruments a provider's SDK when the zero-code hooks cannot (a bundled app, or the SDK imported
 * before `init()`). Pass the module (`import * as openai from 'openai'`), the client class, or a
 * client instance; every client of that class set is then traced. Returns whether anything was
 * instrumented. Call it after `init()`.
 */
export type ManualInstrumenter = (moduleOrClient: unknown) => boolean;

function instrumentManually(provider: Provider, target: unknown): boolean {
  const helper = providerOption(provider);
  const client = currentClient();
  if (!client?.instrumentations) {
    log.warn(`${helper}() was called before init() (or with agentsight disabled); nothing was instrumented`);
    return false;
  }
  try {
    const count = client.instrumentations.instance(provider.name).instrumentManually(target);
    if (count === 0) log.warn(`${helper}(): found nothing to instrument in the ${provider.name} value given`);
    return count > 0;
  } catch (err) {
    log.warn(`${helper}(): the ${provider.name} instrumentation failed: ${String(err)}`);
    return false;
  }
}

/**
 * One manual helper per provider of the registry, named like its option: `instrumentOpenAI`,
 * `instrumentAnthropic`, ...
 *
 * @example
 * import OpenAI from 'openai';
 * import { init, instrumentOpenAI } from 'agentsight';
 * init();
 * instrumentOpenAI(OpenAI);
 */
export const manualInstrumenters = Object.fromEntries(
  PROVIDERS.map((p) => [providerOption(p), (target: unknown) => instrumentManually(p, target)]),
) as Record<ProviderOption, ManualInstrumenter>;

/**
 * The span processors to add to a tracer provider the application builds itself, so that its
 * spans reach agentsight (session ids, the local store, agentsight's exporters). Usable before
 * `init()`: they forward once agentsight is initialized.
 *
 * @example
 * const provider = new TracerProvider({ spanProcessors: [myExporterProcessor, ...agentsightSpanProcessors()] });
 * trace.setGlobalTracerProvider(provider);
 * init();
 */
export function agentsightSpanProcessors(): SpanProcessor[] {
  return [FORWARDING_PROCESSOR];
}
