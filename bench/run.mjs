#!/usr/bin/env node
/**
 * The agentsight benchmark: per-call latency of real SDK calls against the mock LLM server on
 * loopback, for each scenario (`bench/scenarios/*.mjs`) in each mode (`bench/modes/*.mjs`), all in
 * the same run, and each mode's median as a ratio to the uninstrumented baseline.
 *
 *   npm run bench                      # everything
 *   npm run bench -- --filter stream   # scenarios whose name contains "stream"
 *   npm run bench -- --sdk openai-4    # another installed SDK version (the npm alias)
 *
 * Process design: every (scenario, mode) sample is taken in a fresh child process that imports
 * the SDK by its real name from a small app folder (`.tmp/bench-apps/`), exactly as an application
 * would; the instrumented modes start it with `--import agentsight/register`. Each child warms up,
 * then times each call on its own, one after the other. Modes are interleaved in rounds (round 1:
 * baseline, instrumented, disabled; round 2: ...), so that drift of the machine hits every mode
 * alike; a round's samples are pooled per (scenario, mode) before the median and p95 are taken.
 * The mock runs in this process, so it costs every mode the same.
 *
 * A provider adds a scenario by adding a file to `bench/scenarios/` (see the OpenAI ones: a name,
 * the SDK package it uses, and `setup({ sdk, mockUrl })` returning the function to time) and, if
 * it is a new package, its default alias in `DEFAULT_SDKS` below.
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadMockLlmServer } from '../scripts/mock-llm-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BENCH = path.join(ROOT, 'bench');

/** The installed version (npm alias) used for each SDK package unless `--sdk` says otherwise. */
const DEFAULT_SDKS = { openai: 'openai-7', '@anthropic-ai/sdk': 'anthropic-1' };

const USAGE = `usage: npm run bench -- [options]

  --filter <text>     only the scenarios whose name or file contains <text>
  --sdk <aliases>     SDK versions to use, as installed npm aliases (comma list), e.g. openai-4
  --rounds <n>        rounds of interleaved modes (default 5)
  --iterations <n>    timed calls per child process (default 400)
  --warmup <n>        untimed calls first in each child process (default 200)
  --json              also print the results as JSON
  --help              this text
`;

function parseArgs(argv) {
  const options = { filter: '', sdks: [], rounds: 5, iterations: 400, warmup: 200, json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value\n\n${USAGE}`);
      return v;
    };
    const count = () => {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1) throw new Error(`${arg} needs a whole number above 0\n\n${USAGE}`);
      return n;
    };
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(USAGE);
      process.exit(0);
    } else if (arg === '--filter') options.filter = value();
    else if (arg === '--sdk')
      options.sdks = value()
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    else if (arg === '--rounds') options.rounds = count();
    else if (arg === '--iterations') options.iterations = count();
    else if (arg === '--warmup') options.warmup = Number(value());
    else if (arg === '--json') options.json = true;
    else throw new Error(`unknown option ${arg}\n\n${USAGE}`);
  }
  return options;
}

async function loadDir(dir) {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.mjs'))
    .sort();
  return Promise.all(
    files.map(async (file) => ({ file: path.join(dir, file), ...(await import(pathToFileURL(path.join(dir, file)).href)).default })),
  );
}

/** The real package name of an installed alias (read from its package.json). */
function packageOf(alias) {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', alias, 'package.json'), 'utf8'));
}

/**
 * An app folder with each alias under its real name (hard-linked copies) and `agentsight` pointing
 * at this repository, plus one entry file per SDK that imports it as an application does.
 */
function benchApp(aliases) {
  const dir = path.join(ROOT, '.tmp', 'bench-apps', [...aliases].sort().join('+'));
  const modules = path.join(dir, 'node_modules');
  if (!fs.existsSync(path.join(dir, '.ready'))) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(path.join(modules, '@anthropic-ai'), { recursive: true });
    for (const alias of aliases)
      execFileSync('cp', ['-al', path.join(ROOT, 'node_modules', alias), path.join(modules, packageOf(alias).name)]);
    fs.symlinkSync(ROOT, path.join(modules, 'agentsight'), 'dir');
    fs.writeFileSync(path.join(dir, 'package.json'), '{ "name": "agentsight-bench-app", "private": true }\n');
    fs.writeFileSync(path.join(dir, '.ready'), '');
  }
  const entries = {};
  for (const alias of aliases) {
    const name = packageOf(alias).name;
    const entry = path.join(dir, `bench-${name.replace(/\W+/g, '-')}.mjs`);
    fs.writeFileSync(
      entry,
      `import * as sdk from '${name}';\nimport { measure } from ${JSON.stringify(pathToFileURL(path.join(BENCH, 'child.mjs')).href)};\nawait measure(sdk, JSON.parse(process.env.BENCH_OPTIONS));\n`,
    );
    entries[name] = entry;
  }
  return { dir, entries };
}

function runChild({ app, entry, mode, options }) {
  return new Promise((resolve, reject) => {
    const env = { ...cleanEnv(), ...mode.env, BENCH_OPTIONS: JSON.stringify(options) };
    const child = spawn(process.execPath, [...mode.nodeArgs, entry], { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (code !== 0 || !line) return reject(new Error(`bench child failed (${mode.name}, code ${code}):\n${stdout}\n${stderr}`));
      resolve(JSON.parse(line).samples);
    });
  });
}

/** Our environment without anything that would change a child's behaviour. */
function cleanEnv() {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(AGENTSIGHT_|OTEL_|NODE_OPTIONS$|OPENAI_|ANTHROPIC_)/.test(key)),
  );
}

function percentile(sorted, p) {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { calls: sorted.length, median: percentile(sorted, 50), p95: percentile(sorted, 95) };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  // Child processes run the built package.
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit' });

  const scenarios = (await loadDir(path.join(BENCH, 'scenarios'))).filter(
    (s) => !options.filter || s.name.includes(options.filter) || path.basename(s.file).includes(options.filter),
  );
  if (scenarios.length === 0) throw new Error(`no scenario matches ${JSON.stringify(options.filter)}`);
  const modeOrder = ['uninstrumented-baseline', 'instrumented', 'instrumentation-disabled'];
  const modes = (await loadDir(path.join(BENCH, 'modes'))).sort(
    (a, b) => modeOrder.indexOf(path.basename(a.file, '.mjs')) - modeOrder.indexOf(path.basename(b.file, '.mjs')),
  );
  const baseline = modes[0];

  const aliases = { ...DEFAULT_SDKS };
  for (const alias of options.sdks) aliases[packageOf(alias).name] = alias;
  const used = [...new Set(scenarios.map((s) => aliases[s.sdk]))];
  if (used.some((a) => !a)) throw new Error(`no SDK version for ${scenarios.map((s) => s.sdk).join(', ')}`);
  const app = benchApp(used);

  const { startMockLlmServer } = await loadMockLlmServer();
  const mock = await startMockLlmServer();
  const samples = new Map();
  try {
    for (let round = 1; round <= options.rounds; round++) {
      for (const scenario of scenarios) {
        for (const mode of modes) {
          process.stderr.write(`\rround ${round}/${options.rounds}: ${scenario.name} (${mode.name})`.padEnd(100));
          const key = `${scenario.file}|${mode.file}`;
          const childOptions = { scenarioFile: scenario.file, iterations: options.iterations, warmup: options.warmup, mockUrl: mock.url };
          samples.set(key, [
            ...(samples.get(key) ?? []),
            ...(await runChild({ app: app.dir, entry: app.entries[scenario.sdk], mode, options: childOptions })),
          ]);
        }
      }
    }
  } finally {
    process.stderr.write(`${'\r'.padEnd(100)}\r`);
    await mock.close();
  }

  const rows = [];
  for (const scenario of scenarios) {
    const base = stats(samples.get(`${scenario.file}|${baseline.file}`));
    for (const mode of modes) {
      const s = stats(samples.get(`${scenario.file}|${mode.file}`));
      rows.push({ scenario: scenario.name, mode: mode.name, ...s, ratio: s.median / base.median, overhead: s.median - base.median });
    }
  }
  const versions = used.map((alias) => `${packageOf(alias).name} ${packageOf(alias).version}`).join(', ');
  const cpus = os.cpus();
  const header = [
    `agentsight bench: Node ${process.version}, ${cpus[0]?.model.trim() ?? 'unknown CPU'} (${cpus.length} CPUs), ${os.platform()} ${os.arch()}, ${versions}, ${new Date().toISOString().slice(0, 10)}`,
    `${options.rounds} rounds x ${options.iterations} calls per mode (after ${options.warmup} warm-up calls in each child), mock LLM server on loopback`,
  ];
  const us = (n) => n.toFixed(0);
  const lines = [
    '| scenario | mode | calls | median µs/call | p95 µs/call | median vs baseline |',
    '|---|---|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${r.mode} | ${r.calls} | ${us(r.median)} | ${us(r.p95)} | ${r.mode === baseline.name ? '1.00' : `${r.ratio.toFixed(2)} (${r.overhead >= 0 ? '+' : ''}${us(r.overhead)} µs)`} |`,
    ),
  ];
  process.stdout.write(`${header.join('\n')}\n\n${lines.join('\n')}\n`);
  if (options.json) process.stdout.write(`${JSON.stringify({ header, rows }, null, 2)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error?.message ?? error}\n`);
  process.exit(1);
});
