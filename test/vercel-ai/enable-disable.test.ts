/**
 * The Vercel AI SDK provider inside one process, on `ai` 5 and 6 (their CommonJS builds) with the
 * SDK's own mock models: the manual path (`instrumentVercelAI`), turning the instrumentation off
 * and on again (off: the original functions run, the agent classes get their own methods back;
 * on: wrapped once, never twice), and what a call leaves of the caller's objects (nothing).
 */
import { currentClient } from '../../src/client';
import { instrumentVercelAI } from '../../src/index';
import { BaseInstrumentation } from '../../instrumentations/base/base-instrumentation';
import { ATTR_AGENTSIGHT_SPAN_KIND, SPAN_KIND } from '../../src/semconv';
import { startInProcess, type InProcess } from '../support/in-process';

type Json = Record<string, unknown>;
type Fn = (...args: unknown[]) => unknown;

interface Sdk {
  ai: Json;
  model: () => Json;
  agent: (model: Json, tools: Json) => { generate: Fn };
  tool: () => Json;
}

const usage = { inputTokens: { total: 3, noCache: 3 }, outputTokens: { total: 2 } };
const answer = (content: Json[], reason: string) => ({
  content,
  finishReason: { unified: reason, raw: reason },
  usage,
  warnings: [],
});

/** `ai` of a major as a module whose exports can be written (a CommonJS module usually can), and its mocks. */
function loadSdk(major: 5 | 6): Sdk {
  const ai = { ...(require(`ai-${major}`) as Json) };
  const test = require(`ai-${major}/test`) as Json;
  const toolCall = { type: 'tool-call', toolCallId: 'c1', toolName: 'get_weather', input: '{"city":"Paris"}' };
  const calls = [answer([toolCall], 'tool-calls'), answer([{ type: 'text', text: 'Sunny.' }], 'stop')];
  const v2 = (result: ReturnType<typeof answer>) => ({
    ...result,
    finishReason: result.finishReason.unified,
    usage: { inputTokens: 3, outputTokens: 2, totalTokens: 5 },
  });
  const model = (): Json => {
    let n = 0;
    const Mock = (major === 5 ? test.MockLanguageModelV2 : test.MockLanguageModelV3) as new (options: Json) => Json;
    return new Mock({
      modelId: 'gpt-4o-mini',
      provider: 'openai.chat',
      doGenerate: async () => {
        const result = calls[n++ % 2]!;
        return major === 5 ? v2(result) : result;
      },
    });
  };
  const Agent = (major === 5 ? ai.Experimental_Agent : ai.ToolLoopAgent) as new (settings: Json) => { generate: Fn };
  const z = require('zod') as { z: { object: Fn; string: Fn } };
  return {
    ai,
    model,
    agent: (m, tools) => new Agent({ id: 'weather-agent', name: 'weather-agent', model: m, tools, stopWhen: (ai.stepCountIs as Fn)(3) }),
    tool: () =>
      (ai.tool as Fn)({ description: 'Weather', inputSchema: z.z.object({ city: z.z.string() }), execute: async () => 'sunny' }) as Json,
  };
}

const kinds = (p: InProcess): unknown[] =>
  p
    .sessions()
    .flatMap((s) => s.spans)
    .map((s) => s.attributes[ATTR_AGENTSIGHT_SPAN_KIND])
    .filter((k) => k !== SPAN_KIND.SESSION);

describe.each([[5], [6]] as const)('ai %i', (major) => {
  let agentsight: InProcess | undefined;
  afterEach(async () => {
    await agentsight?.stop();
    agentsight = undefined;
  });

  it("traces calls and agent loops through the manual path, leaving the caller's model and tools as they were", async () => {
    const { ai, model, agent, tool } = loadSdk(major);
    agentsight = startInProcess();
    expect(instrumentVercelAI(ai)).toBe(true);
    const m = model();
    const tools = { get_weather: tool() };
    const execute = tools.get_weather.execute;
    const modelKeys = Object.keys(m);

    // The mock answers with a tool call: a call without tools just returns it.
    const result = (await (ai.generateText as Fn)({ model: model(), prompt: 'Hi' })) as { text: string; finishReason: string };
    expect(result.finishReason).toBe('tool-calls');
    const looped = (await agent(m, tools).generate({ prompt: 'Weather in Paris?' })) as { text: string; steps: unknown[] };
    expect(looped.text).toBe('Sunny.');
    expect(looped.steps).toHaveLength(2);
    // Nothing of ours stays on the caller's objects.
    expect(tools.get_weather.execute).toBe(execute);
    expect(Object.keys(m)).toEqual(modelKeys);
    expect((m.doGenerateCalls as unknown[]).length).toBe(2);

    await agentsight.stop();
    expect(kinds(agentsight)).toEqual([
      SPAN_KIND.LLM,
      // The agent loop: two steps, each with its model call, the tool in the first.
      SPAN_KIND.LLM,
      SPAN_KIND.TOOL,
      SPAN_KIND.STEP,
      SPAN_KIND.LLM,
      SPAN_KIND.STEP,
      SPAN_KIND.AGENT,
    ]);
  });

  it('gives the original functions and agent methods back when disabled, and wraps them once when enabled again', async () => {
    const { ai, model, agent, tool } = loadSdk(major);
    const Agent = (major === 5 ? ai.Experimental_Agent : ai.ToolLoopAgent) as { prototype: Json };
    const originals = { generateText: ai.generateText, streamText: ai.streamText, generate: Agent.prototype.generate };
    agentsight = startInProcess();
    instrumentVercelAI(ai);
    const instrumentations = currentClient()!.instrumentations!;
    const wrapped = { generateText: ai.generateText, streamText: ai.streamText, generate: Agent.prototype.generate };
    for (const fn of Object.values(wrapped)) expect(BaseInstrumentation.isWrapped(fn)).toBe(true);
    expect((wrapped.generateText as Fn).name).toBe((originals.generateText as Fn).name);
    expect((wrapped.generateText as Fn).length).toBe((originals.generateText as Fn).length);

    instrumentations.disable('vercel-ai');
    expect(Agent.prototype.generate).toBe(originals.generate);
    // A function replaced in the module's exports stays ours, and runs the original first thing.
    await (ai.generateText as Fn)({ model: model(), prompt: 'Hi' });

    instrumentations.enable('vercel-ai');
    instrumentVercelAI(ai); // a second manual call changes nothing
    expect(ai.generateText).toBe(wrapped.generateText);
    expect(BaseInstrumentation.isWrapped(Agent.prototype.generate)).toBe(true);
    await (ai.generateText as Fn)({ model: model(), prompt: 'Hi' });
    await agent(model(), { get_weather: tool() }).generate({ prompt: 'Weather in Paris?' });

    await agentsight.stop();
    expect(Agent.prototype.generate).toBe(originals.generate);
    // The call made while disabled left no span; each traced call made one (nothing wrapped twice).
    const spans = kinds(agentsight);
    expect(spans.filter((k) => k === SPAN_KIND.LLM)).toHaveLength(3);
    expect(spans.filter((k) => k === SPAN_KIND.AGENT)).toHaveLength(1);
  });

  it('traces an agent class given alone (the manual path of a bundled app)', async () => {
    const { ai, model, agent, tool } = loadSdk(major);
    agentsight = startInProcess();
    expect(instrumentVercelAI(major === 5 ? ai.Experimental_Agent : ai.ToolLoopAgent)).toBe(true);
    await agent(model(), { get_weather: tool() }).generate({ prompt: 'Weather in Paris?' });
    await agentsight.stop();
    expect(kinds(agentsight).filter((k) => k === SPAN_KIND.AGENT)).toHaveLength(1);
  });
});
