/**
 * An OTLP/HTTP receiver for tests: accepts `POST /v1/traces`, `/v1/metrics` and `/v1/logs` with
 * `application/x-protobuf` or `application/json` bodies (optionally `content-encoding: gzip` or
 * `deflate`), answers 200 with an empty export response in the request's encoding, and decodes
 * the payloads into plain objects that are identical whichever encoding the exporter used.
 *
 * Decoding: protobuf is read by a small schema-driven wire-format decoder (field numbers from
 * opentelemetry-proto v1: common, resource, trace, metrics, logs and the collector services) into
 * the OTLP/JSON object shape; JSON bodies already have that shape; one normaliser then turns both
 * into {@link OtlpSpan} / {@link OtlpMetric} / {@link OtlpLogRecord}.
 *
 * Normalisation rules: ids are lower-case hex (`parentSpanId`, log `traceId`/`spanId` are
 * undefined when absent or empty); timestamps are bigint nanoseconds; other absent strings are ''
 * and absent numbers 0 (proto3 defaults); AnyValue becomes string | number | boolean | Uint8Array |
 * array | plain object (kvlist) | null (empty), with int64 as a number when it is a safe integer
 * and a bigint otherwise; metric point values and counts are numbers.
 *
 * Only `node:` imports and erasable TypeScript, so `scripts/mock-llm-server.mjs`'s
 * `importTypeScript()` can load it outside Jest too.
 */
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import zlib from 'node:zlib';

/** An AnyValue as a JS value. */
export type OtlpValue = string | number | bigint | boolean | Uint8Array | null | OtlpValue[] | { [key: string]: OtlpValue };
export type OtlpAttributes = Record<string, OtlpValue>;

export interface OtlpScope {
  name: string;
  version: string;
  attributes: OtlpAttributes;
}

export interface OtlpSpanEvent {
  name: string;
  timeUnixNano: bigint;
  attributes: OtlpAttributes;
  droppedAttributesCount: number;
}

export interface OtlpSpanLink {
  traceId: string;
  spanId: string;
  traceState: string;
  attributes: OtlpAttributes;
  droppedAttributesCount: number;
  flags: number;
}

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  traceState: string;
  name: string;
  /** As in OTLP: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer (API SpanKind + 1). */
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: OtlpAttributes;
  droppedAttributesCount: number;
  /** Status code: 0 unset, 1 ok, 2 error. */
  status: { code: number; message: string };
  events: OtlpSpanEvent[];
  droppedEventsCount: number;
  links: OtlpSpanLink[];
  droppedLinksCount: number;
  /** W3C trace flags in the low byte, plus the OTLP has-is-remote / is-remote bits (0x100, 0x200). */
  flags: number;
  resource: OtlpAttributes;
  scope: OtlpScope;
}

export type OtlpMetricKind = 'sum' | 'gauge' | 'histogram' | 'exponential_histogram' | 'summary';

export interface OtlpExemplar {
  timeUnixNano: bigint;
  value: number;
  traceId: string | undefined;
  spanId: string | undefined;
  filteredAttributes: OtlpAttributes;
}

/** One data point; which optional fields are set depends on the metric kind (see each field). */
export interface OtlpDataPoint {
  attributes: OtlpAttributes;
  startTimeUnixNano: bigint;
  timeUnixNano: bigint;
  flags: number;
  /** sum, gauge: the value (as_int or as_double). */
  value?: number;
  /** sum, gauge: which oneof carried the value. */
  valueType?: 'int' | 'double';
  /** histogram, exponential_histogram, summary. */
  count?: number;
  sum?: number;
  /** histogram, exponential_histogram (when recorded). */
  min?: number;
  max?: number;
  /** histogram: one more count than bounds. */
  bucketCounts?: number[];
  explicitBounds?: number[];
  /** exponential_histogram. */
  scale?: number;
  zeroCount?: number;
  positive?: { offset: number; bucketCounts: number[] };
  negative?: { offset: number; bucketCounts: number[] };
  /** summary. */
  quantiles?: { quantile: number; value: number }[];
  exemplars: OtlpExemplar[];
}

export interface OtlpMetric {
  name: string;
  description: string;
  unit: string;
  kind: OtlpMetricKind;
  /** 0 unspecified (gauge, summary), 1 delta, 2 cumulative. */
  aggregationTemporality: number;
  /** Only sums can be monotonic. */
  isMonotonic: boolean;
  points: OtlpDataPoint[];
  resource: OtlpAttributes;
  scope: OtlpScope;
}

export interface OtlpLogRecord {
  timeUnixNano: bigint;
  observedTimeUnixNano: bigint;
  severityNumber: number;
  severityText: string;
  body: OtlpValue;
  eventName: string;
  attributes: OtlpAttributes;
  droppedAttributesCount: number;
  flags: number;
  traceId: string | undefined;
  spanId: string | undefined;
  resource: OtlpAttributes;
  scope: OtlpScope;
}

export type OtlpSignal = 'traces' | 'metrics' | 'logs';
export type OtlpEncoding = 'protobuf' | 'json';

/** What one export request carried, decoded. */
export interface OtlpBatch {
  spans: OtlpSpan[];
  metrics: OtlpMetric[];
  logs: OtlpLogRecord[];
}

/** One request as received. */
export interface OtlpRequestRecord {
  path: string;
  signal: OtlpSignal | undefined;
  contentType: string;
  /** `content-encoding` header, '' when absent. */
  contentEncoding: string;
  /** Bytes on the wire (compressed when compressed). */
  byteSize: number;
  /** Bytes after decompression. */
  decodedByteSize: number;
  /** The body as sent, decompressed when it could be (for tests that scan every exported byte). */
  body: Uint8Array;
  /** The status the receiver answered (undefined while hanging). */
  status: number | undefined;
  /** Spans, metric data points or log records decoded from it (0 when rejected). */
  itemCount: number;
  headers: Record<string, string>;
  time: number;
  /** Why it was rejected, when it was. */
  error?: string;
}

/**
 * Make the receiver misbehave, for outage tests. `times`: only the next N requests (default: until
 * {@link OtlpReceiver.recover}). Requests answered this way are recorded but their data is dropped.
 * - `status`: answer this status (503/429/502/504 are retryable for the OTel exporters; add
 *   `retryAfterSeconds: 0` to make them retry immediately instead of backing off ~1 s).
 * - `hang`: never answer (the exporter's timeout fires).
 * - `reset`: destroy the connection without answering.
 * - `slow`: take the data as usual, but answer only after `delayMs`, plus up to `jitterMs` more
 *   chosen at random per request (the data counts as received when the answer goes out, and is
 *   dropped if the client has gone by then).
 */
export type OtlpFailure =
  | { mode: 'status'; status: number; retryAfterSeconds?: number; times?: number }
  | { mode: 'slow'; delayMs: number; jitterMs?: number; times?: number }
  | { mode: 'hang'; times?: number }
  | { mode: 'reset'; times?: number };

export interface OtlpReceiver {
  /** `http://127.0.0.1:PORT`: the value for `OTEL_EXPORTER_OTLP_ENDPOINT` (exporters append `/v1/<signal>`). */
  readonly url: string;
  readonly port: number;
  /** Full per-signal URLs, for an exporter's `url` option. */
  readonly tracesUrl: string;
  readonly metricsUrl: string;
  readonly logsUrl: string;
  readonly requests: readonly OtlpRequestRecord[];
  /** Every span received (in arrival order). */
  spans(): OtlpSpan[];
  /** Every metric received, one entry per metric per export (cumulative metrics repeat). */
  metrics(): OtlpMetric[];
  /** The most recently received metric with this name. */
  lastMetric(name: string): OtlpMetric | undefined;
  logs(): OtlpLogRecord[];
  /**
   * Resolves with all spans received as soon as `predicate` holds for them (checked now and after
   * every accepted export; a predicate that throws counts as false). Rejects after `timeoutMs`
   * (default 5000) with a message listing what arrived.
   */
  waitFor(predicate: (spans: OtlpSpan[]) => boolean, timeoutMs?: number): Promise<OtlpSpan[]>;
  /** The first span with this name (waiting for it). */
  waitForSpan(name: string, timeoutMs?: number): Promise<OtlpSpan>;
  waitForMetrics(predicate: (metrics: OtlpMetric[]) => boolean, timeoutMs?: number): Promise<OtlpMetric[]>;
  waitForLogs(predicate: (logs: OtlpLogRecord[]) => boolean, timeoutMs?: number): Promise<OtlpLogRecord[]>;
  fail(failure: OtlpFailure): void;
  recover(): void;
  /** Forget received data and requests (a failure mode stays). */
  reset(): void;
  /** Stop listening, destroy open connections, reject pending waits. */
  close(): Promise<void>;
}

export interface OtlpReceiverOptions {
  port?: number;
  host?: string;
}

const SIGNAL_PATHS: Record<string, OtlpSignal> = { '/v1/traces': 'traces', '/v1/metrics': 'metrics', '/v1/logs': 'logs' };

interface Waiter {
  check(): void;
  fail(reason: Error): void;
}

export async function startOtlpReceiver(options: OtlpReceiverOptions = {}): Promise<OtlpReceiver> {
  const requests: OtlpRequestRecord[] = [];
  let received: OtlpBatch = { spans: [], metrics: [], logs: [] };
  let failure: OtlpFailure | undefined;
  const waiters = new Set<Waiter>();
  const sockets = new Set<Socket>();

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = new URL(req.url ?? '/', 'http://receiver').pathname;
    const record: OtlpRequestRecord = {
      path,
      signal: SIGNAL_PATHS[path],
      contentType: req.headers['content-type'] ?? '',
      contentEncoding: req.headers['content-encoding'] ?? '',
      byteSize: raw.length,
      decodedByteSize: raw.length,
      body: raw,
      status: undefined,
      itemCount: 0,
      headers: flattenHeaders(req.headers),
      time: Date.now(),
    };
    requests.push(record);
    const answer = (status: number, body: string | Uint8Array, headers: Record<string, string> = {}): void => {
      record.status = status;
      res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body) }).end(body);
    };

    const active = takeFailure();
    if (active?.mode === 'hang') return;
    if (active?.mode === 'reset') return void req.socket.destroy();
    if (active?.mode === 'status') {
      const retry: Record<string, string> =
        active.retryAfterSeconds === undefined ? {} : { 'retry-after': String(active.retryAfterSeconds) };
      return answer(active.status, '', retry);
    }
    if (active?.mode === 'slow') {
      await new Promise((resolve) => setTimeout(resolve, active.delayMs + Math.random() * (active.jitterMs ?? 0)));
      if (req.socket.destroyed) return;
    }

    if (req.method !== 'POST' || !record.signal) return reject(record, answer, 404, `no OTLP endpoint at ${req.method} ${path}`);
    const encoding = encodingOf(record.contentType);
    if (!encoding) return reject(record, answer, 415, `unsupported content-type ${JSON.stringify(record.contentType)}`);
    let batch: OtlpBatch;
    try {
      const body = decompress(raw, record.contentEncoding);
      record.decodedByteSize = body.length;
      record.body = body;
      batch = decodeOtlp(record.signal, body, encoding);
    } catch (error) {
      return reject(record, answer, 400, `cannot decode ${record.signal} ${encoding}: ${(error as Error).message}`);
    }
    record.itemCount = batch.spans.length + batch.metrics.reduce((n, m) => n + m.points.length, 0) + batch.logs.length;
    received.spans.push(...batch.spans);
    received.metrics.push(...batch.metrics);
    received.logs.push(...batch.logs);
    // An export response without partial_success: empty protobuf message, or `{}`.
    if (encoding === 'protobuf') answer(200, new Uint8Array(0), { 'content-type': 'application/x-protobuf' });
    else answer(200, '{}', { 'content-type': 'application/json' });
    for (const waiter of [...waiters]) waiter.check();
  }

  function takeFailure(): OtlpFailure | undefined {
    const current = failure;
    if (current?.times !== undefined) {
      const left = current.times - 1;
      failure = left > 0 ? { ...current, times: left } : undefined;
    }
    return current;
  }

  function waitUntil<T>(
    what: string,
    snapshot: () => T[],
    predicate: (items: T[]) => boolean,
    describe: (items: T[]) => string,
    timeoutMs: number,
  ): Promise<T[]> {
    return new Promise((resolve, reject) => {
      let lastError: unknown;
      const holds = (): boolean => {
        try {
          return predicate(snapshot());
        } catch (error) {
          lastError = error;
          return false;
        }
      };
      if (holds()) return resolve(snapshot());
      const waiter: Waiter = {
        check() {
          if (!holds()) return;
          done();
          resolve(snapshot());
        },
        fail(reason) {
          done();
          reject(reason);
        },
      };
      const timer = setTimeout(() => {
        const items = snapshot();
        const cause = lastError === undefined ? '' : `\nLast predicate error: ${(lastError as Error).message ?? String(lastError)}`;
        waiter.fail(
          new Error(
            `Timed out after ${timeoutMs} ms waiting for ${what}; received ${items.length} in ${requests.length} request(s):\n${describe(items) || '  (nothing)'}${cause}`,
          ),
        );
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        waiters.delete(waiter);
      };
      waiters.add(waiter);
    });
  }

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}`;

  return {
    url,
    port,
    tracesUrl: `${url}/v1/traces`,
    metricsUrl: `${url}/v1/metrics`,
    logsUrl: `${url}/v1/logs`,
    requests,
    spans: () => [...received.spans],
    metrics: () => [...received.metrics],
    lastMetric: (name) => received.metrics.findLast((m) => m.name === name),
    logs: () => [...received.logs],
    waitFor: (predicate, timeoutMs = 5000) => waitUntil('spans', () => [...received.spans], predicate, describeSpans, timeoutMs),
    async waitForSpan(name, timeoutMs = 5000) {
      const spans = await waitUntil(
        `a span named ${JSON.stringify(name)}`,
        () => [...received.spans],
        (s) => s.some((span) => span.name === name),
        describeSpans,
        timeoutMs,
      );
      return spans.find((span) => span.name === name) as OtlpSpan;
    },
    waitForMetrics: (predicate, timeoutMs = 5000) =>
      waitUntil('metrics', () => [...received.metrics], predicate, describeMetrics, timeoutMs),
    waitForLogs: (predicate, timeoutMs = 5000) => waitUntil('logs', () => [...received.logs], predicate, describeLogs, timeoutMs),
    fail(next) {
      failure = next;
    },
    recover() {
      failure = undefined;
    },
    reset() {
      requests.length = 0;
      received = { spans: [], metrics: [], logs: [] };
    },
    close() {
      for (const waiter of [...waiters]) waiter.fail(new Error('OTLP receiver closed'));
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}

function reject(record: OtlpRequestRecord, answer: (status: number, body: string) => void, status: number, error: string): void {
  record.error = error;
  answer(status, error);
}

function encodingOf(contentType: string): OtlpEncoding | undefined {
  const mime = contentType.split(';')[0]?.trim().toLowerCase();
  if (mime === 'application/x-protobuf' || mime === 'application/protobuf') return 'protobuf';
  if (mime === 'application/json') return 'json';
  return undefined;
}

function decompress(body: Buffer, contentEncoding: string): Buffer {
  const encoding = contentEncoding.trim().toLowerCase();
  if (encoding === 'gzip') return zlib.gunzipSync(body);
  if (encoding === 'deflate') return zlib.inflateSync(body);
  if (encoding === '' || encoding === 'identity') return body;
  throw new Error(`unsupported content-encoding ${contentEncoding}`);
}

function describeSpans(spans: OtlpSpan[]): string {
  return spans
    .map(
      (s) =>
        `  - ${s.name} (kind ${s.kind}, trace ${s.traceId.slice(0, 8)}, span ${s.spanId}${s.parentSpanId ? `, parent ${s.parentSpanId}` : ''}, status ${s.status.code})`,
    )
    .join('\n');
}

function describeMetrics(metrics: OtlpMetric[]): string {
  return metrics.map((m) => `  - ${m.name} (${m.kind}, ${m.points.length} point(s))`).join('\n');
}

function describeLogs(logs: OtlpLogRecord[]): string {
  return logs
    .map(
      (l) =>
        `  - [${l.severityText || l.severityNumber}] ${l.eventName ? `${l.eventName}: ` : ''}${JSON.stringify(l.body, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`,
    )
    .join('\n');
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function flattenHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Decoding: protobuf -> OTLP/JSON shape -> normalised objects

/** Decodes one export request body (already decompressed). Throws on malformed input. */
export function decodeOtlp(signal: OtlpSignal, body: Uint8Array, encoding: OtlpEncoding): OtlpBatch {
  const request = encoding === 'json' ? parseJsonBody(body) : decodeProtobuf(body, REQUEST_SCHEMAS[signal]);
  const batch: OtlpBatch = { spans: [], metrics: [], logs: [] };
  if (signal === 'traces') batch.spans = normaliseTraces(request);
  else if (signal === 'metrics') batch.metrics = normaliseMetrics(request);
  else batch.logs = normaliseLogs(request);
  return batch;
}

function parseJsonBody(body: Uint8Array): JsonObject {
  const parsed: unknown = JSON.parse(Buffer.from(body).toString('utf8'));
  if (!isObject(parsed)) throw new Error('JSON body is not an object');
  return parsed;
}

// --- Protobuf schema (field number -> OTLP/JSON name and type), from opentelemetry-proto v1 ---

type ScalarType =
  | 'string'
  | 'bytes'
  | 'bool'
  | 'int64'
  | 'uint64'
  | 'uint32'
  | 'sint32'
  | 'enum'
  | 'fixed64'
  | 'sfixed64'
  | 'fixed32'
  | 'double';

interface FieldSpec {
  name: string;
  scalar?: ScalarType;
  /** A thunk, because AnyValue and ArrayValue/KeyValueList refer to each other. */
  message?: () => MessageSchema;
  repeated?: boolean;
}

type MessageSchema = Record<number, FieldSpec>;

const scalar = (name: string, type: ScalarType, repeated = false): FieldSpec => ({ name, scalar: type, repeated });
const message = (name: string, schema: () => MessageSchema, repeated = false): FieldSpec => ({ name, message: schema, repeated });

// common/v1/common.proto, resource/v1/resource.proto
const ANY_VALUE: MessageSchema = {
  1: scalar('stringValue', 'string'),
  2: scalar('boolValue', 'bool'),
  3: scalar('intValue', 'int64'),
  4: scalar('doubleValue', 'double'),
  5: message('arrayValue', () => ARRAY_VALUE),
  6: message('kvlistValue', () => KEY_VALUE_LIST),
  7: scalar('bytesValue', 'bytes'),
};
const KEY_VALUE: MessageSchema = { 1: scalar('key', 'string'), 2: message('value', () => ANY_VALUE) };
const ARRAY_VALUE: MessageSchema = { 1: message('values', () => ANY_VALUE, true) };
const KEY_VALUE_LIST: MessageSchema = { 1: message('values', () => KEY_VALUE, true) };
const attributesField = (number: number, name = 'attributes'): MessageSchema => ({ [number]: message(name, () => KEY_VALUE, true) });
const SCOPE: MessageSchema = {
  1: scalar('name', 'string'),
  2: scalar('version', 'string'),
  ...attributesField(3),
  4: scalar('droppedAttributesCount', 'uint32'),
};
const RESOURCE: MessageSchema = { ...attributesField(1), 2: scalar('droppedAttributesCount', 'uint32') };

// trace/v1/trace.proto
const STATUS: MessageSchema = { 2: scalar('message', 'string'), 3: scalar('code', 'enum') };
const EVENT: MessageSchema = {
  1: scalar('timeUnixNano', 'fixed64'),
  2: scalar('name', 'string'),
  ...attributesField(3),
  4: scalar('droppedAttributesCount', 'uint32'),
};
const LINK: MessageSchema = {
  1: scalar('traceId', 'bytes'),
  2: scalar('spanId', 'bytes'),
  3: scalar('traceState', 'string'),
  ...attributesField(4),
  5: scalar('droppedAttributesCount', 'uint32'),
  6: scalar('flags', 'fixed32'),
};
const SPAN: MessageSchema = {
  1: scalar('traceId', 'bytes'),
  2: scalar('spanId', 'bytes'),
  3: scalar('traceState', 'string'),
  4: scalar('parentSpanId', 'bytes'),
  5: scalar('name', 'string'),
  6: scalar('kind', 'enum'),
  7: scalar('startTimeUnixNano', 'fixed64'),
  8: scalar('endTimeUnixNano', 'fixed64'),
  ...attributesField(9),
  10: scalar('droppedAttributesCount', 'uint32'),
  11: message('events', () => EVENT, true),
  12: scalar('droppedEventsCount', 'uint32'),
  13: message('links', () => LINK, true),
  14: scalar('droppedLinksCount', 'uint32'),
  15: message('status', () => STATUS),
  16: scalar('flags', 'fixed32'),
};
const SCOPE_SPANS: MessageSchema = {
  1: message('scope', () => SCOPE),
  2: message('spans', () => SPAN, true),
  3: scalar('schemaUrl', 'string'),
};
const RESOURCE_SPANS: MessageSchema = {
  1: message('resource', () => RESOURCE),
  2: message('scopeSpans', () => SCOPE_SPANS, true),
  3: scalar('schemaUrl', 'string'),
};

// metrics/v1/metrics.proto
const EXEMPLAR: MessageSchema = {
  ...attributesField(7, 'filteredAttributes'),
  2: scalar('timeUnixNano', 'fixed64'),
  3: scalar('asDouble', 'double'),
  6: scalar('asInt', 'sfixed64'),
  4: scalar('spanId', 'bytes'),
  5: scalar('traceId', 'bytes'),
};
const NUMBER_POINT: MessageSchema = {
  ...attributesField(7),
  2: scalar('startTimeUnixNano', 'fixed64'),
  3: scalar('timeUnixNano', 'fixed64'),
  4: scalar('asDouble', 'double'),
  6: scalar('asInt', 'sfixed64'),
  5: message('exemplars', () => EXEMPLAR, true),
  8: scalar('flags', 'uint32'),
};
const HISTOGRAM_POINT: MessageSchema = {
  ...attributesField(9),
  2: scalar('startTimeUnixNano', 'fixed64'),
  3: scalar('timeUnixNano', 'fixed64'),
  4: scalar('count', 'fixed64'),
  5: scalar('sum', 'double'),
  6: scalar('bucketCounts', 'fixed64', true),
  7: scalar('explicitBounds', 'double', true),
  8: message('exemplars', () => EXEMPLAR, true),
  10: scalar('flags', 'uint32'),
  11: scalar('min', 'double'),
  12: scalar('max', 'double'),
};
const EXPONENTIAL_BUCKETS: MessageSchema = { 1: scalar('offset', 'sint32'), 2: scalar('bucketCounts', 'uint64', true) };
const EXPONENTIAL_POINT: MessageSchema = {
  ...attributesField(1),
  2: scalar('startTimeUnixNano', 'fixed64'),
  3: scalar('timeUnixNano', 'fixed64'),
  4: scalar('count', 'fixed64'),
  5: scalar('sum', 'double'),
  6: scalar('scale', 'sint32'),
  7: scalar('zeroCount', 'fixed64'),
  8: message('positive', () => EXPONENTIAL_BUCKETS),
  9: message('negative', () => EXPONENTIAL_BUCKETS),
  10: scalar('flags', 'uint32'),
  11: message('exemplars', () => EXEMPLAR, true),
  12: scalar('min', 'double'),
  13: scalar('max', 'double'),
  14: scalar('zeroThreshold', 'double'),
};
const QUANTILE: MessageSchema = { 1: scalar('quantile', 'double'), 2: scalar('value', 'double') };
const SUMMARY_POINT: MessageSchema = {
  ...attributesField(7),
  2: scalar('startTimeUnixNano', 'fixed64'),
  3: scalar('timeUnixNano', 'fixed64'),
  4: scalar('count', 'fixed64'),
  5: scalar('sum', 'double'),
  6: message('quantileValues', () => QUANTILE, true),
  8: scalar('flags', 'uint32'),
};
const pointsOf = (schema: MessageSchema, withTemporality: boolean): MessageSchema => {
  const points: MessageSchema = { 1: message('dataPoints', () => schema, true) };
  if (withTemporality) points[2] = scalar('aggregationTemporality', 'enum');
  return points;
};
const GAUGE = pointsOf(NUMBER_POINT, false);
const SUM: MessageSchema = { ...pointsOf(NUMBER_POINT, true), 3: scalar('isMonotonic', 'bool') };
const HISTOGRAM = pointsOf(HISTOGRAM_POINT, true);
const EXPONENTIAL_HISTOGRAM = pointsOf(EXPONENTIAL_POINT, true);
const SUMMARY = pointsOf(SUMMARY_POINT, false);
const METRIC: MessageSchema = {
  1: scalar('name', 'string'),
  2: scalar('description', 'string'),
  3: scalar('unit', 'string'),
  5: message('gauge', () => GAUGE),
  7: message('sum', () => SUM),
  9: message('histogram', () => HISTOGRAM),
  10: message('exponentialHistogram', () => EXPONENTIAL_HISTOGRAM),
  11: message('summary', () => SUMMARY),
  12: message('metadata', () => KEY_VALUE, true),
};
const SCOPE_METRICS: MessageSchema = {
  1: message('scope', () => SCOPE),
  2: message('metrics', () => METRIC, true),
  3: scalar('schemaUrl', 'string'),
};
const RESOURCE_METRICS: MessageSchema = {
  1: message('resource', () => RESOURCE),
  2: message('scopeMetrics', () => SCOPE_METRICS, true),
  3: scalar('schemaUrl', 'string'),
};

// logs/v1/logs.proto
const LOG_RECORD: MessageSchema = {
  1: scalar('timeUnixNano', 'fixed64'),
  11: scalar('observedTimeUnixNano', 'fixed64'),
  2: scalar('severityNumber', 'enum'),
  3: scalar('severityText', 'string'),
  5: message('body', () => ANY_VALUE),
  ...attributesField(6),
  7: scalar('droppedAttributesCount', 'uint32'),
  8: scalar('flags', 'fixed32'),
  9: scalar('traceId', 'bytes'),
  10: scalar('spanId', 'bytes'),
  12: scalar('eventName', 'string'),
};
const SCOPE_LOGS: MessageSchema = {
  1: message('scope', () => SCOPE),
  2: message('logRecords', () => LOG_RECORD, true),
  3: scalar('schemaUrl', 'string'),
};
const RESOURCE_LOGS: MessageSchema = {
  1: message('resource', () => RESOURCE),
  2: message('scopeLogs', () => SCOPE_LOGS, true),
  3: scalar('schemaUrl', 'string'),
};

// collector/{trace,metrics,logs}/v1/*_service.proto
const REQUEST_SCHEMAS: Record<OtlpSignal, MessageSchema> = {
  traces: { 1: message('resourceSpans', () => RESOURCE_SPANS, true) },
  metrics: { 1: message('resourceMetrics', () => RESOURCE_METRICS, true) },
  logs: { 1: message('resourceLogs', () => RESOURCE_LOGS, true) },
};

// --- Protobuf wire format ---

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const WIRE_VARINT = 0;
const WIRE_I64 = 1;
const WIRE_LEN = 2;
const WIRE_I32 = 5;

interface Cursor {
  bytes: Uint8Array;
  view: DataView;
  pos: number;
}

function cursorOf(bytes: Uint8Array): Cursor {
  return { bytes, view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), pos: 0 };
}

function decodeProtobuf(bytes: Uint8Array, schema: MessageSchema): JsonObject {
  const cursor = cursorOf(bytes);
  const out: JsonObject = {};
  while (cursor.pos < bytes.length) {
    const tag = readLength(cursor);
    const number = Math.floor(tag / 8);
    const wireType = tag % 8;
    const spec = schema[number];
    if (!spec) {
      skipField(cursor, wireType);
      continue;
    }
    const values = readField(cursor, wireType, spec);
    if (spec.repeated) {
      const list = (out[spec.name] as unknown[] | undefined) ?? [];
      list.push(...values);
      out[spec.name] = list;
    } else {
      out[spec.name] = values[values.length - 1]; // proto3: the last occurrence wins
    }
  }
  return out;
}

/** The value(s) of one field occurrence; several when a repeated scalar arrives packed. */
function readField(cursor: Cursor, wireType: number, spec: FieldSpec): unknown[] {
  if (spec.message) {
    expectWire(spec, wireType, WIRE_LEN);
    return [decodeProtobuf(readChunk(cursor), spec.message())];
  }
  const type = spec.scalar as ScalarType;
  if (wireType === WIRE_LEN && type !== 'string' && type !== 'bytes') {
    if (!spec.repeated) throw new Error(`field ${spec.name}: unexpected length-delimited value`);
    const packed = cursorOf(readChunk(cursor));
    const values: unknown[] = [];
    while (packed.pos < packed.bytes.length) values.push(readScalar(packed, wireTypeOf(type), type, spec));
    return values;
  }
  return [readScalar(cursor, wireType, type, spec)];
}

function readScalar(cursor: Cursor, wireType: number, type: ScalarType, spec: FieldSpec): unknown {
  expectWire(spec, wireType, wireTypeOf(type));
  switch (type) {
    case 'string':
      return UTF8.decode(readChunk(cursor));
    case 'bytes':
      return Uint8Array.from(readChunk(cursor));
    case 'bool':
      return readVarint(cursor) !== 0n;
    case 'int64':
      return BigInt.asIntN(64, readVarint(cursor));
    case 'uint64':
      return readVarint(cursor);
    case 'uint32':
      return Number(BigInt.asUintN(32, readVarint(cursor)));
    case 'enum':
      return Number(BigInt.asIntN(32, readVarint(cursor)));
    case 'sint32': {
      const zigzag = Number(BigInt.asUintN(32, readVarint(cursor)));
      return (zigzag >>> 1) ^ -(zigzag & 1);
    }
    case 'fixed64':
      return readFixed(cursor, 8, (view, at) => view.getBigUint64(at, true));
    case 'sfixed64':
      return readFixed(cursor, 8, (view, at) => view.getBigInt64(at, true));
    case 'double':
      return readFixed(cursor, 8, (view, at) => view.getFloat64(at, true));
    case 'fixed32':
      return readFixed(cursor, 4, (view, at) => view.getUint32(at, true));
  }
}

function wireTypeOf(type: ScalarType): number {
  if (type === 'fixed64' || type === 'sfixed64' || type === 'double') return WIRE_I64;
  if (type === 'fixed32') return WIRE_I32;
  if (type === 'string' || type === 'bytes') return WIRE_LEN;
  return WIRE_VARINT;
}

function expectWire(spec: FieldSpec, actual: number, expected: number): void {
  if (actual !== expected) throw new Error(`field ${spec.name}: wire type ${actual}, expected ${expected}`);
}

function readVarint(cursor: Cursor): bigint {
  let result = 0n;
  for (let shift = 0n; shift < 70n; shift += 7n) {
    const byte = cursor.bytes[cursor.pos++];
    if (byte === undefined) throw new Error('truncated varint');
    result |= BigInt(byte & 0x7f) << shift;
    if (byte < 0x80) return result;
  }
  throw new Error('varint longer than 10 bytes');
}

/** A varint known to be small (tags, lengths), as a number. */
function readLength(cursor: Cursor): number {
  const value = readVarint(cursor);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error('length or tag too large');
  return Number(value);
}

function readChunk(cursor: Cursor): Uint8Array {
  const length = readLength(cursor);
  const end = cursor.pos + length;
  if (end > cursor.bytes.length) throw new Error(`truncated field: ${length} bytes announced, ${cursor.bytes.length - cursor.pos} left`);
  const chunk = cursor.bytes.subarray(cursor.pos, end);
  cursor.pos = end;
  return chunk;
}

function readFixed<T>(cursor: Cursor, size: number, read: (view: DataView, at: number) => T): T {
  if (cursor.pos + size > cursor.bytes.length) throw new Error('truncated fixed-width value');
  const value = read(cursor.view, cursor.pos);
  cursor.pos += size;
  return value;
}

function skipField(cursor: Cursor, wireType: number): void {
  if (wireType === WIRE_VARINT) readVarint(cursor);
  else if (wireType === WIRE_I64) readFixed(cursor, 8, () => 0);
  else if (wireType === WIRE_LEN) readChunk(cursor);
  else if (wireType === WIRE_I32) readFixed(cursor, 4, () => 0);
  else throw new Error(`unsupported wire type ${wireType}`);
}

// --- Normalisation (input: OTLP/JSON shape, from JSON.parse or the protobuf decoder) ---

type JsonObject = Record<string, unknown>;

function normaliseTraces(request: JsonObject): OtlpSpan[] {
  return asArray(request.resourceSpans).flatMap((rs) => {
    const resourceSpans = asObject(rs);
    const resource = normaliseAttributes(asObject(resourceSpans.resource).attributes);
    return asArray(resourceSpans.scopeSpans).flatMap((ss) => {
      const scopeSpans = asObject(ss);
      const scope = normaliseScope(scopeSpans.scope);
      return asArray(scopeSpans.spans).map((s) => normaliseSpan(asObject(s), resource, scope));
    });
  });
}

function normaliseSpan(span: JsonObject, resource: OtlpAttributes, scope: OtlpScope): OtlpSpan {
  const status = asObject(span.status);
  return {
    traceId: toHexId(span.traceId) ?? '',
    spanId: toHexId(span.spanId) ?? '',
    parentSpanId: toHexId(span.parentSpanId),
    traceState: toStr(span.traceState),
    name: toStr(span.name),
    kind: toNumber(span.kind),
    startTimeUnixNano: toBigInt(span.startTimeUnixNano),
    endTimeUnixNano: toBigInt(span.endTimeUnixNano),
    attributes: normaliseAttributes(span.attributes),
    droppedAttributesCount: toNumber(span.droppedAttributesCount),
    status: { code: toNumber(status.code), message: toStr(status.message) },
    events: asArray(span.events).map((e) => {
      const event = asObject(e);
      return {
        name: toStr(event.name),
        timeUnixNano: toBigInt(event.timeUnixNano),
        attributes: normaliseAttributes(event.attributes),
        droppedAttributesCount: toNumber(event.droppedAttributesCount),
      };
    }),
    droppedEventsCount: toNumber(span.droppedEventsCount),
    links: asArray(span.links).map((l) => {
      const link = asObject(l);
      return {
        traceId: toHexId(link.traceId) ?? '',
        spanId: toHexId(link.spanId) ?? '',
        traceState: toStr(link.traceState),
        attributes: normaliseAttributes(link.attributes),
        droppedAttributesCount: toNumber(link.droppedAttributesCount),
        flags: toNumber(link.flags),
      };
    }),
    droppedLinksCount: toNumber(span.droppedLinksCount),
    flags: toNumber(span.flags),
    resource,
    scope,
  };
}

const METRIC_KINDS: [string, OtlpMetricKind][] = [
  ['sum', 'sum'],
  ['gauge', 'gauge'],
  ['histogram', 'histogram'],
  ['exponentialHistogram', 'exponential_histogram'],
  ['summary', 'summary'],
];

function normaliseMetrics(request: JsonObject): OtlpMetric[] {
  return asArray(request.resourceMetrics).flatMap((rm) => {
    const resourceMetrics = asObject(rm);
    const resource = normaliseAttributes(asObject(resourceMetrics.resource).attributes);
    return asArray(resourceMetrics.scopeMetrics).flatMap((sm) => {
      const scopeMetrics = asObject(sm);
      const scope = normaliseScope(scopeMetrics.scope);
      return asArray(scopeMetrics.metrics).flatMap((m) => {
        const metric = asObject(m);
        const found = METRIC_KINDS.find(([field]) => isObject(metric[field]));
        if (!found) return []; // a metric without data (or of an unknown type) carries nothing to check
        const [field, kind] = found;
        const data = asObject(metric[field]);
        return [
          {
            name: toStr(metric.name),
            description: toStr(metric.description),
            unit: toStr(metric.unit),
            kind,
            aggregationTemporality: toNumber(data.aggregationTemporality),
            isMonotonic: data.isMonotonic === true,
            points: asArray(data.dataPoints).map((p) => normalisePoint(asObject(p), kind)),
            resource,
            scope,
          },
        ];
      });
    });
  });
}

function normalisePoint(point: JsonObject, kind: OtlpMetricKind): OtlpDataPoint {
  const common: OtlpDataPoint = {
    attributes: normaliseAttributes(point.attributes),
    startTimeUnixNano: toBigInt(point.startTimeUnixNano),
    timeUnixNano: toBigInt(point.timeUnixNano),
    flags: toNumber(point.flags),
    exemplars: asArray(point.exemplars).map((e) => {
      const exemplar = asObject(e);
      return {
        timeUnixNano: toBigInt(exemplar.timeUnixNano),
        value: toNumber(exemplar.asInt ?? exemplar.asDouble),
        traceId: toHexId(exemplar.traceId),
        spanId: toHexId(exemplar.spanId),
        filteredAttributes: normaliseAttributes(exemplar.filteredAttributes),
      };
    }),
  };
  if (kind === 'sum' || kind === 'gauge') {
    const isInt = point.asInt !== undefined;
    return { ...common, value: toNumber(isInt ? point.asInt : point.asDouble), valueType: isInt ? 'int' : 'double' };
  }
  const stats = { count: toNumber(point.count), ...optionalNumbers(point, ['sum', 'min', 'max']) };
  if (kind === 'histogram') {
    return {
      ...common,
      ...stats,
      bucketCounts: asArray(point.bucketCounts).map(toNumber),
      explicitBounds: asArray(point.explicitBounds).map(toNumber),
    };
  }
  if (kind === 'exponential_histogram') {
    const buckets = (value: unknown): { offset: number; bucketCounts: number[] } => {
      const b = asObject(value);
      return { offset: toNumber(b.offset), bucketCounts: asArray(b.bucketCounts).map(toNumber) };
    };
    return {
      ...common,
      ...stats,
      scale: toNumber(point.scale),
      zeroCount: toNumber(point.zeroCount),
      positive: buckets(point.positive),
      negative: buckets(point.negative),
    };
  }
  const quantiles = asArray(point.quantileValues).map((q) => ({
    quantile: toNumber(asObject(q).quantile),
    value: toNumber(asObject(q).value),
  }));
  return { ...common, count: stats.count, sum: toNumber(point.sum), quantiles };
}

function optionalNumbers(point: JsonObject, keys: ('sum' | 'min' | 'max')[]): Partial<Record<'sum' | 'min' | 'max', number>> {
  const out: Partial<Record<'sum' | 'min' | 'max', number>> = {};
  for (const key of keys) if (point[key] !== undefined && point[key] !== null) out[key] = toNumber(point[key]);
  return out;
}

function normaliseLogs(request: JsonObject): OtlpLogRecord[] {
  return asArray(request.resourceLogs).flatMap((rl) => {
    const resourceLogs = asObject(rl);
    const resource = normaliseAttributes(asObject(resourceLogs.resource).attributes);
    return asArray(resourceLogs.scopeLogs).flatMap((sl) => {
      const scopeLogs = asObject(sl);
      const scope = normaliseScope(scopeLogs.scope);
      return asArray(scopeLogs.logRecords).map((r) => {
        const log = asObject(r);
        return {
          timeUnixNano: toBigInt(log.timeUnixNano),
          observedTimeUnixNano: toBigInt(log.observedTimeUnixNano),
          severityNumber: toNumber(log.severityNumber),
          severityText: toStr(log.severityText),
          body: normaliseValue(log.body),
          eventName: toStr(log.eventName),
          attributes: normaliseAttributes(log.attributes),
          droppedAttributesCount: toNumber(log.droppedAttributesCount),
          flags: toNumber(log.flags),
          traceId: toHexId(log.traceId),
          spanId: toHexId(log.spanId),
          resource,
          scope,
        };
      });
    });
  });
}

function normaliseScope(value: unknown): OtlpScope {
  const scope = asObject(value);
  return { name: toStr(scope.name), version: toStr(scope.version), attributes: normaliseAttributes(scope.attributes) };
}

function normaliseAttributes(list: unknown): OtlpAttributes {
  const out: OtlpAttributes = {};
  for (const item of asArray(list)) {
    const kv = asObject(item);
    out[toStr(kv.key)] = normaliseValue(kv.value);
  }
  return out;
}

function normaliseValue(value: unknown): OtlpValue {
  if (!isObject(value)) return null;
  if (value.stringValue !== undefined) return toStr(value.stringValue);
  if (value.boolValue !== undefined) return value.boolValue === true;
  if (value.intValue !== undefined) return toInt64(value.intValue);
  if (value.doubleValue !== undefined) return toNumber(value.doubleValue);
  if (value.arrayValue !== undefined) return asArray(asObject(value.arrayValue).values).map(normaliseValue);
  if (value.kvlistValue !== undefined) return normaliseAttributes(asObject(value.kvlistValue).values);
  if (value.bytesValue !== undefined) return toBytes(value.bytesValue);
  return null;
}

// --- Scalar conversions accepting both decoders' output and OTLP/JSON's encodings ---

function toStr(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** int64/fixed64 arrive as bigint (protobuf), decimal strings or numbers (JSON). */
function toBigInt(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return BigInt(Math.trunc(value));
  if (typeof value === 'string' && value !== '') return BigInt(value);
  return 0n;
}

function toInt64(value: unknown): number | bigint {
  const big = toBigInt(value);
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}

/** Numbers, bigints, numeric strings and the proto3 JSON spellings "NaN", "Infinity", "-Infinity". */
function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value !== '') return Number(value);
  return 0;
}

/** OTLP/JSON ids are hex (an OTLP exception to proto3 JSON); accept base64 too, as proto3 JSON would send. */
function toHexId(value: unknown): string | undefined {
  if (value instanceof Uint8Array) return value.length > 0 ? Buffer.from(value).toString('hex') : undefined;
  if (typeof value !== 'string' || value === '') return undefined;
  if (/^[0-9a-fA-F]+$/.test(value) && (value.length === 32 || value.length === 16)) return value.toLowerCase();
  return Buffer.from(value, 'base64').toString('hex');
}

function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  return Uint8Array.from(Buffer.from(typeof value === 'string' ? value : '', 'base64'));
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

function asObject(value: unknown): JsonObject {
  return isObject(value) ? value : {};
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
