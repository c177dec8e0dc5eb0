/**
 * inject / extract in one process: what goes into HTTP headers and plain objects, and what work
 * run in an extracted context belongs to (the caller's trace and session, as this process's part
 * of it), with the caller's sampling decision respected.
 */
import { context, propagation, trace, type TextMapPropagator } from '@opentelemetry/api';
import { randomBytes } from 'node:crypto';
import {
  continueFrom,
  currentSession,
  extract,
  extractA2aMetadata,
  extractMcpMeta,
  inject,
  injectA2aMetadata,
  injectMcpMeta,
  runInRemoteContext,
  withSession,
  withTool,
} from '../../src/index';
import { ATTR_SESSION_ID } from '../../src/semconv';
import { listSessionFiles, overview, readSession } from '../../src/store/reader';
import { startInProcess, type InProcess } from '../support/in-process';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** What a caller in another process would send: its trace and span, its session id in the baggage. */
function remoteCaller(flags = '01', sessionId?: string) {
  const traceId = hex(16);
  const spanId = hex(8);
  return {
    traceId,
    spanId,
    headers: {
      traceparent: `00-${traceId}-${spanId}-${flags}`,
      baggage: `session.id=${sessionId ?? traceId},tenant=acme`,
    } as Record<string, string>,
  };
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

describe('inject', () => {
  let agentsight: InProcess;
  beforeEach(() => {
    agentsight = startInProcess({ autoSession: false });
  });
  afterEach(() => agentsight.stop());

  it('writes traceparent and the session id in baggage into a plain object, from the active span', async () => {
    let headers: Record<string, string> = {};
    let ids: { session: string; span: string } | undefined;
    await withSession({ name: 'caller' }, (session) =>
      withTool('call-remote', () => {
        headers = inject({ 'content-type': 'application/json' });
        ids = { session: session.id, span: trace.getActiveSpan()!.spanContext().spanId };
      }),
    );
    expect(headers['content-type']).toBe('application/json');
    const [, traceId, spanId] = TRACEPARENT.exec(headers.traceparent!)!;
    expect(traceId).toBe(ids!.session);
    expect(spanId).toBe(ids!.span);
    expect(headers.baggage).toBe(`session.id=${ids!.session}`);
  });

  it('writes into a fetch Headers, a Map and a Node.js outgoing request', async () => {
    await withSession({ name: 'caller' }, (session) => {
      const fetchHeaders = inject(new Headers());
      expect(fetchHeaders.get('traceparent')).toMatch(TRACEPARENT);
      expect(fetchHeaders.get('baggage')).toBe(`session.id=${session.id}`);
      const map = inject(new Map<string, string>());
      expect(map.get('traceparent')).toMatch(TRACEPARENT);
      const set: Record<string, string> = {};
      inject({ setHeader: (k: string, v: string) => (set[k] = v), getHeader: (k: string) => set[k] });
      expect(Object.keys(set).sort()).toEqual(['baggage', 'traceparent']);
    });
  });

  it('keeps baggage entries the application set', async () => {
    await withSession({ name: 'caller' }, (session) => {
      const ctx = propagation.setBaggage(context.active(), propagation.createBaggage({ tenant: { value: 'acme' } }));
      const headers = inject<Record<string, string>>({}, ctx);
      expect(headers.baggage!.split(',').sort()).toEqual([`session.id=${session.id}`, 'tenant=acme']);
    });
  });

  it('works whatever global propagator the application set', async () => {
    const silent: TextMapPropagator = { inject: () => undefined, extract: (ctx) => ctx, fields: () => [] };
    // In place of the propagator init() registered.
    propagation.disable();
    expect(propagation.setGlobalPropagator(silent)).toBe(true);
    try {
      await withSession({ name: 'caller' }, () => expect(inject<Record<string, string>>({}).traceparent).toMatch(TRACEPARENT));
    } finally {
      propagation.disable();
    }
  });

  it('outside any session (automatic session off) carries only what is active', () => {
    expect(inject({})).toEqual({});
  });
});

describe('inject before init()', () => {
  it('writes the active span context, and never throws', () => {
    expect(() => inject({})).not.toThrow();
    expect(inject({})).toEqual({});
  });
});

describe('extract: work joins the caller', () => {
  let agentsight: InProcess;
  beforeEach(() => {
    agentsight = startInProcess({ autoSession: true, sessionName: 'callee-auto' });
  });
  afterEach(() => agentsight.stop());

  it('from HTTP headers: spans are children of the remote span, carry its session id, and land in a part file', async () => {
    const caller = remoteCaller();
    await continueFrom(caller.headers, () => withTool('lookup', async () => 'found'));
    await agentsight.stop();
    const sessions = listSessionFiles(agentsight.dir);
    // Only the part: the automatic session never started.
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ id: caller.traceId, parts: [] });
    const data = readSession(sessions[0]!);
    expect(data.start).toBeUndefined();
    expect(data.parts).toHaveLength(1);
    expect(data.parts[0]!.start).toMatchObject({
      t: 'part_start',
      sessionId: caller.traceId,
      traceId: caller.traceId,
      parentSpanId: caller.spanId,
      pid: process.pid,
    });
    expect(data.parts[0]!.end?.summary).toMatchObject({ toolCalls: 1 });
    const [tool] = data.spans;
    expect(tool).toMatchObject({ name: 'execute_tool lookup', traceId: caller.traceId, parentSpanId: caller.spanId });
    expect(tool!.attributes[ATTR_SESSION_ID]).toBe(caller.traceId);
    expect(overview(data).summary.toolCalls).toBe(1);
  });

  it('takes the session id from the baggage when the caller gave one', async () => {
    const sessionId = hex(16);
    const caller = remoteCaller('01', sessionId);
    await context.with(extract(caller.headers), () => withTool('t', () => 1));
    await agentsight.stop();
    const [session] = agentsight.sessions();
    expect(session!.id).toBe(sessionId);
    expect(session!.spans[0]).toMatchObject({ traceId: caller.traceId, attributes: { [ATTR_SESSION_ID]: sessionId } });
  });

  it('ignores a claimed session id that is not one (the trace id stands in)', async () => {
    const caller = remoteCaller('01', '../../etc');
    await continueFrom(caller.headers, () => withTool('t', () => 1));
    await agentsight.stop();
    expect(agentsight.sessions().map((s) => s.id)).toEqual([caller.traceId]);
  });

  it('reads Node.js incoming headers in any case, and repeated baggage headers', async () => {
    const caller = remoteCaller();
    const incoming = { Traceparent: caller.headers.traceparent, baggage: ['tenant=acme', `session.id=${caller.traceId}`] };
    await continueFrom(incoming, () => withTool('t', () => 1));
    await agentsight.stop();
    expect(agentsight.sessions().map((s) => s.id)).toEqual([caller.traceId]);
  });

  it('many requests of one session share one part; concurrent sessions stay apart', async () => {
    const a = remoteCaller();
    const b = remoteCaller();
    await Promise.all([a, b, a, b, a].map((caller, i) => continueFrom(caller.headers, () => withTool(`t${i}`, async () => i))));
    await agentsight.stop();
    const byId = new Map(agentsight.sessions().map((s) => [s.id, s]));
    expect(
      byId
        .get(a.traceId)!
        .spans.map((s) => s.name)
        .sort(),
    ).toEqual(['execute_tool t0', 'execute_tool t2', 'execute_tool t4']);
    expect(
      byId
        .get(b.traceId)!
        .spans.map((s) => s.name)
        .sort(),
    ).toEqual(['execute_tool t1', 'execute_tool t3']);
    expect(byId.get(a.traceId)!.parts).toHaveLength(1);
  });

  it("respects the caller's decision not to sample: nothing recorded, no automatic session either", async () => {
    const caller = remoteCaller('00');
    await continueFrom(caller.headers, () => withTool('t', () => 1));
    await agentsight.stop();
    expect(listSessionFiles(agentsight.dir)).toEqual([]);
  });

  it('without a trace context in the carrier, work stays where it was (here: the automatic session)', async () => {
    await continueFrom({ 'content-type': 'text/plain' }, () => withTool('t', () => 1));
    await agentsight.stop();
    const [session] = agentsight.sessions();
    expect(session!.start?.name).toBe('callee-auto');
  });

  it('a round trip inside one process joins the local session itself', async () => {
    let sessionId = '';
    let callerSpan = '';
    await withSession({ name: 'local' }, async (session) => {
      sessionId = session.id;
      const headers = withTool('send', () => {
        callerSpan = trace.getActiveSpan()!.spanContext().spanId;
        return inject({});
      });
      await continueFrom(headers, () => {
        expect(currentSession()?.id).toBe(session.id);
        return withTool('receive', () => 1);
      });
    });
    await agentsight.stop();
    const [session] = agentsight.sessions().filter((s) => s.id === sessionId);
    expect(session!.parts).toEqual([]);
    expect(session!.spans.find((s) => s.name === 'execute_tool receive')!.parentSpanId).toBe(callerSpan);
    expect(session!.end?.summary.toolCalls).toBe(2);
  });

  it('runInRemoteContext joins a context extracted with the OpenTelemetry API', async () => {
    const caller = remoteCaller();
    const { W3CTraceContextPropagator } = await import('@opentelemetry/core');
    const remote = new W3CTraceContextPropagator().extract(context.active(), caller.headers, {
      get: (c, k) => (c as Record<string, string>)[k],
      keys: (c) => Object.keys(c as object),
    });
    await runInRemoteContext(remote, () => withTool('t', () => 1));
    await agentsight.stop();
    expect(agentsight.sessions().map((s) => [s.id, s.spans[0]?.parentSpanId])).toEqual([[caller.traceId, caller.spanId]]);
  });
});

describe('the sampled flag', () => {
  it("keeps a sampled caller's work even where this process samples nothing of its own", async () => {
    const agentsight = startInProcess({ autoSession: false, sampleRate: 0 });
    const caller = remoteCaller('01');
    await continueFrom(caller.headers, () => withTool('t', () => 1));
    await withSession({ name: 'own' }, () => withTool('t', () => 1));
    await agentsight.stop();
    expect(agentsight.sessions().map((s) => s.id)).toEqual([caller.traceId]);
  });
});

describe('MCP _meta and A2A metadata', () => {
  let agentsight: InProcess;
  beforeEach(() => {
    agentsight = startInProcess({ autoSession: false });
  });
  afterEach(() => agentsight.stop());

  it('puts traceparent and baggage at the root of params._meta, keeping the rest, without touching the original', async () => {
    const params = { name: 'search', arguments: { q: 'otel' }, _meta: { progressToken: 7 } };
    await withSession({ name: 'mcp-client' }, (session) => {
      const sent = injectMcpMeta(params);
      expect(sent).toMatchObject({ name: 'search', arguments: { q: 'otel' } });
      expect(sent._meta).toMatchObject({ progressToken: 7, baggage: `session.id=${session.id}` });
      expect(sent._meta.traceparent).toMatch(TRACEPARENT);
      expect(params._meta).toEqual({ progressToken: 7 });
      expect(injectMcpMeta(undefined)._meta.traceparent).toMatch(TRACEPARENT);
    });
  });

  it('an MCP server joins the caller from params._meta', async () => {
    const caller = remoteCaller();
    const request = { method: 'tools/call', params: { name: 'search', _meta: { ...caller.headers } } };
    await context.with(extractMcpMeta(request.params), () => withTool('search', () => 1));
    expect(extractMcpMeta({ name: 'no-meta' })).toBe(context.active());
    await agentsight.stop();
    expect(agentsight.sessions()[0]!.spans[0]).toMatchObject({ traceId: caller.traceId, parentSpanId: caller.spanId });
  });

  it('carries the context in an A2A message’s metadata, both ways', async () => {
    let sent: { metadata: Record<string, unknown> } | undefined;
    let sessionId = '';
    await withSession({ name: 'a2a-client' }, (session) => {
      sessionId = session.id;
      sent = injectA2aMetadata({ role: 'user', parts: [{ kind: 'text', text: 'hi' }], metadata: { skill: 'summarize' } });
    });
    expect(sent!.metadata).toMatchObject({ skill: 'summarize', baggage: `session.id=${sessionId}` });
    const ctx = extractA2aMetadata(sent);
    expect(trace.getSpanContext(ctx)?.traceId).toBe(sessionId);
  });
});
