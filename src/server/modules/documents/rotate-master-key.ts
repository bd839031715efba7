import { eq, ne, sql } from 'drizzle-orm';
import { queryRows, type Database } from '../../db/client.js';
import { documents, firmDataKeys } from '../../db/schema/index.js';
import { masterKeyId, rewrapDataKey, type WrappedDataKey } from '../../platform/crypto/envelope.js';

export interface RotationResult {
  firms: number;
  rewrapped: number;
  alreadyCurrent: number;
}

/**
 * Re-wraps every firm's data key under `newKey`: files are not touched (their data keys do not
 * change). Each firm's row is updated in its own transaction, so the command can be stopped and run
 * again; keys already under the new master key are skipped. A key sealed by neither key stops the
 * run with an error naming the firm — nothing is guessed.
 */
export async function rotateMasterKey(db: Database, oldKey: Buffer, newKey: Buffer): Promise<RotationResult> {
  const newId = masterKeyId(newKey);
  const firmIds = await db.withoutFirm((tx) => queryRows<{ id: string }>(tx, sql`select id from firms order by id`));
  const result: RotationResult = { firms: firmIds.length, rewrapped: 0, alreadyCurrent: 0 };
  for (const { id: firmId } of firmIds) {
    await db.withFirm(firmId, async (tx) => {
      const [row] = await tx.select().from(firmDataKeys).where(eq(firmDataKeys.firmId, firmId)).for('update');
      if (!row) return;
      if (row.keyId === newId) {
        result.alreadyCurrent++;
        return;
      }
      const next = rewrapDataKey({ version: row.version, firmId, keyId: row.keyId, sealed: row.sealed } as WrappedDataKey, oldKey, newKey);
      await tx.update(firmDataKeys).set({ version: next.version, keyId: next.keyId, sealed: next.sealed }).where(eq(firmDataKeys.firmId, firmId));
      await tx.update(documents).set({ keyId: newId }).where(ne(documents.keyId, newId));
      result.rewrapped++;
    });
  }
  return result;
}
