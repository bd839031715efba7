import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProposalDetail, ProposalTemplate } from '../../src/contracts/proposals.js';
import { createClient, createFirm, createPortalUser, createStaff, TEST_PASSWORD } from '../harness.js';
import { browserAvailable, expectAccessible, launchBrowser, screenshot, signInAsStaff, startServer, type RunningServer } from './browser.js';

const FIRM = 'Banksia Partners';
const SLUG = 'banksia-proposals';
const CLIENT = 'Bright Orchard Pty Ltd';
const SIGNER = 'Casey Barista';
const SIGNER_EMAIL = 'casey@brightorchard.example';
const DECLINE_REASON = 'We have decided to keep doing our own BAS this year.';
const INVALID = 'This signing link can no longer be used';

/** Full-page screenshots from the top (test-results/screenshots, and a copy in /tmp for review). */
async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
  mkdirSync('/tmp/proposals-shots', { recursive: true });
  copyFileSync(join(process.cwd(), 'test-results', 'screenshots', `${name}.png`), join('/tmp/proposals-shots', `${name}.png`));
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

/** Draws a squiggle across the signature box with pointer (mouse) moves. */
async function drawSignature(page: Page, finger = false) {
  const canvas = page.getByTestId('signature-canvas');
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  if (!box) throw new Error('no signature box');
  const y = box.y + box.height / 2;
  if (finger) {
    // A finger on a touch screen: real touch events (Chromium turns them into touch pointer events).
    const cdp = await page.context().newCDPSession(page);
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', x: number, ty: number) =>
      cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y: ty }] });
    await touch('touchStart', box.x + 20, y);
    for (let i = 1; i <= 24; i++) await touch('touchMove', box.x + 20 + i * ((box.width - 40) / 24), y + Math.sin(i / 2) * 30);
    await touch('touchEnd', 0, 0);
    await touch('touchStart', box.x + 40, y + 35);
    for (let i = 1; i <= 8; i++) await touch('touchMove', box.x + 40 + i * ((box.width - 80) / 8), y + 35 - i * 0.6);
    await touch('touchEnd', 0, 0);
    await cdp.detach();
    return;
  }
  await page.mouse.move(box.x + 20, y);
  await page.mouse.down();
  for (let i = 1; i <= 24; i++) await page.mouse.move(box.x + 20 + i * ((box.width - 40) / 24), y + Math.sin(i / 2) * 30, { steps: 2 });
  await page.mouse.up();
  await page.mouse.move(box.x + 40, y + 35);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width - 40, y + 30, { steps: 8 });
  await page.mouse.up();
}

// Skipped only when Debian's chromium is missing on a developer machine; CI sets REQUIRE_BROWSER=1, which fails instead.
describe.skipIf(!browserAvailable)('browser: proposals — staff build and send one, clients sign from the e-mailed link on a phone or in the portal, or decline', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let staffEmail = '';
  let clientId = '';
  let signerId = '';
  let usedLink = '';

  async function newContext(width: number, height: number, mobile = false) {
    const context = await browser.newContext({ viewport: { width, height }, isMobile: mobile, hasTouch: mobile, locale: 'en-AU', timezoneId: 'Australia/Sydney' });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    return page;
  }

  /** Staff make and send a proposal through the API (for the portal tests): the annual compliance template. */
  async function sendByApi(staff: Page, title: string): Promise<ProposalDetail> {
    const csrf = ((await (await staff.request.get(`${server.baseUrl}/api/staff/session`)).json()) as { csrfToken: string }).csrfToken;
    const headers = { 'x-csrf-token': csrf };
    const templates = (await (await staff.request.get(`${server.baseUrl}/api/staff/proposal-templates`)).json()) as { items: ProposalTemplate[] };
    const t = templates.items.find((x) => x.key === 'annual_compliance');
    if (!t) throw new Error('no template');
    const expiresOn = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    const created = await staff.request.post(`${server.baseUrl}/api/staff/proposals`, {
      headers,
      data: { clientId, title, intro: t.intro, terms: t.terms, items: t.items, signers: [{ portalUserId: signerId }], expiresOn, invoiceOnAcceptance: false },
    });
    expect(created.status(), await created.text()).toBe(201);
    const draft = (await created.json()) as ProposalDetail;
    const sent = await staff.request.post(`${server.baseUrl}/api/staff/proposals/${draft.id}/send`, { headers, data: { version: draft.version } });
    expect(sent.status(), await sent.text()).toBe(200);
    return (await sent.json()) as ProposalDetail;
  }

  beforeAll(async () => {
    server = await startServer({ noticeBatchSeconds: 0 });
    browser = await launchBrowser();
    const firm = await createFirm(server.db, { slug: SLUG, displayName: FIRM, legalName: `${FIRM} Pty Ltd`, primaryColour: '#7A3E12', gstRegistered: true });
    const owner = await createStaff(server.db, firm.id, { email: 'mia@banksia.example', name: 'Mia Chen', role: 'owner' });
    const client = await createClient(server.db, firm.id, { name: CLIENT, type: 'company', assignedStaffId: owner.id });
    const person = await createPortalUser(server.db, firm.id, client.id, { email: SIGNER_EMAIL, name: SIGNER });
    staffEmail = owner.email;
    clientId = client.id;
    signerId = person.id;
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
  });

  it('staff send a proposal from a template; the client signs from the e-mailed link on a phone by drawing; staff see it accepted and verify the signed PDF', async () => {
    // ---- Staff: Proposals in the menu, the empty list, then New proposal from the annual compliance template.
    const staff = await newContext(1280, 900);
    await signInAsStaff(staff, server.baseUrl, staffEmail, TEST_PASSWORD);
    // The firm's service templates (made on first use) are what the proposal's items become.
    expect((await staff.request.get(`${server.baseUrl}/api/staff/templates`)).status()).toBe(200);
    await staff.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Proposals', exact: true }).click();
    await staff.getByRole('heading', { level: 1, name: 'Proposals' }).waitFor();
    await staff.getByRole('grid', { name: 'Proposals' }).getByText(/^No proposals yet/).waitFor();
    await expectAccessible(staff);

    await staff.getByRole('link', { name: 'New proposal' }).click();
    await staff.getByRole('heading', { level: 1, name: 'New proposal' }).waitFor();
    await staff.getByRole('combobox', { name: 'Client' }).fill('Bright');
    await staff.getByRole('option', { name: CLIENT }).click();
    await choose(staff, 'Start from', /^Annual compliance package$/);
    await expect.poll(() => staff.getByRole('textbox', { name: /^Title/ }).inputValue()).toBe('Annual compliance package');
    // The items came with the template, linked to the firm's services; the totals follow the one GST rule.
    const items = staff.getByRole('listitem', { name: /^Item \d$/ });
    expect(await items.count()).toBe(4);
    await expect.poll(() => items.nth(0).getByRole('textbox', { name: /^Description/ }).inputValue()).toBe('BAS preparation and lodgment');
    const totals = staff.getByRole('table', { name: /^Totals/ });
    // Quarterly $495.00 + GST $49.50; one-off $450.00 + $45.00; annual $2,750.00 + $275.00; monthly bookkeeping is optional.
    await totals.getByRole('row', { name: /Each quarter \$495\.00 \$49\.50 \$544\.50/ }).waitFor();
    await totals.getByRole('row', { name: /One-off \$450\.00 \$45\.00 \$495\.00/ }).waitFor();
    await totals.getByRole('row', { name: /Each month \$0\.00 \$0\.00 \$0\.00 \$423\.50/ }).waitFor();
    await staff.getByRole('checkbox', { name: SIGNER }).check({ force: true });
    await expectAccessible(staff);
    await shot(staff, 'proposals-staff-new');

    await staff.getByRole('button', { name: 'Send proposal' }).click();
    const sendDialog = staff.getByRole('alertdialog', { name: 'Send this proposal?' });
    await sendDialog.getByRole('button', { name: 'Send proposal' }).click();
    await sendDialog.waitFor({ state: 'detached' });
    await staff.getByRole('heading', { level: 1, name: 'Annual compliance package' }).waitFor();
    const proposalPath = new URL(staff.url()).pathname;
    expect(proposalPath).toMatch(/^\/app\/proposals\/[0-9a-f-]{36}$/);
    await staff.locator('.badge', { hasText: 'Awaiting signature' }).first().waitFor();
    const signers = staff.getByRole('list', { name: 'Signers' });
    await signers.getByRole('article', { name: SIGNER }).getByText('Waiting', { exact: true }).waitFor();
    await signers.getByRole('article', { name: SIGNER }).getByText(/^\d{2}\/\d{2}\/\d{4}, \d{1,2}:\d{2} (am|pm)$/).first().waitFor();
    await staff.getByRole('link', { name: 'Download PDF' }).waitFor();
    await expectAccessible(staff);

    // ---- The e-mail: a direct link with the token in the fragment, no prices in it.
    const mail = await server.built.mailCatcher!.waitFor((m) => m.to.includes(SIGNER_EMAIL) && /proposal to sign/.test(m.subject), 15_000);
    const link = /(http:\/\/\S+\/sign#token=[A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
    expect(link).toBeTruthy();
    expect(mail.text).not.toContain('$495');
    usedLink = link ?? '';

    // ---- The client on a phone, not signed in: the token leaves the address bar at once; no referrer is sent.
    const phone = await newContext(360, 740, true);
    const response = await phone.goto(usedLink);
    expect(response?.headers()['referrer-policy']).toBe('no-referrer');
    await phone.getByRole('heading', { level: 1, name: 'Annual compliance package' }).waitFor();
    expect(phone.url()).not.toContain('token');
    expect(new URL(phone.url()).hash).toBe('');
    expect(await phone.locator('meta[name="referrer"]').getAttribute('content')).toBe('no-referrer');
    await phone.getByText(`Proposal from ${FIRM}`).waitFor();
    await phone.getByRole('heading', { name: 'Scope and pricing' }).waitFor();
    await phone.getByRole('heading', { name: 'Terms and engagement letter' }).waitFor();
    await expectNoHorizontalOverflow(phone);
    await expectAccessible(phone);

    // Ticking the optional bookkeeping adds its monthly price to the totals.
    const phoneTotals = phone.getByRole('table', { name: /^Totals/ });
    expect(await phoneTotals.getByRole('row', { name: /Each month/ }).count()).toBe(0);
    await phone.getByRole('checkbox', { name: 'Include Monthly bookkeeping' }).check({ force: true });
    await phoneTotals.getByRole('row', { name: /Each month \$385\.00 \$38\.50 \$423\.50/ }).waitFor();

    // Pressing Accept and sign with nothing filled in says what is missing.
    await phone.getByRole('textbox', { name: /^Your full name/ }).fill('');
    await phone.getByRole('button', { name: 'Accept and sign' }).click();
    await phone.getByText('Tick the box to agree to sign electronically.').waitFor();
    await phone.getByText('Type your full name.').waitFor();
    await phone.getByText('Add your signature', { exact: false }).waitFor();

    await phone.getByRole('checkbox', { name: /I agree to sign this proposal electronically/ }).check({ force: true });
    await phone.getByRole('textbox', { name: /^Your full name/ }).fill(SIGNER);
    await drawSignature(phone, true);
    await phone.getByRole('img', { name: 'Your drawn signature' }).waitFor();
    await expectNoHorizontalOverflow(phone);
    await expectAccessible(phone);
    await shot(phone, 'proposals-sign-link-phone');
    await phone.getByRole('button', { name: 'Accept and sign' }).tap();
    await phone.getByText('Signed — the proposal is accepted').waitFor();
    await expectNoHorizontalOverflow(phone);
    await expectAccessible(phone);
    await phone.getByText(/You signed this proposal on \d{2}\/\d{2}\/\d{4}/).waitFor();
    expect(await phone.getByRole('button', { name: 'Accept and sign' }).count()).toBe(0);
    await expectNoHorizontalOverflow(phone);
    await expectAccessible(phone);
    await shot(phone, 'proposals-sign-link-phone-signed');

    // ---- Staff: Accepted, with the service made and the signed PDF.
    await staff.reload();
    await staff.locator('.badge', { hasText: 'Accepted' }).first().waitFor();
    const accepted = staff.getByRole('region', { name: 'Accepted' });
    await signers.getByRole('article', { name: SIGNER }).getByText('Signed', { exact: true }).first().waitFor();
    const signedPdfLink = accepted.getByRole('link', { name: 'Download the signed PDF' });
    await signedPdfLink.waitFor();
    await staff.getByText('Included').first().waitFor();
    await staff.getByRole('table', { name: /Evidence events/ }).getByRole('row', { name: /Signed/ }).first().waitFor();
    await expectAccessible(staff);
    await shot(staff, 'proposals-staff-accepted');
    const href = (await signedPdfLink.getAttribute('href')) ?? '';
    const signedPdf = Buffer.from(await (await staff.request.get(`${server.baseUrl}${href}`)).body());
    expect(signedPdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The services it set up, by name (the template's items with their periods).
    const serviceLinks = accepted.getByRole('list').getByRole('link');
    expect(await serviceLinks.count()).toBeGreaterThanOrEqual(4);
    expect(await serviceLinks.allTextContents()).toContainEqual(expect.stringMatching(/^Bookkeeping|^BAS|^Company Tax Return|^Monthly bookkeeping/));
    await serviceLinks.first().click();
    await staff.getByRole('heading', { level: 1 }).waitFor();
    expect(new URL(staff.url()).pathname).toMatch(/^\/app\/services\/[0-9a-f-]{36}$/);
    await expectAccessible(staff);

    // ---- Verify a signed PDF: Intact for the file as downloaded, Altered with one byte changed.
    await staff.goto(`${server.baseUrl}/app/proposals`);
    await staff.getByRole('link', { name: 'Verify a signed PDF' }).click();
    await staff.getByRole('heading', { level: 1, name: 'Verify a signed PDF' }).waitFor();
    await expectAccessible(staff);
    const upload = async (name: string, buffer: Buffer) => {
      const chooser = staff.waitForEvent('filechooser');
      await staff.getByRole('button', { name: 'Choose a PDF' }).click();
      await (await chooser).setFiles([{ name, mimeType: 'application/pdf', buffer }]);
    };
    await upload('signed.pdf', signedPdf);
    await staff.getByText('Intact', { exact: true }).waitFor();
    await staff.getByText(/^INTACT: this is the signed/).waitFor();
    await expectAccessible(staff);
    await shot(staff, 'proposals-staff-verify-intact');
    const altered = Buffer.from(signedPdf);
    const at = Math.floor(altered.length / 3);
    altered[at] = (altered[at] ?? 0) ^ 0x01;
    await upload('signed-altered.pdf', altered);
    await staff.getByText('Altered', { exact: true }).waitFor();
    await staff.getByText(/^ALTERED:/).waitFor();
    await expectAccessible(staff);
  }, 240_000);

  it('a client accepts in the portal while signed in (typed signature), from the dashboard notice', async () => {
    const staff = await newContext(1280, 900);
    await signInAsStaff(staff, server.baseUrl, staffEmail, TEST_PASSWORD);
    const sent = await sendByApi(staff, 'BAS and year-end package');

    const client = await newContext(1280, 900);
    await signInToPortal(client, server.portalUrl(SLUG), SIGNER_EMAIL);
    const notice = client.getByRole('region', { name: 'A proposal is waiting for your signature' });
    await notice.getByText('BAS and year-end package').waitFor();
    await expectAccessible(client);
    await notice.getByRole('link', { name: 'Review and sign' }).click();
    await client.getByRole('heading', { level: 1, name: 'BAS and year-end package' }).waitFor();
    expect(new URL(client.url()).pathname).toBe(`/proposals/${sent.id}`);
    await expectAccessible(client);

    await client.getByRole('checkbox', { name: /I agree to sign this proposal electronically/ }).check({ force: true });
    await expect.poll(() => client.getByRole('textbox', { name: /^Your full name/ }).inputValue()).toBe(SIGNER);
    // Keyboard users type their signature instead of drawing it.
    await client.getByRole('radio', { name: 'Type it' }).check({ force: true });
    await expect.poll(() => client.getByRole('textbox', { name: /^Type your signature/ }).inputValue()).toBe(SIGNER);
    await expectAccessible(client);
    await shot(client, 'proposals-portal-sign');
    await client.getByRole('button', { name: 'Accept and sign' }).click();
    await client.getByText('Signed — the proposal is accepted').waitFor();
    await client.getByRole('link', { name: 'Open the signed PDF in Documents' }).waitFor();
    await expectAccessible(client);

    // The list says Accepted, and the dashboard notice has gone.
    await client.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Proposals' }).click();
    const list = client.getByRole('list', { name: 'Proposals' });
    await list.getByRole('article', { name: 'BAS and year-end package' }).getByText('Accepted', { exact: true }).waitFor();
    await list.getByRole('article', { name: 'Annual compliance package' }).getByText('Accepted', { exact: true }).waitFor();
    await expectAccessible(client);
    await shot(client, 'proposals-portal-list');
    await client.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Dashboard' }).click();
    await client.getByRole('heading', { name: /^Welcome, / }).waitFor();
    expect(await client.getByRole('region', { name: /waiting for your signature/ }).count()).toBe(0);
  }, 120_000);

  it('a client declines with a reason; staff see Declined and the reason', async () => {
    const staff = await newContext(1280, 900);
    await signInAsStaff(staff, server.baseUrl, staffEmail, TEST_PASSWORD);
    const sent = await sendByApi(staff, 'Bookkeeping and BAS 2026–27');

    const client = await newContext(1280, 900);
    await signInToPortal(client, server.portalUrl(SLUG), SIGNER_EMAIL);
    await client.goto(`${server.portalUrl(SLUG)}/proposals`);
    await client.getByRole('list', { name: 'Proposals' }).getByRole('article', { name: 'Bookkeeping and BAS 2026–27' }).getByRole('link', { name: /Review and sign/ }).click();
    await client.getByRole('heading', { level: 1, name: 'Bookkeeping and BAS 2026–27' }).waitFor();
    await client.getByRole('button', { name: 'Decline', exact: true }).click();
    const dialog = client.getByRole('dialog', { name: 'Decline this proposal?' });
    await dialog.getByRole('textbox', { name: /^Reason/ }).fill(DECLINE_REASON);
    await expectAccessible(client);
    await shot(client, 'proposals-portal-decline-dialog');
    await dialog.getByRole('button', { name: 'Decline proposal' }).click();
    await dialog.waitFor({ state: 'detached' });
    await client.getByText('You declined this proposal').waitFor();
    expect(await client.getByRole('button', { name: 'Accept and sign' }).count()).toBe(0);
    await expectAccessible(client);

    await staff.goto(`${server.baseUrl}/app/proposals/${sent.id}`);
    await staff.locator('.badge', { hasText: 'Declined' }).first().waitFor();
    await staff.getByText(`Reason: ${DECLINE_REASON}`).waitFor();
    await expectAccessible(staff);
    // The list filters by status.
    await staff.goto(`${server.baseUrl}/app/proposals?status=declined`);
    const table = staff.getByRole('grid', { name: 'Proposals' });
    await table.getByRole('row').filter({ hasText: 'Bookkeeping and BAS 2026–27' }).waitFor();
    expect(await table.getByRole('row').filter({ hasText: 'Annual compliance package' }).count()).toBe(0);
    await expectAccessible(staff);
  }, 120_000);

  it('a used, or made-up, signing link shows the one clear page', async () => {
    expect(usedLink).not.toBe('');
    for (const url of [usedLink, `${server.portalUrl(SLUG)}/sign#token=${'A'.repeat(43)}`, `${server.portalUrl(SLUG)}/sign`]) {
      const page = await newContext(360, 740, true);
      await page.goto(url);
      await page.getByRole('heading', { level: 1, name: INVALID }).waitFor();
      expect(page.url()).not.toContain('token');
      await expectNoHorizontalOverflow(page);
      await expectAccessible(page);
    }
    const page = contexts.at(-1)?.pages()[0];
    if (page) await shot(page, 'proposals-sign-link-invalid');
  }, 90_000);
});
