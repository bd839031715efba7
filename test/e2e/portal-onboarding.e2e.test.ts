import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, createFirm, createPortalUser, createStaff, TEST_PASSWORD } from '../harness.js';
import { browserAvailable, expectAccessible, launchBrowser, screenshot, startServer, type RunningServer, signInAsStaff } from './browser.js';

// Skipped only when Debian's chromium is missing on a developer machine; CI sets REQUIRE_BROWSER=1, which fails instead.
describe.skipIf(!browserAvailable)('browser: invitation → registration → branded portal', () => {
  let server: RunningServer;
  let browser: Browser;
  let firm: Awaited<ReturnType<typeof createFirm>>;
  let owner: Awaited<ReturnType<typeof createStaff>>;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    firm = await createFirm(server.db, { slug: 'harbour-e2e', displayName: 'Harbour E2E Accounting', primaryColour: '#0F5E8C', supportEmail: 'help@harbour-e2e.example' });
    owner = await createStaff(server.db, firm.id, { email: 'owner@harbour-e2e.example', name: 'Olive Owner', role: 'owner' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });


  it('staff invite a client, the e-mail arrives over SMTP, the client registers and lands on the branded dashboard', async () => {
    const client = await createClient(server.db, firm.id, { name: 'Saltwater Surf Pty Ltd', type: 'company' });
    const staffPage = await (await browser.newContext()).newPage();
    await signInAsStaff(staffPage, server.baseUrl, owner.email, TEST_PASSWORD);
    await expectAccessible(staffPage);
    await staffPage.getByRole('link', { name: client.name }).click();
    await staffPage.getByRole('heading', { name: client.name }).waitFor();
    await staffPage.getByRole('button', { name: 'Invite to portal' }).click();
    const dialog = staffPage.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Robin Saltwater');
    await dialog.getByLabel('Email').fill('robin@saltwater.example');
    await expectAccessible(staffPage);
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    await staffPage.getByRole('row', { name: /Robin Saltwater/ }).getByText('Invited', { exact: true }).waitFor();
    await expectAccessible(staffPage);
    await screenshot(staffPage, 'staff-client-invited');

    const mail = await server.built.mailCatcher!.waitFor((m) => m.to.includes('robin@saltwater.example'), 15_000);
    expect(mail.subject).toBe('Harbour E2E Accounting has invited you to their client portal');
    const link = /(http:\/\/\S+\/register#token=[A-Za-z0-9_-]{43})/.exec(mail.text)?.[1];
    expect(link).toBeDefined();
    expect(link?.startsWith(server.portalUrl('harbour-e2e'))).toBe(true);

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(link ?? '');
    await expect.poll(() => page.getByLabel('Email').inputValue()).toBe('robin@saltwater.example');
    expect(page.url()).not.toContain('token='); // the token is removed from the address bar
    await expectAccessible(page);
    await page.getByLabel('New password').fill('Salt-Spray-Morning-88');
    await page.getByLabel('Confirm password').fill('Salt-Spray-Morning-88');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Welcome, Robin' }).waitFor();

    const nav = page.getByRole('navigation', { name: 'Portal' });
    for (const item of ['Dashboard', 'Invoices', 'Messages', 'Proposals', 'Profile']) {
      await expect.poll(() => nav.getByRole('link', { name: item }).count()).toBe(1);
    }
    await expect.poll(() => page.locator('.portal-brand-name').textContent()).toBe('Harbour E2E Accounting');
    await expectAccessible(page);
    await screenshot(page, 'portal-dashboard');

    // Staff now see the person as Active.
    await staffPage.reload();
    await staffPage.getByRole('row', { name: /Robin Saltwater/ }).getByText('Active', { exact: true }).waitFor();
    await context.close();
    await staffPage.context().close();
  });

  it('Forgot Password e-mails a link that sets a new password; the old one stops working', async () => {
    const client = await createClient(server.db, firm.id, { name: 'Forgetful Pty Ltd' });
    const person = await createPortalUser(server.db, firm.id, client.id, { email: 'frankie@forgetful.example', name: 'Frankie Forgetful' });
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.portalUrl('harbour-e2e')}/login`);
    await expectAccessible(page);
    await screenshot(page, 'portal-login');
    await page.getByRole('link', { name: 'Forgot Password' }).click();
    await page.getByRole('button', { name: 'Send reset link' }).waitFor();
    await expectAccessible(page);
    await page.getByLabel('Email').fill(person.email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByText('Check your email').waitFor();
    await expectAccessible(page);

    const mail = await server.built.mailCatcher!.waitFor((m) => m.to.includes(person.email) && /Reset/.test(m.subject), 15_000);
    const link = /(http:\/\/\S+\/reset-password#token=[A-Za-z0-9_-]{43})/.exec(mail.text)?.[1];
    expect(link).toBeDefined();
    await page.goto(link ?? '');
    await page.getByLabel('New password').waitFor();
    await expectAccessible(page);
    await page.getByLabel('New password').fill('Fresh-Start-Wattle-31');
    await page.getByLabel('Confirm password').fill('Fresh-Start-Wattle-31');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByText('Your password has been changed').waitFor();
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Email').fill(person.email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Email or password is incorrect').waitFor();
    await page.getByLabel('Password').fill('Fresh-Start-Wattle-31');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Welcome, Frankie' }).waitFor();
    await page.context().close();
  });

  it('a wrong password shows an error and keeps the person on the sign-in page', async () => {
    const client = await createClient(server.db, firm.id, { name: 'Typo Traders' });
    const person = await createPortalUser(server.db, firm.id, client.id, { email: 'tyler@typo.example', name: 'Tyler Typo' });
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.portalUrl('harbour-e2e')}/login`);
    await page.getByLabel('Email').fill(person.email);
    await page.getByLabel('Password').fill('not-my-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.getByText('Email or password is incorrect').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    await expectAccessible(page);
    await screenshot(page, 'portal-login-wrong-password');
    await page.context().close();
  });
});
