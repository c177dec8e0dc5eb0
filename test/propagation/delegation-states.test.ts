/**
 * Delegations in flight, for real in child processes: `in_flight` then `completed`, `failed`, or
 * `abandoned` when the delegating process ends first (each change an event), and a delegation
 * closed by its id in another process than the one that opened it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  ATTR_AGENTSIGHT_DELEGATION_ID,
  ATTR_AGENTSIGHT_DELEGATION_STATE,
  ATTR_AGENTSIGHT_ENDED_BY,
  ATTR_ERROR_TYPE,
  ATTR_SESSION_ID,
  DELEGATION_STATE,
  ENDED_BY,
  EVENT_DELEGATION_STATE,
} from '../../src/semconv';
import { listSessionFiles, readSession, type SessionData } from '../../src/store/reader';
import { cleanEnv, runNode, type RunResult } from '../support/run-node';
import { REPO_ROOT } from '../support/sdk-apps';

const REGISTER = path.join(REPO_ROOT, 'dist', 'register.js');
const KEY = randomBytes(32).toString('base64url');

async function run(dir: string, name: string, body: string, args: string[] = []): Promise<RunResult> {
  const script = path.join(dir, `${name}.cjs`);
  fs.writeFileSync(script, `const agentsight = require(${JSON.stringify(REPO_ROOT)});\n${body}`);
  return runNode(['--require', REGISTER, script, ...args], {
    cwd: dir,
    env: cleanEnv({ AGENTSIGHT_DIR: path.join(dir, 'store'), AGENTSIGHT_DELEGATION_KEY: KEY, OTEL_SERVICE_NAME: name }),
  });
}

function stored(dir: string): SessionData[] {
  return listSessionFiles(path.join(dir, 'store')).map(readSession);
}

const delegateSpan = (sessions: SessionData[]) => sessions.flatMap((s) => s.spans).find((s) => s.name === 'delegate researcher')!;

describe('delegations in flight', () => {
  it('abandoned: the delegating process ends before the delegation completes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentsight-deleg-'));
    const result = await run(
      dir,
      'planner',
      `agentsight.withSession({ name: 'left-waiting' }, () => agentsight.delegate({ to: 'researcher' }))
         .then((d) => console.log(d.state));`,
    );
    expect(result).toMatchObject({ code: 0, stdout: 'in_flight\n', stderr: '' });
    const span = delegateSpan(stored(dir));
    expect(span.kind).toBe('PRODUCER');
    expect(span.attributes[ATTR_AGENTSIGHT_DELEGATION_STATE]).toBe(DELEGATION_STATE.ABANDONED);
    expect(span.attributes[ATTR_AGENTSIGHT_ENDED_BY]).toBe(ENDED_BY.PROCESS_EXIT);
    expect(span.events.map((e) => e.name)).toEqual([EVENT_DELEGATION_STATE.in_flight, EVENT_DELEGATION_STATE.abandoned]);
    // The gap is waiting, not an error.
    expect(span.status.code).toBe('UNSET');
  });

  it('abandoned also on process.exit() in the middle of the wait', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentsight-deleg-'));
    const result = await run(
      dir,
      'planner',
      `agentsight.withSession({ name: 'exits' }, async () => {
         await agentsight.delegate({ to: 'researcher' });
         process.exit(4);
       });`,
    );
    expect(result.code).toBe(4);
    expect(delegateSpan(stored(dir)).attributes[ATTR_AGENTSIGHT_DELEGATION_STATE]).toBe(DELEGATION_STATE.ABANDONED);
  });

  it('failed: the error is recorded on the delegation span', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentsight-deleg-'));
    await run(
      dir,
      'planner',
      `agentsight.withSession({ name: 'fails' }, async () => {
         const d = await agentsight.delegate({ to: 'researcher' });
         d.fail(new TypeError('researcher is down'));
         d.complete(); // a second outcome changes nothing
       }).catch(() => {});`,
    );
    const span = delegateSpan(stored(dir));
    expect(span.attributes).toMatchObject({ [ATTR_AGENTSIGHT_DELEGATION_STATE]: 'failed', [ATTR_ERROR_TYPE]: 'TypeError' });
    expect(span.status).toEqual({ code: 'ERROR', message: 'researcher is down' });
    expect(span.events.map((e) => e.name)).toEqual([EVENT_DELEGATION_STATE.in_flight, 'exception', EVENT_DELEGATION_STATE.failed]);
  });

  it('closed by its id in another process (the reply reached a worker)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentsight-deleg-'));
    const planner = await run(
      dir,
      'planner',
      `agentsight.withSession({ name: 'handed-off' }, () => agentsight.delegate({ to: 'researcher' }))
         .then((d) => console.log(d.id));`,
    );
    const id = planner.stdout.trim();
    expect(id).toMatch(/^[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    const worker = await run(
      dir,
      'worker',
      `console.log(agentsight.closeDelegation(process.argv[2], { state: 'completed', result: { sources: 3 } }));
       console.log(agentsight.closeDelegation(process.argv[2], { state: 'completed' }));
       console.log(agentsight.closeDelegation('not-an-id'));`,
      [id],
    );
    expect(worker.stdout).toBe('true\nfalse\nfalse\n');
    expect(worker.stderr).toBe('agentsight/delegation warn: closeDelegation(): "not-an-id" is not a delegation id\n');
    const sessions = stored(dir);
    expect(sessions).toHaveLength(1);
    const [session] = sessions;
    expect(session!.parts.map((p) => p.start?.serviceName)).toEqual(['worker']);
    const close = session!.spans.find((s) => s.name === 'close_delegation')!;
    const opened = delegateSpan(sessions);
    expect(close).toMatchObject({ traceId: session!.id, parentSpanId: opened.spanId });
    expect(close.attributes).toMatchObject({
      [ATTR_AGENTSIGHT_DELEGATION_ID]: id,
      [ATTR_AGENTSIGHT_DELEGATION_STATE]: 'completed',
      [ATTR_SESSION_ID]: session!.id,
    });
    expect(close.events.map((e) => e.name)).toEqual([EVENT_DELEGATION_STATE.completed]);
  });
});
