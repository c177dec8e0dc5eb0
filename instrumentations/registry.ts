/**
 * The provider registry: one line per instrumented package. Everything else about a provider comes
 * from its line: the `ProviderName` type, the `AGENTSIGHT_INSTRUMENT_<NAME>` switch and its
 * `instrument<Title>` option, its name in `OTEL_NODE_(EN|DIS)ABLED_INSTRUMENTATIONS`, the manual
 * `instrument<Title>()` helper, and the files the ESM hook lets through. Adding a provider is a
 * folder under `instrumentations/` and a line here (docs/architecture.md, "Adding a provider").
 *
 * Data only: a provider's code loads through `load()` when it is switched on or used manually.
 */
import { ANTHROPIC_NATIVE_SPANS } from './anthropic/native-scope';
import { ANTHROPIC_SPEC } from './anthropic/spec';
import type { BaseInstrumentation, ProviderSpec } from './base/base-instrumentation';
import { MCP_SPEC } from './mcp/spec';
import { OPENAI_SPEC } from './openai/spec';
import { VERCEL_AI_SPEC } from './vercel-ai/spec';

export interface ProviderEntry {
  /** Short name: logs, `OTEL_NODE_*_INSTRUMENTATIONS`, `AGENTSIGHT_INSTRUMENT_<NAME>` (upper case, `-` as `_`). */
  readonly name: string;
  /** The name's spelling in the option and the helper: `instrument<Title>`. */
  readonly title: string;
  /** What it instruments, as the README says it. */
  readonly instruments: string;
  /** What to hook: packages, versions, files, classes. */
  readonly spec: ProviderSpec;
  /** Loads the provider's code and gives its instrumentation class. */
  readonly load: () => new () => BaseInstrumentation;
  /**
   * The SDK's own tracer scope, if it makes spans whenever a tracer provider is registered: ours
   * keeps that scope quiet unless the environment asks for the SDK's spans.
   */
  readonly nativeSpans?: { readonly scope: string; readonly requestedByEnvironment: () => boolean };
}

export const PROVIDERS = [
  {
    name: 'openai',
    title: 'OpenAI',
    instruments: '`openai`',
    spec: OPENAI_SPEC,
    load: () => (require('./openai/instrumentation') as typeof import('./openai/instrumentation')).OpenAIInstrumentation,
  },
  {
    name: 'anthropic',
    title: 'Anthropic',
    instruments: '`@anthropic-ai/sdk`',
    spec: ANTHROPIC_SPEC,
    nativeSpans: ANTHROPIC_NATIVE_SPANS,
    load: () => (require('./anthropic/instrumentation') as typeof import('./anthropic/instrumentation')).AnthropicInstrumentation,
  },
  {
    name: 'vercel-ai',
    title: 'VercelAI',
    instruments: 'the Vercel AI SDK (`ai`)',
    spec: VERCEL_AI_SPEC,
    load: () => (require('./vercel-ai/instrumentation') as typeof import('./vercel-ai/instrumentation')).VercelAIInstrumentation,
  },
  {
    name: 'mcp',
    title: 'MCP',
    instruments: 'MCP clients and servers (`@modelcontextprotocol/sdk` 1.x, `@modelcontextprotocol/client` and `/server` 2.x)',
    spec: MCP_SPEC,
    load: () => (require('./mcp/instrumentation') as typeof import('./mcp/instrumentation')).McpInstrumentation,
  },
] as const satisfies readonly ProviderEntry[];

export type Provider = (typeof PROVIDERS)[number];
export type ProviderName = Provider['name'];
/** The `init()` option that switches a provider: `instrumentOpenAI`. */
export type ProviderOption = `instrument${Provider['title']}`;

/** `instrumentOpenAI`: the provider's `init()` option, and the name of its manual helper. */
export function providerOption<P extends Provider>(provider: P): `instrument${P['title']}` {
  return `instrument${provider.title}`;
}

/** `AGENTSIGHT_INSTRUMENT_OPENAI`. */
export function providerSwitchVariable(provider: Provider): string {
  return `AGENTSIGHT_INSTRUMENT_${provider.name.toUpperCase().replace(/-/g, '_')}`;
}

/** The SDKs' own tracer scopes (see `ProviderEntry.nativeSpans`). */
export function nativeSpanScopes(): Array<NonNullable<ProviderEntry['nativeSpans']>> {
  return PROVIDERS.flatMap((p: ProviderEntry) => (p.nativeSpans ? [p.nativeSpans] : []));
}

export function findProvider(name: ProviderName): Provider {
  return PROVIDERS.find((p) => p.name === name) as Provider;
}
