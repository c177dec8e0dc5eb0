/**
 * A session across two real processes over HTTP on 127.0.0.1: the caller injects its context into
 * the request headers, the callee continues from them. One trace and one session id, in OTLP and
 * in the shared local store (where the callee writes its part of the session and the reader merges
 * both).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ATTR_SESSION_ID } from '../../src/semconv';
import { listSessionFiles, overview, readSession } from '../../src/store/reader';
import { startOtlpReceiver, type OtlpReceiver } from '../support/otlp-receiver';
import { cleanEnv, runNode } from '../support/run-node';
import { REPO_ROOT } from '../support/sdk-apps';

const REGISTER = path.join(REPO_ROOT, 'dist', 'register.js');

const CALLEE = `
const http = require('node:http');
const { continueFrom, withAgent, withTool } = require(${JSON.stringify(REPO_ROOT)});
const server = http.createServer((req, res) => {
  continueFrom(req.headers, () => withAgent('researcher', () => withTool('search', async () => 'three sources')))
    .then((answer) => { res.end(answer); server.close(); });
});
server.listen(0, '127.0.0.1', () => console.log('port ' + server.address().port));
`;

const CALLER = `
const { inject, withSession, withTool } = require(${JSON.stringify(REPO_ROOT)});
withSession({ name: 'planner-run' }, () =>
  withTool('ask-researcher', async () => {
    const res = await fetch(process.argv[2], { method: 'POST', headers: inject({ 'content-type': 'text/plain' }), body: 'find sources' });
    return res.text();
  }),
).then((answer) => console.log('answer: ' + answer));
`;

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(() => receiver.close());

it('one trace and one session id across a caller and a callee process', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentsight-two-'));
  const store = path.join(dir, 'store');
  fs.writeFileSync(path.join(dir, 'callee.cjs'), CALLEE);
  fs.writeFileSync(path.join(dir, 'caller.cjs'), CALLER);
  const env = (service: string) =>
    cleanEnv({ AGENTSIGHT_DIR: store, OTEL_SERVICE_NAME: service, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url });

  let portFound: (port: string) => void;
  const port = new Promise<string>((resolve) => (portFound = resolve));
  const callee = runNode(['--require', REGISTER, 'callee.cjs'], {
    cwd: dir,
    env: env('researcher'),
    onSpawn: (child) =>
      child.stdout!.on('data', (d: Buffer) => /port (\d+)/.test(d.toString()) && portFound(/port (\d+)/.exec(d.toString())![1]!)),
  });
  const caller = await runNode(['--require', REGISTER, 'caller.cjs', `http://127.0.0.1:${await port}/`], { cwd: dir, env: env('planner') });
  const calleeResult = await callee;
  expect(caller).toMatchObject({ code: 0, stdout: 'answer: three sources\n', stderr: '' });
  expect(calleeResult).toMatchObject({ code: 0, stderr: '' });

  // OTLP: both processes' spans in one trace, each with the caller's session id.
  const spans = await receiver.waitFor((s) => ['session planner-run', 'execute_tool search'].every((n) => s.some((x) => x.name === n)));
  const byName = new Map(spans.map((s) => [s.name, s]));
  const root = byName.get('session planner-run')!;
  expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set([root.traceId]));
  expect(new Set(spans.map((s) => s.attributes[ATTR_SESSION_ID]))).toEqual(new Set([root.traceId]));
  expect(byName.get('invoke_agent researcher')!.parentSpanId).toBe(byName.get('execute_tool ask-researcher')!.spanId);
  expect(byName.get('invoke_agent researcher')!.resource['service.name']).toBe('researcher');
  expect(root.resource['service.name']).toBe('planner');

  // The local store: one session, the callee's part merged in.
  const sessions = listSessionFiles(store);
  expect(sessions).toHaveLength(1);
  expect(sessions[0]!.parts).toHaveLength(1);
  const data = readSession(sessions[0]!);
  expect(data.start).toMatchObject({ name: 'planner-run', serviceName: 'planner' });
  expect(data.parts[0]!.start).toMatchObject({ serviceName: 'researcher', sessionId: data.id, pid: expect.any(Number) });
  expect(data.parts[0]!.start!.pid).not.toBe(data.start!.pid);
  expect(data.spans.map((s) => s.name).sort()).toEqual(
    ['execute_tool ask-researcher', 'execute_tool search', 'invoke_agent researcher', 'session planner-run'].sort(),
  );
  expect(overview(data)).toMatchObject({ status: 'success', summary: { toolCalls: 2 } });
});
