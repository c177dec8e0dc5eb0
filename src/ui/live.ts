/**
 * Live updates over Server-Sent Events (`GET /api/events[?session=<id>]`): while a page listens, the
 * store is looked at every second; when the list changes the page hears `sessions`, and when the
 * session it shows changes (a running session writing spans), `session`. The timer runs only while
 * someone listens, and never holds the process open.
 */
import type * as http from 'node:http';
import type { SessionIndex } from './session-index';

const TICK_MS = 1_000;
/** A comment line now and then, so proxies and browsers keep an idle stream open. */
const KEEPALIVE_MS = 15_000;

interface Listener {
  res: http.ServerResponse;
  sessionId: string | undefined;
  version: number;
  stamp: string | undefined;
}

export class LiveFeed {
  private readonly listeners = new Set<Listener>();
  private timer: NodeJS.Timeout | undefined;
  private lastKeepalive = 0;

  constructor(
    private readonly index: SessionIndex,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Starts an event stream on `res`. */
  add(req: http.IncomingMessage, res: http.ServerResponse, sessionId: string | undefined): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    res.write('retry: 2000\n\n');
    const listener: Listener = { res, sessionId, version: this.index.version, stamp: sessionId ? this.index.stamp(sessionId) : undefined };
    this.listeners.add(listener);
    req.on('close', () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    });
    if (!this.timer) {
      this.timer = setInterval(() => this.tick(), TICK_MS);
      this.timer.unref();
    }
  }

  /** Ends every stream (the server is closing). */
  close(): void {
    this.stop();
    for (const l of this.listeners) l.res.end();
    this.listeners.clear();
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    try {
      this.index.refresh(TICK_MS / 2);
    } catch (err) {
      this.onError(err);
      return;
    }
    const now = Date.now();
    const keepalive = now - this.lastKeepalive > KEEPALIVE_MS;
    if (keepalive) this.lastKeepalive = now;
    for (const l of this.listeners) {
      if (l.version !== this.index.version) {
        l.version = this.index.version;
        send(l.res, 'sessions', { version: l.version });
      }
      if (l.sessionId !== undefined) {
        const stamp = this.index.stamp(l.sessionId);
        if (stamp !== l.stamp) {
          l.stamp = stamp;
          send(l.res, 'session', { id: l.sessionId });
        }
      }
      if (keepalive) l.res.write(': keepalive\n\n');
    }
  }
}

function send(res: http.ServerResponse, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}
