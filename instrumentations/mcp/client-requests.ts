/**
 * The sending side: every request a `Protocol` object sends (a client's `initialize`, `callTool`,
 * `listTools`, `readResource`, ...; a server asking its client for a sampling or an elicitation)
 * goes through one method (`spec.ts`), wrapped here. The request becomes a CLIENT span, and the
 * span's context travels in a copy of the request's `params._meta` (`traceparent`, `tracestate`,
 * `baggage` with the session id), so that the server's span is its child in the same trace. The
 * caller gets the SDK's own promise back: the same result, the same error, progress and
 * cancellation as without us.
 */
import { context } from '@opentelemetry/api';
import { injectMcpMeta } from '../../src/context/protocol-meta';
import { getLogger } from '../../src/diag';
import { num } from '../../src/json-values';
import { isThenable } from '../../src/thenable';
import { ATTR_JSONRPC_REQUEST_ID, ENDED_BY } from '../../src/semconv';
import { asRequest, read } from './request-mapping';
import { McpRequestSpan } from './request-span';

const log = getLogger('mcp');

type Method = (this: unknown, ...args: unknown[]) => unknown;

/**
 * The traced version of a send method whose request is argument `requestIndex` (v1 `request`: 0;
 * v2's funnel, after the wire codec: 1). Never throws where the original would not.
 */
export function tracedSend(original: Method, requestIndex: number): Method {
  return function (this: unknown, ...args: unknown[]): unknown {
    let span: McpRequestSpan | undefined;
    const sent = [...args];
    try {
      const request = asRequest(args[requestIndex]);
      if (request && typeof this === 'object' && this !== null) {
        span = McpRequestSpan.start({ side: 'client', protocol: this, request, parent: context.active() });
        if (span) sent[requestIndex] = { ...(args[requestIndex] as object), params: injectMcpMeta(request.params, span.context) };
      }
    } catch (err) {
      span?.stop(ENDED_BY.INTERNAL_ERROR);
      span = undefined;
      log.once('warn', 'send', `could not trace an MCP request; it goes on untraced: ${String(err)}`);
    }
    if (!span) return original.apply(this, args);
    const traced = span;
    // The SDK numbers requests in order: the id this one gets, if the SDK gets as far as sending it.
    const idBefore = num(read(this, '_requestMessageId'));
    let result: unknown;
    try {
      result = context.with(traced.context, () => original.apply(this, sent));
    } catch (error) {
      traced.fail(error);
      throw error;
    }
    if (idBefore !== undefined && num(read(this, '_requestMessageId')) === idBefore + 1) {
      traced.setAttributes({ [ATTR_JSONRPC_REQUEST_ID]: String(idBefore) });
    }
    if (isThenable(result)) {
      result.then(
        (value) => traced.succeed(value),
        (error: unknown) => traced.fail(error),
      );
    } else {
      traced.succeed(result);
    }
    return result;
  };
}
