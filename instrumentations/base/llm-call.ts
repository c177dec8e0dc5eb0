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
import { BudgetExceededError } from '../../src/errors';
import { recordSpanError } from '../../src/events/error-recording';
import { currentRuntime, type Runtime } from '../../src/runtime';
import {
  ATTR_AGENTSIGHT_BUDGET_SPENT_USD,
  ATTR_AGENTSIGHT_BUDGET_USD,
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
  EVENT_BUDGET_EXCEEDED,
  GEN_AI_OPERATION,
  GEN_AI_TOKEN_TYPE,
  NON_GENERATING_OPERATIONS,
  SPAN_KIND,
  llmSpanName,
} from '../../src/semconv';
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

/**
 * The refusal of a call that must not be sent: the session's budget is spent (calls in flight
 * counted at their running cost) and the mode is `enforce`. `undefined` when the call may go.
 */
export function budgetRefusal(ctx: Context = context.active()): BudgetExceededError | undefined {
  const runtime = currentRuntime();
  if (runtime?.config.budgetMode !== 'enforce') return undefined;
  const session = runtime.sessions.sessionFor(ctx);
  if (!session || session.budgetUsd === undefined) return undefined;
  const spent = picoToUsd(session.scope.spentWithPendingPico());
  return spent >= session.budgetUsd ? new BudgetExceededError(session.id, session.name, session.budgetUsd, spent) : undefined;
}

export class LlmCall implements OpenSpan {
  /** The context the SDK call runs in: the LLM span is active in it. */
  readonly context: Context;
  private readonly span: Span;
  private readonly startNs = process.hrtime.bigint();
  private firstChunkSeconds: number | undefined;
  private done = false;
  /** Budget accounting while in flight (only when the session has a budget). */
  private readonly running: { inputEstimate: number; chunks: number; reported: Usage | undefined; model: string | undefined } | undefined;

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
    if (session?.budgetUsd !== undefined) {
      // Counted at its running cost from the start, so that calls started together cannot all
      // slip under the budget before any of them has finished.
      this.running = { inputEstimate: this.safeEstimate(request), chunks: 0, reported: undefined, model: undefined };
      this.updatePending();
    }
  }

  private safeEstimate(request: LlmRequest): number {
    try {
      return request.estimateInputTokens?.() ?? 0;
    } catch {
      return 0;
    }
  }

  /** The call's cost so far at its best estimate: reported usage where there is some, else the prompt estimate and one token per chunk. */
  private updatePending(): void {
    const running = this.running;
    if (!running || this.done || !this.scope) return;
    const reported = running.reported;
    const usage: Usage = {
      input: reported ? reported.input : running.inputEstimate,
      output: Math.max(reported?.output ?? 0, running.chunks),
      cacheRead: reported?.cacheRead ?? 0,
      cacheCreation: reported?.cacheCreation ?? 0,
      reasoning: reported?.reasoning ?? 0,
    };
    try {
      const cost = this.runtime.pricing.price(this.request.provider, running.model ?? this.request.model, usage);
      if (cost) this.scope.setPending(this, cost.totalPico);
    } catch (err) {
      log.once('debug', 'progress', `running cost failed: ${String(err)}`);
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
    if (this.running) {
      this.running.chunks++;
      this.updatePending();
    }
  }

  /** Usage the provider reported mid-stream (for budgets): replaces the estimates it covers. */
  progress(usage: Usage, model?: string): void {
    if (!this.running) return;
    this.running.reported = usage;
    if (model !== undefined) this.running.model = model;
    this.updatePending();
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
   * gets (metrics, cost, roll-ups), then ends the span. Runs once; never throws.
   */
  private finish(record: () => string | void): void {
    if (this.done) return;
    this.done = true;
    untrackOpenSpan(this);
    this.scope?.setPending(this, undefined);
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
    this.checkBudget();
  }

  /** Records on the session, once, that its spend crossed the budget, and warns once. */
  private checkBudget(): void {
    const session = this.session;
    if (!session || session.budgetUsd === undefined || session.budgetReported) return;
    const spent = session.costUsd;
    if (spent < session.budgetUsd) return;
    session.budgetReported = true;
    session.span.addEvent(EVENT_BUDGET_EXCEEDED, {
      [ATTR_AGENTSIGHT_BUDGET_USD]: session.budgetUsd,
      [ATTR_AGENTSIGHT_BUDGET_SPENT_USD]: spent,
    });
    log.warn(
      `session "${session.name}" (${session.id}) spent $${spent.toFixed(6)}, over its $${session.budgetUsd} budget` +
        (this.runtime.config.budgetMode === 'enforce' ? '; further LLM calls in it are refused' : ''),
    );
  }
}
