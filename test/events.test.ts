import { recordError, recordEvent, traceAction, traceAgent, traceTool, withAction, withAgent, withSession, withTool } from '../src/index';
import type { SpanRecord } from '../src/store/format';
import { startInProcess, type InProcess } from './support/in-process';

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
        'gen_ai.operation.name': 'execute_tool',
        'gen_ai.tool.name': 'sync',
        'gen_ai.tool.type': 'function',
        'gen_ai.tool.call.result': '"sync result"',
        'agentsight.span.kind': 'tool',
      });
      expect(named(spans, 'action returns-promise').attributes).toMatchObject({
        'agentsight.action.type': 'returns-promise',
        'agentsight.span.kind': 'action',
      });
      expect(named(spans, 'invoke_agent async').attributes).toMatchObject({
        'gen_ai.operation.name': 'invoke_agent',
        'gen_ai.agent.name': 'async',
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
      expect(named(spansOf(agentsight), 'invoke_agent endless').attributes['agentsight.ended_by']).toBe('caller_stopped');
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
      expect(JSON.parse(String(odd['gen_ai.tool.call.arguments']))).toEqual({
        circular: { id: 1, me: '[Circular]' },
        big: '1180591620717411303424',
        fn: '[Function fn]',
      });
      expect(odd['gen_ai.tool.call.result']).toBe('{"ok":true}');
      expect(odd['gen_ai.tool.call.id']).toBe('call_1');
      expect(odd['gen_ai.tool.description']).toBe('d');
      const huge = String(named(spans, 'execute_tool huge').attributes['gen_ai.tool.call.arguments']);
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
      expect(named(spans, 'execute_tool lookup').attributes['gen_ai.tool.call.arguments']).toBe('["Paris",3]');
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
        'agentsight.tool.calls': 1,
        'agentsight.action.count': 1,
        'agentsight.error.count': 1,
      });
      expect(named(spans, 'invoke_agent outer').attributes).toMatchObject({
        'agentsight.tool.calls': 2,
        'agentsight.action.count': 1,
        'agentsight.error.count': 1,
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
      expect(errorSpan.attributes).toMatchObject({ 'error.type': 'TypeError', 'agentsight.span.kind': 'error', 'app.step': 'parse' });
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
        expect(named(thrown.spans, name).attributes['agentsight.error.propagated']).toBe(true);
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
      expect(named(chain!.spans, 'execute_tool t').attributes['agentsight.error.propagated']).toBeUndefined();
      expect(named(chain!.spans, 'invoke_agent a').attributes['agentsight.error.propagated']).toBe(true);
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
  });

  it('records no arguments or results when content capture is off', async () => {
    agentsight = startInProcess({ autoSession: false, captureContent: false });
    await withSession({ name: 's' }, () => withTool({ name: 'secretive', args: { password: 'hunter2' } }, () => 'token-123'));
    await agentsight.stop();
    const attributes = named(spansOf(agentsight), 'execute_tool secretive').attributes;
    expect(attributes['gen_ai.tool.call.arguments']).toBeUndefined();
    expect(attributes['gen_ai.tool.call.result']).toBeUndefined();
    expect(JSON.stringify(agentsight.sessions())).not.toContain('hunter2');
  });
});

describe('without init()', () => {
  it('runs the wrapped functions untouched', async () => {
    expect(withTool('t', () => 1)).toBe(1);
    expect(await withAgent('a', async () => 2)).toBe(2);
    expect(withSession({ name: 'x' }, (s) => s.ended)).toBe(false);
    expect(() => recordError(new Error('x'))).not.toThrow();
    expect(() => recordEvent('e')).not.toThrow();
  });
});
