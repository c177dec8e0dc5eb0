/**
 * Which platform an AI SDK model talks to: its `provider` id (`openai.responses`,
 * `anthropic.messages`, `google.vertex.chat`, ...) as `gen_ai.provider.name`, and its server from
 * the provider's configuration. Ids we do not know are kept as given.
 */
import { GEN_AI_PROVIDER } from '../../src/semconv';
import { serverAddress, type ServerAddress } from '../base/server-address';

/** Provider id prefixes, most specific first (`google.vertex` before `google`). */
const PREFIXES: ReadonlyArray<readonly [string, string]> = [
  ['google.vertex', GEN_AI_PROVIDER.GCP_VERTEX_AI],
  ['google-vertex', GEN_AI_PROVIDER.GCP_VERTEX_AI],
  ['vertex', GEN_AI_PROVIDER.GCP_VERTEX_AI],
  ['google.generative-ai', GEN_AI_PROVIDER.GCP_GEMINI],
  ['google', GEN_AI_PROVIDER.GCP_GEMINI],
  ['amazon-bedrock', GEN_AI_PROVIDER.AWS_BEDROCK],
  ['bedrock', GEN_AI_PROVIDER.AWS_BEDROCK],
  ['azure-openai', GEN_AI_PROVIDER.AZURE_AI_OPENAI],
  ['azure', GEN_AI_PROVIDER.AZURE_AI_OPENAI],
  ['openai', GEN_AI_PROVIDER.OPENAI],
  ['anthropic', GEN_AI_PROVIDER.ANTHROPIC],
  ['mistral', GEN_AI_PROVIDER.MISTRAL_AI],
  ['groq', GEN_AI_PROVIDER.GROQ],
  ['xai', GEN_AI_PROVIDER.X_AI],
  ['deepseek', GEN_AI_PROVIDER.DEEPSEEK],
  ['perplexity', GEN_AI_PROVIDER.PERPLEXITY],
  ['cohere', GEN_AI_PROVIDER.COHERE],
];

function byPrefix(id: string): string | undefined {
  const lower = id.toLowerCase();
  for (const [prefix, name] of PREFIXES) {
    if (lower === prefix || lower.startsWith(`${prefix}.`) || lower.startsWith(`${prefix}-`)) return name;
  }
  return undefined;
}

/**
 * `gen_ai.provider.name` of an AI SDK model. The Vercel AI Gateway (`gateway`) routes by the model
 * id's own prefix (`openai/gpt-4o`), which then names the provider (and its price list).
 */
export function providerName(provider: string | undefined, modelId: string | undefined): string {
  if (!provider) return 'unknown';
  if (provider === 'gateway' && modelId?.includes('/')) return byPrefix(modelId.slice(0, modelId.indexOf('/'))) ?? provider;
  return byPrefix(provider) ?? provider;
}

interface ModelConfig {
  baseURL?: unknown;
  url?: (options: { path: string; modelId: string }) => unknown;
}

/** Per model object: its configuration never changes. */
const servers = new WeakMap<object, ServerAddress>();

/**
 * The server a provider model sends to, from its configuration (`config.baseURL` in
 * `@ai-sdk/anthropic`, `config.url()` in `@ai-sdk/openai`); nothing when the model keeps it
 * elsewhere. Never throws.
 */
export function modelServer(model: object): ServerAddress {
  let server = servers.get(model);
  if (server) return server;
  server = {};
  try {
    const config = (model as { config?: ModelConfig }).config;
    if (config && typeof config === 'object') {
      const base =
        typeof config.baseURL === 'string'
          ? config.baseURL
          : typeof config.url === 'function'
            ? config.url({ path: '', modelId: String((model as { modelId?: unknown }).modelId ?? '') })
            : undefined;
      server = serverAddress(base);
    }
  } catch {
    server = {};
  }
  servers.set(model, server);
  return server;
}
