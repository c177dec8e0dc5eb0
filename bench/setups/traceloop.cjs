/**
 * @traceloop/instrumentation-openai set up as its README says: a registered tracer provider
 * (./tracer-provider.cjs) and `registerInstrumentations`. Loaded with
 * `node --require ./traceloop.cjs`. Content capture is on by default (`traceContent`).
 */
require('./tracer-provider.cjs');
const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const { OpenAIInstrumentation } = require('@traceloop/instrumentation-openai');

registerInstrumentations({
  instrumentations: [new OpenAIInstrumentation()],
});
