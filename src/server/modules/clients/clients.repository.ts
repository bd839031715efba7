import { and, asc, count, eq, ilike, or, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { clients, portalUsers, staffUsers } from '../../db/schema/index.js';

export type ClientRow = typeof clients.$inferSelect;
export type PortalUserRow = typeof portalUsers.$inferSelect;

const clientColumns = {
  client: clients,
  assignedStaffName: staffUsers.name,
  portalUserCount: sql<number>`(select count(*)::int from ${portalUsers} pu where pu.firm_id = ${clients.firmId} and pu.client_id = ${clients.id})`,
};

export async function listClients(tx: Tx, input: { firmId: string; q?: string | undefined; page: number; pageSize: number }) {
  const escaped = input.q?.replace(/[\\%_]/g, (c) => `\\${c}`);
  const where = and(
    eq(clients.firmId, input.firmId),
    escaped ? or(ilike(clients.name, `%${escaped}%`), ilike(clients.email, `%${escaped}%`), ilike(clients.abn, `%${escaped.replace(/\s+/g, '')}%`)) : undefined,
  );
  // Sequential on purpose: one transaction is one connection, and pg will stop queueing concurrent queries.
  const items = await tx.select(clientColumns).from(clients)
      .leftJoin(staffUsers, and(eq(staffUsers.id, clients.assignedStaffId), eq(staffUsers.firmId, clients.firmId)))
      .where(where).orderBy(asc(clients.name), asc(clients.id)).limit(input.pageSize).offset((input.page - 1) * input.pageSize);
  const [total] = await tx.select({ n: count() }).from(clients).where(where);
  return { items, total: total?.n ?? 0 };
}

export async function findClient(tx: Tx, input: { firmId: string; clientId: string }) {
  const [row] = await tx.select(clientColumns).from(clients)
    .leftJoin(staffUsers, and(eq(staffUsers.id, clients.assignedStaffId), eq(staffUsers.firmId, clients.firmId)))
    .where(and(eq(clients.firmId, input.firmId), eq(clients.id, input.clientId)));
  return row;
}

export async function insertClient(tx: Tx, row: typeof clients.$inferInsert) {
  const [inserted] = await tx.insert(clients).values(row).returning({ id: clients.id });
  if (!inserted) throw new Error('client insert returned nothing');
  return inserted;
}

/** Optimistic concurrency: updates only when the version still matches; returns undefined otherwise. */
export async function updateClient(tx: Tx, input: { firmId: string; clientId: string; version: number; set: Partial<ClientRow> }) {
  const [row] = await tx.update(clients)
    .set({ ...input.set, version: sql`${clients.version} + 1`, updatedAt: new Date() })
    .where(and(eq(clients.firmId, input.firmId), eq(clients.id, input.clientId), eq(clients.version, input.version)))
    .returning({ id: clients.id });
  return row;
}

export async function staffMemberExists(tx: Tx, input: { firmId: string; staffId: string }) {
  const [row] = await tx.select({ id: staffUsers.id }).from(staffUsers).where(and(eq(staffUsers.firmId, input.firmId), eq(staffUsers.id, input.staffId)));
  return Boolean(row);
}

export async function listPortalUsers(tx: Tx, input: { firmId: string; clientId: string }) {
  return tx.select().from(portalUsers).where(and(eq(portalUsers.firmId, input.firmId), eq(portalUsers.clientId, input.clientId))).orderBy(asc(portalUsers.name));
}

export async function findPortalUser(tx: Tx, input: { firmId: string; portalUserId: string }) {
  const [row] = await tx.select().from(portalUsers).where(and(eq(portalUsers.firmId, input.firmId), eq(portalUsers.id, input.portalUserId)));
  return row;
}

export async function insertPortalUser(tx: Tx, row: typeof portalUsers.$inferInsert) {
  const [inserted] = await tx.insert(portalUsers).values(row).onConflictDoNothing().returning();
  return inserted;
}

export async function updatePortalUser(tx: Tx, input: { firmId: string; portalUserId: string; set: Partial<PortalUserRow> }) {
  const [row] = await tx.update(portalUsers).set(input.set).where(and(eq(portalUsers.firmId, input.firmId), eq(portalUsers.id, input.portalUserId))).returning();
  return row;
}
