import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvoiceDto } from '../../src/contracts/invoices.js';
import { createClient, createFirm, createPortalUser, createStaff, TEST_PASSWORD } from '../harness.js';
import { browserAvailable, expectAccessible, launchBrowser, screenshot, signInAsStaff, startServer, type RunningServer } from './browser.js';

const FIRM = 'Coastal Ledger Accountants';
const SLUG = 'coastal-messages';
const CLIENT = 'Coastal Coffee Pty Ltd';
const SUBJECT = 'Question about our BAS';
/** Typed by the client: markup must show as the characters typed, never as HTML. */
const TYPED_HTML = '<b>Bold?</b> <img src=x onerror="window.__pwned=1"> <script>window.__pwned=1</script>';
const FIRST_MESSAGE = `Hi Alex,\n${TYPED_HTML}\nThe ATO page is https://www.ato.gov.au/bas.`;
const REPLY = 'Thanks Casey, we will lodge it on Friday.\nNothing else is needed from you.';

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
describe.skipIf(!browserAvailable)('browser: messages between the client portal and the staff inbox', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let staffEmail: string;
  let clientEmail: string;
  /** A second portal user of the client who is not signed in: the e-mail about a reply always reaches them. */
  let colleagueEmail: string;
  let clientId: string;
  let threadId: string;

  async function newContext(width: number, height: number, mobile = false) {
    const context = await browser.newContext({ viewport: { width, height }, isMobile: mobile, hasTouch: mobile, locale: 'en-AU', timezoneId: 'Australia/Sydney' });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    return page;
  }

  beforeAll(async () => {
    // E-mails about messages go out at once here (the firm's batching delay is 0).
    server = await startServer({ noticeBatchSeconds: 0 });
    browser = await launchBrowser();
    const firm = await createFirm(server.db, { slug: SLUG, displayName: FIRM, legalName: `${FIRM} Pty Ltd`, primaryColour: '#0B6E99' });
    const owner = await createStaff(server.db, firm.id, { email: 'alex@coastal-ledger.example', name: 'Alex Nguyen', role: 'owner' });
    await createStaff(server.db, firm.id, { email: 'sam@coastal-ledger.example', name: 'Sam Lee', role: 'staff' });
    const client = await createClient(server.db, firm.id, { name: CLIENT, type: 'company', assignedStaffId: owner.id });
    const person = await createPortalUser(server.db, firm.id, client.id, { email: 'casey@coastalcoffee.example', name: 'Casey Barista' });
    staffEmail = owner.email;
    clientEmail = person.email;
    colleagueEmail = (await createPortalUser(server.db, firm.id, client.id, { email: 'robin@coastalcoffee.example', name: 'Robin Roaster' })).email;
    clientId = client.id;
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
  });

  it('the client writes, staff see it arrive live and reply, and the client sees the reply live; who has not read it is e-mailed', async () => {
    const catcher = server.built.mailCatcher;
    if (!catcher) throw new Error('the dev mail catcher is not running');

    // ---- Staff have the inbox open before anything is sent.
    const staff = await newContext(1280, 900);
    await signInAsStaff(staff, server.baseUrl, staffEmail, TEST_PASSWORD);
    const staffNav = staff.getByRole('navigation', { name: 'Main' });
    await staffNav.getByRole('link', { name: 'Messages' }).click();
    await staff.getByRole('heading', { level: 1, name: 'Messages' }).waitFor();
    const inbox = staff.getByRole('grid', { name: 'Message threads' });
    await inbox.getByText(/No open threads/).waitFor();
    await expectAccessible(staff);
    await shot(staff, 'messages-staff-inbox-empty');

    // ---- The client starts a thread from the portal's Messages section.
    const client = await newContext(1280, 900);
    await signInToPortal(client, server.portalUrl(SLUG), clientEmail);
    await client.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Messages' }).click();
    await client.getByRole('heading', { level: 1, name: 'Messages' }).waitFor();
    await client.getByText('No messages yet').waitFor();
    await expectAccessible(client);
    await client.getByRole('link', { name: 'New message' }).click();
    await client.getByRole('heading', { level: 1, name: 'New message' }).waitFor();

    // Sending with nothing written says what is missing, next to the fields.
    await client.getByRole('button', { name: 'Send message' }).click();
    await client.getByText('Subject is required').first().waitFor();
    await client.getByText('Message is empty: write a message before sending').first().waitFor();
    await expectAccessible(client);

    await client.getByRole('textbox', { name: 'Subject' }).fill(SUBJECT);
    await client.getByRole('textbox', { name: 'Message' }).fill(FIRST_MESSAGE);
    // A document goes with it: uploaded first, then named by the message.
    const chooser = client.waitForEvent('filechooser');
    await client.getByRole('button', { name: 'Attach files' }).click();
    await (await chooser).setFiles([{ name: 'BAS worksheet.pdf', mimeType: 'application/pdf', buffer: pdf('BAS worksheet') }]);
    await client.getByRole('list', { name: 'Files to send' }).getByText(/^\d+(\.\d)? KB$|bytes$/).waitFor();
    await shot(client, 'messages-portal-new');
    await client.getByRole('button', { name: 'Send message' }).click();

    // ---- The client's thread page: the message as typed (markup as text), the link, the attachment.
    await client.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
    threadId = new URL(client.url()).pathname.split('/').pop() ?? '';
    const clientMessages = client.getByRole('list', { name: 'Messages' });
    const first = clientMessages.getByRole('article').first();
    await first.getByText(TYPED_HTML, { exact: false }).waitFor();
    expect(await first.locator('b, img, script').count()).toBe(0);
    expect(await client.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    const ato = first.getByRole('link', { name: 'https://www.ato.gov.au/bas' });
    expect(await ato.getAttribute('href')).toBe('https://www.ato.gov.au/bas');
    expect(await ato.getAttribute('rel')).toContain('noopener');
    // Line breaks are kept.
    expect(await first.locator('.message-text').innerText()).toContain('Hi Alex,\n<b>Bold?</b>');
    const attachment = first.getByRole('link', { name: 'BAS worksheet.pdf' });
    const clientDownload = (await attachment.getAttribute('href')) ?? '';
    expect(clientDownload).toMatch(new RegExp(`^/api/portal/${SLUG}/documents/[0-9a-f-]{36}/download$`));
    expect(await client.evaluate(async (url) => (await fetch(url)).status, clientDownload)).toBe(200);
    // The author may correct it for five minutes.
    await first.getByRole('button', { name: /^Edit/ }).waitFor();
    await expectAccessible(client);
    await shot(client, 'messages-portal-thread-sent');

    // ---- Staff see it appear without reloading: in the inbox, with the unread mark and the menu count.
    const row = inbox.getByRole('row').filter({ hasText: SUBJECT });
    await row.waitFor();
    await row.getByText('1 new').waitFor();
    await row.getByText(CLIENT).waitFor();
    await staffNav.getByRole('link', { name: 'Messages (1 unread)' }).waitFor();
    // The in-app notice too (with the client's upload of the attachment, that may be two).
    await staff.getByRole('button', { name: /^Notifications, \d+ unread$/ }).waitFor();
    await expectAccessible(staff);
    await shot(staff, 'messages-staff-inbox');

    // The staff e-mail names the client and links to the thread (it never quotes the message).
    const staffMail = await catcher.waitFor((m) => m.to.includes(staffEmail) && m.subject === `New message from ${CLIENT}`, 15_000);
    expect(staffMail.text).toContain(`/app/messages/${threadId}`);
    expect(staffMail.text).not.toContain('Bold?');

    // ---- Staff open it: the message as typed, and the client sees "Seen by" live.
    await row.getByRole('link', { name: SUBJECT }).click();
    await staff.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
    const staffMessages = staff.getByRole('list', { name: 'Messages' });
    const staffFirst = staffMessages.getByRole('article').first();
    await staffFirst.getByText(TYPED_HTML, { exact: false }).waitFor();
    expect(await staffFirst.locator('b, img, script').count()).toBe(0);
    const staffDownload = (await staffFirst.getByRole('link', { name: 'BAS worksheet.pdf' }).getAttribute('href')) ?? '';
    expect(staffDownload).toMatch(/^\/api\/staff\/documents\/[0-9a-f-]{36}\/download$/);
    expect(await staff.evaluate(async (url) => (await fetch(url)).status, staffDownload)).toBe(200);
    await expect.poll(() => staffNav.getByRole('link', { name: 'Messages', exact: true }).count()).toBe(1);
    await clientMessages.getByText(/^Seen by Alex Nguyen at \d{1,2}:\d{2} (am|pm)$/).waitFor();
    // Reading the thread read the bell's notice about it too; the notice's time is the app's Australian date and time.
    await staff.getByRole('button', { name: /^Notifications/ }).click();
    const bell = staff.getByRole('dialog', { name: 'Notifications' });
    const notice = bell.getByRole('listitem').filter({ hasText: `${CLIENT} sent a message: “${SUBJECT}”` });
    await notice.waitFor();
    await expect.poll(() => notice.getAttribute('data-unread')).toBeNull();
    expect(await notice.locator('time').innerText()).toMatch(/^\d{2}\/\d{2}\/\d{4}[\s\u202f]\d{1,2}:\d{2}[\s\u202f](am|pm)$/);
    await shot(staff, 'messages-staff-bell-read');
    await staff.keyboard.press('Escape');
    await bell.waitFor({ state: 'detached' });

    // ---- Staff reply; the client sees it arrive without reloading, and marks it read by having it open.
    await staff.getByRole('textbox', { name: 'Message' }).fill(REPLY);
    await staff.getByRole('button', { name: 'Send', exact: true }).click();
    await staffMessages.getByRole('article').nth(1).getByText('Thanks Casey, we will lodge it on Friday.', { exact: false }).waitFor();
    expect(await staff.getByRole('textbox', { name: 'Message' }).inputValue()).toBe('');
    const clientReply = clientMessages.getByRole('article').nth(1);
    await clientReply.getByText('Nothing else is needed from you.', { exact: false }).waitFor();
    await clientReply.getByText('Alex Nguyen').waitFor();
    await staffMessages.getByText(/^Seen by Casey Barista at \d{1,2}:\d{2} (am|pm)$/).waitFor();
    await expectAccessible(staff);
    await shot(staff, 'messages-staff-thread');
    await expectAccessible(client);
    await shot(client, 'messages-portal-thread');

    // The client's people are e-mailed that a reply is waiting, with a link to the thread in the portal —
    // except anyone who read it in the portal before the e-mail was due: Casey has the thread open, so hers
    // may be dropped (it races the worker); Robin is not signed in, so his always goes. Never two.
    const reply = await catcher.waitFor((m) => m.to.includes(colleagueEmail) && m.subject === `New message from ${FIRM}`, 15_000);
    expect(reply.text).toContain(`/messages/${threadId}`);
    expect(reply.text).not.toContain('lodge it on Friday');
    expect(catcher.emails.filter((m) => m.to.includes(clientEmail) && m.subject === `New message from ${FIRM}`).length).toBeLessThanOrEqual(1);

    // ---- The composer: Enter starts a new line; an empty or too-long message is refused with the reason.
    const box = client.getByRole('textbox', { name: 'Message' });
    await box.fill('');
    await client.getByRole('button', { name: 'Send', exact: true }).click();
    await client.getByText('Message is empty: write a message before sending').waitFor();
    await box.fill('x'.repeat(10_001));
    await client.getByRole('button', { name: 'Send', exact: true }).click();
    await client.getByText('Message can be at most 10,000 characters; attach a document for anything longer').waitFor();
    await box.fill('Great, thank you.');
    await box.press('Enter');
    await box.pressSequentially('Casey');
    expect(await box.inputValue()).toBe('Great, thank you.\nCasey');
    await expect.poll(() => clientMessages.getByRole('article').count()).toBe(2);
    await client.getByRole('button', { name: 'Send', exact: true }).click();
    const third = clientMessages.getByRole('article').nth(2);
    await third.getByText('Great, thank you.', { exact: false }).waitFor();

    // Corrected within five minutes: "Edited", for staff too.
    await third.getByRole('button', { name: /^Edit/ }).click();
    const editBox = third.getByRole('textbox', { name: 'Message' });
    await editBox.fill('Great, thank you!\nCasey');
    await third.getByRole('button', { name: 'Save' }).click();
    await third.getByText('Edited').waitFor();
    await staffMessages.getByRole('article').nth(2).getByText('Great, thank you!', { exact: false }).waitFor();
    await staffMessages.getByRole('article').nth(2).getByText('Edited').waitFor();

    // ---- Staff redact the first message with a reason: both sides see "Removed by the firm".
    await staffFirst.getByRole('button', { name: /^Redact/ }).click();
    const dialog = staff.getByRole('dialog', { name: 'Redact this message?' });
    await dialog.getByRole('button', { name: 'Redact message' }).click();
    await dialog.getByText('Reason is required: say why it is removed').waitFor();
    await dialog.getByRole('textbox', { name: 'Reason' }).fill('Contained a card number');
    await expectAccessible(staff);
    await dialog.getByRole('button', { name: 'Redact message' }).click();
    await staffFirst.getByText('Removed by the firm').waitFor();
    expect(await staffFirst.getByRole('link', { name: 'BAS worksheet.pdf' }).count()).toBe(0);
    await first.getByText('Removed by the firm').waitFor();
    expect(await first.getByText('Bold?', { exact: false }).count()).toBe(0);

    // ---- Assign to a colleague, close the thread; the client sees it closed.
    const side = staff.getByRole('region', { name: 'Thread' });
    await side.getByRole('button', { name: /Assigned to/ }).click();
    await staff.getByRole('option', { name: /Sam Lee/ }).click();
    await side.getByRole('button', { name: /Sam Lee/ }).waitFor();
    await side.getByRole('button', { name: 'Close thread' }).click();
    await side.getByRole('button', { name: 'Reopen' }).waitFor();
    await client.getByText('Closed', { exact: true }).waitFor();
    await client.getByText(`${FIRM} closed this thread. Sending a message opens it again.`).waitFor();
    await expectAccessible(client);

    // ---- Mark as unread: back to the inbox, where the thread (now under Closed) shows its unread message.
    await staff.getByRole('button', { name: 'Mark as unread' }).click();
    await staff.getByRole('heading', { level: 1, name: 'Messages' }).waitFor();
    await staff.getByRole('button', { name: /Status/ }).click();
    await staff.getByRole('option', { name: 'Closed', exact: true }).click();
    const closedRow = inbox.getByRole('row').filter({ hasText: SUBJECT });
    await closedRow.getByText('1 new').waitFor();
    await closedRow.getByText('Sam Lee').waitFor();
    await staffNav.getByRole('link', { name: 'Messages (1 unread)' }).waitFor();
    await expectAccessible(staff);
  }, 180_000);

  it('staff start a thread from the client page; the client sees it arrive live and asks about an invoice', async () => {
    // An issued invoice to ask about (through the staff API, as the staff workspace does).
    const staff = await newContext(1280, 900);
    await signInAsStaff(staff, server.baseUrl, staffEmail, TEST_PASSWORD);
    const csrf = await staff.evaluate(async () => ((await (await fetch('/api/staff/session')).json()) as { csrfToken: string }).csrfToken);
    const invoice = await staff.evaluate(
      async ({ csrf: token, clientId: id }) => {
        const headers = { 'content-type': 'application/json', 'x-csrf-token': token };
        const draft = (await (await fetch('/api/staff/invoices', { method: 'POST', headers, body: JSON.stringify({ clientId: id, lines: [{ description: 'BAS preparation', quantityMilli: 1000, unitPriceCents: 45_000, gst: 'taxable' }] }) })).json()) as InvoiceDto;
        return (await (await fetch(`/api/staff/invoices/${draft.id}/issue`, { method: 'POST', headers, body: JSON.stringify({ version: draft.version }) })).json()) as InvoiceDto;
      },
      { csrf, clientId },
    );
    expect(invoice.number).toBeTruthy();

    // The client is on their Messages list.
    const client = await newContext(1280, 900);
    await signInToPortal(client, server.portalUrl(SLUG), clientEmail);
    await client.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Messages' }).click();
    const threads = client.getByRole('list', { name: 'Message threads' });
    await threads.getByRole('article', { name: SUBJECT }).waitFor();

    // Staff: the client's Messages tab, New message.
    await staff.goto(`${server.baseUrl}/app/clients/${clientId}?tab=messages`);
    // The server ends every live stream now and then (here: all at once); browsers reconnect and miss nothing.
    server.built.deps.live.closeStreams();
    const panel = staff.getByRole('tabpanel', { name: 'Messages' });
    await panel.getByRole('row').filter({ hasText: SUBJECT }).waitFor();
    await expectAccessible(staff);
    await shot(staff, 'messages-staff-client-tab');
    await panel.getByRole('button', { name: 'New message' }).click();
    const dialog = staff.getByRole('dialog', { name: `New message to ${CLIENT}` });
    await dialog.getByRole('textbox', { name: 'Subject' }).fill('Your tax invoice');
    await dialog.getByRole('button', { name: /About/ }).click();
    await staff.getByRole('option', { name: new RegExp(`Invoice ${invoice.number}`) }).click();
    await dialog.getByRole('textbox', { name: 'Message' }).fill('Your invoice is attached to this thread. Let us know if anything looks wrong.');
    await expectAccessible(staff);
    await shot(staff, 'messages-staff-new-dialog');
    await dialog.getByRole('button', { name: 'Send message' }).click();
    await staff.getByRole('heading', { level: 1, name: 'Your tax invoice' }).waitFor();
    await staff.getByRole('link', { name: `Invoice ${invoice.number}` }).waitFor();

    // The client sees the new thread arrive, unread, with the menu count — no reload.
    const fresh = threads.getByRole('article', { name: 'Your tax invoice' });
    await fresh.getByText('1 new').waitFor();
    await fresh.getByText(`About: Invoice ${invoice.number}`).waitFor();
    await client.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Messages (1 unread)' }).waitFor();
    await expectAccessible(client);
    await shot(client, 'messages-portal-list');

    // The dashboard says so too.
    await client.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Dashboard' }).click();
    await client.getByRole('region', { name: 'New messages' }).getByText(`${FIRM} has sent you messages in 1 thread you haven't read yet.`).waitFor();
    await expectAccessible(client);

    // From the invoice: "Message … about this invoice" starts a thread about it.
    await client.goto(`${server.portalUrl(SLUG)}/invoices/${invoice.id}`);
    const about = client.getByRole('region', { name: 'Questions about this invoice?' });
    await about.getByRole('article', { name: 'Your tax invoice' }).waitFor();
    await about.getByRole('link', { name: `Message ${FIRM} about this invoice` }).click();
    await client.getByRole('heading', { level: 1, name: 'New message' }).waitFor();
    expect(await client.getByRole('textbox', { name: 'Subject' }).inputValue()).toBe(`Invoice ${invoice.number}`);
    await client.getByRole('button', { name: new RegExp(`^Invoice ${invoice.number}`) }).waitFor();
    await client.getByRole('textbox', { name: 'Message' }).fill('Can I pay this in two parts?');
    await client.getByRole('button', { name: 'Send message' }).click();
    await client.getByRole('heading', { level: 1, name: `Invoice ${invoice.number}` }).waitFor();
    await client.getByRole('link', { name: `Invoice ${invoice.number}` }).waitFor();
    await expectAccessible(client);

    // ---- Staff on the invoice: its threads (the client's new one unread), and a new message about it.
    await staff.goto(`${server.baseUrl}/app/invoices/${invoice.id}`);
    const conversations = staff.getByRole('region', { name: 'Conversations' });
    const aboutInvoice = conversations.getByRole('list', { name: 'Conversations about this invoice' });
    await aboutInvoice.getByRole('article', { name: 'Your tax invoice' }).waitFor();
    const asked = aboutInvoice.getByRole('article', { name: `Invoice ${invoice.number}` });
    await asked.getByText('1 new').waitFor();
    expect(await asked.getByRole('link', { name: `Invoice ${invoice.number}` }).getAttribute('href')).toMatch(/^\/app\/messages\/[0-9a-f-]{36}$/);
    await expectAccessible(staff);
    await conversations.getByRole('button', { name: 'New message about this invoice' }).click();
    const invoiceDialog = staff.getByRole('dialog', { name: `New message to ${CLIENT}` });
    await invoiceDialog.getByRole('button', { name: new RegExp(`^Invoice ${invoice.number}.*About`) }).waitFor();
    expect(await invoiceDialog.getByRole('textbox', { name: 'Subject' }).inputValue()).toBe(`Invoice ${invoice.number}`);
    await expectAccessible(staff);
    await shot(staff, 'messages-staff-invoice-new-dialog');
    await invoiceDialog.getByRole('button', { name: 'Cancel' }).click();
    await invoiceDialog.waitFor({ state: 'detached' });

    // The in-app notice for staff opens the thread at /app/messages/:id.
    await staff.getByRole('button', { name: /^Notifications, \d+ unread$/ }).click();
    await staff.getByRole('link', { name: new RegExp(`sent a message: “Invoice ${invoice.number}”`) }).click();
    await staff.getByRole('heading', { level: 1, name: `Invoice ${invoice.number}` }).waitFor();
    await staff.getByText('Can I pay this in two parts?').waitFor();
  }, 180_000);

  it('fits a small phone on both sides', async () => {
    const phone = await newContext(360, 780, true);
    await signInToPortal(phone, server.portalUrl(SLUG), clientEmail);
    // The menu button carries the unread count while the menu is folded away.
    await phone.getByRole('button', { name: 'Menu (1 unread message thread)' }).tap();
    await phone.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: /^Messages/ }).tap();
    await phone.getByRole('heading', { level: 1, name: 'Messages' }).waitFor();
    await phone.getByRole('list', { name: 'Message threads' }).getByRole('article', { name: SUBJECT }).waitFor();
    await expectNoHorizontalOverflow(phone);
    await expectAccessible(phone);
    await shot(phone, 'messages-portal-list-360');
    await phone.getByRole('link', { name: SUBJECT }).tap();
    await phone.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
    await phone.getByText('Removed by the firm').waitFor();
    await expectNoHorizontalOverflow(phone);
    await expectAccessible(phone);
    await shot(phone, 'messages-portal-thread-360');
    // Writing and sending by touch; sending reopens the closed thread.
    await phone.getByRole('textbox', { name: 'Message' }).tap();
    await phone.getByRole('textbox', { name: 'Message' }).fill('Sent from my phone.');
    await phone.getByRole('button', { name: 'Send', exact: true }).tap();
    await phone.getByRole('list', { name: 'Messages' }).getByRole('article').filter({ hasText: 'Sent from my phone.' }).waitFor();
    await expectNoHorizontalOverflow(phone);
    await expectAccessible(phone);

    const staffPhone = await newContext(360, 780, true);
    await signInAsStaff(staffPhone, server.baseUrl, staffEmail, TEST_PASSWORD);
    await staffPhone.goto(`${server.baseUrl}/app/messages?status=all`);
    await staffPhone.getByRole('grid', { name: 'Message threads' }).getByRole('row').filter({ hasText: SUBJECT }).waitFor();
    await expectNoHorizontalOverflow(staffPhone);
    await expectAccessible(staffPhone);
    await shot(staffPhone, 'messages-staff-inbox-360');
    await staffPhone.goto(`${server.baseUrl}/app/messages/${threadId}`);
    await staffPhone.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
    await staffPhone.getByRole('list', { name: 'Messages' }).getByText('Sent from my phone.', { exact: false }).waitFor();
    await expectNoHorizontalOverflow(staffPhone);
    await expectAccessible(staffPhone);
    await shot(staffPhone, 'messages-staff-thread-360');
  }, 120_000);
});
