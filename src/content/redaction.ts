/**
 * Built-in redaction of secrets in captured content (`AGENTSIGHT_REDACT`, on by default): API keys
 * of the major providers, cloud and chat-platform tokens, JWTs, bearer tokens and PEM private keys
 * become a marker naming their kind, `[REDACTED:openai_api_key]`.
 *
 * It runs on content as serialized for its attribute (JSON text), so a secret may follow a JSON
 * escape such as `\n`. The scan stays linear in the text's length: one regular expression whose
 * token patterns start only where a token can start (not inside a run of token characters), with
 * no nested quantifiers, and with the one pattern that spans lines (private keys) bounded.
 *
 * The user's own step, the `init({ redact })` hook, runs on span attributes just before export
 * (`telemetry/processors/redacting-span-processor.ts`); its type is here.
 */
import type { Attributes, SpanKind } from '@opentelemetry/api';

/** The kinds of secret the built-in redaction knows, as they appear in its markers. */
export const SECRET_KINDS = [
  'anthropic_api_key',
  'openai_api_key',
  'aws_access_key_id',
  'aws_secret_access_key',
  'google_api_key',
  'github_token',
  'slack_token',
  'huggingface_token',
  'stripe_key',
  'jwt',
  'bearer_token',
  'private_key',
] as const;

export type SecretKind = (typeof SECRET_KINDS)[number];

/** The longest secret the patterns look for (a PEM private key with its JSON escapes), in characters. */
export const MAX_SECRET_CHARS = 8192;

/**
 * What may come before a token: the start of the text, a character that cannot be part of a
 * token, or a JSON escape (`\n`, `\t`, `\r`, `\"`). Checked behind the token's prefix, so that
 * the scan can skip ahead on the prefixes' first characters.
 */
const BOUNDARY = String.raw`(?:^|[^A-Za-z0-9_\-]|\\[nrt"])`;
const TOKEN_END = String.raw`(?![A-Za-z0-9_\-])`;

/** A token that starts with `prefix` where a token can start, followed by `rest`. */
const token = (prefix: string, rest: string): string => `${prefix}(?<=${BOUNDARY}${prefix})${rest}`;

/** Each kind's pattern, tried in this order at one position (the Anthropic key before OpenAI's `sk-`). */
const PATTERNS: Readonly<Record<SecretKind, string>> = {
  anthropic_api_key: token('sk-ant-', String.raw`[A-Za-z0-9_\-]{20,}`),
  openai_api_key: token('sk-', String.raw`(?:proj-|svcacct-|admin-)?[A-Za-z0-9_\-]{20,}`),
  aws_access_key_id: token('(?:AKIA|ASIA|ABIA|ACCA)', `[A-Z0-9]{16}${TOKEN_END}`),
  // Known by the name before it (kept, so that JSON around it stays JSON), wherever it stands.
  aws_secret_access_key: String.raw`(?<aws_secret_name>(?:aws|AWS|Aws)_?(?:[Ss]ecret|SECRET)_?(?:[Aa]ccess_?|ACCESS_?)?(?:[Kk]ey|KEY)\\?["']?\s*[:=]\s*\\?["']?)[A-Za-z0-9/+=]{40,}`,
  google_api_key: token('AIza', String.raw`[A-Za-z0-9_\-]{35}${TOKEN_END}`),
  github_token: token('(?:gh[pousr]_|github_pat_)', '[A-Za-z0-9_]{22,}'),
  slack_token: token('xox[abeoprs]-', String.raw`[A-Za-z0-9\-]{10,}`),
  huggingface_token: token('hf_', '[A-Za-z0-9]{30,}'),
  stripe_key: token('(?:sk|rk)_(?:live|test)_', '[A-Za-z0-9]{20,}'),
  jwt: token('eyJ', String.raw`[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}`),
  // A token of eight characters or more with at least one that is not a letter: "Bearer of news" stays.
  bearer_token: token('(?:[Bb]earer|BEARER)', String.raw`\s+(?=[A-Za-z0-9._~+/=\-]*[0-9._~+/=\-])[A-Za-z0-9._~+/=\-]{8,}`),
  // Stops at the next `-----` (an END line, or another key's BEGIN): each character is looked at once.
  private_key: String.raw`-----BEGIN[A-Z ]{0,40}PRIVATE KEY-----(?:[A-Za-z0-9+/=\s:,.]|\\[nr]|-(?!----)){0,${MAX_SECRET_CHARS}}(?:-----END[A-Z ]{0,40}PRIVATE KEY-----)?`,
};

const SECRETS = new RegExp(SECRET_KINDS.map((kind) => `(?<${kind}>${PATTERNS[kind]})`).join('|'), 'g');

/** The marker of what matched (after the name that introduced it, for a key known by its name). */
function marker(groups: Record<string, string | undefined>): string {
  for (const kind of SECRET_KINDS) if (groups[kind] !== undefined) return `${groups.aws_secret_name ?? ''}[REDACTED:${kind}]`;
  return '[REDACTED]';
}

/** `text` with every secret the built-in patterns recognize replaced by `[REDACTED:<kind>]`. */
export function redactSecrets(text: string): string {
  return text.replace(SECRETS, (...args: unknown[]) => marker(args[args.length - 1] as Record<string, string | undefined>));
}

/** What a `redact` hook is told about the span whose attributes it gets. */
export interface RedactedSpan {
  readonly name: string;
  readonly kind: SpanKind;
}

/**
 * The `init({ redact })` hook: runs once per span, on a copy of its attributes, just before any
 * exporter sees the span. Edit the copy in place or return the attributes to keep; whatever it
 * leaves is exported. If it throws, the span is exported without its captured content (logged once).
 */
export type RedactHook = (attributes: Attributes, span: RedactedSpan) => Attributes | undefined | void;
