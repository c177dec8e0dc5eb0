/**
 * Where propagated context is read from and written to: HTTP header objects and plain objects (a
 * queue message, a JSON payload, an MCP request's `_meta`). One getter and one setter serve them
 * all, so `inject` and `extract` take whatever the application holds:
 *
 * - a fetch `Headers` or a `Map` (anything with `get` and `set`);
 * - a Node.js outgoing request or response (`setHeader` / `getHeader`);
 * - a plain object: Node.js incoming headers (lower-case names, a value may be an array), or any
 *   JSON object. Reading tries the exact key, then any case.
 */
import type { TextMapGetter, TextMapSetter } from '@opentelemetry/api';

/** Something `inject` can write context into and `extract` can read it from. */
export type Carrier = Record<string, unknown> | HeaderMap | NodeHeaders;

/** A fetch `Headers`, a `Map<string, string>`, or anything else with `get` and `set`. */
export interface HeaderMap {
  get(name: string): unknown;
  set(name: string, value: string): unknown;
  keys?(): Iterable<string>;
}

/** A Node.js `http.ClientRequest` or `http.ServerResponse`. */
export interface NodeHeaders {
  getHeader(name: string): unknown;
  setHeader(name: string, value: string): unknown;
  getHeaderNames?(): string[];
}

type Value = string | string[] | undefined;

const isHeaderMap = (c: object): c is HeaderMap => typeof (c as HeaderMap).get === 'function' && typeof (c as HeaderMap).set === 'function';
const isNodeHeaders = (c: object): c is NodeHeaders =>
  typeof (c as NodeHeaders).getHeader === 'function' && typeof (c as NodeHeaders).setHeader === 'function';

/** A string, or an array of strings (repeated headers); anything else reads as absent. */
function asValue(v: unknown): Value {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  return undefined;
}

function plainGet(carrier: Record<string, unknown>, key: string): Value {
  if (Object.hasOwn(carrier, key)) return asValue(carrier[key]);
  const lower = key.toLowerCase();
  for (const name of Object.keys(carrier)) if (name.toLowerCase() === lower) return asValue(carrier[name]);
  return undefined;
}

export const CARRIER_GETTER: TextMapGetter<unknown> = {
  get(carrier, key) {
    if (typeof carrier !== 'object' || carrier === null) return undefined;
    if (isHeaderMap(carrier)) return asValue(carrier.get(key) ?? undefined);
    if (isNodeHeaders(carrier)) return asValue(carrier.getHeader(key));
    return plainGet(carrier as Record<string, unknown>, key);
  },
  keys(carrier) {
    if (typeof carrier !== 'object' || carrier === null) return [];
    if (isHeaderMap(carrier)) return typeof carrier.keys === 'function' ? [...carrier.keys()] : [];
    if (isNodeHeaders(carrier)) return carrier.getHeaderNames?.() ?? [];
    return Object.keys(carrier);
  },
};

export const CARRIER_SETTER: TextMapSetter<unknown> = {
  set(carrier, key, value) {
    if (typeof carrier !== 'object' || carrier === null) return;
    if (isHeaderMap(carrier)) carrier.set(key, value);
    else if (isNodeHeaders(carrier)) carrier.setHeader(key, value);
    else (carrier as Record<string, unknown>)[key] = value;
  },
};
