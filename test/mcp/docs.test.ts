/** docs/mcp.md tells the truth: its scenario table is the one the suite runs. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SCENARIO_TABLE } from './scenario-table';
import { scenarioTableMarkdown } from './scenario-table-doc';

const doc = fs.readFileSync(path.resolve(__dirname, '..', '..', 'docs', 'mcp.md'), 'utf8');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain CommonJS file, no types
const app = require('./scenario-app/scenarios.cjs') as { scenarios(): Record<string, unknown> };

describe('docs/mcp.md', () => {
  it('shows the scenario table of the suite (regenerate it from scenarioTableMarkdown() when the table changes)', () => {
    const block = /<!-- scenario-table -->\n([\s\S]*?)\n<!-- \/scenario-table -->/.exec(doc)?.[1];
    expect(block).toBe(scenarioTableMarkdown());
  });

  it('names the scenarios the app runs, with the same transports not applicable', () => {
    const scenarios = app.scenarios();
    expect(Object.keys(scenarios)).toEqual(SCENARIO_TABLE.map((row) => row.name));
    for (const row of SCENARIO_TABLE) {
      const reason = scenarios[row.name];
      expect(typeof reason === 'string' ? reason : undefined).toBe(row.scenario.notOn?.[row.transport]);
    }
  });
});
