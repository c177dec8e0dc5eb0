/** One chat completion, JSON (not streamed): the SDK call the caller awaits. */
export default {
  name: 'openai: chat JSON call',
  /** The package the scenario uses, by its real name (each bench app installs one version of it). */
  sdk: 'openai',
  /** `json` or `stream`: which of the targets applies. */
  kind: 'json',
  /** Returns the function timed once per iteration. */
  setup({ sdk, mockUrl }) {
    const OpenAI = sdk.OpenAI ?? sdk.default;
    const client = new OpenAI({ apiKey: 'sk-bench', baseURL: `${mockUrl}/v1` });
    const body = {
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'You are brief.' },
        { role: 'user', content: 'Say hello' },
      ],
    };
    return async () => {
      await client.chat.completions.create(body);
    };
  },
};
