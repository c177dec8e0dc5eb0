/**
 * The configuration table: every setting agentsight reads, each in one row (variable, `init()`
 * option, domain, default, description). Parsing, the accepted values in error messages,
 * validation of `init()` options and the README's configuration table all come from these rows;
 * `test/config-doc.test.ts` keeps the README in step. The per-provider switches
 * (`AGENTSIGHT_INSTRUMENT_<PROVIDER>`) are rows too, made from the provider registry
 * (`src/config.ts`).
 *
 * This module imports no instrumentation, so the CLI can read its rows.
 */
import * as path from 'node:path';
import type { DelegationKeyInput } from '../context/delegation-keys';
import { KEY_ACCEPTED, keyMaterial } from './keys';
import { BOOLEAN, type Domain, HTTP_URL, KEY_VALUE_LIST, listOf, number, oneOf, PRESENCE, text } from './domains';
import { type DefaultContext, setting } from './setting';

/** Where telemetry goes. `none` turns every exporter off (spans are still made). */
export type ExporterName = 'local' | 'otlp' | 'console' | 'none';
export type BudgetMode = 'warn' | 'enforce';
export type LogLevel = 'none' | 'error' | 'warn' | 'info' | 'debug';
/** When to ask OpenAI chat streams for a usage chunk the caller did not ask for. */
export type StreamUsageMode = 'auto' | 'always' | 'never';
export type OtlpProtocol = 'http/protobuf' | 'http/json';
export type TemporalityPreference = 'cumulative' | 'delta' | 'lowmemory';

export const EXPORTERS: readonly ExporterName[] = ['local', 'otlp', 'console', 'none'];
export const LOG_LEVELS: readonly LogLevel[] = ['none', 'error', 'warn', 'info', 'debug'];

/** The standard OpenTelemetry variables we read, and the few of our own that only the CLI reads. */
export const VARIABLES = {
  OTEL_SDK_DISABLED: setting({
    env: 'OTEL_SDK_DISABLED',
    domain: BOOLEAN,
    default: false,
    description: 'turns agentsight off when `AGENTSIGHT_ENABLED` is unset',
  }),
  OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: setting({
    env: 'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT',
    domain: BOOLEAN,
    default: undefined,
    description: 'content capture when `AGENTSIGHT_CAPTURE_CONTENT` is unset',
  }),
  OTEL_NODE_ENABLED_INSTRUMENTATIONS: setting({
    env: 'OTEL_NODE_ENABLED_INSTRUMENTATIONS',
    domain: listOf<string>('instrumentation names'),
    default: undefined,
    description: 'only these instrumentations (by name), where `AGENTSIGHT_INSTRUMENT_*` is unset',
  }),
  OTEL_NODE_DISABLED_INSTRUMENTATIONS: setting({
    env: 'OTEL_NODE_DISABLED_INSTRUMENTATIONS',
    domain: listOf<string>('instrumentation names'),
    default: undefined,
    description: 'not these instrumentations (by name), where `AGENTSIGHT_INSTRUMENT_*` is unset',
  }),
  OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: setting({
    env: 'OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE',
    domain: oneOf<TemporalityPreference>(['cumulative', 'delta', 'lowmemory']),
    default: 'cumulative',
    description: 'temporality of the exported metrics',
    severity: 'warn',
  }),
  OTEL_METRIC_EXPORT_INTERVAL: setting({
    env: 'OTEL_METRIC_EXPORT_INTERVAL',
    domain: number({ integer: true, above: 0, unit: 'milliseconds' }),
    default: 60_000,
    description: 'time between two metric exports',
    severity: 'warn',
  }),
  ANTHROPIC_OPEN_TELEMETRY: setting({
    env: 'ANTHROPIC_OPEN_TELEMETRY',
    domain: text('any value'),
    default: undefined,
    description: "the Anthropic SDK's own spans: set to anything but `false`, they are kept, nested under ours",
  }),
  ANTHROPIC_OPEN_TELEMETRY_TRACES_CONTENT_MODE: setting({
    env: 'ANTHROPIC_OPEN_TELEMETRY_TRACES_CONTENT_MODE',
    domain: text('any value'),
    default: undefined,
    description: "`content` asks for the Anthropic SDK's own spans too (with the content they record)",
  }),
  NO_COLOR: setting({
    env: 'NO_COLOR',
    domain: PRESENCE,
    default: false,
    defaultText: 'unset',
    description: 'the CLI prints no colors',
    emptyIsSet: true,
  }),
  AGENTSIGHT_DEBUG: setting({
    env: 'AGENTSIGHT_DEBUG',
    domain: PRESENCE,
    default: false,
    defaultText: 'unset',
    description: 'the CLI prints the stack of an unexpected error',
  }),
} as const;

/**
 * The OTLP exporter variables. Each is read per signal: `OTEL_EXPORTER_OTLP_TRACES_<NAME>` (or
 * `METRICS_`, `LOGS_`) wins over `OTEL_EXPORTER_OTLP_<NAME>` (the OTLP exporter specification).
 */
export const OTLP_VARIABLES = {
  ENDPOINT: setting({
    env: 'OTEL_EXPORTER_OTLP_ENDPOINT',
    domain: HTTP_URL,
    default: 'http://localhost:4318',
    description: 'where OTLP goes (a signal-specific endpoint is used as is; the general one gets `/v1/<signal>`)',
    severity: 'warn',
  }),
  HEADERS: setting({
    env: 'OTEL_EXPORTER_OTLP_HEADERS',
    domain: KEY_VALUE_LIST,
    default: undefined,
    description: 'headers of every OTLP request',
    severity: 'warn',
  }),
  PROTOCOL: setting({
    env: 'OTEL_EXPORTER_OTLP_PROTOCOL',
    domain: oneOf<OtlpProtocol>(['http/protobuf', 'http/json']),
    default: 'http/protobuf',
    description: 'the OTLP encoding (gRPC is not supported)',
    severity: 'warn',
  }),
  COMPRESSION: setting({
    env: 'OTEL_EXPORTER_OTLP_COMPRESSION',
    domain: oneOf<'gzip' | 'none'>(['gzip', 'none']),
    default: 'none',
    description: 'compression of OTLP requests',
    severity: 'warn',
  }),
  TIMEOUT: setting({
    env: 'OTEL_EXPORTER_OTLP_TIMEOUT',
    domain: number({ above: 0, unit: 'milliseconds' }),
    default: 10_000,
    description: 'bound on one OTLP export, retries included',
    severity: 'warn',
  }),
} as const;

export type OtlpVariable = keyof typeof OTLP_VARIABLES;
export type Signal = 'traces' | 'metrics' | 'logs';

/** The signal-specific variable of an OTLP setting: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`. */
export function signalVariable(name: OtlpVariable, signal: Signal): string {
  return `OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_${name}`;
}

/** The automatic session's default name: the main script's file name, else the process title. */
export function defaultSessionName(argv: readonly string[] = process.argv): string {
  const script = argv[1];
  return script ? path.basename(script) : process.title || 'node';
}

function hasOtlpEndpoint({ env }: DefaultContext): boolean {
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || env[signalVariable('ENDPOINT', 'traces')]?.trim());
}

/** A delegation key: checked by reading it (never shown; see `src/context/delegation-keys.ts`). */
const DELEGATION_KEY: Domain<DelegationKeyInput> = {
  accepted: KEY_ACCEPTED,
  parse: (raw) => (keyMaterial(raw) ? raw : undefined),
  valid: (value): value is DelegationKeyInput => keyMaterial(value) !== undefined,
  show: () => '(hidden)',
};

/** agentsight's own settings, by `init()` option name. */
export const OPTIONS = {
  enabled: setting({
    env: 'AGENTSIGHT_ENABLED',
    domain: BOOLEAN,
    default: true,
    defaultText: '`true` (`false` when `OTEL_SDK_DISABLED=true`)',
    description: 'master switch',
  }),
  exporters: setting({
    env: 'AGENTSIGHT_EXPORTERS',
    domain: listOf(EXPORTERS),
    default: (context): ExporterName[] => (hasOtlpEndpoint(context) ? ['local', 'otlp'] : ['local']),
    defaultText: '`local`, plus `otlp` when an OTLP endpoint is set',
    description: 'where telemetry goes: a comma list of `local`, `otlp`, `console`, `none`',
  }),
  dir: setting({
    env: 'AGENTSIGHT_DIR',
    domain: text('a folder path'),
    default: '.agentsight',
    defaultText: '`.agentsight` in the working directory',
    description: "the local store's folder",
  }),
  captureContent: setting({
    env: 'AGENTSIGHT_CAPTURE_CONTENT',
    domain: BOOLEAN,
    default: true,
    defaultText: '`true` (else `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT`)',
    description: 'record prompts, completions, tool arguments and results',
  }),
  redact: setting({
    env: 'AGENTSIGHT_REDACT',
    domain: BOOLEAN,
    default: true,
    description:
      'replace secrets in captured content (API keys, tokens, private keys) by `[REDACTED:<kind>]`; `init()` also takes your own function here ([Secrets and redaction](#secrets-and-redaction))',
  }),
  contentMaxChars: setting({
    env: 'AGENTSIGHT_CONTENT_MAX_CHARS',
    domain: number({ integer: true, min: 64, max: 10_000_000, unit: 'characters' }),
    default: 16_384,
    description: 'longest content attribute, then a truncation marker',
  }),
  autoSession: setting({
    env: 'AGENTSIGHT_AUTO_SESSION',
    domain: BOOLEAN,
    default: true,
    description: 'work outside any session joins one process-wide session',
  }),
  sessionName: setting({
    env: 'AGENTSIGHT_SESSION_NAME',
    domain: text('a non-empty name'),
    default: ({ argv }) => defaultSessionName(argv),
    defaultText: "the script's file name",
    description: 'name of the automatic session',
  }),
  tags: setting({
    env: 'AGENTSIGHT_TAGS',
    domain: listOf<string>('tags'),
    default: [] as string[],
    defaultText: 'none',
    description: 'comma-separated tags of the automatic session',
  }),
  sampleRate: setting({
    env: 'AGENTSIGHT_SAMPLE_RATE',
    domain: number({ min: 0, max: 1 }),
    default: 1,
    description: 'share of sessions kept, decided once per session',
  }),
  keepFailedSessions: setting({
    env: 'AGENTSIGHT_KEEP_FAILED_SESSIONS',
    domain: BOOLEAN,
    default: false,
    description:
      'hold sampled-out sessions until they end and export those that fail or record an error, whole, with their logs (the others are dropped)',
  }),
  keepFailedBufferBytes: setting({
    env: 'AGENTSIGHT_KEEP_FAILED_BUFFER_BYTES',
    domain: number({ integer: true, min: 65_536, max: 4_294_967_296, unit: 'bytes' }),
    default: 16_777_216,
    defaultText: '`16777216` (16 MiB)',
    description: 'memory for the sessions held by `AGENTSIGHT_KEEP_FAILED_SESSIONS`; when full, the oldest held session is dropped',
  }),
  captureLogs: setting({
    env: 'AGENTSIGHT_CAPTURE_LOGS',
    domain: BOOLEAN,
    default: true,
    description:
      'record what the app writes through `console` during a session as log records of the session ([docs/logs.md](docs/logs.md))',
  }),
  captureStdio: setting({
    env: 'AGENTSIGHT_CAPTURE_STDIO',
    domain: BOOLEAN,
    default: false,
    description: 'also record raw `process.stdout` and `process.stderr` writes during a session',
  }),
  logMaxChars: setting({
    env: 'AGENTSIGHT_LOG_MAX_CHARS',
    domain: number({ integer: true, min: 64, max: 10_000_000, unit: 'characters' }),
    default: 8192,
    description: 'longest log record body, then a truncation marker (counted in `agentsight.logs.truncated`)',
  }),
  logSessionMaxBytes: setting({
    env: 'AGENTSIGHT_LOG_SESSION_MAX_BYTES',
    domain: number({ integer: true, min: 0, max: 4_294_967_296, unit: 'bytes' }),
    default: 1_048_576,
    defaultText: '`1048576` (1 MiB)',
    description: 'log bytes kept per session; later records are dropped and counted (`agentsight.logs.dropped`)',
  }),
  sessionBudgetUsd: setting({
    env: 'AGENTSIGHT_SESSION_BUDGET_USD',
    domain: number({ above: 0, unit: 'US dollars' }),
    default: undefined,
    description: 'per-session budget in US dollars',
  }),
  budgetMode: setting({
    env: 'AGENTSIGHT_BUDGET_MODE',
    domain: oneOf<BudgetMode>(['warn', 'enforce']),
    default: 'warn',
    description: '`warn`, or `enforce` (refuse LLM calls once the budget is spent)',
  }),
  pricingFile: setting({
    env: 'AGENTSIGHT_PRICING_FILE',
    domain: text('a path to a JSON file'),
    default: undefined,
    description: 'JSON price table that extends or overrides the built-in one ([docs/pricing.md](docs/pricing.md))',
  }),
  openaiStreamUsage: setting({
    env: 'AGENTSIGHT_OPENAI_STREAM_USAGE',
    domain: oneOf<StreamUsageMode>(['auto', 'always', 'never']),
    default: 'auto',
    description:
      'ask OpenAI chat streams for usage the caller did not ask for (hidden from the caller): `auto` (api.openai.com only), `always`, `never`',
  }),
  delegationKey: setting({
    env: 'AGENTSIGHT_DELEGATION_KEY',
    domain: DELEGATION_KEY,
    default: undefined,
    description:
      'default key for signing and verifying delegation tokens: a base64url secret (HS256) or an Ed25519 PEM or JWK (EdDSA) ([docs/propagation.md](docs/propagation.md))',
    secret: true,
  }),
  delegationKeyId: setting({
    env: 'AGENTSIGHT_DELEGATION_KEY_ID',
    domain: text('a key id'),
    default: undefined,
    defaultText: "the key's JWK thumbprint",
    description: "the default key's id (`kid`), for rotating keys",
  }),
  shutdownTimeoutMs: setting({
    env: 'AGENTSIGHT_SHUTDOWN_TIMEOUT_MS',
    domain: number({ min: 0, max: 60_000, unit: 'milliseconds' }),
    default: 2000,
    description: 'bound on flushing at shutdown and exit',
  }),
  logLevel: setting({
    env: 'AGENTSIGHT_LOG_LEVEL',
    domain: oneOf(LOG_LEVELS),
    default: 'warn',
    description: "agentsight's own diagnostics on stderr: `none`, `error`, `warn`, `info`, `debug`",
  }),
  serviceName: setting({
    env: undefined,
    domain: text('a non-empty name'),
    default: undefined,
    defaultText: "`OTEL_SERVICE_NAME`, else the app's package.json name, else the script name",
    description: '`service.name` of the resource',
  }),
} as const;
