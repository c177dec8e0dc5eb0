/** How the page writes values: the CLI's own formatting (src/cli/values.ts), plus a few for the page. */
import { formatCost, formatCount, formatDuration, formatLocalTime, formatUsd, truncate } from '../src/cli/values';
import type { SessionState, SpanCategory, Usage } from '../src/ui/api-types';

export { formatCost, formatCount, formatDuration, formatLocalTime, formatUsd, truncate };

/** `1,240 in / 32 out`, with the cached and reasoning parts when there are any. */
export function formatUsage(usage: Usage): string {
  const input = `${formatCount(usage.input)} in${usage.cacheRead > 0 ? ` (${formatCount(usage.cacheRead)} cached)` : ''}`;
  const output = `${formatCount(usage.output)} out${usage.reasoning > 0 ? ` (${formatCount(usage.reasoning)} reasoning)` : ''}`;
  return `${input} / ${output}`;
}

/** `12 kB` */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} kB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export const STATE_TEXT: Record<SessionState, string> = {
  success: 'success',
  fail: 'fail',
  indeterminate: 'indeterminate',
  running: 'running',
  unfinished: 'unfinished',
  unreadable: 'unreadable',
};

export const STATE_HELP: Record<SessionState, string> = {
  success: 'ended as a success',
  fail: 'ended as a failure',
  indeterminate: 'ended without saying how it went',
  running: 'no end record yet, and the process that writes it is alive',
  unfinished: 'no end record, and its process is gone (crashed or killed) or ran on another host',
  unreadable: 'its file could not be read',
};

export const CATEGORY_TEXT: Record<SpanCategory, string> = {
  session: 'session',
  agent: 'agent',
  llm: 'LLM',
  tool: 'tool',
  mcp: 'MCP',
  delegation: 'delegation',
  action: 'action',
  error: 'error',
  other: 'span',
};
