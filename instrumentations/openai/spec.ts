/**
 * What the OpenAI provider wraps: the `create` method of each resource class, in the file that
 * defines it, for openai 4 to 7. Both builds are hooked (`.js` CommonJS and `.mjs` ESM), since an
 * app can load both and each has its own classes. Every other entry point (`parse`, `stream()`,
 * `runTools`, Responses `parse`/`stream`, the Azure client) goes through these `create` methods.
 * Data only: no SDK is loaded here.
 */
import type { PatchTarget, ProviderSpec } from '../base/base-instrumentation';

const ALL = ['>=4.0.0 <8'];

export const OPENAI_TARGETS = {
  /** Chat Completions. 4.x before 4.80 defined the class in `chat/completions`; later versions in `chat/completions/completions`. */
  chat: { file: 'resources/chat/completions/completions', exportName: 'Completions', methods: ['create'], versions: ALL },
  chatLegacyPath: { file: 'resources/chat/completions', exportName: 'Completions', methods: ['create'], versions: ['>=4.0.0 <5'] },
  responses: { file: 'resources/responses/responses', exportName: 'Responses', methods: ['create'], versions: ALL },
  embeddings: { file: 'resources/embeddings', exportName: 'Embeddings', methods: ['create'], versions: ALL },
  completions: { file: 'resources/completions', exportName: 'Completions', methods: ['create'], versions: ALL },
} as const satisfies Record<string, PatchTarget>;

export const OPENAI_SPEC: ProviderSpec = {
  name: 'openai',
  moduleName: 'openai',
  supportedVersions: ALL,
  targets: Object.values(OPENAI_TARGETS),
};
