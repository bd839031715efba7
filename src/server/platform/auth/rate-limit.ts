import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../../db/client.js';
import { AppError } from '../errors.js';

/**
 * Fixed-window counters kept in PostgreSQL so every instance shares them (DESIGN.md "Scale-out").
 * Returns how many hits the key has had in the current window, including this one.
 */
export async function hitRateLimit(db: Database, key: string, windowSeconds: number): Promise<{ count: number; resetAt: Date }> {
  return db.withoutFirm(async (tx) => {
    const [row] = await queryRows<{ count: number; reset_at: string | Date }>(tx, sql`
      insert into rate_limits (key, count, reset_at) values (${key}, 1, now() + make_interval(secs => ${windowSeconds}))
      on conflict (key) do update set
        count = case when rate_limits.reset_at <= now() then 1 else rate_limits.count + 1 end,
        reset_at = case when rate_limits.reset_at <= now() then excluded.reset_at else rate_limits.reset_at end
      returning count, reset_at`);
    if (!row) throw new Error('rate limit upsert returned nothing');
    return { count: Number(row.count), resetAt: new Date(row.reset_at) };
  });
}

export async function peekRateLimit(db: Database, key: string): Promise<{ count: number; resetAt: Date } | null> {
  return db.withoutFirm(async (tx) => {
    const [row] = await queryRows<{ count: number; reset_at: string | Date }>(tx, sql`select count, reset_at from rate_limits where key = ${key} and reset_at > now()`);
    return row ? { count: Number(row.count), resetAt: new Date(row.reset_at) } : null;
  });
}

export async function clearRateLimit(db: Database, key: string): Promise<void> {
  await db.withoutFirm((tx) => tx.execute(sql`delete from rate_limits where key = ${key}`));
}

function rateLimited(resetAt: Date, message: string): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil((resetAt.getTime() - Date.now()) / 1000));
  return new AppError('RATE_LIMITED', message, { retryAfterSeconds });
}

/** Throws 429 with Retry-After when the key is already over its limit (without counting this attempt). */
export async function assertUnderLimit(db: Database, key: string, limit: number, message: string): Promise<void> {
  const state = await peekRateLimit(db, key);
  if (state && state.count >= limit) throw rateLimited(state.resetAt, message);
}

/**
 * Counts this attempt, then throws 429 with Retry-After when it is over the limit. The count and the
 * check are one atomic upsert, so a burst of parallel attempts cannot all pass a peek made before
 * any of them was counted.
 */
export async function consumeRateLimit(db: Database, key: string, limit: number, windowSeconds: number, message: string): Promise<void> {
  const state = await hitRateLimit(db, key, windowSeconds);
  if (state.count > limit) throw rateLimited(state.resetAt, message);
}
