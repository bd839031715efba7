import { and, eq, inArray, sql } from 'drizzle-orm';
import { formatAud } from '../../../contracts/gst.js';
import { queryRows, type Tx } from '../../db/client.js';
import { invoiceReminders, invoices, notificationPreferences, portalUsers } from '../../db/schema/index.js';
import { portalBaseUrl } from '../../platform/http/urls.js';
import { enqueueEmail } from '../../platform/mail/outbox.js';
import { renderEmail } from '../../platform/mail/template.js';
import type { Deps } from '../../platform/tenancy/context.js';
import type { Firm } from '../firms/firms.repository.js';
import { emailBranding, findFirm } from '../firms/index.js';
import { addDays, todayIn } from '../work/periods.js';
import type { InvoiceRow } from './invoices.repository.js';

const auDate = (iso: string | null) => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : '');

/** The client's active portal users who have not turned this e-mail off. */
async function recipients(tx: Tx, firmId: string, clientId: string, event: string) {
  const people = await tx
    .select({ id: portalUsers.id, email: portalUsers.email, name: portalUsers.name })
    .from(portalUsers)
    .where(and(eq(portalUsers.firmId, firmId), eq(portalUsers.clientId, clientId), eq(portalUsers.status, 'active')));
  if (people.length === 0) return [];
  const off = await tx
    .select({ id: notificationPreferences.portalUserId })
    .from(notificationPreferences)
    .where(and(eq(notificationPreferences.firmId, firmId), inArray(notificationPreferences.portalUserId, people.map((p) => p.id)), eq(notificationPreferences.event, event), eq(notificationPreferences.channel, 'off')));
  return people.filter((p) => !off.some((o) => o.id === p.id));
}

/**
 * "New invoice" (or "adjustment note") to the client's portal users, in the issuing transaction. The
 * e-mail links to the document in the portal (where the PDF and Pay Now are) and states the amount.
 * `resendKey` makes a staff "Resend" a new e-mail (the same key twice — a double click — sends one).
 * Returns the addresses written to.
 */
export async function emailInvoiceIssued(tx: Tx, deps: Pick<Deps, 'config'>, firm: Firm, inv: InvoiceRow, opts: { originalNumber?: string | null; resendKey?: string } = {}): Promise<string[]> {
  const note = inv.kind === 'adjustment_note';
  const event = 'invoice_issued';
  const sentTo: string[] = [];
  for (const person of await recipients(tx, firm.id, inv.clientId, event)) {
    const email = renderEmail(emailBranding(deps.config, firm), note
      ? {
        subject: `Adjustment note ${inv.number} from ${firm.displayName}: ${formatAud(inv.totalCents)} off invoice ${opts.originalNumber ?? ''}`.trim(),
        heading: `Adjustment note ${inv.number}`,
        paragraphs: [
          `Hello ${person.name.split(' ')[0] ?? person.name},`,
          `${firm.displayName} has issued adjustment note ${inv.number}, which reduces invoice ${opts.originalNumber ?? ''} by ${formatAud(inv.totalCents)} (including GST).`,
          'Open it in the client portal to see the details or download the PDF for your records.',
        ],
        button: { label: 'View the adjustment note', url: `${portalBaseUrl(deps.config, firm.slug)}/invoices/${inv.id}` },
      }
      : {
        subject: `Invoice ${inv.number} from ${firm.displayName}: ${formatAud(inv.totalCents)} due ${auDate(inv.dueDate)}`,
        heading: `Invoice ${inv.number}`,
        paragraphs: [
          `Hello ${person.name.split(' ')[0] ?? person.name},`,
          `${firm.displayName} has issued invoice ${inv.number} for ${formatAud(inv.totalCents)} (including GST), due on ${auDate(inv.dueDate)}.`,
          ...(opts.resendKey && inv.totalCents - inv.paidCents - inv.creditedCents < inv.totalCents ? [`${formatAud(Math.max(0, inv.totalCents - inv.paidCents - inv.creditedCents))} of it is still to pay.`] : []),
          'Open it in the client portal to see the details, download the PDF or pay online with Pay Now.',
        ],
        button: { label: 'View and pay the invoice', url: `${portalBaseUrl(deps.config, firm.slug)}/invoices/${inv.id}` },
      });
    const key = `${note ? 'adjustment-issued' : 'invoice-issued'}:${inv.id}:${person.id}${opts.resendKey ? `:resend:${opts.resendKey}` : ''}`;
    await enqueueEmail(tx, { firmId: firm.id, clientId: inv.clientId, idempotencyKey: key, kind: event, to: person.email, ...email, optional: { userKind: 'portal', userId: person.id, event, appBaseUrl: deps.config.appBaseUrl } });
    sentTo.push(person.email);
  }
  return sentTo;
}

/**
 * Reminders on the firm's schedule (days relative to the due date; default 3 before, then 1, 7 and 14
 * after). One row per (invoice, offset) is inserted first — unique — so a reminder is never sent
 * twice, whatever instances or reruns race; a paid or void invoice gets none; a reminder more than
 * two days late (the job was down) is skipped rather than sent out of place.
 */
export async function sendInvoiceReminders(deps: Deps, now: Date): Promise<number> {
  const firmIds = await deps.db.withoutFirm((tx) => queryRows<{ firm_id: string }>(tx, sql`select ll_firms_with_unpaid_invoices(200) as firm_id`));
  let sent = 0;
  for (const { firm_id: firmId } of firmIds) {
    sent += await deps.db.withFirm(firmId, async (tx) => {
      const firm = await findFirm(tx, firmId);
      if (!firm) return 0;
      const today = todayIn(firm.timeZone, now);
      const unpaid = await tx
        .select()
        .from(invoices)
        .where(and(eq(invoices.firmId, firmId), eq(invoices.status, 'issued'), eq(invoices.kind, 'invoice'), sql`${invoices.paidCents} + ${invoices.creditedCents} < ${invoices.totalCents}`, sql`${invoices.dueDate} is not null`))
        .limit(1000);
      let n = 0;
      for (const inv of unpaid) {
        const due = (firm.invoiceReminderDays ?? []).filter((d) => Number.isInteger(d)).map((d) => ({ offset: d, on: addDays(inv.dueDate ?? today, d) }))
          .filter((r) => r.on <= today && r.on >= addDays(today, -2) && (inv.issueDate === null || r.on > inv.issueDate));
        for (const r of due) {
          const [claimed] = await tx.insert(invoiceReminders).values({ firmId, invoiceId: inv.id, offsetDays: r.offset }).onConflictDoNothing().returning();
          if (!claimed) continue;
          const before = r.offset < 0;
          for (const person of await recipients(tx, firmId, inv.clientId, 'invoice_reminder')) {
            const email = renderEmail(emailBranding(deps.config, firm), {
              subject: before ? `Reminder: invoice ${inv.number} is due on ${auDate(inv.dueDate)}` : `Overdue: invoice ${inv.number} was due on ${auDate(inv.dueDate)}`,
              heading: before ? 'Payment reminder' : 'Invoice overdue',
              paragraphs: [
                `Hello ${person.name.split(' ')[0] ?? person.name},`,
                `${formatAud(inv.totalCents - inv.paidCents - inv.creditedCents)} is ${before ? 'due' : 'now overdue'} on invoice ${inv.number} from ${firm.displayName} (due ${auDate(inv.dueDate)}).`,
                'You can pay it online in the client portal with Pay Now. If you have already paid, thank you — please ignore this reminder.',
              ],
              button: { label: 'View and pay the invoice', url: `${portalBaseUrl(deps.config, firm.slug)}/invoices/${inv.id}` },
            });
            await enqueueEmail(tx, { firmId, clientId: inv.clientId, idempotencyKey: `invoice-reminder:${inv.id}:${r.offset}:${person.id}`, kind: 'invoice_reminder', to: person.email, ...email, optional: { userKind: 'portal', userId: person.id, event: 'invoice_reminder', appBaseUrl: deps.config.appBaseUrl } });
            n++;
          }
        }
      }
      return n;
    });
  }
  return sent;
}
