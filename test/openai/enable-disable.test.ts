/**
 * Turning the OpenAI instrumentation off and on again: off gives the SDK back exactly as it was
 * (the resource prototypes' `create` and the lazily wrapped `APIPromise.prototype.asResponse` are
 * the original functions), on wraps them once, never twice.
 */
import { currentClient } from '../../src/client';
import { instrumentOpenAI } from '../../src/index';
import { BaseInstrumentation } from '../../instrumentations/base/base-instrumentation';
import { startMockLlmServer, type MockLlmServer } from '../support/mock-llm-server';
import { startInProcess, type InProcess } from '../support/in-process';
import { MAJORS } from './scenario-table';
import { loadSdk, resourcePrototypes } from './support/sdk-alias';
import { ATTR_AGENTSIGHT_SPAN_KIND, SPAN_KIND } from '../../src/semconv';

let mock: MockLlmServer;
beforeAll(async () => {
  mock = await startMockLlmServer();
});
afterAll(() => mock.close());

describe.each(MAJORS.map((m) => [m]))('openai %i', (major) => {
  let agentsight: InProcess;
  afterEach(() => agentsight?.stop());

  it('restores the original prototypes when disabled, and wraps them once when enabled again', async () => {
    const { module, APIPromise } = loadSdk(major);
    const client = new module.OpenAI({ apiKey: 'sk-test', baseURL: mock.openaiBaseURL });
    const prototypes = resourcePrototypes(client);
    const originalCreates = prototypes.map((p) => p.create);
    const originalAsResponse = APIPromise.prototype.asResponse;
    const call = () => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });

    agentsight = startInProcess();
    expect(instrumentOpenAI(module)).toBe(true);
    const instrumentation = currentClient()!.instrumentations!;
    await call();
    expect(prototypes.every((p) => BaseInstrumentation.isWrapped(p.create))).toBe(true);
    expect(APIPromise.prototype.asResponse).not.toBe(originalAsResponse);

    instrumentation.disable('openai');
    expect(prototypes.map((p) => p.create)).toEqual(originalCreates);
    expect(prototypes.every((p, i) => p.create === originalCreates[i])).toBe(true);
    expect(APIPromise.prototype.asResponse).toBe(originalAsResponse);

    instrumentation.enable('openai');
    instrumentOpenAI(module); // a second manual call changes nothing
    const wrapped = prototypes.map((p) => p.create);
    expect(wrapped.every((fn, i) => BaseInstrumentation.isWrapped(fn) && fn !== originalCreates[i])).toBe(true);
    await call();
    expect(prototypes.map((p) => p.create)).toEqual(wrapped);

    await agentsight.stop();
    expect(prototypes.every((p, i) => p.create === originalCreates[i])).toBe(true);
    expect(APIPromise.prototype.asResponse).toBe(originalAsResponse);
    // Two traced calls, each one span: the second enable did not wrap the wrapper.
    const llmSpans = agentsight
      .sessions()
      .flatMap((s) => s.spans)
      .filter((s) => s.attributes[ATTR_AGENTSIGHT_SPAN_KIND] === SPAN_KIND.LLM);
    expect(llmSpans).toHaveLength(2);
  });

  it('keeps the wrapped create looking like the original (name and length)', async () => {
    const { module } = loadSdk(major);
    const client = new module.OpenAI({ apiKey: 'sk-test', baseURL: mock.openaiBaseURL });
    const [chatPrototype] = resourcePrototypes(client);
    const original = chatPrototype!.create as (...args: unknown[]) => unknown;
    agentsight = startInProcess();
    instrumentOpenAI(client);
    const wrapped = chatPrototype!.create as (...args: unknown[]) => unknown;
    expect(wrapped).not.toBe(original);
    expect(wrapped.name).toBe(original.name);
    expect(wrapped.length).toBe(original.length);
  });
});
