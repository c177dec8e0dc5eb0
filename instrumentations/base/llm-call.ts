/**
 * The provider-neutral LLM call recorder. A provider maps its SDK's request, response and stream
 * chunks onto `LlmRequest` / `LlmResponse`; this module turns them into one CLIENT span in the
 * session (the GenAI span model). Beside it: content capture
 * (`llm-content.ts`); usage and cost attributes come from the accounting codec, roll-ups go to the
 * enclosing scopes, and a session with a budget counts the call in flight through its
 * `SessionBudget`. It imports no provider SDK type.
 *
 * A call ends exactly once: `succeed`, `fail` and `stop` all funnel into one `finish` guarded by a
 * flag, so whichever path gets there first (result, error, end of stream, `break`, abort signal,
 * process exit) wins and the others do nothing.
 */
import { context, trace, SpanKind, type Attributes, type Context, type Span } from '@opentelemetry/api';
import type { CallCost } from '../../src/accounting/money';
import { accountedModel, costAttributes, reportedModel, usageAttributes } from '../../src/accounting/span-attributes';
import type { Usage } from '../../src/accounting/usage';
import { scopeFrom, sessionFrom } from '../../src/context/keys';
import { getLogger } from '../../src/diag';
import { recordSpanError } from '../../src/events/error-recording';
import { put } from '../../src/json-values';
import { currentRuntime, type Runtime } from '../../src/runtime';
import {
  ATTR_AGENTSIGHT_ENDED_BY,
  ATTR_AGENTSIGHT_SPAN_KIND,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ENDED_BY,
  GEN_AI_OPERATION,
  NON_GENERATING_OPERATIONS,
  SPAN_KIND,
  llmSpanName,
} from '../../src/semconv';
import type { BudgetReservation } from '../../src/session/budget';
import type { RollupScope } from '../../src/session/rollup-scope';
import type { Session } from '../../src/session/session';
import { trackOpenSpan, untrackOpenSpan, type OpenSpan } from '../../src/telemetry/open-spans';
import { recordCompletion, recordPrompt, type CompletionContent, type PromptContent } from './llm-content';

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
  content?: PromptContent;
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
  outputMessages?: CompletionContent;
}

export type EndedBy = (typeof ENDED_BY)[keyof typeof ENDED_BY];

/**
 * The attributes that identify a call in its span, its metrics and its roll-up: operation,
 * provider, request model, server address and port (the response model joins when known).
 */
function identityOf(request: LlmRequest): Attributes {
  const identity: Attributes = { [ATTR_GEN_AI_OPERATION_NAME]: request.operation, [ATTR_GEN_AI_PROVIDER_NAME]: request.provider };
  put(identity, ATTR_GEN_AI_REQUEST_MODEL, request.model);
  put(identity, ATTR_SERVER_ADDRESS, request.serverAddress);
  put(identity, ATTR_SERVER_PORT, request.serverPort);
  return identity;
}

export class LlmCall implements OpenSpan {
  /** The context the SDK call runs in: the LLM span is active in it. */
  readonly context: Context;
  private readonly span: Span;
  private readonly startNs = process.hrtime.bigint();
  private readonly identity: Attributes;
  /** The call counted against its session's budget while in flight (only when the session has one). */
  private readonly reservation: BudgetReservation | undefined;
  private firstChunkSeconds: number | undefined;
  private usage: Usage | undefined;
  private done = false;

  private constructor(
    private readonly runtime: Runtime,
    private readonly request: LlmRequest,
    parent: Context,
    private readonly scope: RollupScope | undefined,
    private readonly session: Session | undefined,
  ) {
    this.identity = identityOf(request);
    const attributes: Attributes = { ...request.attributes, [ATTR_AGENTSIGHT_SPAN_KIND]: SPAN_KIND.LLM, ...this.identity };
    this.span = runtime.tracer.startSpan(llmSpanName(request.operation, request.model), { kind: SpanKind.CLIENT, attributes }, parent);
    this.context = trace.setSpan(parent, this.span);
    recordPrompt(this.span, runtime.config, request.content);
    trackOpenSpan(this);
    this.reservation = this.reserve(session);
  }

  /** Counts the call against its session's budget while in flight; a failure of ours leaves it uncounted. */
  private reserve(session: Session | undefined): BudgetReservation | undefined {
    const { runtime, request } = this;
    try {
      // Priced as the stream goes, at the model it reported so far, else the one asked for.
      return session?.budget?.reserve(
        this.safeEstimate(request),
        (usage, model) => runtime.pricing.price(request.provider, model ?? request.model, usage)?.totalPico,
      );
    } catch (err) {
      log.once('warn', 'reserve', `could not count an LLM call against its session's budget: ${String(err)}`);
      return undefined;
    }
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

  /** Notes a chunk of a stream: the first gives the time to first chunk; each one counts for budgets. Never throws. */
  chunk(): void {
    if (this.done) return;
    if (this.firstChunkSeconds === undefined) this.firstChunkSeconds = this.elapsedSeconds();
    this.guarded('chunk', () => this.reservation?.chunk());
  }

  /** Usage the provider reported mid-stream (for budgets): replaces the estimates it covers. Never throws. */
  progress(usage: Usage, model?: string): void {
    this.guarded('progress', () => this.reservation?.report(usage, model));
  }

  /** Runs a step of ours; a failure is logged once and goes no further (the call is the caller's). */
  private guarded(what: string, step: () => void): void {
    try {
      step();
    } catch (err) {
      log.once('warn', what, `recording an LLM call failed (${what}): ${String(err)}`);
    }
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
   * gets (cost, metrics, roll-ups), settles the call with the budget and ends the span. Runs
   * once; never throws: each step that fails is logged once, and the steps after it still run
   * (the span ends even when a span processor or exporter throws inside `end()`).
   */
  private finish(record: () => string | void): void {
    if (this.done) return;
    this.done = true;
    untrackOpenSpan(this);
    this.guarded('finish', () => {
      const errorType = record() || undefined;
      if (this.firstChunkSeconds !== undefined) {
        this.span.setAttribute(ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK, this.firstChunkSeconds);
      }
      this.account(errorType);
    });
    this.guarded('settle', () => this.reservation?.settle());
    this.guarded('end', () => this.span.end());
  }

  /** Embeddings produce no output tokens: the conventions record only their input tokens. */
  private get hasOutputTokens(): boolean {
    return this.request.operation !== GEN_AI_OPERATION.EMBEDDINGS;
  }

  private recordResponse(response: LlmResponse): void {
    // Metrics, cost and budgets need these whether or not the span records.
    if (response.model !== undefined) this.identity[ATTR_GEN_AI_RESPONSE_MODEL] = response.model;
    if (response.usage) this.usage = response.usage;
    const span = this.span;
    if (!span.isRecording()) return; // a sampled-out session's call: nothing to write on its span
    if (response.id !== undefined) span.setAttribute(ATTR_GEN_AI_RESPONSE_ID, response.id);
    if (response.model !== undefined) span.setAttribute(ATTR_GEN_AI_RESPONSE_MODEL, response.model);
    if (response.finishReasons && response.finishReasons.length > 0) {
      span.setAttribute(ATTR_GEN_AI_RESPONSE_FINISH_REASONS, response.finishReasons);
    }
    if (response.attributes) span.setAttributes(response.attributes);
    if (response.usage) span.setAttributes(usageAttributes(response.usage, this.hasOutputTokens));
    recordCompletion(span, this.runtime.config, response.outputMessages);
  }

  /** Cost, metrics and roll-ups. */
  private account(errorType: string | undefined): void {
    const { request, runtime, usage } = this;
    const durationSeconds = this.elapsedSeconds();
    let cost: CallCost | undefined;
    if (usage) {
      cost = runtime.pricing.price(request.provider, reportedModel(this.identity), usage);
      if (this.span.isRecording()) this.span.setAttributes(costAttributes(cost));
    }
    runtime.metrics.recordCall({
      identity: this.identity,
      errorType,
      durationSeconds,
      firstChunkSeconds: this.firstChunkSeconds,
      usage,
      hasOutputTokens: this.hasOutputTokens,
      cost,
    });
    // Token counts and batch submissions generate nothing: traced, but not LLM calls in roll-ups.
    if (!NON_GENERATING_OPERATIONS.includes(request.operation)) {
      this.scope?.addLlmCall(accountedModel(this.identity), usage, cost?.totalPico ?? 0n);
    }
  }
}
