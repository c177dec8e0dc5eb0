/**
 * The Anthropic provider (in progress: see issue 4).
 */
import { BaseInstrumentation, type ProviderSpec } from '../base/base-instrumentation';
import { ANTHROPIC_SPEC } from './spec';

type Method = (...args: unknown[]) => unknown;

export class AnthropicInstrumentation extends BaseInstrumentation {
  constructor() {
    super('anthropic');
  }

  spec(): ProviderSpec {
    return ANTHROPIC_SPEC;
  }

  protected wrapMethod(original: Method): Method {
    return original;
  }

  instrumentManually(): number {
    return 0;
  }
}
