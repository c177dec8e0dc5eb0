import { startSession, withAction, withAgent, withSession, withTool, currentSession } from '../src/index';
import { startInProcess, type InProcess } from './support/in-process';
import {
  ATTR_AGENTSIGHT_ERROR_PROPAGATED,
  ATTR_AGENTSIGHT_SESSION_END_STATE,
  ATTR_AGENTSIGHT_SESSION_TAGS,
  ATTR_ERROR_TYPE,
  ATTR_SESSION_ID,
  SESSION_END_STATE,
} from '../src/semconv';

const tick = () => new Promise((r) => setTimeout(r, Math.random() * 5));

describe('sessions', () => {
  let agentsight: InProcess;
  beforeEach(() => {
    agentsight = startInProcess({ autoSession: false });
  });
  afterEach(() => agentsight.stop());

  it('makes one trace per session, with the session as root and session.id on every span', async () => {
    await withSession({ name: 'support', tags: ['prod'] }, async () => {
      await withAgent('triage', async () => {
        await withTool({ name: 'lookup', args: { id: 7 } }, async () => ({ found: true }));
        withAction('classify', () => 'billing');
      });
    });
    await agentsight.stop();
    const [session, ...others] = agentsight.sessions();
    expect(others).toHaveLength(0);
    expect(session!.start).toMatchObject({ name: 'support', tags: ['prod'], pid: process.pid, auto: false });
    const byName = new Map(session!.spans.map((s) => [s.name, s]));
    const root = byName.get('session support')!;
    expect(root.parentSpanId).toBeUndefined();
    expect(root.traceId).toBe(session!.id);
    expect(byName.get('invoke_agent triage')!.parentSpanId).toBe(root.spanId);
    expect(byName.get('execute_tool lookup')!.parentSpanId).toBe(byName.get('invoke_agent triage')!.spanId);
    expect(byName.get('action classify')!.parentSpanId).toBe(byName.get('invoke_agent triage')!.spanId);
    for (const span of session!.spans) {
      expect(span.traceId).toBe(session!.id);
      expect(span.attributes[ATTR_SESSION_ID]).toBe(session!.id);
    }
    expect(session!.end).toMatchObject({ state: 'success', summary: { toolCalls: 1, actions: 1, errors: 0, llmCalls: 0 } });
    expect(root.attributes[ATTR_AGENTSIGHT_SESSION_END_STATE]).toBe(SESSION_END_STATE.SUCCESS);
    expect(root.attributes[ATTR_AGENTSIGHT_SESSION_TAGS]).toEqual(['prod']);
  });

  it('keeps 50 overlapping sessions apart', async () => {
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        withSession({ name: `request-${i}` }, async () => {
          await tick();
          await withAgent(`agent-${i}`, async () => {
            await tick();
            await withTool(`tool-${i}`, async () => {
              await tick();
              return i;
            });
          });
        }),
      ),
    );
    await agentsight.stop();
    const sessions = agentsight.sessions();
    expect(sessions).toHaveLength(50);
    for (const session of sessions) {
      const i = session.start!.name.split('-')[1];
      expect(session.spans.map((s) => s.name).sort()).toEqual([
        `execute_tool tool-${i}`,
        `invoke_agent agent-${i}`,
        `session request-${i}`,
      ]);
      expect(new Set(session.spans.map((s) => s.traceId))).toEqual(new Set([session.id]));
    }
  });

  it('ends withSession by the outcome and rethrows the error unchanged', async () => {
    const error = new RangeError('out of range');
    await expect(
      withSession({ name: 'bad' }, async () => {
        await withTool('t', () => {
          throw error;
        });
      }),
    ).rejects.toBe(error);
    expect(() =>
      withSession({ name: 'sync-bad' }, () => {
        throw error;
      }),
    ).toThrow(error);
    expect(withSession({ name: 'sync-ok' }, () => 42)).toBe(42);
    await agentsight.stop();
    const named = (name: string) => agentsight.sessions().find((s) => s.start?.name === name)!;
    const [bad, syncBad, syncOk] = [named('bad'), named('sync-bad'), named('sync-ok')];
    expect(bad!.end).toMatchObject({ state: 'fail', reason: 'RangeError: out of range', summary: { errors: 1 } });
    const root = bad!.spans.find((s) => s.name === 'session bad')!;
    expect(root.status).toEqual({ code: 'ERROR', message: 'RangeError: out of range' });
    expect(root.attributes[ATTR_AGENTSIGHT_ERROR_PROPAGATED]).toBe(true);
    const tool = bad!.spans.find((s) => s.name === 'execute_tool t')!;
    expect(tool.attributes[ATTR_ERROR_TYPE]).toBe('RangeError');
    expect(tool.events.map((e) => e.name)).toEqual(['exception']);
    expect(syncBad!.end?.state).toBe('fail');
    expect(syncOk!.end?.state).toBe('success');
  });

  it('startSession runs work in the session until it is ended, and end() is idempotent', async () => {
    const session = startSession({ name: 'manual', attributes: { 'app.user': 'u1' } });
    expect(currentSession()).toBeUndefined();
    await session.run(async () => {
      expect(currentSession()?.id).toBe(session.id);
      await withTool('inside', () => 1);
    });
    withTool('outside', () => 2);
    session.end({ state: 'indeterminate', reason: 'operator stopped it' });
    session.end({ state: 'success' });
    expect(session.ended).toBe(true);
    await agentsight.stop();
    const [stored] = agentsight.sessions();
    expect(stored!.spans.map((s) => s.name).sort()).toEqual(['execute_tool inside', 'session manual']);
    expect(stored!.end).toMatchObject({ state: 'indeterminate', reason: 'operator stopped it' });
    expect(stored!.spans.find((s) => s.name === 'session manual')!.attributes['app.user']).toBe('u1');
  });
});

describe('the automatic session', () => {
  it('gathers work done outside any session, and ends at shutdown', async () => {
    const agentsight = startInProcess({ sessionName: 'worker', tags: ['batch'] });
    await withTool('a', async () => 1);
    withAction('b', () => 2);
    await withSession({ name: 'explicit' }, async () => withTool('c', () => 3));
    await agentsight.stop();
    const sessions = agentsight.sessions();
    expect(sessions).toHaveLength(2);
    const auto = sessions.find((s) => s.start?.auto)!;
    expect(auto.start).toMatchObject({ name: 'worker', tags: ['batch'] });
    expect(auto.spans.map((s) => s.name).sort()).toEqual(['action b', 'execute_tool a', 'session worker']);
    expect(
      sessions
        .find((s) => !s.start?.auto)!
        .spans.map((s) => s.name)
        .sort(),
    ).toEqual(['execute_tool c', 'session explicit']);
  });

  it('is not made when turned off: work outside sessions is simply not recorded in the store', async () => {
    const agentsight = startInProcess({ autoSession: false });
    await withTool('alone', async () => 1);
    await agentsight.stop();
    expect(agentsight.sessions()).toHaveLength(0);
  });
});
