/** Live updates: the server's event stream (`/api/events`), as a hook. The browser reconnects by itself. */
import { useEffect, useRef } from 'preact/hooks';

export type LiveEvent = 'sessions' | 'session';

export function useLive(url: string, onEvent: (event: LiveEvent) => void): void {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(url);
    const sessions = (): void => handler.current('sessions');
    const session = (): void => handler.current('session');
    source.addEventListener('sessions', sessions);
    source.addEventListener('session', session);
    return () => source.close();
  }, [url]);
}

/** The time, once a second while `on` (for the duration of a running session). */
export function useTicker(on: boolean, tick: () => void): void {
  const handler = useRef(tick);
  handler.current = tick;
  useEffect(() => {
    if (!on) return;
    const timer = setInterval(() => handler.current(), 1000);
    return () => clearInterval(timer);
  }, [on]);
}
