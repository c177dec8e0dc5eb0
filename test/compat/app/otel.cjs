'use strict';
/**
 * The application's own OpenTelemetry SDK, set up before agentsight (`node --require ./otel.cjs
 * --require agentsight/register ...`), the way the OpenTelemetry docs have apps do it: a tracer
 * provider exporting over OTLP to `APP_OTLP_URL`, the AsyncLocalStorage context manager, the W3C
 * propagator, and the http and undici instrumentations. What it registered is kept on
 * `globalThis.appOtel` for the app to compare with what is registered at the end.
 */
const { context, propagation, trace } = require('@opentelemetry/api');
const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks');
const { W3CTraceContextPropagator } = require('@opentelemetry/core');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http');
const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
const { UndiciInstrumentation } = require('@opentelemetry/instrumentation-undici');
const { BatchSpanProcessor, TracerProvider } = require('@opentelemetry/sdk-trace');

const provider = new TracerProvider({
  spanProcessors: [
    new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: process.env.APP_OTLP_URL }), scheduledDelayMillis: 50 }),
  ],
});
const contextManager = new AsyncLocalStorageContextManager().enable();
const propagator = new W3CTraceContextPropagator();
trace.setGlobalTracerProvider(provider);
context.setGlobalContextManager(contextManager);
propagation.setGlobalPropagator(propagator);
registerInstrumentations({ instrumentations: [new HttpInstrumentation(), new UndiciInstrumentation()] });

globalThis.appOtel = { provider, contextManager, propagator };
