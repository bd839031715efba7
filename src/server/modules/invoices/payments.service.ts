import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { z } from 'zod';
import type { paymentListQuerySchema, PaymentDto, recordPaymentBodySchema } from '../../../contracts/invoices.js';
import { formatAud } from '../../../contracts/gst.js';
import { queryRows, type Tx } from '../../db/client.js';
import { clients, invoices, paymentAttempts, payments, portalUsers, staffNotifications, staffUsers } from '../../db/schema/index.js';
import { AppError, notFound } from '../../platform/errors.js';
import { portalBaseUrl, publicApiUrl } from '../../platform/http/urls.js';
import { enqueueEmail } from '../../platform/mail/outbox.js';
import { renderEmail } from '../../platform/mail/template.js';
import { codesOf, describeCodes, EwayUnavailableError, type QueryAccessCodeResponse } from '../../platform/payments/eway-client.js';
import { actorLabel, type ClientCtx, type Deps, type StaffCtx } from '../../platform/tenancy/context.js';
import { recordAudit } from '../audit/index.js';
import { emailBranding, findFirm } from '../firms/index.js';
import { todayIn } from '../work/periods.js';
import { emailWanted } from '../accounts/index.js';
import { faultPoint } from '../../platform/faults.js';

type AttemptRow = typeof paymentAttempts.$inferSelect;
export type Outcome = { outcome: 'paid' | 'declined' | 'cancelled' | 'pending' | 'error'; message: string; invoiceId: string; firmId: string; codes: string[] };

/** A started attempt whose access code is this fresh is reused (two tabs, a reload): one eWay page, one charge. */
const REUSE_MS = 30 * 60 * 1000;
/** Pending attempts that have not settled in this long are given up (eWay's access codes do not live longer). */
const EXPIRE_MS = 24 * 60 * 60 * 1000;

/**
 * Staff may not void, credit or take a manual payment while a Pay Now page is plausibly still open:
 * the client could be typing their card details for the old balance at that moment.
 */
export async function assertNoCardPaymentInProgress(tx: Tx, firmId: string, invoiceId: string, now: Date, timeZone: string): Promise<void> {
  const [open] = await tx
    .select({ createdAt: paymentAttempts.createdAt, amountCents: paymentAttempts.amountCents })
    .from(paymentAttempts)
    .where(and(eq(paymentAttempts.firmId, firmId), eq(paymentAttempts.invoiceId, invoiceId), eq(paymentAttempts.status, 'pending'), sql`${paymentAttempts.createdAt} > ${new Date(now.getTime() - REUSE_MS).toISOString()}`))
    .orderBy(desc(paymentAttempts.createdAt))
    .limit(1);
  if (!open) return;
  const time = (d: Date) => new Intl.DateTimeFormat('en-AU', { timeZone, hour: 'numeric', minute: '2-digit', hour12: true }).format(d);
  throw new AppError('CONFLICT', `The client started a card payment of ${formatAud(open.amountCents)} at ${time(open.createdAt)} (Pay Now) and it may still go through. Try again after ${time(new Date(open.createdAt.getTime() + REUSE_MS))}, or once the payment shows here.`);
}

const unavailable = () => new AppError('UNAVAILABLE', 'Card payments are not available right now, and nothing was charged. Please try again in a few minutes.');

async function lockInvoice(tx: Tx, firmId: string, invoiceId: string, clientId?: string) {
  const [row] = await tx
    .select()
    .from(invoices)
    .where(and(eq(invoices.firmId, firmId), eq(invoices.id, invoiceId), ...(clientId ? [eq(invoices.clientId, clientId)] : [])))
    .for('update');
  return row;
}

/**
 * Pay Now: asks eWay for a shared-page access code for the invoice's balance and returns where to
 * send the browser. A paid, void or draft invoice is refused before any redirect; a fresh attempt
 * for the same amount is reused, so a double click or a second tab lands on the same eWay page.
 */
export async function payNow(ctx: ClientCtx, invoiceId: string): Promise<{ redirectUrl: string }> {
  const start = await ctx.db.withFirm(ctx.firmId, async (tx) => {
    const inv = await lockInvoice(tx, ctx.firmId, invoiceId, ctx.actor.clientId);
    if (!inv || inv.status !== 'issued') throw notFound('That invoice');
    const balance = inv.totalCents - inv.paidCents - inv.creditedCents;
    if (inv.kind !== 'invoice') throw notFound('That invoice');
    if (balance <= 0) throw new AppError('CONFLICT', `Invoice ${inv.number} is already paid. Nothing more is owing.`);
    const [recent] = await tx
      .select()
      .from(paymentAttempts)
      .where(and(eq(paymentAttempts.firmId, ctx.firmId), eq(paymentAttempts.invoiceId, invoiceId), eq(paymentAttempts.status, 'pending')))
      .orderBy(desc(paymentAttempts.createdAt))
      .limit(1);
    if (recent && ctx.now.getTime() - recent.createdAt.getTime() < REUSE_MS && recent.amountCents === balance) {
      if (recent.sharedPaymentUrl) return { kind: 'reuse', url: recent.sharedPaymentUrl } as const;
      throw new AppError('CONFLICT', 'A payment for this invoice is already starting (another click or tab). Wait a moment, then try again.');
    }
    // An older page for another amount is retired here; eWay is still asked about it (settleAttempt re-checks
    // cancelled attempts for a day), so a card charged on it is recorded, never lost.
    await tx.update(paymentAttempts).set({ status: 'cancelled', settledAt: ctx.now }).where(and(eq(paymentAttempts.firmId, ctx.firmId), eq(paymentAttempts.invoiceId, invoiceId), eq(paymentAttempts.status, 'pending')));
    const [attempt] = await tx
      .insert(paymentAttempts)
      .values({ firmId: ctx.firmId, invoiceId, clientId: inv.clientId, reference: `pay_${randomUUID().replace(/-/g, '')}`, amountCents: balance, portalUserId: ctx.actor.portalUserId })
      .returning();
    if (!attempt) throw new Error('payment attempt insert failed');
    await recordAudit(tx, { firmId: ctx.firmId, actorKind: 'portal', actorId: ctx.actor.portalUserId, actorLabel: actorLabel(ctx.actor), action: 'payment.started', targetType: 'invoice', targetId: invoiceId, targetLabel: inv.number ?? '', ip: ctx.ip, details: { amountCents: balance, reference: attempt.reference } });
    return { kind: 'new', attempt, inv } as const;
  });
  if (start.kind === 'reuse') return { redirectUrl: start.url };

  const { attempt, inv } = start;
  const fail = (errors: string) => ctx.db.withFirm(ctx.firmId, (tx) => tx.update(paymentAttempts).set({ status: 'failed', errors, settledAt: ctx.now }).where(and(eq(paymentAttempts.firmId, ctx.firmId), eq(paymentAttempts.id, attempt.id))));
  let created;
  try {
    created = await ctx.eway.createAccessCodeShared({
      Payment: { TotalAmount: attempt.amountCents, InvoiceNumber: inv.number ?? '', InvoiceDescription: `Invoice ${inv.number}`, InvoiceReference: attempt.reference, CurrencyCode: 'AUD' },
      Customer: { Reference: inv.clientId.slice(0, 20), Email: ctx.actor.email },
      RedirectUrl: publicApiUrl(ctx.config, '/payments/eway/return'),
      CancelUrl: publicApiUrl(ctx.config, `/payments/eway/cancel?ref=${attempt.reference}`),
      Method: 'ProcessPayment', TransactionType: 'Purchase', CustomerReadOnly: true, HeaderText: `Pay invoice ${inv.number}`, Language: 'EN',
    });
  } catch (err) {
    if (!(err instanceof EwayUnavailableError)) throw err;
    await fail('unavailable');
    throw unavailable();
  }
  if (codesOf(created.Errors).length > 0 || !created.AccessCode || !created.SharedPaymentUrl) {
    await fail(created.Errors ?? 'no access code');
    throw new AppError('UNAVAILABLE', `eWay refused to start the payment (${describeCodes(codesOf(created.Errors))}). Nothing was charged; the firm has been told.`);
  }
  await ctx.db.withFirm(ctx.firmId, (tx) =>
    tx.update(paymentAttempts).set({ accessCode: created.AccessCode, sharedPaymentUrl: created.SharedPaymentUrl }).where(and(eq(paymentAttempts.firmId, ctx.firmId), eq(paymentAttempts.id, attempt.id))),
  );
  return { redirectUrl: created.SharedPaymentUrl };
}

/** What eWay's answer means for us (shared/domain §1.4): every condition must hold for a payment. */
export function judge(r: QueryAccessCodeResponse, attempt: { amountCents: number; reference: string }): { status: AttemptRow['status']; message: string } {
  const errors = codesOf(r.Errors);
  const codes = codesOf(r.ResponseMessage);
  if (errors.length > 0) return { status: 'failed', message: describeCodes(errors) };
  if (codes.includes('S5099') || (r.TransactionStatus !== true && codes.length === 0)) return { status: 'pending', message: 'Waiting for the payment to be completed' };
  const approved = r.TransactionStatus === true && codes.some((c) => /^A2\d{3}$/.test(c));
  if (approved && r.TotalAmount === attempt.amountCents && r.InvoiceReference === attempt.reference) return { status: 'succeeded', message: describeCodes(codes) };
  if (approved) return { status: 'failed', message: `${describeCodes(codes)}: approved for ${formatAud(r.TotalAmount ?? 0)} instead of ${formatAud(attempt.amountCents)} — not recorded; refund it in eWay` };
  return { status: 'declined', message: describeCodes(codes) || 'Declined' };
}

/**
 * Still worth asking eWay about: pending, or cancelled (by the Cancel link, or retired by a newer Pay
 * Now) within the last day — the client may yet pay on that page, and a charge must never be missed.
 */
const unsettled = (a: AttemptRow, now: Date) => a.status === 'pending' || (a.status === 'cancelled' && a.accessCode !== null && now.getTime() - a.createdAt.getTime() < EXPIRE_MS);

/** The Rapid codes of a settled attempt (e.g. D4405), for the portal to put into words. */
const codesOfAttempt = (a: AttemptRow): string[] => [...(a.responseMessage ?? '').matchAll(/\b[ADFSV]\d{4}\b/g)].map((m) => m[0]).concat(codesOf(a.errors)).slice(0, 5);

const outcomeOf = (a: AttemptRow): Outcome['outcome'] =>
  a.status === 'succeeded' ? 'paid' : a.status === 'declined' ? 'declined' : a.status === 'cancelled' ? 'cancelled' : a.status === 'pending' ? 'pending' : 'error';

function clientMessage(a: AttemptRow): string {
  switch (a.status) {
    case 'succeeded':
      return 'Payment received — thank you. A receipt is on its way to your email.';
    case 'declined':
      return `Your card was declined (${a.responseMessage ?? 'declined'}). Nothing was charged. You can try again with another card.`;
    case 'cancelled':
      return 'The payment was cancelled. Nothing was charged.';
    case 'pending':
      return 'We are confirming your payment with the bank. This page will update shortly.';
    default:
      return 'The payment could not be completed. If your card was charged, the firm will contact you; otherwise try again.';
  }
}

/**
 * Settles one attempt by asking eWay (never trusting the browser). Safe to call any number of times
 * at once — from the return, a reload, another tab or the reconciliation job: the attempt row is
 * locked, a settled attempt is never settled again, and the payment's gateway transaction id and
 * attempt id are unique, so a charge is recorded once.
 */
export async function settleAttempt(deps: Deps, firmId: string, where: { accessCode?: string; id?: string }, now: Date, log: FastifyBaseLogger): Promise<Outcome | null> {
  const find = (tx: Tx, lock: boolean) => {
    const q = tx.select().from(paymentAttempts).where(and(eq(paymentAttempts.firmId, firmId), where.id ? eq(paymentAttempts.id, where.id) : eq(paymentAttempts.accessCode, where.accessCode ?? '')));
    return lock ? q.for('update') : q;
  };
  const [before] = await deps.db.withFirm(firmId, (tx) => find(tx, false));
  if (!before) return null;
  if (!unsettled(before, now) || !before.accessCode) return { outcome: outcomeOf(before), message: clientMessage(before), invoiceId: before.invoiceId, firmId, codes: codesOfAttempt(before) };

  let answer: QueryAccessCodeResponse;
  try {
    answer = await deps.eway.queryAccessCode(before.accessCode);
  } catch (err) {
    log.warn({ err, attemptId: before.id }, 'eWay did not answer the result query; the reconciliation job will ask again');
    await deps.db.withFirm(firmId, (tx) => tx.update(paymentAttempts).set({ checks: sql`${paymentAttempts.checks} + 1`, lastCheckedAt: now }).where(and(eq(paymentAttempts.firmId, firmId), eq(paymentAttempts.id, before.id))));
    return { outcome: 'pending', message: clientMessage(before), invoiceId: before.invoiceId, firmId, codes: [] };
  }
  const verdict = judge(answer, before);
  if (verdict.status === 'succeeded') await faultPoint('payment:after-eway-approved'); // crash tests: charged at eWay, not yet recorded
  if (verdict.status === 'failed' && answer.TransactionStatus === true) log.error({ attemptId: before.id, answer: { ...answer, AccessCode: undefined } }, 'eWay approved a payment that does not match what we asked; not recorded');

  const settled = await deps.db.withFirm(firmId, async (tx) => {
    const [a] = await find(tx, true);
    if (!a) return null;
    if (!unsettled(a, now)) return a; // someone else settled it first
    // A cancelled page stays cancelled unless eWay reports a charge on it after all.
    if (a.status === 'cancelled' && verdict.status !== 'succeeded') {
      const [u] = await tx.update(paymentAttempts).set({ checks: sql`${paymentAttempts.checks} + 1`, lastCheckedAt: now }).where(eq(paymentAttempts.id, a.id)).returning();
      return u ?? a;
    }
    if (verdict.status === 'pending') {
      const expired = now.getTime() - a.createdAt.getTime() > EXPIRE_MS;
      const [u] = await tx.update(paymentAttempts).set({ status: expired ? 'expired' : 'pending', checks: sql`${paymentAttempts.checks} + 1`, lastCheckedAt: now, ...(expired ? { settledAt: now } : {}) }).where(eq(paymentAttempts.id, a.id)).returning();
      return u ?? a;
    }
    const [u] = await tx
      .update(paymentAttempts)
      .set({ status: verdict.status, responseCode: answer.ResponseCode, responseMessage: verdict.message, errors: answer.Errors || null, transactionId: answer.TransactionID !== null ? String(answer.TransactionID) : null, settledAt: now, lastCheckedAt: now, checks: sql`${paymentAttempts.checks} + 1` })
      .where(eq(paymentAttempts.id, a.id))
      .returning();
    if (verdict.status === 'succeeded' && u) await recordCardPayment(tx, deps, u, now);
    else await recordAudit(tx, { firmId, actorKind: 'system', actorLabel: 'eWay', action: `payment.${verdict.status}`, targetType: 'invoice', targetId: a.invoiceId, targetLabel: a.reference, details: { result: verdict.message } });
    return u ?? a;
  });
  if (!settled) return null;
  return { outcome: outcomeOf(settled), message: clientMessage(settled), invoiceId: settled.invoiceId, firmId, codes: codesOfAttempt(settled) };
}

async function recordCardPayment(tx: Tx, deps: Deps, a: AttemptRow, now: Date) {
  const firm = await findFirm(tx, a.firmId);
  const inv = await lockInvoice(tx, a.firmId, a.invoiceId);
  if (!firm || !inv) throw new Error('invoice or firm missing for a settled payment');
  const inserted = await tx
    .insert(payments)
    .values({ firmId: a.firmId, invoiceId: a.invoiceId, clientId: a.clientId, method: 'card', amountCents: a.amountCents, receivedOn: todayIn(firm.timeZone, now), reference: a.transactionId, gatewayTransactionId: a.transactionId, attemptId: a.id, recordedByLabel: 'Card payment (eWay)' })
    .onConflictDoNothing()
    .returning();
  if (inserted.length === 0) return; // this transaction is already recorded
  const paid = inv.paidCents + a.amountCents;
  await tx.update(invoices).set({ paidCents: paid, ...(paid + inv.creditedCents >= inv.totalCents ? { paidAt: now } : {}), version: sql`${invoices.version} + 1` }).where(and(eq(invoices.firmId, a.firmId), eq(invoices.id, a.invoiceId)));
  const refund = inv.status !== 'issued' ? paid : Math.max(0, paid + inv.creditedCents - inv.totalCents);
  if (refund > 0) await tellOwnersToRefund(tx, a.firmId, inv, refund);
  await recordAudit(tx, { firmId: a.firmId, actorKind: 'system', actorLabel: 'eWay', action: refund > 0 ? 'payment.overpaid' : 'payment.received', targetType: 'invoice', targetId: a.invoiceId, targetLabel: inv.number ?? '', details: { amountCents: a.amountCents, transactionId: a.transactionId, paidCents: paid, totalCents: inv.totalCents } });
  // The receipt goes to whoever paid (else the client's e-mail); it says what was paid, not card details.
  const [payer] = a.portalUserId ? await tx.select({ email: portalUsers.email, name: portalUsers.name }).from(portalUsers).where(and(eq(portalUsers.firmId, a.firmId), eq(portalUsers.id, a.portalUserId))) : [];
  const [client] = await tx.select({ name: clients.name, email: clients.email }).from(clients).where(and(eq(clients.firmId, a.firmId), eq(clients.id, a.clientId)));
  const to = payer?.email ?? client?.email;
  if (!to) return;
  // A portal user who turned receipts off in their profile gets none (the payment is still on the invoice).
  if (payer && a.portalUserId && !(await emailWanted(tx, { firmId: a.firmId, kind: 'portal', userId: a.portalUserId, event: 'payment_receipt' }))) return;
  const email = renderEmail(emailBranding(deps.config, firm), {
    subject: `Receipt: ${formatAud(a.amountCents)} paid for invoice ${inv.number}`,
    heading: 'Payment received',
    paragraphs: [
      `Hello ${(payer?.name ?? client?.name ?? '').split(' ')[0] ?? ''},`,
      `Thank you. We received your card payment of ${formatAud(a.amountCents)} for invoice ${inv.number} from ${firm.displayName} on ${new Intl.DateTimeFormat('en-AU', { timeZone: firm.timeZone, day: '2-digit', month: '2-digit', year: 'numeric' }).format(now)}.`,
      `eWay transaction ${a.transactionId}. Balance now owing on this invoice: ${formatAud(Math.max(0, inv.totalCents - paid - inv.creditedCents))}.`,
    ],
    button: { label: 'View the invoice', url: `${portalBaseUrl(deps.config, firm.slug)}/invoices/${a.invoiceId}` },
  });
  await enqueueEmail(tx, { firmId: a.firmId, clientId: a.clientId, idempotencyKey: `receipt:${a.id}`, kind: 'payment_receipt', to, ...email, ...(payer && a.portalUserId ? { optional: { userKind: 'portal' as const, userId: a.portalUserId, event: 'payment_receipt', appBaseUrl: deps.config.appBaseUrl } } : {}) });
}

/**
 * A card was charged for more than was owing (or on a void invoice): the money is recorded — it was
 * taken — and every owner and admin is told to refund the difference in eWay.
 */
async function tellOwnersToRefund(tx: Tx, firmId: string, inv: typeof invoices.$inferSelect, refundCents: number) {
  const people = await tx.select({ id: staffUsers.id }).from(staffUsers).where(and(eq(staffUsers.firmId, firmId), eq(staffUsers.status, 'active'), inArray(staffUsers.role, ['owner', 'admin'])));
  const title = `Refund ${formatAud(refundCents)} in eWay: a card payment on ${inv.number}${inv.status === 'void' ? ' (void)' : ''} was more than was owing`;
  for (const p of people) await tx.insert(staffNotifications).values({ firmId, staffUserId: p.id, kind: 'refund_needed', title, link: `/app/invoices/${inv.id}` });
}

/** The firm a returning access code (or our reference) belongs to, before any firm scope exists. */
export async function firmForAttempt(deps: Deps, s: { accessCode?: string; reference?: string }): Promise<string | null> {
  const rows = await deps.db.withoutFirm((tx) =>
    s.accessCode
      ? queryRows<{ firm_id: string | null }>(tx, sql`select ll_firm_for_access_code(${s.accessCode}) as firm_id`)
      : queryRows<{ firm_id: string | null }>(tx, sql`select ll_firm_for_payment_reference(${s.reference ?? ''}) as firm_id`),
  );
  return rows[0]?.firm_id ?? null;
}

/** The client pressed Cancel on eWay's page: the attempt is cancelled unless eWay says it was paid. */
export async function cancelAttempt(deps: Deps, reference: string, now: Date, log: FastifyBaseLogger): Promise<Outcome | null> {
  const firmId = await firmForAttempt(deps, { reference });
  if (!firmId) return null;
  const [a] = await deps.db.withFirm(firmId, (tx) => tx.select().from(paymentAttempts).where(and(eq(paymentAttempts.firmId, firmId), eq(paymentAttempts.reference, reference))));
  if (!a) return null;
  const settled = a.accessCode ? await settleAttempt(deps, firmId, { id: a.id }, now, log) : null;
  if (settled && settled.outcome !== 'pending') return settled;
  await deps.db.withFirm(firmId, (tx) =>
    tx.update(paymentAttempts).set({ status: 'cancelled', settledAt: now }).where(and(eq(paymentAttempts.firmId, firmId), eq(paymentAttempts.id, a.id), eq(paymentAttempts.status, 'pending'))),
  );
  const [after] = await deps.db.withFirm(firmId, (tx) => tx.select().from(paymentAttempts).where(and(eq(paymentAttempts.firmId, firmId), eq(paymentAttempts.id, a.id))));
  return after ? { outcome: outcomeOf(after), message: clientMessage(after), invoiceId: after.invoiceId, firmId, codes: codesOfAttempt(after) } : null;
}

/**
 * eWay has no webhooks: attempts still pending after two minutes (the client closed the tab) are
 * asked about until they settle or expire, so a charged card never leaves an invoice Unpaid.
 */
export async function reconcilePayments(deps: Deps, now: Date, log: FastifyBaseLogger): Promise<number> {
  const before = new Date(now.getTime() - 2 * 60 * 1000);
  const firms = await deps.db.withoutFirm((tx) => queryRows<{ firm_id: string }>(tx, sql`select ll_firms_with_pending_payments(${before.toISOString()}::timestamptz, 100) as firm_id`));
  let settled = 0;
  for (const { firm_id: firmId } of firms) {
    const pending = await deps.db.withFirm(firmId, (tx) =>
      tx.select().from(paymentAttempts).where(and(
        eq(paymentAttempts.firmId, firmId), sql`${paymentAttempts.createdAt} <= ${before.toISOString()}`,
        sql`(${paymentAttempts.status} = 'pending' or (${paymentAttempts.status} = 'cancelled' and ${paymentAttempts.accessCode} is not null
          and ${paymentAttempts.createdAt} > ${new Date(now.getTime() - EXPIRE_MS).toISOString()}
          and (${paymentAttempts.lastCheckedAt} is null or ${paymentAttempts.lastCheckedAt} < ${new Date(now.getTime() - 15 * 60_000).toISOString()})))`,
      )).limit(200),
    );
    for (const a of pending) {
      if (!a.accessCode) {
        // eWay never gave us an access code (we crashed or it failed mid-start): nothing can have been charged.
        if (now.getTime() - a.createdAt.getTime() > 10 * 60 * 1000) {
          await deps.db.withFirm(firmId, (tx) => tx.update(paymentAttempts).set({ status: 'expired', settledAt: now }).where(and(eq(paymentAttempts.firmId, firmId), eq(paymentAttempts.id, a.id), eq(paymentAttempts.status, 'pending'))));
        }
        continue;
      }
      const r = await settleAttempt(deps, firmId, { id: a.id }, now, log);
      if (r && r.outcome !== 'pending') settled++;
    }
  }
  return settled;
}

// ---- Staff ----------------------------------------------------------------------------------

function toPayment(p: typeof payments.$inferSelect, invoiceNumber: string | null, clientName: string): PaymentDto {
  return { id: p.id, invoiceId: p.invoiceId, invoiceNumber, clientName, method: p.method, amountCents: p.amountCents, receivedOn: p.receivedOn, reference: p.reference, recordedBy: p.recordedByLabel, createdAt: p.createdAt.toISOString() };
}

/** A bank transfer (or cash, or other) recorded by staff: never more than the balance. */
export async function recordManualPayment(ctx: StaffCtx, invoiceId: string, body: z.output<typeof recordPaymentBodySchema>): Promise<PaymentDto> {
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    const inv = await lockInvoice(tx, ctx.firmId, invoiceId);
    if (!inv) throw notFound('That invoice');
    if (inv.status !== 'issued') throw new AppError('CONFLICT', inv.status === 'draft' ? 'Issue the invoice before recording a payment.' : 'This invoice is void; it takes no payments.');
    if (inv.kind !== 'invoice') throw new AppError('CONFLICT', 'An adjustment note takes no payments.');
    const balance = inv.totalCents - inv.paidCents - inv.creditedCents;
    if (balance <= 0) throw new AppError('CONFLICT', `Invoice ${inv.number} is already paid.`);
    const firm = await findFirm(tx, ctx.firmId);
    const timeZone = firm?.timeZone ?? 'Australia/Sydney';
    await assertNoCardPaymentInProgress(tx, ctx.firmId, invoiceId, ctx.now, timeZone);
    if (body.receivedOn < (inv.issueDate ?? body.receivedOn)) {
      throw new AppError('VALIDATION', `The date received is before the invoice was issued (${inv.issueDate?.split('-').reverse().join('/')}).`, { errors: [{ path: 'body.receivedOn', message: 'is before the issue date' }] });
    }
    if (body.amountCents > balance) throw new AppError('UNPROCESSABLE', `That is more than the balance of ${formatAud(balance)}.`, { errors: [{ path: 'body.amountCents', message: `must be at most ${formatAud(balance)}` }] });
    if (body.receivedOn > todayIn(timeZone, ctx.now)) throw new AppError('VALIDATION', 'The date received cannot be in the future.', { errors: [{ path: 'body.receivedOn', message: 'is in the future' }] });
    const [p] = await tx
      .insert(payments)
      .values({ firmId: ctx.firmId, invoiceId, clientId: inv.clientId, method: body.method, amountCents: body.amountCents, receivedOn: body.receivedOn, reference: body.reference || null, recordedByStaffId: ctx.actor.userId, recordedByLabel: ctx.actor.name })
      .returning();
    if (!p) throw new Error('payment insert failed');
    const paid = inv.paidCents + body.amountCents;
    await tx.update(invoices).set({ paidCents: paid, ...(paid + inv.creditedCents >= inv.totalCents ? { paidAt: ctx.now } : {}), version: sql`${invoices.version} + 1` }).where(and(eq(invoices.firmId, ctx.firmId), eq(invoices.id, invoiceId)));
    await recordAudit(tx, { firmId: ctx.firmId, actorKind: 'staff', actorId: ctx.actor.userId, actorLabel: actorLabel(ctx.actor), action: 'payment.recorded', targetType: 'invoice', targetId: invoiceId, targetLabel: inv.number ?? '', ip: ctx.ip, details: { amountCents: body.amountCents, method: body.method, receivedOn: body.receivedOn } });
    const [client] = await tx.select({ name: clients.name }).from(clients).where(and(eq(clients.firmId, ctx.firmId), eq(clients.id, inv.clientId)));
    return toPayment(p, inv.number, client?.name ?? '');
  });
}

export async function invoicePayments(ctx: StaffCtx, invoiceId: string) {
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    const [inv] = await tx.select({ number: invoices.number, clientName: clients.name }).from(invoices).innerJoin(clients, eq(clients.id, invoices.clientId)).where(and(eq(invoices.firmId, ctx.firmId), eq(invoices.id, invoiceId)));
    if (!inv) throw notFound('That invoice');
    const ps = await tx.select().from(payments).where(and(eq(payments.firmId, ctx.firmId), eq(payments.invoiceId, invoiceId))).orderBy(desc(payments.createdAt));
    const as = await tx.select().from(paymentAttempts).where(and(eq(paymentAttempts.firmId, ctx.firmId), eq(paymentAttempts.invoiceId, invoiceId))).orderBy(desc(paymentAttempts.createdAt)).limit(100);
    return {
      payments: ps.map((p) => toPayment(p, inv.number, inv.clientName)),
      attempts: as.map((a) => ({ id: a.id, status: a.status, amountCents: a.amountCents, result: a.responseMessage ?? (a.errors === 'unavailable' ? 'eWay did not answer; nothing was charged' : a.errors ? describeCodes(codesOf(a.errors)) || a.errors : null), createdAt: a.createdAt.toISOString(), settledAt: a.settledAt?.toISOString() ?? null })),
    };
  });
}

export async function listPayments(ctx: StaffCtx, q: z.output<typeof paymentListQuerySchema>) {
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    const where = and(eq(payments.firmId, ctx.firmId), ...(q.clientId ? [eq(payments.clientId, q.clientId)] : []));
    const rows = await tx
      .select({ p: payments, number: invoices.number, clientName: clients.name, count: sql<number>`count(*) over ()::int` })
      .from(payments)
      .innerJoin(invoices, eq(invoices.id, payments.invoiceId))
      .innerJoin(clients, eq(clients.id, payments.clientId))
      .where(where)
      .orderBy(desc(payments.createdAt))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize);
    return { items: rows.map((r) => toPayment(r.p, r.number, r.clientName)), total: Number(rows[0]?.count ?? 0), page: q.page, pageSize: q.pageSize };
  });
}
