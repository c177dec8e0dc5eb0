/** The SDK alone: agentsight is not loaded at all. Every ratio is against this. */
export default {
  name: 'uninstrumented baseline',
  nodeArgs: [],
  env: {},
};
