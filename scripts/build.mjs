// Builds dist/: TypeScript (5.9) compiles src/, instrumentations/ and register.ts to CommonJS (and
// the types) and esm/*.mts to the ESM entry points that load that CommonJS build; then esbuild
// bundles the runtime into one file, dist/src/entry.js, which both the public entry
// (dist/src/index.js, rewritten to give the bundle's API) and agentsight/register load: one copy of
// the code, so one client. Skips the work when dist/ is newer than every source file (pass --force
// to rebuild anyway).
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
 * OTLP side (exporters, metrics and logs SDKs), which loads from node_modules only when OTLP is on.
 */
const EXTERNAL = [
  '@opentelemetry/api',
  'import-in-the-middle',
  '@opentelemetry/otlp-exporter-base',
  '@opentelemetry/otlp-transformer',
  '@opentelemetry/sdk-logs',
  '@opentelemetry/sdk-metrics',
];

/** Bundles src/entry.ts over tsc's dist/src/entry.js, and makes dist/src/index.js give its API. */
async function bundle(out) {
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [path.join(root, 'src', 'entry.ts')],
    outfile: path.join(out, 'src', 'entry.js'),
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

function newest(p) {
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(p).map((name) => newest(path.join(p, name))));
}

const stamp = path.join(dist, '.build-stamp');
const force = process.argv.includes('--force');
if (!force && fs.existsSync(stamp) && newest(stamp) >= Math.max(...sources.map((s) => newest(path.join(root, s))))) {
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
fs.chmodSync(path.join(staging, 'src', 'cli', 'main.js'), 0o755);
await bundle(staging);
fs.writeFileSync(path.join(staging, '.build-stamp'), `${new Date().toISOString()}\n`);
const old = `${dist}.old-${process.pid}`;
if (fs.existsSync(dist)) fs.renameSync(dist, old);
fs.renameSync(staging, dist);
fs.rmSync(old, { recursive: true, force: true });
