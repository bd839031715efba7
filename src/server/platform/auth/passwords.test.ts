import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { assertAcceptablePassword, hashPassword, needsRehash, verifyPassword } from './passwords.js';

describe('password rules', () => {
  const refuses = (pw: string, ctx = {}) => {
    try {
      assertAcceptablePassword(pw, ctx);
    } catch (err) {
      return err instanceof AppError && err.code === 'WEAK_PASSWORD';
    }
    return false;
  };
  it('accepts long passphrases with any characters, including spaces and emoji', () => {
    expect(refuses('correct horse battery staple')).toBe(false);
    expect(refuses('Coral-Reef-Demo-2026')).toBe(false);
    expect(refuses('ünïcödé pässwörd 🦘🦘')).toBe(false);
    expect(refuses('x'.repeat(128))).toBe(false);
  });
  it('refuses short, over-long, common and context passwords', () => {
    expect(refuses('Ab1!xyz')).toBe(true);
    expect(refuses('x'.repeat(129))).toBe(true);
    expect(refuses('password123')).toBe(true);
    expect(refuses('Qwertyuiop')).toBe(true);
    expect(refuses('LedgerLoom2026')).toBe(true);
    expect(refuses('Harbourside!!', { firmNames: ['Harbourside Accounting', 'Harbourside'] })).toBe(true);
    expect(refuses('alex.morgan99', { email: 'alex.morgan@example.com' })).toBe(true);
  });
});

describe('argon2id hashing', () => {
  it('uses OWASP parameters, verifies the right password only, and survives a corrupt hash', async () => {
    const h = await hashPassword('Blue-Gum-Morning-42');
    expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(needsRehash(h)).toBe(false);
    expect(needsRehash('$argon2id$v=19$m=4096,t=1,p=1$abc$def')).toBe(true);
    expect(await verifyPassword(h, 'Blue-Gum-Morning-42')).toBe(true);
    expect(await verifyPassword(h, 'blue-gum-morning-42')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
    expect(await verifyPassword(null, 'anything')).toBe(false);
  });
});
