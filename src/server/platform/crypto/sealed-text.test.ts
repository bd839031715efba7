import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openText, sealText, SealedTextError } from './sealed-text.js';

const key = randomBytes(32);
const firm = '11111111-1111-4111-8111-111111111111';
const msg = '22222222-2222-4222-8222-222222222222';

describe('sealed text', () => {
  it('round-trips Unicode and empty text; the same text seals differently each time', () => {
    for (const text of ['', 'G’day — $1,234.50 ✓ 你好', 'x'.repeat(100_000)]) expect(openText(key, firm, msg, sealText(key, firm, msg, text))).toBe(text);
    expect(sealText(key, firm, msg, 'same').equals(sealText(key, firm, msg, 'same'))).toBe(false);
    expect(sealText(key, firm, msg, 'secret').includes(Buffer.from('secret'))).toBe(false);
  });

  it('refuses a flipped bit, a truncation, another record, another firm and another key', () => {
    const sealed = sealText(key, firm, msg, 'Please send the bank statements');
    for (let i = 0; i < sealed.length; i += 7) {
      const bad = Buffer.from(sealed);
      bad[i] = (bad[i] ?? 0) ^ 1;
      expect(() => openText(key, firm, msg, bad)).toThrow(SealedTextError);
    }
    expect(() => openText(key, firm, msg, sealed.subarray(0, sealed.length - 1))).toThrow(SealedTextError);
    expect(() => openText(key, firm, msg, sealed.subarray(0, 10))).toThrow(SealedTextError);
    expect(() => openText(key, firm, '33333333-3333-4333-8333-333333333333', sealed)).toThrow(SealedTextError);
    expect(() => openText(key, '44444444-4444-4444-8444-444444444444', msg, sealed)).toThrow(SealedTextError);
    expect(() => openText(randomBytes(32), firm, msg, sealed)).toThrow(SealedTextError);
  });
});
