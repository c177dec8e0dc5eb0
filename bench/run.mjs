#!/usr/bin/env node
/**
 * The agentsight benchmark: what agentsight and its peers cost a real SDK call, start-up and
 * memory, measured in one run on this machine (bench/README.md says how to read it).
 *
 *   npm run bench                          # everything, Node 22 and 26 (a long run)
 *   npm run bench -- --quick --node 22     # a smoke run
 *   npm run bench -- --profile agentsight-default --workloads openai-stream
 *
 * Process design: the system under test is the packed tarball installed into app folders under
 * .tmp/bench/apps/ (bench/apps.mjs), with real SDK versions and the peers each in their own app.
 * Every sample comes from a fresh child process started from an app folder, as an app starts.
 * Per-call: in each round, every (Node, workload, mode) child runs once, in an order that rotates
 * from round to round; a mode's round figure is its median per call over its baseline SDK's median
 * in the same round, and the table shows the median of those ratios over the rounds
 * (bench/stats.ts). The mock LLM server and the OTLP sink run in this process, so they cost every
 * mode the same.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { importTypeScript, loadMockLlmServer } from '../scripts/mock-llm-server.mjs';
import { BENCH, cleanEnv, installBenchDependencies, packTarball, prepareApp, ROOT, WORK } from './apps.mjs';
import { parseArgs, USAGE } from './options.mjs';
import { cpuProfileArgs, oneChild, resolveNode, runStartup, runWorkload, writtenProfile } from './processes.mjs';
import { machine, profileReport, report, writeResults } from './report.mjs';
import { startOtlpSink } from './sink.mjs';

const stats = await importTypeScript(new URL('./stats.ts', import.meta.url));

/** Modes in table order (bench/modes/<id>.mjs). */
const MODE_ORDER = [
  'baseline-openai6',
  'baseline-openai7',
  'agentsight-default',
  'agentsight-default-async-context-frame',
  'agentsight-otlp',
  'agentsight-exporters-off',
  'agentsight-provider-off',
  'agentsight-disabled',
  'agentsight-default-openai7',
  'peer-contrib',
  'peer-traceloop',
  'peer-openinference',
];

// Progress on one rewritten line when stderr is a terminal; silence otherwise (logs stay readable).
const tty = process.stderr.isTTY;
const progress = (message) => tty && process.stderr.write(`\r${message.slice(0, 108).padEnd(108)}`);
const log = (message) => {
  progress('');
  process.stderr.write(`${tty ? '\r' : ''}${message}\n`);
};
/** A step worth a line in a log file too (a round, a Node, a run). */
const milestone = (message) => (tty ? progress(message) : log(message));

async function loadDir(dir) {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.mjs'))
    .sort();
  return Promise.all(
    files.map(async (file) => ({
      id: path.basename(file, '.mjs'),
      file: path.join(dir, file),
      ...(await import(pathToFileURL(path.join(dir, file)).href)).default,
    })),
  );
}

const matches = (id, filters) => filters.length === 0 || filters.some((f) => id.includes(f));

/**
 * The selected modes in table order, with the baselines they need. `--peers` picks the peers
 * whatever `--modes` says; `--app esm` leaves the peers out (their README setups are CommonJS).
 */
function selectModes(all, options) {
  const unknown = all.filter((m) => !MODE_ORDER.includes(m.id));
  if (unknown.length) throw new Error(`add ${unknown.map((m) => m.id).join(', ')} to MODE_ORDER in bench/run.mjs`);
  const wanted = (m) => {
    if (m.kind === 'peer') {
      if (options.app === 'esm') return false;
      if (options.peers) return !options.peers.includes('none') && matches(m.id, options.peers);
    }
    return options.modes.length === 0 ? m.kind !== 'baseline' : matches(m.id, options.modes);
  };
  const chosen = all.filter(wanted);
  if (chosen.length === 0) throw new Error(`no mode matches --modes ${options.modes.join(',')} --peers ${options.peers?.join(',') ?? ''}`);
  const ids = new Set([...chosen.map((m) => m.id), ...chosen.map((m) => m.baseline).filter(Boolean)]);
  return MODE_ORDER.filter((id) => ids.has(id)).map((id) => all.find((m) => m.id === id));
}

const providerOf = (scenario) => (scenario.sdk === 'openai' ? 'openai' : 'anthropic');

/** Per-call run: rounds x Nodes x workloads x modes, each a fresh child. */
/** Whether a mode times a workload on a Node.js: its provider's workloads, on the Node majors it names (all by default). */
function runsOn(mode, node, scenario) {
  return mode.providers.includes(providerOf(scenario)) && (!mode.nodes || mode.nodes.includes(Number(node.major)));
}

async function perCall({ nodes, scenarios, modes, apps, sink, mock, options }) {
  /** @type {Map<string, { round: number, summary: object, exported: object, calls: number, stderr: string }[]>} */
  const records = new Map();
  const total =
    options.rounds *
    nodes.reduce((sum, node) => sum + scenarios.reduce((n, s) => n + modes.filter((m) => runsOn(m, node, s)).length, 0), 0);
  let done = 0;
  for (let round = 0; round < options.rounds; round++) {
    milestone(`per call: round ${round + 1} of ${options.rounds}`);
    for (const node of nodes) {
      for (const scenario of scenarios) {
        const here = modes.filter((m) => runsOn(m, node, scenario));
        // Rotate the order from round to round, so that no mode always follows the same one.
        const order = here.map((_, i) => here[(i + round) % here.length]);
        for (const mode of order) {
          progress(`calls ${++done}/${total}: round ${round + 1}, Node ${node.major}, ${scenario.id}, ${mode.id}`);
          const result = await runWorkload({
            node,
            app: apps[mode.app],
            mode,
            scenario,
            sink,
            mockUrl: mock.url,
            kind: 'calls',
            warmup: options.warmup,
            iterations: options.iterations,
            format: options.app,
          });
          mock.reset();
          const key = `${node.major}|${scenario.id}|${mode.id}`;
          records.set(key, [
            ...(records.get(key) ?? []),
            {
              round,
              summary: stats.summarizeCalls(result.samples),
              exported: result.exported,
              calls: options.warmup + options.iterations,
              stderr: result.stderr,
            },
          ]);
        }
      }
    }
  }

  const rows = [];
  for (const node of nodes) {
    for (const scenario of scenarios) {
      for (const mode of modes.filter((m) => runsOn(m, node, scenario))) {
        const own = records.get(`${node.major}|${scenario.id}|${mode.id}`);
        const base = records.get(`${node.major}|${scenario.id}|${mode.baseline ?? mode.id}`);
        const rounds = own.map((r) => ({ mode: r.summary, baseline: base.find((b) => b.round === r.round).summary }));
        const spans = own.map((r) => r.exported.spans / r.calls);
        rows.push({
          node: node.major,
          nodeVersion: node.version,
          workload: scenario.id,
          workloadName: scenario.name,
          workloadKind: scenario.kind,
          mode: mode.id,
          modeName: mode.name,
          modeKind: mode.kind,
          baseline: mode.baseline ?? mode.id,
          exportsOtlp: Boolean(mode.exportsOtlp),
          ...stats.summarizeRounds(rounds),
          exportedSpansPerCall: stats.median(spans),
          exportRequestsPerChild: stats.median(own.map((r) => r.exported.requests)),
          stderr: [...new Set(own.map((r) => r.stderr).filter(Boolean))].slice(0, 3),
        });
      }
    }
  }
  return rows;
}

/** Start-up run: per Node, N pairs of (plain, instrumented) per system and module format, order alternating. */
async function startup({ nodes, modes, apps, sink, options }) {
  const systems = [];
  for (const mode of modes.filter((m) => m.startup)) {
    for (const format of ['cjs', 'esm']) if (mode.startup[format]) systems.push({ mode, format, pairs: [] });
  }
  const results = [];
  for (const node of nodes) {
    milestone(`start-up: Node ${node.major}, ${options.pairs} pairs of ${systems.length} apps`);
    for (const s of systems) s.pairs = [];
    for (let i = 0; i < options.pairs; i++) {
      for (const s of systems) {
        progress(`start-up pair ${i + 1}/${options.pairs}: Node ${node.major}, ${s.mode.id} (${s.format})`);
        const app = apps[s.mode.app];
        const file = s.format === 'cjs' ? 'startup.cjs' : 'startup.mjs';
        const side = async (instrumented) => {
          if (!instrumented) return runStartup({ node, app, file, args: [], env: cleanEnv() });
          const child = oneChild(sink);
          try {
            return await runStartup({ node, app, file, args: s.mode.startup[s.format], env: cleanEnv(s.mode.startup.env(child.context)) });
          } finally {
            child.release();
          }
        };
        const [first, second] = i % 2 === 0 ? [false, true] : [true, false];
        const a = await side(first);
        const b = await side(second);
        const [plain, instrumented] = first ? [b, a] : [a, b];
        s.pairs.push({
          plainMs: plain.wallMs,
          instrumentedMs: instrumented.wallMs,
          plainCpuMs: plain.cpuMs,
          instrumentedCpuMs: instrumented.cpuMs,
        });
      }
    }
    for (const s of systems) {
      results.push({
        node: node.major,
        nodeVersion: node.version,
        format: s.format,
        mode: s.mode.id,
        modeName: s.mode.name,
        app: s.mode.app,
        args: s.mode.startup[s.format],
        ...stats.summarizeStartup(s.pairs),
        pairsMs: s.pairs,
      });
    }
  }
  return results;
}

/** Memory run: per Node, the memory mode's app plain, then instrumented, over the same calls. */
async function memory({ nodes, scenarios, modes, apps, sink, mock, options }) {
  const scenario = scenarios.find((s) => s.id === 'openai-json-call') ?? scenarios[0];
  const results = [];
  for (const node of nodes) {
    milestone(`memory: Node ${node.major}`);
    for (const mode of modes.filter((m) => m.memory)) {
      const sides = {};
      for (const plain of [true, false]) {
        progress(`memory: Node ${node.major}, ${plain ? 'plain' : mode.id}, ${options.memoryCalls} calls`);
        const result = await runWorkload({
          node,
          app: apps[mode.app],
          mode,
          scenario,
          sink,
          mockUrl: mock.url,
          kind: 'memory',
          warmup: options.memoryWarmup,
          iterations: options.memoryCalls,
          plain,
          extraArgs: ['--expose-gc'],
          format: options.app,
        });
        mock.reset();
        const m = result.memory;
        sides[plain ? 'plain' : 'instrumented'] = {
          rssGrowthMb: (m.afterGc.rss - m.start.rss) / 2 ** 20,
          heapGrowthMb: (m.afterGc.heapUsed - m.start.heapUsed) / 2 ** 20,
          ...m,
        };
      }
      results.push({
        node: node.major,
        nodeVersion: node.version,
        mode: mode.id,
        modeName: mode.name,
        workload: scenario.id,
        calls: options.memoryCalls,
        warmup: options.memoryWarmup,
        ...sides,
        rssGrowthMb: sides.instrumented.rssGrowthMb - sides.plain.rssGrowthMb,
        heapGrowthMb: sides.instrumented.heapGrowthMb - sides.plain.heapGrowthMb,
      });
    }
  }
  return results;
}

/** The mode `--profile` names: its id, or the first id that contains the text. */
function profiledMode(all, name) {
  const mode = all.find((m) => m.id === name) ?? all.find((m) => m.id.includes(name));
  if (!mode) throw new Error(`no mode matches --profile ${name}; the modes: ${all.map((m) => m.id).join(', ')}`);
  return mode;
}

/**
 * `--profile <mode>`: where one child's time goes. The calls: the timed calls of the first selected
 * workload under the V8 profiler (started after the warm-up, so loading stays out). The start-up:
 * the whole start-up app under `--cpu-prof`.
 */
async function profile({ node, scenarios, modes: [mode], apps, sink, mock, options }) {
  const app = apps[mode.app];
  const dir = path.join(WORK, 'profiles');
  fs.mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[-:]/g, '').slice(0, 15);
  let file;
  let what;
  if (options.startup) {
    const startupArgs = mode.kind === 'baseline' ? [] : mode.startup?.[options.startup];
    if (!startupArgs) throw new Error(`${mode.id} has no ${options.startup} start-up setup`);
    const before = new Set(fs.readdirSync(dir));
    const child = oneChild(sink);
    try {
      await runStartup({
        node,
        app,
        file: options.startup === 'cjs' ? 'startup.cjs' : 'startup.mjs',
        args: [...cpuProfileArgs(dir), ...startupArgs],
        env: cleanEnv(mode.kind === 'baseline' ? {} : mode.startup.env(child.context)),
      });
    } finally {
      child.release();
    }
    file = path.join(dir, `${mode.id}-startup-${options.startup}-node${node.major}-${stamp}.cpuprofile`);
    fs.renameSync(writtenProfile(dir, before), file);
    what = `start-up of the ${options.startup === 'cjs' ? 'CommonJS' : 'ESM'} app, whole process`;
  } else {
    const scenario = scenarios.find((s) => mode.providers.includes(providerOf(s)));
    if (!scenario) throw new Error(`${mode.id} runs none of the selected workloads`);
    file = path.join(dir, `${mode.id}-${scenario.id}-node${node.major}-${stamp}.cpuprofile`);
    await runWorkload({
      node,
      app,
      mode,
      scenario,
      sink,
      mockUrl: mock.url,
      kind: 'calls',
      warmup: options.warmup,
      iterations: options.iterations,
      profileFile: file,
      format: options.app,
    });
    what = `${scenario.name}, ${options.iterations} calls after ${options.warmup} warm-up calls (loading and warm-up not profiled)`;
  }
  const summary = (await importTypeScript(new URL('./profile-summary.ts', import.meta.url))).summarizeProfile(
    JSON.parse(fs.readFileSync(file, 'utf8')),
    options.top,
  );
  process.stdout.write(profileReport({ mode, node, what, file: path.relative(ROOT, file), summary }));
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(USAGE);
    return;
  }
  const started = new Date();
  const machineAtStart = machine();
  installBenchDependencies(log);
  const tarball = packTarball();
  const nodes = (options.profile ? options.node.slice(0, 1) : options.node).map((major) => resolveNode(major, log));

  const scenarios = (await loadDir(path.join(BENCH, 'scenarios'))).filter((s) => matches(s.id, options.workloads));
  if (scenarios.length === 0) throw new Error(`no workload matches --workloads ${options.workloads.join(',')}`);
  const allModes = await loadDir(path.join(BENCH, 'modes'));
  const modes = options.profile ? [profiledMode(allModes, options.profile)] : selectModes(allModes, options);
  const apps = {};
  for (const name of new Set(modes.map((m) => m.app))) apps[name] = prepareApp(name, { tarball, log });

  const { startMockLlmServer } = await loadMockLlmServer();
  const mock = await startMockLlmServer();
  const sink = await startOtlpSink();
  try {
    if (options.profile) {
      await profile({ node: nodes[0], scenarios, modes, apps, sink, mock, options });
      return;
    }
    const context = { nodes, scenarios, modes, apps, sink, mock, options };
    const results = {
      calls: options.runs.includes('calls') ? await perCall(context) : [],
      startup: options.runs.includes('startup') ? await startup(context) : [],
      memory: options.runs.includes('memory') ? await memory(context) : [],
    };
    const targets = (await importTypeScript(new URL('./targets.ts', import.meta.url))).checkTargets(
      results.calls.map((r) => ({ ...r, spansPerCall: r.exportsOtlp ? r.exportedSpansPerCall : undefined })),
      results.startup,
      results.memory,
    );
    const document = {
      command: ['npm', 'run', 'bench', '--', ...process.argv.slice(2)].join(' '),
      started,
      finished: new Date(),
      machine: machineAtStart,
      machineAtEnd: machine(),
      options,
      tarball: path.basename(tarball),
      nodes,
      apps,
      modes,
      scenarios,
      results,
      targets,
    };
    process.stdout.write(report(document));
    const out = writeResults(document, options);
    log(`results written to ${path.relative(process.cwd(), out)}`);
  } finally {
    if (tty) process.stderr.write(`\r${''.padEnd(108)}\r`);
    await sink.close();
    await mock.close();
  }
}

main().catch((error) => {
  process.stderr.write(`\n${error?.message ?? error}\n`);
  process.exit(1);
});
