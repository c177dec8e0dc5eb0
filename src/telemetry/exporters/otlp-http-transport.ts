/**
 * The wire under our OTLP exporters: an HTTP POST with the OTLP exporter specification's retries
 * (429, 502, 503, 504 and network errors; exponential backoff with jitter; `Retry-After`), like the
 * official transport, with one difference that matters to the host application: its sockets and
 * retry timers are unref'd. A collector that is down or hangs never keeps a finished process alive
 * (the official transport held it for up to the 10 s export timeout); exit-time delivery is the
 * job of the bounded flush and the synchronous path instead.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { gzipSync } from 'node:zlib';
import type { ExportResponse, IExporterTransport } from '@opentelemetry/otlp-exporter-base';
import { VERSION } from '../../version';
import { ExportTimeoutError } from '../export-health';

const MAX_ATTEMPTS = 5;
const INITIAL_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 5000;
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

/** `Retry-After` in milliseconds (seconds or an HTTP date). */
function retryAfterMs(value: string | string[] | undefined): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms).unref();
  });

export class OtlpHttpTransport implements IExporterTransport {
  private readonly agent: http.Agent;

  constructor(
    private readonly url: string,
    private readonly headers: Readonly<Record<string, string>>,
    private readonly gzip: boolean,
  ) {
    this.agent = url.startsWith('https:') ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
  }

  async send(data: Uint8Array, timeoutMillis: number): Promise<ExportResponse> {
    const deadline = Date.now() + timeoutMillis;
    const body = this.gzip ? gzipSync(data) : data;
    let backoff = INITIAL_BACKOFF_MS;
    let result: ExportResponse = { status: 'retryable' };
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      result = await this.post(body, Math.max(1, deadline - Date.now()));
      if (result.status !== 'retryable') return result;
      const jittered = Math.min(backoff * (0.8 + Math.random() * 0.4), MAX_BACKOFF_MS);
      const wait = result.retryInMillis !== undefined && result.retryInMillis >= 0 ? result.retryInMillis : jittered;
      backoff *= 1.5;
      if (attempt === MAX_ATTEMPTS || Date.now() + wait >= deadline) break;
      await sleep(wait);
    }
    return result.status === 'retryable' ? { status: 'failure', error: result.error ?? new Error('export failed after retries') } : result;
  }

  private post(body: Uint8Array, timeoutMs: number): Promise<ExportResponse> {
    return new Promise((resolve) => {
      const target = new URL(this.url);
      const request = (target.protocol === 'https:' ? https : http).request(target, {
        method: 'POST',
        agent: this.agent,
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
        resolve({ status: 'retryable', error: new ExportTimeoutError(`OTLP export timed out after ${timeoutMs} ms`) });
      });
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error) => resolve({ status: 'failure', error }));
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve({ status: 'success', data: Buffer.concat(chunks) });
          else if (RETRYABLE_STATUS.has(status)) {
            const after = retryAfterMs(response.headers['retry-after']);
            resolve({ status: 'retryable', error: new Error(`HTTP ${status}`), ...(after !== undefined ? { retryInMillis: after } : {}) });
          } else
            resolve({
              status: 'failure',
              error: new Error(`OTLP export answered HTTP ${status}: ${Buffer.concat(chunks).toString().slice(0, 200)}`),
            });
        });
      });
      request.on('error', (error: NodeJS.ErrnoException) => {
        resolve(RETRYABLE_NETWORK.has(error.code ?? '') ? { status: 'retryable', error } : { status: 'failure', error });
      });
      request.end(body);
    });
  }

  shutdown(): void {
    this.agent.destroy();
  }
}
