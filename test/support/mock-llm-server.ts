/**
 * A local HTTP server that speaks the OpenAI and Anthropic wire formats closely enough that the
 * real `openai` (v4–v7) and `@anthropic-ai/sdk` (0.30–1.x) clients work against it through
 * `baseURL`, unmodified.
 *
 * Routes: `POST /v1/chat/completions`, `/v1/responses`, `/v1/embeddings`, `/v1/completions`
 * (OpenAI) and `POST /v1/messages`, `/v1/messages/count_tokens`, `/v1/messages/batches`
 * (Anthropic; the beta clients add `?beta=true`, which is recorded and otherwise ignored).
 * Any route can also answer with bytes given by the test (`raw`: an odd JSON body, invalid UTF-8,
 * SSE events of any type and order), for fuzzing the SDKs' and agentsight's handling of the wire.
 * Control routes for out-of-process use (demo, benchmarks): `POST /__mock/enqueue` (body: a
 * {@link MockScenario}, or `{ scenario, path?, times? }`), `POST /__mock/reset`,
 * `GET /__mock/requests`.
 *
 * Deterministic token rule (so tests can assert exact numbers; see {@link countMockTokens}):
 * - input tokens = the number of whitespace-separated words in the prompt text, minimum 1. Prompt
 *   text is every string under the request's `system`, `instructions`, `prompt`, `input` and
 *   `messages` fields, either directly (string or array of strings) or as the value of a nested
 *   `content`, `text` or `output` key (so text parts, tool results and `function_call_output`
 *   items count; roles, ids, images, tool definitions and tool-call arguments do not).
 *   {@link mockPromptTokens} computes it from a request body.
 * - output tokens = words of the generated text (per choice, times `n`), plus words of each tool
 *   call's compact-JSON arguments (so 1 per call unless the arguments contain spaces), plus, for
 *   Anthropic, words of the thinking text; for OpenAI plus `usage.reasoningTokens`.
 * - the OpenAI cached-token count is a subset of `prompt_tokens` (as in the real API); the
 *   Anthropic cache read/creation counts are in addition to `input_tokens` (as in the real API).
 * - embeddings: per input, words of a string input or the length of a token array.
 *
 * This file must stay runnable by Node's type stripping (see `scripts/mock-llm-server.mjs`): only
 * `node:` imports and erasable TypeScript (no enums, namespaces or parameter properties).
 */
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A tool call the mock should make (OpenAI `tool_calls` / function_call items, Anthropic `tool_use`). */
export interface MockToolCall {
  name: string;
  /** An object (serialised as compact JSON) or a raw argument string (sent verbatim). Default `{}`. */
  arguments?: Record<string, unknown> | string;
  /** Tool-call id; default a generated `call_…` / `toolu_…` id. */
  id?: string;
  /** OpenAI streaming delta `index` (default: position in the list); lets tests use indexes that are not 0. */
  index?: number;
}

/** Usage numbers to report instead of the computed ones (names are provider neutral). */
export interface MockUsage {
  /** `prompt_tokens` / `input_tokens` as sent on the wire. */
  inputTokens?: number;
  /** `completion_tokens` / `output_tokens` as sent on the wire (then reasoning is not added). */
  outputTokens?: number;
  /** OpenAI `cached_tokens`; Anthropic `cache_read_input_tokens`. */
  cachedTokens?: number;
  /** Anthropic `cache_creation_input_tokens` (ignored by OpenAI routes). */
  cacheCreationTokens?: number;
  /** OpenAI `reasoning_tokens`; added to the output tokens unless `outputTokens` is given. */
  reasoningTokens?: number;
}

/**
 * How the mock answers one request. Given per request as JSON in the `x-mock-scenario` header, or
 * queued with {@link MockLlmServer.enqueue}; when both apply, the header's fields win.
 */
export interface MockScenario {
  /** Answer with this HTTP error status (>= 400) and the provider's JSON error body. */
  status?: number;
  /** Error `type` (OpenAI `error.type`, Anthropic `error.type`); default derived from the status. */
  errorType?: string;
  /** OpenAI `error.code`; default derived from the status. */
  errorCode?: string | null;
  /** Error message; default a short description of the status. */
  errorMessage?: string;
  /** Send a `retry-after-ms` header with this value. Note: openai < 6 and anthropic SDKs ignore 0 (they fall back to their own backoff); use 1. */
  retryAfterMs?: number;
  /** Send a `retry-after` header (seconds). */
  retryAfterSeconds?: number;
  /** Send `x-should-retry: true|false` (both SDKs obey it over their status-based rule). */
  shouldRetry?: boolean;
  /** Number of content chunks of a stream (text split into exactly this many deltas). Default one per word. */
  chunks?: number;
  /** Generated text. Default "Hello from the mock LLM server." (or N words when `chunks` is N). */
  text?: string;
  /** Answer with tool calls when the request declares tools and is not answering a tool result. `'auto'` = call the first declared tool with `{}`. */
  toolCalls?: MockToolCall[] | 'auto';
  /** Number of stream chunks each tool call's arguments are split into (default 3). */
  argumentChunks?: number;
  /** Stream the argument chunks of parallel tool calls round-robin instead of one call after the other. */
  interleaveToolCalls?: boolean;
  /** Anthropic: emit a thinking block with this text (and a signature) before the answer. */
  thinking?: string;
  /** Destroy the socket after this many SSE messages (a stream cut mid-way); for JSON, after half the body. */
  cutAfterChunks?: number;
  /** Send an in-band provider error event after this many SSE messages, then end the stream. */
  streamErrorAfterChunks?: number;
  /** Delay before the status line and headers. */
  delayMs?: number;
  /** Delay between the headers and the first SSE message (time to first token). */
  firstChunkDelayMs?: number;
  /** Delay before every following SSE message. */
  chunkDelayMs?: number;
  /** A 200 whose body is not valid JSON (for a stream: the second SSE message's data is not JSON). */
  malformed?: boolean;
  /** Override reported usage. */
  usage?: MockUsage;
  /** Never answer (the connection stays open until the client aborts or the server closes). */
  hang?: boolean;
  /** Model name to report instead of the resolved one. */
  model?: string;
  /** Finish reason / stop reason to report instead of the computed one. */
  finishReason?: string;
  /** OpenAI `service_tier` to report (default: the request's, with `auto` reported as `default`). */
  serviceTier?: string;
  /** Embedding dimensions when the request has no `dimensions` (default 1536; 3072 for *-3-large). */
  embeddingDimensions?: number;
  /** Extra response headers. */
  headers?: Record<string, string>;
  /**
   * Answer with exactly these bytes (base64) and this content type, with `status` (default 200),
   * instead of a generated reply: any JSON body, invalid UTF-8, or an SSE stream of any events
   * (`text/event-stream`; see {@link sseBytes}). Better queued than sent in the header: it can be large.
   */
  raw?: { contentType: string; base64: string };
}

/** Which requests a queued scenario applies to. */
export interface EnqueueOptions {
  /** Only requests to this path (without query), e.g. `/v1/chat/completions`. Default: any route. */
  path?: string;
  /** How many matching requests consume it (default 1). */
  times?: number;
}

/** One request as received. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  /** Lower-cased names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Parsed JSON body, or undefined when the body is empty or not JSON. */
  body: unknown;
  rawBody: string;
  /** `Date.now()` when the request body had been read. */
  time: number;
  /** The scenario that was applied (queue and header merged). */
  scenario: MockScenario;
}

export interface MockLlmServer {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly port: number;
  /** `url + '/v1'`, for `new OpenAI({ baseURL })`. */
  readonly openaiBaseURL: string;
  /** `url`, for `new Anthropic({ baseURL })`. */
  readonly anthropicBaseURL: string;
  /** Every LLM request received since start or the last `reset()` (control routes excluded). */
  readonly requests: readonly RecordedRequest[];
  /** Requests to one path (without query). */
  requestsTo(path: string): RecordedRequest[];
  /** Queue a scenario for the next matching request(s); queued scenarios are consumed in order. */
  enqueue(scenario: MockScenario, options?: EnqueueOptions): void;
  /** Forget recorded requests and queued scenarios. */
  reset(): void;
  /** Stop listening and destroy every open connection (hanging and kept-alive ones included). */
  close(): Promise<void>;
}

export interface MockLlmServerOptions {
  /** Default 0 (a free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

/** The `x-mock-scenario` header for a per-request scenario, e.g. `{ headers: scenarioHeader({ chunks: 50 }) }`. */
export function scenarioHeader(scenario: MockScenario): Record<string, string> {
  return { 'x-mock-scenario': JSON.stringify(scenario) };
}

/** An SSE stream's bytes, for {@link MockScenario.raw}: each message's `event:` line (if any) and `data:` lines. */
export function sseBytes(messages: ReadonlyArray<{ event?: string; data: string | Buffer }>): Buffer {
  return Buffer.concat(
    messages.map((m) =>
      Buffer.concat([
        Buffer.from(m.event !== undefined ? `event: ${m.event}\ndata: ` : 'data: '),
        Buffer.from(m.data),
        Buffer.from('\n\n'),
      ]),
    ),
  );
}

/** The mock's token count of a text: its number of whitespace-separated words. */
export function countMockTokens(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/).length;
}

/** The input-token count the mock reports for a request body (see the rule at the top of this file). */
export function mockPromptTokens(body: unknown): number {
  if (!isObject(body)) return 1;
  const texts: string[] = [];
  for (const field of ['system', 'instructions', 'prompt', 'input', 'messages']) collectText(body[field], texts);
  const words = texts.reduce((sum, text) => sum + countMockTokens(text), 0);
  return Math.max(1, words);
}

/**
 * The embedding the mock returns for an input: values are multiples of 1/256 in [-0.5, 0.5), so
 * they are exact in float32 and survive the base64 round trip unchanged.
 */
export function mockEmbedding(input: string, dimensions: number): number[] {
  const seed = fnv1a(input);
  return Array.from({ length: dimensions }, (_, i) => (((Math.imul(i + 1, 2654435761) + seed) >>> 0) % 256) / 256 - 0.5);
}

/** Resolved ("snapshot") model names the real APIs report for aliases; unknown names are echoed. */
const MODEL_SNAPSHOTS: Record<string, string> = {
  'gpt-4o-mini': 'gpt-4o-mini-2024-07-18',
  'gpt-4o': 'gpt-4o-2024-08-06',
  'gpt-4.1': 'gpt-4.1-2025-04-14',
  'gpt-4.1-mini': 'gpt-4.1-mini-2025-04-14',
  'gpt-4.1-nano': 'gpt-4.1-nano-2025-04-14',
  'gpt-4-turbo': 'gpt-4-turbo-2024-04-09',
  'gpt-3.5-turbo': 'gpt-3.5-turbo-0125',
  'gpt-3.5-turbo-instruct': 'gpt-3.5-turbo-instruct:20230824-v2',
  'gpt-5': 'gpt-5-2025-08-07',
  'gpt-5-mini': 'gpt-5-mini-2025-08-07',
  'o3-mini': 'o3-mini-2025-01-31',
  'o4-mini': 'o4-mini-2025-04-16',
  'claude-3-5-sonnet-latest': 'claude-3-5-sonnet-20241022',
  'claude-3-5-haiku-latest': 'claude-3-5-haiku-20241022',
  'claude-3-7-sonnet-latest': 'claude-3-7-sonnet-20250219',
  'claude-sonnet-4-0': 'claude-sonnet-4-20250514',
  'claude-opus-4-0': 'claude-opus-4-20250514',
  'claude-sonnet-4-5': 'claude-sonnet-4-5-20250929',
  'claude-haiku-4-5': 'claude-haiku-4-5-20251001',
};

const DEFAULT_WORDS = ['Hello', 'from', 'the', 'mock', 'LLM', 'server.'];
const SYSTEM_FINGERPRINT = 'fp_4d9f1b3c7a';
const THINKING_SIGNATURE = 'EqQBCkgIARABGAIiQG1vY2stc2lnbmF0dXJl';

type JsonObject = Record<string, unknown>;
type Provider = 'openai' | 'anthropic';

interface SseMessage {
  event?: string;
  data: string;
}

type Reply = { kind: 'json'; status: number; body: unknown } | { kind: 'sse'; messages: SseMessage[]; errorEvent: SseMessage };

interface ReplyContext {
  body: JsonObject;
  scenario: MockScenario;
  nextId: (prefix: string) => string;
  nowSeconds: number;
}

/** The text a reply generates, already truncated to the request's token limit. */
interface Generation {
  text: string;
  /** The stream content chunks; joined they equal `text`. */
  pieces: string[];
  /** True when the scenario set `text` (so it is sent even alongside tool calls). */
  explicit: boolean;
  truncated: boolean;
}

interface PlannedToolCall {
  id: string;
  name: string;
  arguments: string;
  streamIndex: number;
}

interface UsageNumbers {
  input: number;
  output: number;
  cached: number;
  cacheCreation: number;
  reasoning: number;
}

interface QueuedScenario {
  scenario: MockScenario;
  path: string | undefined;
  remaining: number;
}

export async function startMockLlmServer(options: MockLlmServerOptions = {}): Promise<MockLlmServer> {
  const requests: RecordedRequest[] = [];
  let queue: QueuedScenario[] = [];
  const sockets = new Set<Socket>();
  const wakeups = new Set<() => void>();
  let closing = false;

  /**
   * Ids numbered per scenario (the `x-scenario` header of the scenario apps): a run's ids then do
   * not depend on how the other scenarios interleaved or how often they retried.
   */
  const idCounters = new Map<string, number>();
  const idsFor = (series: string | string[] | undefined): ((prefix: string) => string) => {
    const name = typeof series === 'string' ? series : '';
    const tag = name === '' ? '' : String(fnv1a(name) % 1e8).padStart(8, '0');
    return (prefix) => {
      const n = (idCounters.get(name) ?? 0) + 1;
      idCounters.set(name, n);
      return `${prefix}mock${tag}${String(n).padStart(20 - tag.length, '0')}`;
    };
  };

  const takeQueued = (path: string): MockScenario => {
    const entry = queue.find((q) => q.path === undefined || q.path === path);
    if (!entry) return {};
    entry.remaining -= 1;
    if (entry.remaining <= 0) queue = queue.filter((q) => q !== entry);
    return entry.scenario;
  };

  /** A delay that close() cuts short, so no timer outlives the server. */
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (ms <= 0 || closing) return resolve();
      const wake = (): void => {
        clearTimeout(timer);
        wakeups.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      wakeups.add(wake);
    });

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(error), type: 'mock_error' } }, {});
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://mock');
    const path = url.pathname;
    if (path.startsWith('/__mock/')) return handleControl(req.method ?? 'GET', path, rawBody, res);

    const provider = providerOf(path, req);
    const nextId = idsFor(req.headers['x-scenario']);
    let headerScenario: MockScenario;
    try {
      headerScenario = parseScenarioHeader(req.headers['x-mock-scenario']);
    } catch (error) {
      return sendJson(res, 400, errorBody(provider, 400, { errorMessage: String(error) }, nextId('req_')), {});
    }
    const scenario: MockScenario = { ...takeQueued(path), ...headerScenario };
    const body = parseJson(rawBody);
    requests.push({
      method: req.method ?? 'GET',
      path,
      query: Object.fromEntries(url.searchParams),
      headers: flattenHeaders(req.headers),
      body,
      rawBody,
      time: Date.now(),
      scenario,
    });

    const requestId = nextId('req_');
    const headers = { ...responseHeaders(provider, requestId), ...scenario.headers };
    if (scenario.hang) return; // answered by nobody; close() or the client's abort ends it
    if (scenario.delayMs) await sleep(scenario.delayMs);
    if (isGone(res)) return;
    if (scenario.raw) return sendRaw(res, scenario.status ?? 200, scenario.raw, headers);

    if (scenario.status !== undefined && scenario.status >= 400) {
      return sendJson(res, scenario.status, errorBody(provider, scenario.status, scenario, requestId), {
        ...headers,
        ...retryHeaders(scenario),
      });
    }
    const route = ROUTES[`${req.method ?? 'GET'} ${path}`];
    if (!route || !isObject(body)) {
      const status = route ? 400 : 404;
      const message = route ? 'Request body must be a JSON object.' : `Unknown route ${req.method} ${path}`;
      return sendJson(res, status, errorBody(provider, status, { errorMessage: message }, requestId), headers);
    }
    const reply = route({ body, scenario, nextId, nowSeconds: Math.floor(Date.now() / 1000) });
    if (reply.kind === 'json') return sendJsonReply(res, reply.status, reply.body, headers, scenario);
    return sendSse(res, reply, headers, scenario, sleep);
  }

  function handleControl(method: string, path: string, rawBody: string, res: ServerResponse): void {
    if (method === 'GET' && path === '/__mock/requests') {
      sendJson(res, 200, requests, {});
    } else if (method === 'POST' && path === '/__mock/reset') {
      api.reset();
      sendJson(res, 200, { ok: true }, {});
    } else if (method === 'POST' && path === '/__mock/enqueue') {
      const parsed = parseJson(rawBody);
      if (!isObject(parsed)) {
        sendJson(res, 400, { error: 'body must be a JSON object' }, {});
        return;
      }
      const wrapped = isObject(parsed.scenario);
      const scenario = (wrapped ? parsed.scenario : parsed) as MockScenario;
      api.enqueue(scenario, wrapped ? { path: str(parsed.path), times: num(parsed.times) } : {});
      sendJson(res, 200, { ok: true }, {});
    } else {
      sendJson(res, 404, { error: `Unknown control route ${method} ${path}` }, {});
    }
  }

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}`;

  const api: MockLlmServer = {
    url,
    port,
    openaiBaseURL: `${url}/v1`,
    anthropicBaseURL: url,
    requests,
    requestsTo: (path) => requests.filter((r) => r.path === path),
    enqueue(scenario, enqueueOptions = {}) {
      queue.push({ scenario, path: enqueueOptions.path, remaining: enqueueOptions.times ?? 1 });
    },
    reset() {
      requests.length = 0;
      queue = [];
    },
    close() {
      closing = true;
      for (const wake of [...wakeups]) wake();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      });
    },
  };
  return api;
}

// ---------------------------------------------------------------------------------------------
// Routes

const ROUTES: Record<string, (ctx: ReplyContext) => Reply> = {
  'POST /v1/chat/completions': openaiChat,
  'POST /v1/responses': openaiResponses,
  'POST /v1/embeddings': openaiEmbeddings,
  'POST /v1/completions': openaiLegacyCompletions,
  'POST /v1/messages': anthropicMessages,
  'POST /v1/messages/count_tokens': anthropicCountTokens,
  'POST /v1/messages/batches': anthropicCreateBatch,
};

function openaiChat(ctx: ReplyContext): Reply {
  const { body, scenario } = ctx;
  const messages = asArray(body.messages);
  const answeringTool = ['tool', 'function'].includes(str(objectAt(messages, -1)?.role) ?? '');
  const calls = planToolCalls(scenario, body.tools, answeringTool, () => ctx.nextId('call_'));
  const gen = generate(scenario, num(body.max_completion_tokens) ?? num(body.max_tokens));
  const n = Math.max(1, num(body.n) ?? 1);
  const content = calls.length > 0 && !gen.explicit ? null : gen.text;
  const finishReason = scenario.finishReason ?? (calls.length > 0 ? 'tool_calls' : gen.truncated ? 'length' : 'stop');
  const perChoiceOutput = (content === null ? 0 : countMockTokens(content)) + toolCallTokens(calls);
  const usage = computeUsage(scenario, mockPromptTokens(body), perChoiceOutput * n, true);
  const head = {
    id: ctx.nextId('chatcmpl-'),
    created: ctx.nowSeconds,
    model: resolveModel(str(body.model), scenario),
    service_tier: serviceTier(body, scenario),
    system_fingerprint: SYSTEM_FINGERPRINT,
  };

  if (body.stream === true) {
    // With include_usage every chunk carries `usage: null` and one extra last chunk (no choices) the usage.
    const includeUsage = objectOf(body.stream_options)?.include_usage === true;
    const chunk = (choices: unknown[], usageValue: unknown = null): SseMessage =>
      dataMessage({
        id: head.id,
        object: 'chat.completion.chunk',
        created: head.created,
        model: head.model,
        service_tier: head.service_tier,
        system_fingerprint: head.system_fingerprint,
        choices,
        ...(includeUsage ? { usage: usageValue } : {}),
      });
    const deltas = chatStreamDeltas(content === null ? null : gen.pieces, calls, scenario);
    const messages: SseMessage[] = [];
    for (const delta of deltas) {
      for (let index = 0; index < n; index++) messages.push(chunk([{ index, delta, logprobs: null, finish_reason: null }]));
    }
    for (let index = 0; index < n; index++) {
      messages.push(chunk([{ index, delta: {}, logprobs: null, finish_reason: finishReason }]));
    }
    if (includeUsage) messages.push(chunk([], openaiChatUsage(usage)));
    messages.push({ data: '[DONE]' });
    return { kind: 'sse', messages, errorEvent: openaiStreamError() };
  }

  const toolCalls = calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } }));
  const message = {
    role: 'assistant',
    content,
    refusal: null,
    annotations: [],
    ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
  };
  return {
    kind: 'json',
    status: 200,
    body: {
      id: head.id,
      object: 'chat.completion',
      created: head.created,
      model: head.model,
      choices: Array.from({ length: n }, (_, index) => ({ index, message, logprobs: null, finish_reason: finishReason })),
      usage: openaiChatUsage(usage),
      service_tier: head.service_tier,
      system_fingerprint: head.system_fingerprint,
    },
  };
}

/** The `delta` objects of one streamed chat choice, in order (the finish chunk excluded). */
function chatStreamDeltas(pieces: string[] | null, calls: PlannedToolCall[], scenario: MockScenario): JsonObject[] {
  const deltas: JsonObject[] = [{ role: 'assistant', content: pieces === null ? null : '', refusal: null }];
  for (const piece of pieces ?? []) deltas.push({ content: piece });
  const headers = calls.map((c) => ({
    tool_calls: [{ index: c.streamIndex, id: c.id, type: 'function', function: { name: c.name, arguments: '' } }],
  }));
  const argDeltas = calls.map((c) =>
    splitEvenly(c.arguments, scenario.argumentChunks ?? 3).map((arguments_) => ({
      tool_calls: [{ index: c.streamIndex, function: { arguments: arguments_ } }],
    })),
  );
  if (scenario.interleaveToolCalls) {
    deltas.push(...headers, ...roundRobin(argDeltas));
  } else {
    for (let i = 0; i < calls.length; i++) deltas.push(headers[i] ?? {}, ...(argDeltas[i] ?? []));
  }
  // The real API puts the first tool-call header into the role chunk when there is no text.
  const second = deltas[1];
  if (pieces === null && second && 'tool_calls' in second) {
    deltas.splice(0, 2, { role: 'assistant', content: null, tool_calls: second.tool_calls, refusal: null });
  }
  return deltas;
}

function openaiChatUsage(u: UsageNumbers): JsonObject {
  return {
    prompt_tokens: u.input,
    completion_tokens: u.output,
    total_tokens: u.input + u.output,
    prompt_tokens_details: { cached_tokens: u.cached, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: u.reasoning,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function openaiResponses(ctx: ReplyContext): Reply {
  const { body, scenario } = ctx;
  const input = asArray(body.input);
  const answeringTool = str(objectAt(input, -1)?.type) === 'function_call_output';
  const calls = planToolCalls(scenario, body.tools, answeringTool, () => ctx.nextId('call_'));
  const gen = generate(scenario, num(body.max_output_tokens));
  const withText = calls.length === 0 || gen.explicit;
  const reasoningTokens = scenario.usage?.reasoningTokens ?? 0;
  const usage = computeUsage(scenario, mockPromptTokens(body), (withText ? countMockTokens(gen.text) : 0) + toolCallTokens(calls), true);
  const incomplete = gen.truncated && calls.length === 0;
  const itemStatus = incomplete ? 'incomplete' : 'completed';

  // Final output items, in order: reasoning (when reasoning tokens are reported), message, function calls.
  const items: JsonObject[] = [];
  if (reasoningTokens > 0) items.push({ id: ctx.nextId('rs_'), type: 'reasoning', summary: [] });
  const messageId = ctx.nextId('msg_');
  const textPart = (text: string): JsonObject => ({ type: 'output_text', annotations: [], logprobs: [], text });
  if (withText) items.push({ id: messageId, type: 'message', status: itemStatus, content: [textPart(gen.text)], role: 'assistant' });
  for (const c of calls) {
    items.push({ id: ctx.nextId('fc_'), type: 'function_call', status: 'completed', arguments: c.arguments, call_id: c.id, name: c.name });
  }

  const responseId = ctx.nextId('resp_');
  const snapshot = (status: string, output: JsonObject[], withUsage: boolean): JsonObject => ({
    id: responseId,
    object: 'response',
    created_at: ctx.nowSeconds,
    status,
    background: false,
    error: null,
    incomplete_details: status === 'incomplete' ? { reason: 'max_output_tokens' } : null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    model: resolveModel(str(body.model), scenario),
    output,
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: body.previous_response_id ?? null,
    reasoning: body.reasoning ?? { effort: null, summary: null },
    service_tier: serviceTier(body, scenario),
    store: body.store ?? true,
    temperature: body.temperature ?? 1,
    text: body.text ?? { format: { type: 'text' } },
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    top_p: body.top_p ?? 1,
    truncation: body.truncation ?? 'disabled',
    usage: withUsage ? responsesUsage(usage) : null,
    user: body.user ?? null,
    metadata: body.metadata ?? {},
  });
  const finalStatus = incomplete ? 'incomplete' : 'completed';
  if (body.stream !== true) return { kind: 'json', status: 200, body: snapshot(finalStatus, items, true) };

  const events: JsonObject[] = [
    { type: 'response.created', response: snapshot('in_progress', [], false) },
    { type: 'response.in_progress', response: snapshot('in_progress', [], false) },
  ];
  items.forEach((item, outputIndex) => {
    const itemId = item.id;
    if (item.type === 'message') {
      events.push({ type: 'response.output_item.added', output_index: outputIndex, item: { ...item, status: 'in_progress', content: [] } });
      const at = { item_id: itemId, output_index: outputIndex, content_index: 0 };
      events.push({ type: 'response.content_part.added', ...at, part: textPart('') });
      for (const delta of gen.pieces) events.push({ type: 'response.output_text.delta', ...at, delta, logprobs: [] });
      events.push({ type: 'response.output_text.done', ...at, text: gen.text, logprobs: [] });
      events.push({ type: 'response.content_part.done', ...at, part: textPart(gen.text) });
    } else if (item.type === 'function_call') {
      events.push({
        type: 'response.output_item.added',
        output_index: outputIndex,
        item: { ...item, status: 'in_progress', arguments: '' },
      });
      for (const delta of splitEvenly(String(item.arguments), scenario.argumentChunks ?? 3)) {
        events.push({ type: 'response.function_call_arguments.delta', item_id: itemId, output_index: outputIndex, delta });
      }
      events.push({ type: 'response.function_call_arguments.done', item_id: itemId, output_index: outputIndex, arguments: item.arguments });
    } else {
      events.push({ type: 'response.output_item.added', output_index: outputIndex, item });
    }
    events.push({ type: 'response.output_item.done', output_index: outputIndex, item });
  });
  events.push({ type: incomplete ? 'response.incomplete' : 'response.completed', response: snapshot(finalStatus, items, true) });

  const messages = events.map(({ type, ...rest }, sequence) => namedMessage(String(type), { type, sequence_number: sequence, ...rest }));
  const errorEvent = namedMessage('error', {
    type: 'error',
    code: 'server_error',
    message: 'The server had an error while processing your request.',
    param: null,
    sequence_number: messages.length,
  });
  return { kind: 'sse', messages, errorEvent };
}

function responsesUsage(u: UsageNumbers): JsonObject {
  return {
    input_tokens: u.input,
    input_tokens_details: { cached_tokens: u.cached },
    output_tokens: u.output,
    output_tokens_details: { reasoning_tokens: u.reasoning },
    total_tokens: u.input + u.output,
  };
}

function openaiEmbeddings(ctx: ReplyContext): Reply {
  const { body, scenario } = ctx;
  const model = str(body.model) ?? 'text-embedding-3-small';
  const inputs = Array.isArray(body.input) && !body.input.every((x) => typeof x === 'number') ? body.input : [body.input];
  const dimensions = num(body.dimensions) ?? scenario.embeddingDimensions ?? (model.includes('3-large') ? 3072 : 1536);
  const base64 = body.encoding_format === 'base64';
  const data = inputs.map((input, index) => {
    const values = mockEmbedding(typeof input === 'string' ? input : JSON.stringify(input), dimensions);
    return { object: 'embedding', index, embedding: base64 ? float32Base64(values) : values };
  });
  const tokens = inputs.reduce<number>(
    (sum, input) => sum + (typeof input === 'string' ? countMockTokens(input) : asArray(input).length),
    0,
  );
  const promptTokens = scenario.usage?.inputTokens ?? tokens;
  return {
    kind: 'json',
    status: 200,
    body: { object: 'list', data, model: scenario.model ?? model, usage: { prompt_tokens: promptTokens, total_tokens: promptTokens } },
  };
}

function openaiLegacyCompletions(ctx: ReplyContext): Reply {
  const { body, scenario } = ctx;
  const gen = generate(scenario, num(body.max_tokens) ?? 16);
  const prompts = Array.isArray(body.prompt) && body.prompt.every((p) => typeof p === 'string') ? body.prompt.length : 1;
  const choiceCount = prompts * Math.max(1, num(body.n) ?? 1);
  const finishReason = scenario.finishReason ?? (gen.truncated ? 'length' : 'stop');
  const usage = computeUsage(scenario, mockPromptTokens(body), countMockTokens(gen.text) * choiceCount, true);
  const wireUsage = { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output };
  const head = {
    id: ctx.nextId('cmpl-'),
    object: 'text_completion',
    created: ctx.nowSeconds,
    model: resolveModel(str(body.model) ?? 'gpt-3.5-turbo-instruct', scenario),
  };
  const choice = (index: number, text: string, finish: string | null): JsonObject => ({
    text,
    index,
    logprobs: null,
    finish_reason: finish,
  });

  if (body.stream === true) {
    const includeUsage = objectOf(body.stream_options)?.include_usage === true;
    const chunk = (choices: unknown[], usageValue: unknown = null): SseMessage =>
      dataMessage({ ...head, choices, system_fingerprint: SYSTEM_FINGERPRINT, ...(includeUsage ? { usage: usageValue } : {}) });
    const messages: SseMessage[] = [];
    for (const piece of gen.pieces) {
      for (let index = 0; index < choiceCount; index++) messages.push(chunk([choice(index, piece, null)]));
    }
    for (let index = 0; index < choiceCount; index++) messages.push(chunk([choice(index, '', finishReason)]));
    if (includeUsage) messages.push(chunk([], wireUsage));
    messages.push({ data: '[DONE]' });
    return { kind: 'sse', messages, errorEvent: openaiStreamError() };
  }
  const choices = Array.from({ length: choiceCount }, (_, index) => choice(index, gen.text, finishReason));
  return { kind: 'json', status: 200, body: { ...head, system_fingerprint: SYSTEM_FINGERPRINT, choices, usage: wireUsage } };
}

function anthropicMessages(ctx: ReplyContext): Reply {
  const { body, scenario } = ctx;
  const lastMessage = objectAt(asArray(body.messages), -1);
  const answeringTool = lastMessage?.role === 'user' && asArray(lastMessage.content).some((b) => objectOf(b)?.type === 'tool_result');
  const calls = planToolCalls(scenario, body.tools, answeringTool, () => ctx.nextId('toolu_'));
  const gen = generate(scenario, num(body.max_tokens));
  const withText = calls.length === 0 || gen.explicit;
  const thinking = scenario.thinking;
  const generated = (withText ? countMockTokens(gen.text) : 0) + toolCallTokens(calls) + (thinking ? countMockTokens(thinking) : 0);
  const usage = computeUsage(scenario, mockPromptTokens(body), generated, false);
  const stopReason = scenario.finishReason ?? (calls.length > 0 ? 'tool_use' : gen.truncated ? 'max_tokens' : 'end_turn');

  const blocks: JsonObject[] = [];
  if (thinking) blocks.push({ type: 'thinking', thinking, signature: THINKING_SIGNATURE });
  if (withText) blocks.push({ type: 'text', text: gen.text });
  for (const c of calls) blocks.push({ type: 'tool_use', id: c.id, name: c.name, input: parseArguments(c.arguments) });

  const message = {
    id: ctx.nextId('msg_'),
    type: 'message',
    role: 'assistant',
    model: resolveModel(str(body.model), scenario),
    content: blocks,
    stop_reason: stopReason,
    stop_sequence: null,
    usage: anthropicUsage(usage, usage.output),
  };
  if (body.stream !== true) return { kind: 'json', status: 200, body: message };

  const events: [string, JsonObject][] = [
    [
      'message_start',
      {
        type: 'message_start',
        message: { ...message, content: [], stop_reason: null, stop_sequence: null, usage: anthropicUsage(usage, 1) },
      },
    ],
  ];
  blocks.forEach((block, index) => {
    const start =
      block.type === 'text'
        ? { type: 'text', text: '' }
        : block.type === 'thinking'
          ? { type: 'thinking', thinking: '', signature: '' }
          : { ...block, input: {} };
    events.push(['content_block_start', { type: 'content_block_start', index, content_block: start }]);
    if (index === 0) events.push(['ping', { type: 'ping' }]);
    for (const delta of anthropicDeltas(block, gen, calls, scenario)) {
      events.push(['content_block_delta', { type: 'content_block_delta', index, delta }]);
    }
    events.push(['content_block_stop', { type: 'content_block_stop', index }]);
  });
  events.push([
    'message_delta',
    { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: usage.output } },
  ]);
  events.push(['message_stop', { type: 'message_stop' }]);
  const messages = events.map(([event, data]) => namedMessage(event, data));
  const errorEvent = namedMessage('error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
  return { kind: 'sse', messages, errorEvent };
}

function anthropicDeltas(block: JsonObject, gen: Generation, calls: PlannedToolCall[], scenario: MockScenario): JsonObject[] {
  if (block.type === 'text') return gen.pieces.map((text) => ({ type: 'text_delta', text }));
  if (block.type === 'thinking') {
    const pieces = wordPieces(String(block.thinking));
    return [
      ...pieces.map((thinking) => ({ type: 'thinking_delta', thinking })),
      { type: 'signature_delta', signature: THINKING_SIGNATURE },
    ];
  }
  const call = calls.find((c) => c.id === block.id);
  // The real API opens every tool_use block with an empty partial_json.
  const pieces = ['', ...splitEvenly(call?.arguments ?? '{}', scenario.argumentChunks ?? 3)];
  return pieces.map((partial_json) => ({ type: 'input_json_delta', partial_json }));
}

function anthropicUsage(u: UsageNumbers, outputTokens: number): JsonObject {
  return {
    input_tokens: u.input,
    cache_creation_input_tokens: u.cacheCreation,
    cache_read_input_tokens: u.cached,
    cache_creation: { ephemeral_5m_input_tokens: u.cacheCreation, ephemeral_1h_input_tokens: 0 },
    output_tokens: outputTokens,
    service_tier: 'standard',
  };
}

function anthropicCountTokens(ctx: ReplyContext): Reply {
  return { kind: 'json', status: 200, body: { input_tokens: ctx.scenario.usage?.inputTokens ?? mockPromptTokens(ctx.body) } };
}

function anthropicCreateBatch(ctx: ReplyContext): Reply {
  const created = new Date(ctx.nowSeconds * 1000);
  const expires = new Date(created.getTime() + 24 * 3600 * 1000);
  return {
    kind: 'json',
    status: 200,
    body: {
      id: ctx.nextId('msgbatch_'),
      type: 'message_batch',
      processing_status: 'in_progress',
      request_counts: { processing: asArray(ctx.body.requests).length, succeeded: 0, errored: 0, canceled: 0, expired: 0 },
      ended_at: null,
      created_at: created.toISOString(),
      expires_at: expires.toISOString(),
      cancel_initiated_at: null,
      archived_at: null,
      results_url: null,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Content generation

function generate(scenario: MockScenario, maxTokens: number | undefined): Generation {
  const explicit = scenario.text !== undefined;
  let text =
    scenario.text ??
    Array.from({ length: scenario.chunks ?? DEFAULT_WORDS.length }, (_, i) => DEFAULT_WORDS[i % DEFAULT_WORDS.length]).join(' ');
  const words = text.match(/\s*\S+/g) ?? [];
  const truncated = maxTokens !== undefined && words.length > maxTokens;
  if (truncated) text = words.slice(0, maxTokens).join('');
  const pieces = explicit && scenario.chunks !== undefined ? splitEvenly(text, scenario.chunks) : wordPieces(text);
  return { text, pieces, explicit, truncated };
}

/** One piece per word, each with its leading whitespace, as real streams deliver tokens. */
function wordPieces(text: string): string[] {
  const pieces = text.match(/\s*\S+/g) ?? [];
  const trailing = text.slice(pieces.join('').length);
  if (trailing && pieces.length > 0) pieces[pieces.length - 1] += trailing;
  return pieces.length > 0 ? pieces : text ? [text] : [];
}

/** Exactly `count` consecutive slices (some empty when the text is shorter than `count`). */
function splitEvenly(text: string, count: number): string[] {
  if (count <= 0) return [];
  const size = text.length / count;
  return Array.from({ length: count }, (_, i) => text.slice(Math.round(i * size), Math.round((i + 1) * size)));
}

function roundRobin<T>(lists: T[][]): T[] {
  const out: T[] = [];
  const longest = Math.max(0, ...lists.map((l) => l.length));
  for (let i = 0; i < longest; i++) for (const list of lists) if (i < list.length) out.push(list[i] as T);
  return out;
}

function planToolCalls(scenario: MockScenario, tools: unknown, answeringTool: boolean, newId: () => string): PlannedToolCall[] {
  const declared = asArray(tools);
  if (answeringTool || !scenario.toolCalls || declared.length === 0) return [];
  const wanted: MockToolCall[] = scenario.toolCalls === 'auto' ? [{ name: toolName(declared[0]) }] : scenario.toolCalls;
  return wanted.map((call, position) => ({
    id: call.id ?? newId(),
    name: call.name,
    arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments ?? {}),
    streamIndex: call.index ?? position,
  }));
}

function toolName(tool: unknown): string {
  const t = objectOf(tool);
  return str(objectOf(t?.function)?.name) ?? str(t?.name) ?? 'tool';
}

function toolCallTokens(calls: PlannedToolCall[]): number {
  return calls.reduce((sum, c) => sum + countMockTokens(c.arguments), 0);
}

function parseArguments(args: string): unknown {
  const parsed = parseJson(args);
  return isObject(parsed) ? parsed : {};
}

function computeUsage(scenario: MockScenario, promptTokens: number, generatedTokens: number, addReasoning: boolean): UsageNumbers {
  const u = scenario.usage ?? {};
  const reasoning = u.reasoningTokens ?? 0;
  return {
    input: u.inputTokens ?? promptTokens,
    output: u.outputTokens ?? generatedTokens + (addReasoning ? reasoning : 0),
    cached: u.cachedTokens ?? 0,
    cacheCreation: u.cacheCreationTokens ?? 0,
    reasoning,
  };
}

function resolveModel(requested: string | undefined, scenario: MockScenario): string {
  if (scenario.model) return scenario.model;
  if (!requested) return 'unknown-model';
  return MODEL_SNAPSHOTS[requested] ?? requested;
}

function serviceTier(body: JsonObject, scenario: MockScenario): string {
  const requested = str(body.service_tier);
  return scenario.serviceTier ?? (requested && requested !== 'auto' ? requested : 'default');
}

function collectText(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) collectText(item, out);
  else if (isObject(value)) for (const key of ['content', 'text', 'output']) collectText(value[key], out);
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

function float32Base64(values: number[]): string {
  const view = new DataView(new ArrayBuffer(values.length * 4));
  for (const [i, v] of values.entries()) view.setFloat32(i * 4, v, true);
  return Buffer.from(view.buffer).toString('base64');
}

// ---------------------------------------------------------------------------------------------
// Errors and headers

function providerOf(path: string, req: IncomingMessage): Provider {
  return path.startsWith('/v1/messages') || req.headers['anthropic-version'] !== undefined ? 'anthropic' : 'openai';
}

const ANTHROPIC_ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

function errorBody(provider: Provider, status: number, scenario: MockScenario, requestId: string): JsonObject {
  const message = scenario.errorMessage ?? `Mock error ${status}`;
  if (provider === 'anthropic') {
    const type = scenario.errorType ?? ANTHROPIC_ERROR_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
    return { type: 'error', error: { type, message }, request_id: requestId };
  }
  const type = scenario.errorType ?? (status === 429 ? 'requests' : status >= 500 ? 'server_error' : 'invalid_request_error');
  const defaultCode = status === 429 ? 'rate_limit_exceeded' : status === 401 ? 'invalid_api_key' : null;
  const code = scenario.errorCode !== undefined ? scenario.errorCode : defaultCode;
  return { error: { message, type, param: null, code } };
}

function openaiStreamError(): SseMessage {
  return dataMessage({
    error: { message: 'The server had an error while processing your request.', type: 'server_error', param: null, code: null },
  });
}

function responseHeaders(provider: Provider, requestId: string): Record<string, string> {
  if (provider === 'anthropic') {
    return { 'request-id': requestId, 'anthropic-organization-id': '00000000-0000-4000-8000-000000000000' };
  }
  return { 'x-request-id': requestId, 'openai-version': '2020-10-01', 'openai-organization': 'mock-org', 'openai-processing-ms': '1' };
}

function retryHeaders(scenario: MockScenario): Record<string, string> {
  const headers: Record<string, string> = {};
  if (scenario.retryAfterMs !== undefined) headers['retry-after-ms'] = String(scenario.retryAfterMs);
  if (scenario.retryAfterSeconds !== undefined) headers['retry-after'] = String(scenario.retryAfterSeconds);
  if (scenario.shouldRetry !== undefined) headers['x-should-retry'] = String(scenario.shouldRetry);
  return headers;
}

// ---------------------------------------------------------------------------------------------
// Transport

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendRaw(res: ServerResponse, status: number, raw: NonNullable<MockScenario['raw']>, headers: Record<string, string>): void {
  const bytes = Buffer.from(raw.base64, 'base64');
  res.writeHead(status, { ...headers, 'content-type': raw.contentType, 'content-length': bytes.length });
  res.end(bytes);
}

function sendJsonReply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>, scenario: MockScenario): void {
  if (scenario.malformed) {
    const text = '{"id": "malformed", "choices": [{';
    res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
    return;
  }
  if (scenario.cutAfterChunks === undefined) {
    sendJson(res, status, body, headers);
    return;
  }
  // Promise the whole body, send half, then drop the connection.
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.write(text.slice(0, Math.floor(text.length / 2)), () => res.socket?.destroy());
}

async function sendSse(
  res: ServerResponse,
  reply: { messages: SseMessage[]; errorEvent: SseMessage },
  headers: Record<string, string>,
  scenario: MockScenario,
  sleep: (ms: number) => Promise<void>,
): Promise<void> {
  res.writeHead(200, {
    ...headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  res.flushHeaders();
  const messages = [...reply.messages];
  if (scenario.streamErrorAfterChunks !== undefined) messages.splice(scenario.streamErrorAfterChunks, Infinity, reply.errorEvent);
  const malformedAt = scenario.malformed ? Math.min(1, messages.length - 1) : -1;
  const original = messages[malformedAt];
  if (original) messages[malformedAt] = { event: original.event, data: '{"malformed": tru' };

  const sent = scenario.cutAfterChunks === undefined ? messages : messages.slice(0, scenario.cutAfterChunks);
  for (const [i, message] of sent.entries()) {
    const delay = i === 0 ? scenario.firstChunkDelayMs : scenario.chunkDelayMs;
    if (delay) await sleep(delay);
    if (isGone(res)) return;
    // Wait until each message is handed to the socket, so a cut right after it still delivers it.
    await new Promise<void>((resolve) => res.write(formatSse(message), () => resolve()));
  }
  // A cut stream never sends the terminating chunk: the client sees the connection drop mid-body.
  if (scenario.cutAfterChunks !== undefined) res.socket?.destroy();
  else res.end();
}

function isGone(res: ServerResponse): boolean {
  return res.destroyed || !res.socket || res.socket.destroyed;
}

function formatSse(message: SseMessage): string {
  return `${message.event !== undefined ? `event: ${message.event}\n` : ''}data: ${message.data}\n\n`;
}

function dataMessage(data: unknown): SseMessage {
  return { data: JSON.stringify(data) };
}

function namedMessage(event: string, data: unknown): SseMessage {
  return { event, data: JSON.stringify(data) };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseScenarioHeader(value: string | string[] | undefined): MockScenario {
  if (value === undefined) return {};
  const text = Array.isArray(value) ? value.join(',') : value;
  const parsed = parseJson(text);
  if (!isObject(parsed)) throw new Error(`x-mock-scenario must be a JSON object, got: ${text}`);
  return parsed as MockScenario;
}

function flattenHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Small JSON helpers

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectOf(value: unknown): JsonObject | undefined {
  return isObject(value) ? value : undefined;
}

function objectAt(list: unknown[], index: number): JsonObject | undefined {
  return objectOf(list.at(index));
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
