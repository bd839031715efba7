import { and, eq, isNull, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { clients, linkTokens, portalUsers, staffUsers } from '../../db/schema/index.js';

export type StaffUserRow = typeof staffUsers.$inferSelect;
export type PortalUserRow = typeof portalUsers.$inferSelect;
export type LinkTokenRow = typeof linkTokens.$inferSelect;
export type LinkPurpose = LinkTokenRow['purpose'];
export type UserKind = 'staff' | 'portal';

/** The firm a staff e-mail belongs to, found before any firm is known (SECURITY DEFINER look-up). */
export async function findFirmIdForStaffEmail(tx: Tx, email: string): Promise<string | null> {
  const [row] = await queryRows<{ firm_id: string | null }>(tx, sql`select ll_firm_for_staff_email(${email}) as firm_id`);
  return row?.firm_id ?? null;
}

export async function findFirmIdForLinkToken(tx: Tx, tokenHash: string): Promise<string | null> {
  const [row] = await queryRows<{ firm_id: string | null }>(tx, sql`select ll_firm_for_link_token(${tokenHash}) as firm_id`);
  return row?.firm_id ?? null;
}

export async function findStaffUserByEmail(tx: Tx, input: { firmId: string; email: string }) {
  const [row] = await tx.select().from(staffUsers).where(and(eq(staffUsers.firmId, input.firmId), eq(staffUsers.email, input.email)));
  return row;
}

export async function findStaffUser(tx: Tx, input: { firmId: string; userId: string }) {
  const [row] = await tx.select().from(staffUsers).where(and(eq(staffUsers.firmId, input.firmId), eq(staffUsers.id, input.userId)));
  return row;
}

export async function findPortalUserByEmail(tx: Tx, input: { firmId: string; email: string }) {
  const [row] = await tx.select().from(portalUsers).where(and(eq(portalUsers.firmId, input.firmId), eq(portalUsers.email, input.email)));
  return row;
}

export async function findPortalUser(tx: Tx, input: { firmId: string; userId: string }) {
  const [row] = await tx
    .select({ user: portalUsers, clientName: clients.name })
    .from(portalUsers)
    .innerJoin(clients, and(eq(clients.id, portalUsers.clientId), eq(clients.firmId, portalUsers.firmId)))
    .where(and(eq(portalUsers.firmId, input.firmId), eq(portalUsers.id, input.userId)));
  return row;
}

export async function updateStaffCredentials(tx: Tx, input: { firmId: string; userId: string; set: Partial<StaffUserRow> }) {
  await tx.update(staffUsers).set(input.set).where(and(eq(staffUsers.firmId, input.firmId), eq(staffUsers.id, input.userId)));
}

export async function updatePortalCredentials(tx: Tx, input: { firmId: string; userId: string; set: Partial<PortalUserRow> }) {
  await tx.update(portalUsers).set(input.set).where(and(eq(portalUsers.firmId, input.firmId), eq(portalUsers.id, input.userId)));
}

export async function insertLinkToken(tx: Tx, row: typeof linkTokens.$inferInsert): Promise<LinkTokenRow> {
  const [inserted] = await tx.insert(linkTokens).values(row).returning();
  if (!inserted) throw new Error('link token insert returned nothing');
  return inserted;
}

/** Revokes every unused link of this purpose for the user (a re-invite kills the old link). */
export async function revokeLinkTokens(tx: Tx, input: { firmId: string; userId: string; purpose: LinkPurpose; now: Date }): Promise<number> {
  const rows = await tx
    .update(linkTokens)
    .set({ revokedAt: input.now })
    .where(and(eq(linkTokens.firmId, input.firmId), eq(linkTokens.userId, input.userId), eq(linkTokens.purpose, input.purpose), isNull(linkTokens.usedAt), isNull(linkTokens.revokedAt)))
    .returning({ id: linkTokens.id });
  return rows.length;
}

export async function findLinkToken(tx: Tx, input: { firmId: string; tokenHash: string }) {
  const [row] = await tx.select().from(linkTokens).where(and(eq(linkTokens.firmId, input.firmId), eq(linkTokens.tokenHash, input.tokenHash)));
  return row;
}

/** Marks a link used; returns false when another request used or revoked it first (single use under races). */
export async function consumeLinkToken(tx: Tx, input: { firmId: string; id: string; now: Date }): Promise<boolean> {
  const rows = await tx
    .update(linkTokens)
    .set({ usedAt: input.now })
    .where(and(eq(linkTokens.firmId, input.firmId), eq(linkTokens.id, input.id), isNull(linkTokens.usedAt), isNull(linkTokens.revokedAt), sql`${linkTokens.expiresAt} > ${input.now}`))
    .returning({ id: linkTokens.id });
  return rows.length === 1;
}

export async function findLatestInvitation(tx: Tx, input: { firmId: string; userId: string; purpose: LinkPurpose }) {
  const [row] = await tx
    .select()
    .from(linkTokens)
    .where(and(eq(linkTokens.firmId, input.firmId), eq(linkTokens.userId, input.userId), eq(linkTokens.purpose, input.purpose), isNull(linkTokens.usedAt), isNull(linkTokens.revokedAt)))
    .orderBy(sql`${linkTokens.createdAt} desc`)
    .limit(1);
  return row;
}
