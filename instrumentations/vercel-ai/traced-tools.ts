/**
 * The tools of one SDK call with their `execute` traced: each execution is an `execute_tool {name}`
 * span (tool call id, description, arguments and result when content capture is on) inside the
 * step that asked for it, and whatever the tool does (an MCP request, a nested agent) nests under
 * it. The call gets copies of the tool objects; the user's stay as they are.
 */
import { context } from '@opentelemetry/api';
import { runInWorkSpan } from '../../src/events/work-span';
import { toolWorkSpec } from '../../src/events/wrappers';
import { getLogger } from '../../src/diag';
import { isObject, str, type Json } from '../../src/json-values';
import type { CallScope } from './call-scope';

const log = getLogger('vercel-ai');

type Execute = (this: unknown, input: unknown, options?: unknown) => unknown;

/** Our `execute` wrappers: a tool is never traced twice. */
const wrappers = new WeakSet<Execute>();

function tracedExecute(name: string, tool: Json, execute: Execute, scope: CallScope): Execute {
  const description = str(tool.description);
  const wrapped: Execute = function (this: unknown, input: unknown, options?: unknown): unknown {
    const callId = isObject(options) ? str(options.toolCallId) : undefined;
    const spec = toolWorkSpec({
      name,
      ...(callId !== undefined ? { callId } : {}),
      ...(description !== undefined ? { description } : {}),
      args: input,
    });
    return context.with(scope.toolParent(), () => runInWorkSpan(spec, () => execute.call(this, input, options)));
  };
  wrappers.add(wrapped);
  return wrapped;
}

/** A copy of `tool` (same prototype, same properties) whose `execute` is `execute`. */
function withExecute(tool: Json, execute: Execute): Json {
  const descriptors = Object.getOwnPropertyDescriptors(tool);
  descriptors.execute = { value: execute, writable: true, enumerable: true, configurable: true };
  return Object.create(Object.getPrototypeOf(tool) as object | null, descriptors) as Json;
}

/** `tools` (a name-to-tool record) with each executable tool traced; `tools` itself when none is. Never throws. */
export function tracedTools(tools: unknown, scope: CallScope): unknown {
  if (!isObject(tools)) return tools;
  try {
    let changed = false;
    const copy: Json = {};
    for (const [name, tool] of Object.entries(tools)) {
      const execute = isObject(tool) ? tool.execute : undefined;
      if (isObject(tool) && typeof execute === 'function' && !wrappers.has(execute as Execute)) {
        copy[name] = withExecute(tool, tracedExecute(name, tool, execute as Execute, scope));
        changed = true;
      } else {
        copy[name] = tool;
      }
    }
    return changed ? copy : tools;
  } catch (err) {
    log.once('warn', 'tools', `could not trace the tools of a call; they run untraced: ${String(err)}`);
    return tools;
  }
}

/** Whether a call declares tools (then it is an agent loop). */
export function hasTools(tools: unknown): boolean {
  return isObject(tools) && Object.keys(tools).length > 0;
}
