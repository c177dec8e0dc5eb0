/** What a run prints (markdown tables) and writes (JSON in bench/results/). */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BENCH } from './apps.mjs';

/** The machine, for the header and the JSON; call at the start and at the end of a run. */
export function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown CPU',
    cpus: cpus.length,
    platform: `${os.platform()} ${os.arch()}`,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    loadAverage: os.loadavg().map((n) => Number(n.toFixed(2))),
  };
}

const ratio = (n) => (Number.isFinite(n) ? n.toFixed(2) : 'n/a');
const ms = (n) => (Number.isFinite(n) ? `${n >= 0 ? '+' : ''}${n.toFixed(0)}` : 'n/a');
const mb = (n) => `${n >= 0 ? '+' : ''}${n.toFixed(1)}`;
/** A markdown table; the first `left` columns are text, the others numbers (right-aligned). */
const table = (head, rows, left = 2) =>
  [
    `| ${head.join(' | ')} |`,
    `|${head.map((_, i) => (i < left ? '---' : '---:')).join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

/** The versions a header names: agentsight, the SDKs, each peer and the peers' OpenTelemetry SDK. */
function versionLine(apps) {
  const of = (pkg, list = Object.values(apps)) => [...new Set(list.map((a) => a.versions[pkg]).filter(Boolean))].join(' and ');
  const parts = [
    `agentsight ${of('agentsight') || 'n/a'} (packed)`,
    `openai ${of('openai')}`,
    `@anthropic-ai/sdk ${of('@anthropic-ai/sdk')}`,
    `@opentelemetry/api ${of('@opentelemetry/api')}`,
  ];
  for (const pkg of [
    '@opentelemetry/instrumentation-openai',
    '@traceloop/instrumentation-openai',
    '@arizeai/openinference-instrumentation-openai',
  ]) {
    if (of(pkg)) parts.push(`${pkg} ${of(pkg)}`);
  }
  const peers = Object.values(apps).filter((a) => a.setup);
  const sdk = of('@opentelemetry/sdk-trace', peers);
  const sdkNode = of('@opentelemetry/sdk-node', peers);
  if (sdk || sdkNode)
    parts.push(`the peers on ${[sdk && `@opentelemetry/sdk-trace ${sdk}`, sdkNode && `sdk-node ${sdkNode}`].filter(Boolean).join(', ')}`);
  return parts.join(', ');
}

function header(doc) {
  const m = doc.machine;
  return [
    `agentsight bench, ${doc.started.toISOString().slice(0, 16).replace('T', ' ')} UTC: ${m.cpu} (${m.cpus} CPUs), ${m.platform}, load average ${m.loadAverage[0]} at start, ${doc.machineAtEnd.loadAverage[0]} at end${doc.options.quick ? ' (--quick: a smoke run)' : ''}`,
    `Node ${doc.nodes.map((n) => n.version).join(', ')}; ${versionLine(doc.apps)}`,
  ].join('\n');
}

function callsTable(doc) {
  const rows = doc.results.calls;
  if (rows.length === 0) return '';
  const o = doc.options;
  const columns = doc.modes.filter((m) => m.kind !== 'baseline');
  const lines = [];
  for (const node of doc.nodes) {
    for (const scenario of doc.scenarios) {
      const here = rows.filter((r) => r.node === node.major && r.workload === scenario.id);
      if (here.length === 0) continue;
      const baselines = here.filter((r) => r.modeKind === 'baseline').map((r) => r.medianUs.toFixed(0));
      lines.push([
        node.major,
        scenario.name,
        baselines.join(' / '),
        ...columns.map((m) => {
          const r = here.find((x) => x.mode === m.id);
          return r ? `${ratio(r.ratio)} (${ratio(r.p95Ratio)})` : 'n/a';
        }),
      ]);
    }
  }
  const baselineNames = doc.modes.filter((m) => m.kind === 'baseline').map((m) => m.name);
  const notes = [];
  for (const r of rows) {
    if (r.exportsOtlp && r.mode !== 'agentsight-provider-off' && r.exportedSpansPerCall < 0.5) {
      notes.push(
        `- Node ${r.node}, ${r.workload}, ${r.mode}: only ${r.exportedSpansPerCall.toFixed(2)} spans per call reached the sink; is it recording?`,
      );
    }
    for (const line of r.stderr)
      notes.push(`- Node ${r.node}, ${r.workload}, ${r.mode} printed on stderr: ${line.split('\n')[0].slice(0, 160)}`);
  }
  return [
    `Per call, ${o.app === 'esm' ? 'ESM app (import)' : 'CommonJS app (require)'}: ${o.rounds} rounds x ${o.iterations} calls per child (after ${o.warmup} warm-up calls), modes interleaved; each cell is the median over the rounds of the mode's median per call divided by its SDK's alone in the same round, and in brackets the same for the p95. Ratios less than 0.05 apart tie.`,
    '',
    table(['Node', 'workload', `${baselineNames.join(' / ')}, µs/call`, ...columns.map((m) => m.name)], lines),
    ...(notes.length ? ['', ...new Set(notes)] : []),
  ].join('\n');
}

function startupTable(doc) {
  const rows = doc.results.startup;
  if (rows.length === 0) return '';
  return [
    `Start-up: ${doc.options.pairs} pairs per row (the app plain and instrumented back to back, order alternating); the app loads openai and @anthropic-ai/sdk and makes one client of each; agentsight without OTLP (its default configuration, with both providers switched off, or switched off whole, as the row says). Medians of the paired differences; CPU is user + system.`,
    '',
    table(
      ['Node', 'app', 'instrumented with', 'plain ms', 'added ms', 'added ms, quartiles', 'added CPU ms'],
      rows.map((r) => [
        r.node,
        r.format === 'cjs' ? `CommonJS, ${r.args.join(' ')}` : `ESM, ${r.args.join(' ')}`,
        r.modeName,
        r.plainMs.toFixed(0),
        ms(r.addedMs),
        `${ms(r.addedMsQ1)} to ${ms(r.addedMsQ3)}`,
        ms(r.addedCpuMs),
      ]),
      3,
    ),
  ].join('\n');
}

function memoryTable(doc) {
  const rows = doc.results.memory;
  if (rows.length === 0) return '';
  const lines = [];
  for (const r of rows) {
    lines.push([r.node, 'RSS growth, MB', mb(r.plain.rssGrowthMb), mb(r.instrumented.rssGrowthMb), mb(r.rssGrowthMb)]);
    lines.push([r.node, 'heap growth, MB', mb(r.plain.heapGrowthMb), mb(r.instrumented.heapGrowthMb), mb(r.heapGrowthMb)]);
  }
  const r = rows[0];
  return [
    `Memory: ${r.workload}, ${r.warmup} warm-up calls, a GC, then ${r.calls} calls and a last GC; growth from the first GC to the last. Plain is the same app without agentsight.`,
    '',
    table(['Node', '', 'plain', rows[0].modeName, 'difference'], lines),
  ].join('\n');
}

function targetsTable(doc) {
  if (doc.targets.length === 0) return '';
  const mark = { met: 'met', missed: '**missed**', tie: 'tie' };
  return [
    'Targets of issue 16 (agentsight default configuration unless named):',
    '',
    table(
      ['target', 'Node', 'subject', 'value', 'verdict'],
      doc.targets.map((t) => [t.target, t.node, t.subject, t.value, mark[t.verdict]]),
      3,
    ),
  ].join('\n');
}

/** The printed report: header, then one table per run, then the targets. */
export function report(doc) {
  return `${[header(doc), callsTable(doc), startupTable(doc), memoryTable(doc), targetsTable(doc)].filter(Boolean).join('\n\n')}\n`;
}

/** Writes the run's JSON; returns its path. */
export function writeResults(doc, options) {
  const stamp = doc.started.toISOString().slice(0, 16).replace(':', '');
  const out = options.out
    ? path.resolve(options.out)
    : path.join(BENCH, 'results', `${stamp}-node${doc.nodes.map((n) => n.major).join('+')}${options.quick ? '-quick' : ''}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const modes = doc.modes.map(({ id, name, kind, app, baseline, providers, nodeArgs, startup }) => ({
    id,
    name,
    kind,
    app,
    baseline,
    providers,
    nodeArgs,
    startupArgs: startup ? { cjs: startup.cjs, esm: startup.esm } : undefined,
  }));
  const scenarios = doc.scenarios.map(({ id, name, sdk, kind }) => ({ id, name, sdk, kind }));
  const apps = Object.fromEntries(
    Object.entries(doc.apps).map(([name, a]) => [name, { versions: a.versions, opentelemetry: a.opentelemetry }]),
  );
  fs.writeFileSync(out, `${JSON.stringify({ ...doc, modes, scenarios, apps }, null, 2)}\n`);
  return out;
}

/** What `--profile` prints: percentages are of the busy time (idle is the wait for the mock). */
export function profileReport({ mode, node, what, file, summary }) {
  const busy = summary.totalMs - summary.idleMs;
  const pct = (x) => `${((100 * x) / busy).toFixed(1)}%`;
  return [
    `profile: ${mode.name} (${mode.id}), Node ${node.version}, ${what}`,
    `${file} (open it in Chrome DevTools or VS Code for the flame chart)`,
    `${summary.totalMs.toFixed(0)} ms sampled, ${busy.toFixed(0)} ms busy (the rest idle, waiting for the mock); percentages are of the busy time`,
    '',
    table(
      ['package', 'self ms', 'self', 'on stack ms', 'on stack'],
      summary.groups.flatMap((g) => [
        [g.group, g.selfMs.toFixed(1), pct(g.selfMs), g.onStackMs.toFixed(1), pct(g.onStackMs)],
        ...(g.group === 'node internals'
          ? summary.nodeAreas.slice(0, 8).map((a) => [`· ${a.area}`, a.selfMs.toFixed(1), pct(a.selfMs), '', ''])
          : []),
      ]),
      1,
    ),
    '',
    table(
      ['function', 'package', 'where', 'self ms', 'self'],
      summary.functions.map((f) => [f.name, f.package, f.location, f.selfMs.toFixed(1), pct(f.selfMs)]),
      3,
    ),
    '',
  ].join('\n');
}
