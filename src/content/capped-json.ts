/**
 * JSON for recorded content (tool arguments and results, prompts and completions): never throws,
 * whatever the value holds, and never longer than the cap.
 *
 * Circular references become `"[Circular]"`, BigInt a decimal string, functions `"[Function name]"`,
 * symbols their description, binary data a placeholder with its size (we never record bytes), and
 * a value whose `toJSON` throws `"[Unserializable]"`. A result above the cap is cut and ends with a
 * visible marker saying how much was left out.
 */

/** The marker appended to content cut at the size cap. */
export const TRUNCATION_MARKER = '…[truncated by agentsight: ';

/** Cuts `text` to at most `maxChars` characters, marking the cut. */
export function capString(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const marker = `${TRUNCATION_MARKER}${text.length} chars in all]`;
  const keep = Math.max(0, maxChars - marker.length);
  // Do not split a surrogate pair.
  let end = keep;
  const code = text.charCodeAt(end - 1);
  if (end > 0 && code >= 0xd800 && code <= 0xdbff) end--;
  return text.slice(0, end) + marker;
}

function describeBinary(value: ArrayBuffer | ArrayBufferView): string {
  const name = value.constructor?.name ?? 'binary';
  return `[${name} ${value.byteLength} bytes]`;
}

/** Replaces what JSON cannot hold, tracking the path for cycles. */
function makeReplacer(): (this: unknown, key: string, value: unknown) => unknown {
  const ancestors: unknown[] = [];
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
        while (ancestors.length > 0 && ancestors[ancestors.length - 1] !== this) ancestors.pop();
        if (ancestors.includes(value)) return '[Circular]';
        ancestors.push(value);
        return value;
      }
      default:
        return value;
    }
  };
}

/**
 * `value` as JSON, at most `maxChars` long. Strings are recorded as JSON strings too, so the
 * attribute always holds JSON. Returns `undefined` for `undefined`.
 */
export function toCappedJson(value: unknown, maxChars: number): string | undefined {
  if (value === undefined) return undefined;
  let json: string | undefined;
  try {
    json = JSON.stringify(value, makeReplacer());
  } catch {
    json = JSON.stringify('[Unserializable]');
  }
  return json === undefined ? undefined : capString(json, maxChars);
}
