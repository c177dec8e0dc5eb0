/**
 * What instrumentations and event wrappers need from an initialized agentsight: configuration,
 * tracer, sessions, metrics and prices. `init()` sets it; before `init()` (or when disabled) there
 * is none, and every wrapper calls straight through. It lives on `globalThis` under a
 * `Symbol.for` key so that two copies of agentsight in one process (a bundle and node_modules)
 * share one.
 */
import type { Tracer } from '@opentelemetry/api';
import type { ResolvedConfig } from './config';
import type { Pricing } from './cost/pricing';
import type { LogCapture } from './logs/log-capture';
import type { SessionManager } from './session/session-manager';
import type { GenAiMetrics } from './telemetry/genai-metrics';

export interface Runtime {
  readonly config: ResolvedConfig;
  readonly tracer: Tracer;
  readonly sessions: SessionManager;
  readonly metrics: GenAiMetrics;
  readonly pricing: Pricing;
  /** LogCapture, when it is on (`AGENTSIGHT_CAPTURE_LOGS`): the pino and winston streams record through it. */
  readonly logs: LogCapture | undefined;
}

const KEY = Symbol.for('agentsight.runtime');
type Holder = { [KEY]?: Runtime };

export function currentRuntime(): Runtime | undefined {
  return (globalThis as Holder)[KEY];
}

export function setRuntime(runtime: Runtime | undefined): void {
  if (runtime) (globalThis as Holder)[KEY] = runtime;
  else delete (globalThis as Holder)[KEY];
}
