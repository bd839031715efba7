import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateDataKey, KeyUnwrapError, masterKeyId, rewrapDataKey, unwrapDataKey, wrapDataKey, type WrappedDataKey } from './envelope.js';

function flipBit(b64: string, byte: number): string {
  const raw = Buffer.from(b64, 'base64');
  raw[byte] = (raw[byte] ?? 0) ^ 0x01;
  return raw.toString('base64');
}

describe('envelope encryption of firm data keys', () => {
  const firmId = randomUUID();

  it('wraps and unwraps a data key, recording the master key id', () => {
    const master = randomBytes(32);
    const dataKey = generateDataKey();

    const wrapped = wrapDataKey(dataKey, firmId, master);

    expect(wrapped.keyId).toBe(masterKeyId(master));
    expect(wrapped.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(Buffer.from(wrapped.sealed, 'base64')).toHaveLength(12 + 32 + 16);
    expect(Buffer.from(wrapped.sealed, 'base64').includes(dataKey)).toBe(false);
    expect(unwrapDataKey(wrapped, firmId, master).equals(dataKey)).toBe(true);
  });

  it('uses a fresh nonce each time', () => {
    const master = randomBytes(32);
    const dataKey = generateDataKey();
    expect(wrapDataKey(dataKey, firmId, master).sealed).not.toBe(wrapDataKey(dataKey, firmId, master).sealed);
  });

  it('refuses a wrapped key presented for another firm', () => {
    const master = randomBytes(32);
    const wrapped = wrapDataKey(generateDataKey(), firmId, master);

    expect(() => unwrapDataKey(wrapped, randomUUID(), master)).toThrow(KeyUnwrapError);
    // Rewriting the stored firm id does not help either: the AAD was sealed with the original.
    const moved: WrappedDataKey = { ...wrapped, firmId: randomUUID() };
    expect(() => rewrapDataKey(moved, master, randomBytes(32))).toThrow(KeyUnwrapError);
  });

  it('refuses any flipped bit in nonce, ciphertext or tag', () => {
    const master = randomBytes(32);
    const wrapped = wrapDataKey(generateDataKey(), firmId, master);
    for (const byte of [0, 11, 12, 43, 44, 59]) {
      const tampered = { ...wrapped, sealed: flipBit(wrapped.sealed, byte) };
      expect(() => unwrapDataKey(tampered, firmId, master), `byte ${byte}`).toThrow(KeyUnwrapError);
    }
  });

  it('refuses a truncated tag (authTagLength is pinned to 16)', () => {
    const master = randomBytes(32);
    const wrapped = wrapDataKey(generateDataKey(), firmId, master);
    const short = { ...wrapped, sealed: Buffer.from(wrapped.sealed, 'base64').subarray(0, 12 + 32 + 4).toString('base64') };
    expect(() => unwrapDataKey(short, firmId, master)).toThrow(/wrong length/);
  });

  it('says which master key is missing rather than failing authentication', () => {
    const wrapped = wrapDataKey(generateDataKey(), firmId, randomBytes(32));
    try {
      unwrapDataKey(wrapped, firmId, randomBytes(32));
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(KeyUnwrapError);
      expect((err as KeyUnwrapError).reason).toBe('unknown-master-key');
    }
  });

  it('rotation re-wraps the same data key under the new master key', () => {
    const oldMaster = randomBytes(32);
    const newMaster = randomBytes(32);
    const dataKey = generateDataKey();
    const wrapped = wrapDataKey(dataKey, firmId, oldMaster);

    const rewrapped = rewrapDataKey(wrapped, oldMaster, newMaster);

    expect(rewrapped.keyId).toBe(masterKeyId(newMaster));
    expect(rewrapped.keyId).not.toBe(wrapped.keyId);
    expect(rewrapped.firmId).toBe(firmId);
    expect(unwrapDataKey(rewrapped, firmId, newMaster).equals(dataKey)).toBe(true);
    expect(() => unwrapDataKey(rewrapped, firmId, oldMaster)).toThrow(KeyUnwrapError);
    // During a rotation both keys may be configured; the key id picks the right one.
    expect(unwrapDataKey(wrapped, firmId, [newMaster, oldMaster]).equals(dataKey)).toBe(true);
    expect(unwrapDataKey(rewrapped, firmId, [newMaster, oldMaster]).equals(dataKey)).toBe(true);
  });

  it('rejects master keys that are not 32 bytes', () => {
    expect(() => wrapDataKey(generateDataKey(), firmId, randomBytes(16))).toThrow(/32 bytes/);
  });
});
