// A micro-benchmark of what the reliability work added to the caller's path: content serialized
// once with the built-in redaction of secrets, and the guards around the recorder's steps. It runs
// in-process against a build of agentsight (no network, no exporter), so that only our own code is
// timed: a traced chat call (JSON, and a 50-chunk stream) through the real provider mapping and
// recorder, a traced tool call, and the content serializer on its own.
//
//   node bench/micro/content-and-guards.mjs [--root <checkout with a built dist/>] [--rounds 7] [--json]
//
// Run it on two checkouts (before and after a change) and compare. Each line: the scenario, then
// the best round's mean time per operation (the machine's noise only ever adds time, so on a
// shared machine the best round is the steadiest figure), the median round's, and the worst's.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const root = path.resolve(option('--root', path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..')));
const rounds = Number(option('--rounds', '7'));
const asJson = args.includes('--json');
const require = createRequire(path.join(root, 'package.json'));
const dist = (file) => require(path.join(root, 'dist', file));

const agentsight = dist('src/index.js');
const { tracedCall } = dist('instrumentations/base/traced-call.js');
const { chatPlan } = dist('instrumentations/openai/call-plans.js');
const { getLogger } = dist('src/diag.js');
const capped = dist('src/content/capped-json.js');
const log = getLogger('bench');

// A typical agent turn: a system prompt, a few turns, a tool result; about 1.5 KB of JSON.
const messages = [
  { role: 'system', content: 'You are a travel assistant. Answer briefly and use the tools when a fact is needed.' },
  { role: 'user', content: 'Plan two days in Lisbon in March for a family of four, with one museum and one beach.' },
  {
    role: 'assistant',
    content: null,
    tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Lisbon","month":"March"}' } }],
  },
  { role: 'tool', tool_call_id: 'call_1', content: JSON.stringify({ city: 'Lisbon', highC: 19, lowC: 10, rainDays: 9 }) },
  { role: 'user', content: 'Also, which neighbourhood should we stay in? We like quiet streets and good bakeries.' },
];
const answer = {
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created: 0,
  model: 'gpt-4o-mini-2024-07-18',
  choices: [
    {
      index: 0,
      message: {
        role: 'assistant',
        content: 'Stay in Campo de Ourique: quiet streets, the market, bakeries. Day 1: ... Day 2: ...'.repeat(4),
      },
      finish_reason: 'stop',
    },
  ],
  usage: { prompt_tokens: 412, completion_tokens: 160, total_tokens: 572 },
};
const chunks = Array.from({ length: 50 }, (_, i) => ({
  id: 'chatcmpl-bench',
  object: 'chat.completion.chunk',
  model: 'gpt-4o-mini-2024-07-18',
  choices: [{ index: 0, delta: { content: `word${i} ` }, finish_reason: i === 49 ? 'stop' : null }],
}));
const bigPrompt = [{ role: 'user', content: 'lorem ipsum dolor sit amet '.repeat(40_000) }];

function stream() {
  return {
    controller: new AbortController(),
    async *iterator() {
      yield* chunks;
    },
  };
}

const body = { model: 'gpt-4o-mini', messages };
const streamBody = { ...body, stream: true };
const tool = agentsight.traceTool('get_weather', async (args) => ({ city: args.city, highC: 19, lowC: 10 }));

const scenarios = {
  'chat JSON call': async () => {
    await tracedCall(
      () => Promise.resolve(answer),
      undefined,
      [body],
      () => chatPlan(undefined, [body]),
      log,
    );
  },
  'chat stream, 50 chunks': async () => {
    const s = await tracedCall(
      () => Promise.resolve(stream()),
      undefined,
      [streamBody],
      () => chatPlan(undefined, [streamBody]),
      log,
    );
    for await (const _ of { [Symbol.asyncIterator]: () => s.iterator() });
  },
  'tool call': async () => {
    await tool({ city: 'Lisbon', month: 'March' });
  },
};

const serializers = {
  'content JSON, 1.5 KB': () => capped.toCappedJson(messages, 16_384, true),
  'content JSON, 1 MB prompt (capped)': () => capped.toCappedJson(bigPrompt, 16_384, true),
};
const redactionFile = path.join(root, 'dist', 'src', 'content', 'redaction.js');
if (fs.existsSync(redactionFile)) {
  const { redactSecrets } = require(redactionFile);
  const prose = JSON.stringify(bigPrompt).slice(0, 16_384);
  serializers['redactSecrets alone, 16 KB'] = () => redactSecrets(prose);
}

/** Mean time per operation of `fn` over a timed batch, in microseconds. */
async function measure(fn, ops) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < ops; i++) await fn();
  return Number(process.hrtime.bigint() - start) / 1000 / ops;
}

const modes = [
  ['capture on, redaction on (default)', {}],
  ['capture on, redaction off', { redact: false }],
  ['capture off', { captureContent: false }],
];
const opsOf = (name) => (name.startsWith('chat stream') ? 300 : 1500);

/** One pass over every mode and scenario: the mean time per operation of each, by key. */
async function pass(ops) {
  const out = new Map();
  for (const [mode, options] of modes) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentsight-bench-'));
    agentsight.init({ dir, exporters: ['none'], autoSession: false, logLevel: 'error', ...options });
    await agentsight.withSession({ name: 'bench' }, async () => {
      for (const [name, fn] of Object.entries(scenarios)) out.set(`${name}|${mode}`, await measure(fn, ops(name)));
    });
    await agentsight.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  // (A build without redaction ignores the third argument: there, this is the serializer alone.)
  for (const [name, fn] of Object.entries(serializers)) out.set(`${name}|redaction on`, await measure(fn, ops(name) / 3));
  return out;
}

// Modes and scenarios take turns in every round, so that a slow moment of a shared machine falls on all of them.
await pass((name) => opsOf(name) / 5); // warm-up
const samples = new Map();
for (let r = 0; r < rounds; r++) {
  for (const [key, mean] of await pass(opsOf)) samples.set(key, [...(samples.get(key) ?? []), mean]);
}
const results = [...samples].map(([key, means]) => {
  const [scenario, mode] = key.split('|');
  means.sort((a, b) => a - b);
  return { scenario, mode, median: means[Math.floor(means.length / 2)], min: means[0], max: means[means.length - 1] };
});

if (asJson) {
  process.stdout.write(`${JSON.stringify({ root, node: process.version, cpu: os.cpus()[0]?.model, results }, null, 2)}\n`);
} else {
  process.stdout.write(`agentsight ${root}\nNode ${process.version}, ${os.cpus()[0]?.model}, ${rounds} rounds\n\n`);
  for (const r of results) {
    const us = (n) => `${n.toFixed(1).padStart(8)} us`;
    process.stdout.write(`${`${r.scenario} (${r.mode})`.padEnd(62)} best ${us(r.min)}  median ${us(r.median)}  worst ${us(r.max)}\n`);
  }
}
