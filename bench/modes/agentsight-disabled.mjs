/**
 * agentsight loaded and switched off (`AGENTSIGHT_ENABLED=false`): what `agentsight/register` costs
 * an app that has it on its command line but turned off. Start-up only: with nothing on there is no
 * call to time.
 */
export default {
  name: 'agentsight switched off',
  kind: 'agentsight',
  app: 'agentsight-openai6',
  baseline: 'baseline-openai6',
  /** No per-call rows. */
  providers: [],
  recordsCalls: false,
  nodeArgs: ['--import', 'agentsight/register'],
  env: () => ({ AGENTSIGHT_ENABLED: 'false' }),
  startup: {
    cjs: ['--require', 'agentsight/register'],
    esm: ['--import', 'agentsight/register'],
    env: () => ({ AGENTSIGHT_ENABLED: 'false' }),
  },
};
