/**
 * Context across processes: `inject` writes the current trace context and the session id into a
 * carrier (HTTP headers, a queue message, a JSON payload), `extract` reads them back on the other
 * side and returns a context in which work belongs to the caller's session. The format is W3C
 * trace context (`traceparent`, `tracestate`) and W3C baggage (`baggage`, with `session.id`),
 * written by a propagator of our own, so it works whatever global propagator the application set.
 */
import { context, propagation, type Context } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { getLogger } from '../diag';
import { currentRuntime } from '../runtime';
import { BAGGAGE_SESSION_ID } from '../semconv';
import { CARRIER_GETTER, CARRIER_SETTER, type Carrier } from './carriers';
import { sessionIdFrom } from './keys';

const log = getLogger('propagation');

const PROPAGATOR = new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] });

/** The keys `inject` writes: `traceparent`, `tracestate`, `baggage`. */
export const PROPAGATION_FIELDS: readonly string[] = PROPAGATOR.fields();

/**
 * The context to propagate from `ctx`: the work context (the active session, else the automatic
 * one), with the session id added to the baggage.
 */
function outgoing(ctx: Context): Context {
  const runtime = currentRuntime();
  const work = runtime ? runtime.sessions.workContext(ctx) : ctx;
  const sessionId = sessionIdFrom(work);
  if (sessionId === undefined) return work;
  const baggage = (propagation.getBaggage(work) ?? propagation.createBaggage()).setEntry(BAGGAGE_SESSION_ID, { value: sessionId });
  return propagation.setBaggage(work, baggage);
}

/**
 * Writes the trace context of `ctx` (default: the active one) and its session id into `carrier`:
 * `traceparent`, `tracestate` and `baggage` (with `session.id`). Outside any session, the work
 * context is the automatic session's, as for any other work. Returns the carrier.
 *
 * The carrier may be a plain object (headers for `fetch` or `http.request`, a queue message, a
 * JSON payload), a fetch `Headers` or a `Map`, or a Node.js outgoing request (`setHeader`).
 *
 * @example
 * await fetch(url, { method: 'POST', headers: inject({ 'content-type': 'application/json' }), body });
 * queue.send({ task, trace: inject({}) });
 */
export function inject<C extends Carrier>(carrier: C, ctx: Context = context.active()): C {
  try {
    PROPAGATOR.inject(outgoing(ctx), carrier, CARRIER_SETTER);
  } catch (err) {
    log.once('warn', 'inject', `could not write the trace context: ${String(err)}`);
  }
  return carrier;
}

/**
 * Reads the trace context and baggage a caller wrote into `carrier` (see `inject`) on top of
 * `ctx` (default: the active context), and returns the context in which work belongs to the
 * caller's session: its spans are children of the caller's span (the same trace, sampled or not
 * as the caller decided) and carry the caller's `session.id`; this process records its part of
 * the session in its local store. Without a trace context in the carrier, `ctx` comes back as it
 * was. Never throws.
 *
 * @example
 * http.createServer((req, res) => context.with(extract(req.headers), () => handle(req, res)));
 */
export function extract(carrier: unknown, ctx: Context = context.active()): Context {
  try {
    return join(PROPAGATOR.extract(ctx, carrier, CARRIER_GETTER));
  } catch (err) {
    log.once('warn', 'extract', `could not read the trace context: ${String(err)}`);
    return ctx;
  }
}

/** The context `carrier` holds (trace context and baggage) on top of `base`, not joined to any session. */
export function readCarrier(carrier: unknown, base: Context): Context {
  return PROPAGATOR.extract(base, carrier, CARRIER_GETTER);
}

/** `remote` with the caller's session joined (see `SessionManager.join`); as it is before `init()`. */
function join(remote: Context): Context {
  const runtime = currentRuntime();
  return runtime ? runtime.sessions.join(remote) : remote;
}

/**
 * Runs `fn` as work of the caller whose context `carrier` holds (see `extract`), and returns what
 * `fn` returns.
 *
 * @example
 * app.post('/research', (req, res) => continueFrom(req.headers, () => research(req.body)).then((r) => res.json(r)));
 */
export function continueFrom<T>(carrier: unknown, fn: () => T): T {
  return context.with(extract(carrier), fn);
}

/**
 * Runs `fn` in `remote`, a context holding a span context from another process (from OpenTelemetry's
 * own `propagation.extract`, say), joined to the caller's session as `extract` does.
 *
 * @example
 * const remote = propagation.extract(ROOT_CONTEXT, message.headers);
 * await runInRemoteContext(remote, () => handle(message));
 */
export function runInRemoteContext<T>(remote: Context, fn: () => T): T {
  let ctx = remote;
  try {
    ctx = join(remote);
  } catch (err) {
    log.once('warn', 'join', `could not join the caller's session: ${String(err)}`);
  }
  return context.with(ctx, fn);
}
