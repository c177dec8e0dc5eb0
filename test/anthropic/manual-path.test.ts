/**
 * The manual path (`instrumentAnthropic(moduleOrClient)`, for bundled apps and SDKs loaded before
 * `init()`), run in-process against the mock with the real SDK: the module, the class or a client
 * instance instruments every client of that class set; disable puts the original methods back,
 * enable wraps them again.
 */
import { currentClient } from '../../src/client';
import { setLogLevel } from '../../src/diag';
import { instrumentAnthropic } from '../../src/index';
import { BaseInstrumentation } from '../../instrumentations/base/base-instrumentation';
import { startInProcess, type InProcess } from '../support/in-process';
import { startMockLlmServer, type MockLlmServer } from '../support/mock-llm-server';
import { ATTR_AGENTSIGHT_SPAN_KIND, SPAN_KIND } from '../../src/semconv';

type Json = Record<string, unknown>;
interface Resource {
  create(body: Json, options?: Json): Promise<Json> & { withResponse(): Promise<Json> };
  countTokens?(body: Json): Promise<Json>;
  stream(body: Json): { finalMessage(): Promise<Json> };
}
interface Client {
  messages: Resource;
  beta: { messages: Resource };
}
type ClientClass = new (options: Json) => Client;

const body = { model: 'claude-haiku-4-5', max_tokens: 32, messages: [{ role: 'user', content: 'Say hello' }] };

let mock: MockLlmServer;
let agentsight: InProcess | undefined;
beforeAll(async () => {
  mock = await startMockLlmServer();
});
afterAll(async () => {
  await mock.close();
});
afterEach(async () => {
  await agentsight?.stop();
  agentsight = undefined;
});

const llmSpanNames = (a: InProcess): string[] =>
  a
    .sessions()
    .flatMap((s) => s.spans)
    .filter((s) => s.attributes[ATTR_AGENTSIGHT_SPAN_KIND] === SPAN_KIND.LLM)
    .map((s) => s.name)
    .sort();

describe.each([
  ['anthropic-1', 'the module', (m: Json) => m],
  ['anthropic-0.137', 'the Anthropic class', (m: Json) => m.Anthropic],
  ['anthropic-0.30', 'a client instance', (m: Json) => new (m as unknown as ClientClass)({ apiKey: 'k', baseURL: 'http://127.0.0.1:9' })],
])('%s, given %s', (alias, _what, pick) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK versions installed for the tests
  const sdk = require(alias) as Json;
  const Anthropic = (sdk.Anthropic ?? sdk) as ClientClass;

  it('traces every client of the class set, one LLM span per call', async () => {
    agentsight = startInProcess({ sessionName: 'manual' });
    expect(instrumentAnthropic(pick(sdk))).toBe(true);
    const client = new Anthropic({ apiKey: 'k', baseURL: mock.url });
    await client.messages.create(body);
    await client.messages.stream(body).finalMessage();
    await client.beta.messages.create(body);
    if (client.messages.countTokens) await client.messages.countTokens({ model: body.model, messages: body.messages });
    await agentsight.stop();
    const expected = ['chat claude-haiku-4-5', 'chat claude-haiku-4-5', 'chat claude-haiku-4-5'];
    if (client.messages.countTokens) expected.push('count_tokens claude-haiku-4-5');
    expect(llmSpanNames(agentsight)).toEqual(expected.sort());
  });

  it('disable puts the original methods back and enable wraps them again', async () => {
    const proto = Object.getPrototypeOf(new Anthropic({ apiKey: 'k' }).messages) as Json;
    const original = proto.create;
    agentsight = startInProcess({ sessionName: 'manual' });
    instrumentAnthropic(pick(sdk));
    expect(BaseInstrumentation.isWrapped(proto.create)).toBe(true);
    const manager = currentClient()!.instrumentations!;
    manager.disable('anthropic');
    expect(proto.create).toBe(original);
    manager.enable('anthropic');
    expect(BaseInstrumentation.isWrapped(proto.create)).toBe(true);
    await agentsight.stop();
    expect(proto.create).toBe(original);
  });
});

it('says nothing was instrumented before init()', () => {
  setLogLevel('none'); // its warning is the expected outcome here
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(instrumentAnthropic(require('anthropic-1'))).toBe(false);
    expect(instrumentAnthropic({ not: 'a client' })).toBe(false);
  } finally {
    setLogLevel('warn');
  }
});
