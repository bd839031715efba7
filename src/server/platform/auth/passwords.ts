import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hash, verify } from '@node-rs/argon2';
import { AppError } from '../errors.js';

/** OWASP minimum for argon2id (SECURITY.md): m = 19 MiB, t = 2, p = 1. Hashing runs on libuv's pool, off the event loop. */
const ARGON2 = { algorithm: 2 /* Algorithm.Argon2id (a const enum) */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

const common = new Set(
  readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'common-passwords.txt'), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#')),
);

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

// A real hash of a random string, verified when the account does not exist so that unknown e-mail
// and wrong password take the same time (SECURITY.md 6.3.8).
let dummyHash: Promise<string> | undefined;

/** Verifies; with no stored hash, burns the same time against a dummy and returns false. */
export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  if (!stored) {
    dummyHash ??= hashPassword('ledger-loom-dummy-password-for-timing');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}

/** True when the stored hash uses weaker parameters than today's, so sign-in should rehash. */
export function needsRehash(stored: string): boolean {
  const m = /\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(stored);
  if (!m) return true;
  return Number(m[1]) < ARGON2.memoryCost || Number(m[2]) < ARGON2.timeCost;
}

/**
 * Password rules (SECURITY.md, ASVS 6.2): 8–128 characters, any characters, no composition rules,
 * not a common password, and not built from the context (product, firm, the person's e-mail).
 */
export function assertAcceptablePassword(password: string, context: { email?: string; firmNames?: string[] } = {}): void {
  const fail = (message: string) => {
    throw new AppError('WEAK_PASSWORD', message, { errors: [{ path: 'password', message }] });
  };
  if ([...password].length < 8) fail('Use at least 8 characters (15 or more is better).');
  if (password.length > 128) fail('Use at most 128 characters.');
  const lower = password.toLowerCase();
  if (common.has(lower)) fail('That password is too common. Choose something harder to guess, such as a few unrelated words.');
  const squashed = lower.replace(/[^a-z0-9]/g, '');
  const words = ['ledgerloom', 'ledger loom', 'password', ...(context.firmNames ?? [])]
    .map((w) => w.toLowerCase().replace(/[^a-z0-9]/g, ''))
    .filter((w) => w.length >= 4);
  const local = context.email?.split('@')[0]?.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (local && local.length >= 4) words.push(local);
  for (const w of words) {
    // Only refuse when the context word is most of the password, not when it merely appears.
    if (squashed.includes(w) && w.length * 2 >= squashed.length) {
      fail('That password is too close to your name, email or the firm’s name. Choose something else.');
    }
  }
}
