/**
 * The default delegation key: `AGENTSIGHT_DELEGATION_KEY` (or `init({ delegationKey })`) in each
 * accepted encoding, and a bad value refused with a clear message that never repeats the key.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { resolveConfig } from '../../src/config';
import { keyMaterial } from '../../src/settings/keys';
import { ConfigError } from '../../src/errors';

const ed = generateKeyPairSync('ed25519');
const secret = randomBytes(32).toString('base64url');

describe('AGENTSIGHT_DELEGATION_KEY', () => {
  it.each([
    ['a base64url secret (HS256)', secret, 'HS256', true],
    ['an Ed25519 private key as PEM (EdDSA)', ed.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string, 'EdDSA', true],
    [
      'a PEM on one line with \\n escapes',
      (ed.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string).replace(/\n/g, '\\n'),
      'EdDSA',
      true,
    ],
    ['an Ed25519 public key as PEM (verifies only)', ed.publicKey.export({ format: 'pem', type: 'spki' }) as string, 'EdDSA', false],
    ['an Ed25519 JWK', JSON.stringify(ed.privateKey.export({ format: 'jwk' })), 'EdDSA', true],
    ['an oct JWK', JSON.stringify({ kty: 'oct', k: secret }), 'HS256', true],
  ])('accepts %s', (_label, value, alg, signs) => {
    const { config, problems } = resolveConfig({}, { AGENTSIGHT_DELEGATION_KEY: value, AGENTSIGHT_DELEGATION_KEY_ID: 'k-2026' });
    expect(problems).toEqual([]);
    expect(config.delegationKey).toBe(value);
    expect(config.delegationKeyId).toBe('k-2026');
    const material = keyMaterial(value)!;
    expect(material.alg).toBe(alg);
    expect(material.signing !== undefined).toBe(signs);
  });

  it.each([
    ['a secret shorter than 32 bytes', randomBytes(16).toString('base64url')],
    ['text that is not base64url', 'correct horse battery staple'],
    ['an RSA key', generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }) as string],
    ['broken JSON', '{"kty":"oct",'],
  ])('refuses %s, naming the variable and what is accepted, never the value', (_label, value) => {
    const { problems } = resolveConfig({}, { AGENTSIGHT_DELEGATION_KEY: value });
    expect(problems).toEqual([
      {
        source: 'AGENTSIGHT_DELEGATION_KEY',
        value: `(hidden, ${value.length} characters)`,
        accepted: 'a base64url secret of at least 32 bytes (HS256), or an Ed25519 key as PEM or as a JWK in JSON (EdDSA)',
      },
    ]);
    const message = new ConfigError(problems).message;
    expect(message).toMatch(/^AGENTSIGHT_DELEGATION_KEY="\(hidden, \d+ characters\)" is invalid: expected a base64url secret/);
    expect(message).not.toContain(value);
  });

  it('takes keys given to init() as bytes or a KeyObject, and hides a bad one', () => {
    expect(resolveConfig({ delegationKey: randomBytes(32) }, {}).problems).toEqual([]);
    expect(resolveConfig({ delegationKey: ed.privateKey }, {}).problems).toEqual([]);
    const { problems } = resolveConfig({ delegationKey: randomBytes(8) }, {});
    expect(problems).toEqual([{ source: 'init({ delegationKey })', value: '(hidden)', accepted: expect.any(String) }]);
  });
});
