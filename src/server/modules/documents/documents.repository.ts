import { and, desc, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { clients, documents, services, tasks } from '../../db/schema/index.js';

export type DocumentRow = typeof documents.$inferSelect;

export async function clientExists(tx: Tx, s: { firmId: string; clientId: string }): Promise<{ id: string; name: string } | undefined> {
  const [row] = await tx.select({ id: clients.id, name: clients.name }).from(clients).where(and(eq(clients.firmId, s.firmId), eq(clients.id, s.clientId)));
  return row;
}

/** A task of this client (optionally only one the client may see, in a service the client may see). */
export async function findTaskForClient(tx: Tx, s: { firmId: string; clientId: string; taskId: string; clientView: boolean }) {
  const [row] = await tx
    .select({ id: tasks.id, serviceId: tasks.serviceId, name: tasks.name })
    .from(tasks)
    .innerJoin(services, eq(services.id, tasks.serviceId))
    .where(and(
      eq(tasks.firmId, s.firmId), eq(tasks.clientId, s.clientId), eq(tasks.id, s.taskId),
      ...(s.clientView ? [eq(tasks.clientVisible, true), eq(services.visibleToClient, true)] : []),
    ));
  return row;
}

export async function insertDocument(tx: Tx, values: typeof documents.$inferInsert): Promise<DocumentRow> {
  const [row] = await tx.insert(documents).values(values).returning();
  if (!row) throw new Error('document insert failed');
  return row;
}

export async function listDocuments(tx: Tx, s: { firmId: string; clientId: string; clientView: boolean }): Promise<DocumentRow[]> {
  return tx
    .select()
    .from(documents)
    .where(and(eq(documents.firmId, s.firmId), eq(documents.clientId, s.clientId), eq(documents.status, 'available'), ...(s.clientView ? [eq(documents.visibleToClient, true)] : [])))
    .orderBy(desc(documents.createdAt), desc(documents.id))
    .limit(1000);
}

export async function findDocument(tx: Tx, s: { firmId: string; id: string; clientId?: string }): Promise<DocumentRow | undefined> {
  const [row] = await tx
    .select()
    .from(documents)
    .where(and(
      eq(documents.firmId, s.firmId), eq(documents.id, s.id), eq(documents.status, 'available'),
      ...(s.clientId ? [eq(documents.clientId, s.clientId), eq(documents.visibleToClient, true)] : []),
    ));
  return row;
}
