import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProposalDetail, ProposalTemplate } from '../../src/contracts/proposals.js';
import { createClient, createFirm, createPortalUser, createStaff, TEST_PASSWORD } from '../harness.js';
import { browserAvailable, expectAccessible, launchBrowser, screenshot, signInAsStaff, startServer, type RunningServer } from './browser.js';

const FIRM = 'Ironbark Advisory';
const SLUG = 'ironbark-proposals';
const CLIENT = 'Red Gum Joinery Pty Ltd';
const SIGNER = 'Ava Nguyen';
const SIGNER_EMAIL = 'ava@redgumjoinery.example';
const NEED = 'We incorporated in February and need our first company tax return done, plus help with BAS.';
const TITLE = 'Annual compliance package';
const OTP_SWITCH = 'Ask signers for a code sent by e-mail before they sign from a link';

/** Full-page screenshots from the top. */
async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
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

/** Consent, full name and a typed signature, then Accept and sign (the signature set in a script face). */
async function acceptWithTypedSignature(page: Page) {
  await page.getByRole('checkbox', { name: /I agree to sign this proposal electronically/ }).check({ force: true });
  const name = page.getByRole('textbox', { name: /^Your full name/ });
  if ((await name.inputValue()) === '') await name.fill(SIGNER);
  await page.getByRole('radio', { name: 'Type it' }).check({ force: true });
  const typed = page.getByRole('textbox', { name: /^Type your signature/ });
  if ((await typed.inputValue()) === '') await typed.fill(SIGNER);
  await page.getByRole('button', { name: 'Accept and sign' }).click();
  await page.getByText('Signed — the proposal is accepted').waitFor();
}

// Skipped only when Debian's chromium is missing on a developer machine; CI sets REQUIRE_BROWSER=1, which fails instead.
describe.skipIf(!browserAvailable)('browser: a service request becomes a proposal the client signs; the firm asks link signers for an e-mailed code', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let staffEmail = '';
  let clientId = '';
  let signerId = '';

  async function newContext(width: number, height: number) {
    const context = await browser.newContext({ viewport: { width, height }, locale: 'en-AU', timezoneId: 'Australia/Sydney' });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    return page;
  }

  beforeAll(async () => {
    server = await startServer({ noticeBatchSeconds: 0 });
    browser = await launchBrowser();
    const firm = await createFirm(server.db, { slug: SLUG, displayName: FIRM, legalName: `${FIRM} Pty Ltd`, primaryColour: '#1F5C4A', gstRegistered: true });
    const owner = await createStaff(server.db, firm.id, { email: 'leo@ironbark.example', name: 'Leo Martin', role: 'owner' });
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

  it('the client requests a service; staff make a proposal from it, change a price and send it; the client reviews it from Your requests, signs, and the request is Accepted', async () => {
    const staff = await newContext(1280, 900);
    await signInAsStaff(staff, server.baseUrl, staffEmail, TEST_PASSWORD);
    // The firm's service templates (its kinds of work) are made on first use.
    expect((await staff.request.get(`${server.baseUrl}/api/staff/templates`)).status()).toBe(200);

    // ---- The client asks for a company tax return.
    const client = await newContext(1280, 900);
    await signInToPortal(client, server.portalUrl(SLUG), SIGNER_EMAIL);
    await client.getByRole('link', { name: 'Request Service' }).click();
    await client.getByRole('heading', { level: 1, name: 'Request Service' }).waitFor();
    await choose(client, 'Category', /^Company Tax Return$/);
    await client.getByRole('textbox', { name: 'Describe what you need' }).fill(NEED);
    await client.getByRole('button', { name: 'Submit' }).click();
    const request = client.getByRole('list', { name: 'Your requests' }).getByRole('article', { name: 'Company Tax Return' });
    await request.getByText('Submitted', { exact: true }).waitFor();

    // ---- Staff open it and make a proposal: a pre-filled draft opens in the editor.
    await staff.goto(`${server.baseUrl}/app/requests`);
    await staff.getByRole('grid', { name: 'Service requests' }).getByRole('link', { name: 'Company Tax Return' }).click();
    await staff.getByRole('heading', { level: 1, name: 'Company Tax Return' }).waitFor();
    const requestPath = new URL(staff.url()).pathname;
    const decision = staff.getByRole('region', { name: 'Decision' });
    await expectAccessible(staff);
    await decision.getByRole('button', { name: 'Make a proposal' }).click();
    const dialog = staff.getByRole('dialog', { name: `Make a proposal for ${CLIENT}` });
    await dialog.getByRole('button', { name: /^Suggested for this request.*Start from$/ }).waitFor();
    await expectAccessible(staff);
    await shot(staff, 'proposal-requests-staff-make-dialog');
    await dialog.getByRole('button', { name: 'Make draft proposal' }).click();
    await staff.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    expect(new URL(staff.url()).pathname).toMatch(/^\/app\/proposals\/[0-9a-f-]{36}$/);
    await staff.getByText('Draft proposal made. Check the items and prices, then send it.').waitFor();
    await expect.poll(() => staff.getByRole('textbox', { name: /^Introduction/ }).inputValue()).toContain(NEED.slice(0, 40));
    expect(await staff.getByRole('checkbox', { name: SIGNER }).isChecked()).toBe(true);

    // Change the price of the quarterly BAS work: the totals follow.
    const first = staff.getByRole('listitem', { name: 'Item 1' });
    await first.getByRole('textbox', { name: /^Unit price excl\. GST/ }).fill('550.00');
    await staff.getByRole('table', { name: /^Totals/ }).getByRole('row', { name: /Each quarter \$550\.00 \$55\.00 \$605\.00/ }).waitFor();
    await expectAccessible(staff);
    await staff.getByRole('button', { name: 'Send proposal' }).click();
    const sendDialog = staff.getByRole('alertdialog', { name: 'Send this proposal?' });
    await sendDialog.getByRole('button', { name: 'Send proposal' }).click();
    await sendDialog.waitFor({ state: 'detached' });
    await staff.locator('.badge', { hasText: 'Awaiting signature' }).first().waitFor();
    const proposalPath = new URL(staff.url()).pathname;

    // ---- Back on the request: Proposal sent, the proposal linked, and no Accept or Decline while it is out.
    await staff.getByRole('link', { name: 'Answers a service request' }).click();
    await staff.getByRole('heading', { level: 1, name: 'Company Tax Return' }).waitFor();
    expect(new URL(staff.url()).pathname).toBe(requestPath);
    await staff.getByRole('region', { name: 'Request', exact: true }).locator('.badge', { hasText: 'Proposal sent' }).waitFor();
    const linked = decision.getByRole('region', { name: 'Proposal' });
    await linked.getByText('Awaiting signature', { exact: true }).waitFor();
    expect(await linked.getByRole('link', { name: 'Open the proposal' }).getAttribute('href')).toBe(proposalPath);
    await decision.getByText('withdraw the proposal first', { exact: false }).waitFor();
    for (const name of ['Accept as a service', 'Decline']) expect(await decision.getByRole('button', { name, exact: true }).isDisabled()).toBe(true);
    expect(await decision.getByRole('button', { name: /proposal/ }).count()).toBe(0);
    await expectAccessible(staff);
    await shot(staff, 'proposal-requests-staff-request-proposed');

    // The queue filters and shows it as Proposal sent; it is not waiting for the firm.
    await staff.goto(`${server.baseUrl}/app/requests`);
    await staff.getByText('None are waiting for a decision.', { exact: false }).waitFor();
    await choose(staff, 'Status', /^Proposal sent$/);
    expect(new URL(staff.url()).searchParams.get('status')).toBe('proposed');
    const row = staff.getByRole('grid', { name: 'Service requests' }).getByRole('row').filter({ hasText: 'Company Tax Return' });
    await row.getByText('Proposal sent', { exact: true }).waitFor();
    await expectAccessible(staff);

    // ---- The client: Proposal sent in Your requests (and on the dashboard), with the way to the proposal.
    await client.goto(`${server.portalUrl(SLUG)}/request-service`);
    await request.getByText('Proposal sent', { exact: true }).waitFor();
    await expectAccessible(client);
    await shot(client, 'proposal-requests-portal-proposed');
    await request.getByRole('link', { name: 'Review the proposal for Company Tax Return' }).click();
    await client.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    expect(new URL(client.url()).pathname).toBe(`/proposals/${proposalPath.split('/').pop()}`);
    await client.getByText('$605.00').first().waitFor();
    await expectAccessible(client);
    await acceptWithTypedSignature(client);

    await client.goto(`${server.portalUrl(SLUG)}/request-service`);
    await request.getByText('Accepted', { exact: true }).waitFor();
    await request.getByRole('link', { name: 'Open the proposal for Company Tax Return' }).waitFor();
    await expectAccessible(client);

    // ---- Staff: the request is Accepted through the proposal; the proposal names the services it set up.
    await staff.goto(`${server.baseUrl}${requestPath}`);
    await decision.getByText('Accepted through a proposal').waitFor();
    await decision.getByRole('region', { name: 'Proposal' }).getByText('Accepted', { exact: true }).waitFor();
    await decision.getByRole('link', { name: 'Open the service' }).waitFor();
    await expectAccessible(staff);
    await shot(staff, 'proposal-requests-staff-request-accepted');
    await decision.getByRole('link', { name: 'Open the proposal' }).click();
    const accepted = staff.getByRole('region', { name: 'Accepted' });
    const services = accepted.getByRole('list').getByRole('link');
    await services.first().waitFor();
    const names = await services.allTextContents();
    expect(names.length).toBeGreaterThanOrEqual(3);
    for (const n of names) expect(n).not.toMatch(/^Service( \d+)?$/);
    await expectAccessible(staff);
    await shot(staff, 'proposal-requests-staff-proposal-accepted');

    // ---- The client's page: the Proposals tab lists theirs, and New proposal starts one for them.
    await staff.goto(`${server.baseUrl}/app/clients/${clientId}?tab=proposals`);
    const table = staff.getByRole('grid', { name: `Proposals for ${CLIENT}` });
    await table.getByRole('row').filter({ hasText: TITLE }).getByText('Accepted', { exact: true }).waitFor();
    await expectAccessible(staff);
    await shot(staff, 'proposal-requests-staff-client-proposals');
    await staff.getByRole('link', { name: `New proposal for ${CLIENT}` }).click();
    await staff.getByRole('heading', { level: 1, name: 'New proposal' }).waitFor();
    expect(new URL(staff.url()).searchParams.get('clientId')).toBe(clientId);
    await expect.poll(() => staff.getByRole('combobox', { name: 'Client' }).inputValue()).toBe(CLIENT);
    await staff.getByRole('checkbox', { name: SIGNER }).waitFor();
    await expectAccessible(staff);
  }, 240_000);

  it('owners turn on the one-time code in Settings; a signer from the e-mailed link enters the code from the e-mail, then signs; the evidence says so', async () => {
    const staff = await newContext(1280, 900);
    await signInAsStaff(staff, server.baseUrl, staffEmail, TEST_PASSWORD);
    await staff.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings', exact: true }).click();
    await staff.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    const otp = staff.getByRole('switch', { name: OTP_SWITCH });
    expect(await otp.isChecked()).toBe(false);
    await otp.check({ force: true });
    await expectAccessible(staff);
    await staff.getByRole('button', { name: 'Save settings' }).click();
    await staff.getByText('Firm settings saved.').waitFor();
    const firm = (await (await staff.request.get(`${server.baseUrl}/api/staff/firm`)).json()) as { proposalSigningOtp: boolean };
    expect(firm.proposalSigningOtp).toBe(true);
    await staff.reload();
    await expect.poll(() => staff.getByRole('switch', { name: OTP_SWITCH }).isChecked()).toBe(true);
    await shot(staff, 'proposal-requests-settings-otp');

    // ---- A proposal sent (through the API, as the proposals test does), signed from its e-mailed link.
    const csrf = ((await (await staff.request.get(`${server.baseUrl}/api/staff/session`)).json()) as { csrfToken: string }).csrfToken;
    const headers = { 'x-csrf-token': csrf };
    const templates = (await (await staff.request.get(`${server.baseUrl}/api/staff/proposal-templates`)).json()) as { items: ProposalTemplate[] };
    const t = templates.items.find((x) => x.key === 'bas_quarterly');
    if (!t) throw new Error('no template');
    const expiresOn = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    const created = await staff.request.post(`${server.baseUrl}/api/staff/proposals`, {
      headers,
      data: { clientId, title: 'BAS quarterly 2026–27', intro: t.intro, terms: t.terms, items: t.items, signers: [{ portalUserId: signerId }], expiresOn, invoiceOnAcceptance: false },
    });
    expect(created.status(), await created.text()).toBe(201);
    const draft = (await created.json()) as ProposalDetail;
    const sent = await staff.request.post(`${server.baseUrl}/api/staff/proposals/${draft.id}/send`, { headers, data: { version: draft.version } });
    expect(sent.status(), await sent.text()).toBe(200);

    const mail = await server.built.mailCatcher!.waitFor((m) => m.to.includes(SIGNER_EMAIL) && /proposal to sign/.test(m.subject) && m.text.includes('BAS quarterly 2026–27'), 15_000);
    const link = /(http:\/\/\S+\/sign#token=[A-Za-z0-9_-]+)/.exec(mail.text)?.[1] ?? '';
    expect(link).not.toBe('');

    const signer = await newContext(1280, 900);
    await signer.goto(link);
    await signer.getByRole('heading', { level: 1, name: 'BAS quarterly 2026–27' }).waitFor();
    const step = signer.getByRole('region', { name: 'Confirm it’s you' });
    await step.waitFor();
    await expectAccessible(signer);
    await step.getByRole('button', { name: 'E-mail me a code' }).click();
    await step.getByText(`We sent a code to`, { exact: false }).waitFor();
    const codeMail = await server.built.mailCatcher!.waitFor((m) => m.to.includes(SIGNER_EMAIL) && /Your code to sign/.test(m.subject), 15_000);
    const code = /Your code is (\d{6})/.exec(codeMail.text)?.[1] ?? '';
    expect(code).toMatch(/^\d{6}$/);
    await step.getByRole('textbox', { name: '6-digit code' }).fill(code);
    await expectAccessible(signer);
    await shot(signer, 'proposal-requests-sign-otp');
    await step.getByRole('button', { name: 'Confirm code' }).click();
    await step.waitFor({ state: 'detached' });
    await acceptWithTypedSignature(signer);
    await expectAccessible(signer);

    // ---- Staff: the signing events record the link and the code.
    await staff.goto(`${server.baseUrl}/app/proposals/${draft.id}`);
    await staff.locator('.badge', { hasText: 'Accepted' }).first().waitFor();
    const events = staff.getByRole('table', { name: /Evidence events/ });
    await events.getByRole('row', { name: /Signed/ }).getByText('E-mailed link and one-time code').waitFor();
    await events.getByRole('row', { name: /Consented/ }).getByText('E-mailed link and one-time code').waitFor();
    await expectAccessible(staff);
  }, 180_000);
});
