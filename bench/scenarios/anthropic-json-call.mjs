/** One Messages call, JSON (not streamed): the SDK call the caller awaits. */
export default {
  name: 'anthropic: messages JSON call',
  /** The package the scenario uses, by its real name (the runner installs the version asked for). */
  sdk: '@anthropic-ai/sdk',
  /** Returns the function timed once per iteration. */
  setup({ sdk, mockUrl }) {
    const Anthropic = sdk.Anthropic ?? sdk.default;
    const client = new Anthropic({ apiKey: 'sk-ant-bench', baseURL: mockUrl });
    const body = {
      model: 'claude-haiku-4-5',
      max_tokens: 256,
      system: 'You are brief.',
      messages: [{ role: 'user', content: 'Say hello' }],
    };
    return async () => {
      await client.messages.create(body);
    };
  },
};
