/**
 * What the Anthropic provider wraps, for @anthropic-ai/sdk 0.30 to 1.x: the Messages resource
 * (`create`; `stream()` and `parse` go through it) with `countTokens`, the beta Messages resource,
 * and batch submission. Both builds (`.js` and `.mjs`) are hooked. Data only.
 */
import type { PatchTarget, ProviderSpec } from '../base/base-instrumentation';

const ALL = ['>=0.30.0 <2'];

export const ANTHROPIC_TARGETS = {
  /** 0.30 to 0.3x define Messages in `resources/messages`; later versions in `resources/messages/messages`. */
  messagesLegacyPath: { file: 'resources/messages', exportName: 'Messages', methods: ['create', 'countTokens'], versions: ALL },
  messages: { file: 'resources/messages/messages', exportName: 'Messages', methods: ['create', 'countTokens'], versions: ALL },
  batches: { file: 'resources/messages/batches', exportName: 'Batches', methods: ['create'], versions: ALL },
  betaMessages: { file: 'resources/beta/messages/messages', exportName: 'Messages', methods: ['create', 'countTokens'], versions: ALL },
  betaBatches: { file: 'resources/beta/messages/batches', exportName: 'Batches', methods: ['create'], versions: ALL },
} as const satisfies Record<string, PatchTarget>;

export const ANTHROPIC_SPEC: ProviderSpec = {
  name: 'anthropic',
  moduleName: '@anthropic-ai/sdk',
  supportedVersions: ALL,
  targets: Object.values(ANTHROPIC_TARGETS),
};
