/**
 * The public event wrappers: agents, tools and actions as child spans of the session, for sync
 * functions, async functions and async generators, in two forms: `withX(spec, fn)` runs `fn` now,
 * `traceX(spec, fn)` returns a function with `fn`'s signature that runs it traced on every call.
 */
import type { Attributes, Span } from '@opentelemetry/api';
import { toCappedJson } from '../content/capped-json';
import { currentRuntime } from '../runtime';
import {
  ATTR_AGENTSIGHT_ACTION_TYPE,
  ATTR_AGENTSIGHT_SPAN_KIND,
  ATTR_GEN_AI_AGENT_DESCRIPTION,
  ATTR_GEN_AI_AGENT_ID,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_DESCRIPTION,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  GEN_AI_OPERATION,
  SPAN_KIND,
  actionSpanName,
  agentSpanName,
  toolSpanName,
} from '../semconv';
import { runInWorkSpan, type WorkSpanSpec } from './work-span';

/** Describes an agent span (`invoke_agent {name}`). */
export interface AgentOptions {
  name: string;
  /** `gen_ai.agent.id`. */
  id?: string;
  /** `gen_ai.agent.description`. */
  description?: string;
  attributes?: Attributes;
}

/** Describes a tool span (`execute_tool {name}`). */
export interface ToolOptions {
  name: string;
  /** `gen_ai.tool.call.id`: the id of the model's tool call this execution answers. */
  callId?: string;
  /** `gen_ai.tool.type`: `function` (default), `extension` or `datastore`. */
  type?: 'function' | 'extension' | 'datastore';
  description?: string;
  /** The tool's arguments, recorded as JSON when content capture is on. `traceTool` records the call's arguments. */
  args?: unknown;
  attributes?: Attributes;
}

/** Describes an action span (`action {type}`). */
export interface ActionOptions {
  type: string;
  attributes?: Attributes;
}

const asAgent = (spec: string | AgentOptions): AgentOptions => (typeof spec === 'string' ? { name: spec } : spec);
const asTool = (spec: string | ToolOptions): ToolOptions => (typeof spec === 'string' ? { name: spec } : spec);
const asAction = (spec: string | ActionOptions): ActionOptions => (typeof spec === 'string' ? { type: spec } : spec);

/** `value` as recorded content (JSON, capped, secrets redacted unless turned off), or `undefined` while content capture is off. */
export function contentJson(value: unknown): string | undefined {
  const config = currentRuntime()?.config;
  if (!config?.captureContent) return undefined;
  return toCappedJson(value, config.contentMaxChars, config.redact);
}

/**
 * Runs `fn` as an agent: an `invoke_agent {name}` span whose end carries the totals (LLM calls,
 * tokens, cost, tools, errors) of everything that ran inside it.
 *
 * @example
 * const plan = await withAgent('planner', async () => client.chat.completions.create({ ... }));
 */
export function withAgent<T>(spec: string | AgentOptions, fn: () => T): T {
  return runInWorkSpan(agentWorkSpec(asAgent(spec)), fn);
}

/** The span of an agent (`withAgent`, and the agent loops an instrumentation sees). */
export function agentWorkSpec(agent: AgentOptions): WorkSpanSpec {
  const attributes: Attributes = {
    ...agent.attributes,
    [ATTR_AGENTSIGHT_SPAN_KIND]: SPAN_KIND.AGENT,
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.INVOKE_AGENT,
    [ATTR_GEN_AI_AGENT_NAME]: agent.name,
  };
  if (agent.id !== undefined) attributes[ATTR_GEN_AI_AGENT_ID] = agent.id;
  if (agent.description !== undefined) attributes[ATTR_GEN_AI_AGENT_DESCRIPTION] = agent.description;
  return { name: agentSpanName(agent.name), attributes, ownScope: true, agentName: agent.name };
}

/**
 * Runs `fn` as a tool execution: an `execute_tool {name}` span. Arguments (`args`) and the result
 * are recorded as JSON when content capture is on.
 *
 * @example
 * const weather = await withTool({ name: 'get_weather', args: { city } }, () => fetchWeather(city));
 */
export function withTool<T>(spec: string | ToolOptions, fn: () => T): T {
  return runInWorkSpan(toolWorkSpec(asTool(spec)), fn);
}

/** The span of a tool execution (`withTool`, and the tools an instrumentation sees run). */
export function toolWorkSpec(tool: ToolOptions): WorkSpanSpec {
  const attributes: Attributes = {
    ...tool.attributes,
    [ATTR_AGENTSIGHT_SPAN_KIND]: SPAN_KIND.TOOL,
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.EXECUTE_TOOL,
    [ATTR_GEN_AI_TOOL_NAME]: tool.name,
    [ATTR_GEN_AI_TOOL_TYPE]: tool.type ?? 'function',
  };
  if (tool.callId !== undefined) attributes[ATTR_GEN_AI_TOOL_CALL_ID] = tool.callId;
  if (tool.description !== undefined) attributes[ATTR_GEN_AI_TOOL_DESCRIPTION] = tool.description;
  return {
    name: toolSpanName(tool.name),
    attributes,
    isTool: true,
    count: (scope) => scope.countTool(),
    // Only a recording span gets the arguments serialized (a sampled-out session's tools build nothing).
    onStart: (span: Span) => {
      if (tool.args === undefined) return;
      const args = contentJson(tool.args);
      if (args !== undefined) span.setAttribute(ATTR_GEN_AI_TOOL_CALL_ARGUMENTS, args);
    },
    onResult: (span: Span, result: unknown) => {
      const json = contentJson(result);
      if (json !== undefined) span.setAttribute(ATTR_GEN_AI_TOOL_CALL_RESULT, json);
    },
  };
}

/**
 * Runs `fn` as an action of the agent (anything worth a span that is not a tool or an LLM call):
 * an `action {type}` span.
 *
 * @example
 * await withAction('save-report', () => fs.promises.writeFile(path, report));
 */
export function withAction<T>(spec: string | ActionOptions, fn: () => T): T {
  const action = asAction(spec);
  const attributes: Attributes = {
    ...action.attributes,
    [ATTR_AGENTSIGHT_SPAN_KIND]: SPAN_KIND.ACTION,
    [ATTR_AGENTSIGHT_ACTION_TYPE]: action.type,
  };
  return runInWorkSpan({ name: actionSpanName(action.type), attributes, count: (scope) => scope.countAction() }, fn);
}

/** Copies a function's name and length onto its traced version. */
function sameShape<F extends (...args: never[]) => unknown>(traced: F, original: F): F {
  Object.defineProperty(traced, 'name', { value: original.name, configurable: true });
  Object.defineProperty(traced, 'length', { value: original.length, configurable: true });
  return traced;
}

/**
 * Returns `fn` traced as an agent on every call (same parameters, same `this`, same result).
 *
 * @example
 * const research = traceAgent('researcher', async (topic: string) => { ... });
 */
export function traceAgent<A extends unknown[], R>(spec: string | AgentOptions, fn: (...args: A) => R): (...args: A) => R {
  return sameShape(function (this: unknown, ...args: A): R {
    return withAgent(spec, () => fn.apply(this, args));
  }, fn);
}

/**
 * Returns `fn` traced as a tool on every call; its arguments are the tool's arguments (one
 * argument is recorded as itself, several as an array).
 *
 * @example
 * const getWeather = traceTool('get_weather', async ({ city }: { city: string }) => lookup(city));
 */
export function traceTool<A extends unknown[], R>(spec: string | ToolOptions, fn: (...args: A) => R): (...args: A) => R {
  const tool = asTool(spec);
  return sameShape(function (this: unknown, ...args: A): R {
    return withTool({ ...tool, args: tool.args ?? (args.length === 1 ? args[0] : args) }, () => fn.apply(this, args));
  }, fn);
}

/**
 * Returns `fn` traced as an action on every call.
 *
 * @example
 * const save = traceAction('save-report', (report: string) => fs.writeFileSync('r.md', report));
 */
export function traceAction<A extends unknown[], R>(spec: string | ActionOptions, fn: (...args: A) => R): (...args: A) => R {
  return sameShape(function (this: unknown, ...args: A): R {
    return withAction(spec, () => fn.apply(this, args));
  }, fn);
}
