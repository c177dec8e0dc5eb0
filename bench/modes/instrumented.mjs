/**
 * The zero-code setup a user runs: `--import agentsight/register`, default configuration (content
 * capture on, automatic session), with the exporters off so the table measures the work done on
 * the caller's path and not an exporter's network or disk.
 */
export default {
  name: 'instrumented',
  nodeArgs: ['--import', 'agentsight/register'],
  env: { AGENTSIGHT_EXPORTERS: 'none' },
};
