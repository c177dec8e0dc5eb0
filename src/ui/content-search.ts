/**
 * Free text over captured content (prompts, completions, system instructions, tool arguments and
 * results, error messages, logs). Sessions are read lazily, newest first, within a time budget per
 * request; what a session matched is remembered per query and per version of its files, so the next
 * request (the next page, or the page asking again) goes on where the last one stopped.
 */
import { attrs } from '../cli/span-facts';
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
} from '../semconv';
import type { SessionData } from '../store/reader';
import { contentStrings } from './conversation';

const CONTENT_ATTRIBUTES = [
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
];
/** Queries whose per-session answers are kept (the most recent ones). */
const QUERIES_KEPT = 8;

/** The searchable text of a session, lower-cased: span names, captured content, error messages, log lines. */
export function contentText(data: SessionData): string {
  const parts: string[] = [];
  for (const span of data.spans) {
    parts.push(span.name);
    if (span.status?.message) parts.push(span.status.message);
    const a = attrs(span);
    for (const key of CONTENT_ATTRIBUTES) {
      const value = a[key];
      if (typeof value === 'string') contentStrings(value, parts);
    }
    for (const event of span.events ?? []) {
      for (const value of Object.values(event.attributes ?? {})) if (typeof value === 'string') parts.push(value);
    }
  }
  for (const log of data.logs) if (typeof log.body === 'string') parts.push(log.body);
  return parts.join('\n').toLowerCase();
}

export class ContentSearch {
  /** query -> (session id and file stamp -> whether it matched). */
  private readonly answers = new Map<string, Map<string, boolean>>();

  /** `load` reads a session (or gives `undefined` when it cannot be read). */
  constructor(private readonly load: (id: string) => SessionData | undefined) {}

  /** Whether the session's content has `query` (lower case), if known without reading it. */
  known(query: string, id: string, stamp: string): boolean | undefined {
    return this.answers.get(query)?.get(`${id}:${stamp}`);
  }

  /** Reads the session (unless its answer is known) and says whether its content has `query`. */
  matches(query: string, id: string, stamp: string): boolean {
    const key = `${id}:${stamp}`;
    let answers = this.answers.get(query);
    if (answers) {
      // Most recently used last, so the oldest query is the first to go.
      this.answers.delete(query);
      this.answers.set(query, answers);
    } else {
      answers = new Map();
      this.answers.set(query, answers);
      if (this.answers.size > QUERIES_KEPT) this.answers.delete(this.answers.keys().next().value!);
    }
    const known = answers.get(key);
    if (known !== undefined) return known;
    const data = this.load(id);
    const found = data !== undefined && contentText(data).includes(query);
    answers.set(key, found);
    return found;
  }
}
