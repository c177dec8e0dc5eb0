// What a session costs by sampling outcome, what a console line costs under LogCapture, and what
// `agentsight/register` adds to the start of a CommonJS app. A standalone measurement (issue 18),
// until the benchmark gains these scenarios: run it on a supported Node after `npm run build`.
//
//   node bench/sampled-out-session.mjs [--sessions 2000] [--lines 20000] [--rounds 7] [--starts 15]
//
// Each (mode, round) runs in a fresh child process, modes shuffled within a round. A session is
// `withSession` > `withAgent` > `withTool` (arguments and result as content) with two console
// lines; the console writes to a stream that drops everything, so the terminal's speed is not
// measured. Per round, a child prints the mean time per session (or line) after a warm-up; the
// table gives the median over the rounds and its ratio to agentsight being off. Start-up is the
// wall time of `node [--require dist/register.js] empty.cjs`, median over the runs.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const SESSION_MODES = {
  off: {},
  kept: { AGENTSIGHT_SAMPLE_RATE: '1' },
  'sampled out': { AGENTSIGHT_SAMPLE_RATE: '0' },
  'sampled out, held (keep-failed)': { AGENTSIGHT_SAMPLE_RATE: '0', AGENTSIGHT_KEEP_FAILED_SESSIONS: 'true' },
  'kept, log capture off': { AGENTSIGHT_SAMPLE_RATE: '1', AGENTSIGHT_CAPTURE_LOGS: 'false' },
};

const LINE_MODES = {
  'console not patched': { AGENTSIGHT_CAPTURE_LOGS: 'false' },
  'patched, no session open': {},
  'in a kept session': { LINES_IN_SESSION: '1' },
  'in a sampled-out session': { LINES_IN_SESSION: '1', AGENTSIGHT_SAMPLE_RATE: '0' },
};

async function child(kind, count) {
  const { Console } = await import('node:console');
  const { Writable } = await import('node:stream');
  const sink = new Writable({ write: (_chunk, _encoding, callback) => callback() });
  globalThis.console = new Console({ stdout: sink, stderr: sink });
  const require = (await import('node:module')).createRequire(import.meta.url);
  const agentsight = require(root);
  if (process.env.MODE !== 'off') agentsight.init({ autoSession: false });
  const { withSession, withAgent, withTool, startSession } = agentsight;

  const session = async (i) =>
    withSession({ name: 'bench' }, () =>
      withAgent('planner', async () => {
        await withTool({ name: 'lookup', args: { query: `item ${i}`, limit: 10 } }, async () => {
          console.log('looking up item %d', i);
          return { found: true, items: [1, 2, 3] };
        });
        console.warn('planner done with %o', { i });
      }),
    );
  const line = (i) => console.log('line %d of the benchmark: %o', i, { i, ok: true });

  const time = async (fn, n) => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await fn(i);
    return Number(process.hrtime.bigint() - start) / 1000 / n;
  };
  let perItem;
  if (kind === 'sessions') {
    await time(session, Math.ceil(count / 5));
    perItem = await time(session, count);
  } else {
    const run = (n) => {
      const start = process.hrtime.bigint();
      for (let i = 0; i < n; i++) line(i);
      return Number(process.hrtime.bigint() - start) / 1000 / n;
    };
    const timed = (n) => {
      if (!process.env.LINES_IN_SESSION) return run(n);
      const s = startSession({ name: 'lines' });
      try {
        return s.run(() => run(n));
      } finally {
        s.end();
      }
    };
    timed(Math.ceil(count / 5));
    perItem = timed(count);
  }
  await agentsight.shutdown();
  process.stdout.write(`${JSON.stringify({ perItem })}\n`);
}

function runChild(kind, mode, env, count, dir) {
  const result = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', kind, '--count', String(count)], {
    env: { ...cleanEnv(), ...env, MODE: mode, AGENTSIGHT_DIR: dir, AGENTSIGHT_LOG_LEVEL: 'error' },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`${kind}/${mode} failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop()).perItem;
}

function cleanEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AGENTSIGHT_') && !k.startsWith('OTEL_')));
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function shuffle(list) {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function measure(kind, modes, count, rounds) {
  const samples = Object.fromEntries(Object.keys(modes).map((m) => [m, []]));
  for (let r = 0; r < rounds; r++) {
    for (const mode of shuffle(Object.keys(modes))) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentsight-bench-'));
      samples[mode].push(runChild(kind, mode, modes[mode], count, dir));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const base = median(Object.values(samples)[0]);
  return Object.entries(samples).map(([mode, values]) => ({ mode, us: median(values), ratio: median(values) / base }));
}

function startUp(runs) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentsight-bench-start-'));
  fs.writeFileSync(path.join(dir, 'empty.cjs'), '');
  const register = path.join(root, 'dist', 'register.js');
  const variants = {
    'node empty.cjs': { args: [], env: {} },
    '--require agentsight/register': { args: ['--require', register], env: {} },
    '--require agentsight/register, log capture off': { args: ['--require', register], env: { AGENTSIGHT_CAPTURE_LOGS: 'false' } },
  };
  const samples = Object.fromEntries(Object.keys(variants).map((v) => [v, []]));
  for (let r = 0; r < runs; r++) {
    for (const name of shuffle(Object.keys(variants))) {
      const { args, env } = variants[name];
      const start = process.hrtime.bigint();
      const result = spawnSync(process.execPath, [...args, 'empty.cjs'], {
        cwd: dir,
        env: { ...cleanEnv(), ...env, AGENTSIGHT_DIR: path.join(dir, 'store') },
      });
      if (result.status !== 0) throw new Error(`${name} failed: ${result.stderr}`);
      samples[name].push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  const base = median(samples['node empty.cjs']);
  return Object.entries(samples).map(([name, values]) => ({ name, ms: median(values), added: median(values) - base }));
}

const { values } = parseArgs({
  options: {
    child: { type: 'string' },
    count: { type: 'string' },
    sessions: { type: 'string', default: '2000' },
    lines: { type: 'string', default: '20000' },
    rounds: { type: 'string', default: '7' },
    starts: { type: 'string', default: '15' },
  },
});

if (values.child) {
  await child(values.child, Number(values.count));
} else {
  if (!fs.existsSync(path.join(root, 'dist', 'register.js'))) throw new Error('run `npm run build` first');
  const rounds = Number(values.rounds);
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `Node ${process.version}, ${cpu} (${os.cpus().length} cores), ${new Date().toISOString().slice(0, 10)}; median of ${rounds} rounds\n`,
  );
  console.log(`per session (${values.sessions} sessions a round: session > agent > tool, two console lines)`);
  for (const r of measure('sessions', SESSION_MODES, Number(values.sessions), rounds)) {
    console.log(`  ${r.mode.padEnd(34)} ${r.us.toFixed(1).padStart(8)} us  ×${r.ratio.toFixed(2)}`);
  }
  console.log(`\nper console.log line (${values.lines} lines a round, formatted object)`);
  for (const r of measure('lines', LINE_MODES, Number(values.lines), rounds)) {
    console.log(`  ${r.mode.padEnd(34)} ${r.us.toFixed(2).padStart(8)} us  ×${r.ratio.toFixed(2)}`);
  }
  console.log(`\nstart-up of an empty CommonJS app (median of ${values.starts} runs)`);
  for (const r of startUp(Number(values.starts))) {
    console.log(`  ${r.name.padEnd(48)} ${r.ms.toFixed(1).padStart(7)} ms  +${r.added.toFixed(1)} ms`);
  }
}
