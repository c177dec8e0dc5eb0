/**
 * The viewer's HTTP API: the JSON the server (`src/ui/`) sends and the page (`ui/`) reads. Types
 * only, no code and no Node import, so the browser bundle can share them.
 */
import type { Usage } from '../accounting/usage';

/** How a session stands (the CLI's states), or `unreadable` when its file could not be read. */
export type SessionState = 'success' | 'fail' | 'indeterminate' | 'running' | 'unfinished' | 'unreadable';

/** Token usage, as the accounting layer counts it. */
export type { Usage };

/** One line of the sessions list. */
export interface SessionRow {
  id: string;
  name: string;
  startMs: number | null;
  /** Start to end; for a running session, start to now; for an unfinished one, to its last written span. */
  durationMs: number | null;
  state: SessionState;
  reason: string | null;
  tags: string[];
  service: string | null;
  /** The models its LLM calls were counted under. */
  models: string[];
  llmCalls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  unpricedCalls: number;
  errors: number;
  /** Lines of its file that were skipped (a torn last line, garbage). */
  warnings: number;
}

/** The filters of the sessions list, as the page sends them (all optional). */
export interface SessionFilter {
  state?: SessionState;
  tag?: string;
  model?: string;
  minCostUsd?: number;
  maxCostUsd?: number;
  /** Free text over ids, names, tags, models, end reasons and captured content (prompts, completions, tool arguments and results, logs). */
  q?: string;
}

export interface SessionListResponse {
  /** The store, as an absolute path. */
  dir: string;
  /** Sessions in the store. */
  total: number;
  /** Sessions that match the filter; `null` while a content search has not finished. */
  matched: number | null;
  offset: number;
  limit: number;
  rows: SessionRow[];
  /** What the filters can choose from. */
  facets: { tags: string[]; models: string[] };
  /** A free-text search through captured content reads sessions lazily; this is how far it got. */
  search: { scanned: number; of: number; complete: boolean } | null;
  /** Changes whenever a session file changes: the page refetches when the live stream says so. */
  version: number;
}

/** What a span stands for, as the timeline colors it. */
export type SpanCategory = 'session' | 'agent' | 'llm' | 'tool' | 'mcp' | 'delegation' | 'action' | 'error' | 'other';

export type ChatPart =
  | { type: 'text'; content: string }
  | { type: 'reasoning'; content: string }
  | { type: 'tool_call'; id: string | null; name: string; arguments: string | null }
  | { type: 'tool_call_response'; id: string | null; response: string }
  | { type: 'uri'; modality: string; uri: string; mimeType: string | null }
  | { type: 'omitted'; modality: string; mimeType: string | null; sizeBytes: number | null }
  /** A part of a type the viewer does not know, as JSON. */
  | { type: 'other'; json: string };

export interface ChatMessage {
  role: string;
  name: string | null;
  parts: ChatPart[];
  finishReason: string | null;
}

/**
 * Recorded content, as chat. `raw` holds the attribute as recorded when it does not parse (content
 * cut at `AGENTSIGHT_CONTENT_MAX_CHARS` is no longer JSON).
 */
export interface Conversation {
  system: ChatMessage | null;
  input: ChatMessage[];
  output: ChatMessage[];
  raw: { attribute: string; text: string }[];
}

export interface SpanEventView {
  name: string;
  timeMs: number;
  attributes: Record<string, unknown>;
}

export interface SpanView {
  spanId: string;
  parentSpanId: string | null;
  /** `true` for a parent that is not in the store (still open, or never written). */
  missing: boolean;
  name: string;
  category: SpanCategory;
  /** OpenTelemetry span kind (`INTERNAL`, `CLIENT`, ...). */
  otelKind: string;
  startMs: number;
  endMs: number;
  status: 'ok' | 'error' | 'unset';
  statusMessage: string | null;
  /** The error happened here (not only passing up from a span inside). */
  ownError: boolean;
  errorType: string | null;
  /** Set when agentsight ended the span itself (`caller_stopped`, `abort`, `process_exit`, ...). */
  endedBy: string | null;
  agentName: string | null;
  toolName: string | null;
  mcpMethod: string | null;
  delegation: { state: string | null; target: string | null; id: string | null } | null;
  llm: {
    operation: string | null;
    provider: string | null;
    requestModel: string | null;
    responseModel: string | null;
    usage: Usage | null;
    costUsd: number | null;
    costParts: { input: number; output: number; cacheRead: number; cacheWrite: number } | null;
    unpriced: boolean;
    timeToFirstChunkMs: number | null;
    finishReasons: string[];
  } | null;
  /** A session's or agent's roll-up of what ran inside it. */
  rollup: { llmCalls: number; errors: number; usage: Usage; costUsd: number } | null;
  conversation: Conversation | null;
  /** A tool's arguments and result (pretty JSON when they parse). */
  toolIo: { arguments: string | null; result: string | null } | null;
  attributes: Record<string, unknown>;
  events: SpanEventView[];
}

export interface LogView {
  timeMs: number;
  severity: string;
  severityNumber: number;
  body: string;
  spanId: string | null;
}

/** One line of the timeline: a span at its depth in the tree, or a log record under the span it was written in. */
export type TimelineRow = { type: 'span'; spanId: string; depth: number } | { type: 'log'; index: number; depth: number };

export interface ModelTotalsView {
  model: string;
  calls: number;
  errors: number;
  unpricedCalls: number;
  usage: Usage;
  costUsd: number;
}

export interface AgentTotalsView {
  /** `null` for LLM calls made outside any agent. */
  agent: string | null;
  runs: number;
  calls: number;
  unpricedCalls: number;
  usage: Usage;
  costUsd: number;
}

export interface SessionView {
  id: string;
  name: string;
  state: SessionState;
  reason: string | null;
  startMs: number | null;
  endMs: number | null;
  durationMs: number | null;
  tags: string[];
  service: string | null;
  process: { pid: number; hostname: string } | null;
  auto: boolean;
  files: string[];
  totals: { llmCalls: number; toolCalls: number; actions: number; errors: number; usage: Usage; costUsd: number; unpricedCalls: number };
  /** `end_record`, or `spans` when the totals were rebuilt from the spans written so far. */
  summarySource: 'end_record' | 'spans';
  byModel: ModelTotalsView[];
  byAgent: AgentTotalsView[];
  spans: SpanView[];
  logs: LogView[];
  timeline: TimelineRow[];
  warnings: string[];
  version: number;
}

/** The body of every error answer (4xx, 5xx): a message for a person, never a stack trace. */
export interface ApiError {
  error: 'not_found' | 'unreadable' | 'bad_request' | 'internal';
  message: string;
  /** More lines for a person (the lines a corrupt file had skipped, say). */
  details?: string[];
}

export interface StoreInfo {
  dir: string;
  version: string;
  sessions: number;
  /** The last refresh of the session index. */
  index: { file: string | null; reused: number; read: number; ms: number };
}
