/**
 * The GenAI metrics we aggregate ourselves: the same histograms (buckets, sum, count, min, max) and
 * cost counter as the SDK's instruments would give, cumulative or delta as configured, and a
 * bounded number of series.
 */
import { hrTimeToNanoseconds } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, DataPointType, type HistogramMetricData, type SumMetricData } from '@opentelemetry/sdk-metrics';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_TOKEN_TYPE,
  DURATION_BUCKETS,
  METRIC_AGENTSIGHT_COST_USD,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
} from '../../src/semconv';
import type { CallMeasures } from '../../src/telemetry/genai-metrics';
import { GenAiMetricsProducer } from '../../src/telemetry/genai-metrics-producer';

const identity = {
  [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
  [ATTR_GEN_AI_PROVIDER_NAME]: 'openai',
  [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini',
};

function call(overrides: Partial<CallMeasures> = {}): CallMeasures {
  return {
    identity,
    errorType: undefined,
    durationSeconds: 0.03,
    firstChunkSeconds: undefined,
    usage: { input: 100, output: 20, cacheRead: 0, cacheCreation: 0, reasoning: 0 },
    hasOutputTokens: true,
    cost: { inputPico: 1n, outputPico: 2n, cacheReadPico: 0n, cacheWritePico: 0n, totalPico: 3_000_000n },
    ...overrides,
  };
}

async function metricsOf(producer: GenAiMetricsProducer) {
  const { resourceMetrics } = await producer.collect();
  const metrics = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
  return (name: string) => metrics.find((m) => m.descriptor.name === name);
}

const resource = resourceFromAttributes({ 'service.name': 'test' });

describe('the GenAI metrics producer', () => {
  it('aggregates calls into the semconv histograms and the cost counter, one series per identity and error type', async () => {
    const producer = new GenAiMetricsProducer('cumulative', resource);
    producer.recordCall(call({ durationSeconds: 0.03 }));
    producer.recordCall(call({ durationSeconds: 0.5 }));
    producer.recordCall(call({ durationSeconds: 2, errorType: 'RateLimitError', usage: undefined, cost: undefined }));
    const metric = await metricsOf(producer);
    const duration = metric(METRIC_GEN_AI_CLIENT_OPERATION_DURATION) as HistogramMetricData;
    expect(duration.dataPointType).toBe(DataPointType.HISTOGRAM);
    expect(duration.aggregationTemporality).toBe(AggregationTemporality.CUMULATIVE);
    expect(duration.dataPoints).toHaveLength(2);
    const ok = duration.dataPoints.find((p) => p.attributes[ATTR_ERROR_TYPE] === undefined)!;
    expect(ok.attributes).toEqual(identity);
    expect(ok.value).toMatchObject({ count: 2, sum: 0.53, min: 0.03, max: 0.5 });
    expect(ok.value.buckets.boundaries).toEqual(DURATION_BUCKETS);
    // 0.03 falls in (0.02, 0.04], 0.5 in (0.32, 0.64] (upper bounds inclusive).
    expect(ok.value.buckets.counts[DURATION_BUCKETS.indexOf(0.04)]).toBe(1);
    expect(ok.value.buckets.counts[DURATION_BUCKETS.indexOf(0.64)]).toBe(1);
    expect(ok.value.buckets.counts.reduce((a, b) => a + b, 0)).toBe(2);
    const failed = duration.dataPoints.find((p) => p.attributes[ATTR_ERROR_TYPE] === 'RateLimitError')!;
    expect(failed.value.count).toBe(1);
    const tokens = metric(METRIC_GEN_AI_CLIENT_TOKEN_USAGE) as HistogramMetricData;
    expect(tokens.dataPoints.map((p) => [p.attributes[ATTR_GEN_AI_TOKEN_TYPE], p.value.sum]).sort()).toEqual([
      ['input', 200],
      ['output', 40],
    ]);
    const cost = metric(METRIC_AGENTSIGHT_COST_USD) as SumMetricData;
    expect(cost.isMonotonic).toBe(true);
    expect(cost.dataPoints).toEqual([
      expect.objectContaining({
        attributes: { [ATTR_GEN_AI_PROVIDER_NAME]: 'openai', [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini' },
        value: 0.000006,
      }),
    ]);
    // Cumulative: a second collection still has everything.
    expect(((await metricsOf(producer))(METRIC_GEN_AI_CLIENT_OPERATION_DURATION) as HistogramMetricData).dataPoints).toHaveLength(2);
  });

  it('under delta, exports what happened since the last collection, and nothing for a quiet series', async () => {
    const producer = new GenAiMetricsProducer('delta', resource);
    producer.recordCall(call());
    const first = (await metricsOf(producer))(METRIC_GEN_AI_CLIENT_OPERATION_DURATION) as HistogramMetricData;
    expect(first.aggregationTemporality).toBe(AggregationTemporality.DELTA);
    expect(first.dataPoints[0]!.value.count).toBe(1);
    expect((await metricsOf(producer))(METRIC_GEN_AI_CLIENT_OPERATION_DURATION)).toBeUndefined();
    producer.recordCall(call());
    producer.recordCall(call());
    const third = (await metricsOf(producer))(METRIC_GEN_AI_CLIENT_OPERATION_DURATION) as HistogramMetricData;
    expect(third.dataPoints[0]!.value.count).toBe(2);
    // Its window starts at the previous (quiet) collection, after the first one ended.
    expect(hrTimeToNanoseconds(third.dataPoints[0]!.startTime)).toBeGreaterThan(hrTimeToNanoseconds(first.dataPoints[0]!.endTime));
  });

  it('keeps at most 2000 series per metric; the rest go to one overflow series', async () => {
    const producer = new GenAiMetricsProducer('cumulative', resource);
    for (let i = 0; i < 2005; i++)
      producer.recordCall(call({ identity: { ...identity, [ATTR_GEN_AI_REQUEST_MODEL]: `m${i}` }, cost: undefined }));
    const duration = (await metricsOf(producer))(METRIC_GEN_AI_CLIENT_OPERATION_DURATION) as HistogramMetricData;
    expect(duration.dataPoints).toHaveLength(2001);
    expect(duration.dataPoints.find((p) => p.attributes['otel.metric.overflow'] === true)!.value.count).toBe(5);
  });
});
