/** The command line of `npm run bench`: the usage text and its parser. */

export const USAGE = `usage: npm run bench -- [options]

What runs (default: all three runs, every workload and mode, on Node 22 and 26)
  --node <list>          Node majors to run the children with, e.g. 22 or 22,26 (default 22,26);
                         each comes from toolchain/node<major> (installed on first use)
  --runs <list>          calls, startup, memory (default all)
  --workloads <list>     workloads whose file name contains one of these, e.g. openai or stream
  --modes <list>         modes whose file name (bench/modes/) contains one of these, e.g.
                         agentsight-default,peer; the baselines they need are always added
  --peers <list>         peer modes to keep (contrib, traceloop, openinference, or none)
  --app <cjs|esm>        the per-call and memory apps: CommonJS, require('openai') (default), or
                         ESM, import('openai'); the peers' README setups are CommonJS, so esm
                         leaves them out

How much (the issue's statistic: median over interleaved rounds)
  --rounds <n>           rounds of interleaved children per workload (default 13)
  --iterations <n>       timed calls per child (default 300)
  --warmup <n>           untimed calls first in each child (default 200)
  --pairs <n>            start-up pairs, plain and instrumented back to back (default 17)
  --memory-calls <n>     calls measured by the memory run (default 20000)
  --memory-warmup <n>    calls before its first reading (default 1000)
  --quick                a smoke run: 3 rounds x 60 calls (30 warm-up), 3 pairs, memory 2000
                         after 200; options given explicitly still win

Output
  --out <file>           the JSON results (default bench/results/<date>T<time>-node<list>.json,
                         with -quick in the name for --quick)

Profiling instead of benchmarking (writes .cpuprofile files to .tmp/bench/profiles/)
  --profile <mode>       one child of that mode under --cpu-prof: the first selected workload
                         (--workloads), --iterations calls (default 2000); prints self time by
                         package and the top functions
  --startup <cjs|esm>    with --profile: profile the start-up app instead of the calls
  --top <n>              functions listed (default 25)

  --help                 this text
`;

const DEFAULTS = {
  node: ['22', '26'],
  runs: ['calls', 'startup', 'memory'],
  workloads: [],
  modes: [],
  peers: undefined,
  app: 'cjs',
  rounds: 13,
  iterations: 300,
  warmup: 200,
  pairs: 17,
  memoryCalls: 20_000,
  memoryWarmup: 1_000,
  quick: false,
  out: undefined,
  profile: undefined,
  startup: undefined,
  top: 25,
};

const QUICK = { rounds: 3, iterations: 60, warmup: 30, pairs: 3, memoryCalls: 2_000, memoryWarmup: 200 };

const list = (v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Parses argv; returns the options, or `{ help: true }`. Throws with the usage on a bad argument. */
export function parseArgs(argv) {
  const given = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value\n\n${USAGE}`);
      return v;
    };
    const count = (min = 1) => {
      const n = Number(value());
      if (!Number.isInteger(n) || n < min) throw new Error(`${arg} needs a whole number of at least ${min}\n\n${USAGE}`);
      return n;
    };
    if (arg === '--help' || arg === '-h') return { help: true };
    if (arg === '--node') given.node = list(value());
    else if (arg === '--runs') given.runs = list(value());
    else if (arg === '--workloads') given.workloads = list(value());
    else if (arg === '--modes') given.modes = list(value());
    else if (arg === '--peers') given.peers = list(value());
    else if (arg === '--app') given.app = value();
    else if (arg === '--rounds') given.rounds = count();
    else if (arg === '--iterations') given.iterations = count();
    else if (arg === '--warmup') given.warmup = count(0);
    else if (arg === '--pairs') given.pairs = count();
    else if (arg === '--memory-calls') given.memoryCalls = count();
    else if (arg === '--memory-warmup') given.memoryWarmup = count(0);
    else if (arg === '--quick') given.quick = true;
    else if (arg === '--out') given.out = value();
    else if (arg === '--profile') given.profile = value();
    else if (arg === '--startup') given.startup = value();
    else if (arg === '--top') given.top = count();
    else throw new Error(`unknown option ${arg}\n\n${USAGE}`);
  }
  const options = { ...DEFAULTS, ...(given.quick ? QUICK : {}), ...given };
  if (given.profile && given.iterations === undefined) options.iterations = 2_000;
  const badRun = options.runs.find((r) => !DEFAULTS.runs.includes(r));
  if (badRun) throw new Error(`--runs takes ${DEFAULTS.runs.join(', ')}, not ${badRun}`);
  if (!['cjs', 'esm'].includes(options.app)) throw new Error('--app takes cjs or esm');
  if (options.startup !== undefined && !['cjs', 'esm'].includes(options.startup)) throw new Error('--startup takes cjs or esm');
  if (options.startup !== undefined && !options.profile) throw new Error('--startup goes with --profile <mode>');
  return options;
}
