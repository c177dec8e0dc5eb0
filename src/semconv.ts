/**
 * Every attribute, span, metric and value name agentsight emits, spelled once.
 *
 * The GenAI names are copied from the OpenTelemetry semantic conventions (GenAI set, now kept
 * in open-telemetry/semantic-conventions-genai; all of them are "development" stability).
 * `test/semconv.test.ts` pins each value against `@opentelemetry/semantic-conventions`, so a
 * typo here is caught. Names of our own live in the `agentsight.` namespace, in their own section.
 */

// ---------------------------------------------------------------------------------------------
// OpenTelemetry GenAI semantic conventions (development)
// ---------------------------------------------------------------------------------------------

/** The name of the operation being performed (`chat`, `embeddings`, `invoke_agent`, ...). */
export const ATTR_GEN_AI_OPERATION_NAME = 'gen_ai.operation.name';
/** The Generative AI provider as identified by the client instrumentation (`openai`, `anthropic`, ...). */
export const ATTR_GEN_AI_PROVIDER_NAME = 'gen_ai.provider.name';
/** The name of the model a request is being made to. */
export const ATTR_GEN_AI_REQUEST_MODEL = 'gen_ai.request.model';
/** The maximum number of tokens the model generates for a request. */
export const ATTR_GEN_AI_REQUEST_MAX_TOKENS = 'gen_ai.request.max_tokens';
/** The temperature setting for the request. */
export const ATTR_GEN_AI_REQUEST_TEMPERATURE = 'gen_ai.request.temperature';
/** The top_p sampling setting for the request. */
export const ATTR_GEN_AI_REQUEST_TOP_P = 'gen_ai.request.top_p';
/** The top_k sampling setting for the request. */
export const ATTR_GEN_AI_REQUEST_TOP_K = 'gen_ai.request.top_k';
/** The frequency penalty setting for the request. */
export const ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY = 'gen_ai.request.frequency_penalty';
/** The presence penalty setting for the request. */
export const ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY = 'gen_ai.request.presence_penalty';
/** List of sequences the model uses to stop generating further tokens. */
export const ATTR_GEN_AI_REQUEST_STOP_SEQUENCES = 'gen_ai.request.stop_sequences';
/** Requests with the same seed value are more likely to return the same result. */
export const ATTR_GEN_AI_REQUEST_SEED = 'gen_ai.request.seed';
/** The target number of candidate completions to return. */
export const ATTR_GEN_AI_REQUEST_CHOICE_COUNT = 'gen_ai.request.choice.count';
/** Whether the request asked for a streamed response. */
export const ATTR_GEN_AI_REQUEST_STREAM = 'gen_ai.request.stream';
/** The encoding formats requested in an embeddings operation. */
export const ATTR_GEN_AI_REQUEST_ENCODING_FORMATS = 'gen_ai.request.encoding_formats';
/** Represents the content type requested by the client (`text`, `json`, `image`, `speech`). */
export const ATTR_GEN_AI_OUTPUT_TYPE = 'gen_ai.output.type';
/** The unique identifier for the completion. */
export const ATTR_GEN_AI_RESPONSE_ID = 'gen_ai.response.id';
/** The name of the model that generated the response. */
export const ATTR_GEN_AI_RESPONSE_MODEL = 'gen_ai.response.model';
/** Array of reasons the model stopped generating tokens, one per choice. */
export const ATTR_GEN_AI_RESPONSE_FINISH_REASONS = 'gen_ai.response.finish_reasons';
/** Time from the start of the request to the first chunk of a streamed response, in seconds. */
export const ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK = 'gen_ai.response.time_to_first_chunk';
/** The number of tokens used in the GenAI input (prompt), cached tokens included. */
export const ATTR_GEN_AI_USAGE_INPUT_TOKENS = 'gen_ai.usage.input_tokens';
/** The number of tokens used in the GenAI response (completion). */
export const ATTR_GEN_AI_USAGE_OUTPUT_TOKENS = 'gen_ai.usage.output_tokens';
/** The number of input tokens served from a provider-managed cache. */
export const ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS = 'gen_ai.usage.cache_read.input_tokens';
/** The number of input tokens written to a provider-managed cache. */
export const ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS = 'gen_ai.usage.cache_creation.input_tokens';
/** The number of output tokens spent on reasoning. */
export const ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS = 'gen_ai.usage.reasoning.output_tokens';
/** The system message or instructions provided to the model, as JSON (semconv message parts). */
export const ATTR_GEN_AI_SYSTEM_INSTRUCTIONS = 'gen_ai.system_instructions';
/** The chat history provided to the model as input, as JSON (semconv messages). */
export const ATTR_GEN_AI_INPUT_MESSAGES = 'gen_ai.input.messages';
/** Messages returned by the model, as JSON (semconv output messages). */
export const ATTR_GEN_AI_OUTPUT_MESSAGES = 'gen_ai.output.messages';
/** The number of dimensions the resulting output embeddings have. */
export const ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT = 'gen_ai.embeddings.dimension.count';
/** Human-readable name of the GenAI agent provided by the application. */
export const ATTR_GEN_AI_AGENT_NAME = 'gen_ai.agent.name';
/** The unique identifier of the GenAI agent. */
export const ATTR_GEN_AI_AGENT_ID = 'gen_ai.agent.id';
/** Free-form description of the GenAI agent provided by the application. */
export const ATTR_GEN_AI_AGENT_DESCRIPTION = 'gen_ai.agent.description';
/** Name of the tool utilized by the agent. */
export const ATTR_GEN_AI_TOOL_NAME = 'gen_ai.tool.name';
/** The tool call identifier. */
export const ATTR_GEN_AI_TOOL_CALL_ID = 'gen_ai.tool.call.id';
/** Type of the tool utilized by the agent (`function`, `extension`, `datastore`). */
export const ATTR_GEN_AI_TOOL_TYPE = 'gen_ai.tool.type';
/** The tool description. */
export const ATTR_GEN_AI_TOOL_DESCRIPTION = 'gen_ai.tool.description';
/** Parameters passed to the tool call, as JSON (opt-in content). */
export const ATTR_GEN_AI_TOOL_CALL_ARGUMENTS = 'gen_ai.tool.call.arguments';
/** The result returned by the tool call, as JSON (opt-in content). */
export const ATTR_GEN_AI_TOOL_CALL_RESULT = 'gen_ai.tool.call.result';
/** The attributes that hold captured content (prompts, completions, tool arguments and results). */
export const CONTENT_ATTRIBUTES: readonly string[] = [
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
];
/** The type of token being counted (`input`, `output`), on token usage metrics. */
export const ATTR_GEN_AI_TOKEN_TYPE = 'gen_ai.token.type';
/** The service tier requested from OpenAI. */
export const ATTR_OPENAI_REQUEST_SERVICE_TIER = 'openai.request.service_tier';
/** The service tier OpenAI used for the response. */
export const ATTR_OPENAI_RESPONSE_SERVICE_TIER = 'openai.response.service_tier';
/** A fingerprint to track any eventual change in the OpenAI backend configuration. */
export const ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT = 'openai.response.system_fingerprint';

// Stable general attributes.
/** Describes a class of error the operation ended with (an error class name or an HTTP status). */
export const ATTR_ERROR_TYPE = 'error.type';
/** GenAI server address (host name of the API base URL). */
export const ATTR_SERVER_ADDRESS = 'server.address';
/** GenAI server port. */
export const ATTR_SERVER_PORT = 'server.port';
/** A unique id to identify a session (development): our session's id, on every span of it. */
export const ATTR_SESSION_ID = 'session.id';
/** The W3C baggage key that carries the session id to other processes (the attribute's name). */
export const BAGGAGE_SESSION_ID = ATTR_SESSION_ID;
/**
 * The method or function fully-qualified name without arguments (stable): on a captured log record,
 * the function that wrote it (`console.log`, `console.warn`, `process.stdout.write`).
 */
export const ATTR_CODE_FUNCTION_NAME = 'code.function.name';
/** The stream associated with the log (development): `stdout` or `stderr`. */
export const ATTR_LOG_IOSTREAM = 'log.iostream';
/** Values of `log.iostream`. */
export const LOG_IOSTREAM = { STDOUT: 'stdout', STDERR: 'stderr' } as const;

// Model Context Protocol (MCP semantic conventions, development). One span per request: CLIENT on
// the side that sends it, SERVER on the side that handles it, named `{mcp.method.name} {target}`.
/** The name of the request or notification method (`tools/call`, `resources/read`, `initialize`, ...). */
export const ATTR_MCP_METHOD_NAME = 'mcp.method.name';
/** Identifies the MCP session (the Streamable HTTP transport's `Mcp-Session-Id`; stdio has none). */
export const ATTR_MCP_SESSION_ID = 'mcp.session.id';
/** The version of the Model Context Protocol used (`2025-11-25`). */
export const ATTR_MCP_PROTOCOL_VERSION = 'mcp.protocol.version';
/** The URI of the resource a request names (`resources/read`, `resources/subscribe`, ...). */
export const ATTR_MCP_RESOURCE_URI = 'mcp.resource.uri';
/** The name of the prompt a request names (`prompts/get`), the span name's target like a tool's name. */
export const ATTR_GEN_AI_PROMPT_NAME = 'gen_ai.prompt.name';
/** The JSON-RPC `id` of the request, as a string. */
export const ATTR_JSONRPC_REQUEST_ID = 'jsonrpc.request.id';
/** The error code of a JSON-RPC error response, as a string (`-32602`). */
export const ATTR_RPC_RESPONSE_STATUS_CODE = 'rpc.response.status_code';
/** The transport protocol (stable): `pipe` for stdio, `tcp` for HTTP. */
export const ATTR_NETWORK_TRANSPORT = 'network.transport';
/** The application protocol below MCP (stable), lower case: `http` for Streamable HTTP and SSE. */
export const ATTR_NETWORK_PROTOCOL_NAME = 'network.protocol.name';
/** Values of `network.transport`. */
export const NETWORK_TRANSPORT = { PIPE: 'pipe', TCP: 'tcp' } as const;
/** The requests whose spans carry more than their method (a tool, a prompt or a resource). */
export const MCP_METHOD = {
  INITIALIZE: 'initialize',
  TOOLS_CALL: 'tools/call',
  TOOLS_LIST: 'tools/list',
  PROMPTS_GET: 'prompts/get',
  RESOURCES_READ: 'resources/read',
  RESOURCES_SUBSCRIBE: 'resources/subscribe',
  RESOURCES_UNSUBSCRIBE: 'resources/unsubscribe',
} as const;
/** `error.type` of a tool call whose result says `isError: true` (the call itself succeeded). */
export const MCP_TOOL_ERROR = 'tool_error';

/** Well-known values of `gen_ai.operation.name`. */
export const GEN_AI_OPERATION = {
  CHAT: 'chat',
  TEXT_COMPLETION: 'text_completion',
  EMBEDDINGS: 'embeddings',
  INVOKE_AGENT: 'invoke_agent',
  EXECUTE_TOOL: 'execute_tool',
  GENERATE_CONTENT: 'generate_content',
} as const;

/** Well-known values of `gen_ai.provider.name`. */
export const GEN_AI_PROVIDER = {
  OPENAI: 'openai',
  ANTHROPIC: 'anthropic',
  AZURE_AI_OPENAI: 'azure.ai.openai',
  AWS_BEDROCK: 'aws.bedrock',
  GCP_VERTEX_AI: 'gcp.vertex_ai',
  GCP_GEMINI: 'gcp.gemini',
  COHERE: 'cohere',
  DEEPSEEK: 'deepseek',
  GROQ: 'groq',
  X_AI: 'x_ai',
  MISTRAL_AI: 'mistral_ai',
  PERPLEXITY: 'perplexity',
} as const;

/** Values of `gen_ai.token.type`. */
export const GEN_AI_TOKEN_TYPE = { INPUT: 'input', OUTPUT: 'output' } as const;

/** Values of `gen_ai.output.type`. */
export const GEN_AI_OUTPUT_TYPE = { TEXT: 'text', JSON: 'json', IMAGE: 'image', SPEECH: 'speech' } as const;

// GenAI client metrics (development): names, units and the explicit bucket boundaries the
// conventions recommend.
/** Histogram of input and output tokens used, by `gen_ai.token.type`. Unit `{token}`. */
export const METRIC_GEN_AI_CLIENT_TOKEN_USAGE = 'gen_ai.client.token.usage';
/** Histogram of GenAI operation durations. Unit `s`. */
export const METRIC_GEN_AI_CLIENT_OPERATION_DURATION = 'gen_ai.client.operation.duration';
/** Histogram of the time to the first chunk of a streamed response. Unit `s`. */
export const METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK = 'gen_ai.client.operation.time_to_first_chunk';
export const UNIT_TOKEN = '{token}';
export const UNIT_SECONDS = 's';
export const TOKEN_USAGE_BUCKETS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];
export const DURATION_BUCKETS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

// ---------------------------------------------------------------------------------------------
// agentsight.* (ours, where the conventions are silent)
// ---------------------------------------------------------------------------------------------

/** What one of our spans stands for: `session`, `agent`, `tool`, `action`, `llm`, `error`. */
export const ATTR_AGENTSIGHT_SPAN_KIND = 'agentsight.span.kind';
export const SPAN_KIND = {
  SESSION: 'session',
  AGENT: 'agent',
  TOOL: 'tool',
  ACTION: 'action',
  LLM: 'llm',
  ERROR: 'error',
  /** One step of an agent loop: a model call and the tool executions it asked for. */
  STEP: 'step',
  /** A delegation to another agent: `delegate {target}` (PRODUCER) and the receiving side (CONSUMER). */
  DELEGATION: 'delegation',
} as const;

/** The session's human name. */
export const ATTR_AGENTSIGHT_SESSION_NAME = 'agentsight.session.name';
/** The session's tags (string array). */
export const ATTR_AGENTSIGHT_SESSION_TAGS = 'agentsight.session.tags';
/** `true` on the process-wide automatic session. */
export const ATTR_AGENTSIGHT_SESSION_AUTO = 'agentsight.session.auto';
/** How the session ended: `success`, `fail` or `indeterminate`. */
export const ATTR_AGENTSIGHT_SESSION_END_STATE = 'agentsight.session.end_state';
/** Why the session ended the way it did (free text: a signal name, an error message, ...). */
export const ATTR_AGENTSIGHT_SESSION_END_STATE_REASON = 'agentsight.session.end_state_reason';
export const SESSION_END_STATE = { SUCCESS: 'success', FAIL: 'fail', INDETERMINATE: 'indeterminate' } as const;
export type SessionEndState = (typeof SESSION_END_STATE)[keyof typeof SESSION_END_STATE];

/** The action's type, on action spans. */
export const ATTR_AGENTSIGHT_ACTION_TYPE = 'agentsight.action.type';

// Delegation between agents and processes (signed delegation tokens, delegations in flight).
/** The delegation's id: the token's `jti` (`<trace id>-<span id>-<flags>` of the delegation span). */
export const ATTR_AGENTSIGHT_DELEGATION_ID = 'agentsight.delegation.id';
/** The agent the work is delegated to (the token's audience). */
export const ATTR_AGENTSIGHT_DELEGATION_TARGET = 'agentsight.delegation.target';
/** The delegating agent (the token's issuer; on the receiving side, as the token claims it). */
export const ATTR_AGENTSIGHT_DELEGATION_SOURCE = 'agentsight.delegation.source';
/** Where the delegation stands: `in_flight`, `completed`, `failed` or `abandoned` (see `DELEGATION_STATE`). */
export const ATTR_AGENTSIGHT_DELEGATION_STATE = 'agentsight.delegation.state';
/** The task handed over, as given (content: only when content capture is on). */
export const ATTR_AGENTSIGHT_DELEGATION_TASK = 'agentsight.delegation.task';
/** The result the delegation completed with, as JSON (content: only when content capture is on). */
export const ATTR_AGENTSIGHT_DELEGATION_RESULT = 'agentsight.delegation.result';
/** Receiving side: `true` when the token checked out and the work continues the delegating trace. */
export const ATTR_AGENTSIGHT_DELEGATION_VERIFIED = 'agentsight.delegation.verified';
/** Receiving side: why the token was refused (see `DELEGATION_REJECTION`). */
export const ATTR_AGENTSIGHT_DELEGATION_UNVERIFIED_REASON = 'agentsight.delegation.unverified_reason';
/** Receiving side: seconds from the token's issue to the work being picked up. */
export const ATTR_AGENTSIGHT_DELEGATION_WAIT_S = 'agentsight.delegation.wait_s';
export const DELEGATION_STATE = {
  IN_FLIGHT: 'in_flight',
  COMPLETED: 'completed',
  FAILED: 'failed',
  /** The delegating process ended before the delegation was completed or failed. */
  ABANDONED: 'abandoned',
} as const;
export type DelegationState = (typeof DELEGATION_STATE)[keyof typeof DELEGATION_STATE];
/** Events on the delegation span, one per change of state (the time the gap started and ended). */
export const EVENT_DELEGATION_STATE: Readonly<Record<DelegationState, string>> = {
  in_flight: 'agentsight.delegation.in_flight',
  completed: 'agentsight.delegation.completed',
  failed: 'agentsight.delegation.failed',
  abandoned: 'agentsight.delegation.abandoned',
};
/** Event on the receiving span: the work was picked up. */
export const EVENT_DELEGATION_PICKED_UP = 'agentsight.delegation.picked_up';
/** Why a receiver refused a delegation token (`agentsight.delegation.unverified_reason`). */
export const DELEGATION_REJECTION = {
  /** Not a compact JWS of ours: bad encoding, bad JSON, a missing claim, the wrong `typ`. */
  MALFORMED: 'malformed',
  /** `alg: none`, or an algorithm no configured key uses (including a key id's own algorithm). */
  ALGORITHM_NOT_ALLOWED: 'algorithm_not_allowed',
  /** The key id names none of the receiver's keys (or the receiver has none). */
  UNKNOWN_KEY: 'unknown_key',
  BAD_SIGNATURE: 'bad_signature',
  EXPIRED: 'expired',
  WRONG_AUDIENCE: 'wrong_audience',
  /** The token's id was already accepted in this process. */
  REPLAYED: 'replayed',
} as const;
export type DelegationRejection = (typeof DELEGATION_REJECTION)[keyof typeof DELEGATION_REJECTION];

// Roll-ups, on session and agent spans at their end: what ran inside them.
/** Number of LLM calls. */
export const ATTR_AGENTSIGHT_LLM_CALLS = 'agentsight.llm.calls';
/** Number of tool calls. */
export const ATTR_AGENTSIGHT_TOOL_CALLS = 'agentsight.tool.calls';
/** Number of actions. */
export const ATTR_AGENTSIGHT_ACTION_COUNT = 'agentsight.action.count';
/**
 * `true` on a span that failed with an error already recorded on a span inside it (the same
 * exception passing up through a tool, an agent and the session counts as one error).
 */
export const ATTR_AGENTSIGHT_ERROR_PROPAGATED = 'agentsight.error.propagated';
/** Number of errors inside: spans that ended with an error not already counted below them. */
export const ATTR_AGENTSIGHT_ERROR_COUNT = 'agentsight.error.count';
/** Summed input tokens (cached included) of the LLM calls inside. */
export const ATTR_AGENTSIGHT_USAGE_INPUT_TOKENS = 'agentsight.usage.input_tokens';
/** Summed output tokens of the LLM calls inside. */
export const ATTR_AGENTSIGHT_USAGE_OUTPUT_TOKENS = 'agentsight.usage.output_tokens';
/** Summed cache-read input tokens of the LLM calls inside. */
export const ATTR_AGENTSIGHT_USAGE_CACHE_READ_INPUT_TOKENS = 'agentsight.usage.cache_read.input_tokens';
/** Summed cache-creation input tokens of the LLM calls inside. */
export const ATTR_AGENTSIGHT_USAGE_CACHE_CREATION_INPUT_TOKENS = 'agentsight.usage.cache_creation.input_tokens';
/** Summed reasoning output tokens of the LLM calls inside. */
export const ATTR_AGENTSIGHT_USAGE_REASONING_OUTPUT_TOKENS = 'agentsight.usage.reasoning.output_tokens';
/** Per-model roll-up as JSON: `{ [model]: { calls, input_tokens, output_tokens, ..., cost_usd } }`. */
export const ATTR_AGENTSIGHT_USAGE_BY_MODEL = 'agentsight.usage.by_model';

// Cost, in US dollars: on LLM spans the call's cost, on session and agent spans the total inside.
export const ATTR_AGENTSIGHT_COST_USD = 'agentsight.cost.usd';
export const ATTR_AGENTSIGHT_COST_INPUT_USD = 'agentsight.cost.input_usd';
export const ATTR_AGENTSIGHT_COST_OUTPUT_USD = 'agentsight.cost.output_usd';
export const ATTR_AGENTSIGHT_COST_CACHE_READ_USD = 'agentsight.cost.cache_read_usd';
export const ATTR_AGENTSIGHT_COST_CACHE_WRITE_USD = 'agentsight.cost.cache_write_usd';
/** `true` when the model has no price in the table, so the span carries no cost. */
export const ATTR_AGENTSIGHT_COST_UNKNOWN_MODEL = 'agentsight.cost.unknown_model';
/** Counter of spend by provider and model. Unit `USD`. */
export const METRIC_AGENTSIGHT_COST_USD = 'agentsight.cost.usd';
export const UNIT_USD = 'USD';

/** Why we ended a span ourselves instead of on a result or an error (see `ENDED_BY`). */
export const ATTR_AGENTSIGHT_ENDED_BY = 'agentsight.ended_by';
/** Values of `agentsight.ended_by` for spans we had to close ourselves. */
export const ENDED_BY = {
  /** The caller stopped reading a stream before its end (`break`, `return()`). */
  CALLER_STOPPED: 'caller_stopped',
  /** The request's AbortSignal fired. */
  ABORT: 'abort',
  /** The process exited with the span still open. */
  PROCESS_EXIT: 'process_exit',
  /** The caller took the raw `Response` (`asResponse()`) and read the body itself. */
  RAW_RESPONSE: 'raw_response',
  /**
   * agentsight's own code failed while following the call (mapping its result, observing its
   * promise): the span ends with what it had; the call itself went on untouched.
   */
  INTERNAL_ERROR: 'agentsight_error',
} as const;

/**
 * Values of `gen_ai.operation.name` for provider calls the conventions name no operation for. An
 * Anthropic token count or batch submission is not a `chat`: naming it so would mix it into chat
 * durations and token metrics.
 */
export const AGENTSIGHT_OPERATION = {
  /** Anthropic `messages.countTokens`: counts a prompt's tokens, generates nothing, costs nothing. */
  COUNT_TOKENS: 'count_tokens',
  /** Anthropic `messages.batches.create`: submits a batch of requests processed later. */
  CREATE_BATCH: 'create_batch',
  /**
   * One step of an agent loop (`step {n}` spans): the name the AI SDK's own OpenTelemetry
   * integration (`@ai-sdk/otel`) gives its step spans.
   */
  AGENT_STEP: 'agent_step',
} as const;

/**
 * Operations of LLM APIs that generate nothing: traced as LLM spans, but not counted as LLM calls
 * in roll-ups (they have no usage and no cost).
 */
export const NON_GENERATING_OPERATIONS: readonly string[] = [AGENTSIGHT_OPERATION.COUNT_TOKENS, AGENTSIGHT_OPERATION.CREATE_BATCH];

/** Whether a span's attributes describe an LLM call that counts in roll-ups. */
export function countsAsLlmCall(attributes: Readonly<Record<string, unknown>>): boolean {
  return (
    attributes[ATTR_AGENTSIGHT_SPAN_KIND] === SPAN_KIND.LLM &&
    !NON_GENERATING_OPERATIONS.includes(String(attributes[ATTR_GEN_AI_OPERATION_NAME]))
  );
}

/** The thinking (extended reasoning) budget the request gave, in tokens (Anthropic `thinking.budget_tokens`). */
export const ATTR_AGENTSIGHT_REQUEST_THINKING_BUDGET_TOKENS = 'agentsight.request.thinking.budget_tokens';
/** The number of input tokens a token-count call reported (`count_tokens` spans; not usage: nothing was billed). */
export const ATTR_AGENTSIGHT_COUNT_TOKENS_INPUT_TOKENS = 'agentsight.count_tokens.input_tokens';
/** The number of requests a batch submission carried (`create_batch` spans). */
export const ATTR_AGENTSIGHT_BATCH_REQUEST_COUNT = 'agentsight.batch.request_count';

// Log records (LogCapture).
/** What a captured log record came from: `console`, `stdio` (raw stdout/stderr writes), `pino`, `winston`. */
export const ATTR_AGENTSIGHT_LOG_SOURCE = 'agentsight.log.source';
export const LOG_SOURCE = { CONSOLE: 'console', STDIO: 'stdio', PINO: 'pino', WINSTON: 'winston' } as const;
export type LogSource = (typeof LOG_SOURCE)[keyof typeof LOG_SOURCE];
/** On the session span at its end (when it had any): log records kept for the session. */
export const ATTR_AGENTSIGHT_LOGS_RECORDED = 'agentsight.logs.recorded';
/** On the session span at its end: log records left out because the session's log budget was spent. */
export const ATTR_AGENTSIGHT_LOGS_DROPPED = 'agentsight.logs.dropped';
/** On the session span at its end: log records kept with their body cut at the per-record cap. */
export const ATTR_AGENTSIGHT_LOGS_TRUNCATED = 'agentsight.logs.truncated';

// Sampling: whole sessions, decided once from the trace id; failed sessions kept on request.
/** Counter of ended sessions by sampling outcome (`agentsight.sampling.outcome`). Unit `{session}`. */
export const METRIC_AGENTSIGHT_SAMPLING_SESSIONS = 'agentsight.sampling.sessions';
export const UNIT_SESSION = '{session}';
/** What became of a session: `kept` (sampled), `dropped` (sampled out), `rescued` (sampled out, failed, exported). */
export const ATTR_AGENTSIGHT_SAMPLING_OUTCOME = 'agentsight.sampling.outcome';
export const SAMPLING_OUTCOME = { KEPT: 'kept', DROPPED: 'dropped', RESCUED: 'rescued' } as const;
/**
 * Why a sampled-out session was dropped: `sampled_out` (it ended without failing, or failed sessions
 * are not kept), `buffer_full` (the oldest held session, dropped to stay within the buffer's budget).
 */
export const ATTR_AGENTSIGHT_SAMPLING_DROP_REASON = 'agentsight.sampling.drop_reason';
export const SAMPLING_DROP_REASON = { SAMPLED_OUT: 'sampled_out', BUFFER_FULL: 'buffer_full' } as const;
/** `true` on the root span of a session exported only because it failed (`AGENTSIGHT_KEEP_FAILED_SESSIONS`). */
export const ATTR_AGENTSIGHT_SAMPLING_RESCUED = 'agentsight.sampling.rescued';

// Export health (dropped telemetry, by signal and reason).
/**
 * Counter of telemetry items that could not be exported: spans, log records or metric data points,
 * by `agentsight.export.signal` and `agentsight.export.reason`. An item lost on the way to two
 * exporters (the local store and OTLP) counts twice. Unit `{item}`.
 */
export const METRIC_AGENTSIGHT_EXPORT_DROPPED = 'agentsight.export.dropped';
export const UNIT_ITEM = '{item}';
/** The signal of dropped items (see `EXPORT_SIGNAL`). */
export const ATTR_AGENTSIGHT_EXPORT_SIGNAL = 'agentsight.export.signal';
/** Why items were dropped (see `EXPORT_DROP_REASON`). */
export const ATTR_AGENTSIGHT_EXPORT_REASON = 'agentsight.export.reason';
/** Values of `agentsight.export.signal`, as the OTLP endpoints name them. */
export const EXPORT_SIGNAL = { TRACES: 'traces', LOGS: 'logs', METRICS: 'metrics' } as const;
export type ExportSignal = (typeof EXPORT_SIGNAL)[keyof typeof EXPORT_SIGNAL];
/** Values of `agentsight.export.reason`. */
export const EXPORT_DROP_REASON = {
  /** The exporter's queue was full (the backend or disk could not keep up). */
  QUEUE_FULL: 'queue_full',
  /** The export failed for good: refused, answered an error, retries used up, disk full. */
  EXPORT_FAILED: 'export_failed',
  /** The export did not finish in time: its own timeout, or the shutdown budget ran out. */
  TIMEOUT: 'timeout',
  /** Still waiting when the pipeline shut down, with no way to send it (no synchronous path). */
  SHUTDOWN: 'shutdown',
} as const;
export type ExportDropReason = (typeof EXPORT_DROP_REASON)[keyof typeof EXPORT_DROP_REASON];

// Events on spans.
/** Event recorded on the session when its spend crosses the budget. */
export const EVENT_BUDGET_EXCEEDED = 'agentsight.budget.exceeded';
export const ATTR_AGENTSIGHT_BUDGET_USD = 'agentsight.budget.usd';
export const ATTR_AGENTSIGHT_BUDGET_SPENT_USD = 'agentsight.budget.spent_usd';

// Span names (the conventions say `{operation} {model}` for LLM calls).
export const sessionSpanName = (name: string): string => `session ${name}`;
export const agentSpanName = (name: string): string => `${GEN_AI_OPERATION.INVOKE_AGENT} ${name}`;
export const toolSpanName = (name: string): string => `${GEN_AI_OPERATION.EXECUTE_TOOL} ${name}`;
export const actionSpanName = (type: string): string => `action ${type}`;
/** Step `number` (from 1) of an agent loop. */
export const stepSpanName = (number: number): string => `step ${number}`;
export const llmSpanName = (operation: string, model: string | undefined): string => (model ? `${operation} ${model}` : operation);
export const delegateSpanName = (target: string): string => `delegate ${target}`;
/** An MCP request: `{mcp.method.name} {target}`, the target being its tool or prompt name when it has one. */
export const mcpSpanName = (method: string, target: string | undefined): string => (target ? `${method} ${target}` : method);
export const acceptDelegationSpanName = (audience: string): string => `accept_delegation ${audience}`;
/** The span another process records when it closes a delegation by its id. */
export const CLOSE_DELEGATION_SPAN_NAME = 'close_delegation';

/** Instrumentation scope name of everything we emit. */
export const TRACER_NAME = 'agentsight';
