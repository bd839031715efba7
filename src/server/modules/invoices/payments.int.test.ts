import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { InvoiceDto } from '../../../contracts/invoices.js';
import { queryRows } from '../../db/client.js';
import { startEwayEmulator } from '../../platform/payments/eway-emulator.js';
import { asClient, buildTestApp, type Session, type TestApp } from '../../../../test/harness.js';
import { workWorld, type WorkWorld } from '../../../../test/work-fixtures.js';
import { todayIn } from '../work/periods.js';
import { reconcilePayments } from './payments.service.js';

const KEY = 'test-key';
const PASSWORD = 'test-password';
let emu: Awaited<ReturnType<typeof startEwayEmulator>>;
let t: TestApp;
let w: WorkWorld;
let client: Session;

beforeAll(async () => {
  emu = await startEwayEmulator({ apiKey: KEY, apiPassword: PASSWORD });
  t = await buildTestApp({ config: { eway: { endpoint: emu.url, apiKey: KEY, apiPassword: PASSWORD, emulator: false } } });
  w = await workWorld(t, 'a');
  await w.owner$.req('PATCH', '/api/staff/firm', { abn: '51 824 753 556' });
  client = await asClient(t, w.firm.slug, w.person1.email);
});
afterAll(async () => {
  await t.close();
  await emu.close();
});
beforeEach(() => {
  emu.control.mode = 'normal';
  emu.control.delayMs = 0;
});

async function issued(unitPriceCents = 100_000): Promise<InvoiceDto> {
  const d = (await w.owner$.req('POST', '/api/staff/invoices', { clientId: w.client1.id, lines: [{ description: 'Annual accounts', quantityMilli: 1000, unitPriceCents }] })).json() as InvoiceDto;
  const res = await w.owner$.req('POST', `/api/staff/invoices/${d.id}/issue`, { version: d.version });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as InvoiceDto;
}
const pay = (id: string) => client.req('POST', `/api/portal/${w.firm.slug}/invoices/${id}/pay`);
const invoice = async (id: string) => (await w.owner$.req('GET', `/api/staff/invoices/${id}`)).json() as InvoiceDto;
const paymentRows = async (invoiceId: string) => (await queryRows<{ n: number }>(t.db.owner, sql`select count(*)::int as n from payments where invoice_id = ${invoiceId}`))[0]?.n;

/** The browser on eWay's page: opens it, submits the card form; returns where eWay sends it back. */
async function payOnEway(redirectUrl: string, card: Record<string, string> = {}) {
  const form = await fetch(redirectUrl);
  expect(form.status).toBe(200);
  const html = await form.text();
  for (const label of ['Card number', 'Name on card', 'Expiry month', 'Expiry year', 'CVN']) expect(html).toContain(label);
  const year = String(new Date().getFullYear() + 2);
  const body = new URLSearchParams({ cardNumber: '4444333322221111', cardName: 'Alex Nguyen', expiryMonth: '12', expiryYear: year, cvn: '123', ...card });
  const res = await fetch(redirectUrl, { method: 'POST', body, redirect: 'manual' });
  return { status: res.status, location: res.headers.get('location'), html: res.status === 200 ? await res.text() : '' };
}

/** Our RedirectUrl, as the browser would follow it. */
async function returnTo(location: string) {
  const url = new URL(location);
  return t.app.inject({ method: 'GET', url: `${url.pathname}${url.search}` });
}

describe('Pay Now with eWay', () => {
  it('pays the balance: eWay page, return, one payment, Paid, a receipt; a second Pay Now is refused', async () => {
    const inv = await issued();
    const start = await pay(inv.id);
    expect(start.statusCode, start.body).toBe(200);
    const { redirectUrl } = start.json() as { redirectUrl: string };
    expect(redirectUrl.startsWith(emu.url)).toBe(true);
    const paid = await payOnEway(redirectUrl);
    expect(paid.status).toBe(302);
    expect(paid.location).toMatch(/\/api\/public\/payments\/eway\/return\?AccessCode=/);

    const back = await returnTo(paid.location ?? '');
    expect(back.statusCode).toBe(303);
    expect(back.headers.location).toMatch(new RegExp(`/invoices/${inv.id}\\?payment=paid&reason=A2000$`));
    expect(await invoice(inv.id)).toMatchObject({ status: 'paid', paidCents: 110_000, balanceCents: 0 });

    const again = await pay(inv.id);
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toMatch(/already paid/);
    await t.flushMail();
    const receipt = await t.mailCatcher?.waitFor((m) => m.to.includes(w.person1.email) && m.subject.startsWith('Receipt: $1,100.00'));
    expect(receipt?.text).not.toMatch(/4444/);
  });

  it('twenty returns at once (reloads, tabs) record exactly one payment', async () => {
    const inv = await issued(12_345);
    const { redirectUrl } = (await pay(inv.id)).json() as { redirectUrl: string };
    const { location } = await payOnEway(redirectUrl);
    const results = await Promise.all(Array.from({ length: 20 }, () => returnTo(location ?? '')));
    expect(new Set(results.map((r) => r.statusCode))).toEqual(new Set([303]));
    expect(await paymentRows(inv.id)).toBe(1);
    expect(await invoice(inv.id)).toMatchObject({ status: 'paid', paidCents: 13_580 });
    // …and the reconciliation job afterwards changes nothing.
    await reconcilePayments(t.deps, new Date(Date.now() + 5 * 60 * 1000), t.app.log);
    expect(await paymentRows(inv.id)).toBe(1);
  });

  it('a double click or second tab gets the same eWay page, so at most one charge', async () => {
    const inv = await issued(5_000);
    const first = await pay(inv.id);
    const second = await pay(inv.id);
    expect(first.statusCode).toBe(200);
    expect(second.statusCode).toBe(200);
    expect(second.json().redirectUrl).toBe(first.json().redirectUrl);
  });

  it('a declined card says why, records nothing, and Pay Now works again', async () => {
    const inv = await issued(20_000);
    const { redirectUrl } = (await pay(inv.id)).json() as { redirectUrl: string };
    const { location } = await payOnEway(redirectUrl, { cardNumber: '4000000000000002' });
    const back = await returnTo(location ?? '');
    expect(back.headers.location).toMatch(/payment=declined/);
    expect(back.headers.location).toMatch(/reason=D4405$/);
    expect(await invoice(inv.id)).toMatchObject({ status: 'unpaid', paidCents: 0 });
    const retry = await pay(inv.id);
    expect(retry.statusCode).toBe(200);
    expect(retry.json().redirectUrl).not.toBe(redirectUrl);
  });

  it('a past expiry is refused on eWay’s page (V6033) and nothing is settled', async () => {
    const inv = await issued(3_000);
    const { redirectUrl } = (await pay(inv.id)).json() as { redirectUrl: string };
    const res = await payOnEway(redirectUrl, { expiryMonth: '01', expiryYear: '2020' });
    expect(res.status).toBe(200);
    expect(res.html).toContain('V6033 Invalid Expiry Date');
    expect(await invoice(inv.id)).toMatchObject({ status: 'unpaid' });
  });

  it('an approval for a different amount is not recorded', async () => {
    const inv = await issued(7_700);
    const { redirectUrl } = (await pay(inv.id)).json() as { redirectUrl: string };
    emu.control.mode = 'partial';
    const { location } = await payOnEway(redirectUrl);
    emu.control.mode = 'normal';
    const back = await returnTo(location ?? '');
    expect(back.headers.location).toMatch(/payment=error/);
    expect(await paymentRows(inv.id)).toBe(0);
    const attempts = (await w.owner$.req('GET', `/api/staff/invoices/${inv.id}/payments`)).json() as { attempts: { status: string; result: string }[] };
    expect(attempts.attempts[0]).toMatchObject({ status: 'failed', result: expect.stringMatching(/A2010.*not recorded; refund it in eWay/) });
  });

  it('eWay down at Pay Now: a clear 503, nothing charged, the invoice unchanged', async () => {
    const inv = await issued(4_400);
    emu.control.mode = 'fail';
    const res = await pay(inv.id);
    expect(res.statusCode).toBe(503);
    expect(res.json().detail).toBe('Card payments are not available right now, and nothing was charged. Please try again in a few minutes.');
    expect(await invoice(inv.id)).toMatchObject({ status: 'unpaid', version: inv.version });
  });

  it('eWay down when the client returns: shown as pending; the reconciliation job settles it later', async () => {
    const inv = await issued(6_600);
    const { redirectUrl } = (await pay(inv.id)).json() as { redirectUrl: string };
    const { location } = await payOnEway(redirectUrl);
    emu.control.mode = 'fail';
    const back = await returnTo(location ?? '');
    expect(back.headers.location).toMatch(/payment=pending/);
    expect(await invoice(inv.id)).toMatchObject({ status: 'unpaid' });
    emu.control.mode = 'normal';
    expect(await reconcilePayments(t.deps, new Date(Date.now() + 3 * 60 * 1000), t.app.log)).toBeGreaterThanOrEqual(1);
    expect(await invoice(inv.id)).toMatchObject({ status: 'paid', paidCents: 7_260 });
  });

  it('a client who closes the tab after paying is still recorded by the job', async () => {
    const inv = await issued(1_000);
    const { redirectUrl } = (await pay(inv.id)).json() as { redirectUrl: string };
    await payOnEway(redirectUrl); // never returns
    await reconcilePayments(t.deps, new Date(Date.now() + 3 * 60 * 1000), t.app.log);
    expect(await invoice(inv.id)).toMatchObject({ status: 'paid' });
  });

  it('Cancel on eWay’s page cancels the attempt; the invoice stays payable', async () => {
    const inv = await issued(2_000);
    await pay(inv.id);
    const [attempt] = await queryRows<{ reference: string }>(t.db.owner, sql`select reference from payment_attempts where invoice_id = ${inv.id}`);
    const res = await t.app.inject({ method: 'GET', url: `/api/public/payments/eway/cancel?ref=${attempt?.reference}` });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/payment=cancelled/);
    expect((await pay(inv.id)).statusCode).toBe(200);
  });

  it('an unknown access code or reference is a plain 404 page', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/public/payments/eway/return?AccessCode=NOPE' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/public/payments/eway/cancel?ref=nope' })).statusCode).toBe(404);
  });

  it('another client’s or a draft invoice cannot be paid', async () => {
    const d = (await w.owner$.req('POST', '/api/staff/invoices', { clientId: w.client1.id, lines: [{ description: 'Draft', quantityMilli: 1000, unitPriceCents: 100 }] })).json() as InvoiceDto;
    expect((await pay(d.id)).statusCode).toBe(404);
    const theirs = (await w.owner$.req('POST', '/api/staff/invoices', { clientId: w.client2.id, lines: [{ description: 'Theirs', quantityMilli: 1000, unitPriceCents: 100 }] })).json() as InvoiceDto;
    await w.owner$.req('POST', `/api/staff/invoices/${theirs.id}/issue`, { version: theirs.version });
    expect((await pay(theirs.id)).statusCode).toBe(404);
  });
});

describe('a Pay Now page that may still be paid', () => {
  it('Cancel, then paying on the same page after all: the charge is recorded, never lost', async () => {
    const inv = await issued(2_500);
    const { redirectUrl } = (await pay(inv.id)).json() as { redirectUrl: string };
    const [attempt] = await queryRows<{ reference: string }>(t.db.owner, sql`select reference from payment_attempts where invoice_id = ${inv.id}`);
    expect((await t.app.inject({ method: 'GET', url: `/api/public/payments/eway/cancel?ref=${attempt?.reference}` })).headers.location).toMatch(/payment=cancelled/);
    const { location } = await payOnEway(redirectUrl);
    const back = await returnTo(location ?? '');
    expect(back.headers.location).toMatch(/payment=paid/);
    expect(await invoice(inv.id)).toMatchObject({ status: 'paid', paidCents: 2_750 });
    expect(await paymentRows(inv.id)).toBe(1);
  });

  it('…and when the client never comes back, the reconciliation job finds that charge', async () => {
    const inv = await issued(2_600);
    const { redirectUrl } = (await pay(inv.id)).json() as { redirectUrl: string };
    const [attempt] = await queryRows<{ reference: string }>(t.db.owner, sql`select reference from payment_attempts where invoice_id = ${inv.id}`);
    await t.app.inject({ method: 'GET', url: `/api/public/payments/eway/cancel?ref=${attempt?.reference}` });
    await payOnEway(redirectUrl);
    await reconcilePayments(t.deps, new Date(Date.now() + 20 * 60 * 1000), t.app.log);
    expect(await invoice(inv.id)).toMatchObject({ status: 'paid', paidCents: 2_860 });
  });

  it('staff cannot void, credit or record a payment while a Pay Now page is open (409 saying until when)', async () => {
    const inv = await issued(3_000);
    expect((await pay(inv.id)).statusCode).toBe(200);
    const today = todayIn('Australia/Sydney', new Date());
    const tries = [
      await w.owner$.req('POST', `/api/staff/invoices/${inv.id}/void`, { version: inv.version, reason: 'Wrong client' }),
      await w.owner$.req('POST', `/api/staff/invoices/${inv.id}/payments`, { amountCents: 3_300, receivedOn: today }),
      await w.owner$.req('POST', `/api/staff/invoices/${inv.id}/adjustments`, { reason: 'Discount', lines: [{ description: 'Discount', quantityMilli: 1000, unitPriceCents: 1_000 }] }),
    ];
    for (const res of tries) {
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json().detail).toMatch(/started a card payment of \$33\.00 at .* Try again after /);
    }
    expect(await invoice(inv.id)).toMatchObject({ status: 'unpaid', paidCents: 0, creditedCents: 0, version: inv.version });
  });

  it('a charge on a page that was replaced is still recorded, and the owners are told to refund what was overpaid', async () => {
    const inv = await issued(4_000);
    const first = (await pay(inv.id)).json() as { redirectUrl: string };
    // Over half an hour later the client presses Pay Now again: a new page; the old one is retired but still asked about.
    await t.db.owner.execute(sql`update payment_attempts set created_at = created_at - interval '40 minutes' where invoice_id = ${inv.id}`);
    const second = (await pay(inv.id)).json() as { redirectUrl: string };
    expect(second.redirectUrl).not.toBe(first.redirectUrl);
    await returnTo((await payOnEway(second.redirectUrl)).location ?? '');
    await returnTo((await payOnEway(first.redirectUrl)).location ?? '');
    expect(await invoice(inv.id)).toMatchObject({ paidCents: 8_800, totalCents: 4_400 });
    const notices = (await w.owner$.req('GET', '/api/staff/notifications')).json() as { items: { title: string }[] };
    expect(notices.items.map((n) => n.title)).toContain(`Refund $44.00 in eWay: a card payment on ${inv.number} was more than was owing`);
  });

  it('a NUL character anywhere is a 400 naming where, also on the public return address', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/public/payments/eway/return?AccessCode=abc%00def' })).statusCode).toBe(400);
    const res = await w.owner$.req('POST', '/api/staff/invoices', { clientId: w.client1.id, lines: [{ description: 'a\u0000b', quantityMilli: 1000, unitPriceCents: 100 }] });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ path: 'body.lines.0.description', message: 'contains a NUL character' }]);
  });
});

describe('manual payments', () => {
  it('records a bank transfer up to the balance: part paid, then paid; more than the balance is 422', async () => {
    const inv = await issued(10_000);
    const today = todayIn('Australia/Sydney', new Date());
    const over = await w.owner$.req('POST', `/api/staff/invoices/${inv.id}/payments`, { amountCents: 11_001, receivedOn: today });
    expect(over.statusCode).toBe(422);
    expect(over.json().detail).toBe('That is more than the balance of $110.00.');
    const part = await w.owner$.req('POST', `/api/staff/invoices/${inv.id}/payments`, { amountCents: 5_000, receivedOn: today, reference: 'CBA 123' });
    expect(part.statusCode, part.body).toBe(201);
    expect(await invoice(inv.id)).toMatchObject({ status: 'partially_paid', balanceCents: 6_000 });
    const portal = (await client.req('GET', `/api/portal/${w.firm.slug}/invoices/${inv.id}`)).json() as InvoiceDto;
    expect(portal.status).toBe('unpaid');
    await w.owner$.req('POST', `/api/staff/invoices/${inv.id}/payments`, { amountCents: 6_000, receivedOn: today });
    expect(await invoice(inv.id)).toMatchObject({ status: 'paid', balanceCents: 0 });
    const list = (await w.owner$.req('GET', '/api/staff/payments')).json() as { items: { invoiceId: string }[] };
    expect(list.items.filter((p) => p.invoiceId === inv.id)).toHaveLength(2);
    expect((await w.owner$.req('POST', `/api/staff/invoices/${inv.id}/void`, { version: (await invoice(inv.id)).version, reason: 'x' })).statusCode).toBe(409);
  });
});
