import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { InvoiceDto } from '../../../contracts/invoices.js';
import { queryRows } from '../../db/client.js';
import { asClient, asStaff, buildTestApp, createClient, createFirmWorld, type Session, type TestApp } from '../../../../test/harness.js';
import { basService, workWorld, type WorkWorld } from '../../../../test/work-fixtures.js';
import { addDays, todayIn } from '../work/periods.js';

let t: TestApp;
let w: WorkWorld;
let client: Session;
let today: string;
beforeAll(async () => {
  t = await buildTestApp();
  w = await workWorld(t, 'a');
  await w.owner$.req('PATCH', '/api/staff/firm', { abn: '51 824 753 556' });
  client = await asClient(t, w.firm.slug, w.person1.email);
  today = todayIn('Australia/Sydney', new Date());
});
afterAll(async () => t.close());

const line = (unitPriceCents: number, over: Record<string, unknown> = {}) => ({ description: 'BAS preparation', quantityMilli: 1000, unitPriceCents, ...over });
async function draft(body: Record<string, unknown> = {}, s: Session = w.owner$): Promise<InvoiceDto> {
  const res = await s.req('POST', '/api/staff/invoices', { clientId: w.client1.id, lines: [line(115), line(115), line(115)], ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as InvoiceDto;
}
const issue = (inv: { id: string; version: number }) => w.owner$.req('POST', `/api/staff/invoices/${inv.id}/issue`, { version: inv.version });

describe('drafting', () => {
  it('prices a draft by the one GST rule: three lines of $1.15 ex GST make $0.35 GST', async () => {
    const inv = await draft();
    expect(inv).toMatchObject({ status: 'draft', number: null, title: 'Tax invoice', subtotalCents: 345, gstCents: 35, totalCents: 380, balanceCents: 0 });
    expect(inv.lines.map((l) => l.amountCents)).toEqual([115, 115, 115]);

    const incl = await draft({ priceMode: 'inclusive', lines: [line(110_000), line(5_500, { gst: 'gst_free', description: 'ASIC fee (disbursement)' })] });
    expect(incl).toMatchObject({ totalCents: 115_500, gstCents: 10_000, subtotalCents: 105_500 });
  });

  it('edits a draft with its version; a stale version is 409; bad lines are 400 naming the field', async () => {
    const inv = await draft();
    const ok = await w.owner$.req('PATCH', `/api/staff/invoices/${inv.id}`, { version: inv.version, lines: [line(18_000, { quantityMilli: 1500 })], notes: 'Thank you' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ subtotalCents: 27_000, gstCents: 2_700, totalCents: 29_700, notes: 'Thank you', version: inv.version + 1 });
    const stale = await w.owner$.req('PATCH', `/api/staff/invoices/${inv.id}`, { version: inv.version, notes: 'late' });
    expect(stale.statusCode).toBe(409);

    for (const bad of [{ lines: [] }, { lines: [line(-1)] }, { lines: [line(1.5)] }, { lines: [line(100, { quantityMilli: 0 })] }, { lines: [line(100, { description: '' })] }, { clientId: 'nope' }]) {
      const res = await w.owner$.req('POST', '/api/staff/invoices', { clientId: w.client1.id, lines: [line(100)], ...bad });
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
    }
    const otherService = await basService(w, { clientId: w.client2.id });
    const wrong = await w.owner$.req('POST', '/api/staff/invoices', { clientId: w.client1.id, lines: [line(100, { serviceId: otherService.id })] });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors).toEqual([{ path: 'body.lines.0.serviceId', message: 'is not a service of this client' }]);
  });
});

describe('issuing', () => {
  it('numbers, dates and freezes an invoice; an issued invoice cannot be edited', async () => {
    const inv = await draft();
    const res = await issue(inv);
    expect(res.statusCode, res.body).toBe(200);
    const issued = res.json() as InvoiceDto;
    expect(issued).toMatchObject({ status: 'unpaid', issueDate: today, dueDate: addDays(today, 14), balanceCents: 380 });
    expect(issued.number).toMatch(/^INV-\d{6}$/);
    const edit = await w.owner$.req('PATCH', `/api/staff/invoices/${inv.id}`, { version: issued.version, notes: 'changed' });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().detail).toMatch(/adjustment note/);
    expect((await issue(issued)).statusCode).toBe(409);
  });

  it('two dozen invoices issued at once get consecutive numbers, none twice, none skipped', async () => {
    const drafts = await Promise.all(Array.from({ length: 24 }, () => draft()));
    const results = await Promise.all(drafts.map((d) => issue(d)));
    expect(results.map((r) => r.statusCode)).toEqual(drafts.map(() => 200));
    const seqs = results.map((r) => Number((r.json() as InvoiceDto).number?.slice(4))).sort((a, b) => a - b);
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBe((seqs[i - 1] ?? 0) + 1);
  });

  it('a failed issue burns no number', async () => {
    const a = await draft();
    const first = Number(((await issue(a)).json() as InvoiceDto).number?.slice(4));
    const past = await draft({ dueDate: addDays(today, -1) });
    const refused = await issue(past);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().detail).toMatch(/due date is before today/);
    const b = await draft();
    expect(Number(((await issue(b)).json() as InvoiceDto).number?.slice(4))).toBe(first + 1);
  });

  it('a firm without an ABN cannot issue a tax invoice', async () => {
    const other = await createFirmWorld(t.db, 'noabn');
    const owner = await asStaff(t, other.owner.email);
    expect((await owner.req('PATCH', '/api/staff/firm', { abn: '' })).statusCode).toBe(200);
    const res = await owner.req('POST', '/api/staff/invoices', { clientId: other.client1.id, lines: [line(1000)] });
    const refused = await owner.req('POST', `/api/staff/invoices/${res.json().id}/issue`, { version: 1 });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().detail).toMatch(/ABN/);
  });

  it('voids an unpaid invoice with a reason; a second void is 409', async () => {
    const inv = (await issue(await draft())).json() as InvoiceDto;
    const res = await w.owner$.req('POST', `/api/staff/invoices/${inv.id}/void`, { version: inv.version, reason: 'Raised in error' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('void');
    expect((await w.owner$.req('POST', `/api/staff/invoices/${inv.id}/void`, { version: res.json().version, reason: 'again' })).statusCode).toBe(409);
  });
});

describe('lists and the portal', () => {
  it('filters by status, shows what is outstanding and overdue, and Overdue follows the due date', async () => {
    const inv = (await issue(await draft())).json() as InvoiceDto;
    await queryRows(t.db.owner, sql`update invoices set due_date = ${addDays(today, -3)} where id = ${inv.id}`);
    const overdue = (await w.owner$.req('GET', '/api/staff/invoices?status=overdue')).json() as { items: InvoiceDto[]; overdueCents: number; outstandingCents: number };
    expect(overdue.items.map((i) => i.id)).toContain(inv.id);
    expect(overdue.items.every((i) => i.status === 'overdue')).toBe(true);
    expect(overdue.overdueCents).toBeGreaterThanOrEqual(380);
    expect(overdue.outstandingCents).toBeGreaterThanOrEqual(overdue.overdueCents);
    const drafts = (await w.owner$.req('GET', `/api/staff/invoices?status=draft&clientId=${w.client1.id}`)).json() as { items: InvoiceDto[] };
    expect(drafts.items.every((i) => i.status === 'draft' && i.number === null)).toBe(true);
    expect((await w.owner$.req('GET', '/api/staff/invoices?status=nonsense')).statusCode).toBe(400);
  });

  it('the client sees its issued invoices only — no drafts, no voids, no other client’s', async () => {
    const mine = (await issue(await draft())).json() as InvoiceDto;
    const hidden = await draft();
    const theirs = (await issue(await draft({ clientId: w.client2.id }))).json() as InvoiceDto;
    const list = (await client.req('GET', `/api/portal/${w.firm.slug}/invoices`)).json() as { items: InvoiceDto[] };
    const ids = list.items.map((i) => i.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(hidden.id);
    expect(ids).not.toContain(theirs.id);
    expect(list.items.every((i) => ['unpaid', 'paid', 'overdue'].includes(i.status))).toBe(true);
    const one = await client.req('GET', `/api/portal/${w.firm.slug}/invoices/${mine.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ number: mine.number, totalCents: 380, lines: [{ description: 'BAS preparation' }, {}, {}] });
    expect((await client.req('GET', `/api/portal/${w.firm.slug}/invoices/${hidden.id}`)).statusCode).toBe(404);
    expect((await client.req('GET', `/api/portal/${w.firm.slug}/invoices/${theirs.id}`)).statusCode).toBe(404);
  });
});

describe('invoice e-mails', () => {
  it('issuing e-mails the client’s portal users the amount, due date and a link — once', async () => {
    const inv = (await issue(await draft())).json() as InvoiceDto;
    await t.flushMail();
    const mail = await t.mailCatcher?.waitFor((m) => m.to.includes(w.person1.email) && m.subject.startsWith(`Invoice ${inv.number}`));
    expect(mail?.subject).toMatch(/: \$3\.80 due \d{2}\/\d{2}\/\d{4}$/);
    expect(mail?.text).toContain(`/invoices/${inv.id}`);
  });

  it('reminders follow the firm’s schedule, never twice for one event, and stop once paid', async () => {
    const { sendInvoiceReminders } = await import('./invoice-emails.js');
    const count = async (id: string) => (await queryRows<{ n: number }>(t.db.owner, sql`select count(*)::int as n from outbox_emails where kind = 'invoice_reminder' and idempotency_key like ${`invoice-reminder:${id}:%`}`))[0]?.n;
    const soon = (await issue(await draft())).json() as InvoiceDto;
    await queryRows(t.db.owner, sql`update invoices set due_date = ${addDays(today, 3)}, issue_date = ${addDays(today, -10)} where id = ${soon.id}`);
    const late = (await issue(await draft())).json() as InvoiceDto;
    await queryRows(t.db.owner, sql`update invoices set due_date = ${addDays(today, -1)}, issue_date = ${addDays(today, -20)} where id = ${late.id}`);
    const paid = (await issue(await draft())).json() as InvoiceDto;
    await queryRows(t.db.owner, sql`update invoices set due_date = ${addDays(today, 3)}, issue_date = ${addDays(today, -10)}, paid_cents = total_cents where id = ${paid.id}`);

    await Promise.all([sendInvoiceReminders(t.deps, new Date()), sendInvoiceReminders(t.deps, new Date())]);
    await sendInvoiceReminders(t.deps, new Date());
    expect(await count(soon.id)).toBe(1);
    expect(await count(late.id)).toBe(1);
    expect(await count(paid.id)).toBe(0);
    await t.flushMail();
    const overdue = await t.mailCatcher?.waitFor((m) => m.subject === `Overdue: invoice ${late.number} was due on ${addDays(today, -1).split('-').reverse().join('/')}`);
    expect(overdue?.text).toContain('$3.80 is now overdue');
  });
});

describe('adjustment notes', () => {
  it('credits part of an issued invoice: numbered from the same sequence, the invoice unchanged, the balance reduced', async () => {
    const inv = (await issue(await draft({ lines: [line(100_000)] }))).json() as InvoiceDto;
    const res = await w.owner$.req('POST', `/api/staff/invoices/${inv.id}/adjustments`, { reason: 'Discount agreed for early lodgement', lines: [line(10_000, { description: 'Discount' })] });
    expect(res.statusCode, res.body).toBe(201);
    const note = res.json() as InvoiceDto;
    expect(note).toMatchObject({ kind: 'adjustment_note', title: 'Adjustment note', status: 'issued', subtotalCents: 10_000, gstCents: 1_000, totalCents: 11_000, balanceCents: 0, adjusts: { id: inv.id, number: inv.number, reason: 'Discount agreed for early lodgement' } });
    expect(note.number).toMatch(/^ADJ-\d{6}$/);
    expect(Number(note.number?.slice(4))).toBe(Number(inv.number?.slice(4)) + 1);

    const after = (await w.owner$.req('GET', `/api/staff/invoices/${inv.id}`)).json() as InvoiceDto;
    expect(after).toMatchObject({ totalCents: 110_000, creditedCents: 11_000, balanceCents: 99_000, status: 'unpaid', lines: [{ unitPriceCents: 100_000 }] });
    const portal = (await client.req('GET', `/api/portal/${w.firm.slug}/invoices`)).json() as { items: InvoiceDto[] };
    expect(portal.items.map((i) => i.id)).toEqual(expect.arrayContaining([inv.id, note.id]));
    expect((await client.req('POST', `/api/portal/${w.firm.slug}/invoices/${note.id}/pay`)).statusCode).toBe(404);
    expect((await w.owner$.req('POST', `/api/staff/invoices/${inv.id}/void`, { version: after.version, reason: 'x' })).statusCode).toBe(409);
    expect(after.adjustments).toEqual([{ id: note.id, number: note.number, issueDate: today, totalCents: 11_000, reason: 'Discount agreed for early lodgement' }]);
    const [mail] = await queryRows<{ subject: string; text_body: string }>(t.db.owner, sql`select subject, text_body from outbox_emails where idempotency_key = ${`adjustment-issued:${note.id}:${w.person1.id}`}`);
    expect(mail?.subject).toBe(`Adjustment note ${note.number} from ${w.firm.displayName}: $110.00 off invoice ${inv.number}`);
    expect(mail?.text_body).toContain(`reduces invoice ${inv.number} by $110.00`);
  });

  it('cannot credit more than is still owed, a draft, or an adjustment note', async () => {
    const inv = (await issue(await draft({ lines: [line(1_000)] }))).json() as InvoiceDto;
    const tooMuch = await w.owner$.req('POST', `/api/staff/invoices/${inv.id}/adjustments`, { reason: 'Too much', lines: [line(1_001)] });
    expect(tooMuch.statusCode).toBe(422);
    expect(tooMuch.json().detail).toMatch(/at most the \$11\.00 still owing/);
    const d = await draft();
    expect((await w.owner$.req('POST', `/api/staff/invoices/${d.id}/adjustments`, { reason: 'x', lines: [line(1)] })).statusCode).toBe(409);
    const full = (await w.owner$.req('POST', `/api/staff/invoices/${inv.id}/adjustments`, { reason: 'Written off', lines: [line(1_000)] })).json() as InvoiceDto;
    expect((await w.owner$.req('GET', `/api/staff/invoices/${inv.id}`)).json()).toMatchObject({ status: 'credited', balanceCents: 0 });
    expect((await w.owner$.req('POST', `/api/staff/invoices/${full.id}/adjustments`, { reason: 'x', lines: [line(1)] })).statusCode).toBe(409);
    expect((await w.owner$.req('POST', `/api/staff/invoices/${inv.id}/adjustments`, { reason: '', lines: [line(1)] })).statusCode).toBe(400);
  });
});

describe('resend', () => {
  it('e-mails an issued invoice again (a double click sends one); a draft is 409, another firm 404, no portal user 422', async () => {
    const inv = (await issue(await draft({ lines: [line(20_000)] }))).json() as InvoiceDto;
    const count = async () => (await queryRows<{ n: number }>(t.db.owner, sql`select count(*)::int as n from outbox_emails where idempotency_key like ${`invoice-issued:${inv.id}:%`}`))[0]?.n;
    const before = await count();
    const [a, b] = await Promise.all([1, 2].map(() => w.owner$.req('POST', `/api/staff/invoices/${inv.id}/resend`)));
    expect(a?.statusCode, a?.body).toBe(200);
    expect(b?.statusCode, b?.body).toBe(200);
    const { sentTo } = (a?.json() ?? { sentTo: [] }) as { sentTo: string[] };
    expect(sentTo).toContain(w.person1.email);
    expect(((await count()) ?? 0) - (before ?? 0)).toBe(sentTo.length);
    expect((await w.owner$.req('POST', `/api/staff/invoices/${(await draft()).id}/resend`)).statusCode).toBe(409);
    const other = await workWorld(t, 'resend-b');
    expect((await other.owner$.req('POST', `/api/staff/invoices/${inv.id}/resend`)).statusCode).toBe(404);
    expect((await client.req('POST', `/api/staff/invoices/${inv.id}/resend`)).statusCode).toBe(401);
    const nobody = await createClient(t.db, w.firm.id, { name: 'No Portal Pty Ltd' });
    const lonely = (await w.owner$.req('POST', '/api/staff/invoices', { clientId: nobody.id, lines: [line(5_000)] })).json() as InvoiceDto;
    const issued = (await issue(lonely)).json() as InvoiceDto;
    const res = await w.owner$.req('POST', `/api/staff/invoices/${issued.id}/resend`);
    expect(res.statusCode).toBe(422);
    expect(res.json().detail).toMatch(/No Portal Pty Ltd has no active portal user/);
  });
});

describe('invoice settings', () => {
  it('the firm sets GST registration, terms and its reminder schedule; bad values are 400', async () => {
    const res = await w.owner$.req('PATCH', '/api/staff/firm', { invoiceTermsDays: 30, invoiceReminderDays: [7, -2, 7, 1] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ invoiceTermsDays: 30, invoiceReminderDays: [-2, 1, 7], gstRegistered: true });
    const inv = (await issue(await draft())).json() as InvoiceDto;
    expect(inv.dueDate).toBe(addDays(today, 30));
    for (const bad of [{ invoiceTermsDays: -1 }, { invoiceReminderDays: [1, 2, 3, 4, 5, 6, 7] }, { invoiceReminderDays: [1.5] }, { gstRegistered: 'yes' }]) {
      expect((await w.owner$.req('PATCH', '/api/staff/firm', bad)).statusCode, JSON.stringify(bad)).toBe(400);
    }
    const notRegistered = await w.owner$.req('PATCH', '/api/staff/firm', { gstRegistered: false });
    expect(notRegistered.statusCode).toBe(200);
    const plain = await draft({ lines: [line(10_000)] });
    expect(plain).toMatchObject({ title: 'Invoice', gstCents: 0, totalCents: 10_000 });
    await w.owner$.req('PATCH', '/api/staff/firm', { gstRegistered: true, invoiceTermsDays: 14, invoiceReminderDays: [-3, 1, 7, 14] });
  });
});
