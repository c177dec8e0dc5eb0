/** docs/vercel-ai.md tells the truth: its scenario table is the one the suite runs. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { scenarioTableMarkdown } from './scenario-table-doc';

const doc = fs.readFileSync(path.resolve(__dirname, '..', '..', 'docs', 'vercel-ai.md'), 'utf8');

describe('docs/vercel-ai.md', () => {
  it('shows the scenario table of the suite (regenerate it from scenarioTableMarkdown() when the table changes)', () => {
    const block = /<!-- scenario-table -->\n([\s\S]*?)\n<!-- \/scenario-table -->/.exec(doc)?.[1];
    expect(block).toBe(scenarioTableMarkdown());
  });
});
