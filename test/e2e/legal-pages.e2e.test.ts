import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFirm } from '../harness.js';
import { browserAvailable, expectAccessible, launchBrowser, screenshot, startServer, type RunningServer } from './browser.js';

/** No horizontal scrolling: the page is no wider than the window. */
async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll).toBeLessThanOrEqual(client);
}

// Skipped only when Debian's chromium is missing on a developer machine; CI sets REQUIRE_BROWSER=1, which fails instead.
describe.skipIf(!browserAvailable)('browser: Privacy Policy and Security pages', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    await createFirm(server.db, { slug: 'legal-e2e', displayName: 'Lighthouse Legal E2E Accounting', primaryColour: '#7A1F5C' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const pages = [
    { link: 'Privacy Policy', path: '/privacy', sections: ['What we collect', 'Who can see it', "Where it's stored", 'How long we keep it', 'Data breaches', 'Card payments'], sentence: 'Ledger Loom never stores them' },
    { link: 'Security', path: '/security', sections: ['Encryption of documents and messages', 'Encryption in transit', 'Strict tenant isolation', 'Australian data residency'], sentence: 'encrypted with AES-256-GCM before it is stored' },
  ];

  for (const width of [1280, 360]) {
    it(`the portal sign-in page links to both pages, which need no sign-in (${width} px wide)`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 800 } });
      const page = await context.newPage();
      for (const p of pages) {
        await page.goto(`${server.portalUrl('legal-e2e')}/login`);
        await page.getByRole('button', { name: 'Sign in' }).waitFor();
        if (width === 360) await expectNoHorizontalScroll(page);
        await page.getByRole('contentinfo').getByRole('link', { name: p.link, exact: true }).click();
        await page.getByRole('heading', { level: 1, name: p.link }).waitFor();
        expect(new URL(page.url()).pathname).toBe(p.path);
        for (const section of p.sections) {
          await expect.poll(() => page.getByRole('heading', { level: 2, name: section, exact: true }).count()).toBe(1);
        }
        await page.getByText(p.sentence).waitFor();
        await page.getByText('Last updated: 04/12/2026').waitFor();
        // The firm's branding shell: its name above Ledger Loom's policy.
        await page.getByRole('banner').getByText('Lighthouse Legal E2E Accounting').waitFor();
        await expectAccessible(page);
        if (width === 360) await expectNoHorizontalScroll(page);
        await screenshot(page, `portal-${p.path.slice(1)}-${width}`);
      }
      // The pages link to each other and back to the portal.
      await page.getByRole('main').getByRole('link', { name: 'Privacy Policy' }).click();
      await page.getByRole('heading', { level: 1, name: 'Privacy Policy' }).waitFor();
      await page.getByRole('link', { name: 'Back to the client portal' }).click();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      await context.close();
    });
  }

  it('the staff sign-in page links to both pages', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
    const page = await context.newPage();
    for (const p of pages) {
      await page.goto(`${server.baseUrl}/app/login`);
      await page.getByRole('link', { name: p.link, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: p.link }).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/app${p.path}`);
      await page.getByText(p.sentence).waitFor();
      await expectAccessible(page);
      await expectNoHorizontalScroll(page);
    }
    await context.close();
  });
});
