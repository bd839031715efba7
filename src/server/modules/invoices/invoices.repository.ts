import { and, asc, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { clients, invoiceCounters, invoiceLines, invoices, services } from '../../db/schema/index.js';
import type { InvoiceDisplayStatus } from '../../../contracts/invoices.js';

export type InvoiceRow = typeof invoices.$inferSelect;
export type LineRow = typeof invoiceLines.$inferSelect & { serviceName: string | null };

export async function insertInvoice(tx: Tx, row: typeof invoices.$inferInsert): Promise<InvoiceRow> {
  const [r] = await tx.insert(invoices).values(row).returning();
  if (!r) throw new Error('invoice insert failed');
  return r;
}

export async function replaceLines(tx: Tx, s: { firmId: string; invoiceId: string; lines: Omit<typeof invoiceLines.$inferInsert, 'firmId' | 'invoiceId'>[] }) {
  await tx.delete(invoiceLines).where(and(eq(invoiceLines.firmId, s.firmId), eq(invoiceLines.invoiceId, s.invoiceId)));
  if (s.lines.length > 0) await tx.insert(invoiceLines).values(s.lines.map((l) => ({ ...l, firmId: s.firmId, invoiceId: s.invoiceId })));
}

export async function findInvoice(tx: Tx, s: { firmId: string; id: string; clientId?: string; forUpdate?: boolean }) {
  const q = tx
    .select({ invoice: invoices, clientName: clients.name })
    .from(invoices)
    .innerJoin(clients, eq(clients.id, invoices.clientId))
    .where(and(eq(invoices.firmId, s.firmId), eq(invoices.id, s.id), ...(s.clientId ? [eq(invoices.clientId, s.clientId)] : [])));
  const [row] = s.forUpdate ? await q.for('update', { of: invoices }) : await q;
  return row;
}

export async function listAdjustments(tx: Tx, s: { firmId: string; invoiceId: string }) {
  return tx
    .select({ id: invoices.id, number: invoices.number, issueDate: invoices.issueDate, totalCents: invoices.totalCents, reason: invoices.reason })
    .from(invoices)
    .where(and(eq(invoices.firmId, s.firmId), eq(invoices.originalInvoiceId, s.invoiceId), eq(invoices.kind, 'adjustment_note')))
    .orderBy(asc(invoices.sequence));
}

export async function listLines(tx: Tx, s: { firmId: string; invoiceId: string }): Promise<LineRow[]> {
  const rows = await tx
    .select({ line: invoiceLines, serviceName: services.name })
    .from(invoiceLines)
    .leftJoin(services, eq(services.id, invoiceLines.serviceId))
    .where(and(eq(invoiceLines.firmId, s.firmId), eq(invoiceLines.invoiceId, s.invoiceId)))
    .orderBy(asc(invoiceLines.position));
  return rows.map((r) => ({ ...r.line, serviceName: r.serviceName }));
}

export async function updateInvoice(tx: Tx, s: { firmId: string; id: string; set: Partial<InvoiceRow> }) {
  const [row] = await tx
    .update(invoices)
    .set({ ...s.set, version: sql`${invoices.version} + 1` })
    .where(and(eq(invoices.firmId, s.firmId), eq(invoices.id, s.id)))
    .returning();
  return row;
}

/**
 * The next number of the firm's one gapless sequence. The UPDATE takes the counter's row lock until
 * the transaction ends: concurrent issuers queue, and a rollback returns the number.
 */
export async function takeNextSequence(tx: Tx, firmId: string): Promise<number> {
  await tx.insert(invoiceCounters).values({ firmId, nextNumber: 1 }).onConflictDoNothing();
  const [row] = await tx
    .update(invoiceCounters)
    .set({ nextNumber: sql`${invoiceCounters.nextNumber} + 1` })
    .where(eq(invoiceCounters.firmId, firmId))
    .returning({ taken: sql<number>`${invoiceCounters.nextNumber} - 1` });
  if (!row) throw new Error('invoice counter missing');
  return Number(row.taken);
}

const owing = sql`(${invoices.totalCents} - ${invoices.paidCents} - ${invoices.creditedCents})`;
const unpaid = sql`${invoices.status} = 'issued' and ${invoices.kind} = 'invoice' and ${owing} > 0`;

/** SQL for a derived status (invoice-status.ts), `today` being the firm's date. */
export function statusCondition(status: InvoiceDisplayStatus, today: string): SQL {
  switch (status) {
    case 'draft':
      return sql`${invoices.status} = 'draft'`;
    case 'void':
      return sql`${invoices.status} = 'void'`;
    case 'paid':
      return sql`${invoices.status} = 'issued' and ${invoices.kind} = 'invoice' and ${owing} <= 0 and ${invoices.paidCents} > 0`;
    case 'credited':
      return sql`${invoices.status} = 'issued' and ${invoices.kind} = 'invoice' and ${owing} <= 0 and ${invoices.paidCents} = 0`;
    case 'issued':
      return sql`${invoices.status} = 'issued' and ${invoices.kind} = 'adjustment_note'`;
    case 'overdue':
      return sql`${unpaid} and ${invoices.dueDate} < ${today}`;
    case 'partially_paid':
      return sql`${unpaid} and ${invoices.paidCents} > 0 and (${invoices.dueDate} is null or ${invoices.dueDate} >= ${today})`;
    case 'unpaid':
      return sql`${unpaid} and ${invoices.paidCents} = 0 and (${invoices.dueDate} is null or ${invoices.dueDate} >= ${today})`;
  }
}

export async function listInvoices(
  tx: Tx,
  s: { firmId: string; today: string; clientId?: string | undefined; status?: InvoiceDisplayStatus | undefined; from?: string | undefined; to?: string | undefined; clientView?: boolean; page: number; pageSize: number },
) {
  const where = and(
    eq(invoices.firmId, s.firmId),
    ...(s.clientId ? [eq(invoices.clientId, s.clientId)] : []),
    ...(s.status ? [statusCondition(s.status, s.today)] : []),
    ...(s.from ? [gte(invoices.issueDate, s.from)] : []),
    ...(s.to ? [lte(invoices.issueDate, s.to)] : []),
    ...(s.clientView ? [inArray(invoices.status, ['issued'])] : []),
  );
  const rows = await tx
    .select({ invoice: invoices, clientName: clients.name, count: sql<number>`count(*) over ()::int` })
    .from(invoices)
    .innerJoin(clients, eq(clients.id, invoices.clientId))
    .where(where)
    .orderBy(sql`${invoices.issueDate} desc nulls first`, desc(invoices.sequence), desc(invoices.createdAt))
    .limit(s.pageSize)
    .offset((s.page - 1) * s.pageSize);
  return { rows, total: Number(rows[0]?.count ?? 0) };
}

/** What the firm's clients owe, and the overdue part of it. */
export async function outstandingTotals(tx: Tx, s: { firmId: string; today: string }) {
  const [row] = await tx
    .select({
      outstanding: sql<number>`coalesce(sum(${owing}) filter (where ${unpaid}), 0)::bigint`,
      overdue: sql<number>`coalesce(sum(${owing}) filter (where ${unpaid} and ${invoices.dueDate} < ${s.today}), 0)::bigint`,
    })
    .from(invoices)
    .where(eq(invoices.firmId, s.firmId));
  return { outstandingCents: Number(row?.outstanding ?? 0), overdueCents: Number(row?.overdue ?? 0) };
}

export async function findClient(tx: Tx, s: { firmId: string; clientId: string }) {
  const [row] = await tx.select().from(clients).where(and(eq(clients.firmId, s.firmId), eq(clients.id, s.clientId)));
  return row;
}

export async function servicesOfClient(tx: Tx, s: { firmId: string; clientId: string; ids: string[] }): Promise<Set<string>> {
  if (s.ids.length === 0) return new Set();
  const rows = await tx.select({ id: services.id }).from(services).where(and(eq(services.firmId, s.firmId), eq(services.clientId, s.clientId), inArray(services.id, s.ids)));
  return new Set(rows.map((r) => r.id));
}
