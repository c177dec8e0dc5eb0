/**
 * Configuration: one table of settings (option, environment variable, parser, default) and one
 * resolver that walks it: the `init()` option wins, then the environment, then the default.
 * "Unset" stays distinct from "false" (an empty variable counts as unset), and every bad value
 * becomes a `ConfigProblem` naming the variable, the value and what is accepted.
 */
import * as path from 'node:path';
import { ConfigError, type ConfigProblem } from './errors';

/** Where telemetry goes. `none` turns every exporter off (spans are still made). */
export type ExporterName = 'local' | 'otlp' | 'console' | 'none';
export type BudgetMode = 'warn' | 'enforce';
export type LogLevel = 'none' | 'error' | 'warn' | 'info' | 'debug';
/** When to ask OpenAI chat streams for a usage chunk the caller did not ask for. */
export type StreamUsageMode = 'auto' | 'always' | 'never';

/** Options for `init()`. Each one wins over its environment variable. */
export interface AgentsightOptions {
  /** Master switch. Env `AGENTSIGHT_ENABLED` (and `OTEL_SDK_DISABLED=true`). Default `true`. */
  enabled?: boolean;
  /**
   * Exporters to use. Env `AGENTSIGHT_EXPORTERS` (comma list of `local`, `otlp`, `console`, `none`).
   * Default `['local']`, plus `'otlp'` when `OTEL_EXPORTER_OTLP_ENDPOINT` (or the traces endpoint) is set.
   */
  exporters?: ExporterName[];
  /** The local store's folder. Env `AGENTSIGHT_DIR`. Default `.agentsight` in the working directory. */
  dir?: string;
  /** Instrument the `openai` package. Env `AGENTSIGHT_INSTRUMENT_OPENAI`. Default `true`. */
  instrumentOpenAI?: boolean;
  /** Instrument the `@anthropic-ai/sdk` package. Env `AGENTSIGHT_INSTRUMENT_ANTHROPIC`. Default `true`. */
  instrumentAnthropic?: boolean;
  /**
   * Record prompts, completions and tool arguments/results. Env `AGENTSIGHT_CAPTURE_CONTENT`, else
   * `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT`. Default `true`.
   */
  captureContent?: boolean;
  /** Longest content attribute kept, in characters, before a truncation marker. Env `AGENTSIGHT_CONTENT_MAX_CHARS`. Default `16384`. */
  contentMaxChars?: number;
  /** Work done outside any session joins one process-wide session ended at exit. Env `AGENTSIGHT_AUTO_SESSION`. Default `true`. */
  autoSession?: boolean;
  /** Name of the automatic session. Env `AGENTSIGHT_SESSION_NAME`. Default: the script's file name. */
  sessionName?: string;
  /** Tags of the automatic session. Env `AGENTSIGHT_TAGS` (comma list). Default none. */
  tags?: string[];
  /** Share of sessions kept, decided once per session. Env `AGENTSIGHT_SAMPLE_RATE`. Default `1`. */
  sampleRate?: number;
  /** Per-session budget in US dollars. Env `AGENTSIGHT_SESSION_BUDGET_USD`. Default none. */
  sessionBudgetUsd?: number;
  /** `warn` records and warns when a session crosses its budget; `enforce` also refuses further calls. Env `AGENTSIGHT_BUDGET_MODE`. Default `warn`. */
  budgetMode?: BudgetMode;
  /** JSON price table that extends or overrides the built-in one. Env `AGENTSIGHT_PRICING_FILE`. */
  pricingFile?: string;
  /** Level of agentsight's own diagnostics on stderr. Env `AGENTSIGHT_LOG_LEVEL`. Default `warn`. */
  logLevel?: LogLevel;
  /** Upper bound on flushing at shutdown and exit, in milliseconds. Env `AGENTSIGHT_SHUTDOWN_TIMEOUT_MS`. Default `2000`. */
  shutdownTimeoutMs?: number;
  /**
   * Ask OpenAI chat streams for usage (`stream_options.include_usage`) when the caller did not, and
   * hide the extra chunk from the caller. `auto` does it on api.openai.com only. Env
   * `AGENTSIGHT_OPENAI_STREAM_USAGE`. Default `auto`.
   */
  openaiStreamUsage?: StreamUsageMode;
  /** `service.name` of the resource. Default: `OTEL_SERVICE_NAME`, else the app's package.json name, else the script name. */
  serviceName?: string;
}

/** The resolved configuration: every setting has its value; frozen. */
export interface ResolvedConfig {
  readonly enabled: boolean;
  readonly exporters: readonly Exclude<ExporterName, 'none'>[];
  readonly dir: string;
  readonly instrumentOpenAI: boolean;
  readonly instrumentAnthropic: boolean;
  readonly captureContent: boolean;
  readonly contentMaxChars: number;
  readonly autoSession: boolean;
  readonly sessionName: string;
  readonly tags: readonly string[];
  readonly sampleRate: number;
  readonly sessionBudgetUsd: number | undefined;
  readonly budgetMode: BudgetMode;
  readonly pricingFile: string | undefined;
  readonly logLevel: LogLevel;
  readonly shutdownTimeoutMs: number;
  readonly openaiStreamUsage: StreamUsageMode;
  readonly serviceName: string | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

/** A parser turns a raw string into a value, or returns `Invalid` with what it accepts. */
interface Parsed<T> {
  ok: boolean;
  value?: T;
}
type Parser<T> = (raw: string) => Parsed<T>;

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad: Parsed<never> = { ok: false };

const parseBoolean: Parser<boolean> = (raw) => {
  const v = raw.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return ok(true);
  if (['false', '0', 'no', 'off'].includes(v)) return ok(false);
  return bad;
};

const parseNumber =
  (min: number, max: number, { exclusiveMin = false } = {}): Parser<number> =>
  (raw) => {
    const v = Number(raw.trim());
    if (raw.trim() === '' || !Number.isFinite(v)) return bad;
    if (exclusiveMin ? v <= min : v < min) return bad;
    if (v > max) return bad;
    return ok(v);
  };

const parseOneOf =
  <T extends string>(values: readonly T[]): Parser<T> =>
  (raw) => {
    const v = raw.trim().toLowerCase() as T;
    return values.includes(v) ? ok(v) : bad;
  };

const parseList = (raw: string): string[] =>
  raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

const EXPORTERS: readonly ExporterName[] = ['local', 'otlp', 'console', 'none'];
const parseExporters: Parser<ExporterName[]> = (raw) => {
  const names = parseList(raw.toLowerCase());
  if (names.length === 0 || names.some((n) => !EXPORTERS.includes(n as ExporterName))) return bad;
  return ok(names as ExporterName[]);
};

const parseString: Parser<string> = (raw) => (raw.trim() ? ok(raw.trim()) : bad);

/** One row of the configuration table. */
interface Setting<K extends keyof AgentsightOptions> {
  option: K;
  env: string;
  /** What is accepted, in words, for the error message. */
  accepted: string;
  parse: Parser<NonNullable<AgentsightOptions[K]>>;
  /** Checks an option value given to `init()` (types alone do not bound numbers). */
  validOption?: (value: NonNullable<AgentsightOptions[K]>) => boolean;
}

const BOOL = 'true or false';
const LOG_LEVELS: readonly LogLevel[] = ['none', 'error', 'warn', 'info', 'debug'];

/** The configuration table. Defaults that depend on the environment are computed in `resolveConfig`. */
export const SETTINGS = {
  enabled: { option: 'enabled', env: 'AGENTSIGHT_ENABLED', accepted: BOOL, parse: parseBoolean },
  exporters: {
    option: 'exporters',
    env: 'AGENTSIGHT_EXPORTERS',
    accepted: `a comma-separated list of ${EXPORTERS.join(', ')}`,
    parse: parseExporters,
    validOption: (v) => v.every((n) => EXPORTERS.includes(n)),
  },
  dir: { option: 'dir', env: 'AGENTSIGHT_DIR', accepted: 'a folder path', parse: parseString },
  instrumentOpenAI: { option: 'instrumentOpenAI', env: 'AGENTSIGHT_INSTRUMENT_OPENAI', accepted: BOOL, parse: parseBoolean },
  instrumentAnthropic: {
    option: 'instrumentAnthropic',
    env: 'AGENTSIGHT_INSTRUMENT_ANTHROPIC',
    accepted: BOOL,
    parse: parseBoolean,
  },
  captureContent: { option: 'captureContent', env: 'AGENTSIGHT_CAPTURE_CONTENT', accepted: BOOL, parse: parseBoolean },
  contentMaxChars: {
    option: 'contentMaxChars',
    env: 'AGENTSIGHT_CONTENT_MAX_CHARS',
    accepted: 'a whole number of characters from 64 to 10000000',
    parse: parseNumber(64, 10_000_000),
    validOption: (v) => Number.isInteger(v) && v >= 64 && v <= 10_000_000,
  },
  autoSession: { option: 'autoSession', env: 'AGENTSIGHT_AUTO_SESSION', accepted: BOOL, parse: parseBoolean },
  sessionName: { option: 'sessionName', env: 'AGENTSIGHT_SESSION_NAME', accepted: 'a non-empty name', parse: parseString },
  tags: {
    option: 'tags',
    env: 'AGENTSIGHT_TAGS',
    accepted: 'a comma-separated list of tags',
    parse: (raw: string) => ok(parseList(raw)),
  },
  sampleRate: {
    option: 'sampleRate',
    env: 'AGENTSIGHT_SAMPLE_RATE',
    accepted: 'a number from 0 to 1',
    parse: parseNumber(0, 1),
    validOption: (v) => Number.isFinite(v) && v >= 0 && v <= 1,
  },
  sessionBudgetUsd: {
    option: 'sessionBudgetUsd',
    env: 'AGENTSIGHT_SESSION_BUDGET_USD',
    accepted: 'a number of US dollars above 0',
    parse: parseNumber(0, Number.MAX_SAFE_INTEGER, { exclusiveMin: true }),
    validOption: (v) => Number.isFinite(v) && v > 0,
  },
  budgetMode: {
    option: 'budgetMode',
    env: 'AGENTSIGHT_BUDGET_MODE',
    accepted: 'warn or enforce',
    parse: parseOneOf<BudgetMode>(['warn', 'enforce']),
    validOption: (v) => v === 'warn' || v === 'enforce',
  },
  pricingFile: { option: 'pricingFile', env: 'AGENTSIGHT_PRICING_FILE', accepted: 'a path to a JSON file', parse: parseString },
  logLevel: {
    option: 'logLevel',
    env: 'AGENTSIGHT_LOG_LEVEL',
    accepted: LOG_LEVELS.join(', '),
    parse: parseOneOf<LogLevel>(LOG_LEVELS),
    validOption: (v) => LOG_LEVELS.includes(v),
  },
  shutdownTimeoutMs: {
    option: 'shutdownTimeoutMs',
    env: 'AGENTSIGHT_SHUTDOWN_TIMEOUT_MS',
    accepted: 'a number of milliseconds from 0 to 60000',
    parse: parseNumber(0, 60_000),
    validOption: (v) => Number.isFinite(v) && v >= 0 && v <= 60_000,
  },
  openaiStreamUsage: {
    option: 'openaiStreamUsage',
    env: 'AGENTSIGHT_OPENAI_STREAM_USAGE',
    accepted: 'auto, always or never',
    parse: parseOneOf<StreamUsageMode>(['auto', 'always', 'never']),
    validOption: (v) => v === 'auto' || v === 'always' || v === 'never',
  },
} satisfies { [K in keyof AgentsightOptions]?: Setting<K> };

type TableKey = keyof typeof SETTINGS;

/** Reads one setting: option, then environment; `undefined` when neither is given or valid. */
function read<K extends TableKey>(
  key: K,
  options: AgentsightOptions,
  env: Env,
  problems: ConfigProblem[],
): NonNullable<AgentsightOptions[K]> | undefined {
  const setting = SETTINGS[key] as unknown as Setting<K>;
  const given = options[key];
  if (given !== undefined && given !== null) {
    const valid = setting.validOption ? setting.validOption(given as NonNullable<AgentsightOptions[K]>) : true;
    if (valid) return given as NonNullable<AgentsightOptions[K]>;
    problems.push({ source: `init({ ${String(key)} })`, value: String(given), accepted: setting.accepted });
    return undefined;
  }
  return readEnv(setting.env, setting.parse, setting.accepted, env, problems);
}

function readEnv<T>(name: string, parse: Parser<T>, accepted: string, env: Env, problems: ConfigProblem[]): T | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const parsed = parse(raw);
  if (parsed.ok) return parsed.value as T;
  problems.push({ source: name, value: raw, accepted });
  return undefined;
}

/** OpenTelemetry names for instrumentations in OTEL_NODE_(EN|DIS)ABLED_INSTRUMENTATIONS. */
const OTEL_INSTRUMENTATION_NAMES = { instrumentOpenAI: 'openai', instrumentAnthropic: 'anthropic' } as const;

function otelInstrumentationSwitch(key: keyof typeof OTEL_INSTRUMENTATION_NAMES, env: Env): boolean | undefined {
  const name = OTEL_INSTRUMENTATION_NAMES[key];
  const enabled = env.OTEL_NODE_ENABLED_INSTRUMENTATIONS;
  const disabled = env.OTEL_NODE_DISABLED_INSTRUMENTATIONS;
  if (disabled && parseList(disabled).includes(name)) return false;
  if (enabled && parseList(enabled).length > 0) return parseList(enabled).includes(name);
  return undefined;
}

function hasOtlpEndpoint(env: Env): boolean {
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim());
}

/** The automatic session's default name: the main script's file name, else the process title. */
export function defaultSessionName(argv: readonly string[] = process.argv): string {
  const script = argv[1];
  return script ? path.basename(script) : process.title || 'node';
}

/** The result of walking the table: a value for every setting, and what was wrong on the way. */
export interface ConfigResolution {
  config: ResolvedConfig;
  problems: ConfigProblem[];
}

/**
 * Resolves the configuration from `init()` options and the environment. Bad values fall back to
 * their defaults and are listed in `problems`; `init()` turns them into one `ConfigError`.
 */
export function resolveConfig(options: AgentsightOptions = {}, env: Env = process.env, cwd = process.cwd()): ConfigResolution {
  const problems: ConfigProblem[] = [];

  const otelDisabled = readEnv('OTEL_SDK_DISABLED', parseBoolean, BOOL, env, problems);
  const enabled = read('enabled', options, env, problems) ?? otelDisabled !== true;

  const exporterList = read('exporters', options, env, problems) ?? (hasOtlpEndpoint(env) ? ['local', 'otlp'] : ['local']);
  const exporters = [...new Set(exporterList.includes('none') ? [] : exporterList)] as Exclude<ExporterName, 'none'>[];

  const captureContent =
    read('captureContent', options, env, problems) ??
    readEnv('OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT', parseBoolean, BOOL, env, problems) ??
    true;

  const instrument = (key: 'instrumentOpenAI' | 'instrumentAnthropic'): boolean =>
    read(key, options, env, problems) ?? otelInstrumentationSwitch(key, env) ?? true;

  const config: ResolvedConfig = Object.freeze({
    enabled,
    exporters: Object.freeze(exporters),
    dir: path.resolve(cwd, read('dir', options, env, problems) ?? '.agentsight'),
    instrumentOpenAI: instrument('instrumentOpenAI'),
    instrumentAnthropic: instrument('instrumentAnthropic'),
    captureContent,
    contentMaxChars: Math.floor(read('contentMaxChars', options, env, problems) ?? 16_384),
    autoSession: read('autoSession', options, env, problems) ?? true,
    sessionName: read('sessionName', options, env, problems) ?? defaultSessionName(),
    tags: Object.freeze(read('tags', options, env, problems) ?? []),
    sampleRate: read('sampleRate', options, env, problems) ?? 1,
    sessionBudgetUsd: read('sessionBudgetUsd', options, env, problems),
    budgetMode: read('budgetMode', options, env, problems) ?? 'warn',
    pricingFile: maybeResolve(cwd, read('pricingFile', options, env, problems)),
    logLevel: read('logLevel', options, env, problems) ?? 'warn',
    shutdownTimeoutMs: read('shutdownTimeoutMs', options, env, problems) ?? 2000,
    openaiStreamUsage: read('openaiStreamUsage', options, env, problems) ?? 'auto',
    serviceName: options.serviceName,
  });
  return { config, problems };
}

function maybeResolve(cwd: string, p: string | undefined): string | undefined {
  return p === undefined ? undefined : path.resolve(cwd, p);
}

/** Resolves the configuration and throws one `ConfigError` listing every bad value. */
export function resolveConfigStrict(options?: AgentsightOptions, env?: Env, cwd?: string): ResolvedConfig {
  const { config, problems } = resolveConfig(options, env, cwd);
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
