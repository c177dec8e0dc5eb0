/**
 * Load: many concurrent sessions of 20 LLM calls each (OpenAI JSON and stream calls against the
 * mock server), exported to the local store and over OTLP at once. Every span arrives exactly once,
 * in the right session, in both places, and nothing is dropped; the child reports its peak RSS.
 *
 * CI runs 100 sessions; `AGENTSIGHT_LOAD_FULL=1` runs the full size, 1,000 sessions
 * (21,000 spans). The figures are printed (`LOAD ...`) for the closing note. The sessions are all
 * open at once and share a pool of 100 HTTP requests in flight, as an app's connection pool would
 * (1,000 simultaneous connects overflow the mock server's listen backlog).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listSessionFiles, readSession } from '../../src/store/reader';
import { startMockLlmServer, type MockLlmServer } from '../support/mock-llm-server';
import { startOtlpReceiver, type OtlpReceiver } from '../support/otlp-receiver';
import { cleanEnv, runNode } from '../support/run-node';
import { sdkApp } from '../support/sdk-apps';
import {
  ATTR_AGENTSIGHT_SESSION_NAME,
  ATTR_AGENTSIGHT_SPAN_KIND,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_SESSION_ID,
  SPAN_KIND,
} from '../../src/semconv';

const FULL = process.env.AGENTSIGHT_LOAD_FULL === '1';
const SESSIONS = FULL ? 1000 : 100;
const CALLS = 20;

let mock: MockLlmServer;
let receiver: OtlpReceiver;
beforeAll(async () => {
  [mock, receiver] = await Promise.all([startMockLlmServer(), startOtlpReceiver()]);
});
afterAll(() => Promise.all([mock.close(), receiver.close()]));

const APP = `
const OpenAI = require('openai');
const { withSession } = require('agentsight');
const client = new OpenAI({ apiKey: 'k', baseURL: process.env.MOCK_URL + '/v1', maxRetries: 0 });
const SESSIONS = Number(process.env.SESSIONS);
const CALLS = Number(process.env.CALLS);
let inFlight = 0;
const waiting = [];
async function pooled(request) {
  while (inFlight >= 100) await new Promise((resolve) => waiting.push(resolve));
  inFlight++;
  try {
    return await request();
  } finally {
    inFlight--;
    waiting.shift()?.();
  }
}
function call(session, i) {
  return pooled(() => request(session, i));
}
async function request(session, i) {
  const messages = [{ role: 'user', content: 's' + session + ' c' + i }];
  if (i % 2 === 0) return (await client.chat.completions.create({ model: 'gpt-4o-mini', messages })).choices[0].message.content;
  let text = '';
  for await (const chunk of await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true })) {
    text += chunk.choices[0]?.delta?.content ?? '';
  }
  return text;
}
const started = Date.now();
Promise.all(Array.from({ length: SESSIONS }, (_, s) => withSession({ name: 'load-' + s }, async () => {
  let answered = 0;
  for (let i = 0; i < CALLS; i++) if ((await call(s, i)).length > 0) answered++;
  return answered;
}))).then((answers) => {
  console.log(JSON.stringify({ answered: answers.reduce((a, b) => a + b, 0), workMs: Date.now() - started }));
});
process.on('exit', () => console.log(JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS, totalMs: Date.now() - started })));
`;

describe('load', () => {
  it(
    `${SESSIONS} concurrent sessions x ${CALLS} LLM calls to the local store and OTLP: every span once, in its session, nothing dropped`,
    async () => {
      const dir = sdkApp(['openai-7']);
      const name = `load-${process.pid}.cjs`;
      const store = fs.mkdtempSync(path.join(dir, `.store-load-${process.pid}-`));
      fs.writeFileSync(path.join(dir, name), APP);
      try {
        const result = await runNode(['--require', 'agentsight/register', name], {
          cwd: dir,
          env: cleanEnv({
            MOCK_URL: mock.url,
            SESSIONS: String(SESSIONS),
            CALLS: String(CALLS),
            AGENTSIGHT_DIR: store,
            AGENTSIGHT_EXPORTERS: 'local,otlp',
            AGENTSIGHT_AUTO_SESSION: 'false',
            AGENTSIGHT_CAPTURE_CONTENT: 'true',
            OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
          }),
          timeoutMs: FULL ? 600_000 : 60_000,
        });
        expect(result).toMatchObject({ code: 0, signal: null, stderr: '' });
        const [work, exit] = result.stdout
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as Record<string, number>);
        expect(work!.answered).toBe(SESSIONS * CALLS);

        // OTLP: every span once, each LLM span in the trace of its own session.
        const expected = SESSIONS * (CALLS + 1);
        const spans = await receiver.waitFor((s) => s.length >= expected, 10_000);
        expect(spans).toHaveLength(expected);
        expect(new Set(spans.map((s) => s.spanId)).size).toBe(expected);
        const roots = new Map(
          spans.filter((s) => s.attributes[ATTR_AGENTSIGHT_SPAN_KIND] === SPAN_KIND.SESSION).map((s) => [s.traceId, s]),
        );
        expect(roots.size).toBe(SESSIONS);
        const perSession = new Map<string, number>();
        for (const span of spans) {
          if (span.attributes[ATTR_AGENTSIGHT_SPAN_KIND] !== SPAN_KIND.LLM) continue;
          const root = roots.get(span.traceId)!;
          expect(span.attributes[ATTR_SESSION_ID]).toBe(span.traceId);
          // The prompt names its session (`s<n> c<i>` in session `load-<n>`): a span in the wrong trace shows here.
          const n = String(root.attributes[ATTR_AGENTSIGHT_SESSION_NAME]).replace('load-', '');
          expect(String(span.attributes[ATTR_GEN_AI_INPUT_MESSAGES])).toContain(`s${n} c`);
          perSession.set(span.traceId, (perSession.get(span.traceId) ?? 0) + 1);
        }
        expect([...perSession.values()].every((n) => n === CALLS)).toBe(true);

        // The local store: one file per session, each with its 21 spans, once.
        const stored = listSessionFiles(store).map(readSession);
        expect(stored).toHaveLength(SESSIONS);
        for (const session of stored) {
          expect(session.warnings).toEqual([]);
          expect(session.spans).toHaveLength(CALLS + 1);
          expect(new Set(session.spans.map((s) => s.spanId)).size).toBe(CALLS + 1);
          expect(session.spans.every((s) => s.sessionId === session.id && s.traceId === session.id)).toBe(true);
          expect(session.end?.summary.llmCalls).toBe(CALLS);
        }
        process.stdout.write(
          `LOAD sessions=${SESSIONS} calls=${SESSIONS * CALLS} spans=${expected} otlp=${spans.length} stored=${stored.reduce((n, s) => n + s.spans.length, 0)} lost=0 ` +
            `peakRssMb=${Math.round(exit!.maxRssKb! / 1024)} workMs=${work!.workMs} totalMs=${exit!.totalMs}\n`,
        );
      } finally {
        fs.rmSync(path.join(dir, name), { force: true });
        fs.rmSync(store, { recursive: true, force: true });
      }
    },
    FULL ? 900_000 : 120_000,
  );
});
