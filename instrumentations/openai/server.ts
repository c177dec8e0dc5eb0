/**
 * Which provider and server an OpenAI client talks to, from its base URL: Azure OpenAI and the
 * OpenAI-compatible APIs with a GenAI semconv provider name are told apart by host.
 */
import { GEN_AI_PROVIDER } from '../../src/semconv';
import { serverAddress, type ServerAddress } from '../base/server-address';

/** The provider a client talks to, and its server. */
export interface ServerInfo extends ServerAddress {
  /** `gen_ai.provider.name`. */
  provider: string;
  /** `true` for api.openai.com itself (where we may ask streams for usage). */
  isOpenAI: boolean;
}

const HOSTS: Array<[RegExp, string]> = [
  [/\.openai\.azure\.com$|\.cognitiveservices\.azure\.com$|\.services\.ai\.azure\.com$/, GEN_AI_PROVIDER.AZURE_AI_OPENAI],
  [/(^|\.)deepseek\.com$/, GEN_AI_PROVIDER.DEEPSEEK],
  [/(^|\.)groq\.com$/, GEN_AI_PROVIDER.GROQ],
  [/(^|\.)x\.ai$/, GEN_AI_PROVIDER.X_AI],
  [/(^|\.)mistral\.ai$/, GEN_AI_PROVIDER.MISTRAL_AI],
  [/(^|\.)perplexity\.ai$/, GEN_AI_PROVIDER.PERPLEXITY],
];

const cache = new Map<string, ServerInfo>();

/** Server information for a client's base URL (cached: a process has few base URLs). */
export function serverInfo(baseURL: unknown, clientClassName?: string): ServerInfo {
  const key = `${String(baseURL)}|${clientClassName ?? ''}`;
  let info = cache.get(key);
  if (!info) {
    info = compute(baseURL, clientClassName);
    if (cache.size < 100) cache.set(key, info);
  }
  return info;
}

function compute(baseURL: unknown, clientClassName?: string): ServerInfo {
  const server = serverAddress(baseURL);
  const host = server.address;
  let provider: string = GEN_AI_PROVIDER.OPENAI;
  if (clientClassName === 'AzureOpenAI') provider = GEN_AI_PROVIDER.AZURE_AI_OPENAI;
  else if (host) provider = HOSTS.find(([pattern]) => pattern.test(host))?.[1] ?? GEN_AI_PROVIDER.OPENAI;
  return { provider, ...server, isOpenAI: host === 'api.openai.com' };
}
