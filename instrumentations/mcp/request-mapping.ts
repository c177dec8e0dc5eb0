/**
 * What an MCP request, the `Protocol` object that carries it, its transport, its result and its
 * error say in the MCP semantic conventions: the span's name and target, `mcp.*`, `jsonrpc.*`,
 * `network.*`, the tool or prompt it names, `error.type`. Read defensively (`src/json-values.ts`):
 * the SDK's objects are read, never written, and a field of an unexpected type reads as absent.
 */
import type { Attributes } from '@opentelemetry/api';
import { isObject, nonEmptyStr, num, put, str, type Json } from '../../src/json-values';
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
  GEN_AI_OPERATION,
  MCP_METHOD,
  MCP_TOOL_ERROR,
  NETWORK_TRANSPORT,
} from '../../src/semconv';
import { serverAddress } from '../base/server-address';

/** A JSON-RPC request as the SDK hands it over: its method, params and (once sent) id. */
export interface McpRequest {
  method: string;
  params: Json | undefined;
  id?: unknown;
}

/** The request in `value` (a JSON-RPC request object), or `undefined` when it has no method. */
export function asRequest(value: unknown): McpRequest | undefined {
  if (!isObject(value)) return undefined;
  const method = nonEmptyStr(value.method);
  if (method === undefined) return undefined;
  return { method, params: isObject(value.params) ? value.params : undefined, id: value.id };
}

/** The span name's target: the tool of a `tools/call`, the prompt of a `prompts/get` (low cardinality). */
export function requestTarget(request: McpRequest): string | undefined {
  if (request.method === MCP_METHOD.TOOLS_CALL || request.method === MCP_METHOD.PROMPTS_GET) return nonEmptyStr(request.params?.name);
  return undefined;
}

const RESOURCE_METHODS: readonly string[] = [MCP_METHOD.RESOURCES_READ, MCP_METHOD.RESOURCES_SUBSCRIBE, MCP_METHOD.RESOURCES_UNSUBSCRIBE];

/** A JSON-RPC id as the conventions record it: a string, and nothing for `null` or none. */
export function requestIdText(id: unknown): string | undefined {
  if (typeof id === 'string') return id;
  return num(id) !== undefined ? String(id) : undefined;
}

/** The request's own attributes: method, id, and the tool, prompt or resource it names. */
export function requestAttributes(request: McpRequest): Attributes {
  const attributes: Attributes = { [ATTR_MCP_METHOD_NAME]: request.method };
  put(attributes, ATTR_JSONRPC_REQUEST_ID, requestIdText(request.id));
  const params = request.params;
  if (request.method === MCP_METHOD.TOOLS_CALL) {
    attributes[ATTR_GEN_AI_OPERATION_NAME] = GEN_AI_OPERATION.EXECUTE_TOOL;
    put(attributes, ATTR_GEN_AI_TOOL_NAME, nonEmptyStr(params?.name));
  } else if (request.method === MCP_METHOD.PROMPTS_GET) {
    put(attributes, ATTR_GEN_AI_PROMPT_NAME, nonEmptyStr(params?.name));
  } else if (RESOURCE_METHODS.includes(request.method)) {
    put(attributes, ATTR_MCP_RESOURCE_URI, nonEmptyStr(params?.uri));
  }
  return attributes;
}

/** A property of an SDK object, or `undefined` when reading it fails (a getter that throws). */
export function read(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null) return undefined;
  try {
    return (value as Json)[key];
  } catch {
    return undefined;
  }
}

/**
 * What the transport says: `network.transport` (`pipe` for stdio, `tcp` for HTTP, with
 * `network.protocol.name`), the MCP session id (Streamable HTTP), and for a request sent over an
 * HTTP client transport the server's address. Known by the transport's class
 * (`StdioClientTransport`, `StreamableHTTPServerTransport`, ...); an unknown transport (in memory,
 * a custom one) says nothing of its network.
 */
export function transportAttributes(transport: unknown, side: 'client' | 'server'): Attributes {
  const attributes: Attributes = {};
  if (typeof transport !== 'object' || transport === null) return attributes;
  const kind = transport.constructor?.name ?? '';
  if (/^Stdio/.test(kind)) {
    attributes[ATTR_NETWORK_TRANSPORT] = NETWORK_TRANSPORT.PIPE;
  } else if (/HTTP|SSE/i.test(kind)) {
    attributes[ATTR_NETWORK_TRANSPORT] = NETWORK_TRANSPORT.TCP;
    attributes[ATTR_NETWORK_PROTOCOL_NAME] = 'http';
  } else if (/WebSocket/i.test(kind)) {
    attributes[ATTR_NETWORK_TRANSPORT] = NETWORK_TRANSPORT.TCP;
    attributes[ATTR_NETWORK_PROTOCOL_NAME] = 'websocket';
  }
  put(attributes, ATTR_MCP_SESSION_ID, transportSessionId(transport));
  if (side === 'server') return attributes;
  // Client transports over HTTP keep the server's URL.
  const { address, port } = serverAddress(read(transport, '_url'));
  put(attributes, ATTR_SERVER_ADDRESS, address);
  if (address !== undefined) put(attributes, ATTR_SERVER_PORT, port);
  return attributes;
}

/** The MCP session id of a Streamable HTTP connection (known once `initialize` is answered). */
export function transportSessionId(transport: unknown): string | undefined {
  return nonEmptyStr(read(transport, 'sessionId'));
}

/** The protocol version a transport was told (HTTP client transports send it in a header). */
export function transportProtocolVersion(transport: unknown): string | undefined {
  return nonEmptyStr(read(transport, 'protocolVersion'));
}

/** The protocol version an `initialize` result settled on. */
export function initializeVersion(request: McpRequest, result: unknown): string | undefined {
  return request.method === MCP_METHOD.INITIALIZE && isObject(result) ? nonEmptyStr(result.protocolVersion) : undefined;
}

/** `error.type` of a result that is a success on the wire but says it failed: a tool result with `isError`. */
export function resultErrorType(request: McpRequest, result: unknown): string | undefined {
  return request.method === MCP_METHOD.TOOLS_CALL && isObject(result) && result.isError === true ? MCP_TOOL_ERROR : undefined;
}

/** How an error reads in the conventions: `error.type`, and the JSON-RPC error code when it has one. */
export interface McpErrorReading {
  /** The JSON-RPC code as a string (`-32602`), the SDK's own code (`REQUEST_TIMEOUT`), else none (the class name then). */
  type?: string;
  /** `rpc.response.status_code`: the numeric JSON-RPC code, as a string. */
  statusCode?: string;
}

/**
 * An SDK error's code: `McpError` (v1) and `ProtocolError` (v2) carry the JSON-RPC code (a number,
 * from the peer's error response or for a local timeout or closed connection), v2's `SdkError` a
 * string of its own (`REQUEST_TIMEOUT`, `CONNECTION_CLOSED`).
 */
export function readError(error: unknown): McpErrorReading {
  const code = read(error, 'code');
  if (typeof code === 'number' && Number.isInteger(code)) return { type: String(code), statusCode: String(code) };
  const text = str(code);
  return text ? { type: text } : {};
}
