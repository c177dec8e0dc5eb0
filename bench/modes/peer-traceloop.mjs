/** @traceloop/instrumentation-openai 0.27 on openai 6 with SDK 3.1's tracer provider (bench/setups/traceloop.cjs). */
export default {
  name: 'traceloop instrumentation-openai',
  kind: 'peer',
  app: 'traceloop',
  baseline: 'baseline-openai6',
  providers: ['openai'],
  /** It sends OTLP to the sink, which counts the spans per call. */
  exportsOtlp: true,
  nodeArgs: ['--require', './traceloop.cjs'],
  env: ({ otlpEndpoint }) => ({ OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }),
  startup: { cjs: ['--require', './traceloop.cjs'], env: ({ otlpEndpoint }) => ({ OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint }) },
};
