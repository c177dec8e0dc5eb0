/**
 * The provider-neutral LLM call recorder. A provider maps its SDK's request, response and stream
 * chunks onto `LlmRequest` / `LlmResponse`; this module turns them into one CLIENT span in the
 * session (the GenAI span model), metrics, cost, roll-ups and budget accounting. It imports no
 * provider SDK type.
 *
 * A call ends exactly once: `succeed`, `fail` and `stop` all funnel into one `finish` guarded by a
 * flag, so whichever path gets there first (result, error, end of stream, `break`, abort signal,
 * process exit) wins and the others do nothing.
 */
import { context, trace, SpanKind, type Attributes, type Context, type Span } from '@opentelemetry/api';
import { capString } from '../../src/content/capped-json';
import { picoToUsd, type CallCost } from '../../src/accounting/money';
import type { Usage } from '../../src/accounting/usage';
import { scopeFrom, sessionFrom } from '../../src/context/keys';
import { getLogger } from '../../src/diag';
import { recordSpanError } from '../../src/events/error-recording';
import { currentRuntime, type Runtime } from '../../src/runtime';
import {
  ATTR_AGENTSIGHT_COST_CACHE_READ_USD,
  ATTR_AGENTSIGHT_COST_CACHE_WRITE_USD,
  ATTR_AGENTSIGHT_COST_INPUT_USD,
  ATTR_AGENTSIGHT_COST_OUTPUT_USD,
  ATTR_AGENTSIGHT_COST_UNKNOWN_MODEL,
  ATTR_AGENTSIGHT_COST_USD,
  ATTR_AGENTSIGHT_ENDED_BY,
  ATTR_AGENTSIGHT_SPAN_KIND,
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOKEN_TYPE,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ENDED_BY,
  GEN_AI_OPERATION,
  GEN_AI_TOKEN_TYPE,
  NON_GENERATING_OPERATIONS,
  SPAN_KIND,
  llmSpanName,
} from '../../src/semconv';
import type { BudgetReservation } from '../../src/session/budget';
import type { RollupScope } from '../../src/session/rollup-scope';
import type { Session } from '../../src/session/session';
import { trackOpenSpan, untrackOpenSpan, type OpenSpan } from '../../src/telemetry/open-spans';
import type { InputMessage, MessagePart, OutputMessage } from './messages';

const log = getLogger('llm');

/** What a provider knows when a call starts. */
export interface LlmRequest {
  /** `gen_ai.provider.name`. */
  provider: string;
  /** `gen_ai.operation.name` (`chat`, `text_completion`, `embeddings`, ...). */
  operation: string;
  model: string | undefined;
  serverAddress?: string;
  serverPort?: number;
  /** Request attributes (`gen_ai.request.*`, provider-specific ones), mapped by the provider. */
  attributes: Attributes;
  /** Prompt content, built only when content capture is on. */
  content?: () => { systemInstructions?: MessagePart[]; inputMessages?: InputMessage[] };
  /**
   * The prompt's size in tokens, roughly (see `roughTokenCount`); asked only when the session has
   * a budget, to count the call at its running cost while it is in flight.
   */
  estimateInputTokens?: () => number;
}

/**
 * A rough token count of request content: its JSON length over four (about four characters a
 * token for English text; JSON punctuation makes it err on the high side, the safe side for a
 * budget). Exact counts arrive with the response.
 */
export function roughTokenCount(content: unknown): number {
  try {
    return Math.ceil((JSON.stringify(content)?.length ?? 0) / 4);
  } catch {
    return 0;
  }
}

/** What a provider knows when a call has a result (or a partial one, for a stream left early). */
export interface LlmResponse {
  id?: string;
  model?: string;
  finishReasons?: string[];
  usage?: Usage;
  attributes?: Attributes;
  /** Completion content, built only when content capture is on. */
  outputMessages?: () => OutputMessage[];
}

export type EndedBy = (typeof ENDED_BY)[keyof typeof ENDED_BY];

export class LlmCall implements OpenSpan {
  /** The context the SDK call runs in: the LLM span is active in it. */
  readonly context: Context;
  private readonly span: Span;
  private readonly startNs = process.hrtime.bigint();
  private firstChunkSeconds: number | undefined;
  private done = false;
  /** The call counted against its session's budget while in flight (only when the session has one). */
  private readonly reservation: BudgetReservation | undefined;

  private constructor(
    private readonly runtime: Runtime,
    private readonly request: LlmRequest,
    parent: Context,
    private readonly scope: RollupScope | undefined,
    private readonly session: Session | undefined,
  ) {
    const attributes: Attributes = {
      ...request.attributes,
      [ATTR_AGENTSIGHT_SPAN_KIND]: SPAN_KIND.LLM,
      [ATTR_GEN_AI_OPERATION_NAME]: request.operation,
      [ATTR_GEN_AI_PROVIDER_NAME]: request.provider,
    };
    if (request.model !== undefined) attributes[ATTR_GEN_AI_REQUEST_MODEL] = request.model;
    if (request.serverAddress !== undefined) attributes[ATTR_SERVER_ADDRESS] = request.serverAddress;
    if (request.serverPort !== undefined) attributes[ATTR_SERVER_PORT] = request.serverPort;
    this.span = runtime.tracer.startSpan(llmSpanName(request.operation, request.model), { kind: SpanKind.CLIENT, attributes }, parent);
    this.context = trace.setSpan(parent, this.span);
    if (runtime.config.captureContent && request.content) this.recordInput(request.content);
    trackOpenSpan(this);
    // Priced as the stream goes, at the model it reported so far, else the one asked for.
    this.reservation = session?.budget?.reserve(
      this.safeEstimate(request),
      (usage, model) => runtime.pricing.price(request.provider, model ?? request.model, usage)?.totalPico,
    );
  }

  private safeEstimate(request: LlmRequest): number {
    try {
      return request.estimateInputTokens?.() ?? 0;
    } catch {
      return 0;
    }
  }

  /**
   * Starts a call in the current session (or the automatic one), or returns `undefined` when
   * agentsight is not initialized. Never throws.
   */
  static start(request: LlmRequest, ctx: Context = context.active()): LlmCall | undefined {
    const runtime = currentRuntime();
    if (!runtime) return undefined;
    try {
      const parent = runtime.sessions.workContext(ctx);
      return new LlmCall(runtime, request, parent, scopeFrom(parent), sessionFrom(parent));
    } catch (err) {
      log.once('warn', 'start', `could not start an LLM span; the call goes on untraced: ${String(err)}`);
      return undefined;
    }
  }

  get ended(): boolean {
    return this.done;
  }

  /** Notes a chunk of a stream: the first gives the time to first chunk; each one counts for budgets. */
  chunk(): void {
    if (this.done) return;
    if (this.firstChunkSeconds === undefined) this.firstChunkSeconds = this.elapsedSeconds();
    this.reservation?.chunk();
  }

  /** Usage the provider reported mid-stream (for budgets): replaces the estimates it covers. */
  progress(usage: Usage, model?: string): void {
    this.reservation?.report(usage, model);
  }

  /** The call completed: records the response and ends the span. */
  succeed(response: LlmResponse): void {
    this.finish(() => this.recordResponse(response));
  }

  /** The call failed: records the error (and what arrived before it) and ends the span. */
  fail(error: unknown, errorType?: string, partial?: LlmResponse): void {
    this.finish(() => {
      if (partial) this.recordResponse(partial);
      return recordSpanError(this.span, error, this.scope, this.session, errorType);
    });
  }

  /** We end the call ourselves (stream left early, aborted, process exit), with what we know. */
  stop(reason: EndedBy, partial?: LlmResponse): void {
    this.finish(() => {
      this.span.setAttribute(ATTR_AGENTSIGHT_ENDED_BY, reason);
      if (partial) this.recordResponse(partial);
    });
  }

  endAtExit(): void {
    this.stop(ENDED_BY.PROCESS_EXIT);
  }

  private elapsedSeconds(): number {
    return Number(process.hrtime.bigint() - this.startNs) / 1e9;
  }

  /**
   * Runs `record` (which may return the call's `error.type`), then the bookkeeping every call
   * gets (metrics, cost, roll-ups), settles the call with the budget and ends the span. Runs
   * once; never throws.
   */
  private finish(record: () => string | void): void {
    if (this.done) return;
    this.done = true;
    untrackOpenSpan(this);
    let errorType: string | undefined;
    try {
      errorType = record() || undefined;
      if (this.firstChunkSeconds !== undefined) {
        this.span.setAttribute(ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK, this.firstChunkSeconds);
      }
      this.account(errorType);
    } catch (err) {
      log.once('warn', 'finish', `recording an LLM call failed: ${String(err)}`);
    } finally {
      this.reservation?.settle();
      this.span.end();
    }
  }

  /** Embeddings produce no output tokens: the conventions record only their input tokens. */
  private get hasOutputTokens(): boolean {
    return this.request.operation !== GEN_AI_OPERATION.EMBEDDINGS;
  }

  private responseModel: string | undefined;
  private usage: Usage | undefined;

  private recordResponse(response: LlmResponse): void {
    const span = this.span;
    if (response.id !== undefined) span.setAttribute(ATTR_GEN_AI_RESPONSE_ID, response.id);
    if (response.model !== undefined) {
      this.responseModel = response.model;
      span.setAttribute(ATTR_GEN_AI_RESPONSE_MODEL, response.model);
    }
    if (response.finishReasons && response.finishReasons.length > 0) {
      span.setAttribute(ATTR_GEN_AI_RESPONSE_FINISH_REASONS, response.finishReasons);
    }
    if (response.attributes) span.setAttributes(response.attributes);
    if (response.usage) {
      this.usage = response.usage;
      const u = response.usage;
      span.setAttribute(ATTR_GEN_AI_USAGE_INPUT_TOKENS, u.input);
      if (this.hasOutputTokens) span.setAttribute(ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, u.output);
      if (u.cacheRead > 0) span.setAttribute(ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, u.cacheRead);
      if (u.cacheCreation > 0) span.setAttribute(ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS, u.cacheCreation);
      if (u.reasoning > 0) span.setAttribute(ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS, u.reasoning);
    }
    if (this.runtime.config.captureContent && response.outputMessages) {
      this.setContent(ATTR_GEN_AI_OUTPUT_MESSAGES, response.outputMessages);
    }
  }

  private recordInput(content: NonNullable<LlmRequest['content']>): void {
    try {
      const { systemInstructions, inputMessages } = content();
      if (systemInstructions && systemInstructions.length > 0) this.setContent(ATTR_GEN_AI_SYSTEM_INSTRUCTIONS, () => systemInstructions);
      if (inputMessages) this.setContent(ATTR_GEN_AI_INPUT_MESSAGES, () => inputMessages);
    } catch (err) {
      log.once('debug', 'input-content', `could not record the prompt: ${String(err)}`);
    }
  }

  private setContent(key: string, build: () => unknown): void {
    try {
      this.span.setAttribute(key, capString(JSON.stringify(build()), this.runtime.config.contentMaxChars));
    } catch (err) {
      log.once('debug', `content:${key}`, `could not record ${key}: ${String(err)}`);
    }
  }

  /** Metrics, cost and roll-ups. */
  private account(errorType: string | undefined): void {
    const { request, runtime } = this;
    const model = this.responseModel ?? request.model;
    const metricAttributes: Attributes = {
      [ATTR_GEN_AI_OPERATION_NAME]: request.operation,
      [ATTR_GEN_AI_PROVIDER_NAME]: request.provider,
    };
    if (request.model !== undefined) metricAttributes[ATTR_GEN_AI_REQUEST_MODEL] = request.model;
    if (this.responseModel !== undefined) metricAttributes[ATTR_GEN_AI_RESPONSE_MODEL] = this.responseModel;
    if (request.serverAddress !== undefined) metricAttributes[ATTR_SERVER_ADDRESS] = request.serverAddress;
    if (request.serverPort !== undefined) metricAttributes[ATTR_SERVER_PORT] = request.serverPort;
    if (errorType !== undefined) metricAttributes[ATTR_ERROR_TYPE] = errorType;

    const metrics = runtime.metrics;
    metrics.operationDuration.record(this.elapsedSeconds(), metricAttributes);
    if (this.firstChunkSeconds !== undefined) metrics.timeToFirstChunk.record(this.firstChunkSeconds, metricAttributes);

    const usage = this.usage;
    let cost: CallCost | undefined;
    if (usage) {
      metrics.tokenUsage.record(usage.input, { ...metricAttributes, [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE.INPUT });
      if (this.hasOutputTokens)
        metrics.tokenUsage.record(usage.output, { ...metricAttributes, [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE.OUTPUT });
      cost = runtime.pricing.price(request.provider, model, usage);
      if (cost) {
        this.span.setAttributes({
          [ATTR_AGENTSIGHT_COST_USD]: picoToUsd(cost.totalPico),
          [ATTR_AGENTSIGHT_COST_INPUT_USD]: picoToUsd(cost.inputPico),
          [ATTR_AGENTSIGHT_COST_OUTPUT_USD]: picoToUsd(cost.outputPico),
          [ATTR_AGENTSIGHT_COST_CACHE_READ_USD]: picoToUsd(cost.cacheReadPico),
          [ATTR_AGENTSIGHT_COST_CACHE_WRITE_USD]: picoToUsd(cost.cacheWritePico),
        });
        const costAttributes: Attributes = { [ATTR_GEN_AI_PROVIDER_NAME]: request.provider };
        if (model !== undefined) costAttributes[ATTR_GEN_AI_REQUEST_MODEL] = model;
        metrics.cost.add(picoToUsd(cost.totalPico), costAttributes);
      } else {
        this.span.setAttribute(ATTR_AGENTSIGHT_COST_UNKNOWN_MODEL, true);
      }
    }
    // Token counts and batch submissions generate nothing: traced, but not LLM calls in roll-ups.
    if (!NON_GENERATING_OPERATIONS.includes(request.operation)) {
      this.scope?.addLlmCall(
        model ?? 'unknown',
        usage ?? { input: 0, output: 0, cacheRead: 0, cacheCreation: 0, reasoning: 0 },
        cost?.totalPico ?? 0n,
      );
    }
  }
}
