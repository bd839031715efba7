import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, createFirm, createPortalUser, createStaff, TEST_PASSWORD } from '../harness.js';
import { browserAvailable, expectAccessible, launchBrowser, screenshot, startServer, type RunningServer, signInAsStaff } from './browser.js';

const TASK = 'Provide records for the quarter';
const YES_NO = 'Did you buy or sell any business vehicles this quarter?';
const AMOUNT = 'What were your total cash sales for the quarter?';

/** Full-page screenshots from the top (a scrolled page would show the sticky header half-way down), without toasts over the page. */
async function shot(page: Page, name: string) {
  const dismiss = page.getByRole('button', { name: 'Dismiss notification' });
  while ((await dismiss.count()) > 0) await dismiss.first().click();
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

/** Nothing on the page is wider than the window (no sideways scrolling on a small phone). */
async function expectNoHorizontalOverflow(page: Page, width = 360) {
  await page.setViewportSize({ width, height: 780 });
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  await page.setViewportSize({ width: 1280, height: 800 });
}

// Skipped only when Debian's chromium is missing on a developer machine; CI sets REQUIRE_BROWSER=1, which fails instead.
describe.skipIf(!browserAvailable)('browser: services and tasks, from template to the client’s answers', () => {
  let server: RunningServer;
  let browser: Browser;
  let firm: Awaited<ReturnType<typeof createFirm>>;
  let owner: Awaited<ReturnType<typeof createStaff>>;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    firm = await createFirm(server.db, { slug: 'coastal-e2e', displayName: 'Coastal E2E Accountants', primaryColour: '#7A3E9D', supportEmail: 'help@coastal-e2e.example' });
    owner = await createStaff(server.db, firm.id, { email: 'olive@coastal-e2e.example', name: 'Olive Owner', role: 'owner' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });


  /** Picks an option of a react-aria Select (its button is named "<current value> <label>"). */
  async function choose(page: Page, label: string, option: RegExp) {
    await page.getByRole('button', { name: new RegExp(`(^|\\s)${label}$`) }).click();
    await page.getByRole('option', { name: option }).click();
  }

  it('staff create a BAS service and ask questions; the client answers in the portal; staff see the answers and the task back In Progress', async () => {
    const client = await createClient(server.db, firm.id, { name: 'Coastal Coffee Pty Ltd', type: 'company' });
    const other = await createClient(server.db, firm.id, { name: 'Jordan Lee' });
    const person = await createPortalUser(server.db, firm.id, client.id, { email: 'casey@coastalcoffee.example', name: 'Casey Barista' });

    // ---- Staff: client page → Services → New service from BAS Preparation.
    const staffPage = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-AU', timezoneId: 'Australia/Sydney' })).newPage();
    staffPage.setDefaultTimeout(15_000);
    await signInAsStaff(staffPage, server.baseUrl, owner.email, TEST_PASSWORD);
    await staffPage.getByRole('link', { name: client.name }).click();
    await staffPage.getByRole('heading', { name: client.name }).waitFor();
    await staffPage.getByRole('tab', { name: 'Services' }).click();
    await staffPage.getByText('No services yet').waitFor();
    await staffPage.getByRole('button', { name: 'New service' }).click();
    const dialog = staffPage.getByRole('dialog', { name: `New service for ${client.name}` });
    await choose(staffPage, 'Template', /^BAS Preparation Quarterly/);
    await dialog.getByText('Leave empty to use the ATO date.').waitFor();
    expect(await dialog.getByRole('checkbox', { name: 'Registered agent lodgment' }).isChecked()).toBe(true);
    expect(await dialog.getByRole('switch', { name: 'Visible to the client' }).isChecked()).toBe(true);
    await dialog.getByRole('checkbox', { name: 'Repeat automatically' }).waitFor();
    await dialog.getByRole('button', { name: 'Create service' }).click();

    // ---- The service page: ask a Yes/No and an Amount question on the client's records task.
    await staffPage.getByRole('heading', { level: 1, name: /^BAS Preparation Q[1-4] \d{4}$/ }).waitFor();
    expect(new URL(staffPage.url()).pathname).toMatch(/^\/app\/services\/[0-9a-f-]{36}$/);
    const serviceName = (await staffPage.getByRole('heading', { level: 1 }).textContent()) ?? '';
    const serviceUrl = staffPage.url();
    const task = staffPage.getByRole('article', { name: TASK });
    await task.locator('.badge', { hasText: 'Not Started' }).waitFor();
    await expect.poll(() => staffPage.getByRole('article', { name: 'Reconcile accounts' }).getByText('Internal', { exact: true }).count()).toBe(1);

    // The due date is typed day / month / year whatever the browser's language.
    const due = staffPage.getByRole('group', { name: 'Due date' });
    await due.getByRole('spinbutton', { name: /^day/ }).click();
    await staffPage.keyboard.type('28022027');
    await expect.poll(() => due.textContent()).toContain('28/02/2027');
    await staffPage.getByRole('button', { name: 'Save due date' }).click();
    await staffPage.getByText('Due date saved.').waitFor();

    // Someone else changes the service meanwhile: this page's next change is refused (409) and says so.
    const csrf = ((await (await staffPage.request.get(`${server.baseUrl}/api/staff/session`)).json()) as { csrfToken: string }).csrfToken;
    const serviceId = new URL(serviceUrl).pathname.split('/').pop() ?? '';
    const current = (await (await staffPage.request.get(`${server.baseUrl}/api/staff/services/${serviceId}`)).json()) as { version: number };
    const elsewhere = await staffPage.request.patch(`${server.baseUrl}/api/staff/services/${serviceId}`, {
      headers: { 'x-csrf-token': csrf },
      data: { version: current.version, visibleToClient: true },
    });
    expect(elsewhere.status(), await elsewhere.text()).toBe(200);
    await choose(staffPage, 'Stage', /^In preparation/);
    const stale = staffPage.getByRole('alert').filter({ hasText: 'Someone else changed this service' });
    await stale.waitFor();
    await stale.getByRole('button', { name: 'Reload' }).click();
    await expect.poll(() => stale.count()).toBe(0);

    await task.getByRole('button', { name: `Ask the client a question about ${TASK}` }).click();
    await choose(staffPage, 'Kind of answer', /^Yes\/No$/);
    await task.getByRole('textbox', { name: 'Question' }).fill(YES_NO);
    await task.getByRole('button', { name: 'Ask the client', exact: true }).click();
    await task.getByText(YES_NO).waitFor();
    await task.locator('.badge', { hasText: 'Waiting on client' }).waitFor();

    await task.getByRole('button', { name: `Ask the client a question about ${TASK}` }).click();
    await choose(staffPage, 'Kind of answer', /^Amount$/);
    await task.getByRole('textbox', { name: 'Question' }).fill(AMOUNT);
    await task.getByRole('button', { name: 'Ask the client', exact: true }).click();
    await task.getByText(AMOUNT).waitFor();
    await expect.poll(() => task.getByText('Not answered yet').count()).toBe(2);
    await expectAccessible(staffPage);
    await shot(staffPage, 'staff-service');

    // An impossible task move answers 409 with the reason, shown on the task.
    const internal = staffPage.getByRole('article', { name: 'Reconcile accounts' });
    await choose(staffPage, 'Status of Reconcile accounts', /^Waiting on client$/);
    await internal.getByRole('alert').getByText(/internal task cannot wait on the client/).waitFor();

    // A choice question needs two choices (checked before sending); an internal task can be added.
    const approve = staffPage.getByRole('article', { name: 'Approve and lodge' });
    await approve.getByRole('button', { name: 'Ask the client a question about Approve and lodge' }).click();
    await choose(staffPage, 'Kind of answer', /^Choice$/);
    await approve.getByRole('textbox', { name: 'Question' }).fill('How would you like to approve the BAS?');
    await approve.getByRole('textbox', { name: 'Choice 1' }).fill('In the portal');
    await approve.getByRole('button', { name: 'Ask the client', exact: true }).click();
    await approve.getByRole('alert').getByText(/needs at least two choices/).waitFor();
    await approve.getByRole('button', { name: 'Cancel' }).click();
    await staffPage.getByRole('button', { name: 'Add task' }).click();
    const addForm = staffPage.getByRole('form', { name: 'Add task' });
    await addForm.getByRole('textbox', { name: 'Task name' }).fill('Check fuel tax credits');
    await addForm.getByText('Visible to the client').click();
    await addForm.getByRole('button', { name: 'Add task' }).click();
    await staffPage.getByRole('article', { name: 'Check fuel tax credits' }).getByText('Internal', { exact: true }).waitFor();

    // ---- The work list shows it; "Waiting on client only" leaves out a service nobody asked anything on.
    const templates = (await (await staffPage.request.get(`${server.baseUrl}/api/staff/templates`)).json()) as { items: Array<{ id: string; name: string }> };
    const advisory = templates.items.find((t) => t.name === 'Advisory');
    const created = await staffPage.request.post(`${server.baseUrl}/api/staff/services`, {
      headers: { 'x-csrf-token': csrf },
      data: { clientId: other.id, templateId: advisory?.id, dueDate: '2020-01-31' },
    });
    expect(created.status(), await created.text()).toBe(201);

    await staffPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Work' }).click();
    await staffPage.getByRole('heading', { name: 'Work' }).waitFor();
    const table = staffPage.getByRole('grid', { name: 'Work' });
    await table.getByRole('link', { name: serviceName }).waitFor();
    await table.getByRole('link', { name: 'Advisory' }).waitFor();
    await expect.poll(() => table.getByRole('row', { name: /Advisory/ }).getByText('Overdue').count()).toBe(1);
    await expect.poll(() => table.getByRole('row', { name: new RegExp(serviceName) }).getByText('Waiting on client').count()).toBe(1);
    await expectAccessible(staffPage);
    await shot(staffPage, 'staff-work-list');
    await staffPage.getByText('Waiting on client only', { exact: true }).click();
    await expect.poll(() => staffPage.getByRole('checkbox', { name: 'Waiting on client only' }).isChecked()).toBe(true);
    await expect.poll(() => table.getByRole('link', { name: 'Advisory' }).count()).toBe(0);
    await table.getByRole('link', { name: serviceName }).waitFor();
    expect(new URL(staffPage.url()).searchParams.get('waiting')).toBe('1');
    await staffPage.getByRole('button', { name: 'Clear filters' }).click();
    await table.getByRole('link', { name: 'Advisory' }).waitFor();
    await staffPage.getByRole('combobox', { name: 'Client' }).fill('Jordan');
    await staffPage.getByRole('option', { name: 'Jordan Lee' }).click();
    await expect.poll(() => table.getByRole('link', { name: serviceName }).count()).toBe(0);
    await table.getByRole('link', { name: 'Advisory' }).waitFor();
    expect(new URL(staffPage.url()).searchParams.get('client')).toBe(other.id);

    // A finished service for the client, to be folded away on their dashboard.
    const api = async (method: 'POST' | 'PATCH', path: string, data: unknown) => {
      const res = await staffPage.request.fetch(`${server.baseUrl}${path}`, { method, headers: { 'x-csrf-token': csrf }, data });
      expect(res.status(), await res.text()).toBeLessThan(300);
      return (await res.json()) as { id: string; version: number; tasks: Array<{ id: string; version: number }> };
    };
    let done = await api('POST', '/api/staff/services', { clientId: client.id, templateId: advisory?.id, name: 'Business plan review' });
    for (const t of done.tasks) done = await api('PATCH', `/api/staff/tasks/${t.id}`, { version: t.version, status: 'completed' });
    await api('PATCH', `/api/staff/services/${done.id}`, { version: done.version, status: 'completed' });

    // ---- The client: dashboard with Action required, then the service and its questions.
    const portal = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-AU', timezoneId: 'Australia/Sydney' })).newPage();
    portal.setDefaultTimeout(15_000);
    await portal.goto(`${server.portalUrl('coastal-e2e')}/login`);
    await portal.getByLabel('Email').fill(person.email);
    await portal.getByLabel('Password').fill(TEST_PASSWORD);
    await portal.getByRole('button', { name: 'Sign in' }).click();
    await portal.getByRole('heading', { name: 'Welcome, Casey' }).waitFor();
    const action = portal.getByRole('region', { name: 'Action required' });
    await action.getByText('You have 1 task waiting on you').waitFor();
    await action.getByRole('link', { name: TASK }).waitFor();
    const card = portal.getByRole('listitem').filter({ has: portal.getByRole('heading', { name: serviceName }) });
    await card.getByText('Waiting on You', { exact: true }).waitFor();
    await card.getByText('Olive Owner').waitFor();
    await card.getByRole('progressbar', { name: 'Progress' }).waitFor();
    const completed = portal.getByRole('button', { name: 'Completed services (1)' });
    expect(await completed.getAttribute('aria-expanded')).toBe('false');
    expect(await portal.getByRole('link', { name: 'Business plan review' }).count()).toBe(0);
    await completed.click();
    await portal.getByRole('link', { name: 'Business plan review' }).waitFor();
    await expectAccessible(portal);
    await shot(portal, 'portal-dashboard-services');
    await expectNoHorizontalOverflow(portal);

    await action.getByRole('link', { name: TASK }).click();
    await portal.getByRole('heading', { level: 1, name: serviceName }).waitFor();
    const portalTask = portal.getByRole('article', { name: TASK });
    await portalTask.getByText('Waiting on You', { exact: true }).waitFor();
    await portalTask.getByRole('heading', { name: 'Questions from your accountant' }).waitFor();
    // Internal tasks never reach the portal.
    expect(await portal.getByRole('article', { name: 'Reconcile accounts' }).count()).toBe(0);

    // Not an amount → said next to the question and in the summary; nothing is sent.
    await portalTask.getByRole('radiogroup', { name: YES_NO }).getByText('Yes', { exact: true }).click();
    await portalTask.getByLabel(AMOUNT).fill('twelve fifty');
    await portalTask.getByRole('button', { name: 'Submit answers' }).click();
    await portalTask.getByRole('alert').getByText('Please check your answers').waitFor();
    await expect.poll(() => portalTask.getByText('Enter an amount in dollars and cents, like 1,250.50.').count()).toBe(2);

    // A draft survives a reload.
    await portalTask.getByLabel(AMOUNT).fill('1,250.50');
    await portalTask.getByRole('button', { name: 'Save draft' }).click();
    await portalTask.getByText('Draft saved.').waitFor();
    await expectAccessible(portal);
    await shot(portal, 'portal-service-questions');
    await expectNoHorizontalOverflow(portal);
    await portal.reload();
    const reloaded = portal.getByRole('article', { name: TASK });
    await expect.poll(() => reloaded.getByLabel(AMOUNT).inputValue()).toBe('1250.50');
    expect(await reloaded.getByRole('radio', { name: 'Yes' }).isChecked()).toBe(true);

    await reloaded.getByRole('button', { name: 'Submit answers' }).click();
    await reloaded.getByText('Answers submitted').waitFor();
    await reloaded.getByText('In Progress', { exact: true }).waitFor();
    await reloaded.getByText('$1,250.50').waitFor();
    await expectAccessible(portal);

    // ---- Staff see the answers, the task back In Progress, and one unread notice.
    await staffPage.goto(serviceUrl);
    const answered = staffPage.getByRole('article', { name: TASK });
    await answered.locator('.badge', { hasText: 'In Progress' }).waitFor();
    await answered.getByText('Yes', { exact: true }).waitFor();
    await answered.getByText('$1,250.50').waitFor();
    const bell = staffPage.getByRole('button', { name: 'Notifications, 1 unread' });
    await bell.waitFor();
    await bell.click();
    const notices = staffPage.getByRole('dialog', { name: 'Notifications' });
    await notices.getByRole('link', { name: /Casey Barista answered the questions/ }).waitFor();
    await expectAccessible(staffPage);
    await notices.getByRole('button', { name: 'Mark all read' }).click();
    await notices.getByText('All read.').waitFor();
    await staffPage.keyboard.press('Escape');
    await staffPage.getByRole('button', { name: 'Notifications', exact: true }).waitFor();

    // ---- Bulk actions: a stage one of the services does not have is refused and changes nothing; assigning both works.
    await staffPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Work' }).click();
    const grid = staffPage.getByRole('grid', { name: 'Work' });
    await grid.getByRole('link', { name: 'Advisory' }).waitFor();
    await grid.getByRole('row', { name: /Advisory/ }).getByRole('checkbox').click({ force: true });
    await grid.getByRole('row', { name: new RegExp(serviceName) }).getByRole('checkbox').click({ force: true });
    await staffPage.getByText('2 services selected').waitFor();
    await staffPage.getByRole('button', { name: 'Change stage…' }).click();
    const bulk = staffPage.getByRole('dialog', { name: 'Change the stage of 2 services' });
    await choose(staffPage, 'New stage', /^In preparation$/);
    await bulk.getByRole('button', { name: 'Change stage', exact: true }).click();
    await bulk.getByRole('alert').getByText(/does not apply to Advisory.*Nothing was changed/).waitFor();
    await bulk.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => grid.getByRole('row', { name: new RegExp(serviceName) }).getByText('Awaiting records').count()).toBe(1);
    await staffPage.getByRole('button', { name: 'Assign to…' }).click();
    await choose(staffPage, 'Assign to', /^Olive Owner/);
    await staffPage.getByRole('dialog', { name: 'Assign 2 services' }).getByRole('button', { name: 'Assign', exact: true }).click();
    await staffPage.getByText('2 services reassigned.').waitFor();
    await expect.poll(() => grid.getByRole('row', { name: /Advisory/ }).getByText('Olive Owner').count()).toBe(1);

    await portal.context().close();
    await staffPage.context().close();
  }, 180_000);
});
