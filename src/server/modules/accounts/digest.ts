import { TZDate } from '@date-fns/tz';
import { and, asc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.js';
import { digestItems, digestRuns } from '../../db/schema/index.js';
import { portalBaseUrl, staffUrl } from '../../platform/http/urls.js';
import { DAILY_DIGEST_EVENT, enqueueEmail, notificationChannel } from '../../platform/mail/outbox.js';
import { renderEmail } from '../../platform/mail/template.js';
import type { Deps } from '../../platform/tenancy/context.js';
import { emailBranding, findFirm } from '../firms/index.js';
import { todayIn } from '../work/periods.js';
import type { UserKind } from './accounts.repository.js';
import { findProfileUser } from './profile.repository.js';

/** The digest goes at this hour of the firm's day (its time zone), or at the first run after it. */
export const DIGEST_HOUR = 7;
const MAX_LISTED = 50;

/** 07:00 on a firm-local date, as an instant. */
export function digestCutoff(localDate: string, timeZone: string): Date {
  const [y, m, d] = localDate.split('-').map(Number);
  return new Date(new TZDate(y ?? 1970, (m ?? 1) - 1, d ?? 1, DIGEST_HOUR, 0, 0, timeZone).getTime());
}

/**
 * The `daily-digest` job. For each firm with held items, once the firm's day has reached 07:00, each
 * person with items held before that time gets one e-mail for the day: a (firm, person, local date)
 * row is inserted first — unique — so however many instances or reruns race, one wins and the others
 * skip; the e-mail is queued and the items marked sent in that same transaction. Items held after
 * 07:00 wait for the next day. Items for an event the person has since turned off are dropped.
 */
export async function sendDailyDigests(deps: Pick<Deps, 'db' | 'config'>, now: Date): Promise<number> {
  const firmIds = await deps.db.withoutFirm((tx) => queryRows<{ firm_id: string }>(tx, sql`select ll_firms_with_pending_digest(500) as firm_id`));
  let sent = 0;
  for (const { firm_id: firmId } of firmIds) {
    sent += await deps.db.withFirm(firmId, async (tx) => {
      const firm = await findFirm(tx, firmId);
      if (!firm) return 0;
      const today = todayIn(firm.timeZone, now);
      const cutoff = digestCutoff(today, firm.timeZone);
      if (now < cutoff) return 0;
      const people = await tx
        .selectDistinct({ userKind: digestItems.userKind, userId: digestItems.userId })
        .from(digestItems)
        .where(and(eq(digestItems.firmId, firmId), isNull(digestItems.digestRunId), lt(digestItems.createdAt, cutoff)));
      let n = 0;
      for (const person of people) {
        const [run] = await tx.insert(digestRuns).values({ firmId, userKind: person.userKind, userId: person.userId, localDate: today }).onConflictDoNothing().returning({ id: digestRuns.id });
        if (!run) continue;
        const held = await tx.select().from(digestItems)
          .where(and(eq(digestItems.firmId, firmId), eq(digestItems.userKind, person.userKind), eq(digestItems.userId, person.userId), isNull(digestItems.digestRunId), lt(digestItems.createdAt, cutoff)))
          .orderBy(asc(digestItems.createdAt));
        if (held.length === 0) continue;
        // Every held item is now accounted for by this run, whether listed, dropped or for someone no longer active.
        await tx.update(digestItems).set({ digestRunId: run.id }).where(and(eq(digestItems.firmId, firmId), inArray(digestItems.id, held.map((i) => i.id))));
        const user = await findProfileUser(tx, { firmId, kind: person.userKind as UserKind, userId: person.userId });
        if (!user || user.status !== 'active') continue;
        const channels = new Map<string, string>();
        for (const event of new Set(held.map((i) => i.event))) channels.set(event, await notificationChannel(tx, { firmId, userKind: person.userKind, userId: person.userId, event }));
        const items = held.filter((i) => channels.get(i.event) !== 'off');
        if (items.length === 0) continue;
        const listed = items.slice(0, MAX_LISTED);
        const home = person.userKind === 'portal' ? `${portalBaseUrl(deps.config, firm.slug)}/` : staffUrl(deps.config, '/');
        const email = renderEmail(emailBranding(deps.config, firm), {
          subject: `Your daily summary from ${firm.displayName}: ${items.length === 1 ? '1 update' : `${items.length} updates`}`,
          heading: 'Your daily summary',
          paragraphs: [
            `Hello ${user.name.split(' ')[0] ?? user.name},`,
            `Here is what happened since your last summary. You chose to get these e-mails once a day; you can change that in your profile.`,
          ],
          items: listed.map((i) => ({ text: i.summary, url: i.link })),
          ...(items.length > listed.length ? { note: `And ${items.length - listed.length} more: open ${firm.displayName}'s portal to see everything.` } : {}),
          button: { label: person.userKind === 'portal' ? 'Open the client portal' : 'Open Ledger Loom', url: home },
        });
        await enqueueEmail(tx, {
          firmId, clientId: user.clientId, idempotencyKey: `daily-digest:${person.userKind}:${person.userId}:${today}`, kind: 'daily_digest', to: user.email, ...email,
          optional: { userKind: person.userKind, userId: person.userId, event: DAILY_DIGEST_EVENT, appBaseUrl: deps.config.appBaseUrl },
        });
        n++;
      }
      return n;
    });
  }
  return sent;
}
