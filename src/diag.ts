/**
 * agentsight's own voice: component loggers (`agentsight/<component>`) that write one line each to
 * stderr at or above `AGENTSIGHT_LOG_LEVEL`. They implement OpenTelemetry's `DiagLogger` so any
 * OTel code can take them, but they are not installed as the global diag logger: that one belongs
 * to the application. We never call `console`, so an app that captures its console output never
 * records our chatter as its own (and LogCapture, with stdio capture on, skips these writes).
 */
import type { DiagLogger } from '@opentelemetry/api';
import { uncaptured } from './logs/capture-guard';
import type { LogLevel } from './settings/table';

const RANK: Record<LogLevel, number> = { none: 0, error: 1, warn: 2, info: 3, debug: 4 };

let threshold = RANK.warn;
/** Keys already reported by `once`, with how often each came back (a repeat is counted, not logged). */
const seen = new Map<string, number>();

/** Sets the level of every agentsight logger. */
export function setLogLevel(level: LogLevel): void {
  threshold = RANK[level];
}

/** A `DiagLogger` for one component, plus `once` for problems that may repeat. */
export interface ComponentLogger extends DiagLogger {
  /** Logs `message` at `level` the first time `key` is seen; later calls only count. */
  once(level: Exclude<LogLevel, 'none'>, key: string, message: string): void;
}

function write(level: Exclude<LogLevel, 'none'>, component: string, message: string, args: unknown[]): void {
  if (RANK[level] > threshold) return;
  try {
    const extra = args.length > 0 ? ` ${args.map(describe).join(' ')}` : '';
    // Never recorded as the application's output, even with AGENTSIGHT_CAPTURE_STDIO on.
    uncaptured(() => process.stderr.write(`agentsight/${component} ${level}: ${message}${extra}\n`));
  } catch {
    // stderr closed or broken: nothing sensible left to do.
  }
}

function describe(value: unknown): string {
  if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`;
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The logger of one component: `getLogger('openai')` writes `agentsight/openai warn: ...`. */
export function getLogger(component: string): ComponentLogger {
  return {
    error: (message, ...args) => write('error', component, message, args),
    warn: (message, ...args) => write('warn', component, message, args),
    info: (message, ...args) => write('info', component, message, args),
    debug: (message, ...args) => write('debug', component, message, args),
    verbose: (message, ...args) => write('debug', component, message, args),
    once(level, key, message) {
      const fullKey = `${component}:${key}`;
      const count = seen.get(fullKey) ?? 0;
      seen.set(fullKey, count + 1);
      if (count === 0) write(level, component, message, []);
    },
  };
}

/** Forgets which problems were reported, so that `once` logs them again (for tests that inject the same failure twice). */
export function forgetReported(): void {
  seen.clear();
}
