/**
 * agentsight: OpenTelemetry-native observability for AI agents. This file is the one list of
 * public exports.
 */
import { initClient, shutdownClient } from './client';
import type { AgentsightOptions } from './config';
import { manualInstrumenters } from './manual';

/**
 * Initializes agentsight once per process: telemetry pipeline, sessions, and the OpenAI and
 * Anthropic instrumentations. A second call with other options warns and changes nothing. Options
 * win over environment variables (see README, "Configuration").
 *
 * @throws ConfigError when a setting is invalid (it names the variable and what is accepted), or
 * when the Node.js version is not supported.
 * @example
 * import { init } from 'agentsight';
 * init({ exporters: ['local', 'otlp'], captureContent: false });
 */
export function init(options: AgentsightOptions = {}): void {
  initClient(options, 'throw');
}

/**
 * Ends open sessions (`indeterminate`) and spans, flushes every signal and shuts agentsight down,
 * within `AGENTSIGHT_SHUTDOWN_TIMEOUT_MS` (default 2 s). Safe to call twice; `init()` may be called
 * again afterwards.
 *
 * @example
 * await shutdown();
 */
export function shutdown(): Promise<void> {
  return shutdownClient();
}

export { startSession, withSession, currentSession } from './session/api';
export { withAgent, withTool, withAction, traceAgent, traceTool, traceAction } from './events/wrappers';
export { recordError, recordEvent } from './events/record';
export { inject, extract, continueFrom, runInRemoteContext } from './context/propagation';
export { injectMcpMeta, extractMcpMeta, injectA2aMetadata, extractA2aMetadata } from './context/protocol-meta';
export { delegate, closeDelegation } from './context/delegation';
export { acceptDelegation } from './context/accept-delegation';
export { pinoDestination, winstonStream } from './logs/log-streams';
/**
 * The manual path of each provider of the registry, for SDKs the zero-code hooks cannot reach (a
 * bundled app, or the SDK imported before `init()`): pass the module, the client class or a
 * client; returns whether anything was instrumented. Call it after `init()`.
 *
 * @example
 * import OpenAI from 'openai';
 * init();
 * instrumentOpenAI(OpenAI);
 */
export const { instrumentOpenAI, instrumentAnthropic, instrumentVercelAI, instrumentMCP } = manualInstrumenters;
export { agentsightSpanProcessors } from './manual';
export { AgentsightError, ConfigError, BudgetExceededError, InvalidDelegationTokenError } from './errors';
export { VERSION } from './version';

export type { AgentsightOptions, ExporterName, BudgetMode, LogLevel, StreamUsageMode } from './config';
export type { SessionHandle, SessionOptions, SessionEndOptions } from './session/session';
export type { AgentOptions, ToolOptions, ActionOptions } from './events/wrappers';
export type { ConfigProblem } from './errors';
export type { ManualInstrumenter } from './manual';
export type { Carrier, HeaderMap, NodeHeaders } from './context/carriers';
export type { RedactHook, RedactedSpan } from './content/redaction';
export type { LineTarget, LogStream } from './logs/log-streams';
export type { SessionEndState, DelegationState, DelegationRejection } from './semconv';
export type { DelegateOptions, Delegation, DelegationOutcome } from './context/delegation';
export type { AcceptDelegationOptions, AcceptedDelegation } from './context/accept-delegation';
export type { DelegationKey, DelegationKeyInput, DelegationJwk, DelegationKeyObject } from './context/delegation-keys';
