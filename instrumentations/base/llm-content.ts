/**
 * Content capture on LLM spans: the prompt (`gen_ai.system_instructions`, `gen_ai.input.messages`)
 * and the completion (`gen_ai.output.messages`) as JSON in the GenAI message schema, cut at
 * `AGENTSIGHT_CONTENT_MAX_CHARS`, secrets redacted (`AGENTSIGHT_REDACT`). Providers hand over
 * builders, called only while capture is on and the span records (a sampled-out session's calls
 * build nothing), so the off path serializes nothing. A message that cannot be recorded is left
 * out (logged once);
 * the call goes on.
 */
import type { Span } from '@opentelemetry/api';
import type { ResolvedConfig } from '../../src/config';
import { messagesToCappedJson } from '../../src/content/capped-json';
import { getLogger } from '../../src/diag';
import { ATTR_GEN_AI_INPUT_MESSAGES, ATTR_GEN_AI_OUTPUT_MESSAGES, ATTR_GEN_AI_SYSTEM_INSTRUCTIONS } from '../../src/semconv';
import type { InputMessage, MessagePart, OutputMessage } from './messages';

const log = getLogger('llm');

/** The settings content capture reads. */
export type ContentSettings = Pick<ResolvedConfig, 'captureContent' | 'contentMaxChars' | 'redact'>;

/** Builds a call's prompt content (asked only when content capture is on). */
export type PromptContent = () => { systemInstructions?: MessagePart[]; inputMessages?: InputMessage[] };

/** Builds a call's completion content (asked only when content capture is on). */
export type CompletionContent = () => OutputMessage[];

/** Records the prompt on `span` when capture is on. Never throws. */
export function recordPrompt(span: Span, settings: ContentSettings, content: PromptContent | undefined): void {
  if (!settings.captureContent || !content || !span.isRecording()) return;
  try {
    const { systemInstructions, inputMessages } = content();
    if (systemInstructions && systemInstructions.length > 0)
      setContent(span, settings, ATTR_GEN_AI_SYSTEM_INSTRUCTIONS, () => systemInstructions);
    if (inputMessages) setContent(span, settings, ATTR_GEN_AI_INPUT_MESSAGES, () => inputMessages);
  } catch (err) {
    log.once('warn', 'input-content', `could not record the prompt: ${String(err)}`);
  }
}

/** Records the completion on `span` when capture is on. Never throws. */
export function recordCompletion(span: Span, settings: ContentSettings, content: CompletionContent | undefined): void {
  if (settings.captureContent && content && span.isRecording()) setContent(span, settings, ATTR_GEN_AI_OUTPUT_MESSAGES, content);
}

function setContent(span: Span, settings: ContentSettings, key: string, build: () => unknown): void {
  try {
    const json = messagesToCappedJson(build(), settings.contentMaxChars, settings.redact);
    if (json !== undefined) span.setAttribute(key, json);
  } catch (err) {
    log.once('warn', `content:${key}`, `could not record ${key}: ${String(err)}`);
  }
}
