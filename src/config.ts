/**
 * The resolved configuration: one walk over the configuration table (`settings/table.ts`) and the
 * provider registry. For each setting the `init()` option wins, then its environment variable,
 * then the standard OpenTelemetry variable it falls back to, then its default. Every bad value
 * becomes a `ConfigProblem` naming the variable, the value and what is accepted.
 */
import * as path from 'node:path';
import { PROVIDERS, type Provider, type ProviderOption, providerOption, providerSwitchVariable } from '../instrumentations/registry';
import type { RedactHook } from './content/redaction';
import type { ConfigProblem } from './errors';
import { BOOLEAN } from './settings/domains';
import { masterSwitch } from './settings/master-switch';
import {
  type DefaultContext,
  defaultOf,
  type Env,
  noProblems,
  type Problems,
  type ResolvedValueOf,
  readEnv,
  type Setting,
  shownValue,
  type ValueOf,
} from './settings/setting';
import {
  type ExporterName,
  OPTIONS,
  OTLP_VARIABLES,
  type OtlpProtocol,
  type Signal,
  signalVariable,
  type TemporalityPreference,
  VARIABLES,
} from './settings/table';

export type { BudgetMode, ExporterName, LogLevel, StreamUsageMode } from './settings/table';

type Options = typeof OPTIONS;

/**
 * Options for `init()`. Each wins over its environment variable; the README's configuration
 * table (made from `src/settings/table.ts`) gives each option's variable, accepted values and
 * default. `instrument<Provider>` switches one provider (`instrumentOpenAI: false`).
 *
 * `redact` is `true`/`false` (the built-in redaction of secrets in captured content, also
 * `AGENTSIGHT_REDACT`), or a function run on every span's attributes just before export (the
 * built-in redaction then stays as `AGENTSIGHT_REDACT` says, on by default).
 */
export type AgentsightOptions = { [K in Exclude<keyof Options, 'redact'>]?: ValueOf<Options[K]> } & {
  [K in ProviderOption]?: boolean;
} & { redact?: boolean | RedactHook };

/** What one OTLP signal is sent to, and how. */
export interface OtlpSignalConfig {
  readonly url: string;
  readonly protocol: OtlpProtocol;
  readonly headers: Readonly<Record<string, string>>;
  readonly gzip: boolean;
  readonly timeoutMs: number;
}

/** The OTLP exporters' settings (the standard `OTEL_EXPORTER_OTLP_*` variables). */
export interface OtlpConfig {
  readonly traces: OtlpSignalConfig;
  readonly metrics: OtlpSignalConfig;
  readonly logs: OtlpSignalConfig;
  readonly temporality: TemporalityPreference;
  readonly metricExportIntervalMs: number;
}

/** The resolved configuration: every setting has its value; frozen. */
export type ResolvedConfig = Readonly<{ [K in Exclude<keyof Options, 'exporters' | 'tags'>]: ResolvedValueOf<Options[K]> }> &
  Readonly<Record<ProviderOption, boolean>> & {
    /** The `init({ redact })` function, when one was given. */
    readonly redactHook: RedactHook | undefined;
    readonly exporters: readonly Exclude<ExporterName, 'none'>[];
    readonly tags: readonly string[];
    /** `true` when the exporter list was given (option or `AGENTSIGHT_EXPORTERS`), not defaulted. */
    readonly exportersExplicit: boolean;
    readonly otlp: OtlpConfig;
  };

/** The result of walking the table: a value for every setting, and what was wrong on the way. */
export interface ConfigResolution {
  config: ResolvedConfig;
  /** Bad values of our settings: `init()` throws them as one `ConfigError`. */
  problems: ConfigProblem[];
  /** Bad values of standard OpenTelemetry variables: reported, never thrown (other components read them too). */
  warnings: ConfigProblem[];
}

/** A provider's switch as a row of the table. */
function providerSwitch(provider: Provider): Setting<boolean> {
  return { env: providerSwitchVariable(provider), domain: BOOLEAN, default: true, description: `instrument ${provider.instruments}` };
}

/** The per-provider rows (for the README table), by option name. */
export function providerSwitchRows(): Array<[ProviderOption, Setting<boolean>]> {
  return PROVIDERS.map((p) => [providerOption(p), providerSwitch(p)]);
}

class Reader {
  readonly problems: Problems = noProblems();

  constructor(
    private readonly options: AgentsightOptions,
    private readonly env: Env,
  ) {}

  /** An `init()` option, checked against the row's domain. */
  option<T>(key: string, row: Setting<T>): T | undefined {
    const given = (this.options as Record<string, unknown>)[key];
    if (given === undefined || given === null) return undefined;
    if (row.domain.valid(given)) return given;
    const shown = typeof given === 'string' ? shownValue(row, given) : row.secret ? '(hidden)' : String(given);
    this.problems.errors.push({ source: `init({ ${key} })`, value: shown, accepted: row.domain.accepted });
    return undefined;
  }

  variable<T>(row: Setting<T>, name?: string): T | undefined {
    return readEnv(row, this.env, this.problems, name);
  }

  /** Option, then variable. */
  setting<T>(key: string, row: Setting<T>): T | undefined {
    return this.option(key, row) ?? this.variable(row);
  }
}

/** Whether `OTEL_NODE_(EN|DIS)ABLED_INSTRUMENTATIONS` switch a provider. */
function otelSwitch(reader: Reader, provider: Provider): boolean | undefined {
  const disabled = reader.variable(VARIABLES.OTEL_NODE_DISABLED_INSTRUMENTATIONS);
  if (disabled?.includes(provider.name)) return false;
  const enabled = reader.variable(VARIABLES.OTEL_NODE_ENABLED_INSTRUMENTATIONS);
  if (enabled && enabled.length > 0) return enabled.includes(provider.name);
  return undefined;
}

function otlpSignal(reader: Reader, signal: Signal): OtlpSignalConfig {
  // The signal's own variable wins over the general one.
  const read = <K extends keyof typeof OTLP_VARIABLES>(name: K): ValueOf<(typeof OTLP_VARIABLES)[K]> | undefined =>
    (reader.variable(OTLP_VARIABLES[name] as Setting<unknown>, signalVariable(name, signal)) ??
      reader.variable(OTLP_VARIABLES[name] as Setting<unknown>)) as ValueOf<(typeof OTLP_VARIABLES)[K]> | undefined;
  const specificUrl = reader.variable(OTLP_VARIABLES.ENDPOINT, signalVariable('ENDPOINT', signal));
  const base = reader.variable(OTLP_VARIABLES.ENDPOINT) ?? OTLP_VARIABLES.ENDPOINT.default;
  return {
    url: specificUrl ?? `${base.replace(/\/+$/, '')}/v1/${signal}`,
    protocol: read('PROTOCOL') ?? OTLP_VARIABLES.PROTOCOL.default,
    headers: { ...reader.variable(OTLP_VARIABLES.HEADERS), ...reader.variable(OTLP_VARIABLES.HEADERS, signalVariable('HEADERS', signal)) },
    gzip: (read('COMPRESSION') ?? OTLP_VARIABLES.COMPRESSION.default) === 'gzip',
    timeoutMs: read('TIMEOUT') ?? OTLP_VARIABLES.TIMEOUT.default,
  };
}

/**
 * Resolves the configuration from `init()` options and the environment. Bad values fall back to
 * their defaults and are listed in `problems` (ours) or `warnings` (standard OpenTelemetry ones).
 */
export function resolveConfig(
  options: AgentsightOptions = {},
  env: Env = process.env,
  cwd = process.cwd(),
  argv: readonly string[] = process.argv,
): ConfigResolution {
  const reader = new Reader(options, env);
  const context: DefaultContext = { env, cwd, argv };
  const value = <K extends keyof Options>(key: K): ResolvedValueOf<Options[K]> => {
    const row = OPTIONS[key] as Setting<unknown>;
    return (reader.setting(key, row) ?? defaultOf(row, context)) as ResolvedValueOf<Options[K]>;
  };
  const standard = <K extends keyof typeof VARIABLES>(key: K) =>
    reader.variable(VARIABLES[key] as Setting<unknown>) as ValueOf<(typeof VARIABLES)[K]> | undefined;

  const enabled = masterSwitch(reader.option('enabled', OPTIONS.enabled), env, reader.problems);
  const exporterList = reader.setting('exporters', OPTIONS.exporters);
  const exporters = exporterList ?? OPTIONS.exporters.default(context);
  const captureContent =
    reader.setting('captureContent', OPTIONS.captureContent) ??
    standard('OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT') ??
    OPTIONS.captureContent.default;
  const switches = Object.fromEntries(
    PROVIDERS.map((p) => {
      const key = providerOption(p);
      return [key, reader.setting(key, providerSwitch(p)) ?? otelSwitch(reader, p) ?? true];
    }),
  ) as Record<ProviderOption, boolean>;
  const pricingFile = value('pricingFile');
  // A function given as `redact` is the user's hook; the built-in redaction then follows the variable.
  const redactOption: unknown = options.redact;
  const redactHook = typeof redactOption === 'function' ? (redactOption as RedactHook) : undefined;
  const redact = redactHook ? (reader.variable(OPTIONS.redact) ?? OPTIONS.redact.default) : value('redact');

  const config: ResolvedConfig = Object.freeze({
    enabled,
    exporters: Object.freeze([...new Set(exporters.includes('none') ? [] : exporters)] as Exclude<ExporterName, 'none'>[]),
    exportersExplicit: exporterList !== undefined,
    dir: path.resolve(cwd, value('dir')),
    ...switches,
    captureContent,
    redact,
    redactHook,
    contentMaxChars: value('contentMaxChars'),
    autoSession: value('autoSession'),
    sessionName: value('sessionName'),
    tags: Object.freeze(value('tags')),
    sampleRate: value('sampleRate'),
    keepFailedSessions: value('keepFailedSessions'),
    keepFailedBufferBytes: value('keepFailedBufferBytes'),
    captureLogs: value('captureLogs'),
    captureStdio: value('captureStdio'),
    logMaxChars: value('logMaxChars'),
    logSessionMaxBytes: value('logSessionMaxBytes'),
    sessionBudgetUsd: value('sessionBudgetUsd'),
    budgetMode: value('budgetMode'),
    pricingFile: pricingFile === undefined ? undefined : path.resolve(cwd, pricingFile),
    logLevel: value('logLevel'),
    shutdownTimeoutMs: value('shutdownTimeoutMs'),
    openaiStreamUsage: value('openaiStreamUsage'),
    delegationKey: value('delegationKey'),
    delegationKeyId: value('delegationKeyId'),
    serviceName: reader.option('serviceName', OPTIONS.serviceName),
    otlp: Object.freeze({
      traces: otlpSignal(reader, 'traces'),
      metrics: otlpSignal(reader, 'metrics'),
      logs: otlpSignal(reader, 'logs'),
      temporality:
        standard('OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE') ??
        VARIABLES.OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE.default,
      metricExportIntervalMs: standard('OTEL_METRIC_EXPORT_INTERVAL') ?? VARIABLES.OTEL_METRIC_EXPORT_INTERVAL.default,
    }),
  });
  return { config, problems: reader.problems.errors, warnings: dedupe(reader.problems.warnings) };
}

/** Per-signal reads visit the general variables three times; each problem is reported once. */
function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
  const bySource = new Map<string, ConfigProblem>();
  for (const problem of problems) if (!bySource.has(problem.source)) bySource.set(problem.source, problem);
  return [...bySource.values()];
}
