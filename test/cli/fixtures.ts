/**
 * Builds local stores for the CLI tests with the real record types, written with `encodeRecord`
 * as the exporter writes them: a session's start record, its log records, its spans (children
 * before parents, the root last) and its end record.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { rollupAttributes } from '../../src/accounting/span-attributes';
import {
  ATTR_AGENTSIGHT_COST_UNKNOWN_MODEL,
  ATTR_AGENTSIGHT_COST_USD,
  ATTR_AGENTSIGHT_ENDED_BY,
  ATTR_AGENTSIGHT_ERROR_PROPAGATED,
  ATTR_AGENTSIGHT_LOG_SOURCE,
  ATTR_AGENTSIGHT_SESSION_NAME,
  ATTR_AGENTSIGHT_SPAN_KIND,
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_SESSION_ID,
  GEN_AI_OPERATION,
  LOG_SOURCE,
  SPAN_KIND,
  agentSpanName,
  llmSpanName,
  sessionSpanName,
  toolSpanName,
  type SessionEndState,
} from '../../src/semconv';
import {
  SESSIONS_FOLDER,
  STORE_FORMAT_VERSION,
  encodeRecord,
  partFileName,
  sessionFileName,
  type Attributes,
  type LogRecordRecord,
  type PartEndRecord,
  type PartStartRecord,
  type SessionEndRecord,
  type SessionStartRecord,
  type SpanRecord,
  type StoreRecord,
} from '../../src/store/format';
import { summarizeSpans } from '../../src/store/summary';

/** 2026-11-25 23:35:47.123 UTC. */
export const T0 = Date.UTC(2026, 10, 25, 23, 35, 47, 123);

export function tempStore(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'agentsight-cli-'));
}

/** A session id (32 hex digits) from a short hex prefix, padded with a fixed pattern. */
export function sessionId(prefix: string): string {
  return `${prefix}a1b2c3d4e5f60718293a4b5c6d7e8f90`.slice(0, 32);
}

export interface LlmOptions {
  model: string;
  responseModel?: string;
  at: number;
  duration: number;
  input?: number;
  output?: number;
  cacheRead?: number;
  cacheCreation?: number;
  reasoning?: number;
  /** The call's cost; `'unknown'` for a model without a price. */
  cost?: number | 'unknown';
  error?: { type: string; message: string };
  endedBy?: string;
}

export class SessionBuilder {
  readonly spans: SpanRecord[] = [];
  readonly logs: LogRecordRecord[] = [];
  private nextSpan = 1;
  readonly root: SpanRecord;

  constructor(
    readonly id: string,
    readonly name: string,
    readonly startMs: number,
    readonly options: { tags?: string[]; pid?: number; hostname?: string; service?: string; auto?: boolean; durationMs?: number } = {},
  ) {
    this.root = this.span({
      name: sessionSpanName(name),
      kind: SPAN_KIND.SESSION,
      at: 0,
      duration: options.durationMs ?? 10_000,
      attributes: { [ATTR_AGENTSIGHT_SESSION_NAME]: name },
    });
    delete this.root.parentSpanId; // the session's span is the root of its trace
  }

  span(o: {
    name: string;
    kind: string;
    parent?: SpanRecord;
    at: number;
    duration: number;
    attributes?: Attributes;
    otelKind?: string;
    error?: { type: string; message: string; propagated?: boolean };
  }): SpanRecord {
    const spanId = (this.nextSpan++).toString(16).padStart(16, '0');
    const record: SpanRecord = {
      t: 'span',
      v: STORE_FORMAT_VERSION,
      sessionId: this.id,
      traceId: this.id,
      spanId,
      parentSpanId: (o.parent ?? this.root)?.spanId,
      name: o.name,
      kind: o.otelKind ?? 'INTERNAL',
      startMs: this.startMs + o.at,
      endMs: this.startMs + o.at + o.duration,
      status: o.error ? { code: 'ERROR', message: o.error.message } : { code: 'UNSET' },
      attributes: {
        [ATTR_SESSION_ID]: this.id,
        [ATTR_AGENTSIGHT_SPAN_KIND]: o.kind,
        ...(o.error ? { [ATTR_ERROR_TYPE]: o.error.type } : {}),
        ...(o.error?.propagated ? { [ATTR_AGENTSIGHT_ERROR_PROPAGATED]: true } : {}),
        ...o.attributes,
      },
      events: [],
    };
    this.spans.push(record);
    return record;
  }

  agent(
    name: string,
    at: number,
    duration: number,
    parent?: SpanRecord,
    error?: { type: string; message: string; propagated?: boolean },
  ): SpanRecord {
    return this.span({
      name: agentSpanName(name),
      kind: SPAN_KIND.AGENT,
      parent,
      at,
      duration,
      attributes: { [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.INVOKE_AGENT, [ATTR_GEN_AI_AGENT_NAME]: name },
      ...(error ? { error } : {}),
    });
  }

  tool(
    name: string,
    at: number,
    duration: number,
    parent?: SpanRecord,
    error?: { type: string; message: string; propagated?: boolean },
  ): SpanRecord {
    return this.span({
      name: toolSpanName(name),
      kind: SPAN_KIND.TOOL,
      parent,
      at,
      duration,
      attributes: { [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.EXECUTE_TOOL, [ATTR_GEN_AI_TOOL_NAME]: name },
      ...(error ? { error } : {}),
    });
  }

  llm(o: LlmOptions, parent?: SpanRecord): SpanRecord {
    const attributes: Attributes = {
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.CHAT,
      [ATTR_GEN_AI_PROVIDER_NAME]: o.model.startsWith('claude') ? 'anthropic' : 'openai',
      [ATTR_GEN_AI_REQUEST_MODEL]: o.model,
    };
    if (o.responseModel) attributes[ATTR_GEN_AI_RESPONSE_MODEL] = o.responseModel;
    if (o.input !== undefined) attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS] = o.input;
    if (o.output !== undefined) attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS] = o.output;
    if (o.cacheRead) attributes[ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS] = o.cacheRead;
    if (o.cacheCreation) attributes[ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS] = o.cacheCreation;
    if (o.reasoning) attributes[ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS] = o.reasoning;
    if (o.cost === 'unknown') attributes[ATTR_AGENTSIGHT_COST_UNKNOWN_MODEL] = true;
    else if (o.cost !== undefined) attributes[ATTR_AGENTSIGHT_COST_USD] = o.cost;
    if (o.endedBy) attributes[ATTR_AGENTSIGHT_ENDED_BY] = o.endedBy;
    return this.span({
      name: llmSpanName(GEN_AI_OPERATION.CHAT, o.model),
      kind: SPAN_KIND.LLM,
      otelKind: 'CLIENT',
      parent,
      at: o.at,
      duration: o.duration,
      attributes,
      ...(o.error ? { error: o.error } : {}),
    });
  }

  /** A log record written `at` ms after the start, in `span` (default: the session's). */
  log(at: number, severity: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR', body: string, span?: SpanRecord): LogRecordRecord {
    const numbers = { DEBUG: 5, INFO: 9, WARN: 13, ERROR: 17 };
    const record: LogRecordRecord = {
      t: 'log',
      v: STORE_FORMAT_VERSION,
      sessionId: this.id,
      traceId: this.id,
      spanId: (span ?? this.root).spanId,
      timeMs: this.startMs + at,
      severityNumber: numbers[severity],
      severityText: severity,
      body,
      attributes: { [ATTR_AGENTSIGHT_LOG_SOURCE]: LOG_SOURCE.CONSOLE },
    };
    this.logs.push(record);
    return record;
  }

  /** Puts the roll-up attributes on the session and agent spans, from the spans below them. */
  private rollUp(): void {
    for (const span of this.spans) {
      const kind = span.attributes[ATTR_AGENTSIGHT_SPAN_KIND];
      if (kind !== SPAN_KIND.AGENT && kind !== SPAN_KIND.SESSION) continue;
      const inside = this.spans.filter((s) => s !== span && this.isInside(s, span));
      const summary = summarizeSpans(inside);
      Object.assign(span.attributes, rollupAttributes(summary));
    }
  }

  private isInside(span: SpanRecord, ancestor: SpanRecord): boolean {
    const byId = new Map(this.spans.map((s) => [s.spanId, s]));
    let parent = span.parentSpanId;
    while (parent !== undefined) {
      if (parent === ancestor.spanId) return true;
      parent = byId.get(parent)?.parentSpanId;
    }
    return false;
  }

  startRecord(): SessionStartRecord {
    return {
      t: 'session_start',
      v: STORE_FORMAT_VERSION,
      id: this.id,
      name: this.name,
      tags: this.options.tags ?? [],
      attributes: {},
      startMs: this.startMs,
      pid: this.options.pid ?? 4242,
      hostname: this.options.hostname ?? 'build-host',
      serviceName: this.options.service ?? 'checkout-api',
      auto: this.options.auto ?? false,
    };
  }

  /**
   * The records, in the order the exporter writes them. `ended: false` leaves out the root span
   * and the end record (a session still running, or whose process died).
   */
  records(end: { state: SessionEndState; reason?: string } | false): StoreRecord[] {
    this.rollUp();
    const children = this.spans.filter((s) => s !== this.root).sort((a, b) => a.endMs - b.endMs);
    // Log records are written as they happen, before the spans around them end.
    const logs = [...this.logs].sort((a, b) => a.timeMs - b.timeMs);
    if (end === false) return [this.startRecord(), ...logs, ...children];
    const endRecord: SessionEndRecord = {
      t: 'session_end',
      v: STORE_FORMAT_VERSION,
      id: this.id,
      endMs: this.root.endMs,
      state: end.state,
      ...(end.reason !== undefined ? { reason: end.reason } : {}),
      summary: summarizeSpans(children),
    };
    return [this.startRecord(), ...logs, ...children, this.root, endRecord];
  }

  /** Writes the session's file into the store `dir`; `extra` is appended as is (a torn line). */
  write(dir: string, end: { state: SessionEndState; reason?: string } | false, extra = ''): string {
    const folder = path.join(dir, SESSIONS_FOLDER);
    fs.mkdirSync(folder, { recursive: true });
    const file = path.join(folder, sessionFileName(this.startMs, this.id));
    fs.writeFileSync(file, this.records(end).map(encodeRecord).join('') + extra);
    return file;
  }
}

/**
 * The session the format tests pin: a planner agent with an LLM call and a search tool, a nested
 * researcher agent with a Claude call (cache and reasoning tokens), a call to a model with no
 * price, a stream the caller broke off, and a failed tool.
 */
export function richSession(id = sessionId('4bf92f3577b3')): SessionBuilder {
  const b = new SessionBuilder(id, 'support-bot', T0, { tags: ['prod', 'eu-west'], durationMs: 12_400 });
  const planner = b.agent('planner', 100, 6_200);
  b.llm(
    {
      model: 'gpt-4o',
      responseModel: 'gpt-4o-2024-08-06',
      at: 150,
      duration: 1_100,
      input: 1_200,
      output: 300,
      cacheRead: 200,
      cost: 0.00525,
    },
    planner,
  );
  const search = b.tool('search', 1_300, 800, planner);
  b.llm({ model: 'gpt-4o-mini', at: 1_350, duration: 600, input: 500, output: 50, cost: 0.000105 }, search);
  const researcher = b.agent('researcher', 2_200, 4_000, planner);
  b.llm(
    {
      model: 'claude-sonnet-4-5',
      at: 2_250,
      duration: 2_000,
      input: 3_000,
      output: 800,
      cacheRead: 1_000,
      cacheCreation: 500,
      reasoning: 120,
      cost: 0.0165,
    },
    researcher,
  );
  b.tool('fetch_page', 4_300, 35, researcher, { type: 'TypeError', message: 'fetch failed' });
  b.llm({ model: 'my-local-model', at: 4_400, duration: 900, input: 800, output: 200, cost: 'unknown' }, researcher);
  b.llm({ model: 'gpt-4o', at: 7_000, duration: 450, input: 400, output: 20, cost: 0.0012, endedBy: 'caller_stopped' });
  b.log(50, 'INFO', 'ticket #4521: refund for a double charge');
  b.log(1_320, 'DEBUG', 'searching the order history', search);
  const fetchPage = b.spans.find((s) => s.name === toolSpanName('fetch_page'))!;
  b.log(4_330, 'ERROR', 'GET https://shop.example/orders/4521 failed: fetch failed\n    at fetchPage (agent.js:88:11)', fetchPage);
  b.log(7_460, 'WARN', 'answer stream stopped early; replying with what arrived');
  return b;
}

/** The exact text of `agentsight show` for the rich fixture session (docs/cli.md shows it too). */
export const RICH_SHOW = `session 4bf92f3577b3a1b2c3d4e5f60718293a
  name      support-bot
  tags      prod, eu-west
  service   checkout-api
  process   pid 4242 on build-host
  started   2026-11-25 23:35:47.123 +00:00
  duration  12.4s
  state     fail: TypeError: fetch failed
  file      <FILE>

[session] session support-bot  12.4s  5 LLM calls · in 5,900 (1,200 cached, 500 cache write) / out 1,370 (120 reasoning) · $0.0231+? · 1 error
├─ [log] +50ms INFO ticket #4521: refund for a double charge
├─ [agent] invoke_agent planner  6.20s  4 LLM calls · in 5,500 (1,200 cached, 500 cache write) / out 1,350 (120 reasoning) · $0.0219+? · 1 error
│  ├─ [llm] chat gpt-4o  1.10s  gpt-4o-2024-08-06 · in 1,200 (200 cached) / out 300 · $0.0053
│  ├─ [tool] execute_tool search  800ms
│  │  ├─ [log] +1.32s DEBUG searching the order history
│  │  └─ [llm] chat gpt-4o-mini  600ms  gpt-4o-mini · in 500 / out 50 · $0.0001
│  └─ [agent] invoke_agent researcher  4.00s  2 LLM calls · in 3,800 (1,000 cached, 500 cache write) / out 1,000 (120 reasoning) · $0.0165+? · 1 error
│     ├─ [llm] chat claude-sonnet-4-5  2.00s  claude-sonnet-4-5 · in 3,000 (1,000 cached, 500 cache write) / out 800 (120 reasoning) · $0.0165
│     ├─ [tool] execute_tool fetch_page  35ms  ✗ TypeError: fetch failed
│     │  └─ [log] +4.33s ERROR GET https://shop.example/orders/4521 failed: fetch failed (+1 line)
│     └─ [llm] chat my-local-model  900ms  my-local-model · in 800 / out 200 · cost ? (no price for my-local-model)
├─ [llm] chat gpt-4o  450ms  gpt-4o · in 400 / out 20 · $0.0012  ⏹ ended by agentsight: caller_stopped
└─ [log] +7.46s WARN answer stream stopped early; replying with what arrived

totals
  LLM calls  5 · errors 1 · tool calls 2 · actions 0
  tokens     input 5,900 (cache read 1,200, cache write 500) · output 1,370 (reasoning 120)
  cost       $0.0231 + 1 call with no known price (my-local-model)

  model              calls  errors  input  cache read  cache write  output  reasoning     cost
  claude-sonnet-4-5      1       0  3,000       1,000          500     800        120  $0.0165
  gpt-4o-2024-08-06      1       0  1,200         200            0     300          0  $0.0053
  gpt-4o                 1       0    400           0            0      20          0  $0.0012
  gpt-4o-mini            1       0    500           0            0      50          0  $0.0001
  my-local-model         1       0    800           0            0     200          0        ?

  agent (own LLM calls)  runs  calls  input  output       cost
  researcher                1      2  3,800   1,000  $0.0165+?
  planner                   1      2  1,700     350    $0.0054
  (outside any agent)       -      1    400      20    $0.0012
`;

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI in this process with a captured stdout/stderr, no colors unless `tty`. */
export function runCli(argv: string[], options: { env?: NodeJS.ProcessEnv; tty?: boolean; now?: number; cwd?: string } = {}): CliResult {
  // Loaded here so that a test file importing only the builders does not load the CLI.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { run } = require('../../src/cli/run') as typeof import('../../src/cli/run');
  let out = '';
  let err = '';
  const code = run(argv, {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    env: options.env ?? {},
    cwd: options.cwd ?? os.tmpdir(),
    stdoutIsTTY: options.tty ?? false,
    now: () => options.now ?? T0 + 60_000,
  });
  // Only `ui` answers with a promise (it serves until stopped); the commands run here finish at once.
  if (typeof code !== 'number') throw new Error('runCli runs commands that finish; start `ui` as a process instead');
  return { code, out, err };
}

/** The store docs/cli.md shows: the rich session, a finished one and one whose process died mid-write. */
export function docsStore(dir: string): void {
  richSession().write(dir, { state: 'fail', reason: 'TypeError: fetch failed' });
  const ok = new SessionBuilder(sessionId('77aa'), 'nightly-eval', T0 + 120_000, { durationMs: 245_000 });
  ok.llm({ model: 'gpt-4o', at: 5, duration: 900, input: 12_000, output: 3_400, cost: 0.064 });
  ok.write(dir, { state: 'success' });
  const crashed = new SessionBuilder(sessionId('c3d1'), 'ingest', T0 + 600_000, { pid: 2 ** 22 + 17, hostname: 'vm' });
  crashed.llm({ model: 'gpt-4o-mini', at: 20, duration: 300, input: 900, output: 80, cost: 0.000183 });
  crashed.write(dir, false, '{"t":"span","v":1,"sess');
}

/** Runs this file's tests with `TZ=UTC` (the CLI prints local times), restoring the zone after. */
export function useUtcTimeZone(): void {
  const saved = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = 'UTC';
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });
}

/**
 * One process's part of a session started elsewhere (propagated context, an accepted delegation):
 * spans under a span of the session, in a part file of its own.
 */
export class PartBuilder {
  readonly spans: SpanRecord[] = [];
  private nextSpan = 1;

  constructor(
    readonly session: SessionBuilder,
    readonly parent: SpanRecord,
    readonly options: { pid: number; hostname?: string; service?: string; partId?: string; at?: number },
  ) {}

  get partId(): string {
    return this.options.partId ?? `${this.options.pid.toString(16).padStart(8, '0')}`.slice(-8);
  }

  get startMs(): number {
    return this.session.startMs + (this.options.at ?? 0);
  }

  /** A span of this part, by the session builder's rules, with span ids of the part's own. */
  add(span: SpanRecord): SpanRecord {
    // Taken out of the session's own spans: this process wrote it.
    this.session.spans.splice(this.session.spans.indexOf(span), 1);
    span.spanId = `${this.partId}${(this.nextSpan++).toString(16).padStart(8, '0')}`;
    this.spans.push(span);
    return span;
  }

  startRecord(): PartStartRecord {
    return {
      t: 'part_start',
      v: STORE_FORMAT_VERSION,
      sessionId: this.session.id,
      partId: this.partId,
      traceId: this.session.id,
      parentSpanId: this.parent.spanId,
      startMs: this.startMs,
      pid: this.options.pid,
      hostname: this.options.hostname ?? 'build-host',
      serviceName: this.options.service ?? 'researcher',
    };
  }

  /** `ended: false` leaves out the part's end record (its process still runs, or died). */
  records(ended: boolean): StoreRecord[] {
    const spans = [...this.spans].sort((a, b) => a.endMs - b.endMs);
    if (!ended) return [this.startRecord(), ...spans];
    const end: PartEndRecord = {
      t: 'part_end',
      v: STORE_FORMAT_VERSION,
      sessionId: this.session.id,
      partId: this.partId,
      endMs: Math.max(...spans.map((s) => s.endMs)),
      summary: summarizeSpans(spans),
    };
    return [this.startRecord(), ...spans, end];
  }

  write(dir: string, ended = true): string {
    const folder = path.join(dir, SESSIONS_FOLDER);
    fs.mkdirSync(folder, { recursive: true });
    const file = path.join(folder, partFileName(this.startMs, this.session.id, this.options.pid, this.partId));
    fs.writeFileSync(file, this.records(ended).map(encodeRecord).join(''));
    return file;
  }
}
