import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, createFirm, createPortalUser, createStaff, TEST_PASSWORD } from '../harness.js';
import { browserAvailable, expectAccessible, launchBrowser, screenshot, signInAsStaff, startServer, type RunningServer } from './browser.js';

const FIRM = 'Wattle Grove Accountants';
const SLUG = 'wattle-requests';
const CLIENT = 'Bright Orchard Pty Ltd';
const SENT = `Your request was sent to ${FIRM}. They will follow up with a proposal or confirmation.`;
/** Typed by the client: shown as the characters typed, never as HTML. */
const TRUST_NEED = 'Can you help us set up a family trust for the orchard?\n<b>Urgent</b> — before 30 June if possible.';
const RETURN_NEED = 'Our new company started trading in March and needs its first company tax return.';
const REPLY = 'Happy to help. Who would the trustee be: you personally, or a company?';
const DECLINE_REASON = 'We don’t set up trusts ourselves; we have sent you the details of a solicitor who does.';

/** Full-page screenshots from the top. */
async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

/** Nothing on the page is wider than a small phone. */
async function expectNoHorizontalOverflow(page: Page) {
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(page.viewportSize()?.width ?? 360);
}

async function signInToPortal(page: Page, portalUrl: string, email: string) {
  await page.goto(`${portalUrl}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: /^Welcome, / }).waitFor();
}

/** Picks an option of a react-aria Select (its button is named "<current value> <label>"). */
async function choose(page: Page, label: string, option: RegExp) {
  await page.getByRole('button', { name: new RegExp(`(^|\\s)${label}$`) }).click();
  await page.getByRole('option', { name: option }).click();
}

/** A real (tiny) PDF to attach. */
function pdf(text: string): Buffer {
  const stream = `BT /F1 24 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

// Skipped only when Debian's chromium is missing on a developer machine; CI sets REQUIRE_BROWSER=1, which fails instead.
describe.skipIf(!browserAvailable)('browser: a client requests a service; staff reply, accept one as a service and decline the other', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let staffEmail: string;
  let clientEmail: string;
  let trustRequestPath = '';
  let returnRequestPath = '';

  async function newContext(width: number, height: number, mobile = false) {
    const context = await browser.newContext({ viewport: { width, height }, isMobile: mobile, hasTouch: mobile, locale: 'en-AU', timezoneId: 'Australia/Sydney' });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    return page;
  }

  beforeAll(async () => {
    server = await startServer({ noticeBatchSeconds: 0 });
    browser = await launchBrowser();
    const firm = await createFirm(server.db, { slug: SLUG, displayName: FIRM, legalName: `${FIRM} Pty Ltd`, primaryColour: '#2F6B3A' });
    const owner = await createStaff(server.db, firm.id, { email: 'priya@wattle-grove.example', name: 'Priya Shah', role: 'owner' });
    await createStaff(server.db, firm.id, { email: 'tom@wattle-grove.example', name: 'Tom Reid', role: 'staff' });
    const client = await createClient(server.db, firm.id, { name: CLIENT, type: 'company', assignedStaffId: owner.id });
    await createClient(server.db, firm.id, { name: 'Harbour Bakery', type: 'company' });
    const person = await createPortalUser(server.db, firm.id, client.id, { email: 'noah@brightorchard.example', name: 'Noah Grant' });
    staffEmail = owner.email;
    clientEmail = person.email;
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
  });

  it('the client asks for two services and sees each decision: In discussion with a conversation, Accepted with its service, Declined with the reason', async () => {
    // ---- Staff: the firm's templates (its kinds of work) appear on first use; then the empty Requests page.
    const staff = await newContext(1280, 900);
    await signInAsStaff(staff, server.baseUrl, staffEmail, TEST_PASSWORD);
    expect((await staff.request.get(`${server.baseUrl}/api/staff/templates`)).status()).toBe(200);
    const staffNav = staff.getByRole('navigation', { name: 'Main' });
    await staffNav.getByRole('link', { name: 'Requests', exact: true }).click();
    await staff.getByRole('heading', { level: 1, name: 'Requests' }).waitFor();
    const table = staff.getByRole('grid', { name: 'Service requests' });
    await table.getByText(/^No requests yet/).waitFor();
    await expectAccessible(staff);
    await shot(staff, 'service-requests-staff-empty');

    // ---- The client: Request Service from the dashboard.
    const client = await newContext(1280, 900);
    await signInToPortal(client, server.portalUrl(SLUG), clientEmail);
    await client.getByRole('link', { name: 'Request Service' }).click();
    await client.getByRole('heading', { level: 1, name: 'Request Service' }).waitFor();
    await client.getByText('No requests yet').waitFor();
    await expectAccessible(client);

    // Submitting with nothing chosen or written says what is missing, next to the fields.
    await client.getByRole('button', { name: 'Submit' }).click();
    await client.getByText('Category is required: choose the kind of work, or Something else').first().waitFor();
    await client.getByText('Description is required: say what you need').first().waitFor();
    await expectAccessible(client);

    // The firm's kinds of work, then "Something else" last.
    await client.getByRole('button', { name: /(^|\s)Category$/ }).click();
    const categories = await client.getByRole('option').allTextContents();
    expect(categories.at(-1)).toBe('Something else');
    expect(categories).toContain('Company Tax Return');
    await client.getByRole('option', { name: 'Something else' }).click();
    await client.getByRole('textbox', { name: 'Describe what you need' }).fill(TRUST_NEED);
    const chooser = client.waitForEvent('filechooser');
    await client.getByRole('button', { name: 'Attach files' }).click();
    await (await chooser).setFiles([{ name: 'Orchard title.pdf', mimeType: 'application/pdf', buffer: pdf('Orchard title') }]);
    await client.getByRole('list', { name: 'Files to send' }).getByText(/^\d+(\.\d)? KB$|bytes$/).waitFor();
    await shot(client, 'service-requests-portal-form');
    await client.getByRole('button', { name: 'Submit' }).click();

    // Sent: the confirmation in the portal's words, and the request in "Your requests" as Submitted.
    await client.getByText(SENT).waitFor();
    const yours = client.getByRole('list', { name: 'Your requests' });
    const trust = yours.getByRole('article', { name: 'Something else' });
    await trust.getByText('Submitted', { exact: true }).waitFor();
    await trust.getByText('<b>Urgent</b>', { exact: false }).waitFor();
    expect(await trust.locator('b').count()).toBe(0);
    await trust.getByRole('link', { name: 'Orchard title.pdf' }).waitFor();
    await expectAccessible(client);
    await shot(client, 'service-requests-portal-sent');

    // A second request, for one of the firm's kinds of work.
    await client.getByRole('button', { name: 'Request another service' }).click();
    await choose(client, 'Category', /^Company Tax Return$/);
    await client.getByRole('textbox', { name: 'Describe what you need' }).fill(RETURN_NEED);
    await client.getByRole('button', { name: 'Submit' }).click();
    await client.getByText(SENT).waitFor();
    const companyReturn = yours.getByRole('article', { name: 'Company Tax Return' });
    await companyReturn.getByText('Submitted', { exact: true }).waitFor();
    expect(await yours.getByRole('article').count()).toBe(2);

    // ---- Staff: both arrive as open requests (the menu counts them), filterable by status and client.
    await staff.reload();
    await staffNav.getByRole('link', { name: 'Requests (2 open)' }).waitFor();
    await table.getByRole('row').filter({ hasText: 'Something else' }).waitFor();
    await table.getByRole('row').filter({ hasText: 'Company Tax Return' }).getByText(CLIENT).waitFor();
    await staff.getByText('2 are waiting for a decision.', { exact: false }).waitFor();
    await choose(staff, 'Status', /^Accepted$/);
    await table.getByText('No requests match these filters.').waitFor();
    expect(new URL(staff.url()).searchParams.get('status')).toBe('accepted');
    await choose(staff, 'Status', /^Submitted$/);
    await table.getByRole('row').filter({ hasText: 'Company Tax Return' }).waitFor();
    await staff.getByRole('combobox', { name: 'Client' }).fill('Harbour');
    await staff.getByRole('option', { name: 'Harbour Bakery' }).click();
    await table.getByText('No requests match these filters.').waitFor();
    await staff.getByRole('button', { name: 'Clear filters' }).click();
    await table.getByRole('row').filter({ hasText: 'Something else' }).waitFor();
    await expectAccessible(staff);
    await shot(staff, 'service-requests-staff-list');

    // ---- Staff open the "Something else" request: the client's words as typed, and their document.
    await table.getByRole('link', { name: 'Something else' }).click();
    await staff.getByRole('heading', { level: 1, name: 'Something else' }).waitFor();
    trustRequestPath = new URL(staff.url()).pathname;
    expect(trustRequestPath).toMatch(/^\/app\/requests\/[0-9a-f-]{36}$/);
    await staff.getByText('<b>Urgent</b>', { exact: false }).waitFor();
    const download = (await staff.getByRole('link', { name: 'Orchard title.pdf' }).getAttribute('href')) ?? '';
    expect(download).toMatch(/^\/api\/staff\/documents\/[0-9a-f-]{36}\/download$/);
    expect(await staff.evaluate(async (url) => (await fetch(url)).status, download)).toBe(200);
    await expectAccessible(staff);

    // Reply: an empty one is refused next to the box; a real one starts a conversation, and the request is In discussion.
    await staff.getByRole('button', { name: 'Send reply' }).click();
    await staff.getByText('Reply is empty: write a message before sending').first().waitFor();
    await staff.getByRole('textbox', { name: 'Reply to Noah Grant' }).fill(REPLY);
    await staff.getByRole('button', { name: 'Send reply' }).click();
    await staff.getByText('Reply sent to Noah Grant.').waitFor();
    await staff.locator('.badge', { hasText: 'In discussion' }).waitFor();
    expect(await staff.getByRole('textbox', { name: 'Reply to Noah Grant' }).inputValue()).toBe('');
    await expectAccessible(staff);
    await shot(staff, 'service-requests-staff-replied');
    await staff.getByRole('link', { name: 'Open the conversation' }).click();
    await staff.getByRole('heading', { level: 1, name: 'Your request: Something else' }).waitFor();
    expect(new URL(staff.url()).pathname).toMatch(/^\/app\/messages\/[0-9a-f-]{36}$/);
    await staff.getByText('Who would the trustee be', { exact: false }).waitFor();

    // Decline it: the reason is required (said in the dialog), then the request is Declined with it.
    await staff.goto(`${server.baseUrl}${trustRequestPath}`);
    await staff.getByRole('heading', { level: 1, name: 'Something else' }).waitFor();
    await staff.getByRole('button', { name: 'Decline', exact: true }).click();
    const declineDialog = staff.getByRole('dialog', { name: `Decline ${CLIENT}’s request?` });
    await declineDialog.getByRole('button', { name: 'Decline request' }).click();
    await declineDialog.getByText('Reason is required: the client is told why').first().waitFor();
    await expectAccessible(staff);
    await shot(staff, 'service-requests-staff-decline-dialog');
    await declineDialog.getByRole('textbox', { name: 'Reason' }).fill(DECLINE_REASON);
    await declineDialog.getByRole('button', { name: 'Decline request' }).click();
    await declineDialog.waitFor({ state: 'detached' });
    const decision = staff.getByRole('region', { name: 'Decision' });
    await decision.getByText('Declined', { exact: true }).waitFor();
    await decision.getByText(DECLINE_REASON).waitFor();
    expect(await decision.getByRole('button', { name: 'Accept as a service' }).count()).toBe(0);

    // ---- The Company Tax Return request: accept it as a service.
    await staff.getByRole('link', { name: '← Requests' }).click();
    await table.getByRole('link', { name: 'Company Tax Return' }).click();
    await staff.getByRole('heading', { level: 1, name: 'Company Tax Return' }).waitFor();
    returnRequestPath = new URL(staff.url()).pathname;

    // Someone else replies meanwhile: this page's Accept is refused (409), said in the dialog; the page catches up and a retry works.
    const csrf = ((await (await staff.request.get(`${server.baseUrl}/api/staff/session`)).json()) as { csrfToken: string }).csrfToken;
    const requestId = returnRequestPath.split('/').pop() ?? '';
    const elsewhere = await staff.request.post(`${server.baseUrl}/api/staff/service-requests/${requestId}/reply`, {
      headers: { 'x-csrf-token': csrf },
      data: { version: 1, body: 'We will set this up this week.' },
    });
    expect(elsewhere.status(), await elsewhere.text()).toBe(200);

    await staff.getByRole('button', { name: 'Accept as a service' }).click();
    const acceptDialog = staff.getByRole('dialog', { name: `Accept as a service for ${CLIENT}` });
    // The client's category is the template to start from, and the client's team member does the work.
    await acceptDialog.getByRole('button', { name: /^Company Tax Return.*Template$/ }).waitFor();
    await acceptDialog.getByRole('button', { name: /^Priya Shah.*Assigned to$/ }).waitFor();
    await acceptDialog.getByRole('textbox', { name: /^Service name/ }).fill('Company Tax Return 2026');
    const due = acceptDialog.getByRole('group', { name: /^Due date/ });
    await due.getByRole('spinbutton', { name: /^day/ }).click();
    await staff.keyboard.type('15052027');
    await expect.poll(() => due.textContent()).toContain('15/05/2027');
    await acceptDialog.getByRole('button', { name: 'Accept and create service' }).click();
    await acceptDialog.getByText('Someone else changed this request after you opened it', { exact: false }).waitFor();
    await expectAccessible(staff);
    await shot(staff, 'service-requests-staff-accept-dialog-stale');
    await staff.locator('.badge', { hasText: 'In discussion' }).waitFor();
    await acceptDialog.getByRole('button', { name: 'Accept and create service' }).click();
    await acceptDialog.waitFor({ state: 'detached' });
    await decision.getByText('Accepted as a service').waitFor();
    await expectAccessible(staff);
    await shot(staff, 'service-requests-staff-accepted');
    await decision.getByRole('link', { name: 'Open the service' }).click();
    await staff.getByRole('heading', { level: 1, name: 'Company Tax Return 2026' }).waitFor();
    expect(new URL(staff.url()).pathname).toMatch(/^\/app\/services\/[0-9a-f-]{36}$/);

    // Nothing is open now: the menu count has gone.
    await staff.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Requests', exact: true }).waitFor();

    // ---- The client sees each decision: Declined with the reason and the conversation; Accepted with its service.
    await client.goto(`${server.portalUrl(SLUG)}/request-service`);
    await client.getByRole('heading', { level: 1, name: 'Request Service' }).waitFor();
    await trust.getByText('Declined', { exact: true }).waitFor();
    await trust.getByText(DECLINE_REASON).waitFor();
    await trust.getByText(`${FIRM} declined this request:`).waitFor();
    await companyReturn.getByText('Accepted', { exact: true }).waitFor();
    await expectAccessible(client);
    await shot(client, 'service-requests-portal-decided');
    await trust.getByRole('link', { name: 'Read the conversation about Something else' }).click();
    await client.getByRole('heading', { level: 1, name: 'Your request: Something else' }).waitFor();
    await client.getByText('Who would the trustee be', { exact: false }).waitFor();
    await expectAccessible(client);
    await client.goBack();
    await companyReturn.getByRole('link', { name: 'Go to the service for Company Tax Return' }).click();
    await client.getByRole('heading', { level: 1, name: 'Company Tax Return 2026' }).waitFor();

    // The dashboard lists them too, one line each, with the way to the whole list.
    await client.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Dashboard' }).click();
    const latest = client.getByRole('list', { name: 'Your latest requests' });
    await latest.getByRole('listitem').filter({ hasText: 'Company Tax Return' }).getByText('Accepted', { exact: true }).waitFor();
    await latest.getByRole('listitem').filter({ hasText: 'Something else' }).getByText('Declined', { exact: true }).waitFor();
    await client.getByRole('link', { name: 'Company Tax Return 2026' }).waitFor();
    await expectAccessible(client);
    await shot(client, 'service-requests-portal-dashboard');
  }, 240_000);

  it('fits a small phone on both sides', async () => {
    const phone = await newContext(360, 780, true);
    await signInToPortal(phone, server.portalUrl(SLUG), clientEmail);
    await expectNoHorizontalOverflow(phone);
    await shot(phone, 'service-requests-portal-dashboard-360');
    await phone.getByRole('link', { name: 'Request Service' }).tap();
    await phone.getByRole('heading', { level: 1, name: 'Request Service' }).waitFor();
    await phone.getByRole('list', { name: 'Your requests' }).getByRole('article', { name: 'Something else' }).waitFor();
    await expectNoHorizontalOverflow(phone);
    await expectAccessible(phone);
    await shot(phone, 'service-requests-portal-360');

    const staffPhone = await newContext(360, 780, true);
    await signInAsStaff(staffPhone, server.baseUrl, staffEmail, TEST_PASSWORD);
    await staffPhone.goto(`${server.baseUrl}/app/requests`);
    await staffPhone.getByRole('grid', { name: 'Service requests' }).getByRole('row').filter({ hasText: 'Company Tax Return' }).waitFor();
    await expectNoHorizontalOverflow(staffPhone);
    await expectAccessible(staffPhone);
    await shot(staffPhone, 'service-requests-staff-list-360');
    await staffPhone.goto(`${server.baseUrl}${trustRequestPath}`);
    await staffPhone.getByRole('heading', { level: 1, name: 'Something else' }).waitFor();
    await expectNoHorizontalOverflow(staffPhone);
    await expectAccessible(staffPhone);
    await shot(staffPhone, 'service-requests-staff-request-360');
  }, 120_000);
});
