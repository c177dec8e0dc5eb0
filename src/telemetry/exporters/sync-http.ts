/**
 * A blocking HTTP POST, for the one place where nothing asynchronous can finish: a
 * `process.on('exit')` handler (after `process.exit()` or an uncaught exception). A worker thread
 * sends the request while the main thread waits on a shared flag with `Atomics.wait`, bounded by a
 * timeout, so exit is delayed by at most that long.
 */
import { Worker } from 'node:worker_threads';

export interface SyncPostResult {
  /** `sent` when the server answered 2xx; otherwise what went wrong. */
  outcome: 'sent' | 'http_error' | 'network_error' | 'timeout';
  status?: number;
}

// The worker's source is inline so that it works from any build layout (CJS, ESM wrapper, bundles).
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { url, headers, body, flag } = workerData;
const state = new Int32Array(flag);
function done(code, status) {
  Atomics.store(state, 1, status || 0);
  Atomics.store(state, 0, code);
  Atomics.notify(state, 0);
}
try {
  const target = new URL(url);
  const mod = require(target.protocol === 'https:' ? 'node:https' : 'node:http');
  const req = mod.request(target, { method: 'POST', headers }, (res) => {
    res.resume();
    res.on('end', () => done(res.statusCode >= 200 && res.statusCode < 300 ? 1 : 2, res.statusCode));
    res.on('error', () => done(3));
  });
  req.on('error', () => done(3));
  req.end(Buffer.from(body));
} catch (e) {
  done(3);
}
`;

/** POSTs `body` to `url` and blocks until the answer or `timeoutMs`, whichever comes first. */
export function postSync(url: string, headers: Record<string, string>, body: Uint8Array, timeoutMs: number): SyncPostResult {
  const flag = new SharedArrayBuffer(8);
  const state = new Int32Array(flag);
  let worker: Worker | undefined;
  try {
    worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { url, headers: { ...headers, 'content-length': String(body.byteLength) }, body, flag },
      // The worker must not inherit --import/--require hooks (our register would load in it).
      execArgv: [],
      env: {},
      stdout: true,
      stderr: true,
    });
    worker.unref();
    Atomics.wait(state, 0, 0, timeoutMs);
  } catch {
    return { outcome: 'network_error' };
  } finally {
    void worker?.terminate().catch(() => undefined);
  }
  switch (Atomics.load(state, 0)) {
    case 1:
      return { outcome: 'sent', status: Atomics.load(state, 1) };
    case 2:
      return { outcome: 'http_error', status: Atomics.load(state, 1) };
    case 3:
      return { outcome: 'network_error' };
    default:
      return { outcome: 'timeout' };
  }
}
