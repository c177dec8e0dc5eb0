/**
 * One row of the configuration table, and the one way to read a row from the environment: an
 * empty variable counts as unset (so "unset" stays distinct from "false"), and a value outside the
 * row's domain becomes a problem naming the variable, the value and what is accepted.
 */
import type { ConfigProblem } from '../errors';
import type { Domain } from './domains';

export type Env = Readonly<Record<string, string | undefined>>;

/** What a computed default may look at. */
export interface DefaultContext {
  env: Env;
  cwd: string;
  argv: readonly string[];
}

export interface Setting<T> {
  /** The environment variable, or `undefined` for an `init()`-only option. */
  readonly env: string | undefined;
  readonly domain: Domain<T>;
  /**
   * The value when nothing is set: a value, `undefined` (none), or a function of the environment,
   * with `defaultText` saying in words what it gives.
   */
  readonly default: T | undefined | ((context: DefaultContext) => T);
  /** The default as the README shows it, when `domain.show(default)` cannot say it. */
  readonly defaultText?: string;
  /** One line: what the setting does. */
  readonly description: string;
  /**
   * `warn` for the standard OpenTelemetry variables, which other components read too: a bad value
   * is reported and falls back to its default, even under `init()`. Default `error`.
   */
  readonly severity?: 'error' | 'warn';
  /** The variable counts as set even when empty (the `NO_COLOR` convention). */
  readonly emptyIsSet?: boolean;
  /** A secret (a key): a bad value is never repeated in a message, only its length. */
  readonly secret?: boolean;
}

/** A bad value as a message may show it: as given, or for a secret only how long it was. */
export function shownValue(row: Pick<Setting<unknown>, 'secret'>, raw: string): string {
  return row.secret ? `(hidden, ${raw.length} characters)` : raw;
}

/** A row, typed by its value and by whether it has a default (for the resolved configuration's type). */
export function setting<T, const D extends Setting<T>['default']>(
  row: Setting<T> & { readonly default: D },
): Setting<T> & { readonly default: D } {
  return row;
}

/** The type of a row's value. */
export type ValueOf<S> = S extends Setting<infer T> ? T : never;
/** The type of a row's resolved value: its value, or `undefined` too when it has no default. */
export type ResolvedValueOf<S extends { default: unknown }> = undefined extends S['default'] ? ValueOf<S> | undefined : ValueOf<S>;

/** The text of the default, for the README. */
export function defaultText<T>(row: Setting<T>): string {
  if (row.defaultText !== undefined) return row.defaultText;
  if (row.default === undefined || typeof row.default === 'function') return 'none';
  return `\`${row.domain.show(row.default as T)}\``;
}

/** Problems found while reading, split by severity. */
export interface Problems {
  errors: ConfigProblem[];
  warnings: ConfigProblem[];
}

export function noProblems(): Problems {
  return { errors: [], warnings: [] };
}

/**
 * Reads `row` from `env` under the variable name `name` (default: the row's own; per-signal rows
 * pass the expanded name). `undefined` when unset or invalid (then a problem is recorded).
 */
export function readEnv<T>(row: Setting<T>, env: Env, problems: Problems, name: string | undefined = row.env): T | undefined {
  if (name === undefined) return undefined;
  const raw = env[name];
  if (raw === undefined || (!row.emptyIsSet && raw.trim() === '')) return undefined;
  const value = row.domain.parse(raw);
  if (value !== undefined) return value;
  (row.severity === 'warn' ? problems.warnings : problems.errors).push({
    source: name,
    value: shownValue(row, raw),
    accepted: row.domain.accepted,
  });
  return undefined;
}

/** The row's default in `context`. */
export function defaultOf<T>(row: Setting<T>, context: DefaultContext): T | undefined {
  return typeof row.default === 'function' ? (row.default as (c: DefaultContext) => T)(context) : row.default;
}

/**
 * A variable's value for a reader that cannot report problems (the CLI's few variables, whose
 * domains accept any text): the value, or `undefined` when unset or not accepted.
 */
export function envSetting<T>(row: Setting<T>, env: Env): T | undefined {
  return readEnv(row, env, noProblems());
}
