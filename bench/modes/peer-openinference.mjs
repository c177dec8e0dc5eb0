/** @arizeai/openinference-instrumentation-openai 4.2 on openai 7 with SDK 3.1's tracer provider (bench/setups/openinference.cjs). */
export default {
  name: 'openinference instrumentation-openai',
  kind: 'peer',
  app: 'openinference',
  baseline: 'baseline-openai7',
  providers: ['openai'],
  /** It sends OTLP to the sink, which counts the spans per call. */
  exportsOtlp: true,
  nodeArgs: ['--require', './openinference.cjs'],
  env: ({ otlpEndpoint }) => ({ OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }),
  startup: { cjs: ['--require', './openinference.cjs'], env: ({ otlpEndpoint }) => ({ OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint }) },
};
