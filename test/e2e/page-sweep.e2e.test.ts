import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, createFirm, createPortalUser, createStaff, TEST_PASSWORD } from '../harness.js';
import { browserAvailable, expectAccessible, launchBrowser, signInAsStaff, startServer, type RunningServer } from './browser.js';

/** Every staff page in the menu (and those only reached from elsewhere): its heading once loaded. */
const STAFF_PAGES: [path: string, heading: string][] = [
  ['/app/clients', 'Clients'],
  ['/app/work', 'Work'],
  ['/app/requests', 'Requests'],
  ['/app/proposals', 'Proposals'],
  ['/app/invoices', 'Invoices'],
  ['/app/payments', 'Payments'],
  ['/app/messages', 'Messages'],
  ['/app/team', 'Team'],
  ['/app/settings', 'Settings'],
  ['/app/audit', 'Audit log'],
  ['/app/profile', 'Profile'],
  ['/app/proposals/verify', 'Verify a signed PDF'],
];

async function noHorizontalOverflow(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

describe.skipIf(!browserAvailable)('browser: every page, axe and a phone-width check; keyboard only', () => {
  let server: RunningServer;
  let browser: Browser;
  let slug: string;
  let ownerEmail: string;
  let clientEmail: string;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const firm = await createFirm(server.db, { slug: 'sweep-e2e', displayName: 'Sweep E2E Accounting' });
    slug = firm.slug;
    ownerEmail = (await createStaff(server.db, firm.id, { email: 'owner@sweep.example', name: 'Sally Sweep', role: 'owner' })).email;
    await createStaff(server.db, firm.id, { email: 'staff@sweep.example', name: 'Stan Staff', role: 'staff' });
    const client = await createClient(server.db, firm.id, { name: 'Sweep Client Pty Ltd' });
    clientEmail = (await createPortalUser(server.db, firm.id, client.id, { email: 'casey@sweep-client.example', name: 'Casey Client' })).email;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('staff pages: each loads its heading, has no serious or critical axe violation, and fits 360 px', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAsStaff(page, server.baseUrl, ownerEmail, TEST_PASSWORD);
    for (const [path, heading] of STAFF_PAGES) {
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto(`${server.baseUrl}${path}`);
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await expectAccessible(page);
      await page.setViewportSize({ width: 360, height: 740 });
      await noHorizontalOverflow(page);
    }
    await context.close();
  }, 120_000); // twelve pages, each with an axe run

  it('portal pages reached from e-mails without signing in (a bad signed-copy link, an unsubscribe link) are accessible', async () => {
    const page = await (await browser.newContext()).newPage();
    const portal = server.portalUrl(slug);
    // Each shows its answer to a link that is not (or no longer) valid.
    for (const [path, answer] of [[`/signed-copy#token=${'x'.repeat(43)}`, 'This download link can no longer be used'], [`/unsubscribe#token=${'x'.repeat(43)}`, 'This link is not valid']] as const) {
      await page.goto(`${portal}${path}`);
      await page.getByText(answer).first().waitFor();
      await expectAccessible(page);
    }
    await page.context().close();
  });

  it('keyboard only: a client signs in and moves through the portal menu with Tab and Enter, always seeing where the focus is', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.portalUrl(slug)}/login`);
    await page.getByLabel('Email').focus();
    await page.keyboard.type(clientEmail);
    await page.keyboard.press('Tab');
    await page.keyboard.type(TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Welcome, Casey' }).waitFor();

    /** The focused element and whether it shows a focus indicator (an outline or a box shadow). */
    const focused = () => page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return { text: '', visible: false, debug: 'body' };
      const style = getComputedStyle(el);
      const visible = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
      return { text: (el.getAttribute('aria-label') ?? el.textContent ?? '').trim(), visible, debug: `${el.tagName}.${el.className}` };
    });
    const reached: string[] = [];
    for (let i = 0; i < 40 && !reached.includes('Profile'); i++) {
      await page.keyboard.press('Tab');
      const f = await focused();
      if (f.debug === 'body') continue; // past the last control, the focus leaves the page once before wrapping round
      expect(f.visible, `focus on "${f.text}" is not visible: ${f.debug}`).toBe(true);
      reached.push(f.text);
    }
    expect(reached).toContain('Profile');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Profile', level: 1 }).waitFor();
    await page.context().close();
  });
});
