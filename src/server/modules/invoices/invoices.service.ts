import type { z } from 'zod';
import type { createAdjustmentBodySchema, createInvoiceBodySchema, invoiceLineInputSchema, invoiceListQuerySchema, InvoiceDto, InvoiceSummary, updateInvoiceBodySchema, voidInvoiceBodySchema } from '../../../contracts/invoices.js';
import { formatAud, invoiceTotals } from '../../../contracts/gst.js';
import type { Tx } from '../../db/client.js';
import { AppError, notFound } from '../../platform/errors.js';
import { actorLabel, type ClientCtx, type StaffCtx } from '../../platform/tenancy/context.js';
import { recordAudit } from '../audit/index.js';
import { findFirm, findLogo } from '../firms/index.js';
import { addDays, todayIn } from '../work/periods.js';
import { renderInvoicePdf, type InvoicePdfInput } from './invoice-pdf.js';
import { emailInvoiceIssued } from './invoice-emails.js';
import { displayStatus, invoiceNumber, invoiceTitle } from './invoice-status.js';
import * as repo from './invoices.repository.js';
import { assertNoCardPaymentInProgress } from './payments.service.js';

type LineInput = z.output<typeof invoiceLineInputSchema>;

async function firmOf(tx: Tx, firmId: string) {
  const firm = await findFirm(tx, firmId);
  if (!firm) throw notFound('Your firm');
  return firm;
}

const audit = (tx: Tx, ctx: StaffCtx, action: string, inv: repo.InvoiceRow, details: Record<string, unknown> = {}) =>
  recordAudit(tx, { firmId: ctx.firmId, actorKind: 'staff', actorId: ctx.actor.userId, actorLabel: actorLabel(ctx.actor), action, targetType: 'invoice', targetId: inv.id, targetLabel: inv.number ?? 'draft invoice', ip: ctx.ip, details: { clientId: inv.clientId, ...details } });

function summary(row: { invoice: repo.InvoiceRow; clientName: string }, today: string, audience: 'staff' | 'client'): InvoiceSummary {
  const i = row.invoice;
  return {
    id: i.id, kind: i.kind, number: i.number, title: invoiceTitle(i.kind, i.gstRegistered), status: displayStatus(i, today, audience),
    client: { id: i.clientId, name: i.snapshot?.client.name ?? row.clientName }, priceMode: i.priceMode, gstRegistered: i.gstRegistered,
    issueDate: i.issueDate, dueDate: i.dueDate, subtotalCents: i.subtotalCents, gstCents: i.gstCents, totalCents: i.totalCents, paidCents: i.paidCents, creditedCents: i.creditedCents,
    balanceCents: i.status === 'issued' && i.kind === 'invoice' ? Math.max(0, i.totalCents - i.paidCents - i.creditedCents) : 0, version: i.version, createdAt: i.createdAt.toISOString(), issuedAt: i.issuedAt?.toISOString() ?? null,
  };
}

type AdjustmentRef = InvoiceDto['adjustments'][number];

function detail(row: { invoice: repo.InvoiceRow; clientName: string }, lines: repo.LineRow[], today: string, audience: 'staff' | 'client', original: { id: string; number: string | null } | null, adjustments: AdjustmentRef[]): InvoiceDto {
  return {
    adjusts: original ? { id: original.id, number: original.number, reason: row.invoice.reason ?? '' } : null,
    adjustments,
    ...summary(row, today, audience), notes: row.invoice.notes,
    supplier: row.invoice.snapshot ? { legalName: row.invoice.snapshot.firm.legalName, tradingName: row.invoice.snapshot.firm.tradingName, abn: row.invoice.snapshot.firm.abn } : null,
    recipient: row.invoice.snapshot ? { name: row.invoice.snapshot.client.name, abn: row.invoice.snapshot.client.abn } : null,
    lines: lines.map((l) => ({ id: l.id, description: l.description, serviceId: l.serviceId, serviceName: l.serviceName, quantityMilli: l.quantityMilli, unitPriceCents: l.unitPriceCents, gst: l.gst, amountCents: l.amountCents })),
  };
}

/** Checks the lines' services belong to the client, then computes the totals by the one GST rule. */
async function priced(tx: Tx, ctx: StaffCtx, clientId: string, lines: LineInput[], mode: 'exclusive' | 'inclusive', gstRegistered: boolean) {
  const serviceIds = [...new Set(lines.map((l) => l.serviceId).filter((id): id is string => Boolean(id)))];
  const known = await repo.servicesOfClient(tx, { firmId: ctx.firmId, clientId, ids: serviceIds });
  const errors = lines.flatMap((l, i) => (l.serviceId && !known.has(l.serviceId) ? [{ path: `body.lines.${i}.serviceId`, message: 'is not a service of this client' }] : []));
  if (errors.length > 0) throw new AppError('VALIDATION', 'A line links to a service this client does not have.', { errors });
  const totals = invoiceTotals(lines.map((l) => ({ quantityMilli: l.quantityMilli, unitPriceCents: l.unitPriceCents, gst: l.gst })), mode, gstRegistered);
  return {
    totals,
    rows: lines.map((l, i) => ({ position: i, description: l.description, serviceId: l.serviceId ?? null, quantityMilli: l.quantityMilli, unitPriceCents: l.unitPriceCents, gst: l.gst, amountCents: totals.lines[i]?.amountCents ?? 0 })),
  };
}

async function load(tx: Tx, ctx: StaffCtx | ClientCtx, id: string, audience: 'staff' | 'client'): Promise<InvoiceDto> {
  const firm = await firmOf(tx, ctx.firmId);
  const row = await repo.findInvoice(tx, { firmId: ctx.firmId, id, ...(audience === 'client' && ctx.actor.kind === 'client' ? { clientId: ctx.actor.clientId } : {}) });
  if (!row || (audience === 'client' && row.invoice.status !== 'issued')) throw notFound('That invoice');
  const original = row.invoice.originalInvoiceId ? await repo.findInvoice(tx, { firmId: ctx.firmId, id: row.invoice.originalInvoiceId }) : undefined;
  const adjustments = row.invoice.kind === 'invoice' && row.invoice.creditedCents > 0
    ? (await repo.listAdjustments(tx, { firmId: ctx.firmId, invoiceId: id })).map((a) => ({ ...a, reason: a.reason ?? '' }))
    : [];
  return detail(row, await repo.listLines(tx, { firmId: ctx.firmId, invoiceId: id }), todayIn(firm.timeZone, ctx.now), audience, original ? { id: original.invoice.id, number: original.invoice.number } : null, adjustments);
}

export async function createInvoice(ctx: StaffCtx, body: z.output<typeof createInvoiceBodySchema>): Promise<InvoiceDto> {
  return ctx.db.withFirm(ctx.firmId, (tx) => createInvoiceIn(tx, ctx, body));
}

/** createInvoice inside the caller's transaction (a proposal's acceptance). */
export async function createInvoiceIn(tx: Tx, ctx: StaffCtx, body: z.output<typeof createInvoiceBodySchema>): Promise<InvoiceDto> {
  {
    const firm = await firmOf(tx, ctx.firmId);
    if (!(await repo.findClient(tx, { firmId: ctx.firmId, clientId: body.clientId }))) throw new AppError('VALIDATION', 'That client was not found.', { errors: [{ path: 'body.clientId', message: 'was not found' }] });
    const { totals, rows } = await priced(tx, ctx, body.clientId, body.lines, body.priceMode, firm.gstRegistered);
    const inv = await repo.insertInvoice(tx, {
      firmId: ctx.firmId, clientId: body.clientId, priceMode: body.priceMode, gstRegistered: firm.gstRegistered, dueDate: body.dueDate ?? null, notes: body.notes,
      subtotalCents: totals.subtotalCents, gstCents: totals.gstCents, totalCents: totals.totalCents, createdById: ctx.actor.userId,
    });
    await repo.replaceLines(tx, { firmId: ctx.firmId, invoiceId: inv.id, lines: rows });
    await audit(tx, ctx, 'invoice.drafted', inv, { totalCents: inv.totalCents });
    return load(tx, ctx, inv.id, 'staff');
  }
}

function assertDraft(inv: repo.InvoiceRow, version: number) {
  if (inv.kind === 'adjustment_note') throw new AppError('CONFLICT', `Adjustment note ${inv.number} is issued and cannot be changed; it is part of the invoice’s record.`);
  if (inv.status === 'void') throw new AppError('CONFLICT', 'This invoice is void, so it cannot be changed or issued. Start a new draft instead.');
  if (inv.status !== 'draft') throw new AppError('CONFLICT', `Invoice ${inv.number} is issued, so it cannot be changed. Issue an adjustment note to correct it.`);
  if (inv.version !== version) throw new AppError('STALE_VERSION', 'Someone else changed this invoice after you opened it. Reload to see their changes, then try again.');
}

export async function updateDraft(ctx: StaffCtx, id: string, body: z.output<typeof updateInvoiceBodySchema>): Promise<InvoiceDto> {
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    const row = await repo.findInvoice(tx, { firmId: ctx.firmId, id, forUpdate: true });
    if (!row) throw notFound('That invoice');
    assertDraft(row.invoice, body.version);
    if (Object.keys(body).every((k) => k === 'version')) return load(tx, ctx, id, 'staff'); // nothing to change
    const firm = await firmOf(tx, ctx.firmId);
    const mode = body.priceMode ?? row.invoice.priceMode;
    const lines: LineInput[] = body.lines ?? (await repo.listLines(tx, { firmId: ctx.firmId, invoiceId: id })).map((l) => ({ description: l.description, serviceId: l.serviceId, quantityMilli: l.quantityMilli, unitPriceCents: l.unitPriceCents, gst: l.gst }));
    const { totals, rows } = await priced(tx, ctx, row.invoice.clientId, lines, mode, firm.gstRegistered);
    const updated = await repo.updateInvoice(tx, {
      firmId: ctx.firmId, id,
      set: { priceMode: mode, gstRegistered: firm.gstRegistered, ...(body.dueDate !== undefined ? { dueDate: body.dueDate } : {}), ...(body.notes !== undefined ? { notes: body.notes } : {}), subtotalCents: totals.subtotalCents, gstCents: totals.gstCents, totalCents: totals.totalCents },
    });
    if (body.lines) await repo.replaceLines(tx, { firmId: ctx.firmId, invoiceId: id, lines: rows });
    if (updated) await audit(tx, ctx, 'invoice.draft_updated', updated, { fields: Object.keys(body).filter((k) => k !== 'version') });
    return load(tx, ctx, id, 'staff');
  });
}

/**
 * Issues a draft: takes the firm's next number (gapless under concurrency), dates it today in the
 * firm's time zone, sets the due date from the firm's terms if none was given, and freezes who it is
 * from and to. From here the invoice never changes except by payments or voiding.
 */
export async function issueInvoice(ctx: StaffCtx, id: string, version: number): Promise<InvoiceDto> {
  return ctx.db.withFirm(ctx.firmId, (tx) => issueInvoiceIn(tx, ctx, id, version));
}

/** issueInvoice inside the caller's transaction (a proposal's acceptance). */
export async function issueInvoiceIn(tx: Tx, ctx: StaffCtx, id: string, version: number): Promise<InvoiceDto> {
  {
    const row = await repo.findInvoice(tx, { firmId: ctx.firmId, id, forUpdate: true });
    if (!row) throw notFound('That invoice');
    assertDraft(row.invoice, version);
    const firm = await firmOf(tx, ctx.firmId);
    const client = await repo.findClient(tx, { firmId: ctx.firmId, clientId: row.invoice.clientId });
    if (!client) throw notFound('That client');
    if (firm.gstRegistered && !firm.abn) throw new AppError('UNPROCESSABLE', 'A tax invoice must show your firm’s ABN. Add it under Settings, then issue the invoice.');
    if (row.invoice.totalCents <= 0) throw new AppError('UNPROCESSABLE', 'This invoice comes to $0.00. Add a line with an amount before issuing it.');
    const today = todayIn(firm.timeZone, ctx.now);
    const dueDate = row.invoice.dueDate ?? addDays(today, firm.invoiceTermsDays);
    if (dueDate < today) throw new AppError('VALIDATION', 'The due date is before today. Choose today or a later date.', { errors: [{ path: 'body.dueDate', message: 'is in the past' }] });
    if (dueDate > addDays(today, 366)) throw new AppError('VALIDATION', 'The due date is more than a year away. Check the year, or choose a date within the next 12 months.', { errors: [{ path: 'body.dueDate', message: 'is more than a year away' }] });
    const sequence = await repo.takeNextSequence(tx, ctx.firmId);
    const issued = await repo.updateInvoice(tx, {
      firmId: ctx.firmId, id,
      set: {
        status: 'issued', sequence, number: invoiceNumber(row.invoice.kind, sequence), issueDate: today, dueDate, issuedAt: ctx.now, gstRegistered: firm.gstRegistered,
        snapshot: {
          firm: { legalName: firm.legalName, tradingName: firm.tradingName, abn: firm.abn, supportEmail: firm.supportEmail, supportPhone: firm.supportPhone },
          client: { name: client.name, abn: client.abn, email: client.email },
        },
      },
    });
    if (!issued) throw notFound('That invoice');
    await audit(tx, ctx, 'invoice.issued', issued, { number: issued.number, totalCents: issued.totalCents, dueDate });
    await emailInvoiceIssued(tx, ctx, firm, issued);
    return load(tx, ctx, id, 'staff');
  }
}

export async function voidInvoice(ctx: StaffCtx, id: string, body: z.output<typeof voidInvoiceBodySchema>): Promise<InvoiceDto> {
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    const row = await repo.findInvoice(tx, { firmId: ctx.firmId, id, forUpdate: true });
    if (!row) throw notFound('That invoice');
    const inv = row.invoice;
    if (inv.version !== body.version) throw new AppError('STALE_VERSION', 'Someone else changed this invoice after you opened it. Reload to see their changes, then try again.');
    if (inv.status === 'void') throw new AppError('CONFLICT', 'This invoice is already void.');
    if (inv.kind !== 'invoice') throw new AppError('CONFLICT', 'An adjustment note cannot be voided; it is part of the invoice’s record.');
    if (inv.paidCents > 0) throw new AppError('CONFLICT', `Invoice ${inv.number} has payments, so it cannot be voided. Issue an adjustment note instead.`);
    if (inv.creditedCents > 0) throw new AppError('CONFLICT', `Invoice ${inv.number} has adjustment notes, so it cannot be voided.`);
    if (inv.status === 'issued') await assertNoCardPaymentInProgress(tx, ctx.firmId, id, ctx.now, (await firmOf(tx, ctx.firmId)).timeZone);
    const voided = await repo.updateInvoice(tx, { firmId: ctx.firmId, id, set: { status: 'void', voidedAt: ctx.now, reason: body.reason } });
    if (voided) await audit(tx, ctx, 'invoice.voided', voided, { reason: body.reason, wasDraft: inv.status === 'draft' });
    return load(tx, ctx, id, 'staff');
  });
}

/**
 * Sends the invoice (or adjustment note) e-mail again to the client's portal users — e.g. after
 * they lost it or a new portal user was invited. Presses within the same minute send one e-mail.
 */
export async function resendInvoice(ctx: StaffCtx, id: string): Promise<{ sentTo: string[] }> {
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    const row = await repo.findInvoice(tx, { firmId: ctx.firmId, id });
    if (!row) throw notFound('That invoice');
    const inv = row.invoice;
    if (inv.status !== 'issued') throw new AppError('CONFLICT', inv.status === 'draft' ? 'This invoice is still a draft. Issue it, and it is e-mailed to the client.' : 'This invoice is void, so it cannot be sent.');
    const firm = await firmOf(tx, ctx.firmId);
    const original = inv.originalInvoiceId ? await repo.findInvoice(tx, { firmId: ctx.firmId, id: inv.originalInvoiceId }) : undefined;
    const sentTo = await emailInvoiceIssued(tx, ctx, firm, inv, { originalNumber: original?.invoice.number ?? null, resendKey: ctx.now.toISOString().slice(0, 16) });
    if (sentTo.length === 0) {
      throw new AppError('UNPROCESSABLE', `${row.clientName} has no active portal user who receives invoice e-mails. Invite one from the client’s Portal users, or send the PDF yourself.`);
    }
    await audit(tx, ctx, 'invoice.resent', inv, { to: sentTo });
    return { sentTo };
  });
}

export async function getInvoice(ctx: StaffCtx, id: string): Promise<InvoiceDto> {
  return ctx.db.withFirm(ctx.firmId, (tx) => load(tx, ctx, id, 'staff'));
}

/**
 * The invoice's PDF and file name. Who may have it is load()'s rule: a client only its own issued
 * invoices, staff any of the firm's (a draft, not yet frozen, prints with today's details as DRAFT).
 */
export async function invoicePdf(ctx: StaffCtx | ClientCtx, id: string): Promise<{ fileName: string; pdf: Buffer }> {
  const input = await ctx.db.withFirm(ctx.firmId, async (tx): Promise<InvoicePdfInput> => {
    const dto = await load(tx, ctx, id, ctx.actor.kind);
    const row = await repo.findInvoice(tx, { firmId: ctx.firmId, id });
    if (!row) throw notFound('That invoice');
    const inv = row.invoice;
    const firm = await firmOf(tx, ctx.firmId);
    const logo = await findLogo(tx, firm.slug);
    const client = inv.snapshot ? undefined : await repo.findClient(tx, { firmId: ctx.firmId, clientId: inv.clientId });
    const original = inv.originalInvoiceId ? await repo.findInvoice(tx, { firmId: ctx.firmId, id: inv.originalInvoiceId }) : undefined;
    return {
      ...dto, status: inv.status,
      parties: inv.snapshot ?? {
        firm: { legalName: firm.legalName, tradingName: firm.tradingName, abn: firm.abn, supportEmail: firm.supportEmail, supportPhone: firm.supportPhone },
        client: { name: client?.name ?? row.clientName, abn: client?.abn ?? null, email: client?.email ?? null },
      },
      adjustment: inv.kind === 'adjustment_note' ? { originalNumber: original?.invoice.number ?? null, reason: inv.reason } : null,
      branding: { colour: firm.primaryColour, logo: logo?.logo ?? null, logoContentType: logo?.logoContentType ?? null },
    };
  });
  return { fileName: `${input.number ?? 'draft-invoice'}.pdf`, pdf: await renderInvoicePdf(input) };
}

export async function listInvoices(ctx: StaffCtx, q: z.output<typeof invoiceListQuerySchema>) {
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    const firm = await firmOf(tx, ctx.firmId);
    const today = todayIn(firm.timeZone, ctx.now);
    const { rows, total } = await repo.listInvoices(tx, { firmId: ctx.firmId, today, clientId: q.clientId, status: q.status, from: q.from, to: q.to, page: q.page, pageSize: q.pageSize });
    return { items: rows.map((r) => summary(r, today, 'staff')), total, page: q.page, pageSize: q.pageSize, ...(await repo.outstandingTotals(tx, { firmId: ctx.firmId, today })) };
  });
}

/** The client's invoices: issued ones only (never drafts or voided ones), newest first. */
export async function portalInvoices(ctx: ClientCtx) {
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    const firm = await firmOf(tx, ctx.firmId);
    const today = todayIn(firm.timeZone, ctx.now);
    const { rows } = await repo.listInvoices(tx, { firmId: ctx.firmId, today, clientId: ctx.actor.clientId, clientView: true, page: 1, pageSize: 100 });
    return { items: rows.map((r) => summary(r, today, 'client')) };
  });
}

export async function portalInvoice(ctx: ClientCtx, id: string): Promise<InvoiceDto> {
  return ctx.db.withFirm(ctx.firmId, (tx) => load(tx, ctx, id, 'client'));
}

/**
 * An adjustment note (the GST form of a credit note, shared/domain §2.3) against an issued invoice:
 * numbered from the same sequence (ADJ-…), priced with the invoice's GST treatment, at most what is
 * still owed, and it reduces that balance. The invoice itself never changes. Refunds of amounts
 * already paid are not handled here.
 */
export async function createAdjustment(ctx: StaffCtx, invoiceId: string, body: z.output<typeof createAdjustmentBodySchema>): Promise<InvoiceDto> {
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    const row = await repo.findInvoice(tx, { firmId: ctx.firmId, id: invoiceId, forUpdate: true });
    if (!row) throw notFound('That invoice');
    const inv = row.invoice;
    if (inv.kind !== 'invoice' || inv.status !== 'issued') throw new AppError('CONFLICT', inv.status === 'draft' ? 'A draft can simply be edited; adjustment notes are for issued invoices.' : 'Only an issued invoice can be adjusted.');
    const firm = await firmOf(tx, ctx.firmId);
    await assertNoCardPaymentInProgress(tx, ctx.firmId, inv.id, ctx.now, firm.timeZone);
    const { totals, rows } = await priced(tx, ctx, inv.clientId, body.lines, inv.priceMode, inv.gstRegistered);
    const owing = inv.totalCents - inv.paidCents - inv.creditedCents;
    if (totals.totalCents <= 0) throw new AppError('UNPROCESSABLE', 'This adjustment note comes to $0.00. Add a line with an amount.');
    if (totals.totalCents > owing) {
      throw new AppError('UNPROCESSABLE', `An adjustment note can reduce at most the ${formatAud(owing)} still owing on ${inv.number}; refunds of amounts already paid are not handled here.`, { errors: [{ path: 'body.lines', message: `come to more than ${formatAud(owing)}` }] });
    }
    const today = todayIn(firm.timeZone, ctx.now);
    const sequence = await repo.takeNextSequence(tx, ctx.firmId);
    const note = await repo.insertInvoice(tx, {
      firmId: ctx.firmId, clientId: inv.clientId, kind: 'adjustment_note', sequence, number: invoiceNumber('adjustment_note', sequence), status: 'issued',
      priceMode: inv.priceMode, gstRegistered: inv.gstRegistered, issueDate: today, dueDate: null, notes: '', originalInvoiceId: inv.id, reason: body.reason,
      subtotalCents: totals.subtotalCents, gstCents: totals.gstCents, totalCents: totals.totalCents, snapshot: inv.snapshot, createdById: ctx.actor.userId, issuedAt: ctx.now,
    });
    await repo.replaceLines(tx, { firmId: ctx.firmId, invoiceId: note.id, lines: rows });
    await repo.updateInvoice(tx, { firmId: ctx.firmId, id: inv.id, set: { creditedCents: inv.creditedCents + totals.totalCents } });
    await audit(tx, ctx, 'invoice.adjusted', inv, { adjustmentNote: note.number, totalCents: totals.totalCents, gstCents: totals.gstCents, reason: body.reason });
    await emailInvoiceIssued(tx, ctx, firm, note, { originalNumber: inv.number });
    return load(tx, ctx, note.id, 'staff');
  });
}
