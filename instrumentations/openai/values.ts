/**
 * Small readers for the SDK's JSON shapes: the mappings see request bodies and responses as
 * plain JSON and read them defensively (a field of an unexpected type is treated as absent).
 */
import type { Attributes } from '@opentelemetry/api';

export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A finite number, else `undefined`. */
export const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
/** A string, else `undefined`. */
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
/** An object, else an empty one (for reading nested fields in one expression). */
export const obj = (v: unknown): Json => (isObject(v) ? v : {});
/** The objects of an array (other items and non-arrays give nothing). */
export const objects = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);

/** Sets `key` when `value` is defined. */
export function put(attributes: Attributes, key: string, value: string | number | boolean | string[] | undefined): void {
  if (value !== undefined) attributes[key] = value;
}

/** `{ key: value }` when `value` is defined, else `{}` (for optional fields in object literals). */
export function maybe<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
