/**
 * What the package holds: the runtime and the CLI as one bundle each, the entry points and the
 * types, every file a shipped script loads; the viewer's built page and nothing else of it (no
 * front-end source, no dependency), within the size budgets (docs/ui.md).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanEnv } from '../support/run-node';
import { REPO_ROOT } from '../support/sdk-apps';

/**
 * The whole package tarball, gzipped: 178 kB before the viewer, 228 kB with it, 307 kB with the
 * Vercel AI SDK provider and propagation, 355 kB with MCP, logs and sampling as two bundles (the
 * runtime and the CLI) instead of tsc's module-by-module output; the budget leaves room for the
 * providers to come.
 */
const TARBALL_BUDGET = 400_000;
/** The page's files in dist/ui/, minified. */
const PAGE_BUDGET = 100_000;

interface Pack {
  size: number;
  files: { path: string; size: number }[];
}

describe('the package', () => {
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

  it('ships every file that a shipped script loads by a relative path', () => {
    const shipped = new Set(pack.files.map((f) => f.path));
    const scripts = [...shipped].filter((p) => /\.(js|mjs)$/.test(p) && p.startsWith('dist/') && !p.startsWith('dist/ui/'));
    expect(scripts).toEqual(expect.arrayContaining(['dist/register.js', 'dist/src/entry.js', 'dist/src/index.js', 'dist/src/cli/main.js']));
    const missing: string[] = [];
    for (const script of scripts) {
      const source = fs.readFileSync(path.join(REPO_ROOT, script), 'utf8');
      for (const [, target] of source.matchAll(/(?:require\(|from |import\()\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
        const resolved = path.posix.join(path.posix.dirname(script), target!);
        const candidates = [resolved, `${resolved}.js`, `${resolved}/index.js`];
        if (!candidates.some((c) => shipped.has(c))) missing.push(`${script} -> ${target}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
