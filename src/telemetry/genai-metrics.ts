/**
 * The GenAI client metrics of LLM calls (semconv names, units and bucket boundaries) and our cost
 * counter: what one finished call measures, and the two ways to record it. With a meter provider
 * of our own (OTLP on) the calls are aggregated by `GenAiMetricsProducer`; otherwise (the
 * application's own meter provider, or none) through the meter's instruments.
 */
import type { Attributes, Meter } from '@opentelemetry/api';
import { picoToUsd, type CallCost } from '../accounting/money';
import { reportedModel } from '../accounting/span-attributes';
import type { Usage } from '../accounting/usage';
import { put } from '../json-values';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_TOKEN_TYPE,
  DURATION_BUCKETS,
  GEN_AI_TOKEN_TYPE,
  METRIC_AGENTSIGHT_COST_USD,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
  TOKEN_USAGE_BUCKETS,
  UNIT_SECONDS,
  UNIT_TOKEN,
  UNIT_USD,
} from '../semconv';

/** What the metrics of a finished call are made of. */
export interface CallMeasures {
  /** The call's identity: operation, provider, request and response model, server address and port. */
  identity: Attributes;
  /** `error.type` of a failed call. */
  errorType: string | undefined;
  durationSeconds: number;
  /** For streams: when the first chunk arrived. */
  firstChunkSeconds: number | undefined;
  usage: Usage | undefined;
  /** `false` for operations that produce no output tokens (embeddings). */
  hasOutputTokens: boolean;
  /** `undefined` when the call reported no usage or its model has no price. */
  cost: CallCost | undefined;
}

/** Records the metrics of finished LLM calls. */
export interface GenAiMetrics {
  recordCall(call: CallMeasures): void;
}

/** The instruments: name, description, unit and (histograms) bucket boundaries, spelled once. */
export const GEN_AI_INSTRUMENTS = {
  tokenUsage: {
    name: METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
    description: 'Number of input and output tokens used.',
    unit: UNIT_TOKEN,
    boundaries: TOKEN_USAGE_BUCKETS,
  },
  operationDuration: {
    name: METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
    description: 'GenAI operation duration.',
    unit: UNIT_SECONDS,
    boundaries: DURATION_BUCKETS,
  },
  timeToFirstChunk: {
    name: METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK,
    description: 'Time to receive the first chunk of a streamed response.',
    unit: UNIT_SECONDS,
    boundaries: DURATION_BUCKETS,
  },
  cost: {
    name: METRIC_AGENTSIGHT_COST_USD,
    description: 'Spend on LLM calls, priced by the client from the usage the provider returned.',
    unit: UNIT_USD,
  },
} as const;

/** The metrics through a meter's instruments (created once per meter). */
export function meterGenAiMetrics(meter: Meter): GenAiMetrics {
  const histogram = (key: 'tokenUsage' | 'operationDuration' | 'timeToFirstChunk') => {
    const { name, description, unit, boundaries } = GEN_AI_INSTRUMENTS[key];
    return meter.createHistogram(name, { description, unit, advice: { explicitBucketBoundaries: [...boundaries] } });
  };
  const tokenUsage = histogram('tokenUsage');
  const operationDuration = histogram('operationDuration');
  const timeToFirstChunk = histogram('timeToFirstChunk');
  const { name, description, unit } = GEN_AI_INSTRUMENTS.cost;
  const cost = meter.createCounter(name, { description, unit });
  return {
    recordCall(call) {
      const attributes: Attributes = { ...call.identity };
      put(attributes, ATTR_ERROR_TYPE, call.errorType);
      operationDuration.record(call.durationSeconds, attributes);
      if (call.firstChunkSeconds !== undefined) timeToFirstChunk.record(call.firstChunkSeconds, attributes);
      if (call.usage) {
        tokenUsage.record(call.usage.input, { ...attributes, [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE.INPUT });
        if (call.hasOutputTokens)
          tokenUsage.record(call.usage.output, { ...attributes, [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE.OUTPUT });
      }
      if (call.cost) {
        // Spend by provider and the model that was priced (low cardinality: no server, no error type).
        const costAttributes: Attributes = { [ATTR_GEN_AI_PROVIDER_NAME]: call.identity[ATTR_GEN_AI_PROVIDER_NAME] };
        put(costAttributes, ATTR_GEN_AI_REQUEST_MODEL, reportedModel(call.identity));
        cost.add(picoToUsd(call.cost.totalPico), costAttributes);
      }
    },
  };
}
