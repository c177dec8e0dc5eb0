/**
 * Redaction as a user configures it: the built-in patterns on captured content (on by default,
 * `redact: false` or `AGENTSIGHT_REDACT=false` to turn them off), and the `init({ redact })` hook,
 * which runs once per span on its attributes before any exporter sees them.
 */
import { SpanKind, type Attributes } from '@opentelemetry/api';
import type { RedactHook } from '../src/content/redaction';
import { traceTool, withSession, withTool } from '../src/index';
import {
  ATTR_AGENTSIGHT_SPAN_KIND,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_SESSION_ID,
  SPAN_KIND,
} from '../src/semconv';
import type { SpanRecord } from '../src/store/format';
import { startInProcess, type InProcess } from './support/in-process';

const KEY = 'sk-proj-Ab3dEf6hIjKlMnOpQrStUvWxYz0123456789';
const spansOf = (agentsight: InProcess): SpanRecord[] => agentsight.sessions().flatMap((s) => s.spans);
const tool = (agentsight: InProcess, name: string): SpanRecord => spansOf(agentsight).find((s) => s.name === `execute_tool ${name}`)!;

/** Runs one tool call whose arguments and result hold a key and an e-mail address. */
async function callTool(): Promise<unknown> {
  const lookup = traceTool('lookup', (args: { apiKey: string; email: string }) => ({ owner: args.email, key: args.apiKey }));
  return withSession({ name: 'redaction' }, () => lookup({ apiKey: KEY, email: 'ada@example.com' }));
}

describe('built-in redaction of captured content', () => {
  let agentsight: InProcess | undefined;
  afterEach(async () => {
    await agentsight?.stop();
    agentsight = undefined;
  });

  it('is on by default: keys in tool arguments and results become markers, the caller gets its value', async () => {
    agentsight = startInProcess({ autoSession: false });
    expect(await callTool()).toEqual({ owner: 'ada@example.com', key: KEY });
    await agentsight.stop();
    const attributes = tool(agentsight, 'lookup').attributes;
    expect(JSON.parse(String(attributes[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]))).toEqual({
      apiKey: '[REDACTED:openai_api_key]',
      email: 'ada@example.com',
    });
    expect(JSON.parse(String(attributes[ATTR_GEN_AI_TOOL_CALL_RESULT]))).toEqual({
      owner: 'ada@example.com',
      key: '[REDACTED:openai_api_key]',
    });
    expect(JSON.stringify(agentsight.sessions())).not.toContain(KEY);
  });

  it.each([
    ['init({ redact: false })', { redact: false }, {}],
    ['AGENTSIGHT_REDACT=false', {}, { AGENTSIGHT_REDACT: 'false' }],
  ])('%s turns it off', async (_name, options, env) => {
    agentsight = startInProcess({ autoSession: false, ...options }, env);
    await callTool();
    await agentsight.stop();
    expect(JSON.parse(String(tool(agentsight, 'lookup').attributes[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS])).apiKey).toBe(KEY);
  });
});

describe('the init({ redact }) hook', () => {
  let agentsight: InProcess | undefined;
  let stderr: jest.SpyInstance;
  beforeEach(() => {
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(async () => {
    await agentsight?.stop();
    agentsight = undefined;
    stderr.mockRestore();
  });
  const warnings = (): string[] => stderr.mock.calls.map((c) => String(c[0])).filter((line) => line.includes(' warn: '));

  it('runs once per span, on its attributes, and what it leaves is exported (built-in redaction still on)', async () => {
    const seen: Array<{ name: string; kind: SpanKind }> = [];
    const redact: RedactHook = (attributes, span) => {
      seen.push({ name: span.name, kind: span.kind });
      for (const [key, value] of Object.entries(attributes)) {
        if (typeof value === 'string') attributes[key] = value.replace(/[\w.]+@[\w.]+/g, '<email>');
      }
    };
    agentsight = startInProcess({ autoSession: false, redact });
    await callTool();
    await agentsight.stop();
    expect(seen).toEqual([
      { name: 'execute_tool lookup', kind: SpanKind.INTERNAL },
      { name: 'session redaction', kind: SpanKind.INTERNAL },
    ]);
    const text = JSON.stringify(agentsight.sessions().map((s) => s.spans));
    expect(text).not.toContain('ada@example.com');
    expect(text).not.toContain(KEY);
    expect(JSON.parse(String(tool(agentsight, 'lookup').attributes[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]))).toEqual({
      apiKey: '[REDACTED:openai_api_key]',
      email: '<email>',
    });
  });

  it('may return the attributes to keep instead of editing them; keys it leaves out are gone, but for what files the span', async () => {
    agentsight = startInProcess({
      autoSession: false,
      redact: (attributes): Attributes => ({ [ATTR_GEN_AI_TOOL_NAME]: attributes[ATTR_GEN_AI_TOOL_NAME] ?? 'none' }),
    });
    await withSession({ name: 's' }, () => withTool({ name: 'kept', args: { a: 1 } }, () => 2));
    await agentsight.stop();
    const [session] = agentsight.sessions();
    expect(tool(agentsight, 'kept').attributes).toEqual({
      [ATTR_GEN_AI_TOOL_NAME]: 'kept',
      [ATTR_SESSION_ID]: session!.id,
      [ATTR_AGENTSIGHT_SPAN_KIND]: SPAN_KIND.TOOL,
    });
  });

  it('that throws: the span is exported without its captured content, the caller is untouched, logged once', async () => {
    agentsight = startInProcess({
      autoSession: false,
      redact: () => {
        throw new Error('redaction broke (injected)');
      },
    });
    const results = await withSession({ name: 's' }, async () => [
      await withTool({ name: 'first', args: { a: 1 } }, () => 'one'),
      await withTool({ name: 'second', args: { b: 2 } }, () => 'two'),
    ]);
    await agentsight.stop();
    expect(results).toEqual(['one', 'two']);
    for (const name of ['first', 'second']) {
      const attributes = tool(agentsight, name).attributes;
      expect(attributes[ATTR_GEN_AI_TOOL_NAME]).toBe(name);
      expect(attributes[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]).toBeUndefined();
      expect(attributes[ATTR_GEN_AI_TOOL_CALL_RESULT]).toBeUndefined();
    }
    expect(warnings().filter((line) => line.includes('the redact hook threw'))).toHaveLength(1);
  });

  it('drops values that are not attribute values, logged once', async () => {
    agentsight = startInProcess({
      autoSession: false,
      redact: (attributes) => ({ ...attributes, odd: { nested: true } as never, also: (() => 1) as never }),
    });
    await withSession({ name: 's' }, () => withTool('t', () => 1));
    await agentsight.stop();
    expect(tool(agentsight, 't').attributes).not.toHaveProperty('odd');
    expect(tool(agentsight, 't').attributes).not.toHaveProperty('also');
    expect(warnings().filter((line) => line.includes('not an attribute value'))).toHaveLength(1);
  });
});
