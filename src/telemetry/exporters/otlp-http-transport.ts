/**
 * The wire under our OTLP exporters: an HTTP POST with the OTLP exporter specification's retries
 * (429, 502, 503, 504 and network errors; exponential backoff with jitter; `Retry-After`), like the
 * official transport, with two differences that matter to the host application:
 *
 * - its sockets and retry timers are unref'd. A collector that is down or hangs never keeps a
 *   finished process alive (the official transport held it for up to the 10 s export timeout);
 *   exit-time delivery is the job of the bounded flush and the synchronous path instead.
 * - `abandon()` ends every send in flight at once. The metrics and logs SDKs wait for an export
 *   with timers of their own that are not unref'd, so an export still retrying when the shutdown
 *   budget ends would hold the process until its retries run out (about 8 s against a refused
 *   connection); the exit path abandons them instead.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { setTimeout as delay } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import type { ExportResponse, IExporterTransport } from '@opentelemetry/otlp-exporter-base';
import { VERSION } from '../../version';
import { ExportTimeoutError } from '../export-health';
import { retryAfterMs, retryDelayMs } from './retry-policy';

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
const RETRYABLE_NETWORK = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ENETUNREACH',
  'EHOSTUNREACH',
]);
const USER_AGENT = `agentsight/${VERSION} (OTLP exporter)`;

/** Waits `ms` without holding the process; resolves early when `signal` aborts. */
const sleep = (ms: number, signal: AbortSignal): Promise<void> => delay(ms, undefined, { ref: false, signal }).catch(() => undefined);

/**
 * The answer of an abandoned send: a timeout (the budget ran out), with the last attempt's error
 * when there was one (`connect ECONNREFUSED ...` says more than the budget alone).
 */
function abandoned(signal: AbortSignal, last?: ExportResponse): ExportResponse {
  const why = typeof signal.reason === 'string' ? signal.reason : 'the export was abandoned';
  const lastError = last && 'error' in last ? last.error : undefined;
  return { status: 'failure', error: new ExportTimeoutError(lastError ? `${why} (last attempt: ${lastError.message})` : why) };
}

export class OtlpHttpTransport implements IExporterTransport {
  private readonly agent: http.Agent;
  /** One controller per send in flight, so that `abandon` can end them. */
  private readonly sending = new Set<AbortController>();
  /** Why every send fails at once from now on (set by a final `abandon`). */
  private closedWith: string | undefined;

  constructor(
    private readonly url: string,
    private readonly headers: Readonly<Record<string, string>>,
    private readonly gzip: boolean,
  ) {
    this.agent = url.startsWith('https:') ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
  }

  async send(data: Uint8Array, timeoutMillis: number): Promise<ExportResponse> {
    if (this.closedWith !== undefined) return { status: 'failure', error: new ExportTimeoutError(this.closedWith) };
    const controller = new AbortController();
    this.sending.add(controller);
    try {
      return await this.sendWithRetries(this.gzip ? gzipSync(data) : data, Date.now() + timeoutMillis, controller.signal);
    } finally {
      this.sending.delete(controller);
    }
  }

  /**
   * Ends every send in flight now, because the time for it ran out (`why`): each answers failure
   * with an `ExportTimeoutError`. Sends started later are not affected (an application that lives
   * on after a signal keeps exporting), unless `final`: the process is leaving, and what the SDKs
   * still hand over after that (the rest of their queues) fails at once, counted, instead of
   * starting sends that the exit would cut without a word.
   */
  abandon(why: string, final = false): void {
    if (final) this.closedWith ??= why;
    for (const controller of this.sending) controller.abort(why);
  }

  private async sendWithRetries(body: Uint8Array, deadline: number, signal: AbortSignal): Promise<ExportResponse> {
    let result: ExportResponse = { status: 'retryable' };
    for (let attempt = 1; ; attempt++) {
      const previous = result;
      result = await this.post(body, Math.max(1, deadline - Date.now()), signal);
      if (signal.aborted) return abandoned(signal, previous);
      if (result.status !== 'retryable') return result;
      const wait = retryDelayMs({
        attempt,
        ...(result.retryInMillis !== undefined ? { retryAfterMs: result.retryInMillis } : {}),
        remainingMs: deadline - Date.now(),
      });
      if (wait === undefined) break;
      await sleep(wait, signal);
      if (signal.aborted) return abandoned(signal, result);
    }
    return { status: 'failure', error: result.error ?? new Error('export failed after retries') };
  }

  private post(body: Uint8Array, timeoutMs: number, signal: AbortSignal): Promise<ExportResponse> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve(abandoned(signal));
      // Destroying the request (on abort) may leave a response half read with no event to follow.
      const onAbort = (): void => settle(abandoned(signal));
      const settle = (response: ExportResponse): void => {
        signal.removeEventListener('abort', onAbort);
        resolve(response);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const target = new URL(this.url);
      const request = (target.protocol === 'https:' ? https : http).request(target, {
        method: 'POST',
        agent: this.agent,
        signal,
        headers: {
          ...this.headers,
          'user-agent': USER_AGENT,
          'content-length': String(body.byteLength),
          ...(this.gzip ? { 'content-encoding': 'gzip' } : {}),
        },
      });
      request.on('socket', (socket) => socket.unref());
      request.setTimeout(timeoutMs, () => {
        request.destroy();
        settle({ status: 'retryable', error: new ExportTimeoutError(`OTLP export timed out after ${timeoutMs} ms`) });
      });
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error) => settle({ status: 'failure', error }));
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          if (status >= 200 && status < 300) settle({ status: 'success', data: Buffer.concat(chunks) });
          else if (RETRYABLE_STATUS.has(status)) {
            const after = retryAfterMs(response.headers['retry-after']);
            settle({ status: 'retryable', error: new Error(`HTTP ${status}`), ...(after !== undefined ? { retryInMillis: after } : {}) });
          } else
            settle({
              status: 'failure',
              error: new Error(`OTLP export answered HTTP ${status}: ${Buffer.concat(chunks).toString().slice(0, 200)}`),
            });
        });
      });
      request.on('error', (error: NodeJS.ErrnoException) => {
        if (signal.aborted) settle(abandoned(signal));
        else settle(RETRYABLE_NETWORK.has(error.code ?? '') ? { status: 'retryable', error } : { status: 'failure', error });
      });
      request.end(body);
    });
  }

  shutdown(): void {
    this.agent.destroy();
  }
}
