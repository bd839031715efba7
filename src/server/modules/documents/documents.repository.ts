import { and, desc, eq, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Tx } from '../../db/client.js';
import { clients, documents, services, staffUsers, taskQuestions, tasks } from '../../db/schema/index.js';

export type DocumentRow = typeof documents.$inferSelect;

/** A document with the names shown beside it. */
export interface DocumentView {
  doc: DocumentRow;
  clientName: string;
  serviceName: string | null;
  taskName: string | null;
  reviewedByName: string | null;
  superseded: boolean;
}

export async function clientExists(tx: Tx, s: { firmId: string; clientId: string }): Promise<{ id: string; name: string } | undefined> {
  const [row] = await tx.select({ id: clients.id, name: clients.name }).from(clients).where(and(eq(clients.firmId, s.firmId), eq(clients.id, s.clientId)));
  return row;
}

/** A task of this client (optionally only one the client may see, in a service the client may see). */
export async function findTaskForClient(tx: Tx, s: { firmId: string; clientId: string; taskId: string; clientView: boolean }) {
  const [row] = await tx
    .select({ id: tasks.id, serviceId: tasks.serviceId, name: tasks.name, status: tasks.status, assigneeId: tasks.assigneeId, serviceAssigneeId: services.assigneeId })
    .from(tasks)
    .innerJoin(services, eq(services.id, tasks.serviceId))
    .where(and(
      eq(tasks.firmId, s.firmId), eq(tasks.clientId, s.clientId), eq(tasks.id, s.taskId),
      ...(s.clientView ? [eq(tasks.clientVisible, true), eq(services.visibleToClient, true)] : []),
    ));
  return row;
}

/** A document request (a "Please upload" question) of this client. */
export async function findRequest(tx: Tx, s: { firmId: string; clientId: string; requestId: string }) {
  const [row] = await tx
    .select()
    .from(taskQuestions)
    .where(and(eq(taskQuestions.firmId, s.firmId), eq(taskQuestions.clientId, s.clientId), eq(taskQuestions.id, s.requestId), eq(taskQuestions.kind, 'upload')));
  return row;
}

export async function nextRequestVersion(tx: Tx, s: { firmId: string; requestId: string }): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`coalesce(max(${documents.version}), 0)::int` })
    .from(documents)
    .where(and(eq(documents.firmId, s.firmId), eq(documents.requestId, s.requestId)));
  return Number(row?.n ?? 0) + 1;
}

export async function insertDocument(tx: Tx, values: typeof documents.$inferInsert): Promise<DocumentRow> {
  const [row] = await tx.insert(documents).values(values).returning();
  if (!row) throw new Error('document insert failed');
  return row;
}

const reviewer = alias(staffUsers, 'reviewer');

/** Shared select for lists: names joined, `superseded` when a later visible version of the same request exists. */
async function selectViews(tx: Tx, where: SQL[], clientView: boolean, limit: number): Promise<DocumentView[]> {
  const rows = await tx
    .select({
      doc: documents,
      clientName: clients.name,
      serviceName: services.name,
      taskName: tasks.name,
      reviewedByName: reviewer.name,
      superseded: sql<boolean>`exists (select 1 from documents later where later.firm_id = ${documents.firmId} and later.request_id = ${documents.requestId}
        and later.version > ${documents.version} and later.status = 'available'${clientView ? sql` and later.visible_to_client` : sql``})`,
    })
    .from(documents)
    .innerJoin(clients, eq(clients.id, documents.clientId))
    .leftJoin(services, eq(services.id, documents.serviceId))
    .leftJoin(tasks, eq(tasks.id, documents.taskId))
    .leftJoin(reviewer, eq(reviewer.id, documents.reviewedById))
    .where(and(...where, eq(documents.status, 'available'), ...(clientView ? [eq(documents.visibleToClient, true)] : [])))
    .orderBy(desc(documents.createdAt), desc(documents.id))
    .limit(limit);
  return rows.map((r) => ({ ...r, superseded: Boolean(r.superseded) }));
}

export async function listDocuments(
  tx: Tx,
  s: { firmId: string; clientId: string; clientView: boolean; serviceId?: string | undefined; taskId?: string | undefined; unreviewed?: boolean | undefined },
): Promise<DocumentView[]> {
  return selectViews(tx, [
    eq(documents.firmId, s.firmId), eq(documents.clientId, s.clientId),
    ...(s.serviceId ? [eq(documents.serviceId, s.serviceId)] : []),
    ...(s.taskId ? [eq(documents.taskId, s.taskId)] : []),
    ...(s.unreviewed ? [isNull(documents.reviewedAt)] : []),
  ], s.clientView, 1000);
}

/** The documents of some tasks (a service page), for staff or for the client. */
export async function listTaskDocuments(tx: Tx, s: { firmId: string; taskIds: string[]; clientView: boolean }): Promise<DocumentView[]> {
  if (s.taskIds.length === 0) return [];
  return selectViews(tx, [eq(documents.firmId, s.firmId), inArray(documents.taskId, s.taskIds)], s.clientView, 2000);
}

export async function findDocumentView(tx: Tx, s: { firmId: string; id: string }): Promise<DocumentView | undefined> {
  const [row] = await selectViews(tx, [eq(documents.firmId, s.firmId), eq(documents.id, s.id)], false, 1);
  return row;
}

export async function findDocument(tx: Tx, s: { firmId: string; id: string; clientId?: string; forUpdate?: boolean }): Promise<DocumentRow | undefined> {
  const q = tx
    .select()
    .from(documents)
    .where(and(
      eq(documents.firmId, s.firmId), eq(documents.id, s.id), eq(documents.status, 'available'),
      ...(s.clientId ? [eq(documents.clientId, s.clientId), eq(documents.visibleToClient, true)] : []),
    ));
  const [row] = s.forUpdate ? await q.for('update') : await q;
  return row;
}

export async function updateDocument(tx: Tx, s: { firmId: string; id: string; set: Partial<DocumentRow> }): Promise<DocumentRow | undefined> {
  const [row] = await tx.update(documents).set(s.set).where(and(eq(documents.firmId, s.firmId), eq(documents.id, s.id))).returning();
  return row;
}

/** Deleted documents whose retention window has passed, locked so two purgers never take the same one. */
export async function claimExpiredDocuments(tx: Tx, s: { firmId: string; before: Date; limit: number }): Promise<DocumentRow[]> {
  return tx
    .select()
    .from(documents)
    .where(and(eq(documents.firmId, s.firmId), eq(documents.status, 'deleted'), lte(documents.deletedAt, s.before)))
    .limit(s.limit)
    .for('update', { skipLocked: true });
}

/** One orphan sweep of a firm's blobs at a time across instances (advisory lock for this transaction). */
export async function lockOrphanSweep(tx: Tx, s: { firmId: string }): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`orphan-sweep:${s.firmId}`}, 0))`);
}

/** Which of these storage keys belong to a document row (any status but purged). */
export async function knownStorageKeys(tx: Tx, s: { firmId: string; keys: string[] }): Promise<Set<string>> {
  if (s.keys.length === 0) return new Set();
  const rows = await tx
    .select({ key: documents.storageKey, status: documents.status })
    .from(documents)
    .where(and(eq(documents.firmId, s.firmId), inArray(documents.storageKey, s.keys)));
  return new Set(rows.filter((r) => r.status !== 'purged').map((r) => r.key));
}
