// The ESM client: imports the MCP client SDK of the variant (`@modelcontextprotocol/sdk` 1.x or
// `@modelcontextprotocol/client` 2.x), run plain or under `--import agentsight/register`.
import { createRequire } from 'node:module';
process.noDeprecation = true;
const major = process.env.SCENARIO_VARIANT;
const sdk =
  major === '1'
    ? {
        ...(await import('@modelcontextprotocol/sdk/client/index.js')),
        ...(await import('@modelcontextprotocol/sdk/client/stdio.js')),
        ...(await import('@modelcontextprotocol/sdk/client/streamableHttp.js')),
        ...(await import('@modelcontextprotocol/sdk/types.js')),
      }
    : { ...(await import('@modelcontextprotocol/client')), ...(await import('@modelcontextprotocol/client/stdio')) };
const agentsight = process.env.SCENARIO_INSTRUMENTED === '1' ? await import('agentsight') : undefined;
await createRequire(import.meta.url)('./scenarios.cjs').main({ sdk, moduleSystem: 'esm' }, agentsight);
