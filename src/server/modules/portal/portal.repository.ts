import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { clients } from '../../db/schema/index.js';

export async function findClientForPortal(tx: Tx, input: { firmId: string; clientId: string }) {
  const [row] = await tx.select({ id: clients.id, name: clients.name }).from(clients).where(and(eq(clients.firmId, input.firmId), eq(clients.id, input.clientId)));
  return row;
}
