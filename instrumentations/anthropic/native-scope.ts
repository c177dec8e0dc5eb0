/**
 * Where the Anthropic SDK's own spans come from: from 0.134 a client takes a tracer for the scope
 * `com.anthropic.sdk.typescript` (`.bedrock`, `.vertex` for those clients) from the global tracer
 * provider when it is constructed. Data and a pure rule only: the telemetry side reads it to give
 * that scope a tracer that records nothing unless the user asked for the SDK's spans, and no SDK
 * or provider code loads for it.
 */
import { envSetting, type Env } from '../../src/settings/setting';
import { VARIABLES } from '../../src/settings/table';

/** The SDK's instrumentation scope (a platform's client adds `.<platform>`). */
export const ANTHROPIC_TRACER_SCOPE = 'com.anthropic.sdk.typescript';

/**
 * Whether the environment asks for the SDK's spans: `ANTHROPIC_OPEN_TELEMETRY` set to anything but
 * `false`, or `ANTHROPIC_OPEN_TELEMETRY_TRACES_CONTENT_MODE=content`. (A client's own options can
 * ask too: see `nativeSpansRequested` in `native-spans.ts`.)
 */
export function nativeSpansRequestedByEnvironment(env: Env = process.env): boolean {
  if (openTelemetryFlagSet(env)) return true;
  return envSetting(VARIABLES.ANTHROPIC_OPEN_TELEMETRY_TRACES_CONTENT_MODE, env)?.toLowerCase() === 'content';
}

/** `ANTHROPIC_OPEN_TELEMETRY` is set to anything but `false`. */
export function openTelemetryFlagSet(env: Env = process.env): boolean {
  const flag = envSetting(VARIABLES.ANTHROPIC_OPEN_TELEMETRY, env)?.toLowerCase();
  return flag !== undefined && flag !== 'false';
}

/** What the tracer provider needs to know about the SDK's own spans. */
export const ANTHROPIC_NATIVE_SPANS = {
  scope: ANTHROPIC_TRACER_SCOPE,
  requestedByEnvironment: nativeSpansRequestedByEnvironment,
} as const;
