/**
 * What the Vercel AI SDK provider hooks, for `ai` 5 to 7: the package's entry file, whose exported
 * functions (`generateText`, `streamText`, ...) are replaced on the module's exports, and the agent
 * classes' `generate` and `stream`. `ai` 5 and 6 ship `dist/index.js` (CommonJS) and
 * `dist/index.mjs` (ESM) with a class set each; `ai` 7 is ESM only, as `dist/index.js`, which
 * CommonJS apps load through `require(esm)`. Data only: no SDK is loaded here.
 */
import type { PatchTarget, ProviderSpec } from '../base/base-instrumentation';

const ALL = ['>=5.0.0 <8'];
const AGENT_METHODS = ['generate', 'stream'];
/** The ESM build: `.mjs` up to `ai` 6, `.js` in the ESM-only `ai` 7. */
const ESM = ['.mjs', '.js'];

/** The agent classes, by the export that holds them (the same class may be exported twice). */
export const VERCEL_AI_TARGETS = {
  /** `ai` 5: the `Agent` class, exported as `Experimental_Agent`. */
  experimentalAgent: { file: 'dist/index', exportName: 'Experimental_Agent', methods: AGENT_METHODS, versions: ALL, esmExtensions: ESM },
  /** `ai` 6 and 7 (also exported as `Experimental_Agent`). */
  toolLoopAgent: { file: 'dist/index', exportName: 'ToolLoopAgent', methods: AGENT_METHODS, versions: ['>=6.0.0 <8'], esmExtensions: ESM },
} as const satisfies Record<string, PatchTarget>;

/** The exported functions traced (their exports are replaced with traced versions). */
export const SDK_FUNCTION_NAMES = ['generateText', 'streamText', 'generateObject', 'streamObject', 'embed', 'embedMany'] as const;
export type SdkFunction = (typeof SDK_FUNCTION_NAMES)[number];

/** The agent classes' methods traced: `generate` and `stream`. */
export const AGENT_METHOD_NAMES: readonly string[] = AGENT_METHODS;

/** The provider spec the base instrumentation and the ESM hook filter read. */
export const VERCEL_AI_SPEC: ProviderSpec = {
  name: 'vercel-ai',
  moduleName: 'ai',
  supportedVersions: ALL,
  targets: Object.values(VERCEL_AI_TARGETS),
};
