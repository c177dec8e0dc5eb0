/**
 * The viewer's cost to a user who never runs it: the built page's bytes in the package, and
 * nothing else (no front-end source, no dependency). The budgets are in docs/ui.md.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanEnv } from '../support/run-node';
import { REPO_ROOT } from '../support/sdk-apps';

/**
 * The whole package tarball, gzipped: 178 kB before the viewer, 228 kB with it, 307 kB with the
 * Vercel AI SDK provider and propagation; the budget leaves room for the providers to come.
 */
const TARBALL_BUDGET = 400_000;
/** The page's files in dist/ui/, minified. */
const PAGE_BUDGET = 100_000;

interface Pack {
  size: number;
  files: { path: string; size: number }[];
}

describe('the package with the viewer', () => {
  let pack: Pack;
  beforeAll(() => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--loglevel=error'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: cleanEnv(),
    });
    pack = (JSON.parse(out) as Pack[])[0]!;
  }, 60_000);

  it('holds the built page and stays within its size budgets', () => {
    const page = pack.files.filter((f) => f.path.startsWith('dist/ui/'));
    expect(page.map((f) => f.path).sort()).toEqual(['dist/ui/app.css', 'dist/ui/app.js', 'dist/ui/index.html']);
    expect(page.reduce((sum, f) => sum + f.size, 0)).toBeLessThan(PAGE_BUDGET);
    expect(pack.size).toBeLessThan(TARBALL_BUDGET);
  });

  it('holds no front-end source, dependency or documentation image, and depends on nothing new', () => {
    expect(pack.files.map((f) => f.path).filter((p) => /^(ui|node_modules|docs\/images)\/|\/node_modules\//.test(p))).toEqual([]);
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(pkg.dependencies).filter((d) => !d.startsWith('@opentelemetry/'))).toEqual(['import-in-the-middle', 'jose']);
  });
});
