/**
 * What the caller gets is the SDK's own: the same `APIPromise` and `Stream` classes and helpers,
 * and an unawaited failing call still ends the process the way it would without us. (The scenario
 * suite compares every observable result with an uninstrumented run; this file checks the
 * identities it cannot see through JSON.)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { instrumentOpenAI } from '../../src/index';
import { listSessionFiles, readSession } from '../../src/store/reader';
import { startMockLlmServer, type MockLlmServer } from '../support/mock-llm-server';
import { startInProcess, type InProcess } from '../support/in-process';
import { cleanEnv, runNode } from '../support/run-node';
import { sdkApp, writeAppScript, type SdkAlias } from '../support/sdk-apps';
import { MAJORS } from './scenario-table';
import { loadSdk } from './support/sdk-alias';
import { ATTR_AGENTSIGHT_ENDED_BY, ATTR_AGENTSIGHT_SPAN_KIND, ENDED_BY, SPAN_KIND } from '../../src/semconv';

let mock: MockLlmServer;
beforeAll(async () => {
  mock = await startMockLlmServer();
});
afterAll(() => mock.close());

const chat = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] };

describe.each(MAJORS.map((m) => [m]))('openai %i', (major) => {
  let agentsight: InProcess;
  beforeEach(() => {
    agentsight = startInProcess();
    instrumentOpenAI(loadSdk(major).module);
  });
  afterEach(() => agentsight.stop());

  it("create() returns the SDK's own APIPromise, of the SDK's own class", async () => {
    const { module, APIPromise } = loadSdk(major);
    const client = new module.OpenAI({ apiKey: 'sk-test', baseURL: mock.openaiBaseURL });
    const promise = client.chat.completions.create(chat);
    expect(Object.getPrototypeOf(promise)).toBe(APIPromise.prototype);
    expect(promise).toBeInstanceOf(Promise);
    await expect(promise).resolves.toMatchObject({ object: 'chat.completion' });
  });

  it("a stream is the SDK's own Stream, with tee(), toReadableStream() and controller untouched", async () => {
    const { module, Stream } = loadSdk(major);
    const client = new module.OpenAI({ apiKey: 'sk-test', baseURL: mock.openaiBaseURL });
    const stream = (await client.chat.completions.create({ ...chat, stream: true })) as InstanceType<typeof Stream> &
      Record<string, unknown>;
    expect(stream).toBeInstanceOf(Stream);
    const prototype = Stream.prototype as unknown as Record<string, unknown>;
    expect(stream.tee).toBe(prototype.tee);
    expect(stream.toReadableStream).toBe(prototype.toReadableStream);
    expect(stream.controller).toBeInstanceOf(AbortController);
    for await (const _ of stream as unknown as AsyncIterable<unknown>);
  });
});

describe('an unawaited call that fails', () => {
  it.each(MAJORS.map((m) => [m]))('openai %i: is still an unhandled rejection, with the same error and exit code', async (major) => {
    const app = sdkApp([`openai-${major}` as SdkAlias]);
    const script = writeAppScript(
      app,
      'fire-and-forget.cjs',
      `const OpenAI = require('openai');
const client = new OpenAI({ apiKey: 'sk-test', baseURL: process.env.MOCK_URL + '/v1', maxRetries: 0 });
client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }, { headers: { 'x-mock-scenario': '{"status":400}' } });
setTimeout(() => console.log('not reached'), 2000);
`,
    );
    const env = cleanEnv({ MOCK_URL: mock.url, AGENTSIGHT_EXPORTERS: 'none' });
    const [plain, instrumented] = await Promise.all([
      runNode([script], { cwd: app, env }),
      runNode(['--require', 'agentsight/register', path.basename(script)], { cwd: app, env }),
    ]);
    const errorLine = (stderr: string) => stderr.split('\n').find((line) => /^\w*Error: /.test(line));
    expect(plain.code).toBe(1);
    expect(instrumented.code).toBe(plain.code);
    expect(instrumented.stdout).toBe('');
    expect(errorLine(instrumented.stderr)).toBe('BadRequestError: 400 Mock error 400');
    expect(errorLine(instrumented.stderr)).toBe(errorLine(plain.stderr));
  });
});

describe('a stream the caller never reads', () => {
  it.each([[4], [7]])('openai %i: its span ends when the stream is garbage collected, long before exit', async (major) => {
    const app = sdkApp([`openai-${major}` as SdkAlias]);
    const store = fs.mkdtempSync(path.join(os.tmpdir(), 'agentsight-unread-'));
    const script = writeAppScript(
      app,
      'unread-stream.cjs',
      `const OpenAI = require('openai');
const client = new OpenAI({ apiKey: 'sk-test', baseURL: process.env.MOCK_URL + '/v1' });
(async () => {
  await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], stream: true });
  for (let i = 0; i < 20; i++) { await new Promise((r) => setTimeout(r, 25)); global.gc(); }
})();
`,
    );
    const run = await runNode(['--expose-gc', '--require', 'agentsight/register', path.basename(script)], {
      cwd: app,
      env: cleanEnv({ MOCK_URL: mock.url, AGENTSIGHT_DIR: store, AGENTSIGHT_EXPORTERS: 'local' }),
    });
    expect(run.code).toBe(0);
    const spans = listSessionFiles(store)
      .map(readSession)
      .flatMap((s) => s.spans);
    fs.rmSync(store, { recursive: true, force: true });
    const llm = spans.find((s) => s.attributes[ATTR_AGENTSIGHT_SPAN_KIND] === SPAN_KIND.LLM);
    const session = spans.find((s) => s.attributes[ATTR_AGENTSIGHT_SPAN_KIND] === SPAN_KIND.SESSION);
    expect(llm?.attributes[ATTR_AGENTSIGHT_ENDED_BY]).toBe(ENDED_BY.CALLER_STOPPED);
    expect(session!.endMs - llm!.endMs).toBeGreaterThan(100);
  });
});
