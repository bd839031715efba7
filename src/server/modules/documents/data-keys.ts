import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { firmDataKeys } from '../../db/schema/index.js';
import { generateDataKey, unwrapDataKey, wrapDataKey, type WrappedDataKey } from '../../platform/crypto/envelope.js';

export interface FirmDataKey {
  dataKey: Buffer;
  /** The master key id that wraps it. */
  keyId: string;
}

// Unwrapped keys per database (tests open several) and firm; never written anywhere.
const cache = new WeakMap<Database, Map<string, Promise<FirmDataKey>>>();

async function loadOrCreate(db: Database, masterKey: Buffer, previous: Buffer[], firmId: string): Promise<FirmDataKey> {
  const wrapped = await db.withFirm(firmId, async (tx) => {
    const fresh = wrapDataKey(generateDataKey(), firmId, masterKey);
    // Two first uploads racing: one insert wins, the other reads the winner's key.
    await tx.insert(firmDataKeys).values({ firmId, version: fresh.version, keyId: fresh.keyId, sealed: fresh.sealed }).onConflictDoNothing({ target: firmDataKeys.firmId });
    const [row] = await tx.select().from(firmDataKeys).where(eq(firmDataKeys.firmId, firmId));
    if (!row) throw new Error('firm data key missing after insert');
    return { version: row.version, firmId, keyId: row.keyId, sealed: row.sealed } as WrappedDataKey;
  });
  return { dataKey: unwrapDataKey(wrapped, firmId, [masterKey, ...previous]), keyId: wrapped.keyId };
}

/** The firm's data key: loaded (or created on first use) and unwrapped once, then kept in memory. */
export function firmDataKey(deps: { db: Database; masterKey: Buffer; previousMasterKeys?: Buffer[] }, firmId: string): Promise<FirmDataKey> {
  let perDb = cache.get(deps.db);
  if (!perDb) cache.set(deps.db, (perDb = new Map()));
  let key = perDb.get(firmId);
  if (!key) {
    key = loadOrCreate(deps.db, deps.masterKey, deps.previousMasterKeys ?? [], firmId);
    perDb.set(firmId, key);
    key.catch(() => perDb.delete(firmId));
  }
  return key;
}
