import { and, count, desc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { auditLog } from '../../db/schema/index.js';

export type AuditRow = typeof auditLog.$inferSelect;
export type NewAuditRow = Omit<typeof auditLog.$inferInsert, 'id' | 'prevHash' | 'hash' | 'at'>;

/** Serialises appends per firm (advisory lock for this transaction) and returns the chain's last hash. */
export async function lockChainAndGetLastHash(tx: Tx, firmId: string): Promise<string> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('audit:' || ${firmId}, 0))`);
  const [last] = await tx
    .select({ hash: auditLog.hash })
    .from(auditLog)
    .where(eq(auditLog.firmId, firmId))
    .orderBy(desc(auditLog.id))
    .limit(1);
  return last?.hash ?? 'genesis';
}

export async function insertAuditRow(tx: Tx, row: NewAuditRow & { at: Date; prevHash: string; hash: string }): Promise<void> {
  await tx.insert(auditLog).values(row);
}

export async function listAudit(tx: Tx, input: { firmId: string; page: number; pageSize: number }) {
  const where = eq(auditLog.firmId, input.firmId);
  // Sequential on purpose: one transaction is one connection, and pg will stop queueing concurrent queries.
  const items = await tx.select().from(auditLog).where(where).orderBy(desc(auditLog.id)).limit(input.pageSize).offset((input.page - 1) * input.pageSize);
  const [total] = await tx.select({ n: count() }).from(auditLog).where(where);
  return { items, total: total?.n ?? 0 };
}

export async function listAuditChain(tx: Tx, firmId: string): Promise<AuditRow[]> {
  return tx.select().from(auditLog).where(and(eq(auditLog.firmId, firmId))).orderBy(auditLog.id);
}
