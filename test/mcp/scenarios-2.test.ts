/** The MCP scenario suite against @modelcontextprotocol/client and /server 2.x, for a CommonJS and an ESM client and server (see support/scenario-provider.ts). */
import { describeScenarioSuite } from '../support/scenario-harness';
import { mcpScenarios } from './support/scenario-provider';

describeScenarioSuite(mcpScenarios, ['2'], ['cjs', 'esm']);
