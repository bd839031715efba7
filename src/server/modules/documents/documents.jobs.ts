import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.js';
import type { Deps } from '../../platform/tenancy/context.js';
import { recordAudit } from '../audit/index.js';
import * as repo from './documents.repository.js';

/** A blob younger than this may belong to an upload whose row is about to be committed. */
export const ORPHAN_GRACE_MS = 6 * 60 * 60 * 1000;

/**
 * Destroys the encrypted files of documents deleted more than DOCUMENT_RETENTION_DAYS ago. Rows are
 * claimed with SKIP LOCKED, so two instances never purge the same document; the row is marked purged
 * (and kept, for the audit trail) in the same transaction that deletes the blob.
 */
export async function purgeDeletedDocuments(deps: Deps, now: Date): Promise<number> {
  const before = new Date(now.getTime() - deps.config.documentRetentionDays * 24 * 60 * 60 * 1000);
  const firms = await deps.db.withoutFirm((tx) => queryRows<{ firm_id: string }>(tx, sql`select ll_firms_with_expired_documents(${before.toISOString()}::timestamptz, 100) as firm_id`));
  let purged = 0;
  for (const { firm_id: firmId } of firms) {
    purged += await deps.db.withFirm(firmId, async (tx) => {
      let n = 0;
      for (const doc of await repo.claimExpiredDocuments(tx, { firmId, before, limit: 200 })) {
        await deps.blobStore.delete(doc.storageKey);
        await repo.updateDocument(tx, { firmId, id: doc.id, set: { status: 'purged', purgedAt: now } });
        await recordAudit(tx, { firmId, actorKind: 'system', actorLabel: 'document retention', action: 'document.purged', targetType: 'document', targetId: doc.id, targetLabel: doc.fileName, details: { clientId: doc.clientId, deletedAt: doc.deletedAt?.toISOString() } });
        n++;
      }
      return n;
    });
  }
  return purged;
}

const FIRM_KEY = /^firms\/([0-9a-f-]{36})\/[0-9a-f-]{36}$/;

/**
 * Removes blobs no document row knows — left by a crash between storing a file and committing its
 * row — once they are older than the grace period. Purged documents' blobs are already gone. Every
 * instance lists the store, so each firm's candidates are settled under a per-firm advisory lock and
 * a blob another instance already removed is skipped: each orphan is deleted (and counted) once.
 */
export async function sweepOrphanBlobs(deps: Deps, now: Date): Promise<number> {
  const cutoff = now.getTime() - ORPHAN_GRACE_MS;
  const candidates = new Map<string, string[]>();
  let removed = 0;
  const flush = async (firmId: string) => {
    const keys = candidates.get(firmId) ?? [];
    candidates.delete(firmId);
    removed += await deps.db.withFirm(firmId, async (tx) => {
      await repo.lockOrphanSweep(tx, { firmId });
      const known = await repo.knownStorageKeys(tx, { firmId, keys });
      let n = 0;
      for (const key of keys) {
        if (known.has(key) || !(await deps.blobStore.exists(key))) continue;
        await deps.blobStore.delete(key);
        n++;
      }
      return n;
    });
  };
  for await (const blob of deps.blobStore.list('firms/')) {
    const m = FIRM_KEY.exec(blob.key);
    if (!m?.[1] || blob.lastModified.getTime() > cutoff) continue;
    const list = candidates.get(m[1]) ?? [];
    list.push(blob.key);
    candidates.set(m[1], list);
    if (list.length >= 500) await flush(m[1]);
  }
  for (const firmId of [...candidates.keys()]) await flush(firmId);
  return removed;
}
