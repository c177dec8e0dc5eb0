/** One Messages call streamed in 50 text deltas (plus Anthropic's framing events), read to the end. */
export default {
  name: 'anthropic: messages stream, 50 chunks',
  sdk: '@anthropic-ai/sdk',
  kind: 'stream',
  setup({ sdk, mockUrl }) {
    const Anthropic = sdk.Anthropic ?? sdk.default;
    const client = new Anthropic({ apiKey: 'sk-ant-bench', baseURL: mockUrl });
    const body = { model: 'claude-haiku-4-5', max_tokens: 256, messages: [{ role: 'user', content: 'Count to fifty' }], stream: true };
    const options = { headers: { 'x-mock-scenario': JSON.stringify({ chunks: 50 }) } };
    return async () => {
      let deltas = 0;
      for await (const event of await client.messages.create(body, options)) if (event.type === 'content_block_delta') deltas++;
      if (deltas < 50) throw new Error(`expected at least 50 text deltas, got ${deltas}`);
    };
  },
};
