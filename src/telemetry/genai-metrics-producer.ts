/**
 * The GenAI metrics aggregated by us and handed to our metric reader as a `MetricProducer`, when
 * agentsight makes the meter provider (OTLP on, no provider of the application's own).
 *
 * Why not the SDK's instruments: each `record()` of theirs looks up the active context, sorts and
 * hashes the attributes into a key and finds the series, four or five times per LLM call. A call
 * knows its series once: its identity (operation, provider, models, server, error type) gives one
 * key, and each measure then adds to plain numbers. What reaches the backend is the same: the
 * semconv histograms with their bucket boundaries and the cost counter, with the temporality that
 * `OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE` asks for (histograms and counters are
 * cumulative, or delta under `delta` and `lowmemory`).
 */
import { type Attributes, type HrTime, ValueType } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import { hrTime } from '@opentelemetry/core';
import {
  AggregationTemporality,
  type CollectionResult,
  DataPointType,
  type MetricData,
  type MetricProducer,
} from '@opentelemetry/sdk-metrics';
import { picoToUsd } from '../accounting/money';
import { reportedModel } from '../accounting/span-attributes';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_TOKEN_TYPE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  DURATION_BUCKETS,
  GEN_AI_TOKEN_TYPE,
  TOKEN_USAGE_BUCKETS,
  TRACER_NAME,
} from '../semconv';
import type { TemporalityPreference } from '../settings/table';
import { VERSION } from '../version';
import { type CallMeasures, GEN_AI_INSTRUMENTS, type GenAiMetrics } from './genai-metrics';

/** The most series per metric, as the SDK's default cardinality limit; past it, one overflow series. */
const MAX_SERIES = 2000;
const OVERFLOW: Attributes = { 'otel.metric.overflow': true };

/** An explicit-bucket histogram of one series. */
class HistogramSeries {
  counts: number[];
  count = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;

  constructor(
    readonly attributes: Attributes,
    private readonly boundaries: readonly number[],
    public startTime: HrTime,
  ) {
    this.counts = new Array<number>(boundaries.length + 1).fill(0);
  }

  add(value: number): void {
    const boundaries = this.boundaries;
    let i = 0;
    while (i < boundaries.length && value > boundaries[i]!) i++;
    this.counts[i]!++;
    this.count++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  reset(startTime: HrTime): void {
    this.counts.fill(0);
    this.count = 0;
    this.sum = 0;
    this.min = Number.POSITIVE_INFINITY;
    this.max = Number.NEGATIVE_INFINITY;
    this.startTime = startTime;
  }
}

class SumSeries {
  value = 0;
  constructor(
    readonly attributes: Attributes,
    public startTime: HrTime,
  ) {}
}

/** Series by key, bounded; `make` builds a new one from its attributes. */
class SeriesMap<S> {
  readonly series = new Map<string, S>();
  private overflow: S | undefined;

  constructor(private readonly make: (attributes: Attributes) => S) {}

  get(key: string, attributes: () => Attributes): S {
    let series = this.series.get(key);
    if (series) return series;
    if (this.series.size >= MAX_SERIES) {
      this.overflow ??= this.make(OVERFLOW);
      return this.overflow;
    }
    series = this.make(attributes());
    this.series.set(key, series);
    return series;
  }

  all(): S[] {
    return this.overflow ? [...this.series.values(), this.overflow] : [...this.series.values()];
  }
}

/** The series of one call identity: its duration, time to first chunk and token histograms. */
interface CallSeries {
  duration: HistogramSeries;
  firstChunk: HistogramSeries;
  inputTokens: HistogramSeries;
  outputTokens: HistogramSeries;
}

const IDENTITY_KEYS = [
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
] as const;

export class GenAiMetricsProducer implements GenAiMetrics, MetricProducer {
  private readonly delta: boolean;
  private readonly calls: SeriesMap<CallSeries>;
  private readonly cost: SeriesMap<SumSeries>;

  constructor(
    temporality: TemporalityPreference,
    private readonly resource: Resource,
  ) {
    this.delta = temporality !== 'cumulative';
    this.calls = new SeriesMap((attributes) => {
      const now = hrTime();
      return {
        duration: new HistogramSeries(attributes, DURATION_BUCKETS, now),
        firstChunk: new HistogramSeries(attributes, DURATION_BUCKETS, now),
        inputTokens: new HistogramSeries({ ...attributes, [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE.INPUT }, TOKEN_USAGE_BUCKETS, now),
        outputTokens: new HistogramSeries({ ...attributes, [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE.OUTPUT }, TOKEN_USAGE_BUCKETS, now),
      };
    });
    this.cost = new SeriesMap((attributes) => new SumSeries(attributes, hrTime()));
  }

  recordCall(call: CallMeasures): void {
    const identity = call.identity;
    let key = call.errorType ?? '';
    for (const name of IDENTITY_KEYS) key += `\u0000${identity[name] ?? ''}`;
    const series = this.calls.get(key, () => {
      const attributes: Attributes = {};
      for (const name of IDENTITY_KEYS) if (identity[name] !== undefined) attributes[name] = identity[name];
      if (call.errorType !== undefined) attributes[ATTR_ERROR_TYPE] = call.errorType;
      return attributes;
    });
    series.duration.add(call.durationSeconds);
    if (call.firstChunkSeconds !== undefined) series.firstChunk.add(call.firstChunkSeconds);
    if (call.usage) {
      series.inputTokens.add(call.usage.input);
      if (call.hasOutputTokens) series.outputTokens.add(call.usage.output);
    }
    if (call.cost) {
      // Spend by provider and the model that was priced (low cardinality: no server, no error type).
      const provider = identity[ATTR_GEN_AI_PROVIDER_NAME];
      const model = reportedModel(identity);
      const costSeries = this.cost.get(`${provider}\u0000${model ?? ''}`, () =>
        model === undefined
          ? { [ATTR_GEN_AI_PROVIDER_NAME]: provider }
          : { [ATTR_GEN_AI_PROVIDER_NAME]: provider, [ATTR_GEN_AI_REQUEST_MODEL]: model },
      );
      costSeries.value += picoToUsd(call.cost.totalPico);
    }
  }

  async collect(): Promise<CollectionResult> {
    const endTime = hrTime();
    const temporality = this.delta ? AggregationTemporality.DELTA : AggregationTemporality.CUMULATIVE;
    const calls = this.calls.all();
    const histogram = (instrument: 'tokenUsage' | 'operationDuration' | 'timeToFirstChunk', series: HistogramSeries[]): MetricData => {
      const { name, description, unit, boundaries } = GEN_AI_INSTRUMENTS[instrument];
      return {
        descriptor: { name, description, unit, valueType: ValueType.DOUBLE },
        aggregationTemporality: temporality,
        dataPointType: DataPointType.HISTOGRAM,
        dataPoints: series
          .filter((s) => s.count > 0)
          .map((s) => ({
            attributes: s.attributes,
            startTime: s.startTime,
            endTime,
            value: {
              buckets: { boundaries: [...boundaries], counts: [...s.counts] },
              count: s.count,
              sum: s.sum,
              min: s.min,
              max: s.max,
            },
          })),
      };
    };
    const cost = this.cost.all();
    const { name, description, unit } = GEN_AI_INSTRUMENTS.cost;
    const metrics: MetricData[] = [
      histogram(
        'operationDuration',
        calls.map((c) => c.duration),
      ),
      histogram(
        'timeToFirstChunk',
        calls.map((c) => c.firstChunk),
      ),
      histogram(
        'tokenUsage',
        calls.flatMap((c) => [c.inputTokens, c.outputTokens]),
      ),
      {
        descriptor: { name, description, unit, valueType: ValueType.DOUBLE },
        aggregationTemporality: temporality,
        dataPointType: DataPointType.SUM as const,
        isMonotonic: true,
        // Under delta, a series that spent nothing since the last export says nothing.
        dataPoints: cost
          .filter((s) => !this.delta || s.value > 0)
          .map((s) => ({ attributes: s.attributes, startTime: s.startTime, endTime, value: s.value })),
      },
    ].filter((m) => m.dataPoints.length > 0);
    if (this.delta) {
      // Each export carries what happened since the last one.
      for (const c of calls) for (const s of [c.duration, c.firstChunk, c.inputTokens, c.outputTokens]) s.reset(endTime);
      for (const s of cost) {
        s.value = 0;
        s.startTime = endTime;
      }
    }
    return {
      resourceMetrics: { resource: this.resource, scopeMetrics: [{ scope: { name: TRACER_NAME, version: VERSION }, metrics }] },
      errors: [],
    };
  }
}
