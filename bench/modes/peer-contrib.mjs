/** @opentelemetry/instrumentation-openai 0.22 on openai 6 with the NodeSDK (bench/setups/contrib.cjs), content capture on. */
export default {
  name: 'contrib instrumentation-openai',
  kind: 'peer',
  app: 'contrib',
  baseline: 'baseline-openai6',
  providers: ['openai'],
  /** It sends OTLP to the sink, which counts the spans per call. */
  exportsOtlp: true,
  nodeArgs: ['--require', './contrib.cjs'],
  env: ({ otlpEndpoint }) => ({
    OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true',
  }),
  startup: {
    cjs: ['--require', './contrib.cjs'],
    env: ({ otlpEndpoint }) => ({ OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }),
  },
};
