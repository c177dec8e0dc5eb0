/**
 * The spans agentsight's tracer starts, collected (for tests that check every span ends), and the
 * place where a test can get in the way of a span (fault injection).
 */
import type { Span } from '@opentelemetry/api';
import { currentRuntime } from '../../src/runtime';

export interface StartedSpans {
  /** Every span started since `collectStartedSpans()` or the last `clear()`. */
  readonly spans: Span[];
  /** The names of those still open. */
  open(): string[];
  clear(): void;
}

export interface SpanFaults {
  /** Runs before each span starts; may throw in its place. */
  beforeStart?(): void;
  /** May alter each span started. */
  change?(span: Span): Span;
}

/** Collects the spans the initialized agentsight's tracer starts (restored by `jest.restoreAllMocks()`). */
export function collectStartedSpans(faults: SpanFaults = {}): StartedSpans {
  const tracer = currentRuntime()!.tracer;
  const startSpan = tracer.startSpan.bind(tracer);
  const spans: Span[] = [];
  jest.spyOn(tracer, 'startSpan').mockImplementation((...args) => {
    faults.beforeStart?.();
    const started = startSpan(...args);
    const span = faults.change ? faults.change(started) : started;
    spans.push(span);
    return span;
  });
  return {
    spans,
    open: () => spans.filter((s) => s.isRecording()).map((s) => (s as unknown as { name: string }).name),
    clear: () => {
      spans.length = 0;
    },
  };
}
