/**
 * Which platform a client talks to: `gen_ai.provider.name` and the server, from the client the
 * resource belongs to (real SDK clients; their platform subclasses are covered end to end in
 * platforms.test.ts).
 */
import { serverOf } from '../../instrumentations/anthropic/provider';

type ClientClass = new (options: Record<string, unknown>) => { messages: unknown };
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK versions installed for the tests
const Anthropic1 = require('anthropic-1').Anthropic as ClientClass;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Anthropic030 = require('anthropic-0.30') as ClientClass;

const info = (Client: ClientClass, options: Record<string, unknown> = {}) => serverOf(new Client({ apiKey: 'k', ...options }).messages);

describe('provider and server of a client', () => {
  it('is the Anthropic API by default, with its host and port', () => {
    expect(info(Anthropic1)).toEqual({ provider: 'anthropic', address: 'api.anthropic.com', port: 443 });
    expect(info(Anthropic030, { baseURL: 'http://127.0.0.1:8080' })).toEqual({ provider: 'anthropic', address: '127.0.0.1', port: 8080 });
  });

  it("takes the platform a newer client names itself (its own spans' provider name)", () => {
    class Platform extends Anthropic1 {
      _genAIProviderName = 'gcp.vertex_ai';
    }
    expect(info(Platform).provider).toBe('gcp.vertex_ai');
  });

  it('knows the Bedrock and Vertex clients of older SDKs by class name', () => {
    class AnthropicBedrock extends Anthropic030 {}
    class AnthropicVertex extends Anthropic030 {}
    class MyBedrock extends AnthropicBedrock {}
    expect(info(AnthropicBedrock).provider).toBe('aws.bedrock');
    expect(info(MyBedrock).provider).toBe('aws.bedrock');
    expect(info(AnthropicVertex).provider).toBe('gcp.vertex_ai');
  });

  it('else by host', () => {
    expect(info(Anthropic030, { baseURL: 'https://bedrock-runtime.us-east-1.amazonaws.com' }).provider).toBe('aws.bedrock');
    expect(info(Anthropic030, { baseURL: 'https://us-east5-aiplatform.googleapis.com/v1' }).provider).toBe('gcp.vertex_ai');
    expect(info(Anthropic030, { baseURL: 'https://aiplatform.googleapis.com/v1' }).provider).toBe('gcp.vertex_ai');
    expect(info(Anthropic030, { baseURL: 'https://gateway.example.com/anthropic' }).provider).toBe('anthropic');
  });

  it('copes with a resource without a client', () => {
    expect(serverOf({})).toEqual({ provider: 'anthropic' });
    expect(serverOf(undefined)).toEqual({ provider: 'anthropic' });
  });
});
