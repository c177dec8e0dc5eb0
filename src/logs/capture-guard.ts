/**
 * The switches that keep LogCapture from recording what it should not, and from showing what it
 * does: our own diagnostics (diag writes stderr directly) and the bytes the original
 * `console.log` writes to stdout (already recorded as the console call) run `uncaptured`,
 * invisible to every capture path; our own formatting of a record runs `silently`, where the
 * patched console and stdio print nothing, because whatever user code prints while being formatted
 * (a custom `inspect` that logs) was printed already when the console formatted it.
 *
 * It imports nothing, so diag can use it without pulling LogCapture in.
 */
let depth = 0;
let silent = 0;

/** Runs `fn` with capture suspended (nested calls are fine). */
export function uncaptured<T>(fn: () => T): T {
  depth++;
  try {
    return fn();
  } finally {
    depth--;
  }
}

/** Whether capture is suspended right now. */
export function captureSuspended(): boolean {
  return depth > 0;
}

/**
 * `uncaptured` for a caller that must not add a stack frame between itself and what it calls
 * (`console.trace` prints its caller's stack). Always paired with `resumeCapture` in a `finally`.
 */
export function suspendCapture(): void {
  depth++;
}

export function resumeCapture(): void {
  depth--;
}

/** Runs `fn` (our second formatting of a line) with the patched console and stdio printing nothing. */
export function silently<T>(fn: () => T): T {
  silent++;
  try {
    return fn();
  } finally {
    silent--;
  }
}

/** Whether output is silenced right now. */
export function silenced(): boolean {
  return silent > 0;
}
