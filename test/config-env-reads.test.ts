/**
 * Every environment variable agentsight reads is a row of the configuration table: no module
 * outside `src/settings/` reads a variable by name. (Passing `process.env` along is fine.)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.m?ts$/.test(entry.name) ? [full] : [];
  });
}

/** `env.NAME`, `env?.NAME`, `env['NAME']`, `process.env.NAME`: a variable read by its name. */
const READ_BY_NAME = /\benv(?:\?\.|\.)[A-Z][A-Z0-9_]*\b|\benv\[\s*['"`][A-Z]/g;

describe('environment variables', () => {
  it('are read only through the configuration table (src/settings/)', () => {
    const files = [
      ...sourceFiles(path.join(ROOT, 'src')),
      ...sourceFiles(path.join(ROOT, 'instrumentations')),
      ...sourceFiles(path.join(ROOT, 'esm')),
      path.join(ROOT, 'register.ts'),
    ];
    const reads = files
      .filter((file) => !path.relative(ROOT, file).startsWith(`src${path.sep}settings${path.sep}`))
      .flatMap((file) => [...fs.readFileSync(file, 'utf8').matchAll(READ_BY_NAME)].map((m) => `${path.relative(ROOT, file)}: ${m[0]}`));
    expect(reads).toEqual([]);
  });
});
