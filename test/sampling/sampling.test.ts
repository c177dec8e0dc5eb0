/**
 * Sampling of whole sessions, in one process with the local store: thousands of sessions kept at
 * the configured rate (within a statistical bound) and each kept one whole, with its logs; none of
 * a dropped one anywhere; failed sessions rescued with AGENTSIGHT_KEEP_FAILED_SESSIONS; the hold
 * buffer within its budget; the outcome of every session counted on the meter.
 */
import { metrics, propagation, ROOT_CONTEXT, context, trace, TraceFlags } from '@opentelemetry/api';
import { MeterProvider, MetricReader, type DataPoint, type Histogram } from '@opentelemetry/sdk-metrics';
import { currentClient } from '../../src/client';
import type { AgentsightOptions } from '../../src/config';
import OpenAI from 'openai-7';
import { BudgetExceededError, instrumentOpenAI, recordError, startSession, withAgent, withSession, withTool } from '../../src/index';
import { startMockLlmServer } from '../support/mock-llm-server';
import {
  ATTR_AGENTSIGHT_SAMPLING_DROP_REASON,
  ATTR_AGENTSIGHT_SAMPLING_OUTCOME,
  ATTR_AGENTSIGHT_SAMPLING_RESCUED,
  ATTR_AGENTSIGHT_SPAN_KIND,
  METRIC_AGENTSIGHT_SAMPLING_SESSIONS,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
  SPAN_KIND,
} from '../../src/semconv';
import type { SessionData } from '../../src/store/reader';
import { startInProcess, type InProcess } from '../support/in-process';
import { useMemoryConsole, type MemoryConsole } from '../logs/support';

class TestReader extends MetricReader {
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

let agentsight: InProcess;
let memory: MemoryConsole;
let reader: TestReader;

/** agentsight with a meter provider of the app's (no OTLP here): the outcome counter lands in `reader`. */
function start(options: AgentsightOptions): void {
  reader = new TestReader();
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
  memory = useMemoryConsole();
  agentsight = startInProcess({ autoSession: false, ...options });
}

afterEach(async () => {
  await agentsight.stop();
  memory.restore();
  metrics.disable();
});

/** Sessions counted by outcome (and drop reason): `{ kept: 3, 'dropped/sampled_out': 7 }`. */
async function outcomes(): Promise<Record<string, number>> {
  const { resourceMetrics } = await reader.collect();
  const counts: Record<string, number> = {};
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      if (metric.descriptor.name !== METRIC_AGENTSIGHT_SAMPLING_SESSIONS) continue;
      for (const point of metric.dataPoints as DataPoint<number | Histogram>[]) {
        const reason = point.attributes[ATTR_AGENTSIGHT_SAMPLING_DROP_REASON];
        counts[`${point.attributes[ATTR_AGENTSIGHT_SAMPLING_OUTCOME]}${reason ? `/${reason}` : ''}`] = point.value as number;
      }
    }
  }
  return counts;
}

const root = (s: SessionData) => s.spans.find((x) => x.attributes[ATTR_AGENTSIGHT_SPAN_KIND] === SPAN_KIND.SESSION && !x.parentSpanId);

/** Each kept session has its three spans, its log line and its end record. */
function expectWhole(session: SessionData, logs: string[]): void {
  expect(session.spans.map((s) => s.name).sort()).toEqual(['execute_tool lookup', 'invoke_agent worker', `session ${session.start!.name}`]);
  expect(session.logs.map((l) => l.body)).toEqual(logs);
  expect(session.end).toBeDefined();
  for (const span of session.spans) expect(span.traceId).toBe(session.id);
}

describe('session sampling', () => {
  it('keeps whole sessions at the sample rate (5,000 sessions at 0.3, within 4 standard deviations), nothing of the others', async () => {
    start({ sampleRate: 0.3 });
    const n = 5_000;
    const ids: string[] = [];
    for (let batch = 0; batch < n / 100; batch++) {
      await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          withSession({ name: `s${batch * 100 + i}` }, async (session) => {
            ids.push(session.id);
            await withAgent('worker', () => withTool({ name: 'lookup', args: { i } }, async () => console.log(`line of ${session.id}`)));
          }),
        ),
      );
    }
    await agentsight.stop();
    const stored = agentsight.sessions();
    const p = 0.3;
    const sd = Math.sqrt((p * (1 - p)) / n);
    expect(Math.abs(stored.length / n - p)).toBeLessThanOrEqual(4 * sd);
    const all = new Set(ids);
    for (const session of stored) {
      expect(all.has(session.id)).toBe(true);
      expectWhole(session, [`line of ${session.id}`]);
    }
    // Each session was decided once, as a whole: counted once, kept or dropped.
    expect(await outcomes()).toEqual({ kept: stored.length, 'dropped/sampled_out': n - stored.length });
  });

  it('records nothing at all of a sampled-out session, logs included', async () => {
    start({ sampleRate: 0 });
    await withSession({ name: 'dropped' }, () =>
      withAgent('worker', () =>
        withTool({ name: 'lookup', args: { q: 1 } }, () => {
          console.log('not recorded');
          expect(trace.getActiveSpan()?.isRecording()).toBe(false);
        }),
      ),
    );
    await agentsight.stop();
    expect(agentsight.sessions()).toEqual([]);
    expect(memory.stdout.join('')).toBe('not recorded\n');
    expect(await outcomes()).toEqual({ 'dropped/sampled_out': 1 });
  });

  it('still counts a sampled-out session against its budget, and its calls in the metrics', async () => {
    const mock = await startMockLlmServer();
    try {
      start({ sampleRate: 0, budgetMode: 'enforce' });
      instrumentOpenAI(OpenAI);
      const client = new OpenAI({ apiKey: 'sk-test', baseURL: mock.openaiBaseURL, maxRetries: 0 });
      const ask = () => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
      let refused: unknown;
      await withSession({ name: 'budgeted', budgetUsd: 1e-9 }, async (session) => {
        await ask();
        expect(session.costUsd).toBeGreaterThan(0);
        refused = await ask().catch((err: unknown) => err);
      });
      expect(refused).toBeInstanceOf(BudgetExceededError);
      expect(mock.requests).toHaveLength(1);
      const { resourceMetrics } = await reader.collect();
      const names = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics.map((m) => m.descriptor.name));
      expect(names).toContain(METRIC_GEN_AI_CLIENT_TOKEN_USAGE);
      await agentsight.stop();
      expect(agentsight.sessions()).toEqual([]);
    } finally {
      await mock.close();
    }
  });

  it('follows the sampled flag of a remote parent (W3C traceparent), whatever the rate', async () => {
    start({ sampleRate: 0 });
    const seen: Record<string, { sampled: boolean; recording: boolean; traceId: string | undefined }> = {};
    for (const flags of ['01', '00']) {
      const parent = propagation.extract(ROOT_CONTEXT, { traceparent: `00-${'ab'.repeat(16)}-${'cd'.repeat(8)}-${flags}` });
      await context.with(parent, () =>
        withTool('remote-child', () => {
          const span = trace.getActiveSpan()!;
          seen[flags] = {
            sampled: (span.spanContext().traceFlags & TraceFlags.SAMPLED) !== 0,
            recording: span.isRecording(),
            traceId: span.spanContext().traceId,
          };
        }),
      );
    }
    expect(seen['01']).toEqual({ sampled: true, recording: true, traceId: 'ab'.repeat(16) });
    expect(seen['00']).toEqual({ sampled: false, recording: false, traceId: 'ab'.repeat(16) });
  });

  it('rescues the sampled-out sessions that fail or record an error, whole and with their logs, and drops the others', async () => {
    start({ sampleRate: 0, keepFailedSessions: true });
    const outcome = new Map<string, 'fail' | 'error' | 'ok'>();
    await Promise.all(
      Array.from({ length: 60 }, (_, i) => {
        const kind = i % 6 === 0 ? 'fail' : i % 6 === 1 ? 'error' : 'ok';
        return withSession({ name: `r${i}` }, async (session) => {
          outcome.set(session.id, kind);
          await withAgent('worker', () =>
            withTool({ name: 'lookup', args: { i } }, async () => {
              console.warn(`working on ${i}`);
              if (kind === 'error') recordError(new Error(`recorded ${i}`));
              if (kind === 'fail') throw new Error(`failed ${i}`);
            }),
          );
        }).catch(() => undefined);
      }),
    );
    await agentsight.stop();
    const stored = agentsight.sessions();
    expect(stored.map((s) => outcome.get(s.id)).sort()).toEqual([...Array(10).fill('error'), ...Array(10).fill('fail')]);
    for (const session of stored) {
      const i = Number(session.start!.name.slice(1));
      // recordError makes a span of its own inside the tool.
      const names = session.spans.map((s) => s.name).filter((n) => !n.startsWith('error '));
      expect(names.sort()).toEqual(['execute_tool lookup', 'invoke_agent worker', `session r${i}`]);
      expect(session.logs.map((l) => [l.body, l.severityText])).toEqual([[`working on ${i}`, 'WARN']]);
      expect(session.end?.state).toBe(outcome.get(session.id) === 'fail' ? 'fail' : 'success');
      expect(root(session)!.attributes[ATTR_AGENTSIGHT_SAMPLING_RESCUED]).toBe(true);
    }
    expect(await outcomes()).toEqual({ rescued: 20, 'dropped/sampled_out': 40 });
    expect(currentClient()?.telemetry?.sampling.heldCount ?? 0).toBe(0);
  });

  it('holds sessions within its byte budget, dropping the oldest held session when it is full', async () => {
    const budget = 65_536;
    start({ sampleRate: 0, keepFailedSessions: true, keepFailedBufferBytes: budget });
    const sampling = currentClient()!.telemetry!.sampling;
    const sessions = Array.from({ length: 30 }, (_, i) => startSession({ name: `b${i}` }));
    // Each session holds about 10 KB: 10 spans with a 1,000-character attribute, and their logs.
    let peak = 0;
    for (let step = 0; step < 10; step++) {
      for (const session of sessions) {
        session.run(() =>
          withTool({ name: 'lookup', attributes: { payload: 'p'.repeat(1_000) } }, () => console.log(`${session.name} step ${step}`)),
        );
        peak = Math.max(peak, sampling.heldBytes);
      }
    }
    expect(peak).toBeLessThanOrEqual(budget);
    expect(sampling.heldBytes).toBeGreaterThan(budget / 2);
    // All fail: only those still held can be rescued; the oldest were dropped to make room.
    for (const session of sessions) session.end({ state: 'fail', reason: 'test' });
    await agentsight.stop();
    const stored = agentsight.sessions();
    const counts = await outcomes();
    expect(counts['dropped/buffer_full']).toBeGreaterThan(0);
    expect(counts.rescued).toBe(stored.length);
    expect(counts.rescued! + counts['dropped/buffer_full']!).toBe(30);
    // The newest sessions survive, and each rescued one is whole.
    const kept = stored.map((s) => Number(s.start!.name.slice(1))).sort((a, b) => a - b);
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, i) => 30 - kept.length + i));
    for (const session of stored) {
      expect(session.spans).toHaveLength(11);
      expect(session.logs).toHaveLength(10);
    }
  });
});
