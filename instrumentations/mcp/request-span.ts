/**
 * One MCP request as one span, in the MCP semantic conventions: CLIENT on the side that sends the
 * request, SERVER on the side that handles it, named `{mcp.method.name} {target}`. A span of the
 * event layer (`openWorkSpan`): it is in the session of its context, ends exactly once (result,
 * error, abort, or process exit) and never throws into the SDK's code.
 *
 * A `tools/call` sent right inside one of our tool spans (`withTool`, a tool the AI SDK runs) is a
 * child of that tool span; sent anywhere else, its CLIENT span is the tool span itself (it carries
 * `agentsight.span.kind=tool` and counts as a tool call), so a tool call is never recorded twice.
 * The SERVER span of a tool call is the server's side of it: not a second tool call.
 */
import { SpanKind, type Attributes, type Context, type Link } from '@opentelemetry/api';
import { activeToolSpan } from '../../src/context/keys';
import { getLogger } from '../../src/diag';
import { openWorkSpan, type OpenWorkSpan, type WorkSpanSpec } from '../../src/events/work-span';
import { contentJson, toolWorkSpec } from '../../src/events/wrappers';
import { isObject, put } from '../../src/json-values';
import {
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_MCP_PROTOCOL_VERSION,
  ATTR_MCP_SESSION_ID,
  ATTR_RPC_RESPONSE_STATUS_CODE,
  ENDED_BY,
  MCP_METHOD,
  mcpSpanName,
} from '../../src/semconv';
import {
  initializeVersion,
  readError,
  read,
  requestAttributes,
  requestTarget,
  resultErrorType,
  transportAttributes,
  transportProtocolVersion,
  transportSessionId,
  type McpRequest,
} from './request-mapping';

const log = getLogger('mcp');

/** The protocol version each `Protocol` object settled on at `initialize` (it speaks no other after). */
const versions = new WeakMap<object, string>();

/** The status message of a tool call whose result says `isError` (its text is content: recorded only as the result). */
const TOOL_ERROR_MESSAGE = 'the tool returned an error result (isError)';

export interface RequestSpanStart {
  /** `client`: this side sends the request; `server`: this side handles it. */
  side: 'client' | 'server';
  /** The SDK's `Protocol` object (a `Client`, a `Server`) that carries the request. */
  protocol: object;
  request: McpRequest;
  /** The context the span starts in (client: the caller's; server: the one extracted from `_meta`). */
  parent: Context;
  links?: Link[];
  /** A protocol version known otherwise (the HTTP request's `mcp-protocol-version` header). */
  protocolVersion?: string;
}

export class McpRequestSpan {
  private constructor(
    private readonly work: OpenWorkSpan,
    private readonly start: RequestSpanStart,
    private readonly sessionIdKnown: boolean,
  ) {}

  /** Starts the span; `undefined` without an initialized agentsight (or if it cannot start). Never throws. */
  static start(start: RequestSpanStart): McpRequestSpan | undefined {
    const { request, protocol, side } = start;
    const transport = read(protocol, 'transport');
    const attributes: Attributes = { ...requestAttributes(request), ...transportAttributes(transport, side) };
    put(attributes, ATTR_MCP_PROTOCOL_VERSION, versions.get(protocol) ?? start.protocolVersion ?? transportProtocolVersion(transport));
    const name = mcpSpanName(request.method, requestTarget(request));
    const kind = side === 'client' ? SpanKind.CLIENT : SpanKind.SERVER;
    const isToolCall = request.method === MCP_METHOD.TOOLS_CALL;
    if (isToolCall) put(attributes, ATTR_GEN_AI_TOOL_CALL_ARGUMENTS, contentJson(request.params?.arguments));
    let spec: WorkSpanSpec = { name, kind, attributes, ...(start.links ? { links: start.links } : {}) };
    if (isToolCall && side === 'client' && !activeToolSpan(start.parent)) {
      // The tool span itself: its attributes and its count, the MCP name, kind and attributes.
      const tool = toolWorkSpec({ name: requestTarget(request) ?? request.method, type: 'extension' });
      spec = { ...tool, ...spec, attributes: { ...tool.attributes, ...attributes }, onResult: undefined };
    }
    const work = openWorkSpan(spec, start.parent);
    return work ? new McpRequestSpan(work, start, attributes[ATTR_MCP_SESSION_ID] !== undefined) : undefined;
  }

  /** The span's context: the client injects it into the request's `_meta`; the server's handler runs in it. */
  get context(): Context {
    return this.work.context;
  }

  get ended(): boolean {
    return this.work.ended;
  }

  /** Adds what became known after the start (the JSON-RPC id the SDK gave the request). */
  setAttributes(attributes: Attributes): void {
    this.work.setAttributes(attributes);
  }

  /** The request has its result (a tool result with `isError` ends the span as a `tool_error`). Never throws. */
  succeed(result: unknown): void {
    if (!this.work.ended) this.guarded(() => this.recordResult(result));
  }

  /** The request failed: a JSON-RPC error response, a timeout, a closed connection, a local error. Never throws. */
  fail(error: unknown): void {
    if (!this.work.ended) this.guarded(() => this.recordError(error));
  }

  /** We end the span ourselves (the request was cancelled, its connection closed), with why. */
  stop(reason: (typeof ENDED_BY)[keyof typeof ENDED_BY]): void {
    this.work.stop(reason);
  }

  /** Runs `record`; if our own code fails there, the span still ends (`agentsight_error`), and the SDK never knows. */
  private guarded(record: () => void): void {
    try {
      record();
    } catch (err) {
      log.once('warn', 'record', `recording an MCP request failed: ${String(err)}`);
      this.work.stop(ENDED_BY.INTERNAL_ERROR);
    }
  }

  private recordResult(result: unknown): void {
    const { request, protocol } = this.start;
    const version = initializeVersion(request, result);
    if (version !== undefined) {
      versions.set(protocol, version);
      this.work.setAttributes({ [ATTR_MCP_PROTOCOL_VERSION]: version });
    }
    this.noteSessionId();
    if (request.method === MCP_METHOD.TOOLS_CALL) {
      const json = contentJson(isObject(result) ? result : undefined);
      if (json !== undefined) this.work.setAttributes({ [ATTR_GEN_AI_TOOL_CALL_RESULT]: json });
    }
    const errorType = resultErrorType(request, result);
    if (errorType !== undefined) this.work.fail(TOOL_ERROR_MESSAGE, { type: errorType });
    else this.work.succeed();
  }

  private recordError(error: unknown): void {
    this.noteSessionId();
    const { type, statusCode } = readError(error);
    if (statusCode !== undefined) this.work.setAttributes({ [ATTR_RPC_RESPONSE_STATUS_CODE]: statusCode });
    this.work.fail(error, type !== undefined ? { type } : undefined);
  }

  /** The MCP session id of an HTTP connection is known once `initialize` is answered. */
  private noteSessionId(): void {
    if (this.sessionIdKnown) return;
    const sessionId = transportSessionId(read(this.start.protocol, 'transport'));
    if (sessionId !== undefined) this.work.setAttributes({ [ATTR_MCP_SESSION_ID]: sessionId });
  }
}
