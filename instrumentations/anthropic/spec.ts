/**
 * What the Anthropic provider wraps, for @anthropic-ai/sdk 0.30 to 1.x: the Messages resources
 * (`create`, `countTokens`, and `stream()`, which only arranges for the SDK's own span to nest
 * under ours: its request goes through `create`, as do `parse` and the tool runner), the 0.30-era
 * prompt-caching beta, and batch submission. Both builds (`.js` and `.mjs`) are hooked; the
 * Bedrock and Vertex clients reuse these classes. Data only: no SDK is loaded here.
 */
import type { PatchTarget, ProviderSpec } from '../base/base-instrumentation';

const ALL = ['>=0.30.0 <2'];
const MESSAGES_METHODS = ['create', 'countTokens', 'stream'];

/** The classes and methods wrapped, by the file that defines them. */
export const ANTHROPIC_TARGETS = {
  /** 0.30 to 0.3x define Messages in `resources/messages` (later versions re-export it from there). */
  messagesLegacyPath: { file: 'resources/messages', exportName: 'Messages', methods: MESSAGES_METHODS, versions: ALL },
  messages: { file: 'resources/messages/messages', exportName: 'Messages', methods: MESSAGES_METHODS, versions: ALL },
  batches: { file: 'resources/messages/batches', exportName: 'Batches', methods: ['create'], versions: ALL },
  betaMessages: { file: 'resources/beta/messages/messages', exportName: 'Messages', methods: MESSAGES_METHODS, versions: ALL },
  betaBatches: { file: 'resources/beta/messages/batches', exportName: 'Batches', methods: ['create'], versions: ALL },
  /** `beta.promptCaching.messages` (0.27 to 0.3x). */
  betaPromptCaching: {
    file: 'resources/beta/prompt-caching/messages',
    exportName: 'Messages',
    methods: ['create', 'stream'],
    versions: ALL,
  },
} as const satisfies Record<string, PatchTarget>;

/** The provider spec the base instrumentation and the ESM hook filter read. */
export const ANTHROPIC_SPEC: ProviderSpec = {
  name: 'anthropic',
  moduleName: '@anthropic-ai/sdk',
  supportedVersions: ALL,
  targets: Object.values(ANTHROPIC_TARGETS),
};
