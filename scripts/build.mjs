// Builds dist/: TypeScript (5.9) compiles src/, instrumentations/ and register.ts to CommonJS and
// esm/*.mts to the ESM entry points that load that CommonJS build. Skips the work when dist/ is
// newer than every source file (pass --force to rebuild anyway).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const sources = ['src', 'instrumentations', 'esm', 'register.ts', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];

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
fs.writeFileSync(path.join(staging, '.build-stamp'), `${new Date().toISOString()}\n`);
const old = `${dist}.old-${process.pid}`;
if (fs.existsSync(dist)) fs.renameSync(dist, old);
fs.renameSync(staging, dist);
fs.rmSync(old, { recursive: true, force: true });
