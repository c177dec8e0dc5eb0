/**
 * The OTLP transport against a collector in trouble: what it retries and what it gives up on,
 * which failures count as timeouts, and `abandon()` ending the sends in flight at once.
 */
import * as net from 'node:net';
import { ExportTimeoutError } from '../../src/telemetry/export-health';
import { OtlpHttpTransport } from '../../src/telemetry/exporters/otlp-http-transport';
import { startOtlpReceiver, type OtlpReceiver } from '../support/otlp-receiver';

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(() => receiver.close());
beforeEach(() => {
  receiver.recover();
  receiver.reset();
});

/** An empty OTLP/JSON trace export request: the receiver takes it (200) unless told to fail. */
const BODY = new TextEncoder().encode('{}');
const transport = (url = receiver.tracesUrl) => new OtlpHttpTransport(url, { 'content-type': 'application/json' }, false);

/** Polls `condition` (a state change with no event to wait on). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

async function closedPortUrl(): Promise<string> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return `http://127.0.0.1:${port}/v1/traces`;
}

describe('OTLP transport under faults', () => {
  it("retries a 429 after the server's Retry-After and succeeds once the collector takes it", async () => {
    receiver.fail({ mode: 'status', status: 429, retryAfterSeconds: 0, times: 2 });
    expect(await transport().send(BODY, 5000)).toMatchObject({ status: 'success' });
    expect(receiver.requests.map((r) => r.status)).toEqual([429, 429, 200]);
  });

  it('gives up at once when Retry-After would end past the export timeout (no waiting for nothing)', async () => {
    receiver.fail({ mode: 'status', status: 429, retryAfterSeconds: 30 });
    const result = await transport().send(BODY, 2000);
    expect(result).toMatchObject({ status: 'failure', error: { message: 'HTTP 429' } });
    expect(receiver.requests).toHaveLength(1);
  });

  it('does not retry a 500: the export fails for good (export_failed)', async () => {
    receiver.fail({ mode: 'status', status: 500 });
    const result = await transport().send(BODY, 5000);
    expect(result.status).toBe('failure');
    expect((result as { error: Error }).error).not.toBeInstanceOf(ExportTimeoutError);
    expect(receiver.requests).toHaveLength(1);
  });

  it('takes its time with a slow collector and succeeds', async () => {
    receiver.fail({ mode: 'slow', delayMs: 200 });
    expect(await transport().send(BODY, 5000)).toMatchObject({ status: 'success' });
    expect(receiver.requests.map((r) => r.status)).toEqual([200]);
  });

  it('a collector that hangs: the attempt times out and the failure is a timeout', async () => {
    receiver.fail({ mode: 'hang' });
    const result = await transport().send(BODY, 300);
    expect(result.status).toBe('failure');
    expect((result as { error: Error }).error).toBeInstanceOf(ExportTimeoutError);
  });

  it('a refused connection is retryable, but not past the export timeout: it fails with the connection error', async () => {
    const result = await transport(await closedPortUrl()).send(BODY, 300);
    expect(result).toMatchObject({ status: 'failure', error: { code: 'ECONNREFUSED' } });
  });

  it('abandon() ends a send in flight (hanging or waiting to retry) at once, as a timeout naming the last error', async () => {
    receiver.fail({ mode: 'hang' });
    const hanging = transport();
    const inFlight = hanging.send(BODY, 60_000);
    await until(() => receiver.requests.length > 0);
    hanging.abandon('the shutdown budget ran out');
    const result = await inFlight;
    expect((result as { error: Error }).error).toBeInstanceOf(ExportTimeoutError);
    expect((result as { error: Error }).error.message).toBe('the shutdown budget ran out');

    receiver.reset();
    receiver.fail({ mode: 'status', status: 503, retryAfterSeconds: 30 });
    const waiting = transport();
    const retrying = waiting.send(BODY, 60_000); // answered 503, then waiting 30 s to retry
    await until(() => receiver.requests.some((r) => r.status === 503));
    waiting.abandon('the shutdown budget ran out');
    const after = (await retrying) as { status: string; error: Error };
    expect(after.status).toBe('failure');
    expect(after.error).toBeInstanceOf(ExportTimeoutError);
    expect(after.error.message).toBe('the shutdown budget ran out (last attempt: HTTP 503)');
    // A send started after abandon() is not affected.
    receiver.recover();
    expect(await hanging.send(BODY, 5000)).toMatchObject({ status: 'success' });
  });

  it('a final abandon() also fails every later send at once, without a request (at shutdown, the SDKs drain their queues)', async () => {
    const closing = transport();
    closing.abandon('the shutdown budget ran out', true);
    const later = (await closing.send(BODY, 60_000)) as { status: string; error: Error };
    expect(later.status).toBe('failure');
    expect(later.error).toBeInstanceOf(ExportTimeoutError);
    expect(later.error.message).toBe('the shutdown budget ran out');
    expect(receiver.requests).toEqual([]);
  });
});
