/**
 * The metrics of one finished LLM call: `gen_ai.client.operation.duration`, time to first chunk,
 * `gen_ai.client.token.usage` (input and output) and our `agentsight.cost.usd` counter. The GenAI
 * metric attributes are built once per call, from the call's identity and its `error.type`.
 */
import type { Attributes } from '@opentelemetry/api';
import { picoToUsd, type CallCost } from '../../src/accounting/money';
import { reportedModel } from '../../src/accounting/span-attributes';
import type { Usage } from '../../src/accounting/usage';
import { put } from '../../src/json-values';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_TOKEN_TYPE,
  GEN_AI_TOKEN_TYPE,
} from '../../src/semconv';
import type { GenAiMetrics } from '../../src/telemetry/genai-metrics';

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

export function recordCallMetrics(metrics: GenAiMetrics, call: CallMeasures): void {
  const attributes: Attributes = { ...call.identity };
  put(attributes, ATTR_ERROR_TYPE, call.errorType);
  metrics.operationDuration.record(call.durationSeconds, attributes);
  if (call.firstChunkSeconds !== undefined) metrics.timeToFirstChunk.record(call.firstChunkSeconds, attributes);
  if (call.usage) {
    metrics.tokenUsage.record(call.usage.input, { ...attributes, [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE.INPUT });
    if (call.hasOutputTokens) {
      metrics.tokenUsage.record(call.usage.output, { ...attributes, [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE.OUTPUT });
    }
  }
  if (call.cost) {
    // Spend by provider and the model that was priced (low cardinality: no server, no error type).
    const costAttributes: Attributes = { [ATTR_GEN_AI_PROVIDER_NAME]: call.identity[ATTR_GEN_AI_PROVIDER_NAME] };
    put(costAttributes, ATTR_GEN_AI_REQUEST_MODEL, reportedModel(call.identity));
    metrics.cost.add(picoToUsd(call.cost.totalPico), costAttributes);
  }
}
