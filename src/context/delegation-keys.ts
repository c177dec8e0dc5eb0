/**
 * The delegation key as the public API takes it, and the process-wide default key
 * (`AGENTSIGHT_DELEGATION_KEY` / `init({ delegationKey })`). Reading keys is in
 * `src/settings/keys.ts`.
 */

/**
 * A JSON Web Key (RFC 7517) as a plain object: `{ "kty": "oct", "k": "..." }` or
 * `{ "kty": "OKP", "crv": "Ed25519", "x": "...", "d": "..." }`.
 */
export interface DelegationJwk {
  kty?: string;
  crv?: string;
  /** Ed25519 public key. */
  x?: string;
  /** Ed25519 private key. */
  d?: string;
  /** Secret (`oct`). */
  k?: string;
}

/**
 * A Node.js `KeyObject` (`crypto.createSecretKey(...)`, `crypto.generateKeyPairSync('ed25519')`),
 * described without Node's types so that the public types need no `@types/node`.
 */
export interface DelegationKeyObject {
  readonly type: 'secret' | 'public' | 'private';
  export(options?: unknown): unknown;
}

/** What a delegation key may be given as: text (base64url secret, PEM, JWK JSON), bytes, a KeyObject or a JWK. */
export type DelegationKeyInput = string | Uint8Array | DelegationKeyObject | DelegationJwk;

/**
 * A key for signing or verifying delegation tokens.
 *
 * - HS256: a shared secret of at least 32 bytes: base64url text, bytes, a secret KeyObject, or a
 *   JWK `{ "kty": "oct", "k": "..." }`. Every process that signs or verifies needs it.
 * - EdDSA: an Ed25519 key as PEM (PKCS#8 private or SPKI public), a JWK
 *   `{ "kty": "OKP", "crv": "Ed25519", "x": "...", "d": "..." }`, or a KeyObject. The delegating
 *   process needs the private key; receivers need only the public one.
 */
export interface DelegationKey {
  /**
   * The key id (the token header's `kid`), which lets keys rotate: receivers keep the old and the
   * new key while senders move over. Default: the key's JWK thumbprint (RFC 7638), the same in
   * every process that holds the key (for a key pair, the public key's).
   */
  id?: string;
  key: DelegationKeyInput;
}

/** The process-wide default key (`AGENTSIGHT_DELEGATION_KEY` / `init({ delegationKey })`), set by `init()`. */
export interface DelegationDefaults {
  key: DelegationKey | undefined;
  /** Names the delegating agent when no agent span encloses `delegate()`. */
  serviceName: string;
}

let defaults: DelegationDefaults | undefined;

/** Set by the client at `init()` (even when agentsight is disabled: tokens still work), cleared at shutdown. */
export function setDelegationDefaults(value: DelegationDefaults | undefined): void {
  defaults = value;
}

export function delegationDefaults(): DelegationDefaults | undefined {
  return defaults;
}
