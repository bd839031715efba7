import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Envelope encryption (DESIGN.md "Files and encryption at rest", SECURITY.md "Secrets and
 * encryption"): MASTER_KEY wraps one 32-byte data key per firm with AES-256-GCM. The wrapped form
 * carries the id of the master key that sealed it, so a rotation can re-wrap every data key under a
 * new master key while files (sealed with the data keys) stay untouched.
 */

const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT_VERSION = 1;

export interface WrappedDataKey {
  version: typeof FORMAT_VERSION;
  /** The firm the key belongs to; also bound into the AAD, so a wrapped key cannot move firms. */
  firmId: string;
  /** Which master key sealed this data key (masterKeyId). */
  keyId: string;
  /** base64 of nonce (12) ‖ ciphertext (32) ‖ tag (16). */
  sealed: string;
}

export class KeyUnwrapError extends Error {
  constructor(
    readonly reason: 'unknown-master-key' | 'malformed' | 'authentication',
    message: string,
  ) {
    super(message);
    this.name = 'KeyUnwrapError';
  }
}

function assertMasterKey(masterKey: Buffer): void {
  if (masterKey.length !== KEY_BYTES) throw new Error('master key must be 32 bytes');
}

/** A short public id of a master key: the first 8 bytes (hex) of a domain-separated SHA-256 of it. */
export function masterKeyId(masterKey: Buffer): string {
  assertMasterKey(masterKey);
  return createHash('sha256').update('ledger-loom/master-key-id/v1\0').update(masterKey).digest().subarray(0, 8).toString('hex');
}

function aad(firmId: string, keyId: string): Buffer {
  return Buffer.from(`firm:${firmId}|key:${keyId}`, 'utf8');
}

/** A fresh random data key for a firm (kept only in memory; store the wrapped form). */
export function generateDataKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

/** Seals a firm's data key under the master key. */
export function wrapDataKey(dataKey: Buffer, firmId: string, masterKey: Buffer): WrappedDataKey {
  assertMasterKey(masterKey);
  if (dataKey.length !== KEY_BYTES) throw new Error('data key must be 32 bytes');
  const keyId = masterKeyId(masterKey);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', masterKey, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(firmId, keyId));
  const ciphertext = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  const sealed = Buffer.concat([nonce, ciphertext, cipher.getAuthTag()]).toString('base64');
  return { version: FORMAT_VERSION, firmId, keyId, sealed };
}

/**
 * Opens a wrapped data key for `firmId`. `masterKeys` may hold the current and previous master keys
 * (during a rotation); the one whose id matches the wrapped key's id is used.
 */
export function unwrapDataKey(wrapped: WrappedDataKey, firmId: string, masterKeys: Buffer | readonly Buffer[]): Buffer {
  const candidates = Array.isArray(masterKeys) ? masterKeys : [masterKeys as Buffer];
  const masterKey = candidates.find((k) => masterKeyId(k) === wrapped.keyId);
  if (!masterKey) throw new KeyUnwrapError('unknown-master-key', `no master key with id ${wrapped.keyId}`);
  if (wrapped.version !== FORMAT_VERSION) throw new KeyUnwrapError('malformed', 'unsupported wrapped key version');
  const raw = Buffer.from(wrapped.sealed, 'base64');
  if (raw.length !== NONCE_BYTES + KEY_BYTES + TAG_BYTES) throw new KeyUnwrapError('malformed', 'wrapped key has the wrong length');
  const nonce = raw.subarray(0, NONCE_BYTES);
  const ciphertext = raw.subarray(NONCE_BYTES, NONCE_BYTES + KEY_BYTES);
  const tag = raw.subarray(NONCE_BYTES + KEY_BYTES);
  // The AAD uses the caller's firm id, not the stored one: a key copied to another firm's row fails.
  const decipher = createDecipheriv('aes-256-gcm', masterKey, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad(firmId, wrapped.keyId));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    throw new KeyUnwrapError('authentication', 'wrapped data key failed authentication');
  }
}

/** Key rotation: re-seals a data key under a new master key. The data key (and every file) is unchanged. */
export function rewrapDataKey(wrapped: WrappedDataKey, oldMaster: Buffer, newMaster: Buffer): WrappedDataKey {
  const dataKey = unwrapDataKey(wrapped, wrapped.firmId, oldMaster);
  try {
    return wrapDataKey(dataKey, wrapped.firmId, newMaster);
  } finally {
    dataKey.fill(0);
  }
}
