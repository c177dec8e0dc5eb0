/**
 * Our tracer provider: the SDK's, except that an SDK's own instrumentation scope (from the
 * provider registry: the Anthropic SDK's) gets a quiet tracer unless the environment asks for that
 * SDK's spans. Registered globally, it would otherwise switch those spans on in every process that
 * loads agentsight, recorded or not, with the provider switched off too.
 */
import type { Tracer, TracerOptions } from '@opentelemetry/api';
import { TracerProvider, type TracerProviderOptions } from '@opentelemetry/sdk-trace';
import { quietTracer } from '../quiet-tracer';

/** An SDK's own tracer scope, and whether the environment asks for its spans. */
export interface NativeSpanScope {
  readonly scope: string;
  readonly requestedByEnvironment: () => boolean;
}

export class AgentsightTracerProvider extends TracerProvider {
  constructor(
    options: TracerProviderOptions,
    private readonly nativeScopes: readonly NativeSpanScope[],
  ) {
    super(options);
  }

  override getTracer(name: string, version?: string, options?: TracerOptions): Tracer {
    const native = this.nativeScopes.find(({ scope }) => name === scope || name.startsWith(`${scope}.`));
    if (native && !native.requestedByEnvironment()) return quietTracer(() => super.getTracer(name, version, options));
    return super.getTracer(name, version, options);
  }
}
