// The scenarios' MCP server as an ESM server imports the SDK: `node server.mjs <stdio|http>`,
// plain or under `--import agentsight/register`.
import { createRequire } from 'node:module';
process.noDeprecation = true;
const major = process.env.SCENARIO_VARIANT;
const { z } = await import('zod');
const sdk =
  major === '1'
    ? {
        ...(await import('@modelcontextprotocol/sdk/server/mcp.js')),
        ...(await import('@modelcontextprotocol/sdk/server/stdio.js')),
        ...(await import('@modelcontextprotocol/sdk/server/streamableHttp.js')),
        ...(await import('@modelcontextprotocol/sdk/types.js')),
        z,
      }
    : { ...(await import('@modelcontextprotocol/server')), ...(await import('@modelcontextprotocol/server/stdio')), z };
await createRequire(import.meta.url)('./server-app.cjs').serve(sdk, major, process.argv[2]);
