/** How MCP requests, transports, results and errors read in the MCP semantic conventions (request-mapping.ts). */
import {
  asRequest,
  readError,
  requestAttributes,
  requestTarget,
  resultErrorType,
  transportAttributes,
} from '../../instrumentations/mcp/request-mapping';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROMPT_NAME,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_JSONRPC_REQUEST_ID,
  ATTR_MCP_METHOD_NAME,
  ATTR_MCP_RESOURCE_URI,
  ATTR_MCP_SESSION_ID,
  ATTR_NETWORK_PROTOCOL_NAME,
  ATTR_NETWORK_TRANSPORT,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  MCP_TOOL_ERROR,
  mcpSpanName,
} from '../../src/semconv';

/** A transport of a given class name, as the SDK's are. */
function transport(className: string, fields: Record<string, unknown> = {}): object {
  const Transport = { [className]: class {} }[className]!;
  return Object.assign(new Transport(), fields);
}

describe('requests', () => {
  it('reads a JSON-RPC request, and nothing from what is not one', () => {
    expect(asRequest({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'x' } })).toEqual({
      method: 'tools/call',
      params: { name: 'x' },
      id: 7,
    });
    expect(asRequest({ method: 'ping' })).toEqual({ method: 'ping', params: undefined, id: undefined });
    for (const value of [undefined, null, 'tools/call', { method: '' }, { params: {} }]) expect(asRequest(value)).toBeUndefined();
  });

  it('names the span after the method and its tool or prompt, never its resource', () => {
    const name = (method: string, params: Record<string, unknown>) => mcpSpanName(method, requestTarget({ method, params }));
    expect(name('tools/call', { name: 'get_weather' })).toBe('tools/call get_weather');
    expect(name('prompts/get', { name: 'plan_trip' })).toBe('prompts/get plan_trip');
    expect(name('resources/read', { uri: 'file:///etc/hosts' })).toBe('resources/read');
    expect(name('tools/list', {})).toBe('tools/list');
  });

  it('records the method, the id as a string, and the tool, prompt or resource', () => {
    expect(requestAttributes({ method: 'tools/call', params: { name: 'get_weather' }, id: 3 })).toEqual({
      [ATTR_MCP_METHOD_NAME]: 'tools/call',
      [ATTR_JSONRPC_REQUEST_ID]: '3',
      [ATTR_GEN_AI_OPERATION_NAME]: 'execute_tool',
      [ATTR_GEN_AI_TOOL_NAME]: 'get_weather',
    });
    expect(requestAttributes({ method: 'prompts/get', params: { name: 'p' }, id: 'r-1' })).toMatchObject({
      [ATTR_JSONRPC_REQUEST_ID]: 'r-1',
      [ATTR_GEN_AI_PROMPT_NAME]: 'p',
    });
    for (const method of ['resources/read', 'resources/subscribe', 'resources/unsubscribe'])
      expect(requestAttributes({ method, params: { uri: 'weather://paris' } })[ATTR_MCP_RESOURCE_URI]).toBe('weather://paris');
    // A null id (discouraged) or none: no attribute.
    expect(requestAttributes({ method: 'ping', params: undefined, id: null })[ATTR_JSONRPC_REQUEST_ID]).toBeUndefined();
  });
});

describe('transports', () => {
  it('stdio is a pipe; Streamable HTTP and SSE are TCP with HTTP, and say their session and server', () => {
    expect(transportAttributes(transport('StdioClientTransport'), 'client')).toEqual({ [ATTR_NETWORK_TRANSPORT]: 'pipe' });
    expect(transportAttributes(transport('StdioServerTransport'), 'server')).toEqual({ [ATTR_NETWORK_TRANSPORT]: 'pipe' });
    const http = transport('StreamableHTTPClientTransport', { sessionId: 'abc', _url: new URL('http://mcp.example.com:3000/mcp') });
    expect(transportAttributes(http, 'client')).toEqual({
      [ATTR_NETWORK_TRANSPORT]: 'tcp',
      [ATTR_NETWORK_PROTOCOL_NAME]: 'http',
      [ATTR_MCP_SESSION_ID]: 'abc',
      [ATTR_SERVER_ADDRESS]: 'mcp.example.com',
      [ATTR_SERVER_PORT]: 3000,
    });
    expect(transportAttributes(transport('WebStandardStreamableHTTPServerTransport', { sessionId: 'abc' }), 'server')).toEqual({
      [ATTR_NETWORK_TRANSPORT]: 'tcp',
      [ATTR_NETWORK_PROTOCOL_NAME]: 'http',
      [ATTR_MCP_SESSION_ID]: 'abc',
    });
    expect(transportAttributes(transport('SSEClientTransport'), 'client')[ATTR_NETWORK_PROTOCOL_NAME]).toBe('http');
  });

  it('says nothing of a transport it does not know, or of one whose fields throw', () => {
    expect(transportAttributes(transport('InMemoryTransport'), 'client')).toEqual({});
    expect(transportAttributes(undefined, 'client')).toEqual({});
    const hostile = transport('StdioClientTransport');
    Object.defineProperty(hostile, 'sessionId', {
      get() {
        throw new Error('no');
      },
    });
    expect(transportAttributes(hostile, 'client')).toEqual({ [ATTR_NETWORK_TRANSPORT]: 'pipe' });
  });
});

describe('results and errors', () => {
  it('a tool result with isError is a tool_error; other results are not errors', () => {
    expect(resultErrorType({ method: 'tools/call', params: {} }, { content: [], isError: true })).toBe(MCP_TOOL_ERROR);
    expect(resultErrorType({ method: 'tools/call', params: {} }, { content: [] })).toBeUndefined();
    expect(resultErrorType({ method: 'prompts/get', params: {} }, { isError: true })).toBeUndefined();
  });

  it('an error reads as its JSON-RPC code (also rpc.response.status_code) or the SDK code, else as nothing (its class then)', () => {
    expect(readError(Object.assign(new Error('Tool x not found'), { code: -32602 }))).toEqual({ type: '-32602', statusCode: '-32602' });
    expect(readError(Object.assign(new Error('Request timed out'), { code: 'REQUEST_TIMEOUT' }))).toEqual({ type: 'REQUEST_TIMEOUT' });
    expect(readError(new TypeError('fetch failed'))).toEqual({});
    expect(readError('a string')).toEqual({});
  });
});
