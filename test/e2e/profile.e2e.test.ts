import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, createFirm, createPortalUser, createStaff, TEST_PASSWORD } from '../harness.js';
import { browserAvailable, expectAccessible, launchBrowser, screenshot, signInAsStaff, startServer, type RunningServer } from './browser.js';

describe.skipIf(!browserAvailable)('browser: the portal Profile', () => {
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

  it('a client changes their phone and password, signs in with the new password, and confirms a new e-mail from the link', async () => {
    const firm = await createFirm(server.db, { slug: 'profile-e2e', displayName: 'Profile E2E Accounting' });
    const client = await createClient(server.db, firm.id, { name: 'Kookaburra Cafe' });
    const person = await createPortalUser(server.db, firm.id, client.id, { email: 'kim@kookaburra.example', name: 'Kim Kookaburra' });
    const portal = server.portalUrl('profile-e2e');
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${portal}/login`);
    await page.getByLabel('Email').fill(person.email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Welcome, Kim' }).waitFor();

    await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Profile' }).click();
    await page.getByRole('heading', { name: 'Profile', level: 1 }).waitFor();
    const contact = page.getByRole('form', { name: 'Contact details' });
    await contact.getByLabel('Phone').fill('12345');
    await contact.getByRole('button', { name: 'Save contact details' }).click();
    await contact.getByText(/not an Australian phone number/).first().waitFor();
    await contact.getByLabel('Phone').fill('0412345678');
    await contact.getByRole('button', { name: 'Save contact details' }).click();
    await page.getByText('Your contact details have been saved.').waitFor();
    await expect.poll(() => contact.getByLabel('Phone').inputValue()).toBe('0412 345 678');
    await expectAccessible(page);
    await screenshot(page, 'portal-profile');

    const password = page.getByRole('form', { name: 'Change password' });
    await password.getByLabel('Current password').fill('not-my-password');
    await password.getByLabel('New password', { exact: true }).fill('Billabong-Sunrise-Walk-62');
    await password.getByLabel('Confirm new password').fill('Billabong-Sunrise-Walk-62');
    await password.getByRole('button', { name: 'Change password' }).click();
    await password.getByText(/current password is not right/).first().waitFor();
    await password.getByLabel('Current password').fill(TEST_PASSWORD);
    await password.getByRole('button', { name: 'Change password' }).click();
    await page.getByText(/Your password has been changed/).waitFor();

    const email = page.getByRole('form', { name: 'Change email' });
    await email.getByLabel('New email address').fill('kim@new-kookaburra.example');
    await email.getByLabel('Current password').fill('Billabong-Sunrise-Walk-62');
    await email.getByRole('button', { name: 'Send confirmation link' }).click();
    await email.getByText('Waiting for confirmation').waitFor();

    const mail = await server.built.mailCatcher!.waitFor((m) => m.to.includes('kim@new-kookaburra.example'), 15_000);
    const link = /(http:\/\/\S+\/confirm-email#token=[A-Za-z0-9_-]{43})/.exec(mail.text)?.[1];
    expect(link?.startsWith(portal)).toBe(true);
    await page.goto(link ?? '');
    await page.getByText('Your email address has been changed').waitFor();
    expect(page.url()).not.toContain('token=');
    await expectAccessible(page);

    // Signed out, the new e-mail and the new password are the way in.
    const fresh = await (await browser.newContext()).newPage();
    await fresh.goto(`${portal}/login`);
    await fresh.getByLabel('Email').fill('kim@new-kookaburra.example');
    await fresh.getByLabel('Password').fill('Billabong-Sunrise-Walk-62');
    await fresh.getByRole('button', { name: 'Sign in' }).click();
    await fresh.getByRole('heading', { name: 'Welcome, Kim' }).waitFor();
    await fresh.context().close();
    await page.context().close();
  });

  it('a staff member reaches the same Profile from the link under their name and saves a phone', async () => {
    const firm = await createFirm(server.db, { slug: 'profile-staff-e2e', displayName: 'Profile Staff E2E' });
    const staff = await createStaff(server.db, firm.id, { email: 'sam@profile-staff.example', name: 'Sam Staffer', role: 'staff' });
    const page = await (await browser.newContext()).newPage();
    await signInAsStaff(page, server.baseUrl, staff.email, TEST_PASSWORD);
    await page.getByRole('link', { name: 'Profile' }).click();
    await page.getByRole('heading', { name: 'Profile', level: 1 }).waitFor();
    const contact = page.getByRole('form', { name: 'Contact details' });
    await contact.getByLabel('Phone').fill('(02) 9876 5432');
    await contact.getByRole('button', { name: 'Save contact details' }).click();
    await page.getByText('Your contact details have been saved.').waitFor();
    await expectAccessible(page);
    await page.context().close();
  });
});
