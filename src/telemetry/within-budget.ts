/**
 * Waiting for our own asynchronous work (a flush, a shutdown) for at most a time budget.
 *
 * Our exporters' sockets and retry timers are unref'd, so that a collector that is down or hangs
 * never holds a finished process open. The flip side: while an export waits on such a socket,
 * nothing may be keeping the event loop alive. Whoever awaits a flush or a shutdown must then keep
 * it alive, or Node leaves mid-request (an ES module's `await shutdown()` ends with code 13,
 * "unsettled top-level await", and the spans in flight are lost). So the budget's timer here is
 * ref'd: the process stays up exactly until the work settles or the budget ends, never longer.
 */

/** Waits for `work` for at most `ms`, keeping the process alive meanwhile; never rejects. */
export async function withinBudget(work: Promise<unknown>, ms: number): Promise<'done' | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    return await Promise.race([
      work.then(
        () => 'done' as const,
        () => 'done' as const,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
