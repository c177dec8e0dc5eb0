/** The MCP scenario suite against @modelcontextprotocol/sdk 1.x, for a CommonJS and an ESM client and server (see support/scenario-provider.ts). */
import { describeScenarioSuite } from '../support/scenario-harness';
import { mcpScenarios } from './support/scenario-provider';

describeScenarioSuite(mcpScenarios, ['1'], ['cjs', 'esm']);
