/**
 * Readers for untyped JSON values: SDK request bodies and responses, stream events, span
 * attributes read back from the store. A field of an unexpected type reads as absent, never as an
 * exception. One home for these, used by the providers, the accounting codec, the store and the CLI.
 */
import type { Attributes } from '@opentelemetry/api';

/** A JSON object. */
export type Json = Record<string, unknown>;

/** Whether `v` is a JSON object (not an array, not null). */
export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
/** `v` if it is a finite number, else `undefined`. */
export const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
/** `v` if it is a string, else `undefined`. */
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
/** `v` if it is a non-empty string, else `undefined`. */
export const nonEmptyStr = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
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
