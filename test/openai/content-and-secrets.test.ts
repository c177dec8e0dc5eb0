/**
 * What content reaches the exporters: prompts and completions by default (each attribute capped,
 * with a visible marker, secrets in them redacted), placeholders for images and audio (never their
 * bytes), nothing of it when capture is off by either variable, and never the API key or an auth
 * header, in any exported byte (raw OTLP request bodies, the local store's files, the console
 * exporter's output), with redaction on or off.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { TRUNCATION_MARKER } from '../../src/content/capped-json';
import { startMockLlmServer, type MockLlmServer } from '../support/mock-llm-server';
import { decodeOtlp, type OtlpSpan } from '../support/otlp-receiver';
import { cleanEnv, runNode, type RunResult } from '../support/run-node';
import { sdkApp, writeAppScript } from '../support/sdk-apps';
import {
  ATTR_AGENTSIGHT_SPAN_KIND,
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  SPAN_KIND,
} from '../../src/semconv';

const SECRET_KEY = 'sk-agentsight-do-not-record-4f1c9e';
const SECRET_HEADER = 'Bearer header-secret-7d2a';
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const AUDIO_BASE64 = 'UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQAAAAA=';
const PROMPT = 'Describe the picture of the lighthouse';
/** A key the user pasted into a prompt: content, so redacted by the built-in patterns. */
const PROMPT_KEY = 'sk-proj-PastedIntoThePrompt0123456789abcdef';

/** An OTLP endpoint that keeps every request body as sent (decompressed when compressed). */
async function startRawSink(): Promise<{ url: string; bodies: Buffer[]; close(): Promise<void> }> {
  const bodies: Buffer[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      bodies.push(req.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(raw) : raw);
      res.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-length': 0 }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bodies,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const APP = `
const OpenAI = require('openai');
const client = new OpenAI({ apiKey: ${JSON.stringify(SECRET_KEY)}, baseURL: process.env.MOCK_URL + '/v1', defaultHeaders: { 'x-proxy-authorization': ${JSON.stringify(SECRET_HEADER)} } });
(async () => {
  await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [
    { role: 'system', content: 'You are a museum guide.' },
    { role: 'user', content: [
      { type: 'text', text: ${JSON.stringify(PROMPT)} },
      { type: 'image_url', image_url: { url: 'data:image/png;base64,${PNG_BASE64}' } },
      { type: 'input_audio', input_audio: { data: '${AUDIO_BASE64}', format: 'wav' } },
    ] },
  ] });
  for await (const _ of await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: ${JSON.stringify(PROMPT)} }], stream: true }));
  await client.responses.create({ model: 'gpt-4o-mini', instructions: 'You are a museum guide.', input: [{ role: 'user', content: [{ type: 'input_text', text: ${JSON.stringify(PROMPT)} }, { type: 'input_image', image_url: 'data:image/png;base64,${PNG_BASE64}' }] }] });
  await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'lighthouse '.repeat(200) }] });
  await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }, { headers: { 'x-mock-scenario': '{"status":401}' }, maxRetries: 0 }).catch(() => {});
  await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Deploy with ${PROMPT_KEY} please' }] });
})();
`;

interface Exported {
  run: RunResult;
  /** Every byte that left the process: raw OTLP bodies, store files, stdout and stderr. */
  bytes: string;
  spans: OtlpSpan[];
}

let mock: MockLlmServer;
beforeAll(async () => {
  mock = await startMockLlmServer();
});
afterAll(() => mock.close());

async function runApp(env: Record<string, string>): Promise<Exported> {
  const sink = await startRawSink();
  const store = fs.mkdtempSync(path.join(os.tmpdir(), 'agentsight-secrets-'));
  try {
    const dir = sdkApp(['openai-7']);
    const script = writeAppScript(dir, `secrets-${process.pid}.cjs`, APP);
    const run = await runNode(['--require', 'agentsight/register', path.basename(script)], {
      cwd: dir,
      env: cleanEnv({
        MOCK_URL: mock.url,
        AGENTSIGHT_EXPORTERS: 'local,otlp,console',
        AGENTSIGHT_DIR: store,
        OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
        ...env,
      }),
    });
    fs.rmSync(script, { force: true });
    const files = fs.readdirSync(store, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    const storeBytes = files.map((f) => fs.readFileSync(path.join(f.parentPath, f.name), 'latin1')).join('\n');
    const spans = sink.bodies.flatMap((body) => {
      try {
        return decodeOtlp('traces', new Uint8Array(body), 'protobuf').spans;
      } catch {
        return []; // a metrics or logs body
      }
    });
    const bytes = [...sink.bodies.map((b) => b.toString('latin1')), storeBytes, run.stdout, run.stderr].join('\n');
    return { run, bytes, spans };
  } finally {
    await sink.close();
    fs.rmSync(store, { recursive: true, force: true });
  }
}

const llmSpans = (e: Exported) => e.spans.filter((s) => s.attributes[ATTR_AGENTSIGHT_SPAN_KIND] === SPAN_KIND.LLM);
const CONTENT = [ATTR_GEN_AI_INPUT_MESSAGES, ATTR_GEN_AI_OUTPUT_MESSAGES, ATTR_GEN_AI_SYSTEM_INSTRUCTIONS];

describe('content capture on (the default)', () => {
  let exported: Exported;
  beforeAll(async () => {
    exported = await runApp({ AGENTSIGHT_CONTENT_MAX_CHARS: '400' });
  }, 60_000);

  it('records prompts and completions in the semconv message schema', () => {
    expect(exported.run.code).toBe(0);
    const [first] = llmSpans(exported);
    expect(JSON.parse(String(first?.attributes[ATTR_GEN_AI_INPUT_MESSAGES]))).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'You are a museum guide.' }] },
      {
        role: 'user',
        parts: [
          { type: 'text', content: PROMPT },
          { type: 'omitted', modality: 'image', mime_type: 'image/png', size_bytes: 70 },
          { type: 'omitted', modality: 'audio', mime_type: 'audio/wav', size_bytes: 44 },
        ],
      },
    ]);
    expect(JSON.parse(String(first?.attributes[ATTR_GEN_AI_OUTPUT_MESSAGES]))).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'Hello from the mock LLM server.' }], finish_reason: 'stop' },
    ]);
    const responses = llmSpans(exported)[2];
    expect(JSON.parse(String(responses?.attributes[ATTR_GEN_AI_SYSTEM_INSTRUCTIONS]))).toEqual([
      { type: 'text', content: 'You are a museum guide.' },
    ]);
  });

  it('never exports image or audio bytes, only placeholders', () => {
    expect(exported.bytes).toContain(PROMPT);
    expect(exported.bytes).not.toContain(PNG_BASE64.slice(0, 24));
    expect(exported.bytes).not.toContain(AUDIO_BASE64.slice(0, 24));
  });

  it('caps each content attribute, with a visible truncation marker', () => {
    const long = llmSpans(exported)[3]?.attributes[ATTR_GEN_AI_INPUT_MESSAGES];
    expect(typeof long).toBe('string');
    expect(String(long).length).toBeLessThanOrEqual(400);
    expect(String(long)).toContain(TRUNCATION_MARKER);
  });

  it('redacts a key pasted into a prompt: a marker in its place, in every exported byte', () => {
    const prompt = JSON.parse(String(llmSpans(exported)[5]?.attributes[ATTR_GEN_AI_INPUT_MESSAGES]));
    expect(prompt).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'Deploy with [REDACTED:openai_api_key] please' }] }]);
    expect(exported.bytes).not.toContain(PROMPT_KEY);
  });

  it('never exports the API key nor an auth header, in any byte', () => {
    expect(llmSpans(exported)).toHaveLength(6);
    expect(llmSpans(exported)[4]?.attributes[ATTR_ERROR_TYPE]).toBe('AuthenticationError');
    expect(exported.bytes).not.toContain(SECRET_KEY);
    expect(exported.bytes).not.toContain(SECRET_KEY.slice(3, 20));
    expect(exported.bytes).not.toContain(SECRET_HEADER);
    expect(exported.bytes).not.toContain('header-secret');
  });
});

describe.each([['AGENTSIGHT_CAPTURE_CONTENT'], ['OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT']])('%s=false', (variable) => {
  it('records no prompt and no completion, anywhere; the spans keep everything else', async () => {
    const exported = await runApp({ [variable]: 'false' });
    const spans = llmSpans(exported);
    expect(spans).toHaveLength(6);
    for (const span of spans) for (const key of CONTENT) expect(span.attributes[key]).toBeUndefined();
    expect(spans[0]?.attributes).toMatchObject({ [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 11, [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: ['stop'] });
    expect(exported.bytes).not.toContain(PROMPT);
    expect(exported.bytes).not.toContain('museum guide');
    expect(exported.bytes).not.toContain(SECRET_KEY);
  });
});

describe('AGENTSIGHT_REDACT=false', () => {
  it('records prompts as they are; the API key and auth headers still appear nowhere', async () => {
    const exported = await runApp({ AGENTSIGHT_REDACT: 'false' });
    expect(String(llmSpans(exported)[5]?.attributes[ATTR_GEN_AI_INPUT_MESSAGES])).toContain(PROMPT_KEY);
    expect(exported.bytes).not.toContain(SECRET_KEY);
    expect(exported.bytes).not.toContain('header-secret');
  });
});
