import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemoData } from '../../src/server/db/seed/demo.js';
import { seedDemoWork } from '../../src/server/db/seed/demo-work.js';
import { browserAvailable, expectAccessible, launchBrowser, signInAsStaff, startServer, type RunningServer } from './browser.js';

/**
 * The client guide (docs/client-portal-guide.md, and the guide firms hand their clients) walked
 * section by section as a new client would, on the demo data `npm start` creates: an invitation,
 * registration, signing in, the dashboard, a service and its tasks, an upload, invoices and Pay Now,
 * messages, a proposal, Request Service and the Profile. The buttons and sections are found by the
 * words the guide uses, so a label that drifts from the guide fails here.
 *
 * With UPDATE_GUIDE_SCREENSHOTS=1 it also writes the guide's pictures to docs/client-guide/
 * (1280 × 800 viewport PNGs); without it nothing in the tree changes.
 */

const SLUG = 'harbourside';
const FIRM = 'Harbourside Accounting';
const ALEX = 'alex@coastalcoffee.example';
const NEW_PERSON = { name: 'Sam Lee', email: 'sam@lee.example', password: 'Salt-Spray-Morning-88' };
const TASK = 'Provide records for the quarter';
const BANK_STATEMENTS = 'Bank statements Jan–Mar';
const YES_NO = 'Did the business buy any equipment or vehicles over $1,000 this quarter?';
const AMOUNT = 'How much cash did you take that was not banked?';
const PROPOSAL = 'Annual compliance package 2026–27';
const APPROVED_CARD = '4444333322221111';
const SUBJECT = 'Fuel receipts for the van';
const NEW_PASSWORD = 'Billabong-Sunrise-Walk-62';

const writeShots = process.env.UPDATE_GUIDE_SCREENSHOTS === '1';
const shotsDir = join(process.cwd(), 'docs', 'client-guide');

/** A guide picture: the 1280 × 800 viewport (scrolled to `at` when given), only with UPDATE_GUIDE_SCREENSHOTS=1. */
async function guideShot(page: Page, name: string, at?: Locator) {
  if (!writeShots) return;
  mkdirSync(shotsDir, { recursive: true });
  // Toasts would cover the page: the confirmation each section needs is asserted on the page itself.
  const dismiss = page.getByRole('button', { name: 'Dismiss notification' });
  while ((await dismiss.count()) > 0) await dismiss.first().click();
  if (at) await at.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  else await page.evaluate(() => window.scrollTo(0, 0));
  // Leave room for the portal's sticky header above the section.
  if (at) await page.evaluate(() => window.scrollBy(0, -96));
  await page.screenshot({ path: join(shotsDir, `${name}.png`), animations: 'disabled', caret: 'hide' });
}

/** A real one-page PDF saying `text`. */
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
describe.skipIf(!browserAvailable)('browser: the client guide, section by section, on the demo data', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  /** Alex Morgan of Coastal Coffee, the demo client with work under way. */
  let alex: Page;
  /** Mia Nguyen, the Harbourside team member looking after Coastal Coffee. */
  let mia: Page;
  let portal: string;

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-AU', timezoneId: 'Australia/Sydney' });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    return page;
  }

  const mail = () => {
    const catcher = server.built.mailCatcher;
    if (!catcher) throw new Error('the dev mail catcher is not running');
    return catcher;
  };
  const nav = (page: Page) => page.getByRole('navigation', { name: 'Portal' });

  async function signInToPortal(page: Page, email: string, password: string) {
    await page.goto(`${portal}/login`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: /^Welcome, / }).waitFor();
  }

  beforeAll(async () => {
    // As `npm start` does on an empty data directory: the demo firms, then their work. E-mails about
    // messages go out at once here (no batching delay), so the test need not wait three minutes.
    server = await startServer({ noticeBatchSeconds: 0 });
    expect(await seedDemoData(server.db)).toBe(true);
    await seedDemoWork(server.built.deps);
    browser = await launchBrowser();
    portal = server.portalUrl(SLUG);
  }, 180_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
  });

  it('Accessing the Portal: the invitation e-mail, registering with an email and password, signing in at the portal address, and Forgot Password', async () => {
    // ---- The firm invites a new person (Clients → Jordan Lee → Invite to portal).
    const staff = await newPage();
    await signInAsStaff(staff, server.baseUrl, 'owner@harbourside.example', DEMO_PASSWORD);
    await staff.getByRole('link', { name: 'Jordan Lee' }).click();
    await staff.getByRole('heading', { name: 'Jordan Lee' }).waitFor();
    await staff.getByRole('button', { name: 'Invite to portal' }).click();
    const dialog = staff.getByRole('dialog');
    await dialog.getByLabel('Name').fill(NEW_PERSON.name);
    await dialog.getByLabel('Email').fill(NEW_PERSON.email);
    await expectAccessible(staff);
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    await staff.getByRole('row', { name: new RegExp(NEW_PERSON.name) }).getByText('Invited', { exact: true }).waitFor();

    // ---- The invitation e-mail, with its link to register on the firm's portal.
    const invitation = await mail().waitFor((m) => m.to.includes(NEW_PERSON.email), 20_000);
    expect(invitation.subject).toBe(`${FIRM} has invited you to their client portal`);
    const link = /(http:\/\/\S+\/register#token=[A-Za-z0-9_-]{43})/.exec(invitation.text)?.[1] ?? '';
    expect(link.startsWith(portal)).toBe(true);
    const person = await newPage();
    if (writeShots && invitation.html) {
      await person.setContent(invitation.html);
      await guideShot(person, '01-invitation-email');
    }

    // ---- Register: the email is filled in; the person chooses a password.
    await person.goto(link);
    await expect.poll(() => person.getByLabel('Email').inputValue()).toBe(NEW_PERSON.email);
    expect(person.url()).not.toContain('token=');
    await person.getByLabel('New password').fill(NEW_PERSON.password);
    await person.getByLabel('Confirm password').fill(NEW_PERSON.password);
    await expectAccessible(person);
    await guideShot(person, '02-register');
    await person.getByRole('button', { name: 'Create account' }).click();
    await person.getByRole('heading', { level: 1, name: 'Welcome, Sam' }).waitFor();

    // ---- Signing in later at the portal address; the sign-in page has the Forgot Password link.
    await person.context().clearCookies();
    await person.goto(`${portal}/login`);
    const forgot = person.getByRole('link', { name: 'Forgot Password' });
    await forgot.waitFor();
    await expectAccessible(person);
    await guideShot(person, '03-sign-in');
    await forgot.click();
    await person.getByLabel('Email').fill(NEW_PERSON.email);
    await person.getByRole('button', { name: 'Send reset link' }).click();
    await person.getByText('Check your email').waitFor();
    const reset = await mail().waitFor((m) => m.to.includes(NEW_PERSON.email) && /Reset/.test(m.subject), 20_000);
    expect(reset.text).toMatch(/\/reset-password#token=/);

    await signInToPortal(person, NEW_PERSON.email, NEW_PERSON.password);
    for (const item of ['Dashboard', 'Documents', 'Invoices', 'Messages', 'Proposals', 'Profile']) {
      await expect.poll(() => nav(person).getByRole('link', { name: item, exact: true }).count()).toBe(1);
    }
    await expect.poll(() => person.locator('.portal-brand-name').textContent()).toBe(FIRM);
  }, 240_000);

  it('Dashboard: each service with its name, status, due date and team member; a click opens its tasks', async () => {
    alex = await newPage();
    await signInToPortal(alex, ALEX, DEMO_PASSWORD);
    await alex.getByRole('heading', { level: 1, name: 'Welcome, Alex' }).waitFor();
    const services = alex.getByRole('region', { name: 'Your services' });
    const bas = services.getByRole('listitem').filter({ has: alex.getByRole('heading', { name: /^BAS Preparation Q[1-4] \d{4}$/ }) }).first();
    await bas.getByText('Waiting on You', { exact: true }).waitFor();
    for (const fact of ['Status', 'Due date', 'Assigned team member']) await bas.getByText(fact, { exact: true }).waitFor();
    await bas.getByText('Mia Nguyen').waitFor();
    await expect.poll(async () => (await bas.locator('dd').nth(1).innerText()).trim()).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    const ctr = services.getByRole('listitem').filter({ has: alex.getByRole('heading', { name: /^Company Tax Return/ }) });
    await ctr.getByText('Olivia Harper').waitFor();
    await alex.getByRole('region', { name: 'Action required' }).getByRole('link', { name: TASK }).waitFor();
    await alex.getByRole('link', { name: 'Request Service' }).waitFor();
    await expectAccessible(alex);
    await guideShot(alex, '04-dashboard');
    await guideShot(alex, '04b-dashboard-services', services);

    await bas.getByRole('link', { name: /^BAS Preparation/ }).click();
    await alex.getByRole('heading', { level: 1, name: /^BAS Preparation Q[1-4] \d{4}$/ }).waitFor();
  }, 120_000);

  it('Viewing Tasks: name, description, status, due date, documents and the questions from the accountant', async () => {
    const task = alex.getByRole('article', { name: TASK });
    await task.getByText('Waiting on You', { exact: true }).waitFor();
    await task.getByText('Due date', { exact: true }).waitFor();
    expect((await task.locator('.portal-task-description').innerText()).length).toBeGreaterThan(10);
    await task.getByRole('region', { name: 'Documents' }).getByText(BANK_STATEMENTS).waitFor();
    await task.getByRole('region', { name: 'Documents' }).getByText('Sales report Q3.pdf', { exact: true }).first().waitFor();
    await task.getByRole('heading', { name: 'Questions from your accountant' }).waitFor();
    await task.getByText(YES_NO).waitFor();
    await expectAccessible(alex);
    await guideShot(alex, '05-service-tasks');
    await guideShot(alex, '06-task-questions', task);
  }, 120_000);

  it('Uploading Documents: Upload in the task’s documents section, confirmed at once, and the accountant is told', async () => {
    mia = await newPage();
    await signInAsStaff(mia, server.baseUrl, 'mia@harbourside.example', DEMO_PASSWORD);

    const task = alex.getByRole('article', { name: TASK });
    const documents = task.getByRole('region', { name: 'Documents' });
    const request = documents.getByRole('listitem').filter({ hasText: BANK_STATEMENTS });
    await request.getByText('Still needed').waitFor();
    const upload = request.getByRole('button', { name: `Upload ${BANK_STATEMENTS}` });
    expect((await upload.innerText()).trim()).toBe('Upload');
    const statements = pdf('Bank statements January to March');
    const chooser = alex.waitForEvent('filechooser');
    await upload.click();
    await (await chooser).setFiles([{ name: 'Bank statements Jan-Mar.pdf', mimeType: 'application/pdf', buffer: statements }]);
    await request.getByText(`Received: Bank statements Jan-Mar.pdf (${statements.length} bytes)`, { exact: true }).waitFor();
    await request.getByText('Received', { exact: true }).waitFor();
    await expectAccessible(alex);
    await guideShot(alex, '07-upload-received', documents);

    // The accountant: Mia's bell has the notice.
    await mia.reload();
    await mia.getByRole('button', { name: /^Notifications, \d+ unread$/ }).click();
    const bell = mia.getByRole('dialog', { name: 'Notifications' });
    // (The demo's own upload by Alex, minutes old, is counted in the same notice.)
    await bell.getByText(/Coastal Coffee Pty Ltd sent (a document|\d+ documents)/).first().waitFor();
    await expectAccessible(mia);
    await mia.keyboard.press('Escape');
    await mail().waitFor((m) => m.to.includes('mia@harbourside.example') && m.subject === 'Coastal Coffee Pty Ltd sent you documents', 30_000);

    // Answering the questions as well leaves nothing open: the task is back In Progress.
    await task.getByRole('radiogroup', { name: YES_NO }).getByText('No', { exact: true }).click();
    await task.getByLabel(AMOUNT).fill('0');
    await task.getByRole('button', { name: 'Submit answers' }).click();
    await task.getByText('Answers submitted').waitFor();
    await task.getByText('In Progress', { exact: true }).waitFor();
    expect(await task.getByText('Waiting on You', { exact: true }).count()).toBe(0);
    await guideShot(alex, '08-task-in-progress', task);

    // A finished service: its tasks are Completed.
    await nav(alex).getByRole('link', { name: 'Dashboard' }).click();
    await alex.getByRole('button', { name: /^Completed services \(\d+\)$/ }).click();
    await alex.getByRole('region', { name: 'Your services' }).locator('.completed-services').getByRole('link', { name: /^BAS Preparation/ }).click();
    await alex.getByRole('heading', { level: 1, name: /^BAS Preparation/ }).waitFor();
    await alex.getByRole('article', { name: TASK }).getByText('Completed', { exact: true }).waitFor();
    await expectAccessible(alex);
  }, 180_000);

  it('Invoices and Payments: number, date, lines, total including GST, Unpaid / Paid / Overdue; Pay Now on eWay’s page; Paid and a receipt', async () => {
    await nav(alex).getByRole('link', { name: 'Invoices' }).click();
    await alex.getByRole('heading', { level: 1, name: 'Invoices' }).waitFor();
    const list = alex.getByRole('list', { name: 'Invoices' });
    for (const status of ['Unpaid', 'Overdue', 'Paid']) await list.getByText(status, { exact: true }).first().waitFor();
    const unpaid = list.getByRole('article').filter({ has: alex.getByText('Unpaid', { exact: true }) });
    expect(await unpaid.count()).toBe(1);
    await unpaid.getByText('Date', { exact: true }).waitFor();
    await unpaid.getByText('Total incl. GST', { exact: true }).waitFor();
    await unpaid.getByRole('button', { name: /^Pay Now/ }).waitFor();
    await expectAccessible(alex);
    await guideShot(alex, '09-invoices');

    await unpaid.getByRole('link').first().click();
    await alex.getByRole('heading', { level: 1, name: /^Tax invoice / }).waitFor();
    const number = ((await alex.getByRole('heading', { level: 1 }).innerText()).replace('Tax invoice ', '')).trim();
    const lines = alex.getByRole('table', { name: `Services on ${number}` });
    await lines.getByRole('row').filter({ hasText: 'Bookkeeping review (hours)' }).getByRole('cell', { name: '1.5', exact: true }).waitFor();
    const totals = alex.locator('.invoice-totals');
    expect((await totals.innerText()).replace(/\s+/g, ' ')).toMatch(/GST \$[\d,]+\.\d\d Total including GST \$[\d,]+\.\d\d/);
    await expectAccessible(alex);
    await guideShot(alex, '10-invoice');

    await alex.getByRole('button', { name: 'Pay Now', exact: true }).click();
    await alex.waitForURL(/\/dev\/eway\//);
    await alex.getByLabel('Card number').fill(APPROVED_CARD);
    await alex.getByLabel('Name on card').fill('Alex Morgan');
    await alex.getByLabel('Expiry month').fill('12');
    await alex.getByLabel('Expiry year').fill(String(new Date().getFullYear() + 2));
    await alex.getByLabel('CVN').fill('123');
    await guideShot(alex, '11-pay-now-eway');
    await alex.getByRole('button', { name: 'Pay', exact: true }).click();

    await alex.waitForURL(/\/invoices\/[0-9a-f-]{36}$/);
    await alex.getByRole('status').filter({ hasText: 'Payment received — thank you.' }).getByText('A receipt is on its way to your email.').waitFor();
    await alex.getByRole('region', { name: 'Summary' }).getByText('Paid', { exact: true }).waitFor();
    expect(await alex.getByRole('button', { name: 'Pay Now' }).count()).toBe(0);
    await expectAccessible(alex);
    await guideShot(alex, '12-invoice-paid');
    const receipt = await mail().waitFor((m) => m.to.includes(ALEX) && m.subject.startsWith('Receipt:') && m.subject.includes(number), 30_000);
    expect(receipt.subject).toMatch(/^Receipt: \$[\d,]+\.\d\d paid for invoice /);
  }, 180_000);

  it('Secure Messaging: a new thread in Messages, the firm replies, and the client is e-mailed about the reply', async () => {
    await nav(alex).getByRole('link', { name: 'Messages' }).click();
    await alex.getByRole('heading', { level: 1, name: 'Messages' }).waitFor();
    await alex.getByText('Question about Q3 BAS').first().waitFor();
    await expectAccessible(alex);
    await guideShot(alex, '13-messages');

    await alex.getByRole('link', { name: 'New message' }).click();
    await alex.getByRole('heading', { level: 1, name: 'New message' }).waitFor();
    await expectAccessible(alex);
    await alex.getByRole('textbox', { name: 'Subject' }).fill(SUBJECT);
    await alex.getByRole('textbox', { name: 'Message' }).fill('Hi Mia,\nThe fuel receipts for the van are in the BAS task now.\nThanks, Alex');
    await alex.getByRole('button', { name: 'Send message' }).click();
    await alex.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
    await expectAccessible(alex);
    const threadId = new URL(alex.url()).pathname.split('/').pop() ?? '';
    // Away from the thread, so the reply is not read in the portal before its e-mail is due.
    await nav(alex).getByRole('link', { name: 'Dashboard' }).click();
    await alex.getByRole('heading', { level: 1, name: 'Welcome, Alex' }).waitFor();

    // The firm is told, and replies from the staff workspace.
    await mail().waitFor((m) => m.to.includes('mia@harbourside.example') && m.subject === 'New message from Coastal Coffee Pty Ltd', 30_000);
    await mia.goto(`${server.baseUrl}/app/messages/${threadId}`);
    await mia.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
    await mia.getByRole('textbox', { name: 'Message' }).fill('Thanks Alex, got them. Nothing else needed for this quarter.');
    await mia.getByRole('button', { name: 'Send', exact: true }).click();
    await mia.getByRole('list', { name: 'Messages' }).getByRole('article').nth(1).waitFor();
    await expectAccessible(mia);

    // (The demo's unread message from Mia has its own e-mail; this one links to the new thread.)
    const notice = await mail().waitFor((m) => m.to.includes(ALEX) && m.subject === `New message from ${FIRM}` && m.text.includes(`/messages/${threadId}`), 45_000);
    expect(notice.text).toContain('open the portal to read it');
    expect(notice.text).not.toContain('Nothing else needed');

    await nav(alex).getByRole('link', { name: /^Messages/ }).click();
    await alex.getByRole('link', { name: SUBJECT }).first().click();
    const thread = alex.getByRole('list', { name: 'Messages' });
    await thread.getByRole('article').nth(1).getByText('Nothing else needed for this quarter.', { exact: false }).waitFor();
    await thread.getByRole('article').nth(1).getByText('Mia Nguyen').waitFor();
    await expectAccessible(alex);
    await guideShot(alex, '14-message-thread');
  }, 180_000);

  it('Proposals: review the scope and pricing, then accept and sign (typed here; drawing works too) — or decline; the e-mailed link needs no sign-in', async () => {
    const emailed = await mail().waitFor((m) => m.to.includes(ALEX) && /proposal/i.test(m.subject) && /\/sign#token=/.test(m.text), 30_000);
    expect(emailed.text).toContain(`${portal}/sign#token=`);

    await nav(alex).getByRole('link', { name: 'Proposals' }).click();
    await alex.getByRole('heading', { level: 1, name: 'Proposals' }).waitFor();
    const item = alex.getByRole('list', { name: 'Proposals' }).getByRole('article', { name: PROPOSAL });
    await expectAccessible(alex);
    await guideShot(alex, '15-proposals');
    await item.getByRole('link', { name: /Review and sign/ }).click();
    await alex.getByRole('heading', { level: 1, name: PROPOSAL }).waitFor();
    await alex.getByRole('heading', { name: 'Scope and pricing' }).waitFor();
    await alex.getByRole('table', { name: /^Totals/ }).waitFor();
    await alex.getByRole('button', { name: 'Decline', exact: true }).waitFor();
    await guideShot(alex, '16-proposal-review');

    await alex.getByRole('checkbox', { name: /I agree to sign this proposal electronically/ }).check({ force: true });
    await expect.poll(() => alex.getByRole('textbox', { name: /^Your full name/ }).inputValue()).toBe('Alex Morgan');
    await alex.getByRole('radio', { name: 'Draw it' }).waitFor();
    await alex.getByRole('radio', { name: 'Type it' }).check({ force: true });
    await expect.poll(() => alex.getByRole('textbox', { name: /^Type your signature/ }).inputValue()).toBe('Alex Morgan');
    await expectAccessible(alex);
    await guideShot(alex, '17-proposal-sign', alex.getByRole('button', { name: 'Accept and sign' }));
    await alex.getByRole('button', { name: 'Accept and sign' }).click();
    await alex.getByText('Signed — the proposal is accepted').waitFor();
    await alex.getByRole('link', { name: 'Open the signed PDF in Documents' }).waitFor();
    await guideShot(alex, '18-proposal-signed');
  }, 180_000);

  it('Requesting a New Service: Request Service from the dashboard, describe it, and the firm follows up', async () => {
    await nav(alex).getByRole('link', { name: 'Dashboard' }).click();
    await alex.getByRole('heading', { level: 1, name: 'Welcome, Alex' }).waitFor();
    await alex.getByRole('link', { name: 'Request Service' }).click();
    await alex.getByRole('heading', { level: 1, name: 'Request Service' }).waitFor();
    await alex.getByRole('button', { name: /(^|\s)Category$/ }).click();
    await alex.getByRole('option', { name: 'Something else' }).click();
    await alex.getByRole('textbox', { name: 'Describe what you need' }).fill('We would like help setting up payroll and Single Touch Payroll for our two new baristas.');
    await expectAccessible(alex);
    await guideShot(alex, '19-request-service');
    await alex.getByRole('button', { name: 'Submit' }).click();
    await alex.getByText(`Your request was sent to ${FIRM}. They will follow up with a proposal or confirmation.`).waitFor();
    await alex.getByRole('list', { name: 'Your requests' }).getByRole('article').first().getByText('Submitted', { exact: true }).waitFor();
  }, 120_000);

  it('Your Profile: contact details, change password, notification preferences', async () => {
    await nav(alex).getByRole('link', { name: 'Profile' }).click();
    await alex.getByRole('heading', { level: 1, name: 'Profile' }).waitFor();
    const contact = alex.getByRole('form', { name: 'Contact details' });
    await expect.poll(() => contact.getByLabel('Name').inputValue()).toBe('Alex Morgan');
    await expect.poll(() => contact.getByLabel('Email').inputValue()).toBe(ALEX);
    await contact.getByLabel('Phone').fill('0412 345 678');
    await contact.getByRole('button', { name: 'Save contact details' }).click();
    await alex.getByText('Your contact details have been saved.').waitFor();
    await alex.getByRole('form', { name: 'Change email' }).getByLabel('New email address').waitFor();
    await expectAccessible(alex);
    await guideShot(alex, '20-profile');

    const password = alex.getByRole('form', { name: 'Change password' });
    await password.getByLabel('Current password').fill(DEMO_PASSWORD);
    await password.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await password.getByLabel('Confirm new password').fill(NEW_PASSWORD);
    await password.getByRole('button', { name: 'Change password' }).click();
    await alex.getByText(/Your password has been changed/).first().waitFor();

    const prefs = alex.getByRole('form', { name: 'Notification preferences' });
    const receipts = prefs.getByRole('radiogroup', { name: 'Payment receipts' });
    await receipts.getByText('Off', { exact: true }).click();
    await prefs.getByRole('button', { name: 'Save notification preferences' }).click();
    await alex.getByText('Your notification preferences have been saved.').waitFor();
    await expectAccessible(alex);
    await guideShot(alex, '21-notification-preferences', alex.getByRole('heading', { name: 'Notification preferences' }));

    // The new password is the way in from now on.
    const fresh = await newPage();
    await signInToPortal(fresh, ALEX, NEW_PASSWORD);
  }, 120_000);

  it('Security and Privacy, Need Help: every portal page links the Privacy Policy and Security page, the firm’s contact and Ledger Loom support', async () => {
    const footer = alex.locator('footer.portal-footer');
    await footer.getByRole('link', { name: 'hello@harbourside.example' }).waitFor();
    expect(await footer.getByRole('link', { name: 'hello@ledgerloom.com.au' }).getAttribute('href')).toBe('mailto:hello@ledgerloom.com.au');
    await footer.getByRole('link', { name: 'Privacy Policy' }).click();
    await alex.getByRole('heading', { level: 1, name: /Privacy/ }).waitFor();
    await expectAccessible(alex);
    await alex.locator('footer.portal-footer').getByRole('link', { name: 'Security', exact: true }).click();
    await alex.getByRole('heading', { level: 1, name: /Security/ }).waitFor();
    await alex.getByText(/Australia East/).first().waitFor();
    await expectAccessible(alex);
  }, 60_000);
});
