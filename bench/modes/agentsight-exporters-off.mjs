/**
 * agentsight with every exporter off (`AGENTSIGHT_EXPORTERS=none`): the spans, metrics and content
 * are still made, nothing is written or sent. The work on the caller's path alone.
 */
export default {
  name: 'agentsight exporters off',
  kind: 'agentsight',
  app: 'agentsight-openai6',
  baseline: 'baseline-openai6',
  providers: ['openai', 'anthropic'],
  nodeArgs: ['--import', 'agentsight/register'],
  env: ({ storeDir }) => ({ AGENTSIGHT_EXPORTERS: 'none', AGENTSIGHT_DIR: storeDir }),
};
