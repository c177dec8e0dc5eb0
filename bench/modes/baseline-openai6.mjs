/** openai 6 (and @anthropic-ai/sdk) alone: nothing else is loaded. The baseline of every mode on openai 6, and of the Anthropic workloads. */
export default {
  name: 'SDK alone (openai 6)',
  kind: 'baseline',
  app: 'openai6',
  providers: ['openai', 'anthropic'],
  nodeArgs: [],
  env: () => ({}),
};
