// Builds dist/: TypeScript (5.9) compiles src/, instrumentations/ and register.ts to CommonJS (and
// the types) and esm/*.mts to the ESM entry points that load that CommonJS build; esbuild bundles
// the viewer's page (ui/, Preact) into dist/ui/ for `agentsight ui`, and the runtime into one file, dist/src/entry.js, which both the public entry
// (dist/src/index.js, rewritten to give the bundle's API) and agentsight/register load: one copy of
// the code, so one client. Each part is skipped when its output is newer than every one of its
// sources (pass --force to rebuild anyway).
//
// Why a bundle: an app pays for every file it loads (resolving, reading, compiling), and the
// OpenTelemetry SDK packages load far more than agentsight uses. The bundle holds our code and the
// SDK pieces in use, tree-shaken from their ESM builds; it leaves out what must stay shared or
// loads only on demand (see EXTERNAL).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const sources = [
  'src',
  'instrumentations',
  'esm',
  'register.ts',
  'tsconfig.json',
  'tsconfig.build.json',
  'package.json',
  'scripts/build.mjs',
];

/**
 * Not bundled: `@opentelemetry/api`, a peer that the app, the SDKs and agentsight must share (one
 * copy); import-in-the-middle, whose ESM loader hook and our `Hook`s must meet in one copy; and the
 * OTLP side (exporters, metrics and logs SDKs) and jose, which load from node_modules only when used.
 */
const EXTERNAL = [
  '@opentelemetry/api',
  'import-in-the-middle',
  // Loaded only when a delegation token is made or checked.
  'jose',
  '@opentelemetry/otlp-exporter-base',
  '@opentelemetry/otlp-transformer',
  '@opentelemetry/sdk-logs',
  '@opentelemetry/sdk-metrics',
];

/**
 * Bundles src/entry.ts over tsc's dist/src/entry.js, and makes dist/src/index.js give its API; and
 * the CLI (src/cli/main.ts) over dist/src/cli/main.js, a process of its own. The package ships these
 * two files, the entry points and the types: tsc's module-by-module output of the rest is for the
 * tests (see `files` in package.json).
 */
async function bundle(out) {
  const esbuild = await import('esbuild');
  for (const entry of ['entry', 'cli/main']) await bundleOne(esbuild, out, entry);
  await writeIndex(esbuild, out);
}

async function bundleOne(esbuild, out, entry) {
  await esbuild.build({
    entryPoints: [path.join(root, 'src', `${entry}.ts`)],
    outfile: path.join(out, 'src', `${entry}.js`),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: EXTERNAL,
    // The ESM builds of the OpenTelemetry packages, which tree-shake.
    mainFields: ['module', 'main'],
    // Classes and functions keep their names (an error's `name` is its class's).
    keepNames: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
}

/** dist/src/index.js: the API of the bundle, under the names src/index.ts exports. */
async function writeIndex(esbuild, out) {
  // The names index.ts exports, read from its source.
  const names = await esbuild.build({
    entryPoints: [path.join(root, 'src', 'index.ts')],
    bundle: false,
    format: 'esm',
    write: false,
    metafile: true,
    outdir: out,
    logLevel: 'warning',
  });
  const exported = Object.values(names.metafile.outputs)
    .flatMap((o) => o.exports ?? [])
    .sort();
  if (exported.length === 0) throw new Error('src/index.ts exports nothing?');
  fs.writeFileSync(
    path.join(out, 'src', 'index.js'),
    [
      '"use strict";',
      '// The public CommonJS entry, written by scripts/build.mjs: the API of the bundle (./entry.js),',
      '// which agentsight/register runs too, so that both share one copy of the code.',
      'Object.defineProperty(exports, "__esModule", { value: true });',
      'const api = require("./entry.js").api;',
      ...exported.map((name) => `exports.${name} = api.${name};`),
      '',
    ].join('\n'),
  );
}
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
try {
  await bundle(staging);
} catch {
  // esbuild has printed what is wrong.
  fs.rmSync(staging, { recursive: true, force: true });
  process.exit(1);
}
fs.writeFileSync(path.join(staging, '.build-stamp'), `${new Date().toISOString()}\n`);
const old = `${dist}.old-${process.pid}`;
if (fs.existsSync(dist)) fs.renameSync(dist, old);
fs.renameSync(staging, dist);
fs.rmSync(old, { recursive: true, force: true });
