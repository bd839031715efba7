import { and, eq, ne, sql } from 'drizzle-orm';
import { queryRows, type Database, type Tx } from '../../db/client.js';
import { sessions } from '../../db/schema/index.js';
import { randomToken, sha256Hex } from '../crypto/tokens.js';

export type SessionKind = 'staff' | 'portal';

export interface SessionRow {
  id: string;
  firmId: string;
  kind: SessionKind;
  userId: string;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
  /** False for background requests (the live-updates stream): they use the session without keeping an idle one alive. */
  touch?: boolean;
}

/** A new opaque 256-bit id; only its SHA-256 is stored (SECURITY.md 7.2.3). Call inside the sign-in transaction. */
export async function createSession(
  tx: Tx,
  input: { firmId: string; kind: SessionKind; userId: string; ip: string; userAgent: string; now: Date; policy: SessionPolicy },
): Promise<{ token: string; session: SessionRow }> {
  const token = randomToken();
  const [row] = await tx
    .insert(sessions)
    .values({
      tokenHash: sha256Hex(token),
      firmId: input.firmId,
      kind: input.kind,
      userId: input.userId,
      csrfToken: randomToken(),
      ip: input.ip,
      userAgent: input.userAgent.slice(0, 400),
      createdAt: input.now,
      lastSeenAt: input.now,
      expiresAt: new Date(input.now.getTime() + input.policy.absoluteHours * 3600_000),
    })
    .returning();
  if (!row) throw new Error('session insert returned nothing');
  return { token, session: row };
}

/**
 * Finds the live session for a cookie value and loads what the caller needs with it, in one
 * transaction. Idle and absolute timeouts are enforced here; an expired session is deleted. The
 * firm is found through a SECURITY DEFINER look-up of the hash, then the transaction is scoped to
 * that firm (RLS) before the session row and `load` are read. `load` returning null rejects it.
 */
export async function resolveSession<T>(
  db: Database,
  token: string,
  kind: SessionKind,
  policy: SessionPolicy,
  now: Date,
  load: (tx: Tx, session: SessionRow) => Promise<T | null>,
): Promise<{ session: SessionRow; loaded: T } | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const tokenHash = sha256Hex(token);
  const result = await db.withFirmFrom(
    async (tx) => {
      const [row] = await queryRows<{ firm_id: string | null }>(tx, sql`select ll_firm_for_session(${tokenHash}) as firm_id`);
      return row?.firm_id ?? null;
    },
    async (tx) => {
      const [row] = await tx.select().from(sessions).where(and(eq(sessions.tokenHash, tokenHash), eq(sessions.kind, kind)));
      if (!row) return null;
      const idleDeadline = row.lastSeenAt.getTime() + policy.idleMinutes * 60_000;
      if (now.getTime() >= idleDeadline || now >= row.expiresAt) {
        await tx.delete(sessions).where(eq(sessions.id, row.id));
        return null;
      }
      const loaded = await load(tx, row);
      if (loaded === null) return null;
      // Refresh the idle clock at most once a minute to keep reads cheap.
      if (policy.touch !== false && now.getTime() - row.lastSeenAt.getTime() > 60_000) {
        await tx.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, row.id));
      }
      return { session: row, loaded };
    },
  );
  return result ?? null;
}

export async function deleteSession(tx: Tx, firmId: string, sessionId: string): Promise<void> {
  await tx.delete(sessions).where(and(eq(sessions.firmId, firmId), eq(sessions.id, sessionId)));
}

/** Ends every session of a user (password reset, disabling), optionally keeping one. */
export async function deleteUserSessions(tx: Tx, firmId: string, kind: SessionKind, userId: string, exceptSessionId?: string): Promise<number> {
  const rows = await tx
    .delete(sessions)
    .where(
      and(
        eq(sessions.firmId, firmId),
        eq(sessions.kind, kind),
        eq(sessions.userId, userId),
        exceptSessionId ? ne(sessions.id, exceptSessionId) : undefined,
      ),
    )
    .returning({ id: sessions.id });
  return rows.length;
}
