/**
 * The GenAI client metrics (semconv names, units and bucket boundaries) and our cost counter.
 * Instruments are created once per meter; recording is a few map lookups.
 */
import type { Counter, Histogram, Meter } from '@opentelemetry/api';
import {
  DURATION_BUCKETS,
  METRIC_AGENTSIGHT_COST_USD,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
  TOKEN_USAGE_BUCKETS,
  UNIT_SECONDS,
  UNIT_TOKEN,
  UNIT_USD,
} from '../semconv';

export interface GenAiMetrics {
  tokenUsage: Histogram;
  operationDuration: Histogram;
  timeToFirstChunk: Histogram;
  cost: Counter;
}

export function createGenAiMetrics(meter: Meter): GenAiMetrics {
  return {
    tokenUsage: meter.createHistogram(METRIC_GEN_AI_CLIENT_TOKEN_USAGE, {
      description: 'Number of input and output tokens used.',
      unit: UNIT_TOKEN,
      advice: { explicitBucketBoundaries: TOKEN_USAGE_BUCKETS },
    }),
    operationDuration: meter.createHistogram(METRIC_GEN_AI_CLIENT_OPERATION_DURATION, {
      description: 'GenAI operation duration.',
      unit: UNIT_SECONDS,
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    }),
    timeToFirstChunk: meter.createHistogram(METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK, {
      description: 'Time to receive the first chunk of a streamed response.',
      unit: UNIT_SECONDS,
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    }),
    cost: meter.createCounter(METRIC_AGENTSIGHT_COST_USD, {
      description: 'Spend on LLM calls, priced by the client from the usage the provider returned.',
      unit: UNIT_USD,
    }),
  };
}
