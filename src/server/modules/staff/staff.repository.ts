import { and, asc, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { staffUsers } from '../../db/schema/index.js';

export type StaffUserRow = typeof staffUsers.$inferSelect;

export async function listStaff(tx: Tx, input: { firmId: string }) {
  return tx.select().from(staffUsers).where(eq(staffUsers.firmId, input.firmId)).orderBy(asc(staffUsers.name));
}

export async function findStaffMember(tx: Tx, input: { firmId: string; id: string }) {
  const [row] = await tx.select().from(staffUsers).where(and(eq(staffUsers.firmId, input.firmId), eq(staffUsers.id, input.id)));
  return row;
}

export async function insertStaffMember(tx: Tx, row: typeof staffUsers.$inferInsert) {
  const [inserted] = await tx.insert(staffUsers).values(row).onConflictDoNothing({ target: staffUsers.email }).returning();
  return inserted;
}

export async function updateStaffMember(tx: Tx, input: { firmId: string; id: string; set: Partial<StaffUserRow> }) {
  const [row] = await tx.update(staffUsers).set(input.set).where(and(eq(staffUsers.firmId, input.firmId), eq(staffUsers.id, input.id))).returning();
  return row;
}

/**
 * Counts the active owners and locks their rows until the transaction ends, so two owners demoting
 * or disabling each other at the same moment are serialised and the second sees the first's change.
 */
export async function countActiveOwners(tx: Tx, input: { firmId: string }) {
  const rows = await tx.select({ id: staffUsers.id }).from(staffUsers)
    .where(and(eq(staffUsers.firmId, input.firmId), eq(staffUsers.role, 'owner'), eq(staffUsers.status, 'active')))
    .orderBy(asc(staffUsers.id))
    .for('update');
  return rows.length;
}
