/**
 * The child processes of the benchmark: which node binary runs them, and running one (a timed
 * workload, a memory run, or a start-up timed from spawn to exit).
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BENCH, cleanEnv, ROOT, WORK } from './apps.mjs';

const CHILD_URL = pathToFileURL(path.join(BENCH, 'child.mjs')).href;
const CHILD_TIMEOUT_MS = 10 * 60_000;
const TIME = '/usr/bin/time';

/**
 * The node binary of a major version: this process's own when it is that major, else
 * toolchain/node<major> (installed from its lockfile on first use, as CI does).
 * @returns {{ major: string, bin: string, version: string }}
 */
export function resolveNode(major, log) {
  if (!/^\d+$/.test(major)) throw new Error(`--node takes Node majors such as 22 or 26, not ${major}`);
  if (process.versions.node.split('.')[0] === major) return { major, bin: process.execPath, version: process.version };
  const dir = path.join(ROOT, 'toolchain', `node${major}`);
  const bin = path.join(dir, 'node_modules', '.bin', 'node');
  if (!fs.existsSync(bin)) {
    if (!fs.existsSync(path.join(dir, 'package.json'))) throw new Error(`no toolchain/node${major} for Node ${major}`);
    log(`installing Node ${major} (npm ci --prefix toolchain/node${major})`);
    execFileSync('npm', ['ci', '--prefix', dir, '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: ROOT,
      env: cleanEnv(),
      stdio: 'inherit',
    });
  }
  const version = execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
  return { major, bin, version };
}

let childCount = 0;

/**
 * Per-child context for a mode's `env()`: its own OTLP endpoint at the sink and its own local
 * store folder (removed afterwards by `release`).
 */
function childContext(sink) {
  const id = `c${++childCount}`;
  const storeDir = path.join(WORK, 'stores', id);
  return {
    id,
    context: { otlpEndpoint: sink.endpoint(id), storeDir },
    release() {
      fs.rmSync(storeDir, { recursive: true, force: true });
      return sink.take(id);
    },
  };
}

function run(bin, args, { cwd, env, timeoutMs = CHILD_TIMEOUT_MS }) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(bin, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, wallMs: Number(process.hrtime.bigint() - started) / 1e6 });
    });
  });
}

/**
 * One workload child: `kind: 'calls'` gives `{ samples }`, `kind: 'memory'` gives `{ memory }`;
 * with `exported` (what it sent to the sink) and `stderr` (anything it printed there).
 */
export async function runWorkload({
  node,
  app,
  mode,
  scenario,
  sink,
  mockUrl,
  kind,
  warmup,
  iterations,
  plain = false,
  extraArgs = [],
  profileFile,
  format = 'cjs',
}) {
  const child = childContext(sink);
  const options = { kind, childUrl: CHILD_URL, sdk: scenario.sdk, scenarioFile: scenario.file, mockUrl, warmup, iterations, profileFile };
  const env = cleanEnv({ ...(plain ? {} : mode.env(child.context)), BENCH_OPTIONS: JSON.stringify(options) });
  const args = [...extraArgs, ...(plain ? [] : mode.nodeArgs), `bench-entry.${format === 'esm' ? 'mjs' : 'cjs'}`];
  const result = await run(node.bin, args, { cwd: app.dir, env });
  const exported = child.release();
  const line = result.stdout.split('\n').find((l) => l.startsWith('{'));
  if (result.code !== 0 || !line) {
    throw new Error(
      `bench child failed (Node ${node.major}, ${scenario.id}, ${plain ? 'plain' : mode.id}, code ${result.code ?? result.signal}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  return { ...JSON.parse(line), exported, stderr: result.stderr.trim() };
}

/**
 * One start of the start-up app: wall clock from spawn to exit, and CPU (user + system) from
 * /usr/bin/time when the machine has it (else NaN).
 */
export async function runStartup({ node, app, file, args, env }) {
  const timeFile = path.join(WORK, `time-${process.pid}.txt`);
  const timed = fs.existsSync(TIME);
  const [bin, argv] = timed ? [TIME, ['-f', '%U %S', '-o', timeFile, node.bin, ...args, file]] : [node.bin, [...args, file]];
  const result = await run(bin, argv, { cwd: app.dir, env, timeoutMs: 120_000 });
  if (result.code !== 0)
    throw new Error(`start-up app failed (Node ${node.major}, ${app.name}, ${args.join(' ') || 'plain'}):\n${result.stderr}`);
  let cpuMs = Number.NaN;
  if (timed) {
    const [user, system] = fs.readFileSync(timeFile, 'utf8').trim().split(/\s+/).slice(-2).map(Number);
    fs.rmSync(timeFile, { force: true });
    cpuMs = (user + system) * 1000;
  }
  return { wallMs: result.wallMs, cpuMs, stderr: result.stderr.trim() };
}

/** Node arguments that make a child write a CPU profile into `dir`. */
export function cpuProfileArgs(dir) {
  fs.mkdirSync(dir, { recursive: true });
  return ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '200'];
}

/** The profile a child just wrote into `dir` (the main thread's: the largest, if workers wrote some too). */
export function writtenProfile(dir, before) {
  const written = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile') && !before.has(f));
  if (written.length === 0) throw new Error(`the profiled child wrote no .cpuprofile into ${dir}`);
  return written.map((f) => path.join(dir, f)).sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
}

/** The context of a start-up child (OTLP endpoint, store folder); `release()` afterwards. */
export function oneChild(sink) {
  return childContext(sink);
}
