/**
 * The Client: one per process, made by `init()` (idempotent) and torn down by `shutdown()`. It
 * owns the configuration, the telemetry pipeline, the sessions, the instrumentations and the
 * process exit handling, and publishes the `Runtime` that wrappers and instrumentations read.
 */
import { resolveConfig, type AgentsightOptions, type ResolvedConfig } from './config';
import { Pricing } from './cost/pricing';
import { getLogger, setLogLevel } from './diag';
import { setDelegationDefaults } from './context/delegation-keys';
import { ConfigError } from './errors';
import { nativeSpanScopes } from '../instrumentations/registry';
import { InstrumentationManager } from './instrumentation-manager';
import { LogCapture } from './logs/log-capture';
import { unsupportedNodeMessage } from './node-version';
import { installExitHandlers, type ExitTarget, type FailableSession } from './process/exit-handlers';
import { setRuntime, type Runtime } from './runtime';
import { SESSION_END_STATE, type SessionEndState } from './semconv';
import { SessionManager } from './session/session-manager';
import { endOpenSpans } from './telemetry/open-spans';
import type { TelemetryManager } from './telemetry/telemetry-manager';

const log = getLogger('client');
const configLog = getLogger('config');
const pricingLog = getLogger('pricing');

/** A configuration error's problems on one line (the message has one line per problem). */
function oneLine(error: ConfigError): string {
  return error.message.split('\n').join('; ');
}

/** The price table; under `register` a bad pricing file is reported and the built-in table used. */
function loadPricing(config: ResolvedConfig, mode: ConfigErrorMode): Pricing {
  try {
    return Pricing.load(config.pricingFile);
  } catch (err) {
    if (mode === 'throw' || !(err instanceof ConfigError)) throw err;
    pricingLog.warn(`using the built-in price table: ${oneLine(err)}`);
    return new Pricing();
  }
}

export class Client implements ExitTarget {
  readonly runtime: Runtime | undefined;
  readonly telemetry: TelemetryManager | undefined;
  readonly instrumentations: InstrumentationManager | undefined;
  readonly logCapture: LogCapture | undefined;
  private readonly removeExitHandlers: (() => void) | undefined;
  private shutdownPromise: Promise<void> | undefined;

  constructor(
    readonly config: ResolvedConfig,
    readonly options: AgentsightOptions,
    mode: ConfigErrorMode = 'throw',
  ) {
    setLogLevel(config.logLevel);
    // Tokens are made and checked even with telemetry off: the application's protocol relies on them.
    const delegationKey = config.delegationKey === undefined ? undefined : { key: config.delegationKey, id: config.delegationKeyId };
    setDelegationDefaults({ key: delegationKey, serviceName: config.serviceName ?? 'unknown_service' });
    if (!config.enabled) {
      log.info('agentsight is disabled (AGENTSIGHT_ENABLED=false or OTEL_SDK_DISABLED=true)');
      return;
    }
    const startedAtMs = Date.now();
    const pricing = loadPricing(config, mode);
    // The OpenTelemetry SDK loads only for an enabled client.
    const { TelemetryManager } = require('./telemetry/telemetry-manager') as typeof import('./telemetry/telemetry-manager');
    const telemetry = new TelemetryManager(config, nativeSpanScopes());
    setDelegationDefaults({ key: delegationKey, serviceName: String(telemetry.resource.attributes['service.name'] ?? 'unknown_service') });
    const sessions = new SessionManager({
      tracer: telemetry.tracer,
      autoSession: config.autoSession,
      autoSessionName: config.sessionName,
      autoSessionTags: config.tags,
      defaultBudgetUsd: config.sessionBudgetUsd,
      budgetMode: config.budgetMode,
      startedAtMs,
    });
    if (telemetry.localStore) sessions.addListener(telemetry.localStore);
    sessions.addListener(telemetry.sampling);
    if (config.captureLogs && telemetry.logs.takesRecords) {
      this.logCapture = new LogCapture(sessions, telemetry.logs, {
        maxChars: config.logMaxChars,
        sessionMaxBytes: config.logSessionMaxBytes,
        stdio: config.captureStdio,
      });
      sessions.addListener(this.logCapture);
      this.logCapture.enable();
    }
    this.telemetry = telemetry;
    this.runtime = { config, tracer: telemetry.tracer, sessions, metrics: telemetry.metrics, pricing, logs: this.logCapture };
    setRuntime(this.runtime);
    this.instrumentations = new InstrumentationManager(config);
    this.instrumentations.enableConfigured();
    this.removeExitHandlers = installExitHandlers(this);
  }

  /**
   * Ends what is still open (at shutdown or exit): our open spans, then the sessions. Explicit
   * sessions end with `state`; the automatic one by its own outcome unless `autoState` is given.
   */
  endOpenWork(state: SessionEndState, reason: string, autoState?: SessionEndState, autoReason?: string): void {
    if (!this.runtime) return;
    endOpenSpans();
    this.runtime.sessions.endAll(state, reason, autoState, autoReason);
  }

  get shutdownTimeoutMs(): number {
    return this.config.shutdownTimeoutMs;
  }

  openSessions(): readonly FailableSession[] {
    return this.runtime?.sessions.openSessions() ?? [];
  }

  forceFlush(timeoutMs: number): Promise<'done' | 'timeout'> {
    return this.telemetry?.forceFlush(timeoutMs) ?? Promise.resolve('done');
  }

  abandonExports(final: boolean): void {
    this.telemetry?.abandonExports(final);
  }

  flushSync(timeoutMs: number): void {
    this.telemetry?.flushSync(timeoutMs);
  }

  /** Ends open work, flushes and shuts everything down, within the configured bound. Safe to call twice. */
  shutdown(): Promise<void> {
    this.shutdownPromise ??= (async () => {
      this.removeExitHandlers?.();
      setDelegationDefaults(undefined);
      if (!this.runtime || !this.telemetry) return;
      try {
        this.endOpenWork(SESSION_END_STATE.INDETERMINATE, 'agentsight was shut down before the session ended');
        this.logCapture?.disable();
        this.instrumentations?.disableAll();
        await this.telemetry.shutdown();
      } catch (err) {
        log.warn(`shutdown failed: ${String(err)}`);
      } finally {
        setRuntime(undefined);
      }
    })();
    return this.shutdownPromise;
  }
}

const CLIENT_KEY = Symbol.for('agentsight.client');
type Holder = { [CLIENT_KEY]?: Client };

/** The initialized client, if any. */
export function currentClient(): Client | undefined {
  return (globalThis as Holder)[CLIENT_KEY];
}

/** How `init` reports bad configuration: throw (programmatic use) or print once and go on (`register`). */
export type ConfigErrorMode = 'throw' | 'report';

/** See `init` in index.ts; `mode` is `report` under `agentsight/register`. */
export function initClient(options: AgentsightOptions = {}, mode: ConfigErrorMode = 'throw'): Client {
  const existing = currentClient();
  if (existing) {
    if (!sameOptions(existing.options, options)) {
      log.warn('init() was already called; the options of this call are ignored (call shutdown() first to re-initialize)');
    }
    return existing;
  }
  const unsupported = unsupportedNodeMessage();
  if (unsupported) throw new ConfigError([], unsupported);

  const { config, problems, warnings } = resolveConfig(options);
  // Reported at the level the configuration asks for.
  setLogLevel(config.logLevel);
  // Standard OpenTelemetry variables are shared with other components: never thrown.
  for (const warning of warnings) configLog.warn(`${ConfigError.describe([warning])}; using the default`);
  if (problems.length > 0) {
    const error = new ConfigError(problems);
    if (mode === 'throw') throw error;
    // One message, naming each variable; the bad settings keep their defaults.
    configLog.warn(`${oneLine(error)}; using the default for ${problems.length === 1 ? 'this setting' : 'these settings'}`);
  }
  let client: Client;
  try {
    client = new Client(config, options, mode);
  } catch (err) {
    if (err instanceof ConfigError && mode === 'throw') throw err;
    if (err instanceof ConfigError) {
      configLog.error(`telemetry is off for this run: ${oneLine(err)}`);
    } else {
      log.error(`initialization failed; telemetry is off for this run: ${String(err)}`);
    }
    client = new Client({ ...config, enabled: false }, options);
  }
  (globalThis as Holder)[CLIENT_KEY] = client;
  return client;
}

/** Shuts the client down and forgets it, so that `init()` can run again. */
export async function shutdownClient(): Promise<void> {
  const client = currentClient();
  if (!client) return;
  await client.shutdown();
  if (currentClient() === client) delete (globalThis as Holder)[CLIENT_KEY];
}

function sameOptions(a: AgentsightOptions, b: AgentsightOptions): boolean {
  if (Object.keys(b).length === 0) return true;
  // JSON leaves functions out: a `redact` hook is compared by identity.
  if (a.redact !== b.redact && (typeof a.redact === 'function' || typeof b.redact === 'function')) return false;
  try {
    return JSON.stringify(a) === JSON.stringify(b);
  } catch {
    return false;
  }
}
