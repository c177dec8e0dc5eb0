/**
 * The installed openai majors, loaded in the test process under their alias names (`openai-7`),
 * with just the shape the in-process tests use. The zero-code hooks only see a package named
 * `openai`, so in-process tests instrument these through the manual path (`instrumentOpenAI`).
 */
import type { Major } from '../scenario-table';

export interface ApiPromiseLike<T> extends Promise<T> {
  asResponse(): Promise<Response>;
  withResponse(): Promise<{ data: T; response: Response }>;
}

type Create = (body: Record<string, unknown>, options?: Record<string, unknown>) => ApiPromiseLike<unknown>;

export interface OpenAIClient {
  chat: { completions: { create: Create } };
  responses: { create: Create };
  embeddings: { create: Create };
  completions: { create: Create };
}

export interface OpenAIModule {
  OpenAI: new (options: Record<string, unknown>) => OpenAIClient;
  AzureOpenAI: new (options: Record<string, unknown>) => OpenAIClient;
}

export interface SdkClasses {
  module: OpenAIModule;
  /** The SDK's APIPromise and Stream classes (openai 4 keeps them in `core` and `streaming`). */
  APIPromise: { prototype: Record<string, unknown> };
  Stream: new (...args: never[]) => unknown;
}

export function loadSdk(major: Major): SdkClasses {
  const alias = `openai-${major}`;
  const module = require(alias) as OpenAIModule;
  if (major === 4) {
    return {
      module,
      APIPromise: (require(`${alias}/core`) as { APIPromise: SdkClasses['APIPromise'] }).APIPromise,
      Stream: (require(`${alias}/streaming`) as { Stream: SdkClasses['Stream'] }).Stream,
    };
  }
  return {
    module,
    APIPromise: (require(`${alias}/core/api-promise`) as { APIPromise: SdkClasses['APIPromise'] }).APIPromise,
    Stream: (require(`${alias}/core/streaming`) as { Stream: SdkClasses['Stream'] }).Stream,
  };
}

/** The prototypes whose `create` we wrap, reached through a client. */
export function resourcePrototypes(client: OpenAIClient): Array<Record<string, unknown>> {
  return [client.chat.completions, client.responses, client.embeddings, client.completions].map(
    (r) => Object.getPrototypeOf(r) as Record<string, unknown>,
  );
}
