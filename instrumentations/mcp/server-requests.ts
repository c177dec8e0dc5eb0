/**
 * The handling side: a `Protocol` object (a server; a client answering its server's sampling or
 * elicitation request) dispatches each request it receives to the handler registered for the
 * method. The dispatch method is wrapped so that the handler about to run is traced (wrapped once,
 * in the SDK's own map of handlers, whenever it was registered); the traced handler runs in a
 * SERVER span whose parent is the caller's context from `params._meta`, joined to the caller's
 * session, and which links the context the request arrived in. The span ends with the handler's
 * result or error, or when the request is cancelled or its connection closes (the SDK aborts the
 * handler's signal; it then sends nothing, and the span ends as `abort`).
 */
import { context, trace, type Context, type Link } from '@opentelemetry/api';
import { extractMcpMeta } from '../../src/context/protocol-meta';
import { getLogger } from '../../src/diag';
import { isObject, nonEmptyStr, str } from '../../src/json-values';
import { ENDED_BY } from '../../src/semconv';
import { isThenable } from '../../src/thenable';
import { asRequest, read, type McpRequest } from './request-mapping';
import { McpRequestSpan } from './request-span';

const log = getLogger('mcp');

type Method = (this: unknown, ...args: unknown[]) => unknown;

/** Handlers we traced: one is never traced twice. */
const traced = new WeakSet<Method>();

/**
 * The traced version of the dispatch method (`_onrequest(request, extra)`): it traces the handler
 * of the request's method, then dispatches as the SDK does.
 */
export function tracedDispatch(original: Method, enabled: () => boolean): Method {
  return function (this: unknown, ...args: unknown[]): unknown {
    try {
      traceHandlerOf(this, args[0], enabled);
    } catch (err) {
      log.once('warn', 'dispatch', `could not trace the handler of an MCP request; it runs untraced: ${String(err)}`);
    }
    return original.apply(this, args);
  };
}

function traceHandlerOf(protocol: unknown, message: unknown, enabled: () => boolean): void {
  const handlers = read(protocol, '_requestHandlers');
  const method = isObject(message) ? str(message.method) : undefined;
  if (!(handlers instanceof Map) || method === undefined || typeof protocol !== 'object' || protocol === null) return;
  const handler: unknown = handlers.get(method);
  if (typeof handler !== 'function' || traced.has(handler as Method)) return;
  const wrapped = tracedHandler(protocol, handler as Method, enabled);
  traced.add(wrapped);
  handlers.set(method, wrapped);
}

/** The handler's context: v1 passes `extra` (`signal`, `requestId`, `requestInfo`), v2 `ctx` (`mcpReq.signal`, `mcpReq.id`). */
function abortSignalOf(extra: unknown): AbortSignal | undefined {
  const signal = read(extra, 'signal') ?? read(read(extra, 'mcpReq'), 'signal');
  return signal instanceof AbortSignal ? signal : undefined;
}

/** The `mcp-protocol-version` header of the HTTP request that carried the request (v1's `requestInfo`). */
function headerVersion(extra: unknown): string | undefined {
  const headers = read(read(extra, 'requestInfo'), 'headers');
  return nonEmptyStr(read(headers, 'mcp-protocol-version'));
}

function startServerSpan(protocol: object, request: McpRequest, extra: unknown): McpRequestSpan | undefined {
  const ambient = context.active();
  const parent: Context = extractMcpMeta(request.params, ambient);
  // The caller's context is the parent; the one the request arrived in (an HTTP server's span) is linked.
  const arrivedIn = trace.getSpanContext(ambient);
  const links: Link[] = parent !== ambient && arrivedIn && trace.isSpanContextValid(arrivedIn) ? [{ context: arrivedIn }] : [];
  const id = request.id ?? read(extra, 'requestId') ?? read(read(extra, 'mcpReq'), 'id');
  const protocolVersion = headerVersion(extra);
  return McpRequestSpan.start({
    side: 'server',
    protocol,
    request: { ...request, id },
    parent,
    ...(links.length > 0 ? { links } : {}),
    ...(protocolVersion !== undefined ? { protocolVersion } : {}),
  });
}

function tracedHandler(protocol: object, handler: Method, enabled: () => boolean): Method {
  return function (this: unknown, ...args: unknown[]): unknown {
    // Disabled: the handler, first thing.
    if (!enabled()) return handler.apply(this, args);
    const [message, extra] = args;
    let span: McpRequestSpan | undefined;
    try {
      const request = asRequest(message);
      if (request) span = startServerSpan(protocol, request, extra);
    } catch (err) {
      span?.stop(ENDED_BY.INTERNAL_ERROR);
      span = undefined;
      log.once('warn', 'handle', `could not trace an MCP request's handler; it runs untraced: ${String(err)}`);
    }
    if (!span) return handler.apply(this, args);
    const request = span;
    const signal = abortSignalOf(extra);
    const onAbort = (): void => request.stop(ENDED_BY.ABORT);
    signal?.addEventListener('abort', onAbort, { once: true });
    const settled = (): void => signal?.removeEventListener('abort', onAbort);
    // Cancelled before its handler ran (the SDK runs it a tick after the request arrives).
    if (signal?.aborted) onAbort();
    let result: unknown;
    try {
      result = context.with(request.context, () => handler.apply(this, args));
    } catch (error) {
      settled();
      request.fail(error);
      throw error;
    }
    if (isThenable(result)) {
      result.then(
        (value) => {
          settled();
          request.succeed(value);
        },
        (error: unknown) => {
          settled();
          request.fail(error);
        },
      );
    } else {
      settled();
      request.succeed(result);
    }
    return result;
  };
}
