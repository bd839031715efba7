import { deflateSync } from 'node:zlib';
import { readFile } from 'node:fs/promises';
import type { APIRequestContext, Browser, FileChooser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceDetail, ServiceTemplate } from '../../src/contracts/work.js';
import { createClient, createFirm, createPortalUser, createStaff, TEST_PASSWORD } from '../harness.js';
import { browserAvailable, expectAccessible, launchBrowser, screenshot, startServer, type RunningServer } from './browser.js';

const TASK = 'Provide records for the quarter';
const REQUEST = 'Bank statements Jan–Mar';
const FIRM = 'Coastal Docs Accountants';
/** The request is due in a month, so it reads "Still needed" rather than "Overdue" whenever the test runs. */
const DUE = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
const DUE_AU = DUE.split('-').reverse().join('/');

/** A real one-page PDF saying `text` (cross-reference offsets computed, so viewers open it). */
function pdf(text: string): Buffer {
  const stream = `BT /F1 28 Tf 72 720 Td (${text}) Tj ET`;
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

/** A small solid-colour PNG (a receipt photo stand-in) with valid CRCs. */
function png(width: number, height: number, [r, g, b]: [number, number, number]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const byte of buf) c = (crcTable[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => [r, g, b]).flat())]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** Full-page screenshots from the top, without toasts over the page. */
async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

/** Nothing on the page is wider than a small phone. */
async function expectNoHorizontalOverflow(page: Page) {
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(page.viewportSize()?.width ?? 360);
}

/** Clicks an Upload button and hands the file chooser it opens these files (as a person picking them would). */
async function pickFiles(page: Page, button: ReturnType<Page['getByRole']>, files: Array<{ name: string; mimeType: string; buffer: Buffer }>) {
  const chooser = page.waitForEvent('filechooser');
  await button.click();
  await (await chooser).setFiles(files);
}

// Skipped only when Debian's chromium is missing on a developer machine; CI sets REQUIRE_BROWSER=1, which fails instead.
describe.skipIf(!browserAvailable)('browser: documents in the client portal', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the client uploads a requested document, is refused a disallowed file with the reason, and uses the Documents area', async () => {
    // ---- Arrange, through the staff API: a BAS service whose records task asks for bank statements, and a PDF the firm shares.
    const firm = await createFirm(server.db, { slug: 'coastal-docs', displayName: FIRM, primaryColour: '#0B6E99' });
    const owner = await createStaff(server.db, firm.id, { email: 'olive@coastal-docs.example', name: 'Olive Owner', role: 'owner' });
    const client = await createClient(server.db, firm.id, { name: 'Coastal Coffee Pty Ltd', type: 'company' });
    const person = await createPortalUser(server.db, firm.id, client.id, { email: 'casey@coastalcoffee.example', name: 'Casey Barista' });

    const staffContext = await browser.newContext();
    const staff: APIRequestContext = staffContext.request;
    const login = await staff.post(`${server.baseUrl}/api/staff/auth/login`, { data: { email: owner.email, password: TEST_PASSWORD } });
    expect(login.status(), await login.text()).toBe(200);
    const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
    const templates = (await (await staff.get(`${server.baseUrl}/api/staff/templates`)).json()) as { items: ServiceTemplate[] };
    const bas = templates.items.find((t) => t.name === 'BAS Preparation');
    const created = await staff.post(`${server.baseUrl}/api/staff/services`, { headers: { 'x-csrf-token': csrf }, data: { clientId: client.id, templateId: bas?.id, periodStart: '2026-01-01', assigneeId: owner.id } });
    expect(created.status(), await created.text()).toBe(201);
    const service = (await created.json()) as ServiceDetail;
    const task = service.tasks.find((t) => t.name === TASK);
    if (!task) throw new Error(`no task called ${TASK}`);
    const asked = await staff.post(`${server.baseUrl}/api/staff/tasks/${task.id}/questions`, {
      headers: { 'x-csrf-token': csrf },
      data: { kind: 'upload', prompt: REQUEST, required: true, dueDate: DUE },
    });
    expect(asked.status(), await asked.text()).toBe(201);
    const shared = await staff.post(`${server.baseUrl}/api/staff/clients/${client.id}/documents`, {
      headers: { 'x-csrf-token': csrf },
      multipart: { taskId: task.id, visibleToClient: 'true', file: { name: 'BAS worksheet Q3.pdf', mimeType: 'application/pdf', buffer: pdf('BAS worksheet Q3') } },
    });
    expect(shared.status(), await shared.text()).toBe(201);

    // ---- The client opens the task waiting on them.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-AU', timezoneId: 'Australia/Sydney', acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${server.portalUrl('coastal-docs')}/login`);
    await page.getByLabel('Email').fill(person.email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Welcome, Casey' }).waitFor();
    await page.getByRole('region', { name: 'Action required' }).getByRole('link', { name: TASK }).click();
    await page.getByRole('heading', { level: 1, name: service.name }).waitFor();
    const card = page.getByRole('article', { name: TASK });
    await card.getByText('Waiting on You', { exact: true }).waitFor();
    const documents = card.getByRole('region', { name: 'Documents' });
    const request = documents.getByRole('listitem').filter({ hasText: REQUEST });
    await request.getByText('Still needed').waitFor();
    await request.getByText(`Due ${DUE_AU}`).waitFor();
    // The firm's PDF is on the task, and the request is not a question in the answers form.
    await documents.getByRole('list', { name: `Documents on ${TASK}` }).getByText('BAS worksheet Q3.pdf', { exact: true }).first().waitFor();
    await documents.getByText(/Shared by Olive Owner, Coastal Docs Accountants/).waitFor();
    expect(await card.getByText(/Upload arrives soon/).count()).toBe(0);
    await expectAccessible(page);
    await shot(page, 'portal-task-documents-request');

    // ---- Upload the bank statements against the request: confirmed, ticked, and the task is no longer Waiting on You.
    const statements = pdf('Bank statements January to March');
    await pickFiles(page, request.getByRole('button', { name: `Upload ${REQUEST}` }), [{ name: 'Bank statements.pdf', mimeType: 'application/pdf', buffer: statements }]);
    await request.getByText(`Received: Bank statements.pdf (${statements.length} bytes)`, { exact: true }).waitFor();
    await request.getByText('Received', { exact: true }).waitFor();
    await request.getByText('Version 1', { exact: true }).waitFor();
    await card.getByText('In Progress', { exact: true }).waitFor();
    expect(await card.getByText('Waiting on You', { exact: true }).count()).toBe(0);
    await page.getByRole('status').filter({ hasText: 'Received: Bank statements.pdf' }).waitFor({ state: 'attached' });

    // A corrected file is a new version; the first stays listed.
    await pickFiles(page, request.getByRole('button', { name: `Upload a new version of ${REQUEST}` }), [{ name: 'Bank statements (all pages).pdf', mimeType: 'application/pdf', buffer: pdf('All pages') }]);
    await request.getByText('Version 2', { exact: true }).waitFor();
    await request.getByText('Earlier version').waitFor();
    await request.getByText('Bank statements.pdf', { exact: true }).first().waitFor();

    // ---- Disallowed files: a program is stopped here, before sending; a web page renamed .pdf is refused by the server with the reason.
    const taskInput = documents.locator('.upload-area input[type=file]');
    await taskInput.setInputFiles([{ name: 'setup.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ\x90\x00 not really a program') }]);
    const exe = documents.getByRole('listitem').filter({ hasText: 'Not sent: setup.exe' });
    await exe.getByText(/EXE files are not accepted\. You can upload PDF, images/).waitFor();
    await taskInput.setInputFiles([{ name: 'Invoice.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<!doctype html><html><script>alert(1)</script></html>') }]);
    const html = documents.getByRole('listitem').filter({ hasText: 'Not uploaded: Invoice.pdf' });
    await html.getByText(/HTML/).waitFor();
    await expectAccessible(page);
    await shot(page, 'portal-task-documents-uploaded');

    // ---- The Documents area: grouped, with Preview and Download, and an upload not tied to a task.
    await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Documents' }).click();
    await page.getByRole('heading', { level: 1, name: 'Documents' }).waitFor();
    const sharedList = page.getByRole('list', { name: `Shared by ${FIRM}` });
    const yours = page.getByRole('list', { name: 'Uploaded by you' });
    await sharedList.getByText('BAS worksheet Q3.pdf', { exact: true }).first().waitFor();
    await yours.getByText('Bank statements (all pages).pdf', { exact: true }).first().waitFor();
    await yours.getByText('Bank statements.pdf', { exact: true }).first().waitFor();
    expect(await yours.getByText('Invoice.pdf').count()).toBe(0);
    await yours.getByRole('link', { name: `${service.name} · ${TASK}` }).first().waitFor();

    // Upload from the keyboard alone: Tab to Upload, Enter opens the file picker.
    const receipt = png(48, 32, [11, 110, 153]);
    const upload = page.getByRole('button', { name: 'Upload', exact: true });
    // The list above may re-render as the earlier uploads' live updates arrive, taking the focus with
    // the old button: focus and press again (at most 3 tries) rather than fail on that timing.
    let chooser: FileChooser | null = null;
    for (let attempt = 0; !chooser && attempt < 3; attempt++) {
      await upload.focus();
      const keyboardChooser = page.waitForEvent('filechooser', { timeout: 5000 }).catch(() => null);
      await page.keyboard.press('Enter');
      chooser = await keyboardChooser;
    }
    if (!chooser) throw new Error('Enter on the focused Upload button did not open the file picker');
    expect(chooser.isMultiple()).toBe(true);
    await chooser.setFiles([{ name: 'Receipt.png', mimeType: 'image/png', buffer: receipt }]);
    await page.getByText(`Received: Receipt.png (${receipt.length} bytes)`, { exact: true }).waitFor();
    await yours.getByText('Receipt.png', { exact: true }).first().waitFor();

    // Drag and drop: a spreadsheet dropped on the upload area is sent too.
    const csv = 'Date,Amount\n01/03/2026,12.50\n';
    const dataTransfer = await page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'Cash sales.csv', { type: 'text/csv' }));
      return dt;
    }, csv);
    const dropArea = page.locator('.upload-area .upload-drop');
    await dropArea.dispatchEvent('dragenter', { dataTransfer });
    await dropArea.dispatchEvent('dragover', { dataTransfer });
    await dropArea.dispatchEvent('drop', { dataTransfer });
    await page.getByText(`Received: Cash sales.csv (${csv.length} bytes)`, { exact: true }).waitFor();
    await yours.getByText('Cash sales.csv', { exact: true }).first().waitFor();

    // A slow connection: each file shows its progress, and Cancel stops it with nothing stored.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 32 * 1024 });
    // Padding inside the file, then %%EOF at its end: a complete PDF (the server checks how a PDF ends) should the cancel come late.
    const big = Buffer.concat([pdf('Scanned pages').subarray(0, -6), Buffer.alloc(600 * 1024, 0x20), Buffer.from('%%EOF\n')]);
    await page.locator('.upload-area input[type=file]').setInputFiles([{ name: 'Big scan.pdf', mimeType: 'application/pdf', buffer: big }]);
    const progress = page.getByRole('progressbar', { name: 'Uploading Big scan.pdf' });
    await progress.waitFor();
    await expect.poll(async () => Number(await progress.getAttribute('aria-valuenow'))).toBeGreaterThan(0);
    await screenshot(page, 'portal-documents-upload-progress');
    await page.getByRole('button', { name: 'Cancel upload of Big scan.pdf' }).click();
    await page.getByText('Cancelled: Big scan.pdf. Nothing was saved.', { exact: true }).waitFor();
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    const stored = await page.evaluate(async () => ((await (await fetch('/api/portal/coastal-docs/documents')).json()) as { items: Array<{ fileName: string }> }).items.map((d) => d.fileName));
    expect(stored).not.toContain('Big scan.pdf');

    // Preview: a PDF opens in a new tab (no opener), served inline with a sandbox policy; an image opens in a dialog.
    const pdfPreview = sharedList.getByRole('link', { name: 'Preview BAS worksheet Q3.pdf (opens in a new tab)' });
    expect(await pdfPreview.getAttribute('target')).toBe('_blank');
    expect(await pdfPreview.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await pdfPreview.getAttribute('href')).toMatch(/^\/api\/portal\/coastal-docs\/documents\/[0-9a-f-]{36}\/preview$/);
    const opening = context.waitForEvent('page');
    const replying = context.waitForEvent('response', (r) => r.url().endsWith('/preview'));
    await pdfPreview.click();
    const tab = await opening;
    const previewReply = await replying;
    expect(previewReply.status()).toBe(200);
    expect(previewReply.headers()['content-type']).toContain('application/pdf');
    const csp = (await previewReply.headersArray()).filter((h) => h.name.toLowerCase() === 'content-security-policy').map((h) => h.value);
    expect(csp.some((policy) => /(^|;\s*)sandbox(;|$)/.test(policy)), csp.join(' | ')).toBe(true);
    expect(previewReply.headers()['x-content-type-options']).toBe('nosniff');
    await tab.waitForTimeout(1500);
    await tab.screenshot({ path: 'test-results/screenshots/portal-documents-preview-pdf.png' });
    await tab.close();

    await yours.getByRole('button', { name: 'Preview Receipt.png' }).click();
    const image = page.getByRole('dialog', { name: 'Receipt.png' }).getByRole('img', { name: 'Receipt.png' });
    await image.waitFor();
    await expect.poll(() => image.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(48);
    await expectAccessible(page);
    await screenshot(page, 'portal-documents-preview-image');
    await page.keyboard.press('Escape');

    // Download: the browser saves the file with its name and the exact bytes.
    const downloading = page.waitForEvent('download');
    await yours.getByRole('link', { name: 'Download Bank statements.pdf', exact: true }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('Bank statements.pdf');
    expect((await readFile(await download.path())).equals(statements)).toBe(true);

    await expectAccessible(page);
    await shot(page, 'portal-documents');

    // ---- A small phone with touch: the task and the Documents area fit, and Upload works by tapping.
    const phone = await browser.newContext({ viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true, locale: 'en-AU', timezoneId: 'Australia/Sydney' });
    const mobile = await phone.newPage();
    mobile.setDefaultTimeout(15_000);
    await mobile.goto(`${server.portalUrl('coastal-docs')}/login`);
    await mobile.getByLabel('Email').fill(person.email);
    await mobile.getByLabel('Password').fill(TEST_PASSWORD);
    await mobile.getByRole('button', { name: 'Sign in' }).tap();
    await mobile.getByRole('heading', { name: 'Welcome, Casey' }).waitFor();
    await mobile.goto(`${server.portalUrl('coastal-docs')}/services/${service.id}`);
    await mobile.getByRole('article', { name: TASK }).getByRole('region', { name: 'Documents' }).getByText('Version 2', { exact: true }).waitFor();
    await expectNoHorizontalOverflow(mobile);
    await expectAccessible(mobile);
    await shot(mobile, 'portal-task-documents-360');
    // Upload on the task itself by tapping Upload in its Documents section.
    const phoneTaskDocs = mobile.getByRole('article', { name: TASK }).getByRole('region', { name: 'Documents' });
    const scan = png(20, 20, [40, 120, 200]);
    const taskChooser = mobile.waitForEvent('filechooser');
    await phoneTaskDocs.getByRole('button', { name: `Upload documents to ${TASK}` }).tap();
    await (await taskChooser).setFiles([{ name: 'Loan statement.png', mimeType: 'image/png', buffer: scan }]);
    await phoneTaskDocs.getByText(`Received: Loan statement.png (${scan.length} bytes)`, { exact: true }).waitFor();
    await phoneTaskDocs.getByText('Loan statement.png', { exact: true }).first().waitFor();
    await expectNoHorizontalOverflow(mobile);
    await expectAccessible(mobile);
    await shot(mobile, 'portal-task-upload-360');
    await mobile.getByRole('button', { name: 'Menu' }).tap();
    await mobile.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Documents' }).tap();
    await mobile.getByRole('heading', { level: 1, name: 'Documents' }).waitFor();
    const photo = png(24, 24, [200, 120, 40]);
    const phoneChooser = mobile.waitForEvent('filechooser');
    await mobile.getByRole('button', { name: 'Upload', exact: true }).tap();
    await (await phoneChooser).setFiles([{ name: 'Fuel receipt.png', mimeType: 'image/png', buffer: photo }]);
    await mobile.getByText(`Received: Fuel receipt.png (${photo.length} bytes)`, { exact: true }).waitFor();
    await mobile.getByRole('list', { name: 'Uploaded by you' }).getByText('Fuel receipt.png', { exact: true }).first().waitFor();
    await expectNoHorizontalOverflow(mobile);
    await expectAccessible(mobile);
    await shot(mobile, 'portal-documents-360');
    await phone.close();

    // ---- The accountant looking after the service was told.
    const notices = (await (await staff.get(`${server.baseUrl}/api/staff/notifications`)).json()) as { items: Array<{ title: string }> };
    expect(notices.items.map((n) => n.title).join('\n')).toMatch(/Coastal Coffee Pty Ltd sent \d+ documents/);

    await context.close();
    await staffContext.close();
  }, 180_000);
});
