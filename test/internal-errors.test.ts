/**
 * When agentsight's own code fails while following an SDK call, the caller gets exactly what the
 * SDK returned, the failure is logged once, and a span already started ends with
 * `agentsight.ended_by=agentsight_error`: never `caller_stopped`, which would blame the caller.
 */
import { LlmCall, type LlmRequest } from '../instrumentations/base/llm-call';
import { tracedCall, type CallPlan } from '../instrumentations/base/traced-call';
import { getLogger } from '../src/diag';
import { withSession } from '../src/index';
import { ATTR_AGENTSIGHT_ENDED_BY, ATTR_AGENTSIGHT_SPAN_KIND, ENDED_BY, SPAN_KIND } from '../src/semconv';
import type { SpanRecord } from '../src/store/format';
import { startInProcess, type InProcess } from './support/in-process';

const request: LlmRequest = { provider: 'openai', operation: 'chat', model: 'gpt-test', attributes: {} };
const answer = { id: 'resp-1', choices: [] };
const log = getLogger('test-sdk');

/** An SDK method: returns a promise of `answer`, and counts its calls. */
function sdkMethod(): { method: (...args: unknown[]) => unknown; calls: unknown[][] } {
  const calls: unknown[][] = [];
  return {
    calls,
    method: (...args: unknown[]) => {
      calls.push(args);
      return Promise.resolve(answer);
    },
  };
}

const failing = (what: string) => () => {
  throw new Error(`${what} failed (injected)`);
};

describe('our own failures while tracing an SDK call', () => {
  let agentsight: InProcess;
  let stderr: jest.SpyInstance;
  beforeEach(() => {
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    agentsight = startInProcess({ autoSession: false });
  });
  afterEach(() => stderr.mockRestore());

  const llmSpans = (): SpanRecord[] =>
    agentsight.sessions().flatMap((s) => s.spans.filter((span) => span.attributes[ATTR_AGENTSIGHT_SPAN_KIND] === SPAN_KIND.LLM));
  const warnings = (): string[] => stderr.mock.calls.map((c) => String(c[0])).filter((line) => line.includes(' warn: '));

  it('a plan whose result mapping throws: the caller gets the SDK result, the span says agentsight_error', async () => {
    const sdk = sdkMethod();
    const plan: CallPlan = { request, response: failing('mapping the response') };
    const results: unknown[] = [];
    await withSession({ name: 'mapping' }, async () => {
      for (let i = 0; i < 2; i++) {
        const returned = tracedCall(sdk.method, undefined, ['body'], () => plan, log);
        results.push(await (returned as Promise<unknown>));
      }
    });
    await agentsight.stop();

    expect(results).toEqual([answer, answer]);
    expect(results[0]).toBe(answer);
    expect(sdk.calls).toEqual([['body'], ['body']]);
    const spans = llmSpans();
    expect(spans.map((s) => s.attributes[ATTR_AGENTSIGHT_ENDED_BY])).toEqual([ENDED_BY.INTERNAL_ERROR, ENDED_BY.INTERNAL_ERROR]);
    expect(ENDED_BY.INTERNAL_ERROR).toBe('agentsight_error');
    expect(spans.every((s) => s.status.code !== 'ERROR')).toBe(true);
    // Logged once, however often it happens.
    expect(warnings().filter((line) => line.includes("could not map an SDK call's result"))).toHaveLength(1);
  });

  it('a plan maker that throws: the call goes on untraced, and a call a helper already started ends as agentsight_error', async () => {
    const sdk = sdkMethod();
    let untraced: unknown;
    let adoptedResult: unknown;
    let returned: unknown;
    await withSession({ name: 'plan' }, async () => {
      untraced = await (tracedCall(sdk.method, undefined, ['a'], failing('making the plan'), log) as Promise<unknown>);
      const adopted = LlmCall.start(request);
      returned = tracedCall(sdk.method, undefined, ['b'], failing('making the plan'), log, adopted);
      adoptedResult = await (returned as Promise<unknown>);
    });
    await agentsight.stop();

    expect(untraced).toBe(answer);
    expect(adoptedResult).toBe(answer);
    expect(sdk.calls).toEqual([['a'], ['b']]);
    const spans = llmSpans();
    expect(spans).toHaveLength(1);
    expect(spans[0]!.attributes[ATTR_AGENTSIGHT_ENDED_BY]).toBe(ENDED_BY.INTERNAL_ERROR);
    expect(warnings().filter((line) => line.includes('could not map an SDK call; it goes on untraced'))).toHaveLength(1);
  });

  it('a result we cannot observe: the caller gets the very object the SDK returned, the span says agentsight_error', async () => {
    const odd = {
      get parseResponse(): never {
        throw new Error('reading the result failed (injected)');
      },
    };
    let returned: unknown;
    await withSession({ name: 'observe' }, async () => {
      returned = tracedCall(
        () => odd,
        undefined,
        [],
        () => ({ request, response: () => ({}) }),
        log,
      );
    });
    await agentsight.stop();

    expect(returned).toBe(odd);
    expect(llmSpans().map((s) => s.attributes[ATTR_AGENTSIGHT_ENDED_BY])).toEqual([ENDED_BY.INTERNAL_ERROR]);
  });
});
