/** openai 7 alone: nothing else is loaded. The baseline of the modes on openai 7. */
export default {
  name: 'SDK alone (openai 7)',
  kind: 'baseline',
  app: 'openai7',
  providers: ['openai'],
  nodeArgs: [],
  env: () => ({}),
};
