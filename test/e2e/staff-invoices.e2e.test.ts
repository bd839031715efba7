import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, createFirm, createPortalUser, createStaff, TEST_PASSWORD } from '../harness.js';
import { browserAvailable, expectAccessible, launchBrowser, screenshot, startServer, type RunningServer, signInAsStaff } from './browser.js';

/** Full-page screenshots from the top, without toasts over the page. */
async function shot(page: Page, name: string) {
  const dismiss = page.getByRole('button', { name: 'Dismiss notification' });
  // A toast may leave on its own while being dismissed; either way it is gone.
  while ((await dismiss.count()) > 0) await dismiss.first().click({ timeout: 2_000 }).catch(() => undefined);
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

/** A dialog in full: the window is made tall enough for all of it (a full-page picture stops at the fixed overlay), then set back to 1280 × 800. */
async function dialogShot(page: Page, name: string, width: number) {
  const height = await page.getByRole('dialog').evaluate((el) => Math.ceil(el.getBoundingClientRect().height) + 120);
  await page.setViewportSize({ width, height: Math.max(height, 780) });
  await page.waitForTimeout(200);
  await screenshot(page, name);
  await page.setViewportSize({ width: 1280, height: 800 });
}

/**
 * axe on the settings page, scrolled to the end: elsewhere the sticky Save bar lies over whatever
 * field is at the bottom of the window, and axe counts a field partly under it as a too-small target.
 */
async function expectSettingsAccessible(page: Page) {
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await expectAccessible(page);
}

/** Picks an option of a react-aria Select (its button is named "<current value> <label>") inside `scope`. */
async function choose(page: Page, scope: Locator | Page, label: string, option: RegExp) {
  await scope.getByRole('button', { name: new RegExp(`(^|\\s)${label}$`) }).click();
  await page.getByRole('option', { name: option }).click();
}

/** Nothing on the page is wider than the window (no sideways scrolling on a small phone). */
async function expectNoHorizontalOverflow(page: Page, name: string, width = 360) {
  await page.setViewportSize({ width, height: 780 });
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  // The navigation slides out of sight when the window narrows; let it finish before the picture.
  await page.getByRole('button', { name: 'Menu' }).waitFor();
  await page.waitForTimeout(400);
  await shot(page, name);
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** The totals under the lines (inside `scope`, e.g. a dialog), label → amount. */
async function totals(scope: Page | Locator): Promise<Record<string, string>> {
  return scope
    .locator('.invoice-totals-list > div')
    .evaluateAll((rows) => Object.fromEntries(rows.map((r) => [r.querySelector('dt')?.textContent ?? '', r.querySelector('dd')?.textContent ?? ''])));
}

/** A calendar date in Sydney, `days` from today, as yyyy-mm-dd. */
function sydneyDate(days = 0): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Australia/Sydney', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
const ddmmyyyy = (iso: string) => iso.split('-').reverse().join('/');

/** Fills line `n` (1-based) of the editor (or of the lines inside `scope`, e.g. a dialog). */
async function fillLine(page: Page, n: number, description: string, price: string, quantity = '1', scope: Locator | Page = page) {
  const line = scope.getByRole('group', { name: `Line ${n}` });
  await line.getByRole('textbox', { name: 'Description' }).fill(description);
  await line.getByRole('textbox', { name: 'Quantity' }).fill(quantity);
  await line.getByRole('textbox', { name: 'Unit price' }).fill(price);
  return line;
}

// Skipped only when Debian's chromium is missing on a developer machine; CI sets REQUIRE_BROWSER=1, which fails instead.
describe.skipIf(!browserAvailable)('browser: staff invoices — draft, preview GST, issue, pay, void', () => {
  let server: RunningServer;
  let browser: Browser;
  let firm: Awaited<ReturnType<typeof createFirm>>;
  let owner: Awaited<ReturnType<typeof createStaff>>;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    firm = await createFirm(server.db, { slug: 'invoices-e2e', displayName: 'Invoices E2E Accountants' });
    owner = await createStaff(server.db, firm.id, { email: 'olive@invoices-e2e.example', name: 'Olive Owner', role: 'owner' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('staff draft an invoice with a live GST preview, are told what is wrong with a line, save, issue, record a payment and void another', async () => {
    const client = await createClient(server.db, firm.id, { name: 'Coastal Coffee Pty Ltd', type: 'company' });
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-AU', timezoneId: 'Australia/Sydney' })).newPage();
    page.setDefaultTimeout(15_000);
    await signInAsStaff(page, server.baseUrl, owner.email, TEST_PASSWORD);

    // ---- Invoices in the navigation: nothing owed yet.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Invoices' }).click();
    await page.getByRole('heading', { level: 1, name: 'Invoices' }).waitFor();
    await page.getByText('No invoices yet. Start one with New invoice.').waitFor();
    await expect.poll(() => page.locator('.invoice-stat').first().textContent()).toContain('$0.00');

    // ---- New invoice: pick the client, three lines of $1.15 → GST $0.35 (one rounding for the invoice), total $3.80.
    await page.getByRole('link', { name: 'New invoice' }).click();
    await page.getByRole('heading', { level: 1, name: 'New invoice' }).waitFor();
    await page.getByText('Leave empty to use your firm’s payment terms: 14 days from the issue date.').waitFor();
    await page.getByRole('combobox', { name: 'Client' }).fill('Coastal');
    await page.getByRole('option', { name: client.name }).click();
    await fillLine(page, 1, 'Bookkeeping — January', '1.15');
    await page.getByRole('button', { name: 'Add line' }).click();
    await fillLine(page, 2, 'Bookkeeping — February', '1.15');
    await page.getByRole('button', { name: 'Add line' }).click();
    await fillLine(page, 3, 'Bookkeeping — March', '$1.15');
    await expect.poll(() => totals(page)).toEqual({ 'Subtotal (excl. GST)': '$3.45', GST: '$0.35', 'Total (incl. GST)': '$3.80' });

    // A GST-free line adds to the total but not to the GST; the price is tidied to dollars and cents.
    await page.getByRole('button', { name: 'Add line' }).click();
    const fee = await fillLine(page, 4, 'ASIC annual review fee (paid on your behalf)', '1234.5');
    await choose(page, fee, 'GST', /^GST-free$/);
    await expect.poll(() => fee.getByRole('textbox', { name: 'Unit price' }).inputValue()).toBe('$1,234.50');
    await expect.poll(() => totals(page)).toEqual({ 'Subtotal (excl. GST)': '$1,237.95', GST: '$0.35', 'Total (incl. GST)': '$1,238.30' });
    await expect.poll(() => fee.locator('.invoice-line-amount-value').textContent()).toBe('$1,234.50');

    // ---- Bad input: an empty description and a negative price are refused with the reason, before anything is sent.
    await page.getByRole('button', { name: 'Add line' }).click();
    await fillLine(page, 5, '', '-5', '1.2345');
    await page.getByRole('button', { name: 'Save draft' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Please check the form' });
    await summary.getByText('Line 5 description is required').waitFor();
    await summary.getByText('Line 5 quantity must be a number with up to 3 decimal places, e.g. 1.5').waitFor();
    await summary.getByText('Line 5 unit price must be $0 or more').waitFor();
    const bad = page.getByRole('group', { name: 'Line 5' });
    expect(await bad.getByRole('textbox', { name: 'Unit price' }).getAttribute('aria-invalid')).toBe('true');
    await bad.getByText('Line 5 unit price must be $0 or more').waitFor();
    expect(new URL(page.url()).pathname).toBe('/app/invoices/new');
    await expectAccessible(page);
    await shot(page, 'staff-invoice-errors');
    // The summary's link moves focus to the field.
    await summary.getByRole('link', { name: 'Line 5 description is required' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[role="group"]')?.getAttribute('aria-label'))).toBe('Line 5');
    await page.getByRole('button', { name: 'Remove line 5' }).click();

    // ---- Save: the draft gets its own address; the server's totals agree with the preview.
    await page.getByRole('textbox', { name: 'Notes' }).fill('Pay by bank transfer to BSB 062-000, account 1234 5678.');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('Draft saved.').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Draft invoice' }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/app\/invoices\/[0-9a-f-]{36}$/);
    const invoiceId = new URL(page.url()).pathname.split('/').pop() ?? '';
    const saved = (await (await page.request.get(`${server.baseUrl}/api/staff/invoices/${invoiceId}`)).json()) as { gstCents: number; totalCents: number; lines: unknown[] };
    expect(saved).toMatchObject({ gstCents: 35, totalCents: 123_830 });
    expect(saved.lines).toHaveLength(4);
    await page.getByText('All changes saved').waitFor();
    // The client can't see a draft, so no message can be about it yet.
    expect(await page.getByRole('button', { name: 'New message about this invoice' }).count()).toBe(0);
    await expect.poll(() => totals(page)).toEqual({ 'Subtotal (excl. GST)': '$1,237.95', GST: '$0.35', 'Total (incl. GST)': '$1,238.30' });
    await expectAccessible(page);
    await shot(page, 'staff-invoice-draft');
    await expectNoHorizontalOverflow(page, 'staff-invoice-draft-360');

    // ---- Issue (confirmed): numbered, dated today, due on the firm's terms, Unpaid.
    await page.getByRole('button', { name: 'Issue invoice' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Issue this invoice?' });
    await confirm.getByText(/Issued invoices cannot be changed/).waitFor();
    await confirm.getByRole('button', { name: 'Issue invoice' }).click();
    await page.getByText('Invoice INV-000001 issued.').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Invoice INV-000001' }).waitFor();
    const facts = page.locator('.invoice-facts');
    await facts.getByText('Unpaid', { exact: true }).waitFor();
    await facts.getByText(ddmmyyyy(sydneyDate(0)), { exact: true }).waitFor();
    await facts.getByText(ddmmyyyy(sydneyDate(14)), { exact: true }).waitFor();
    expect(await page.getByRole('link', { name: 'Download PDF' }).getAttribute('href')).toBe(`/api/staff/invoices/${invoiceId}/pdf`);
    await expect.poll(() => page.getByRole('button', { name: 'Save draft' }).count()).toBe(0);
    await page.getByRole('region', { name: 'Conversations' }).getByRole('button', { name: 'New message about this invoice' }).waitFor();
    await expectAccessible(page);
    await shot(page, 'staff-invoice-issued');

    // ---- Record a bank transfer: Partially paid, the balance goes down, the payment is listed.
    await page.getByRole('button', { name: 'Record payment' }).click();
    const pay = page.getByRole('dialog', { name: 'Record a payment for INV-000001' });
    expect(await pay.getByRole('textbox', { name: 'Amount' }).inputValue()).toBe('$1,238.30');
    await pay.getByRole('textbox', { name: 'Amount' }).fill('0');
    await pay.getByRole('button', { name: 'Record payment' }).click();
    await pay.getByRole('alert').getByText('Amount must be more than $0.00').waitFor();
    await pay.getByRole('textbox', { name: 'Amount' }).fill('238.30');
    await pay.getByRole('textbox', { name: 'Reference' }).fill('CBA transfer 7781');
    await expectAccessible(page);
    await pay.getByRole('button', { name: 'Record payment' }).click();
    await page.getByText('Payment of $238.30 recorded.').waitFor();
    await facts.getByText('Partially paid', { exact: true }).waitFor();
    await facts.getByText('$1,000.00', { exact: true }).waitFor();
    const received = page.getByRole('grid', { name: 'Payments received' });
    await received.getByText('CBA transfer 7781').waitFor();
    await received.getByText('Bank transfer').waitFor();
    // An invoice with a payment cannot be voided, so Void is not offered.
    await expect.poll(() => page.getByRole('button', { name: 'Void', exact: true }).count()).toBe(0);
    await shot(page, 'staff-invoice-part-paid');

    // ---- Void another (issued through the API): the reason is required, then it is Void.
    const csrf = ((await (await page.request.get(`${server.baseUrl}/api/staff/session`)).json()) as { csrfToken: string }).csrfToken;
    const other = await page.request.post(`${server.baseUrl}/api/staff/invoices`, {
      headers: { 'x-csrf-token': csrf },
      data: { clientId: client.id, priceMode: 'inclusive', notes: '', lines: [{ description: 'Tax return 2025', quantityMilli: 1000, unitPriceCents: 55_000, gst: 'taxable' }] },
    });
    expect(other.status(), await other.text()).toBe(201);
    const otherInvoice = (await other.json()) as { id: string; version: number };
    const issued = await page.request.post(`${server.baseUrl}/api/staff/invoices/${otherInvoice.id}/issue`, { headers: { 'x-csrf-token': csrf }, data: { version: otherInvoice.version } });
    expect(issued.status(), await issued.text()).toBe(200);
    await page.goto(`${server.baseUrl}/app/invoices/${otherInvoice.id}`);
    await page.getByRole('heading', { level: 1, name: 'Invoice INV-000002' }).waitFor();
    // Prices include GST: $550.00 is $500.00 + $50.00 GST.
    await expect.poll(() => totals(page)).toMatchObject({ 'Subtotal (excl. GST)': '$500.00', GST: '$50.00', 'Total (incl. GST)': '$550.00' });
    await page.getByRole('button', { name: 'Void', exact: true }).click();
    const voidDialog = page.getByRole('dialog', { name: 'Void invoice INV-000002?' });
    await voidDialog.getByRole('button', { name: 'Void invoice' }).click();
    await voidDialog.getByRole('alert').getByText('Reason is required').waitFor();
    await voidDialog.getByRole('textbox', { name: 'Reason' }).fill('Issued to the wrong client');
    await voidDialog.getByRole('button', { name: 'Void invoice' }).click();
    await page.getByText('Invoice INV-000002 is void.').waitFor();
    await page.locator('.invoice-facts').getByText('Void', { exact: true }).waitFor();

    // ---- The list: outstanding and overdue across the firm, status filter, paging summary.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Invoices' }).click();
    await page.getByRole('heading', { level: 1, name: 'Invoices' }).waitFor();
    await expect.poll(() => page.locator('.invoice-stat').first().textContent()).toContain('$1,000.00');
    const list = page.getByRole('grid', { name: 'Invoices' });
    await list.getByRole('link', { name: 'INV-000001' }).waitFor();
    await list.getByRole('link', { name: 'INV-000002' }).waitFor();
    await choose(page, page, 'Status', /^Void$/);
    await expect.poll(() => list.getByRole('link', { name: 'INV-000001' }).count()).toBe(0);
    await list.getByRole('link', { name: 'INV-000002' }).waitFor();
    expect(new URL(page.url()).searchParams.get('status')).toBe('void');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await list.getByRole('link', { name: 'INV-000001' }).waitFor();
    await page.getByText('Showing 1–2 of 2 invoices').waitFor();
    await expectAccessible(page);
    await shot(page, 'staff-invoices-list');
    await expectNoHorizontalOverflow(page, 'staff-invoices-list-360');

    // ---- The client's Invoices tab, and New invoice from there starts with the client chosen.
    await page.goto(`${server.baseUrl}/app/clients/${client.id}?tab=invoices`);
    const tab = page.getByRole('tabpanel', { name: 'Invoices' });
    await tab.getByRole('link', { name: 'INV-000001' }).waitFor();
    await tab.getByRole('link', { name: 'New invoice' }).click();
    await page.getByRole('heading', { level: 1, name: 'New invoice' }).waitFor();
    await expect.poll(() => page.getByRole('combobox', { name: 'Client' }).inputValue()).toBe(client.name);
  }, 120_000);

  it('the firm sets GST registration and payment terms; without GST the editor charges none', async () => {
    const jordan = await createClient(server.db, firm.id, { name: 'Jordan Lee' });
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-AU', timezoneId: 'Australia/Sydney' })).newPage();
    page.setDefaultTimeout(15_000);
    await signInAsStaff(page, server.baseUrl, owner.email, TEST_PASSWORD);

    // A tax invoice needs the firm's ABN: without it, Issue says so (422) in the dialog, and nothing is issued.
    const csrf = ((await (await page.request.get(`${server.baseUrl}/api/staff/session`)).json()) as { csrfToken: string }).csrfToken;
    const cleared = await page.request.patch(`${server.baseUrl}/api/staff/firm`, { headers: { 'x-csrf-token': csrf }, data: { abn: '' } });
    expect(cleared.status(), await cleared.text()).toBe(200);
    const drafted = await page.request.post(`${server.baseUrl}/api/staff/invoices`, {
      headers: { 'x-csrf-token': csrf },
      data: { clientId: jordan.id, lines: [{ description: 'Individual tax return', quantityMilli: 1000, unitPriceCents: 33_000 }] },
    });
    expect(drafted.status(), await drafted.text()).toBe(201);
    await page.goto(`${server.baseUrl}/app/invoices/${((await drafted.json()) as { id: string }).id}`);
    await page.getByRole('heading', { level: 1, name: 'Draft invoice' }).waitFor();
    await page.getByRole('button', { name: 'Issue invoice' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Issue this invoice?' });
    await confirm.getByRole('button', { name: 'Issue invoice' }).click();
    await confirm.getByRole('alert').getByText(/must show your firm’s ABN\. Add it under Settings/).waitFor();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('heading', { level: 1, name: 'Draft invoice' }).waitFor();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByText('Add your ABN above: a tax invoice cannot be issued without it.').waitFor();
    const gst = page.getByRole('switch', { name: 'Registered for GST' });
    expect(await gst.isChecked()).toBe(true);
    const terms = page.getByRole('textbox', { name: 'Payment terms (days)' });
    expect(await terms.inputValue()).toBe('14');
    await terms.fill('');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('alert').getByText('Payment terms (days) must be a whole number of days').waitFor();
    await terms.fill('30');
    await page.getByText('Registered for GST').click();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Firm settings saved.').waitFor();
    expect(await gst.isChecked()).toBe(false);
    await expectSettingsAccessible(page);
    await page.getByRole('switch', { name: 'Registered for GST' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/screenshots/staff-settings-invoices.png' });

    await page.goto(`${server.baseUrl}/app/invoices/new`);
    await page.getByText('Leave empty to use your firm’s payment terms: 30 days from the issue date.').waitFor();
    await fillLine(page, 1, 'Advice', '100');
    await expect.poll(() => totals(page)).toEqual({ Subtotal: '$100.00', Total: '$100.00' });
    await page.getByText('Your firm is not registered for GST, so no GST is charged.').waitFor();
    // No client chosen: said before anything is sent.
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('alert').getByText(/^Client is required/).waitFor();
    await expectAccessible(page);
  }, 60_000);

  it('staff issue an adjustment note from the invoice (linked both ways, the balance goes down), resend it, see payments firm-wide and set the reminder schedule', async () => {
    // Its own firm, so the numbers (INV-000001, ADJ-000002) do not depend on the other tests.
    const bakeryFirm = await createFirm(server.db, { slug: 'adjust-e2e', displayName: 'Adjust E2E Accountants' });
    const ada = await createStaff(server.db, bakeryFirm.id, { email: 'ada@adjust-e2e.example', name: 'Ada Admin', role: 'owner' });
    const bakery = await createClient(server.db, bakeryFirm.id, { name: 'Harbour Bakery Pty Ltd', type: 'company' });
    await createPortalUser(server.db, bakeryFirm.id, bakery.id, { email: 'pat@harbour-bakery.example', name: 'Pat Baker' });
    await createPortalUser(server.db, bakeryFirm.id, bakery.id, { email: 'lee@harbour-bakery.example', name: 'Lee Baker' });
    const quiet = await createClient(server.db, bakeryFirm.id, { name: 'Quiet Holdings' });
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-AU', timezoneId: 'Australia/Sydney' })).newPage();
    page.setDefaultTimeout(15_000);
    await signInAsStaff(page, server.baseUrl, ada.email, TEST_PASSWORD);

    // Arrange through the API: an issued invoice of $1,210.00 (GST-exclusive $1,100.00) with $210.00 received → $1,000.00 owing.
    const csrf = ((await (await page.request.get(`${server.baseUrl}/api/staff/session`)).json()) as { csrfToken: string }).csrfToken;
    const api = async (path: string, data?: unknown) => {
      const res = await page.request.post(`${server.baseUrl}${path}`, { headers: { 'x-csrf-token': csrf }, ...(data === undefined ? {} : { data }) });
      expect(res.status(), await res.text()).toBeLessThan(300);
      return (await res.json()) as { id: string; version: number };
    };
    const issueFor = async (clientId: string, description: string, unitPriceCents: number) => {
      const draft = await api('/api/staff/invoices', { clientId, lines: [{ description, quantityMilli: 1000, unitPriceCents, gst: 'taxable' }] });
      return api(`/api/staff/invoices/${draft.id}/issue`, { version: draft.version });
    };
    const invoice = await issueFor(bakery.id, 'Annual accounts 2025', 110_000);
    await api(`/api/staff/invoices/${invoice.id}/payments`, { amountCents: 21_000, receivedOn: sydneyDate(0), method: 'bank_transfer', reference: 'NAB transfer 4410' });

    await page.goto(`${server.baseUrl}/app/invoices/${invoice.id}`);
    await page.getByRole('heading', { level: 1, name: 'Invoice INV-000001' }).waitFor();
    await page.locator('.invoice-facts').getByText('$1,000.00', { exact: true }).waitFor();

    // ---- Adjustment note: what it does is said; nothing is sent until the reason and line are there.
    await page.getByRole('button', { name: 'Adjustment note' }).click();
    const note = page.getByRole('dialog', { name: 'Adjustment note for INV-000001' });
    await note.getByText(/reduces what is still owing \(\$1,000\.00\) on INV-000001/).waitFor();
    await note.getByRole('button', { name: 'Issue adjustment note' }).click();
    const noteSummary = note.getByRole('alert').filter({ hasText: 'Please check the form' });
    await noteSummary.getByText('Reason is required').waitFor();
    await noteSummary.getByText('Line 1 description is required').waitFor();
    await noteSummary.getByText('Line 1 unit price is required').waitFor();

    // More than is owing: the live preview says so, and the server's refusal (422) is shown with its reason.
    await note.getByRole('textbox', { name: 'Reason' }).fill('Discount agreed for the late lodgement');
    const line = await fillLine(page, 1, 'Discount — annual accounts', '1000', '1', note);
    await expect.poll(() => totals(note)).toEqual({ 'Subtotal (excl. GST)': '$1,000.00', GST: '$100.00', 'Total (incl. GST)': '$1,100.00' });
    await note.getByText('This is more than the $1,000.00 still owing on INV-000001.').waitFor();
    await note.getByRole('button', { name: 'Issue adjustment note' }).click();
    const refused = note.getByRole('alert').filter({ hasText: 'Please check the form' });
    await refused.getByText(/can reduce at most the \$1,000\.00 still owing on INV-000001/).waitFor();
    await refused.getByText('Lines come to more than $1,000.00').waitFor();
    await expectAccessible(page);
    await dialogShot(page, 'staff-adjustment-note-dialog', 1280);

    await line.getByRole('textbox', { name: 'Unit price' }).fill('100');
    await note.getByText('Still owing on INV-000001 after this note: $890.00').waitFor();
    // A phone: the dialog's lines stack, and nothing is wider than the window.
    await page.setViewportSize({ width: 360, height: 780 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await expect.poll(() => note.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await dialogShot(page, 'staff-adjustment-note-dialog-360', 360);
    await note.getByRole('button', { name: 'Issue adjustment note' }).click();

    // ---- The note: its own page, linked to the invoice, with the reason; Issued (not "Paid").
    await page.getByText('Adjustment note ADJ-000002 issued.').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Adjustment note ADJ-000002' }).waitFor();
    const noteFacts = page.locator('.invoice-facts');
    await noteFacts.getByText('Discount agreed for the late lodgement').waitFor();
    await noteFacts.getByText('Issued', { exact: true }).waitFor();
    await noteFacts.getByText('$110.00', { exact: true }).waitFor();
    await expect.poll(() => totals(page)).toEqual({ 'Subtotal (excl. GST)': '$100.00', GST: '$10.00', 'Total (incl. GST)': '$110.00' });
    await expect.poll(() => page.getByRole('button', { name: /^(Void|Record payment|Adjustment note)$/ }).count()).toBe(0);

    // ---- Resend the note: who it went to is said; the button is busy meanwhile.
    await page.getByRole('button', { name: 'Resend' }).click();
    await page.getByText('Sent to pat@harbour-bakery.example, lee@harbour-bakery.example.').or(page.getByText('Sent to lee@harbour-bakery.example, pat@harbour-bakery.example.')).waitFor();
    await expectAccessible(page);
    await shot(page, 'staff-adjustment-note');

    // ---- Back to the invoice: $110.00 credited, $890.00 owing, the note listed with a link.
    await noteFacts.getByRole('link', { name: 'Invoice INV-000001' }).click();
    await page.getByRole('heading', { level: 1, name: 'Invoice INV-000001' }).waitFor();
    await page.locator('.invoice-facts').getByText('$890.00', { exact: true }).waitFor();
    await expect.poll(() => totals(page)).toEqual({
      'Subtotal (excl. GST)': '$1,100.00', GST: '$110.00', 'Total (incl. GST)': '$1,210.00', Paid: '$210.00', 'Credited by adjustment notes': '$110.00', 'Balance due': '$890.00',
    });
    const notes = page.getByRole('grid', { name: 'Adjustment notes for INV-000001' });
    await notes.getByText('Discount agreed for the late lodgement').waitFor();
    await notes.getByRole('link', { name: 'ADJ-000002' }).waitFor();
    // Money was received and credited, so the invoice stays on record: no Void.
    await expect.poll(() => page.getByRole('button', { name: 'Void', exact: true }).count()).toBe(0);
    await page.getByRole('button', { name: 'Resend' }).click();
    await page.getByText(/^Sent to .*pat@harbour-bakery\.example/).waitFor();
    await expectAccessible(page);
    await shot(page, 'staff-invoice-adjusted');
    await expectNoHorizontalOverflow(page, 'staff-invoice-adjusted-360');

    // ---- Resend to a client nobody can receive e-mail for: the server's reason (422), nothing sent.
    const lonely = await issueFor(quiet.id, 'Bookkeeping', 50_000);
    await page.goto(`${server.baseUrl}/app/invoices/${lonely.id}`);
    await page.getByRole('heading', { level: 1, name: 'Invoice INV-000003' }).waitFor();
    await page.getByRole('button', { name: 'Resend' }).click();
    const notSent = page.getByRole('alert').filter({ hasText: 'The invoice was not sent' });
    await notSent.getByText(/Quiet Holdings has no active portal user who receives invoice e-mails/).waitFor();

    // ---- Payments, next to Invoices: the firm's payments, newest first, each linking to its invoice.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Payments' }).click();
    await page.getByRole('heading', { level: 1, name: 'Payments' }).waitFor();
    const received = page.getByRole('grid', { name: 'Payments received' });
    const row = received.getByRole('row').filter({ hasText: 'NAB transfer 4410' });
    await row.getByText('Harbour Bakery Pty Ltd').waitFor();
    await row.getByText('Bank transfer').waitFor();
    await row.getByText('$210.00').waitFor();
    await row.getByText(ddmmyyyy(sydneyDate(0))).waitFor();
    await page.getByText('Showing 1–1 of 1 payments').waitFor();
    await expectAccessible(page);
    await shot(page, 'staff-payments');
    await expectNoHorizontalOverflow(page, 'staff-payments-360');
    // The client filter narrows the list (and lives in the address).
    await page.getByRole('combobox', { name: 'Client' }).fill('Quiet');
    await page.getByRole('option', { name: 'Quiet Holdings' }).click();
    await page.getByText('No payments from this client yet.').waitFor();
    expect(new URL(page.url()).searchParams.get('client')).toBe(quiet.id);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await received.getByRole('link', { name: 'INV-000001' }).click();
    await page.getByRole('heading', { level: 1, name: 'Invoice INV-000001' }).waitFor();

    // ---- Settings: the reminder schedule (default 3 days before, 1, 7 and 14 after), edited row by row.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    const reminders = page.getByRole('group', { name: 'Reminder e-mails' });
    await reminders.getByText('3 days before the due date, then 1, 7 and 14 days after it.').waitFor();
    await reminders.getByRole('button', { name: 'Remove reminder 1' }).click();
    await reminders.getByRole('button', { name: 'Add reminder' }).click();
    // A new reminder without its days is refused before anything is sent.
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('alert').getByText('Reminder 4 must be a whole number of days').waitFor();
    const fourth = reminders.getByRole('group', { name: 'Reminder 4' });
    expect(await fourth.getByRole('textbox', { name: 'Days' }).getAttribute('aria-invalid')).toBe('true');
    await reminders.locator('.reminder-error').getByText('Reminder 4 must be a whole number of days').waitFor();
    await reminders.screenshot({ path: 'test-results/screenshots/staff-settings-reminder-error.png' });
    await fourth.getByRole('textbox', { name: 'Days' }).fill('30');
    await choose(page, reminders.getByRole('group', { name: 'Reminder 1' }), 'When', /^on the day$/);
    await reminders.getByText('On the due date, then 7, 14 and 30 days after it.').waitFor();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Firm settings saved.').waitFor();
    const firmNow = (await (await page.request.get(`${server.baseUrl}/api/staff/firm`)).json()) as { invoiceReminderDays: number[] };
    expect(firmNow.invoiceReminderDays).toEqual([0, 7, 14, 30]);
    await expectSettingsAccessible(page);
    await reminders.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/screenshots/staff-settings-reminders.png' });
    await page.setViewportSize({ width: 360, height: 780 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.waitForTimeout(400);
    await reminders.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/screenshots/staff-settings-reminders-360.png' });
  }, 120_000);
});
