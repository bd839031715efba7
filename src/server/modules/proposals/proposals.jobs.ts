import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.js';
import { proposals, proposalSigners } from '../../db/schema/index.js';
import type { Deps } from '../../platform/tenancy/context.js';
import { findFirm } from '../firms/index.js';
import { currentVersionRow, displayStatus, firmToday, signersOf } from './proposals.core.js';
import { issueSigningLink } from './proposals.service.js';
import { completeProposal } from './signing.service.js';

/** Unsigned signers are reminded every this many days until the proposal expires. */
export const REMINDER_EVERY_DAYS = 3;

/**
 * Reminds each signer who has not decided, every REMINDER_EVERY_DAYS after the send (or the last
 * reminder), with a fresh link (the old one stops working). A reminder is claimed by bumping the
 * signer's count from n to n + 1 and its e-mail keyed by n + 1, so it is never sent twice however
 * many instances run the job. Also finishes any accepted proposal whose signed PDF was not made.
 */
export async function runProposalJobs(deps: Deps, now: Date): Promise<number> {
  const firmIds = await deps.db.withoutFirm((tx) => queryRows<{ firm_id: string }>(tx, sql`select ll_firms_with_open_proposals(200) as firm_id`));
  let sent = 0;
  for (const { firm_id: firmId } of firmIds) {
    sent += await deps.db.withFirm(firmId, async (tx) => {
      const firm = await findFirm(tx, firmId);
      if (!firm) return 0;
      const today = firmToday(firm, now);
      let n = 0;
      for (const p of await tx.select().from(proposals).where(and(eq(proposals.firmId, firmId), eq(proposals.status, 'sent'))).limit(500)) {
        if (displayStatus(p, today) !== 'sent') continue;
        const v = await currentVersionRow(tx, p);
        for (const s of (await signersOf(tx, p)).filter((x) => x.status === 'pending')) {
          const since = s.lastRemindedAt ?? v?.sentAt ?? now;
          if (now.getTime() - since.getTime() < REMINDER_EVERY_DAYS * 86_400_000) continue;
          const [claimed] = await tx.update(proposalSigners).set({ remindersSent: s.remindersSent + 1, lastRemindedAt: now })
            .where(and(eq(proposalSigners.id, s.id), eq(proposalSigners.remindersSent, s.remindersSent))).returning();
          if (!claimed) continue;
          await issueSigningLink(tx, { config: deps.config, now }, firm, p, s, `proposal-reminder:${s.id}:${claimed.remindersSent}`, true);
          n++;
        }
      }
      return n;
    });
  }
  await finishCompletions(deps, now);
  return sent;
}

async function finishCompletions(deps: Deps, now: Date) {
  const firmIds = await deps.db.withoutFirm((tx) => queryRows<{ id: string }>(tx, sql`select id from firms`));
  for (const { id: firmId } of firmIds) {
    const stuck = await deps.db.withFirm(firmId, (tx) =>
      tx.select({ id: proposals.id }).from(proposals).where(and(eq(proposals.firmId, firmId), eq(proposals.status, 'accepted'), isNull(proposals.signedDocumentId), lt(proposals.acceptedAt, new Date(now.getTime() - 5 * 60_000)))).limit(20),
    );
    for (const p of stuck) await completeProposal({ ...deps, now }, firmId, p.id).catch(() => undefined);
  }
}
