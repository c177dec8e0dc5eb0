/**
 * JSON for recorded content (tool arguments and results, prompts and completions): never throws,
 * whatever the value holds, never longer than the cap, and with secrets redacted when asked
 * (`AGENTSIGHT_REDACT`, see `redaction.ts`). Content is serialized once, here.
 *
 * Circular references become `"[Circular]"`, BigInt a decimal string, functions `"[Function name]"`,
 * symbols their description, binary data a placeholder with its size (we never record bytes), and
 * a value whose `toJSON` throws `"[Unserializable]"`. A result above the cap is cut and ends with a
 * visible marker saying how much was left out.
 */

import { MAX_SECRET_CHARS, redactSecrets } from './redaction';

/** The marker appended to content cut at the size cap. */
export const TRUNCATION_MARKER = '…[truncated by agentsight: ';

/** Cuts `text` to at most `maxChars` characters, marking the cut. */
export function capString(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : cut(text, maxChars, text.length);
}

/** The start of `text` and a marker saying the whole was `totalChars` long, `maxChars` at most in all. */
function cut(text: string, maxChars: number, totalChars: number): string {
  const marker = `${TRUNCATION_MARKER}${totalChars} chars in all]`;
  // Do not split a surrogate pair.
  let end = Math.min(text.length, Math.max(0, maxChars - marker.length));
  const code = text.charCodeAt(end - 1);
  if (end > 0 && code >= 0xd800 && code <= 0xdbff) end--;
  return text.slice(0, end) + marker;
}

/**
 * Redacts and caps serialized content. Only what can be kept is scanned (the cap, plus room for a
 * secret that straddles it), so the cost does not grow with the size of a huge prompt.
 */
function redactAndCap(json: string, maxChars: number): string {
  const scanned = maxChars + MAX_SECRET_CHARS;
  if (json.length <= scanned) {
    const redacted = redactSecrets(json);
    return redacted.length <= maxChars ? redacted : cut(redacted, maxChars, json.length);
  }
  return cut(redactSecrets(json.slice(0, scanned)), maxChars, json.length);
}

function describeBinary(value: ArrayBuffer | ArrayBufferView): string {
  const name = value.constructor?.name ?? 'binary';
  return `[${name} ${value.byteLength} bytes]`;
}

/** Replaces what JSON cannot hold, tracking the path for cycles. */
function makeReplacer(): (this: unknown, key: string, value: unknown) => unknown {
  // The objects from the root to the current one: a stack, and a set of the same for the cycle check.
  const path: unknown[] = [];
  const onPath = new Set<unknown>();
  return function replacer(this: unknown, _key: string, value: unknown): unknown {
    switch (typeof value) {
      case 'bigint':
        return value.toString();
      case 'function':
        return `[Function ${value.name || 'anonymous'}]`;
      case 'symbol':
        return value.toString();
      case 'object': {
        if (value === null) return null;
        if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return describeBinary(value);
        if (value instanceof Error) return { name: value.name, message: value.message };
        if (value instanceof Map) return Object.fromEntries(value);
        if (value instanceof Set) return [...value];
        // `this` is the object holding `value`; drop ancestors that are no longer on the path.
        while (path.length > 0 && path[path.length - 1] !== this) onPath.delete(path.pop());
        if (onPath.has(value)) return '[Circular]';
        path.push(value);
        onPath.add(value);
        return value;
      }
      default:
        return value;
    }
  };
}

/** `value` as JSON text (`undefined` for `undefined`): plain `JSON.stringify` first when `plain`, else (or when that throws) the replacer. */
function serialize(value: unknown, plain: boolean): string | undefined {
  if (plain) {
    try {
      return JSON.stringify(value);
    } catch {
      // A cycle or a BigInt: the replacer below copes with both.
    }
  }
  try {
    return JSON.stringify(value, makeReplacer());
  } catch {
    return JSON.stringify('[Unserializable]');
  }
}

function finish(json: string | undefined, maxChars: number, redact: boolean): string | undefined {
  if (json === undefined) return undefined;
  return redact ? redactAndCap(json, maxChars) : capString(json, maxChars);
}

/**
 * `value` (a value of the user's: tool arguments, a tool result) as JSON, at most `maxChars` long,
 * secrets replaced by `[REDACTED:<kind>]` when `redact` is set. Strings are recorded as JSON
 * strings too, so the attribute always holds JSON (up to a truncation marker). Returns
 * `undefined` for `undefined`.
 */
export function toCappedJson(value: unknown, maxChars: number, redact = false): string | undefined {
  return finish(serialize(value, false), maxChars, redact);
}

/**
 * Message content (what a provider mapping built from a request or a response) as JSON, like
 * `toCappedJson`. It is JSON already, or what the SDK itself serializes with `JSON.stringify`, so
 * that is tried first (the cheaper path on every call); a value it cannot take gets the replacer.
 */
export function messagesToCappedJson(value: unknown, maxChars: number, redact = false): string | undefined {
  return finish(serialize(value, true), maxChars, redact);
}
