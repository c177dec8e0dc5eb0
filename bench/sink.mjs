/**
 * The OTLP sink every exporting mode sends to: an HTTP server on loopback that reads each request
 * to its end, answers `200 {}` (a valid OTLP/HTTP JSON response) and keeps nothing but counts.
 *
 * Each child gets its own endpoint, `http://127.0.0.1:<port>/<child id>` (the exporters append
 * `/v1/traces`, `/v1/metrics`), so the runner can tell what one child exported: requests, bytes
 * and spans (occurrences of `"spanId":` in the JSON trace bodies). The span count is how the
 * table knows that a mode really recorded the calls it timed, and that switching a provider off
 * leaves no spans behind (for Anthropic, the SDK's own native spans would show here).
 */
import http from 'node:http';
import { gunzipSync } from 'node:zlib';

const SPAN_ID = Buffer.from('"spanId":');

function countSpans(body) {
  let count = 0;
  for (let at = body.indexOf(SPAN_ID); at !== -1; at = body.indexOf(SPAN_ID, at + SPAN_ID.length)) count++;
  return count;
}

/** @returns {Promise<{ url: string, endpoint(id: string): string, take(id: string): { requests: number, bytes: number, spans: number }, close(): Promise<void> }>} */
export async function startOtlpSink() {
  /** @type {Map<string, { requests: number, bytes: number, spans: number }>} */
  const counts = new Map();
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const [, id = '', ...rest] = (req.url ?? '/').split('?')[0].split('/');
      const body = Buffer.concat(chunks);
      const count = counts.get(id) ?? { requests: 0, bytes: 0, spans: 0 };
      count.requests++;
      count.bytes += body.length;
      if (rest.join('/') === 'v1/traces') {
        try {
          count.spans += countSpans(req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body);
        } catch {
          // Not gzip after all: the bytes were still received, which is all the sink is for.
        }
      }
      counts.set(id, count);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    endpoint: (id) => `${url}/${id}`,
    /** What the child exported, forgotten once read. */
    take(id) {
      const count = counts.get(id) ?? { requests: 0, bytes: 0, spans: 0 };
      counts.delete(id);
      return count;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
