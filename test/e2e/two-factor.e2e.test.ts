import type { Browser } from 'playwright-core';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, createFirm, createPortalUser, createStaff, TEST_PASSWORD } from '../harness.js';
import { browserAvailable, expectAccessible, launchBrowser, screenshot, signInAsStaff, startServer, type RunningServer } from './browser.js';

describe.skipIf(!browserAvailable)('browser: two-factor sign-in in the portal', () => {
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

  it('a client sets it up from Profile with the manual key, signs out, and signs back in with a code', async () => {
    const firm = await createFirm(server.db, { slug: 'twofactor-e2e', displayName: 'Two Factor E2E Accounting' });
    const client = await createClient(server.db, firm.id, { name: 'Wombat Bakery' });
    const person = await createPortalUser(server.db, firm.id, client.id, { email: 'wendy@wombat.example', name: 'Wendy Wombat' });
    const portal = server.portalUrl('twofactor-e2e');
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${portal}/login`);
    await page.getByLabel('Email').fill(person.email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Welcome, Wendy' }).waitFor();

    await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Profile' }).click();
    await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
    await page.getByRole('img', { name: /QR code/ }).waitFor();
    const key = (await page.getByTestId('manual-key').innerText()).replace(/\s/g, '');
    const secret = Secret.fromBase32(key);
    await expectAccessible(page);
    await screenshot(page, 'portal-two-factor-enrol');
    const confirm = page.getByRole('form', { name: 'Confirm two-factor sign-in' });
    await confirm.getByLabel('Code from your app').fill(TOTP.generate({ secret }));
    await confirm.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    await page.getByText('Save your recovery codes now').waitFor();
    const codes = await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').allInnerTexts();
    expect(codes).toHaveLength(10);
    await page.getByRole('button', { name: 'I have saved my codes' }).click();
    await page.getByText(/Recovery codes left: 10 of 10/).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Email').fill(person.email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const step = page.getByRole('form', { name: 'Two-factor sign-in' });
    await step.getByLabel('Authentication code').waitFor();
    await step.getByLabel('Authentication code').fill('000000');
    await step.getByRole('button', { name: 'Verify and sign in' }).click();
    await step.getByText(/code is not right/).first().waitFor();
    await expectAccessible(page);
    // The code of the next step: the one used to turn it on cannot be used again.
    await step.getByLabel('Authentication code').fill(TOTP.generate({ secret, timestamp: Date.now() + 30_000 }));
    await step.getByText('Remember this device for 30 days').click();
    await step.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.getByRole('heading', { name: 'Welcome, Wendy' }).waitFor();

    // Wendy loses her phone and her codes: the firm's owner resets her two-factor from the client's portal users.
    const owner = await createStaff(server.db, firm.id, { email: 'olive@twofactor.example', name: 'Olive Owner', role: 'owner' });
    const staffPage = await (await browser.newContext()).newPage();
    await signInAsStaff(staffPage, server.baseUrl, owner.email, TEST_PASSWORD);
    await staffPage.goto(`${server.baseUrl}/app/clients/${client.id}`);
    await staffPage.getByRole('tab', { name: /Portal users/ }).click();
    await staffPage.getByText('Two-factor on').waitFor();
    await staffPage.getByRole('button', { name: 'Sign Wendy Wombat out everywhere' }).click();
    await staffPage.getByRole('alertdialog').getByRole('button', { name: 'Sign out everywhere' }).click();
    await staffPage.getByText('Wendy Wombat was signed out of 1 session.').waitFor();
    await staffPage.getByRole('button', { name: 'Reset two-factor sign-in for Wendy Wombat' }).click();
    const dialog = staffPage.getByRole('alertdialog');
    await dialog.getByText(/they lost their phone and their recovery codes/).waitFor();
    await expectAccessible(staffPage);
    await dialog.getByRole('button', { name: 'Reset two-factor' }).click();
    await staffPage.getByText('Two-factor sign-in was reset for Wendy Wombat. They have been signed out and emailed.').waitFor();
    await staffPage.getByText('Two-factor on').waitFor({ state: 'detached' });
    await staffPage.context().close();
    // Wendy's session has ended: the portal sends her back to sign in, and the password alone is enough.
    await page.reload();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Email').fill(person.email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Welcome, Wendy' }).waitFor();
    await page.context().close();
  }, 90_000);
  it('staff of a firm that requires it are sent to set it up right after signing in, then reach the app', async () => {
    const firm = await createFirm(server.db, { slug: 'twofactor-staff-e2e', displayName: 'Two Factor Staff E2E', requireStaffTwoFactor: true });
    const staff = await createStaff(server.db, firm.id, { email: 'sam@twofactor-staff.example', name: 'Sam Secure', role: 'owner' });
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.baseUrl}/app/login`);
    await page.getByLabel('Email').fill(staff.email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Set up two-factor sign-in', level: 1 }).waitFor();
    await page.getByText('Your firm requires two-factor sign-in.').waitFor();
    await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
    const key = (await page.getByTestId('manual-key').innerText()).replace(/\s/g, '');
    await page.getByLabel('Code from your app').fill(TOTP.generate({ secret: Secret.fromBase32(key) }));
    await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    await page.getByText('Save your recovery codes now').waitFor();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'I have saved my codes' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Clients' }).waitFor();
    await page.context().close();
  });
});
