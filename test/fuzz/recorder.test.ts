/**
 * Property-based tests of a whole traced call, in-process: the provider's plan, the recorder (span,
 * content, cost, metrics, budget) and the stream observer, around an SDK method that returns odd
 * results, odd streams (unknown events, no final event, an error mid-way) or fails. Whatever comes,
 * the caller gets the very value, items and error the method produced, every span ends (a stream
 * left early included), and agentsight has nothing to warn about.
 */
import fc from 'fast-check';
import * as anthropicPlans from '../../instrumentations/anthropic/call-plans';
import { tracedCall, type CallPlan } from '../../instrumentations/base/traced-call';
import * as openaiPlans from '../../instrumentations/openai/call-plans';
import { getLogger } from '../../src/diag';
import { traceTool, withSession } from '../../src/index';
import { fuzzParameters } from '../support/fuzz';
import { startInProcess, type InProcess } from '../support/in-process';
import { collectStartedSpans, type StartedSpans } from '../support/started-spans';
import {
  anyJson,
  chatChunk,
  chatCompletion,
  completion,
  embeddings,
  message,
  messageEvent,
  response,
  responseEvent,
  text,
  userValue,
} from './arbitraries';

type PlanMaker = (resource: unknown, args: unknown[]) => CallPlan | undefined;
const log = getLogger('fuzz-sdk');

let agentsight: InProcess;
let started: StartedSpans;
let stderr: jest.SpyInstance;
beforeAll(() => {
  stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  // A session budget makes every call count its running cost too.
  agentsight = startInProcess({ autoSession: false, exporters: ['none'], sessionBudgetUsd: 1000 });
  started = collectStartedSpans();
});
beforeEach(() => started.clear());
afterAll(async () => {
  await agentsight.stop();
  jest.restoreAllMocks();
});
afterEach(() => {
  // Nothing of ours failed on any case (models without a price and spent budgets are reported, as they should be).
  const failures = stderr.mock.calls.map(([line]) => String(line)).filter((line) => /could not|failed|threw/.test(line));
  expect(failures).toEqual([]);
});

const open = (): string[] => started.open();

/** An SDK `Stream` of `events`, failing with `error` after them when given. */
function sdkStream(events: unknown[], error: Error | undefined): { iterator(): AsyncIterator<unknown>; controller: AbortController } {
  return {
    controller: new AbortController(),
    async *iterator() {
      for (const event of events) yield event;
      if (error) throw error;
    },
  };
}

/** Reads what the caller reads, leaving after `stopAt` items when given; the error it meets, if any. */
async function read(
  stream: { iterator(): AsyncIterator<unknown> },
  stopAt: number | undefined,
): Promise<{ items: unknown[]; error?: unknown }> {
  const items: unknown[] = [];
  try {
    for await (const item of { [Symbol.asyncIterator]: () => stream.iterator() }) {
      if (items.length === stopAt) break;
      items.push(item);
    }
    return { items };
  } catch (error) {
    return { items, error };
  }
}

const JSON_CALLS: Array<[string, PlanMaker, fc.Arbitrary<unknown>]> = [
  ['openai chat', openaiPlans.chatPlan, chatCompletion],
  ['openai responses', openaiPlans.responsesPlan, response],
  ['openai completions', openaiPlans.completionsPlan, completion],
  ['openai embeddings', openaiPlans.embeddingsPlan, embeddings],
  ['anthropic messages', anthropicPlans.chatPlan, message],
];

const STREAM_CALLS: Array<[string, PlanMaker, fc.Arbitrary<unknown>]> = [
  ['openai chat', openaiPlans.chatPlan, chatChunk],
  ['openai responses', openaiPlans.responsesPlan, responseEvent],
  ['openai completions', openaiPlans.completionsPlan, fc.oneof(completion, anyJson)],
  ['anthropic messages', anthropicPlans.chatPlan, messageEvent],
];

const request = (stream: boolean) => ({
  model: fc.constantFrom('gpt-4o-mini', 'claude-haiku-4-5', 'unknown-model'),
  messages: fc.array(fc.record({ role: fc.constantFrom('user', 'assistant'), content: text }), { maxLength: 3 }),
  input: text,
  prompt: text,
  stream: fc.constant(stream),
});

describe('a traced call, whatever the SDK method returns', () => {
  it.each(JSON_CALLS)('%s: the caller gets the very result, or the very error; the span ends', async (_name, plan, result) => {
    await fc.assert(
      fc.asyncProperty(fc.record(request(false)), fc.oneof(result, anyJson), fc.boolean(), async (body, data, fails) => {
        const error = new Error('the SDK failed');
        const method = (): Promise<unknown> => (fails ? Promise.reject(error) : Promise.resolve(data));
        await withSession({ name: 'fuzz' }, async () => {
          const returned = tracedCall(method, undefined, [body], () => plan(undefined, [body]), log) as Promise<unknown>;
          if (fails) await expect(returned).rejects.toBe(error);
          else expect(await returned).toBe(data);
        });
        expect(open()).toEqual([]);
      }),
      fuzzParameters(150),
    );
  });

  it.each(STREAM_CALLS)(
    '%s streams: every event reaches the caller as sent, an error mid-way too, and the span ends however the caller stops',
    async (_name, plan, event) => {
      await fc.assert(
        fc.asyncProperty(
          fc.record(request(true)),
          fc.array(event, { maxLength: 20 }),
          fc.option(fc.constant(new Error('terminated'))),
          fc.option(fc.nat(20)),
          async (body, events, error, stopAt) => {
            const stream = sdkStream(events, error ?? undefined);
            let seen: { items: unknown[]; error?: unknown } = { items: [] };
            await withSession({ name: 'fuzz' }, async () => {
              const returned = tracedCall(
                () => Promise.resolve(stream),
                undefined,
                [body],
                () => plan(undefined, [body]),
                log,
              );
              expect(await returned).toBe(stream);
              seen = await read(stream, stopAt ?? undefined);
            });
            const expected = stopAt !== null && stopAt < events.length ? events.slice(0, stopAt) : events;
            expect(seen.items).toEqual(expected);
            for (const [i, item] of seen.items.entries()) expect(item).toBe(expected[i]);
            expect(seen.error).toBe(stopAt !== null && stopAt < events.length ? undefined : (error ?? undefined));
            expect(open()).toEqual([]);
          },
        ),
        fuzzParameters(150),
      );
    },
  );

  it('odd user arguments (cycles, BigInt, functions, huge prompts) reach the SDK method as they are', async () => {
    const plans: PlanMaker[] = [...JSON_CALLS.map(([, plan]) => plan), anthropicPlans.countTokensPlan, anthropicPlans.batchPlan];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...plans),
        fc.record({
          model: fc.oneof(fc.string(), userValue),
          messages: userValue,
          input: userValue,
          system: userValue,
          requests: userValue,
        }),
        userValue,
        async (plan, body, options) => {
          const calls: unknown[][] = [];
          const answer = { id: 'x' };
          await withSession({ name: 'fuzz' }, async () => {
            const returned = tracedCall(
              (...args: unknown[]) => {
                calls.push(args);
                return Promise.resolve(answer);
              },
              undefined,
              [body, options],
              () => plan(undefined, [body, options]),
              log,
            );
            expect(await returned).toBe(answer);
          });
          expect(calls).toHaveLength(1);
          expect(calls[0]![0]).toBe(body);
          expect(calls[0]![1]).toBe(options);
          expect(open()).toEqual([]);
        },
      ),
      fuzzParameters(300),
    );
  });

  it('tools: odd arguments and results are recorded without changing what the tool gets and returns', async () => {
    await fc.assert(
      fc.asyncProperty(userValue, userValue, fc.boolean(), async (args, result, fails) => {
        const error = new Error('the tool failed');
        const tool = traceTool('fuzz', async (given: unknown) => {
          expect(given).toBe(args);
          if (fails) throw error;
          return result;
        });
        const outcome = withSession({ name: 'fuzz' }, () => tool(args));
        if (fails) await expect(outcome).rejects.toBe(error);
        else expect(await outcome).toBe(result);
        expect(open()).toEqual([]);
      }),
      fuzzParameters(300),
    );
  });
});
