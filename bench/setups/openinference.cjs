/**
 * @arizeai/openinference-instrumentation-openai set up as its README says: a registered tracer
 * provider (./tracer-provider.cjs) and `registerInstrumentations`. Loaded with
 * `node --require ./openinference.cjs`. Inputs and outputs are recorded by default.
 */
require('./tracer-provider.cjs');
const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const { OpenAIInstrumentation } = require('@arizeai/openinference-instrumentation-openai');

registerInstrumentations({
  instrumentations: [new OpenAIInstrumentation()],
});
