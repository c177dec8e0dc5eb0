/**
 * Where the spans of one AI SDK call go, and what joins them up.
 *
 * - `CallScope`: one call of the SDK (`generateObject`, `embed`, a `generateText` without tools):
 *   its model calls are spans in the caller's context.
 * - `Invocation`: an agent loop (`generateText` / `streamText` with tools, an agent class's
 *   `generate` / `stream`): an `invoke_agent` span with one `step {n}` span per model call, the
 *   model call's span and the tool executions it asked for inside the step.
 *
 * The SDK retries a failed model call (a retryable API error, up to `maxRetries` times) with the
 * same prompt: a retry continues the span of the attempt before it, so that one model call is one
 * span, as it is for a provider SDK's own retries. A failed attempt the SDK is about to retry is
 * held (not ended) until its retry starts; whatever is still held when the call ends fails then.
 */
import { context, type Context } from '@opentelemetry/api';
import { openWorkSpan, type FailureDetails, type OpenWorkSpan } from '../../src/events/work-span';
import { agentWorkSpec } from '../../src/events/wrappers';
import {
  AGENTSIGHT_OPERATION,
  ATTR_AGENTSIGHT_SPAN_KIND,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  type ENDED_BY,
  SPAN_KIND,
  stepSpanName,
} from '../../src/semconv';
import type { LlmCall } from '../base/llm-call';
import { errorTypeOf, wrappedError } from './errors';

/** A failed attempt the SDK will retry. */
interface HeldCall {
  call: LlmCall;
  attempts: number;
  error: unknown;
}

export class CallScope {
  private readonly held = new Map<unknown, HeldCall>();
  /** The model calls started in this scope (to end those still open when the caller drops it). */
  private readonly calls = new Set<LlmCall>();
  /** The error the last failed model call ended with: what a failure of the whole call wraps. */
  protected lastError: unknown;

  /**
   * @param parent the caller's context
   * @param maxRetries the call's `maxRetries` (the SDK's default is 2)
   */
  constructor(
    readonly parent: Context,
    readonly maxRetries: number,
  ) {}

  /** The context the span of a model call with this prompt (`key`) starts in. */
  callParent(_key: unknown): Context {
    return this.parent;
  }

  /** The context the span of a tool execution starts in. */
  toolParent(): Context {
    return this.parent;
  }

  /** Notes a model call started in this scope. */
  track(call: LlmCall): void {
    this.calls.add(call);
  }

  /** The held attempt a model call with this prompt retries, taken out of hold. */
  retryOf(key: unknown): HeldCall | undefined {
    const held = key === undefined ? undefined : this.held.get(key);
    if (held) this.held.delete(key);
    return held && !held.call.ended ? held : undefined;
  }

  /** Holds a failed attempt until its retry starts (or the call ends). */
  hold(key: unknown, held: HeldCall): void {
    this.held.set(key, held);
  }

  /** A model call failed for good (not retried). */
  failed(call: LlmCall, error: unknown): void {
    this.lastError = error;
    call.fail(error, errorTypeOf(error));
  }

  /** Fails what is still held: its retry never came. */
  protected flush(): void {
    for (const { call, error } of this.held.values()) this.failed(call, error);
    this.held.clear();
  }

  /** A model's stream failed mid-way: the SDK fails its own stream with the same error. */
  streamFailed(_error: unknown): void {}

  /** The SDK call settled (or its stream ended). */
  end(): void {
    this.flush();
    this.calls.clear();
  }

  /**
   * We end the call ourselves: the caller dropped its result unread (the model calls it left
   * waiting for a reader will never go on), or it was aborted.
   */
  stop(reason: (typeof ENDED_BY)[keyof typeof ENDED_BY]): void {
    this.flush();
    for (const call of this.calls) call.stop(reason);
    this.calls.clear();
  }
}

/** What names an agent loop's span. */
export interface AgentIdentity {
  /** `gen_ai.agent.name`: the agent's id or name, else the telemetry `functionId`, else the model id. */
  name: string;
  /** `gen_ai.agent.id`, for an agent class with an `id`. */
  id?: string;
  provider?: string;
  model?: string;
}

export class Invocation extends CallScope {
  private step: OpenWorkSpan | undefined;
  private stepKey: unknown;
  private steps = 0;

  private constructor(
    private readonly agent: OpenWorkSpan,
    maxRetries: number,
  ) {
    super(agent.context, maxRetries);
  }

  /** Starts the `invoke_agent` span in the active context; `undefined` when nothing is traced. */
  static start(identity: AgentIdentity, maxRetries: number): Invocation | undefined {
    const attributes: Record<string, string> = {};
    if (identity.provider !== undefined) attributes[ATTR_GEN_AI_PROVIDER_NAME] = identity.provider;
    if (identity.model !== undefined) attributes[ATTR_GEN_AI_REQUEST_MODEL] = identity.model;
    const agent = openWorkSpan(
      agentWorkSpec({ name: identity.name, ...(identity.id !== undefined ? { id: identity.id } : {}), attributes }),
      context.active(),
    );
    return agent ? new Invocation(agent, maxRetries) : undefined;
  }

  /** The `invoke_agent` span's context: the SDK call runs in it. */
  get context(): Context {
    return this.agent.context;
  }

  /**
   * A model call starts a step, unless it repeats the current step's call with the same prompt (a
   * retry the SDK made for a reason of its own; the ones it announces continue the attempt's span
   * and never get here). After the loop has ended, late calls go straight under the agent span.
   */
  override callParent(key: unknown): Context {
    if (this.agent.ended) return this.agent.context;
    if (this.step && !this.step.ended && key !== undefined && key === this.stepKey) return this.step.context;
    this.step?.succeed();
    this.steps += 1;
    this.stepKey = key;
    this.step = openWorkSpan(
      {
        name: stepSpanName(this.steps),
        attributes: { [ATTR_AGENTSIGHT_SPAN_KIND]: SPAN_KIND.STEP, [ATTR_GEN_AI_OPERATION_NAME]: AGENTSIGHT_OPERATION.AGENT_STEP },
      },
      this.agent.context,
    );
    return this.step?.context ?? this.agent.context;
  }

  override toolParent(): Context {
    return this.step && !this.step.ended ? this.step.context : this.agent.context;
  }

  /** The loop completed. */
  succeed(): void {
    super.end();
    this.step?.succeed();
    this.agent.succeed();
  }

  /**
   * The loop failed with `error`, the caller's error: a `RetryError` wraps the last attempt's, and
   * a stream's `NoOutputGeneratedError` stands for its model call's failure.
   */
  fail(error: unknown): void {
    super.end();
    const how: FailureDetails = { type: errorTypeOf(error), wraps: wrappedError(error) ?? this.lastError };
    this.step?.fail(error, how);
    this.agent.fail(error, how);
  }

  /**
   * A stream loop whose model stream failed never settles its result (the SDK errors the caller's
   * stream and stops): the loop fails with the stream's error.
   */
  override streamFailed(error: unknown): void {
    this.fail(error);
  }

  /** We end the loop ourselves (aborted, or dropped unread). */
  override stop(reason: (typeof ENDED_BY)[keyof typeof ENDED_BY]): void {
    super.stop(reason);
    this.step?.stop(reason);
    this.agent.stop(reason);
  }

  override end(): void {
    this.succeed();
  }
}
