/**
 * Which platform and server an Anthropic client talks to. The Amazon Bedrock and Google Vertex AI
 * clients (`@anthropic-ai/bedrock-sdk`, `@anthropic-ai/vertex-sdk`) subclass the Anthropic client
 * and share its resource classes, so one wrapped `create` serves all three: the client tells them
 * apart. Newer clients (>= 0.134) name their platform themselves (`_genAIProviderName`, the value of
 * their own spans' `gen_ai.provider.name`); older ones are known by class name, then by host.
 */
import { GEN_AI_PROVIDER } from '../../src/semconv';
import { serverAddress, type ServerAddress } from '../base/server-address';

/** The platform a client talks to, and its server. */
export interface ServerInfo extends ServerAddress {
  /** `gen_ai.provider.name`. */
  provider: string;
}

interface ClientShape {
  baseURL?: unknown;
  _genAIProviderName?: unknown;
}

const CLASS_PROVIDERS: Readonly<Record<string, string>> = {
  AnthropicBedrock: GEN_AI_PROVIDER.AWS_BEDROCK,
  AnthropicVertex: GEN_AI_PROVIDER.GCP_VERTEX_AI,
};

const HOST_PROVIDERS: ReadonlyArray<[RegExp, string]> = [
  [/^bedrock-runtime(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/, GEN_AI_PROVIDER.AWS_BEDROCK],
  [/(^|[.-])aiplatform(\.[a-z]+\.rep)?\.googleapis\.com$/, GEN_AI_PROVIDER.GCP_VERTEX_AI],
];

/** Per client object: its base URL and class never change after construction. */
const cache = new WeakMap<object, ServerInfo>();

/** The client behind a resource (`client.messages` and the others keep it as `_client`). */
export function clientOf(resource: unknown): object | undefined {
  const client = (resource as { _client?: unknown } | null | undefined)?._client;
  return typeof client === 'object' && client !== null ? client : undefined;
}

/** Provider and server of the client behind `resource`. Never throws. */
export function serverOf(resource: unknown): ServerInfo {
  const client = clientOf(resource);
  if (!client) return { provider: GEN_AI_PROVIDER.ANTHROPIC };
  let info = cache.get(client);
  if (!info) {
    info = compute(client);
    cache.set(client, info);
  }
  return info;
}

function compute(client: object): ServerInfo {
  const server = serverAddress((client as ClientShape).baseURL);
  return { provider: providerOf(client, server.address), ...server };
}

function providerOf(client: object, host: string | undefined): string {
  const named = (client as ClientShape)._genAIProviderName;
  if (typeof named === 'string' && named !== '') return named;
  for (let proto: object | null = Object.getPrototypeOf(client); proto; proto = Object.getPrototypeOf(proto)) {
    const name = (proto as { constructor?: { name?: unknown } }).constructor?.name;
    const provider = typeof name === 'string' ? CLASS_PROVIDERS[name] : undefined;
    if (provider) return provider;
  }
  if (host) return HOST_PROVIDERS.find(([pattern]) => pattern.test(host))?.[1] ?? GEN_AI_PROVIDER.ANTHROPIC;
  return GEN_AI_PROVIDER.ANTHROPIC;
}
