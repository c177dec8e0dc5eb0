/**
 * The built-in redaction of secrets in captured content: each kind of secret becomes a marker
 * naming it, wherever it stands in the text or in the JSON the content is serialized to, the text
 * around it is left alone, JSON stays JSON, and a secret cut by the size cap leaks no part of itself.
 */
import fc from 'fast-check';
import { TRUNCATION_MARKER, toCappedJson } from '../src/content/capped-json';
import { MAX_SECRET_CHARS, redactSecrets, SECRET_KINDS, type SecretKind } from '../src/content/redaction';
import { fuzzParameters } from './support/fuzz';

const chars = (alphabet: string, min: number, max: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...alphabet), minLength: min, maxLength: max });
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const B64URL = `${ALNUM}_-`;
const B64 = `${ALNUM}+/`;

/** A secret of each kind, in the shapes the providers issue. */
const SECRETS: Record<SecretKind, fc.Arbitrary<string>> = {
  anthropic_api_key: fc.tuple(fc.constantFrom('api03', 'admin01'), chars(B64URL, 20, 95)).map(([t, k]) => `sk-ant-${t}-${k}`),
  openai_api_key: fc.tuple(fc.constantFrom('', 'proj-', 'svcacct-', 'admin-'), chars(B64URL, 20, 160)).map(([p, k]) => `sk-${p}${k}`),
  aws_access_key_id: fc.tuple(fc.constantFrom('AKIA', 'ASIA'), chars(UPPER_DIGITS, 16, 16)).map(([p, k]) => p + k),
  aws_secret_access_key: fc
    .tuple(fc.constantFrom('AWS_SECRET_ACCESS_KEY=', 'aws_secret_access_key = ', 'awsSecretKey: '), chars(B64, 40, 40))
    .map(([name, k]) => name + k),
  google_api_key: chars(B64URL, 35, 35).map((k) => `AIza${k}`),
  github_token: fc.oneof(
    fc.tuple(fc.constantFrom('ghp_', 'gho_', 'ghs_'), chars(ALNUM, 36, 40)).map(([p, k]) => p + k),
    chars(`${ALNUM}_`, 40, 82).map((k) => `github_pat_${k}`),
  ),
  slack_token: fc.tuple(fc.constantFrom('xoxb-', 'xoxp-'), chars(`${ALNUM}-`, 10, 60)).map(([p, k]) => p + k),
  huggingface_token: chars(ALNUM, 34, 34).map((k) => `hf_${k}`),
  stripe_key: chars(ALNUM, 24, 99).map((k) => `sk_live_${k}`),
  jwt: fc.tuple(chars(B64URL, 10, 40), chars(B64URL, 10, 200), chars(B64URL, 16, 86)).map(([h, p, s]) => `eyJ${h}.eyJ${p}.${s}`),
  bearer_token: fc.tuple(fc.constantFrom('Bearer ', 'bearer  ', 'BEARER '), chars(`${ALNUM}._~+/-`, 12, 80)).map(([b, t]) => `${b}${t}1`),
  private_key: fc
    .tuple(fc.constantFrom('RSA ', 'EC ', '', 'ENCRYPTED '), fc.array(chars(B64, 64, 64), { minLength: 1, maxLength: 40 }))
    .map(([type, lines]) => `-----BEGIN ${type}PRIVATE KEY-----\n${lines.join('\n')}=\n-----END ${type}PRIVATE KEY-----`),
};

/** The part of a secret that must not survive (for a key known by its name: the key, not the name). */
const secretPart = (kind: SecretKind, secret: string): string => (kind === 'aws_secret_access_key' ? secret.slice(-40) : secret);

const anySecret = fc.constantFrom(...SECRET_KINDS).chain((kind) => SECRETS[kind].map((secret) => ({ kind, secret })));

/** Text around a secret, ending and starting with something a token cannot continue through. */
const prose = fc.string({ maxLength: 200 });
const separator = fc.constantFrom(' ', '\n', '"', "'", ',', ':', '(', ')', '\t', '=', '<', '>', '{', '}');
const surrounded = fc.tuple(prose, separator, anySecret, separator, prose).map(([before, s1, { kind, secret }, s2, after]) => ({
  kind,
  secret,
  text: `${before}${s1}${secret}${s2}${after}`,
}));

/** Text with none of the prefixes the patterns start with. */
const TRIGGERS = /sk[-_]|rk_|A[KS]IA|ABIA|ACCA|[Ss]ecret|SECRET|AIza|gh[pousr]_|github_pat_|xox|hf_|eyJ|earer|EARER|PRIVATE KEY/;

describe('built-in redaction of secrets', () => {
  it.each([
    ['OpenAI project key', 'use sk-proj-Ab3dEf6hIjKlMnOpQrStUvWxYz0123456789 for this', 'use [REDACTED:openai_api_key] for this'],
    ['Anthropic key', 'key=sk-ant-api03-Ab3dEf6hIjKlMnOpQrStUvWxYz01-AA.', 'key=[REDACTED:anthropic_api_key].'],
    ['AWS access key id', 'AKIAIOSFODNN7EXAMPLE', '[REDACTED:aws_access_key_id]'],
    [
      'AWS secret key, its name kept',
      'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'AWS_SECRET_ACCESS_KEY=[REDACTED:aws_secret_access_key]',
    ],
    ['Google API key', '?key=AIzaSyA-1234567890abcdefghijklmnopqrstu&x', '?key=[REDACTED:google_api_key]&x'],
    ['GitHub token', 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB', '[REDACTED:github_token]'],
    ['Slack token', 'xoxb-1234567890-abcdefghij', '[REDACTED:slack_token]'],
    ['JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', '[REDACTED:jwt]'],
    ['bearer token', 'Authorization: Bearer abc.def-123456', 'Authorization: [REDACTED:bearer_token]'],
    ['PEM private key', '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----!', '[REDACTED:private_key]!'],
    ['a private key cut short', 'x -----BEGIN PRIVATE KEY-----\nMIIEpAIBAAKCAQEA', 'x [REDACTED:private_key]'],
  ])('%s', (_name, text, expected) => {
    expect(redactSecrets(text)).toBe(expected);
  });

  it.each([
    ['a word that contains sk-', 'the task-management-system-design-document'],
    ['the word bearer', 'the bearer of bad news is Bearer responsibility'],
    ['a short sk- word', 'sk-learn'],
    ['an AKIA-like word inside a token', 'xAKIAIOSFODNN7EXAMPLE'],
  ])('leaves text alone: %s', (_name, text) => {
    expect(redactSecrets(text)).toBe(text);
  });

  it('finds every kind of secret in text and in the JSON the text is serialized to', () => {
    fc.assert(
      fc.property(surrounded, ({ kind, secret, text }) => {
        for (const form of [text, JSON.stringify(text), JSON.stringify([{ role: 'user', parts: [{ content: text }] }])]) {
          const redacted = redactSecrets(form);
          expect(redacted).not.toContain(secretPart(kind, secret));
          expect(redacted).toContain(`[REDACTED:${kind}]`);
        }
      }),
      fuzzParameters(500),
    );
  });

  it('changes nothing in text without secrets, and is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 500 }), (text) => {
        if (!TRIGGERS.test(text)) expect(redactSecrets(text)).toBe(text);
        const once = redactSecrets(text);
        expect(redactSecrets(once)).toBe(once);
      }),
      fuzzParameters(500),
    );
  });

  it('keeps serialized content valid JSON', () => {
    const value = fc.jsonValue().chain((json) => surrounded.map(({ text }) => ({ json, text })));
    fc.assert(
      fc.property(value, ({ json, text }) => {
        const content = toCappedJson({ json, text }, 1_000_000, true);
        expect(() => JSON.parse(content!)).not.toThrow();
      }),
      fuzzParameters(300),
    );
  });
});

describe('captured content: serialized once, redacted, capped', () => {
  it('redacts by default where content is captured, and not when turned off', () => {
    const args = { apiKey: 'sk-proj-Ab3dEf6hIjKlMnOpQrStUvWxYz0123456789', city: 'Paris' };
    expect(JSON.parse(toCappedJson(args, 1000, true)!)).toEqual({ apiKey: '[REDACTED:openai_api_key]', city: 'Paris' });
    expect(JSON.parse(toCappedJson(args, 1000, false)!)).toEqual(args);
  });

  it('leaks no part of a secret the cap cuts through', () => {
    fc.assert(
      fc.property(anySecret, fc.integer({ min: 64, max: 2000 }), fc.integer({ min: 0, max: 400 }), ({ kind, secret }, cap, offset) => {
        const text = `${'w '.repeat(Math.max(0, cap - offset) >> 1)}${secret} after`;
        const content = toCappedJson(text, cap, true)!;
        expect(content.length).toBeLessThanOrEqual(cap);
        const part = secretPart(kind, secret);
        // No run of 12 characters of the secret survives (shorter runs are ordinary words).
        for (let i = 0; i + 12 <= part.length; i += 4) expect(content).not.toContain(part.slice(i, i + 12));
      }),
      fuzzParameters(300),
    );
  });

  it('scans only what it keeps: a huge prompt is cut, with a marker counting all of it', () => {
    const huge = `${'lorem ipsum '.repeat(200_000)}sk-proj-Ab3dEf6hIjKlMnOpQrStUvWxYz0123456789`;
    const json = JSON.stringify(huge);
    const content = toCappedJson(huge, 1000, true)!;
    expect(content.length).toBeLessThanOrEqual(1000);
    expect(content).toContain(`${TRUNCATION_MARKER}${json.length} chars in all]`);
    expect(MAX_SECRET_CHARS).toBeGreaterThanOrEqual(4096);
  });

  it('marks a cut even when redaction made the kept part shorter than the cap', () => {
    const key = `-----BEGIN PRIVATE KEY-----\n${'A'.repeat(4000)}\n-----END PRIVATE KEY-----`;
    const text = `${key} ${key} ${key} ${'tail '.repeat(10_000)}`;
    const content = toCappedJson(text, 200, true)!;
    expect(content).toContain(TRUNCATION_MARKER);
    expect(content).not.toContain('AAAAAAAA');
  });
});
