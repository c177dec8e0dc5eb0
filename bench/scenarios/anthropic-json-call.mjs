/** One Messages call, JSON (not streamed): the SDK call the caller awaits. */
export default {
  name: 'anthropic: messages JSON call',
  /** The package the scenario uses, by its real name (each bench app installs one version of it). */
  sdk: '@anthropic-ai/sdk',
  /** `json` or `stream`: which of the targets applies. */
  kind: 'json',
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
