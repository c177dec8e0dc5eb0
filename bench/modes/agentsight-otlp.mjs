/** agentsight exporting over OTLP http/json only (`AGENTSIGHT_EXPORTERS=otlp`): the default minus the local store. */
export default {
  name: 'agentsight OTLP only',
  kind: 'agentsight',
  app: 'agentsight-openai6',
  baseline: 'baseline-openai6',
  providers: ['openai', 'anthropic'],
  /** It sends OTLP to the sink, which counts the spans per call. */
  exportsOtlp: true,
  nodeArgs: ['--import', 'agentsight/register'],
  env: ({ otlpEndpoint, storeDir }) => ({
    AGENTSIGHT_EXPORTERS: 'otlp',
    AGENTSIGHT_DIR: storeDir,
    OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
  }),
};
