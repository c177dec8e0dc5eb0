/**
 * @opentelemetry/instrumentation-openai set up as its README says: the NodeSDK (sdk-node 0.301,
 * OpenTelemetry JS SDK 3.1) with the instrumentation, started before the app, shut down before
 * exit. Loaded with `node --require ./contrib.cjs`. The runner's environment sets the OTLP
 * endpoint and `http/json`, and turns content capture on
 * (`OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true`; it is off by default here, on in
 * the other systems).
 */
const { NodeSDK } = require('@opentelemetry/sdk-node');
const { OpenAIInstrumentation } = require('@opentelemetry/instrumentation-openai');

const sdk = new NodeSDK({
  instrumentations: [new OpenAIInstrumentation()],
});
sdk.start();
process.once('beforeExit', async () => {
  await sdk.shutdown();
});
