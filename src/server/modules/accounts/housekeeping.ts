import { and, eq, isNotNull, lt, or, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { digestItems, digestRuns, pendingLogins, sessions, trustedDevices, unsubscribeTokens } from '../../db/schema/index.js';
import type { Deps } from '../../platform/tenancy/context.js';

const DAY_MS = 24 * 3600_000;
/** A "Stop these e-mails" link works for a year; after that its page says the link is not valid (Profile still works). */
export const UNSUBSCRIBE_TOKEN_DAYS = 365;
/** Digest items already sent, and the per-day digest claims, are kept this long (to answer "did I get it?"). */
export const DIGEST_KEEP_DAYS = 30;

/**
 * Removes account records that can no longer be used, for every firm (job `account-housekeeping`,
 * hourly): sessions past their absolute or idle expiry, pending two-factor sign-ins and remembered
 * devices a day after they expired (or were used or revoked), unsubscribe tokens after
 * UNSUBSCRIBE_TOKEN_DAYS, and digest items already sent and digest claims after DIGEST_KEEP_DAYS (the
 * digest job only ever claims today, so an old claim can go). Only dead rows are deleted, so two
 * instances running it at once are harmless: each row goes once. Returns how many of each went.
 */
export async function accountHousekeeping(deps: Pick<Deps, 'db' | 'config'>, now: Date): Promise<Record<string, number>> {
  const firms = await deps.db.withoutFirm((tx) => queryRows<{ id: string }>(tx, sql`select id from firms`));
  const removed = { sessions: 0, pendingLogins: 0, trustedDevices: 0, unsubscribeTokens: 0, digestItems: 0, digestRuns: 0 };
  for (const { id } of firms) {
    const counts = await deps.db.withFirm(id, (tx) => sweepFirm(tx, id, now, deps.config.sessionIdleMinutes));
    for (const k of Object.keys(removed) as (keyof typeof removed)[]) removed[k] += counts[k];
  }
  return removed;
}

async function sweepFirm(tx: Tx, firmId: string, now: Date, idleMinutes: number) {
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const n = (rows: unknown[]) => rows.length;
  const sessionsGone = await tx.delete(sessions)
    .where(and(eq(sessions.firmId, firmId), or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, ago(idleMinutes * 60_000)))))
    .returning({ id: sessions.id });
  const pendingGone = await tx.delete(pendingLogins)
    .where(and(eq(pendingLogins.firmId, firmId), or(lt(pendingLogins.expiresAt, ago(DAY_MS)), lt(pendingLogins.usedAt, ago(DAY_MS)))))
    .returning({ id: pendingLogins.id });
  const devicesGone = await tx.delete(trustedDevices)
    .where(and(eq(trustedDevices.firmId, firmId), or(lt(trustedDevices.expiresAt, ago(DAY_MS)), lt(trustedDevices.revokedAt, ago(DAY_MS)))))
    .returning({ id: trustedDevices.id });
  const tokensGone = await tx.delete(unsubscribeTokens)
    .where(and(eq(unsubscribeTokens.firmId, firmId), lt(unsubscribeTokens.createdAt, ago(UNSUBSCRIBE_TOKEN_DAYS * DAY_MS))))
    .returning({ id: unsubscribeTokens.id });
  // Only items already sent in a digest: one still waiting for tomorrow's digest stays, however old.
  const itemsGone = await tx.delete(digestItems)
    .where(and(eq(digestItems.firmId, firmId), isNotNull(digestItems.digestRunId), lt(digestItems.createdAt, ago(DIGEST_KEEP_DAYS * DAY_MS))))
    .returning({ id: digestItems.id });
  const runsGone = await tx.delete(digestRuns)
    .where(and(eq(digestRuns.firmId, firmId), lt(digestRuns.createdAt, ago(DIGEST_KEEP_DAYS * DAY_MS)),
      sql`not exists (select 1 from ${digestItems} i where i.firm_id = ${digestRuns.firmId} and i.digest_run_id = ${digestRuns.id})`))
    .returning({ id: digestRuns.id });
  return { sessions: n(sessionsGone), pendingLogins: n(pendingGone), trustedDevices: n(devicesGone), unsubscribeTokens: n(tokensGone), digestItems: n(itemsGone), digestRuns: n(runsGone) };
}
