import * as fs from 'node:fs';
import * as path from 'node:path';
import { configTableMarkdown, END, START } from './support/config-table-doc';

const README = path.join(__dirname, '..', 'README.md');

describe('README, "Configuration"', () => {
  it('shows the configuration table as the code has it (every row, its variable, option, default and meaning)', () => {
    const text = fs.readFileSync(README, 'utf8');
    const start = text.indexOf(START);
    const end = text.indexOf(END);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
    const expected = configTableMarkdown();
    if (process.env.UPDATE_DOCS === '1') {
      fs.writeFileSync(README, `${text.slice(0, start + START.length)}\n${expected}\n${text.slice(end)}`);
      return;
    }
    expect(text.slice(start + START.length, end).trim()).toBe(expected);
  });
});
