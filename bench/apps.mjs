/**
 * The app folders the benchmark runs in (`.tmp/bench/apps/<name>/`): each a real npm project,
 * installed by npm the way a user installs it, with exact versions.
 *
 * - agentsight is the packed tarball (`npm pack` of this checkout, after the build), installed
 *   with `npm install`, so its own dependencies resolve as they do for a user.
 * - Every other direct dependency takes its exact version from `bench/package.json` (the one list
 *   of benchmark versions; an `openai-6` alias there is installed as `openai@6.49.0`).
 * - An app keeps its package-lock.json between runs, so its tree stays the same from one run to
 *   the next; agentsight is reinstalled when the tarball changes.
 * - Each app must hold exactly one `@opentelemetry/api` (`npm ls`); the run stops otherwise.
 *   traceloop and openinference depend on OpenTelemetry 2.x packages whose peer range stops
 *   below API 1.10, which npm answers with a nested API 1.9; their apps pin the API with
 *   `overrides`, as a user combining them with SDK 3.1 would have to.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BENCH = path.join(ROOT, 'bench');
export const WORK = path.join(ROOT, '.tmp', 'bench');

const SDKS = ['@anthropic-ai/sdk'];
const PEER_SDK = ['@opentelemetry/api', '@opentelemetry/sdk-trace', '@opentelemetry/context-async-hooks'];
const PEER_EXPORT = ['@opentelemetry/exporter-trace-otlp-http', '@opentelemetry/instrumentation'];

/**
 * The apps. `deps` name keys of bench/package.json's dependencies; `setup` is a file of
 * bench/setups/ copied into the app (with `files`), for `--require ./<setup>`.
 */
export const APPS = {
  openai6: { deps: ['openai-6', ...SDKS] },
  openai7: { deps: ['openai-7', ...SDKS] },
  'agentsight-openai6': { deps: ['openai-6', ...SDKS], agentsight: true },
  'agentsight-openai7': { deps: ['openai-7', ...SDKS], agentsight: true },
  contrib: {
    deps: ['openai-6', ...SDKS, '@opentelemetry/api', '@opentelemetry/sdk-node', '@opentelemetry/instrumentation-openai'],
    setup: 'contrib.cjs',
  },
  traceloop: {
    deps: ['openai-6', ...SDKS, ...PEER_SDK, ...PEER_EXPORT, '@traceloop/instrumentation-openai'],
    setup: 'traceloop.cjs',
    files: ['tracer-provider.cjs'],
    oneApi: true,
  },
  openinference: {
    deps: ['openai-7', ...SDKS, ...PEER_SDK, ...PEER_EXPORT, '@arizeai/openinference-instrumentation-openai'],
    setup: 'openinference.cjs',
    files: ['tracer-provider.cjs'],
    oneApi: true,
  },
};

/** The packages whose versions the results record, when an app has them. */
const REPORTED = [
  'agentsight',
  'openai',
  '@anthropic-ai/sdk',
  '@opentelemetry/api',
  '@opentelemetry/sdk-trace',
  '@opentelemetry/sdk-node',
  '@opentelemetry/exporter-trace-otlp-http',
  '@opentelemetry/instrumentation',
  '@opentelemetry/instrumentation-openai',
  '@traceloop/instrumentation-openai',
  '@arizeai/openinference-instrumentation-openai',
  'import-in-the-middle',
  'require-in-the-middle',
];

/** Our environment without anything that would change a child's or npm's behaviour. */
export function cleanEnv(extra = {}) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^(AGENTSIGHT_|OTEL_|NODE_OPTIONS$|OPENAI_|ANTHROPIC_|TRACELOOP_|OPENINFERENCE_)/.test(key),
    ),
  );
  return { ...env, ...extra };
}

function npm(args, cwd) {
  return execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    encoding: 'utf8',
    env: cleanEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** bench/package.json's dependencies installed into bench/node_modules (once, from its lockfile, like toolchain/). */
export function installBenchDependencies(log) {
  const stamp = path.join(BENCH, 'node_modules', '.package-lock.json');
  const lock = path.join(BENCH, 'package-lock.json');
  if (fs.existsSync(stamp) && fs.statSync(stamp).mtimeMs >= fs.statSync(lock).mtimeMs) return;
  log('installing the benchmark dependencies (npm ci --prefix bench)');
  npm(['ci', '--prefix', BENCH], ROOT);
}

/** `{ name, version }` of a key of bench/package.json's dependencies (`openai-6` -> openai 6.49.0). */
export function pinned(key) {
  const spec = JSON.parse(fs.readFileSync(path.join(BENCH, 'package.json'), 'utf8')).dependencies[key];
  if (!spec) throw new Error(`bench/package.json has no dependency ${key}`);
  const alias = /^npm:(@?[^@]+)@(.+)$/.exec(spec);
  return alias ? { name: alias[1], version: alias[2] } : { name: key, version: spec };
}

/** Builds dist/ and packs it; returns the tarball's path (named by its content, older ones removed). */
export function packTarball() {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  const dir = path.join(WORK, 'pack');
  fs.mkdirSync(dir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(dir, 'staging-'));
  try {
    const [{ filename }] = JSON.parse(npm(['pack', '--json', '--pack-destination', staging], ROOT));
    const packed = path.join(staging, filename);
    const hash = createHash('sha256').update(fs.readFileSync(packed)).digest('hex').slice(0, 12);
    const tarball = path.join(dir, filename.replace(/\.tgz$/, `-${hash}.tgz`));
    for (const old of fs.readdirSync(dir)) if (old.endsWith('.tgz') && path.join(dir, old) !== tarball) fs.rmSync(path.join(dir, old));
    fs.renameSync(packed, tarball);
    return tarball;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Makes (or updates) an app folder and returns `{ dir, versions }`. The entry files of the runs
 * (bench-entry.cjs/.mjs, startup.cjs/.mjs) and the app's setup file are written every time.
 */
export function prepareApp(name, { tarball, log }) {
  const app = APPS[name];
  if (!app) throw new Error(`no bench app ${name}`);
  const dir = path.join(WORK, 'apps', name);
  fs.mkdirSync(dir, { recursive: true });
  const dependencies = {};
  for (const key of app.deps) {
    const { name: pkg, version } = pinned(key);
    dependencies[pkg] = version;
  }
  if (app.agentsight) dependencies.agentsight = `file:${path.relative(dir, tarball)}`;
  const manifest = {
    name: `agentsight-bench-${name}`,
    private: true,
    dependencies,
    ...(app.oneApi ? { overrides: { '@opentelemetry/api': pinned('@opentelemetry/api').version } } : {}),
  };
  const manifestPath = path.join(dir, 'package.json');
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  const installed = path.join(dir, 'node_modules', '.package-lock.json');
  if (!fs.existsSync(installed) || !fs.existsSync(manifestPath) || fs.readFileSync(manifestPath, 'utf8') !== text) {
    log(`installing the ${name} app (npm install in ${path.relative(ROOT, dir)})`);
    fs.writeFileSync(manifestPath, text);
    npm(['install', '--prefer-offline'], dir);
  }
  const opentelemetry = opentelemetryTree(dir);
  const apis = opentelemetry['@opentelemetry/api'] ?? [];
  if (apis.length !== 1)
    throw new Error(`the ${name} app holds ${apis.length} copies of @opentelemetry/api (${apis.join(', ')}); it must hold one`);

  for (const file of [...(app.setup ? [app.setup] : []), ...(app.files ?? [])]) {
    fs.copyFileSync(path.join(BENCH, 'setups', file), path.join(dir, file));
  }
  for (const file of ['bench-entry.cjs', 'bench-entry.mjs', 'startup.cjs', 'startup.mjs']) {
    fs.copyFileSync(path.join(BENCH, 'app-files', file), path.join(dir, file));
  }
  const versions = {};
  for (const pkg of REPORTED) {
    const file = path.join(dir, 'node_modules', pkg, 'package.json');
    if (fs.existsSync(file)) versions[pkg] = JSON.parse(fs.readFileSync(file, 'utf8')).version;
  }
  return { name, dir, setup: app.setup, versions, opentelemetry };
}

/** Each `@opentelemetry/*` package anywhere in the app's tree (`npm ls --all`) with the versions present. */
function opentelemetryTree(dir) {
  let out;
  try {
    out = npm(['ls', '--all', '--json'], dir);
  } catch (error) {
    // npm ls exits non-zero for problems it also describes in the JSON; the tree is still there.
    out = error.stdout;
    if (!out) throw error;
  }
  const found = {};
  const walk = (deps) => {
    for (const [name, node] of Object.entries(deps ?? {})) {
      if (name.startsWith('@opentelemetry/') && node.version) found[name] = [...new Set([...(found[name] ?? []), node.version])].sort();
      walk(node.dependencies);
    }
  };
  walk(JSON.parse(out).dependencies);
  return Object.fromEntries(Object.entries(found).sort(([a], [b]) => a.localeCompare(b)));
}
