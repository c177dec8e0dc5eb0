/**
 * What `new NodeTracerProvider().register()` did in OpenTelemetry JS SDK 2.x, which the traceloop
 * and openinference READMEs use, in SDK 3.1 terms (sdk-trace-node is gone; sdk-trace has the
 * provider): a tracer provider with a batch processor and the OTLP http/json trace exporter
 * (endpoint from OTEL_EXPORTER_OTLP_ENDPOINT), registered as the global one, and the
 * AsyncLocalStorage context manager. Shut down before exit, so the last batch is sent.
 */
const { context, trace } = require('@opentelemetry/api');
const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http');
const { BatchSpanProcessor, TracerProvider } = require('@opentelemetry/sdk-trace');

const provider = new TracerProvider({ spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter() })] });
trace.setGlobalTracerProvider(provider);
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
process.once('beforeExit', async () => {
  await provider.shutdown();
});

module.exports = { provider };
