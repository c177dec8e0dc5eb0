/**
 * The MCP wrappers on a stand-in `Protocol` (the SDK's shapes, none of its code): the caller gets
 * exactly what the SDK returned or threw, a handler is traced once whatever the number of requests,
 * and when agentsight's own code fails the request goes on untouched, the failure is logged once,
 * and a span already started ends with `agentsight.ended_by=agentsight_error`.
 */
import { tracedSend } from '../../instrumentations/mcp/client-requests';
import { McpRequestSpan } from '../../instrumentations/mcp/request-span';
import { tracedDispatch } from '../../instrumentations/mcp/server-requests';
import { withSession } from '../../src/index';
import { ATTR_AGENTSIGHT_ENDED_BY, ATTR_ERROR_TYPE, ATTR_JSONRPC_REQUEST_ID, ENDED_BY } from '../../src/semconv';
import type { SpanRecord } from '../../src/store/format';
import { startInProcess, type InProcess } from '../support/in-process';

type Fn = (this: unknown, ...args: unknown[]) => unknown;

/** A stand-in for the SDK's `Protocol`: numbers requests, keeps handlers in a map. */
class Protocol {
  _requestMessageId = 0;
  readonly _requestHandlers = new Map<string, Fn>();
  readonly sent: unknown[] = [];
  request(this: Protocol, request: unknown): Promise<unknown> {
    this.sent.push(request);
    this._requestMessageId++;
    return Promise.resolve({ content: [{ type: 'text', text: 'ok' }] });
  }
  _onrequest(this: Protocol, request: { method: string }, extra: unknown): unknown {
    return this._requestHandlers.get(request.method)?.(request, extra);
  }
}

const mcpSpans = (p: InProcess): SpanRecord[] =>
  p
    .sessions()
    .flatMap((s) => s.spans)
    .filter((s) => !s.name.startsWith('session '));

describe('the MCP wrappers', () => {
  let agentsight: InProcess;
  let stderr: jest.SpyInstance;
  let enabled = true;
  // Through the prototype, so that a test can stand in for the SDK's method.
  const send = tracedSend(function (this: unknown, ...args: unknown[]) {
    return (Protocol.prototype.request as Fn).apply(this, args);
  }, 0);
  const dispatch = tracedDispatch(Protocol.prototype._onrequest as Fn, () => enabled);
  beforeEach(() => {
    enabled = true;
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    agentsight = startInProcess({ autoSession: false });
  });
  afterEach(async () => {
    await agentsight.stop();
    stderr.mockRestore();
    jest.restoreAllMocks();
  });

  it("sends a copy of the request with the context in _meta, and gives the caller the SDK's own promise", async () => {
    const protocol = new Protocol();
    const params = { name: 'get_weather', arguments: { city: 'Paris' }, _meta: { progressToken: 7 } };
    const request = { method: 'tools/call', params };
    const sdkPromise = Promise.resolve('the answer');
    jest.spyOn(Protocol.prototype, 'request').mockReturnValueOnce(sdkPromise);
    const returned = withSession({ name: 's' }, () => send.call(protocol, request));
    expect(returned).toBe(sdkPromise);
    expect(await returned).toBe('the answer');
    const [sent] = (Protocol.prototype.request as jest.Mock).mock.calls[0] as [{ params: { _meta: Record<string, unknown> } }];
    expect(sent.params._meta).toEqual({ progressToken: 7, traceparent: expect.stringMatching(/^00-/), baggage: expect.any(String) });
    // The caller's objects are as they were.
    expect(params._meta).toEqual({ progressToken: 7 });
  });

  it('records the id the SDK gave the request', async () => {
    const protocol = new Protocol();
    protocol._requestMessageId = 41;
    await withSession({ name: 's' }, () => send.call(protocol, { method: 'ping' }));
    await agentsight.stop();
    expect(mcpSpans(agentsight)[0]!.attributes[ATTR_JSONRPC_REQUEST_ID]).toBe('41');
  });

  it('a synchronous throw of the SDK reaches the caller unchanged and ends the span with it', async () => {
    const protocol = new Protocol();
    const error = new TypeError("'x/y' is not a spec method");
    jest.spyOn(Protocol.prototype, 'request').mockImplementationOnce(() => {
      throw error;
    });
    await withSession({ name: 's' }, async () => {
      expect(() => send.call(protocol, { method: 'x/y' })).toThrow(error);
    });
    await agentsight.stop();
    expect(mcpSpans(agentsight)[0]!.attributes[ATTR_ERROR_TYPE]).toBe('TypeError');
  });

  it('when starting the span fails, the request goes out as the caller made it and the failure is logged once', async () => {
    jest.spyOn(McpRequestSpan, 'start').mockImplementation(() => {
      throw new Error('start failed (injected)');
    });
    const protocol = new Protocol();
    const request = { method: 'tools/call', params: { name: 'x' } };
    await withSession({ name: 's' }, async () => {
      await send.call(protocol, request);
      await send.call(protocol, request);
    });
    expect(protocol.sent).toEqual([request, request]);
    const warnings = stderr.mock.calls.map(([line]) => String(line)).filter((line) => line.includes('could not trace an MCP request'));
    expect(warnings).toHaveLength(1);
  });

  it('when recording the result fails, the caller still gets it and the span ends as agentsight_error', async () => {
    jest.spyOn(McpRequestSpan.prototype as unknown as { recordResult: Fn }, 'recordResult').mockImplementation(() => {
      throw new Error('record failed (injected)');
    });
    const result = await withSession({ name: 's' }, () => send.call(new Protocol(), { method: 'tools/call', params: { name: 'x' } }));
    expect(result).toEqual({ content: [{ type: 'text', text: 'ok' }] });
    await agentsight.stop();
    expect(mcpSpans(agentsight)[0]!.attributes[ATTR_AGENTSIGHT_ENDED_BY]).toBe(ENDED_BY.INTERNAL_ERROR);
  });

  it('traces a handler once, whatever the number of requests; turned off, the traced handler runs plain', async () => {
    const protocol = new Protocol();
    const handler = jest.fn(async () => ({ tools: [] }));
    protocol._requestHandlers.set('tools/list', handler);
    const remote = { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' };
    for (let i = 0; i < 3; i++)
      await dispatch.call(protocol, { jsonrpc: '2.0', id: i, method: 'tools/list', params: { _meta: remote } }, {});
    const traced = protocol._requestHandlers.get('tools/list');
    expect(traced).not.toBe(handler);
    enabled = false;
    await dispatch.call(protocol, { jsonrpc: '2.0', id: 3, method: 'tools/list', params: {} }, {});
    expect(protocol._requestHandlers.get('tools/list')).toBe(traced);
    expect(handler).toHaveBeenCalledTimes(4);
    await agentsight.stop();
    const spans = agentsight.sessions().flatMap((s) => s.spans);
    expect(spans.map((s) => `${s.kind} ${s.name} ${s.traceId}`)).toEqual(
      Array(3).fill('SERVER tools/list 4bf92f3577b34da6a3ce929d0e0e4736'),
    );
  });

  it("a handler's synchronous throw reaches the SDK unchanged; an abort ends the span as abort", async () => {
    const protocol = new Protocol();
    const error = new Error('bad params');
    protocol._requestHandlers.set('tools/call', () => {
      throw error;
    });
    protocol._requestHandlers.set('resources/read', () => new Promise(() => {}));
    await withSession({ name: 's' }, async () => {
      expect(() => dispatch.call(protocol, { id: 1, method: 'tools/call', params: { name: 'x' } }, {})).toThrow(error);
      const controller = new AbortController();
      dispatch.call(protocol, { id: 2, method: 'resources/read', params: { uri: 'a://b' } }, { signal: controller.signal });
      controller.abort();
    });
    await agentsight.stop();
    const byName = new Map(mcpSpans(agentsight).map((s) => [s.name, s.attributes]));
    expect(byName.get('tools/call x')?.[ATTR_ERROR_TYPE]).toBe('Error');
    expect(byName.get('resources/read')?.[ATTR_AGENTSIGHT_ENDED_BY]).toBe(ENDED_BY.ABORT);
  });
});
