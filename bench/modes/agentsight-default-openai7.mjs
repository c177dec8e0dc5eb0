/** agentsight's default configuration on openai 7, next to openinference (the one peer on openai 7), against bare openai 7. */
export default {
  name: 'agentsight default, openai 7',
  kind: 'agentsight',
  app: 'agentsight-openai7',
  baseline: 'baseline-openai7',
  providers: ['openai'],
  /** It sends OTLP to the sink, which counts the spans per call. */
  exportsOtlp: true,
  nodeArgs: ['--import', 'agentsight/register'],
  env: ({ otlpEndpoint, storeDir }) => ({
    AGENTSIGHT_DIR: storeDir,
    OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
  }),
};
