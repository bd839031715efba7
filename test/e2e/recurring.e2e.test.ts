import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService, listTemplates } from '../../src/server/modules/work/work.service.js';
import type { StaffCtx } from '../../src/server/platform/tenancy/context.js';
import { createClient, createFirm, createStaff, TEST_PASSWORD } from '../harness.js';
import { browserAvailable, expectAccessible, launchBrowser, signInAsStaff, startServer, type RunningServer } from './browser.js';

// Skipped only when Debian's chromium is missing on a developer machine; CI sets REQUIRE_BROWSER=1, which fails instead.
describe.skipIf(!browserAvailable)('browser: stopping and resuming a recurring service', () => {
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

  it('the client’s Services tab lists the quarterly BAS under Repeats automatically, with Stop repeating and Resume', async () => {
    const firm = await createFirm(server.db, { slug: 'repeat-e2e', displayName: 'Repeat E2E Accounting' });
    const owner = await createStaff(server.db, firm.id, { email: 'owner@repeat-e2e.example', name: 'Rae Owner', role: 'owner' });
    const client = await createClient(server.db, firm.id, { name: 'Quarterly Cafe Pty Ltd', type: 'company' });
    const ctx: StaffCtx = {
      ...server.built.deps, requestId: 'e2e', ip: '127.0.0.1', userAgent: 'e2e', now: new Date(), firmId: firm.id,
      actor: { kind: 'staff', userId: owner.id, role: 'owner', name: owner.name, email: owner.email, sessionId: 'e2e' },
    };
    const bas = (await listTemplates(ctx)).find((x) => x.name === 'BAS Preparation');
    await createService(ctx, { clientId: client.id, templateId: bas?.id ?? '', agentConcession: true, visibleToClient: true, recurring: true });

    const page = await (await browser.newContext()).newPage();
    await signInAsStaff(page, server.baseUrl, owner.email, TEST_PASSWORD);
    await page.goto(`${server.baseUrl}/app/clients/${client.id}`);
    await page.getByRole('tab', { name: /Services/ }).click();
    await page.getByRole('heading', { name: 'Repeats automatically' }).waitFor();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Stop BAS Preparation repeating' }).click();
    await page.getByRole('button', { name: 'Resume BAS Preparation repeating' }).waitFor();
    await expect.poll(() => page.getByText('stopped').count()).toBe(1);
    await page.getByRole('button', { name: 'Resume BAS Preparation repeating' }).click();
    await page.getByRole('button', { name: 'Stop BAS Preparation repeating' }).waitFor();
    await page.context().close();
  });
});
