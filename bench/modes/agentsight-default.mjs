/**
 * agentsight as a user gets it by default: `node --import agentsight/register`, the local store on
 * and, since an OTLP endpoint is set, OTLP http/json to the sink; content capture on, automatic
 * session. The mode the targets are about.
 */
export default {
  name: 'agentsight default',
  kind: 'agentsight',
  app: 'agentsight-openai6',
  baseline: 'baseline-openai6',
  providers: ['openai', 'anthropic'],
  /** It sends OTLP to the sink, which counts the spans per call. */
  exportsOtlp: true,
  nodeArgs: ['--import', 'agentsight/register'],
  env: ({ otlpEndpoint, storeDir }) => ({
    AGENTSIGHT_DIR: storeDir,
    OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
  }),
  /** Start-up: the default configuration without OTLP (the local store only), CommonJS and ESM. */
  startup: {
    cjs: ['--require', 'agentsight/register'],
    esm: ['--import', 'agentsight/register'],
    env: ({ storeDir }) => ({ AGENTSIGHT_DIR: storeDir }),
  },
  /** The memory run compares this mode with the same app run plain. */
  memory: true,
};
