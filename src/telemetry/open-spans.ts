/**
 * The spans of ours that are still open (agents, tools, actions, LLM calls), so that process exit
 * can end them: a span always ends, even when the process leaves in the middle of its work.
 * Insertion order is start order, so ending in reverse closes children before their parents.
 */
export interface OpenSpan {
  /** Ends the span now, marked as ended by the process exit. Must not throw. */
  endAtExit(): void;
}

const open = new Set<OpenSpan>();

export function trackOpenSpan(span: OpenSpan): void {
  open.add(span);
}

export function untrackOpenSpan(span: OpenSpan): void {
  open.delete(span);
}

/** Ends every open span, newest first. */
export function endOpenSpans(): void {
  const spans = [...open].reverse();
  open.clear();
  for (const span of spans) {
    try {
      span.endAtExit();
    } catch {
      // One span failing to end must not keep the others open.
    }
  }
}
