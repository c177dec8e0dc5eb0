// Builds dist/: TypeScript (5.9) compiles src/, instrumentations/ and register.ts to CommonJS and
// esm/*.mts to the ESM entry points that load that CommonJS build; esbuild bundles the viewer's page
// (ui/, Preact) into dist/ui/ (index.html, app.js, app.css) for `agentsight ui`. Each part is skipped
// when its output is newer than every one of its sources (pass --force to rebuild anyway).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const sources = ['src', 'instrumentations', 'esm', 'register.ts', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];
// The page imports the API's types and the CLI's value formatting from src/.
const uiSources = ['ui', 'src/ui/api-types.ts', 'src/cli/values.ts', 'package.json', 'scripts/build.mjs'];

function newest(p) {
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(p).map((name) => newest(path.join(p, name))));
}

const upToDate = (stamp, inputs) => fs.existsSync(stamp) && newest(stamp) >= Math.max(...inputs.map((s) => newest(path.join(root, s))));

/** Bundles the page into `out` (minified; one script, one style sheet, the HTML). */
async function buildUi(out) {
  const esbuild = await import('esbuild');
  fs.mkdirSync(out, { recursive: true });
  const common = {
    bundle: true,
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
    target: ['chrome111', 'firefox111', 'safari16.4'],
  };
  await esbuild.build({
    ...common,
    entryPoints: [path.join(root, 'ui', 'main.tsx')],
    outfile: path.join(out, 'app.js'),
    format: 'iife',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    tsconfig: path.join(root, 'ui', 'tsconfig.json'),
  });
  await esbuild.build({ ...common, entryPoints: [path.join(root, 'ui', 'styles.css')], outfile: path.join(out, 'app.css') });
  fs.copyFileSync(path.join(root, 'ui', 'index.html'), path.join(out, 'index.html'));
  fs.writeFileSync(path.join(out, '.build-stamp'), `${new Date().toISOString()}\n`);
}

const force = process.argv.includes('--force');
const stamp = path.join(dist, '.build-stamp');
const uiStamp = path.join(dist, 'ui', '.build-stamp');
const codeFresh = !force && upToDate(stamp, sources);
const uiFresh = !force && codeFresh && upToDate(uiStamp, uiSources);
if (codeFresh && uiFresh) process.exit(0);

if (codeFresh) {
  // Only the page changed: rebuild dist/ui/ next to it and swap it in.
  const staging = `${dist}/ui.building-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  await buildUi(staging);
  const old = `${dist}/ui.old-${process.pid}`;
  if (fs.existsSync(path.join(dist, 'ui'))) fs.renameSync(path.join(dist, 'ui'), old);
  fs.renameSync(staging, path.join(dist, 'ui'));
  fs.rmSync(old, { recursive: true, force: true });
  process.exit(0);
}

// Build next to dist/ and swap it in, so a test running from dist/ never sees it half-written.
const staging = `${dist}.building-${process.pid}`;
fs.rmSync(staging, { recursive: true, force: true });
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json'), '--outDir', staging], { stdio: 'inherit' });
if (result.status !== 0) {
  fs.rmSync(staging, { recursive: true, force: true });
  process.exit(result.status ?? 1);
}
try {
  await buildUi(path.join(staging, 'ui'));
} catch {
  // esbuild has printed what is wrong.
  fs.rmSync(staging, { recursive: true, force: true });
  process.exit(1);
}
fs.chmodSync(path.join(staging, 'src', 'cli', 'main.js'), 0o755);
fs.writeFileSync(path.join(staging, '.build-stamp'), `${new Date().toISOString()}\n`);
const old = `${dist}.old-${process.pid}`;
if (fs.existsSync(dist)) fs.renameSync(dist, old);
fs.renameSync(staging, dist);
fs.rmSync(old, { recursive: true, force: true });
