/**
 * agentsight loaded in its default configuration (local store and OTLP) with the provider
 * instrumentations switched off (`AGENTSIGHT_INSTRUMENT_OPENAI=false`,
 * `AGENTSIGHT_INSTRUMENT_ANTHROPIC=false`): what having agentsight in the process costs a call
 * it does not record. Should be a tie with the baseline, and export no span per call (an SDK's
 * own native spans would show in the sink's count).
 */
export default {
  name: 'agentsight provider off',
  kind: 'agentsight',
  app: 'agentsight-openai6',
  baseline: 'baseline-openai6',
  providers: ['openai', 'anthropic'],
  recordsCalls: false,
  /** It sends OTLP to the sink, which counts the spans per call. */
  exportsOtlp: true,
  nodeArgs: ['--import', 'agentsight/register'],
  env: ({ otlpEndpoint, storeDir }) => ({
    AGENTSIGHT_INSTRUMENT_OPENAI: 'false',
    AGENTSIGHT_INSTRUMENT_ANTHROPIC: 'false',
    AGENTSIGHT_DIR: storeDir,
    OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
  }),
  /** Start-up: the default configuration without OTLP, both providers switched off. */
  startup: {
    cjs: ['--require', 'agentsight/register'],
    esm: ['--import', 'agentsight/register'],
    env: ({ storeDir }) => ({
      AGENTSIGHT_INSTRUMENT_OPENAI: 'false',
      AGENTSIGHT_INSTRUMENT_ANTHROPIC: 'false',
      AGENTSIGHT_DIR: storeDir,
    }),
  },
};
