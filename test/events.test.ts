import { recordError, recordEvent, traceAction, traceAgent, traceTool, withAction, withAgent, withSession, withTool } from '../src/index';
import { currentRuntime } from '../src/runtime';
import type { SpanRecord } from '../src/store/format';
import { startInProcess, type InProcess } from './support/in-process';
import {
  ATTR_AGENTSIGHT_ACTION_COUNT,
  ATTR_AGENTSIGHT_ACTION_TYPE,
  ATTR_AGENTSIGHT_ENDED_BY,
  ATTR_AGENTSIGHT_ERROR_COUNT,
  ATTR_AGENTSIGHT_ERROR_PROPAGATED,
  ATTR_AGENTSIGHT_SPAN_KIND,
  ATTR_AGENTSIGHT_TOOL_CALLS,
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_DESCRIPTION,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  ENDED_BY,
  GEN_AI_OPERATION,
  SPAN_KIND,
} from '../src/semconv';

function spansOf(agentsight: InProcess): SpanRecord[] {
  return agentsight.sessions().flatMap((s) => s.spans);
}
const named = (spans: SpanRecord[], name: string): SpanRecord => {
  const span = spans.find((s) => s.name === name);
  if (!span) throw new Error(`no span ${name}; have ${spans.map((s) => s.name).join(', ')}`);
  return span;
};

describe('event wrappers', () => {
  let agentsight: InProcess;
  afterEach(() => agentsight.stop());

  describe('with content capture', () => {
    beforeEach(() => {
      agentsight = startInProcess({ autoSession: false });
    });

    it('trace sync functions, async functions and async generators, returning what they return', async () => {
      const promise = Promise.resolve('async result');
      const out = await withSession({ name: 's' }, async () => {
        const sync = withTool('sync', () => 'sync result');
        const same = withAction('returns-promise', () => promise);
        expect(same).toBe(promise);
        const asyncValue = await withAgent('async', async () => 'agent result');
        const collected: number[] = [];
        for await (const n of withAgent('generator', async function* () {
          yield 1;
          await withTool('inside-generator', () => 'nested');
          yield 2;
        })) {
          collected.push(n);
        }
        return { sync, asyncValue: asyncValue, collected, awaited: await same };
      });
      expect(out).toEqual({ sync: 'sync result', asyncValue: 'agent result', collected: [1, 2], awaited: 'async result' });
      await agentsight.stop();
      const spans = spansOf(agentsight);
      expect(named(spans, 'execute_tool inside-generator').parentSpanId).toBe(named(spans, 'invoke_agent generator').spanId);
      // The SDK starts spans at Date.now() (whole milliseconds), so allow 1 ms.
      expect(named(spans, 'invoke_agent generator').endMs).toBeGreaterThanOrEqual(named(spans, 'execute_tool inside-generator').endMs - 1);
      expect(named(spans, 'execute_tool sync').attributes).toMatchObject({
        [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.EXECUTE_TOOL,
        [ATTR_GEN_AI_TOOL_NAME]: 'sync',
        [ATTR_GEN_AI_TOOL_TYPE]: 'function',
        [ATTR_GEN_AI_TOOL_CALL_RESULT]: '"sync result"',
        [ATTR_AGENTSIGHT_SPAN_KIND]: SPAN_KIND.TOOL,
      });
      expect(named(spans, 'action returns-promise').attributes).toMatchObject({
        [ATTR_AGENTSIGHT_ACTION_TYPE]: 'returns-promise',
        [ATTR_AGENTSIGHT_SPAN_KIND]: SPAN_KIND.ACTION,
      });
      expect(named(spans, 'invoke_agent async').attributes).toMatchObject({
        [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.INVOKE_AGENT,
        [ATTR_GEN_AI_AGENT_NAME]: 'async',
      });
    });

    it('ends a generator span when the consumer leaves early', async () => {
      await withSession({ name: 's' }, async () => {
        for await (const n of withAgent('endless', async function* () {
          for (let i = 0; ; i++) yield i;
        })) {
          if (n === 3) break;
        }
      });
      await agentsight.stop();
      expect(named(spansOf(agentsight), 'invoke_agent endless').attributes[ATTR_AGENTSIGHT_ENDED_BY]).toBe(ENDED_BY.CALLER_STOPPED);
    });

    it('records tool arguments and results as JSON, whatever they hold, within the cap', async () => {
      const circular: Record<string, unknown> = { id: 1 };
      circular.me = circular;
      await withSession({ name: 's' }, async () => {
        await withTool({ name: 'odd', args: { circular, big: 2n ** 70n, fn: () => 1 }, callId: 'call_1', description: 'd' }, async () => ({
          ok: true,
        }));
        await withTool({ name: 'huge', args: 'x'.repeat(100_000) }, () => undefined);
      });
      await agentsight.stop();
      const spans = spansOf(agentsight);
      const odd = named(spans, 'execute_tool odd').attributes;
      expect(JSON.parse(String(odd[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]))).toEqual({
        circular: { id: 1, me: '[Circular]' },
        big: '1180591620717411303424',
        fn: '[Function fn]',
      });
      expect(odd[ATTR_GEN_AI_TOOL_CALL_RESULT]).toBe('{"ok":true}');
      expect(odd[ATTR_GEN_AI_TOOL_CALL_ID]).toBe('call_1');
      expect(odd[ATTR_GEN_AI_TOOL_DESCRIPTION]).toBe('d');
      const huge = String(named(spans, 'execute_tool huge').attributes[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]);
      expect(huge.length).toBeLessThanOrEqual(16_384);
      expect(huge).toContain('[truncated by agentsight: 100002 chars in all]');
    });

    it('traceTool/traceAgent/traceAction keep the signature, `this` and the result', async () => {
      const lookup = traceTool('lookup', async function named(this: { base: number } | void, city: string, days: number) {
        return `${city}:${days}:${(this as { base?: number } | undefined)?.base ?? 0}`;
      });
      expect(lookup.name).toBe('named');
      expect(lookup.length).toBe(2);
      const holder = { base: 5, lookup };
      const run = traceAgent('runner', (x: number) => x * 2);
      const act = traceAction({ type: 'act', attributes: { 'app.k': 'v' } }, () => 'done');
      await withSession({ name: 's' }, async () => {
        expect(await holder.lookup('Paris', 3)).toBe('Paris:3:5');
        expect(run(21)).toBe(42);
        expect(act()).toBe('done');
      });
      await agentsight.stop();
      const spans = spansOf(agentsight);
      expect(named(spans, 'execute_tool lookup').attributes[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]).toBe('["Paris",3]');
      expect(named(spans, 'invoke_agent runner')).toBeDefined();
      expect(named(spans, 'action act').attributes['app.k']).toBe('v');
    });

    it('rolls LLM-free totals up into agents: tools, actions and errors inside each agent', async () => {
      await withSession({ name: 's' }, async () => {
        await withAgent('outer', async () => {
          await withTool('t1', () => 1);
          await withAgent('inner', async () => {
            await withTool('t2', () => 2);
            withAction('a1', () => 3);
            recordError(new Error('handled'));
          });
        });
      });
      await agentsight.stop();
      const spans = spansOf(agentsight);
      expect(named(spans, 'invoke_agent inner').attributes).toMatchObject({
        [ATTR_AGENTSIGHT_TOOL_CALLS]: 1,
        [ATTR_AGENTSIGHT_ACTION_COUNT]: 1,
        [ATTR_AGENTSIGHT_ERROR_COUNT]: 1,
      });
      expect(named(spans, 'invoke_agent outer').attributes).toMatchObject({
        [ATTR_AGENTSIGHT_TOOL_CALLS]: 2,
        [ATTR_AGENTSIGHT_ACTION_COUNT]: 1,
        [ATTR_AGENTSIGHT_ERROR_COUNT]: 1,
      });
      const [session] = agentsight.sessions();
      expect(session!.end?.summary).toMatchObject({ toolCalls: 2, actions: 1, errors: 1 });
    });

    it('recordError makes an error span and marks the session failed; one error counts once on its way up', async () => {
      const failure = new TypeError('broken');
      await withSession({ name: 'recorded' }, async () => {
        recordError(failure, { 'app.step': 'parse' });
      });
      await expect(
        withSession({ name: 'thrown' }, () =>
          withAgent('a', () =>
            withTool('t', async () => {
              throw failure;
            }),
          ),
        ),
      ).rejects.toBe(failure);
      await agentsight.stop();
      const sessions = agentsight.sessions();
      const recorded = sessions.find((s) => s.start?.name === 'recorded')!;
      const errorSpan = named(recorded.spans, 'error TypeError');
      expect(errorSpan.status).toEqual({ code: 'ERROR', message: 'broken' });
      expect(errorSpan.attributes).toMatchObject({
        [ATTR_ERROR_TYPE]: 'TypeError',
        [ATTR_AGENTSIGHT_SPAN_KIND]: SPAN_KIND.ERROR,
        'app.step': 'parse',
      });
      expect(errorSpan.events[0]!.attributes['exception.stacktrace']).toContain('TypeError: broken');
      // withSession's outcome decides: the function returned.
      expect(recorded.end?.state).toBe('success');
      expect(recorded.end?.summary.errors).toBe(1);
      const thrown = sessions.find((s) => s.start?.name === 'thrown')!;
      // The same error object was already counted (in the first session): not counted again, and
      // every span it passes through is marked as propagated. The session still fails by outcome.
      expect(thrown.end).toMatchObject({ state: 'fail', summary: { errors: 0 } });
      for (const name of ['execute_tool t', 'invoke_agent a', 'session thrown']) {
        expect(named(thrown.spans, name).status.code).toBe('ERROR');
        expect(named(thrown.spans, name).attributes[ATTR_AGENTSIGHT_ERROR_PROPAGATED]).toBe(true);
      }
    });

    it('counts a fresh error once although it fails the tool, the agent and the session', async () => {
      await expect(
        withSession({ name: 'chain' }, () =>
          withAgent('a', () =>
            withTool('t', async () => {
              throw new Error('deep');
            }),
          ),
        ),
      ).rejects.toThrow('deep');
      await agentsight.stop();
      const [chain] = agentsight.sessions();
      expect(chain!.end).toMatchObject({ state: 'fail', summary: { errors: 1 } });
      expect(named(chain!.spans, 'execute_tool t').attributes[ATTR_AGENTSIGHT_ERROR_PROPAGATED]).toBeUndefined();
      expect(named(chain!.spans, 'invoke_agent a').attributes[ATTR_AGENTSIGHT_ERROR_PROPAGATED]).toBe(true);
    });

    it('recordEvent adds an event to the work in progress', async () => {
      await withSession({ name: 's' }, async () => {
        recordEvent('session.note', { n: 1 });
        await withTool('t', () => recordEvent('cache.miss', { key: 'k' }));
      });
      await agentsight.stop();
      const spans = spansOf(agentsight);
      expect(named(spans, 'execute_tool t').events.map((e) => [e.name, e.attributes])).toEqual([['cache.miss', { key: 'k' }]]);
      expect(named(spans, 'session s').events.map((e) => e.name)).toEqual(['session.note']);
    });

    it('a failure of our own inside recordError or recordEvent stays ours: caught, and logged once', async () => {
      const runtime = currentRuntime()!;
      const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
      const broken = (what: string) => () => {
        throw new Error(`${what} broken`);
      };
      let lines: string[];
      try {
        const out = await withSession({ name: 's' }, async () => {
          const startSpan = jest.spyOn(runtime.tracer, 'startSpan').mockImplementation(broken('tracer'));
          recordError(new Error('first'));
          recordError(new Error('second'));
          startSpan.mockRestore();
          const workContext = jest.spyOn(runtime.sessions, 'workContext').mockImplementation(broken('sessions'));
          recordEvent('one');
          recordEvent('two');
          workContext.mockRestore();
          return 'went on';
        });
        expect(out).toBe('went on');
      } finally {
        lines = stderr.mock.calls.map(([chunk]) => String(chunk));
        jest.restoreAllMocks();
      }
      expect(lines).toEqual([
        'agentsight/events warn: recordError failed: Error: tracer broken\n',
        'agentsight/events warn: recordEvent failed: Error: sessions broken\n',
      ]);
      await agentsight.stop();
      const spans = spansOf(agentsight);
      expect(spans.filter((s) => s.attributes[ATTR_AGENTSIGHT_SPAN_KIND] === SPAN_KIND.ERROR)).toEqual([]);
      expect(named(spans, 'session s').events).toEqual([]);
    });
  });

  it('records no arguments or results when content capture is off', async () => {
    agentsight = startInProcess({ autoSession: false, captureContent: false });
    await withSession({ name: 's' }, () => withTool({ name: 'secretive', args: { password: 'hunter2' } }, () => 'token-123'));
    await agentsight.stop();
    const attributes = named(spansOf(agentsight), 'execute_tool secretive').attributes;
    expect(attributes[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]).toBeUndefined();
    expect(attributes[ATTR_GEN_AI_TOOL_CALL_RESULT]).toBeUndefined();
    expect(JSON.stringify(agentsight.sessions())).not.toContain('hunter2');
  });
});

describe('without init()', () => {
  it('runs the wrapped functions untouched', async () => {
    expect(withTool('t', () => 1)).toBe(1);
    expect(await withAgent('a', async () => 2)).toBe(2);
    expect(withSession({ name: 'x' }, (s) => s.ended)).toBe(false);
  });

  it('recordError and recordEvent record nothing and say nothing', () => {
    expect(currentRuntime()).toBeUndefined();
    const stderr = jest.spyOn(process.stderr, 'write');
    try {
      expect(recordError(new Error('x'))).toBeUndefined();
      expect(recordEvent('e')).toBeUndefined();
      expect(stderr).not.toHaveBeenCalled();
    } finally {
      stderr.mockRestore();
    }
  });
});
