/**
 * One SDK method call as one LLM span: the shared body of every provider's wrapper.
 *
 * The provider makes a `CallPlan` from the call's arguments (request record, possibly adjusted
 * arguments, how to map the result); this module starts the span, calls the original in the
 * span's context, and attaches to the SDK's own APIPromise and Stream without replacing them.
 * Anything of ours that fails is logged and the original call goes on untouched; the caller sees
 * the SDK's own result and errors.
 */
import { context } from '@opentelemetry/api';
import type { ComponentLogger } from '../../src/diag';
import { currentRuntime } from '../../src/runtime';
import { ENDED_BY } from '../../src/semconv';
import { isThenable } from '../../src/thenable';
import { observeApiPromise } from './api-promise';
import { LlmCall, type LlmRequest, type LlmResponse } from './llm-call';
import { refusedCall } from './refused-call';
import { observeStream, type StreamMapper } from './stream-observer';

type Method = (...args: unknown[]) => unknown;

export interface CallPlan {
  request: LlmRequest;
  /** The arguments to call the SDK with, when they differ from the caller's. */
  args?: unknown[];
  /** Maps a parsed (non-stream) result. */
  response(data: unknown): LlmResponse;
  /** Maps the chunks of a stream result; `call` is the call being recorded (for its running cost). */
  stream?(call: LlmCall): StreamMapper<unknown>;
  /**
   * The caller called `asResponse()` before anything asked to parse the body: it will read the
   * raw body itself (a provider may take back a change it made to the request, if still in time).
   */
  onRawRequested?(): void;
}

/** The refusal of an `enforce`-mode budget, if the call must not go; a failure of ours lets it go. */
function budgetRefusal(log: ComponentLogger): Error | undefined {
  try {
    return currentRuntime()?.sessions.budgetRefusal();
  } catch (err) {
    log.once('warn', 'budget', `could not check the session's budget; the call goes on: ${String(err)}`);
    return undefined;
  }
}

/**
 * Calls `original` on `self` with `args`, traced by the plan `makePlan` returns (`undefined`: not
 * traced). Throws only what the SDK throws. In budget `enforce` mode, a call over the budget is
 * not sent: it returns a rejected promise (`BudgetExceededError`) with the APIPromise helpers.
 *
 * `adopted` is a call already started for this SDK call by a helper that wraps it (so that spans
 * the helper makes before it calls the SDK method nest under ours): it is used instead of starting
 * one, and ends as `agentsight_error` if no plan can be made.
 */
export function tracedCall(
  original: Method,
  self: unknown,
  args: unknown[],
  makePlan: () => CallPlan | undefined,
  log: ComponentLogger,
  adopted?: LlmCall,
): unknown {
  const refusal = budgetRefusal(log);
  if (refusal) return refusedCall(refusal);
  let plan: CallPlan | undefined;
  let call: LlmCall | undefined;
  try {
    plan = makePlan();
    call = plan ? (adopted ?? LlmCall.start(plan.request)) : undefined;
  } catch (err) {
    log.once('warn', 'plan', `could not map an SDK call; it goes on untraced: ${String(err)}`);
    plan = undefined;
  }
  if (!plan || !call) {
    adopted?.stop(ENDED_BY.INTERNAL_ERROR);
    return original.apply(self, args);
  }
  const traced = call;
  const mapping = plan;

  let result: unknown;
  try {
    result = context.with(traced.context, () => original.apply(self, mapping.args ?? args));
  } catch (error) {
    traced.fail(error);
    throw error;
  }

  const onParsed = (data: unknown): void => {
    try {
      if (mapping.stream && observeStream(data, traced, mapping.stream(traced))) return;
      traced.succeed(mapping.response(data));
    } catch (err) {
      log.once('warn', 'result', `could not map an SDK call's result: ${String(err)}`);
      traced.stop(ENDED_BY.INTERNAL_ERROR);
    }
  };
  try {
    const observed = observeApiPromise(result, {
      onParsed,
      onError: (error) => traced.fail(error),
      onRawResponse: () => traced.stop(ENDED_BY.RAW_RESPONSE),
      ...(mapping.onRawRequested ? { onRawRequested: () => mapping.onRawRequested?.() } : {}),
    });
    if (!observed) {
      log.once('info', 'shape', 'an SDK call returned something other than an APIPromise; observing it as a plain promise');
      if (isThenable(result)) result.then(onParsed, (error: unknown) => traced.fail(error));
      else onParsed(result);
    }
  } catch (err) {
    log.once('warn', 'observe', `could not observe an SDK call's result: ${String(err)}`);
    traced.stop(ENDED_BY.INTERNAL_ERROR);
  }
  return result;
}
