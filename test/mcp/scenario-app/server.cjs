'use strict';
// The scenarios' MCP server as a CommonJS server loads the SDK: `node server.cjs <stdio|http>`,
// plain or under `--require agentsight/register`.
process.noDeprecation = true;
const major = process.env.SCENARIO_VARIANT;
const { z } = require('zod');
const sdk =
  major === '1'
    ? {
        ...require('@modelcontextprotocol/sdk/server/mcp.js'),
        ...require('@modelcontextprotocol/sdk/server/stdio.js'),
        ...require('@modelcontextprotocol/sdk/server/streamableHttp.js'),
        ...require('@modelcontextprotocol/sdk/types.js'),
        z,
      }
    : { ...require('@modelcontextprotocol/server'), ...require('@modelcontextprotocol/server/stdio'), z };
require('./server-app.cjs').serve(sdk, major, process.argv[2]);
