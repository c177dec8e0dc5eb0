/**
 * agentsight loaded and running (sessions, telemetry pipeline), with the provider instrumentation
 * switched off (`AGENTSIGHT_INSTRUMENT_OPENAI=false`, `AGENTSIGHT_INSTRUMENT_ANTHROPIC=false`): the
 * cost of having agentsight in the process when it records no LLM call.
 */
export default {
  name: 'instrumentation disabled',
  nodeArgs: ['--import', 'agentsight/register'],
  env: { AGENTSIGHT_EXPORTERS: 'none', AGENTSIGHT_INSTRUMENT_OPENAI: 'false', AGENTSIGHT_INSTRUMENT_ANTHROPIC: 'false' },
};
