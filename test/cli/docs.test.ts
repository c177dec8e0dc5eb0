/** docs/cli.md shows real output: its pinned examples are what the command prints for the fixtures. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMANDS } from '../../src/cli/args';
import { USAGE } from '../../src/cli/help';
import { docsStore, runCli, tempStore, useUtcTimeZone } from './fixtures';

useUtcTimeZone();

const doc = fs.readFileSync(path.resolve(__dirname, '..', '..', 'docs', 'cli.md'), 'utf8');
const DOC_STORE = '/home/me/shop/.agentsight';

/** The code block after `<!-- marker -->`, without a leading `$ command` line. */
function pinnedBlock(marker: string): string {
  const match = new RegExp(`<!-- ${marker} -->\\n\`\`\`\\n([\\s\\S]*?)\`\`\``).exec(doc);
  if (!match) throw new Error(`docs/cli.md has no block after <!-- ${marker} -->`);
  return match[1]!.replace(/^\$ .*\n/, '');
}

describe('docs/cli.md', () => {
  it('shows the exact output of agentsight sessions', () => {
    const dir = tempStore();
    docsStore(dir);
    expect(pinnedBlock('pinned-sessions-output')).toBe(runCli(['sessions', '--dir', dir]).out);
  });

  it('gives the usage of every command, as `agentsight --help` does, and a section for each', () => {
    const usage = USAGE.main.replace(/^Usage: /, '').replace(/^ {7}/gm, '');
    expect(doc).toContain(`\n\`\`\`\n${usage}\n\`\`\`\n`);
    for (const command of COMMANDS) expect(doc).toMatch(new RegExp(`^## \`agentsight ${command}[ \`]`, 'm'));
  });

  it('shows the exact output of agentsight show', () => {
    const dir = tempStore();
    docsStore(dir);
    const out = runCli(['show', '4bf92f', '--dir', dir]).out.split(dir).join(DOC_STORE);
    expect(pinnedBlock('pinned-show-output')).toBe(out);
  });
});
