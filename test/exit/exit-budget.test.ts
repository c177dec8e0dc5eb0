/**
 * A collector that refuses connections or hangs never delays the process's exit past the shutdown
 * budget (`AGENTSIGHT_SHUTDOWN_TIMEOUT_MS`) plus 0.5 s, and the process leaves with its own exit
 * code. The whole exit path shares the one budget: the asynchronous flush, the retries of every
 * signal's exporter (spans, metrics, logs) and the synchronous write at `exit`.
 *
 * These are bounds on our exit path's wall time, which the issue asks for; they are measured from
 * the app's last line (or the signal) to the end of the process, with the margin the issue gives.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { startMockLlmServer, type MockLlmServer } from '../support/mock-llm-server';
import { cleanEnv, runNode, type RunResult } from '../support/run-node';
import { sdkApp } from '../support/sdk-apps';

let mock: MockLlmServer;
let closedPort: number;
beforeAll(async () => {
  mock = await startMockLlmServer();
  // A port that was just free and is closed again: connections to it are refused.
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as net.AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
});
afterAll(() => mock.close());

const DEFAULT_BUDGET_MS = 2000;
const MARGIN_MS = 500;

interface TimedRun {
  result: RunResult;
  /** Milliseconds from the app's `last` line (or the signal sent on it) to the end of the process. */
  exitMs: number;
}

let counter = 0;

/** Runs an app (CommonJS `.cjs` or ES module `.mjs`) that prints `last` when its own work is done. */
async function runTimed(file: string, source: string, env: Record<string, string>, signal?: NodeJS.Signals): Promise<TimedRun> {
  const dir = sdkApp(['openai-7']);
  const name = `budget-${process.pid}-${++counter}-${file}`;
  const store = fs.mkdtempSync(path.join(dir, `.store-${process.pid}-`));
  fs.writeFileSync(path.join(dir, name), source);
  let lastAt: number | undefined;
  let endAt = 0;
  try {
    const result = await runNode([file.endsWith('.mjs') ? '--import' : '--require', 'agentsight/register', name], {
      cwd: dir,
      env: cleanEnv({ AGENTSIGHT_DIR: store, MOCK_URL: mock.url, ...env }),
      timeoutMs: 20_000,
      onSpawn: (child) => {
        child.stdout!.on('data', (d: Buffer) => {
          if (lastAt !== undefined || !d.toString().includes('last')) return;
          lastAt = Date.now();
          if (signal) child.kill(signal);
        });
        child.on('exit', () => {
          endAt = Date.now();
        });
      },
    });
    return { result, exitMs: endAt - (lastAt ?? Number.NaN) };
  } finally {
    fs.rmSync(path.join(dir, name), { force: true });
    fs.rmSync(store, { recursive: true, force: true });
  }
}

/** A session with an LLM call (so spans and metrics wait to be exported) and a tool. */
const WORK = `
const client = new OpenAI({ apiKey: 'k', baseURL: process.env.MOCK_URL + '/v1', maxRetries: 0 });
const work = () => withSession({ name: 'leaving' }, async () => {
  await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
  return withTool('step', async () => 'ok');
});
`;
const CJS = `const OpenAI = require('openai');\nconst { withSession, withTool } = require('agentsight');\n${WORK}`;

describe('exit within the shutdown budget', () => {
  // Defect 2 of issue 20: with default settings, a refused connection held the exit for about 8 s
  // (the metrics export's retries, kept alive by the SDK's own ref'd timeout timer).
  it.each(['http/protobuf', 'http/json'])(
    'a refused connection (%s, default settings): the process exits within the 2 s budget plus 0.5 s, code 0',
    async (protocol) => {
      const run = await runTimed('refused.cjs', `${CJS}work().then(() => console.log('last'));`, {
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${closedPort}`,
        OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
      });
      expect(run.result).toMatchObject({ code: 0, signal: null, stdout: 'last\n' });
      expect(run.exitMs).toBeLessThanOrEqual(DEFAULT_BUDGET_MS + MARGIN_MS);
    },
  );
});
