/**
 * The domains of configuration values: what a setting accepts, in one place. A domain parses the
 * text of an environment variable, checks a value given to `init()`, and says in words what it
 * accepts (for error messages and the README's configuration table), so that none of the three
 * is ever written twice.
 */

export interface Domain<T> {
  /** What is accepted, in words: `true or false`, `a number from 0 to 1`, ... */
  readonly accepted: string;
  /** The value of an environment variable's text, or `undefined` when it is not accepted. */
  parse(raw: string): T | undefined;
  /** Whether a value given to `init()` is accepted (types alone do not bound numbers). */
  valid(value: unknown): value is T;
  /** A value as the README shows it. */
  show(value: T): string;
}

const TRUE = ['true', '1', 'yes', 'on'];
const FALSE = ['false', '0', 'no', 'off'];

/** `true`/`false` (also `1`/`0`, `yes`/`no`, `on`/`off`, any case). */
export const BOOLEAN: Domain<boolean> = {
  accepted: 'true or false',
  parse(raw) {
    const v = raw.trim().toLowerCase();
    if (TRUE.includes(v)) return true;
    if (FALSE.includes(v)) return false;
    return undefined;
  },
  valid: (value): value is boolean => typeof value === 'boolean',
  show: String,
};

/** `a`, `a or b`, `a, b or c`. */
export function orList(values: readonly string[]): string {
  if (values.length <= 1) return values.join('');
  return `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

interface NumberBounds {
  /** Lowest accepted value (inclusive). */
  min?: number;
  /** Values must be above this (exclusive). */
  above?: number;
  max?: number;
  /** What is counted (`milliseconds`, `US dollars`), for the message. */
  unit?: string;
  /** Whole numbers only. */
  integer?: boolean;
}

/** A number within bounds: `a number of milliseconds from 0 to 60000`, `a whole number ...`. */
export function number(bounds: NumberBounds): Domain<number> {
  const { min, above, max, unit, integer = false } = bounds;
  const range =
    above !== undefined ? `above ${above}` : min !== undefined && max !== undefined ? `from ${min} to ${max}` : `from ${min ?? 0}`;
  const accepted = `a ${integer ? 'whole ' : ''}number${unit ? ` of ${unit}` : ''} ${range}`;
  const valid = (value: unknown): value is number =>
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!integer || Number.isInteger(value)) &&
    (min === undefined || value >= min) &&
    (above === undefined || value > above) &&
    (max === undefined || value <= max);
  return {
    accepted,
    parse(raw) {
      const text = raw.trim();
      const value = Number(text);
      return text !== '' && valid(value) ? value : undefined;
    },
    valid,
    show: String,
  };
}

/** One of a few words (any case in the environment). */
export function oneOf<T extends string>(values: readonly T[]): Domain<T> {
  const valid = (value: unknown): value is T => typeof value === 'string' && (values as readonly string[]).includes(value);
  return {
    accepted: orList(values),
    parse(raw) {
      const v = raw.trim().toLowerCase();
      return valid(v) ? v : undefined;
    },
    valid,
    show: String,
  };
}

function splitList(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * A comma-separated list: of the given words (at least one), or of free-form items named by
 * `noun` (possibly empty).
 */
export function listOf<T extends string>(itemsOrNoun: readonly T[] | string): Domain<T[]> {
  if (typeof itemsOrNoun === 'string') {
    return {
      accepted: `a comma-separated list of ${itemsOrNoun}`,
      parse: (raw) => splitList(raw) as T[],
      valid: (value): value is T[] => Array.isArray(value) && value.every((v) => typeof v === 'string'),
      show: (value) => (value.length === 0 ? 'none' : value.join(',')),
    };
  }
  const items = itemsOrNoun;
  const known = (v: unknown): v is T => typeof v === 'string' && (items as readonly string[]).includes(v);
  return {
    accepted: `a comma-separated list of ${items.join(', ')}`,
    parse(raw) {
      const names = splitList(raw.toLowerCase());
      return names.length > 0 && names.every(known) ? names : undefined;
    },
    valid: (value): value is T[] => Array.isArray(value) && value.every(known),
    show: (value) => value.join(','),
  };
}

/** Free text (a name, a path, a URL): anything but blanks. `what` says what it is. */
export function text(what: string): Domain<string> {
  return {
    accepted: what,
    parse: (raw) => (raw.trim() ? raw.trim() : undefined),
    valid: (value): value is string => typeof value === 'string' && value.trim() !== '',
    show: String,
  };
}

/** An `http:` or `https:` URL. */
export const HTTP_URL: Domain<string> = {
  accepted: 'an http or https URL',
  parse(raw) {
    const value = raw.trim();
    return HTTP_URL.valid(value) ? value : undefined;
  },
  valid(value): value is string {
    if (typeof value !== 'string') return false;
    try {
      const { protocol } = new URL(value);
      return protocol === 'http:' || protocol === 'https:';
    } catch {
      return false;
    }
  },
  show: String,
};

/** `key=value` pairs, comma-separated, URL-encoded (the OTLP headers format). */
export const KEY_VALUE_LIST: Domain<Record<string, string>> = {
  accepted: 'a comma-separated list of key=value pairs (URL-encoded)',
  parse(raw) {
    const pairs: Record<string, string> = {};
    for (const pair of raw.split(',')) {
      if (pair.trim() === '') continue;
      const at = pair.indexOf('=');
      if (at <= 0) return undefined;
      try {
        pairs[decodeURIComponent(pair.slice(0, at).trim()).toLowerCase()] = decodeURIComponent(pair.slice(at + 1).trim());
      } catch {
        return undefined;
      }
    }
    return pairs;
  },
  valid: (value): value is Record<string, string> =>
    typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string'),
  show: (value) =>
    Object.entries(value)
      .map(([k, v]) => `${k}=${v}`)
      .join(','),
};

/** Set to anything but the empty string (the `NO_COLOR` convention): `true`; unset stays unset. */
export const PRESENCE: Domain<boolean> = {
  accepted: 'any non-empty value',
  parse: () => true,
  valid: (value): value is boolean => typeof value === 'boolean',
  show: (value) => (value ? 'set' : 'unset'),
};
