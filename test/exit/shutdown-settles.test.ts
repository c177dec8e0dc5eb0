/**
 * `await shutdown()` at the top level of an ES module always settles (issue 20, defect 1). The
 * exporters' sockets are unref'd so that a dead collector never holds a finished process; a
 * shutdown waiting on such a socket must then keep the process alive itself, or Node finds nothing
 * left to wait for and leaves with code 13 ("unsettled top-level await"), losing the last spans.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startMockLlmServer, type MockLlmServer } from '../support/mock-llm-server';
import { startOtlpReceiver, type OtlpReceiver } from '../support/otlp-receiver';
import { cleanEnv, runNode } from '../support/run-node';
import { sdkApp } from '../support/sdk-apps';
import { ATTR_AGENTSIGHT_SPAN_KIND, ATTR_SESSION_ID, SPAN_KIND } from '../../src/semconv';
import { listSessionFiles, readSession } from '../../src/store/reader';

let mock: MockLlmServer;
let receiver: OtlpReceiver;
beforeAll(async () => {
  [mock, receiver] = await Promise.all([startMockLlmServer(), startOtlpReceiver()]);
});
afterAll(() => Promise.all([mock.close(), receiver.close()]));
beforeEach(() => {
  receiver.recover();
  receiver.reset();
});

let counter = 0;
/** Runs an ES module app (with both SDKs installed) under `--import agentsight/register`. */
async function runEsm(source: string, env: Record<string, string>) {
  const dir = sdkApp(['openai-7', 'anthropic-1']);
  const name = `settles-${process.pid}-${++counter}.mjs`;
  const store = fs.mkdtempSync(path.join(dir, `.store-${process.pid}-`));
  fs.writeFileSync(path.join(dir, name), source);
  try {
    const result = await runNode(['--import', 'agentsight/register', name], {
      cwd: dir,
      env: cleanEnv({
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        AGENTSIGHT_EXPORTERS: 'local,otlp',
        AGENTSIGHT_DIR: store,
        MOCK_URL: mock.url,
        ...env,
      }),
    });
    const sessions = listSessionFiles(store).map(readSession);
    return { result, sessions };
  } finally {
    fs.rmSync(path.join(dir, name), { force: true });
    fs.rmSync(store, { recursive: true, force: true });
  }
}

describe('top-level await shutdown()', () => {
  it('settles while the collector takes its time to answer, and every span arrives', async () => {
    receiver.fail({ mode: 'slow', delayMs: 300 });
    const { result } = await runEsm(
      `import { withSession, withTool, shutdown } from 'agentsight';
await withSession({ name: 'tla' }, () => withTool('step', async () => 'ok'));
await shutdown();
console.log('settled');
`,
      { AGENTSIGHT_AUTO_SESSION: 'false' },
    );
    expect(result).toMatchObject({ code: 0, signal: null, stdout: 'settled\n', stderr: '' });
    expect(
      receiver
        .spans()
        .map((s) => s.name)
        .sort(),
    ).toEqual(['execute_tool step', 'session tla']);
  });

  // The setup, repeated in one process (init, 40 calls 8 at a time mixing OpenAI JSON and
  // stream calls with Anthropic calls, `await shutdown()`, again) so that one child tries the race
  // many times; the collector answers after a random short delay, so an export is often in flight, and
  // sometimes the trace export is the last thing the process waits for.
  const CYCLES = 20;
  const CALLS = 40;
  it(`settles every time: ${CYCLES} sessions of ${CALLS} LLM calls, each ended by await shutdown()`, async () => {
    receiver.fail({ mode: 'slow', delayMs: 0, jitterMs: 60 });
    const { result, sessions } = await runEsm(
      `import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { init, withSession, shutdown } from 'agentsight';
const openai = new OpenAI({ apiKey: 'k', baseURL: process.env.MOCK_URL + '/v1', maxRetries: 0 });
const anthropic = new Anthropic({ apiKey: 'k', baseURL: process.env.MOCK_URL, maxRetries: 0 });
async function call(i) {
  const content = 'call ' + i;
  if (i % 3 === 0) return openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] });
  if (i % 3 === 1) {
    const stream = await openai.chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content }] });
    for await (const _ of stream);
    return;
  }
  return anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 50, messages: [{ role: 'user', content }] });
}
for (let cycle = 0; cycle < ${CYCLES}; cycle++) {
  if (cycle > 0) init();
  await withSession({ name: 'cycle-' + cycle }, async () => {
    let next = 0;
    const worker = async () => { while (next < ${CALLS}) await call(next++); };
    await Promise.all(Array.from({ length: 8 }, worker));
  });
  await shutdown();
}
console.log('settled ${CYCLES}');
`,
      { AGENTSIGHT_AUTO_SESSION: 'false' },
    );
    expect(result).toMatchObject({ code: 0, signal: null, stdout: `settled ${CYCLES}\n`, stderr: '' });
    // Every span arrived exactly once, in its own session, over OTLP and in the local store.
    const spans = receiver.spans();
    expect(new Set(spans.map((s) => s.spanId)).size).toBe(spans.length);
    const roots = spans.filter((s) => s.attributes[ATTR_AGENTSIGHT_SPAN_KIND] === SPAN_KIND.SESSION);
    expect(roots.map((s) => s.name).sort()).toEqual(Array.from({ length: CYCLES }, (_, i) => `session cycle-${i}`).sort());
    for (const root of roots) {
      const llm = spans.filter((s) => s.traceId === root.traceId && s.attributes[ATTR_AGENTSIGHT_SPAN_KIND] === SPAN_KIND.LLM);
      expect(llm).toHaveLength(CALLS);
      for (const s of llm) expect(s.attributes[ATTR_SESSION_ID]).toBe(root.traceId);
    }
    expect(sessions).toHaveLength(CYCLES);
    for (const s of sessions) expect(s.spans).toHaveLength(CALLS + 1);
  });
});
