import { and, desc, eq, gt, isNull, ne } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { digestItems, linkTokens, notificationPreferences, portalUsers, staffUsers } from '../../db/schema/index.js';
import type { UserKind } from './accounts.repository.js';

export interface ProfileUser { id: string; email: string; name: string; phone: string | null; passwordHash: string | null; status: string; clientId: string | null }

/** The signed-in person's own row; the caller passes the ids from the session, never from the request. */
export async function findProfileUser(tx: Tx, input: { firmId: string; kind: UserKind; userId: string }): Promise<ProfileUser | undefined> {
  if (input.kind === 'staff') {
    const [u] = await tx.select().from(staffUsers).where(and(eq(staffUsers.firmId, input.firmId), eq(staffUsers.id, input.userId)));
    return u ? { ...u, clientId: null } : undefined;
  }
  const [u] = await tx.select().from(portalUsers).where(and(eq(portalUsers.firmId, input.firmId), eq(portalUsers.id, input.userId)));
  return u;
}

export async function updateProfileUser(tx: Tx, input: { firmId: string; kind: UserKind; userId: string; set: { name?: string; phone?: string | null; email?: string } }) {
  if (input.kind === 'staff') await tx.update(staffUsers).set(input.set).where(and(eq(staffUsers.firmId, input.firmId), eq(staffUsers.id, input.userId)));
  else await tx.update(portalUsers).set(input.set).where(and(eq(portalUsers.firmId, input.firmId), eq(portalUsers.id, input.userId)));
}

/** Another portal account of this firm already using the address. */
export async function portalEmailTaken(tx: Tx, input: { firmId: string; email: string; exceptUserId: string }): Promise<boolean> {
  const [row] = await tx.select({ id: portalUsers.id }).from(portalUsers)
    .where(and(eq(portalUsers.firmId, input.firmId), eq(portalUsers.email, input.email), ne(portalUsers.id, input.exceptUserId)));
  return Boolean(row);
}

export async function findPendingEmailChange(tx: Tx, input: { firmId: string; userId: string; now: Date }) {
  const [row] = await tx.select({ newEmail: linkTokens.newEmail }).from(linkTokens)
    .where(and(eq(linkTokens.firmId, input.firmId), eq(linkTokens.userId, input.userId), eq(linkTokens.purpose, 'email_change'), isNull(linkTokens.usedAt), isNull(linkTokens.revokedAt), gt(linkTokens.expiresAt, input.now)))
    .orderBy(desc(linkTokens.createdAt)).limit(1);
  return row?.newEmail ?? null;
}

const whoIs = (kind: UserKind, userId: string) => (kind === 'staff' ? eq(notificationPreferences.staffUserId, userId) : eq(notificationPreferences.portalUserId, userId));

export async function listPreferences(tx: Tx, input: { firmId: string; kind: UserKind; userId: string }) {
  return tx.select({ event: notificationPreferences.event, channel: notificationPreferences.channel }).from(notificationPreferences)
    .where(and(eq(notificationPreferences.firmId, input.firmId), whoIs(input.kind, input.userId)));
}

/** One row per person and event (the unique index treats the null user column as distinct, so replace rather than upsert). */
export async function setPreference(tx: Tx, input: { firmId: string; kind: UserKind; userId: string; event: string; channel: 'immediately' | 'daily' | 'off' }) {
  // Turned off: what was waiting for the digest is dropped too.
  if (input.channel === 'off') {
    await tx.delete(digestItems).where(and(eq(digestItems.firmId, input.firmId), eq(digestItems.userKind, input.kind), eq(digestItems.userId, input.userId), eq(digestItems.event, input.event), isNull(digestItems.digestRunId)));
  }
  await tx.delete(notificationPreferences).where(and(eq(notificationPreferences.firmId, input.firmId), whoIs(input.kind, input.userId), eq(notificationPreferences.event, input.event)));
  await tx.insert(notificationPreferences).values({
    firmId: input.firmId, event: input.event, channel: input.channel,
    ...(input.kind === 'staff' ? { staffUserId: input.userId } : { portalUserId: input.userId }),
  });
}
