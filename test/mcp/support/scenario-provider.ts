/**
 * The MCP scenario suite's own part (the harness is `test/support/scenario-harness.ts`): the
 * scenarios are the rows of `scenario-table.ts`, run on both SDK majors over stdio and Streamable
 * HTTP, with the client and the server each in a process of its own and both under agentsight in
 * the instrumented run; each must produce the spans `span-checks.ts` expects of its row, given what
 * its caller saw. What a transport cannot run is its reason instead.
 */
import * as path from 'node:path';
import type { ModuleSystem, ScenarioEntry, ScenarioProvider } from '../../support/scenario-harness';
import { PACKAGES, SCENARIO_TABLE, type Major } from '../scenario-table';
import { checkScenario } from './span-checks';

interface AppModule {
  scenarios(): Record<string, unknown>;
}

const APP_DIR = path.join(__dirname, '..', 'scenario-app');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain CommonJS file, no types
const app = require(path.join(APP_DIR, 'scenarios.cjs')) as AppModule;
const ROWS = new Map(SCENARIO_TABLE.map((row) => [row.name, row]));

export const mcpScenarios: ScenarioProvider<Major> = {
  name: 'mcp',
  title: (major) => (major === '1' ? '@modelcontextprotocol/sdk 1' : '@modelcontextprotocol/client and /server 2'),
  appDir: APP_DIR,
  packages: (major) => PACKAGES[major],
  // MCP calls no LLM: no key is sent anywhere, and none may appear.
  apiKey: 'sk-mcp-scenario-SECRET-0123456789',
  catalog: (_major: Major, _module: ModuleSystem): ScenarioEntry[] => {
    const scenarios = app.scenarios();
    return SCENARIO_TABLE.map((row) => {
      const scenario = scenarios[row.name];
      return typeof scenario === 'string' ? { name: row.name, notApplicable: scenario } : { name: row.name };
    });
  },
  checkSpans({ name, variant: major, observed, spans }) {
    return checkScenario({ row: ROWS.get(name)!, major, observed, spans });
  },
};
