'use strict';
// The CommonJS client: requires the MCP client SDK of the variant (`@modelcontextprotocol/sdk` 1.x
// or `@modelcontextprotocol/client` 2.x), run plain or under `--require agentsight/register`.
process.noDeprecation = true;
const major = process.env.SCENARIO_VARIANT;
const sdk =
  major === '1'
    ? {
        ...require('@modelcontextprotocol/sdk/client/index.js'),
        ...require('@modelcontextprotocol/sdk/client/stdio.js'),
        ...require('@modelcontextprotocol/sdk/client/streamableHttp.js'),
        ...require('@modelcontextprotocol/sdk/types.js'),
      }
    : { ...require('@modelcontextprotocol/client'), ...require('@modelcontextprotocol/client/stdio') };
const agentsight = process.env.SCENARIO_INSTRUMENTED === '1' ? require('agentsight') : undefined;
require('./scenarios.cjs').main({ sdk, moduleSystem: 'cjs' }, agentsight);
