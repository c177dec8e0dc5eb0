// Measures `agentsight ui` over a large store (default 10,000 sessions): the one-time indexing,
// a start with the index in place, the first page of the list (over HTTP and, when Chromium is
// installed, in the browser: from navigation to the first row on screen), a filtered page, and a
// free-text search through captured content. Prints a table; asserts nothing.
//
//   bash scripts/supported-node.sh node scripts/ui-bench.mjs [--sessions 10000] [--keep]
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : process.argv[i + 1];
};
const SESSIONS = Number(arg('--sessions', '10000'));
const CHROMIUM = '/usr/bin/chromium';

if (spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' }).status !== 0) process.exit(1);
const { encodeRecord, sessionFileName, SESSIONS_FOLDER } = await import(path.join(root, 'dist', 'src', 'store', 'format.js'));
const { summarizeSpans } = await import(path.join(root, 'dist', 'src', 'store', 'summary.js'));

/** A session like a small agent run: an agent, three LLM calls with their messages, a tool call. */
function writeSession(dir, i, startMs) {
  const id = (BigInt(i) * 0x9e3779b97f4a7c15n).toString(16).padStart(32, '0').slice(-32);
  let n = 0;
  const span = (name, kind, parent, at, duration, attributes) => ({
    t: 'span',
    v: 1,
    sessionId: id,
    traceId: id,
    spanId: (++n).toString(16).padStart(16, '0'),
    ...(parent ? { parentSpanId: parent.spanId } : {}),
    name,
    kind: kind === 'llm' ? 'CLIENT' : 'INTERNAL',
    startMs: startMs + at,
    endMs: startMs + at + duration,
    status: i % 17 === 0 && kind === 'tool' ? { code: 'ERROR', message: 'timeout' } : { code: 'UNSET' },
    attributes: { 'session.id': id, 'agentsight.span.kind': kind, ...attributes },
    events: [],
  });
  const root = span(`session job-${i}`, 'session', undefined, 0, 4000, {});
  const agent = span('invoke_agent worker', 'agent', root, 10, 3900, { 'gen_ai.agent.name': 'worker' });
  const model = ['gpt-4o-mini', 'gpt-4o', 'claude-sonnet-4-5'][i % 3];
  const spans = [];
  for (let c = 0; c < 3; c++) {
    const prompt =
      `Task ${i}.${c}: summarise ticket ${i * 7 + c} about ${['billing', 'shipping', 'login', 'refunds'][(i + c) % 4]}. `.repeat(8);
    spans.push(
      span(`chat ${model}`, 'llm', agent, 20 + c * 1200, 1000, {
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': model,
        'gen_ai.usage.input_tokens': 800 + (i % 50),
        'gen_ai.usage.output_tokens': 120,
        'agentsight.cost.usd': 0.0004 + (i % 10) * 0.0001,
        'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: prompt }] }]),
        'gen_ai.output.messages': JSON.stringify([
          { role: 'assistant', parts: [{ type: 'text', content: `Summary ${i}.${c}: resolved.`.repeat(4) }], finish_reason: 'stop' },
        ]),
      }),
    );
  }
  spans.push(
    span('execute_tool lookup', 'tool', agent, 1100, 80, { 'gen_ai.tool.name': 'lookup', 'gen_ai.tool.call.result': `{"ticket":${i}}` }),
  );
  // One session in the whole store says this; the search below looks for it.
  if (i === Math.floor(SESSIONS * 0.9))
    spans[0].attributes['gen_ai.input.messages'] = JSON.stringify([
      { role: 'user', parts: [{ type: 'text', content: 'the needle-in-the-haystack' }] },
    ]);
  const records = [
    {
      t: 'session_start',
      v: 1,
      id,
      name: `job-${i}`,
      tags: [i % 2 ? 'nightly' : 'adhoc'],
      attributes: {},
      startMs,
      pid: 1,
      hostname: 'bench',
      serviceName: 'bench',
      auto: false,
    },
    ...spans,
    agent,
    root,
    {
      t: 'session_end',
      v: 1,
      id,
      endMs: startMs + 4000,
      state: i % 17 === 0 ? 'fail' : 'success',
      summary: summarizeSpans([...spans, agent]),
    },
  ];
  fs.writeFileSync(path.join(dir, SESSIONS_FOLDER, sessionFileName(startMs, id)), records.map(encodeRecord).join(''));
}

function startUi(dir) {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(root, 'dist', 'src', 'cli', 'main.js'), 'ui', '--port', '0', '--dir', dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      const url = /agentsight ui: (\S+)/.exec(out)?.[1];
      if (url) resolve({ url, out, child, readyMs: performance.now() - started });
    });
    child.on('close', (code) => reject(new Error(`agentsight ui exited (${code}): ${out}`)));
  });
}

async function timed(fn) {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

const getJson = async (url) => (await fetch(url)).json();

/** The first page as a user sees it: navigation to the first row drawn, in headless Chromium. */
async function browserFirstPage(url) {
  if (!fs.existsSync(CHROMIUM)) return undefined;
  const { chromium } = await import('playwright-core');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'agentsight-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto('about:blank');
    const { ms } = await timed(async () => {
      await page.goto(url);
      await page.waitForSelector('.session-row');
    });
    return ms;
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

const store = fs.mkdtempSync(path.join(os.tmpdir(), 'agentsight-ui-bench-'));
fs.mkdirSync(path.join(store, SESSIONS_FOLDER), { recursive: true });
const gen = await timed(() => {
  const t0 = Date.UTC(2026, 10, 1);
  for (let i = 0; i < SESSIONS; i++) writeSession(store, i, t0 + i * 60_000);
});
const bytes = fs
  .readdirSync(path.join(store, SESSIONS_FOLDER))
  .reduce((sum, f) => sum + fs.statSync(path.join(store, SESSIONS_FOLDER, f)).size, 0);

const rows = [];
// 1. The first start: no index yet, every session is read once.
const cold = await startUi(store);
rows.push(['first start: index built, URL printed', `${Math.round(cold.readyMs)} ms`, cold.out.split('\n')[0]]);
rows.push(['first page over HTTP (50 rows)', `${Math.round((await timed(() => getJson(`${cold.url}api/sessions?limit=50`))).ms)} ms`, '']);
cold.child.kill('SIGTERM');
await new Promise((r) => cold.child.on('close', r));

// 2. Later starts: the index is read back, only changed files are read.
const warm = await startUi(store);
rows.push([
  'later start: index reused, URL printed',
  `${Math.round(warm.readyMs)} ms`,
  warm.out.trim() === '' ? '' : warm.out.split('\n')[0],
]);
const page = await timed(() => getJson(`${warm.url}api/sessions?limit=50`));
rows.push(['first page over HTTP (50 rows)', `${Math.round(page.ms)} ms`, `${page.value.total} sessions`]);
const inBrowser = await browserFirstPage(warm.url);
rows.push([
  'first page in Chromium (navigation to first row)',
  inBrowser === undefined ? 'no Chromium' : `${Math.round(inBrowser)} ms`,
  '',
]);
const filtered = await timed(() => getJson(`${warm.url}api/sessions?limit=50&state=fail&tag=nightly&minCost=0.0008`));
rows.push(['filtered page (state, tag, cost)', `${Math.round(filtered.ms)} ms`, `${filtered.value.matched} match`]);
const search = await timed(async () => {
  let answer;
  let requests = 0;
  do {
    answer = await getJson(`${warm.url}api/sessions?limit=50&q=needle-in-the-haystack`);
    requests++;
  } while (!answer.search.complete);
  return { answer, requests };
});
rows.push([
  'content search, whole store (cold)',
  `${Math.round(search.ms)} ms`,
  `${search.value.answer.matched} match, ${search.value.requests} requests`,
]);
const again = await timed(() => getJson(`${warm.url}api/sessions?limit=50&q=needle-in-the-haystack`));
rows.push(['the same search again (answers kept)', `${Math.round(again.ms)} ms`, '']);
const sessionView = await timed(() => getJson(`${warm.url}api/sessions/${page.value.rows[0].id}`));
rows.push(['one session (spans, chat, totals)', `${Math.round(sessionView.ms)} ms`, '']);
warm.child.kill('SIGTERM');
await new Promise((r) => warm.child.on('close', r));

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(
  `\nagentsight ui over ${SESSIONS.toLocaleString('en-US')} sessions (${(bytes / 1e6).toFixed(1)} MB, written in ${Math.round(gen.ms)} ms)`,
);
console.log(`Node ${process.versions.node}, ${cpu} x${os.cpus().length}, ${new Date().toISOString().slice(0, 10)}\n`);
const w = [Math.max(...rows.map((r) => r[0].length)), Math.max(...rows.map((r) => r[1].length))];
for (const [what, time, note] of rows) console.log(`${what.padEnd(w[0])}  ${time.padStart(w[1])}  ${note}`);
if (process.argv.includes('--keep')) console.log(`\nstore kept: ${store}`);
else fs.rmSync(store, { recursive: true, force: true });
