/** One chat completion streamed in 50 content chunks, read to the end. */
export default {
  name: 'openai: chat stream, 50 chunks',
  sdk: 'openai',
  kind: 'stream',
  setup({ sdk, mockUrl }) {
    const OpenAI = sdk.OpenAI ?? sdk.default;
    const client = new OpenAI({ apiKey: 'sk-bench', baseURL: `${mockUrl}/v1` });
    const body = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Count to fifty' }], stream: true };
    const options = { headers: { 'x-mock-scenario': JSON.stringify({ chunks: 50 }) } };
    return async () => {
      let chunks = 0;
      for await (const _ of await client.chat.completions.create(body, options)) chunks++;
      if (chunks < 50) throw new Error(`expected at least 50 chunks, got ${chunks}`);
    };
  },
};
