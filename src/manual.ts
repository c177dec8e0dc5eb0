/**
 * Manual paths, for what the zero-code hooks cannot reach: SDKs bundled into the application
 * (esbuild, webpack: no `require` or `import` of `openai` left to hook) or imported before
 * `init()`, and applications that build their own OpenTelemetry tracer provider.
 */
import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import { currentClient } from './client';
import { getLogger } from './diag';
import type { ProviderName } from './instrumentation-manager';
import { FORWARDING_PROCESSOR } from './telemetry/processors/forwarding-span-processor';

const log = getLogger('manual');

function instrumentManually(provider: ProviderName, target: unknown): boolean {
  const client = currentClient();
  if (!client?.instrumentations) {
    log.warn(
      `instrument${provider === 'openai' ? 'OpenAI' : 'Anthropic'}() was called before init() (or with agentsight disabled); nothing was instrumented`,
    );
    return false;
  }
  try {
    const count = client.instrumentations.instance(provider).instrumentManually(target);
    if (count === 0) log.warn(`instrument: found nothing to instrument in the ${provider} value given`);
    return count > 0;
  } catch (err) {
    log.warn(`instrument: ${provider} instrumentation failed: ${String(err)}`);
    return false;
  }
}

/**
 * Instruments the `openai` package when the zero-code hooks cannot (a bundled app, or `openai`
 * imported before `init()`). Pass the module (`import * as openai from 'openai'`), the `OpenAI`
 * class, or a client instance; every client of that class set is then traced. Returns whether
 * anything was instrumented. Call it after `init()`.
 *
 * @example
 * import OpenAI from 'openai';
 * init();
 * instrumentOpenAI(OpenAI);
 */
export function instrumentOpenAI(moduleOrClient: unknown): boolean {
  return instrumentManually('openai', moduleOrClient);
}

/**
 * Instruments `@anthropic-ai/sdk` when the zero-code hooks cannot. Pass the module, the
 * `Anthropic` class, or a client instance. Returns whether anything was instrumented. Call it after
 * `init()`.
 *
 * @example
 * import Anthropic from '@anthropic-ai/sdk';
 * init();
 * instrumentAnthropic(Anthropic);
 */
export function instrumentAnthropic(moduleOrClient: unknown): boolean {
  return instrumentManually('anthropic', moduleOrClient);
}

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
