/**
 * Where agent protocols carry the trace context: an MCP request's `params._meta` (the keys
 * `traceparent`, `tracestate` and `baggage` at its root, as the MCP semantic conventions and MCP's
 * SEP-414 say) and an A2A message's `metadata` (the same keys). The inject helpers return a copy
 * with the context added and leave the caller's object alone.
 */
import { context, type Context } from '@opentelemetry/api';
import { isObject, type Json } from '../json-values';
import { extract, inject } from './propagation';

/**
 * A copy of an MCP request's `params` whose `_meta` also holds the trace context of `ctx`
 * (default: the active one) and the session id. Other `_meta` entries are kept.
 *
 * @example
 * await client.request({ method: 'tools/call', params: injectMcpMeta({ name: 'search', arguments: { q } }) }, schema);
 */
export function injectMcpMeta<P extends object>(params: P | undefined, ctx: Context = context.active()): P & { _meta: Json } {
  const given = (params ?? {}) as P & { _meta?: unknown };
  const meta: Json = isObject(given._meta) ? { ...given._meta } : {};
  return { ...given, _meta: inject(meta, ctx) };
}

/**
 * The context in which an MCP server's work for a request belongs to the caller's session, read
 * from the request's `params._meta` (see `extract`).
 *
 * @example
 * server.setRequestHandler(CallToolRequestSchema, (request) =>
 *   context.with(extractMcpMeta(request.params), () => callTool(request.params)));
 */
export function extractMcpMeta(params: unknown, ctx: Context = context.active()): Context {
  const meta = isObject(params) ? params._meta : undefined;
  return isObject(meta) ? extract(meta, ctx) : ctx;
}

/**
 * A copy of an A2A message whose `metadata` also holds the trace context of `ctx` (default: the
 * active one) and the session id. Other metadata entries are kept.
 *
 * @example
 * await a2a.sendMessage({ message: injectA2aMetadata({ role: 'user', parts, messageId }) });
 */
export function injectA2aMetadata<M extends object>(message: M, ctx: Context = context.active()): M & { metadata: Json } {
  const given = message as M & { metadata?: unknown };
  const metadata: Json = isObject(given.metadata) ? { ...given.metadata } : {};
  return { ...given, metadata: inject(metadata, ctx) };
}

/** The context in which work for an A2A message belongs to the sender's session, read from its `metadata`. */
export function extractA2aMetadata(message: unknown, ctx: Context = context.active()): Context {
  const metadata = isObject(message) ? message.metadata : undefined;
  return isObject(metadata) ? extract(metadata, ctx) : ctx;
}
