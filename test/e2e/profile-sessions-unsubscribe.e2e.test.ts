import type { Browser } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/server/db/client.js';
import { enqueueEmail } from '../../src/server/platform/mail/outbox.js';
import { createClient, createFirm, createPortalUser, TEST_PASSWORD } from '../harness.js';
import { browserAvailable, expectAccessible, launchBrowser, startServer, type RunningServer } from './browser.js';

describe.skipIf(!browserAvailable)('browser: daily digest choice, where you are signed in, and Stop these e-mails', () => {
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

  it('a client picks Daily digest, sees two sessions, signs out everywhere else, then stops an e-mail from its link', async () => {
    const firm = await createFirm(server.db, { slug: 'digest-e2e', displayName: 'Digest E2E Accounting' });
    const client = await createClient(server.db, firm.id, { name: 'Possum Plumbing' });
    const person = await createPortalUser(server.db, firm.id, client.id, { email: 'pip@possum.example', name: 'Pip Possum' });
    const portal = server.portalUrl('digest-e2e');
    const signIn = async () => {
      const page = await (await browser.newContext()).newPage();
      await page.goto(`${portal}/login`);
      await page.getByLabel('Email').fill(person.email);
      await page.getByLabel('Password').fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Welcome, Pip' }).waitFor();
      return page;
    };
    const other = await signIn();
    const page = await signIn();
    await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Profile' }).click();

    const prefs = page.getByRole('form', { name: 'Notification preferences' });
    await prefs.getByRole('radiogroup', { name: 'Payment receipts' }).getByText('Daily digest', { exact: true }).click();
    await prefs.getByRole('button', { name: 'Save notification preferences' }).click();
    await page.getByText('Your notification preferences have been saved.').waitFor();

    const list = page.getByRole('list', { name: 'Your sessions' });
    await list.getByText('This device').waitFor();
    expect(await list.getByRole('listitem').count()).toBe(2);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Sign out everywhere else' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Sign out everywhere else' }).click();
    await page.getByText('One session was ended.').waitFor();
    expect(await list.getByRole('listitem').count()).toBe(1);
    await other.reload();
    await other.getByRole('button', { name: 'Sign in' }).waitFor();

    // An optional e-mail's footer link / List-Unsubscribe URL.
    await server.db.withFirm(firm.id, (tx) => enqueueEmail(tx, {
      firmId: firm.id, clientId: client.id, idempotencyKey: 'e2e-optional', kind: 'task_waiting', to: person.email, subject: 'Waiting', text: 'x', html: 'x',
      optional: { userKind: 'portal', userId: person.id, event: 'task_waiting', appBaseUrl: server.built.deps.config.appBaseUrl },
    }));
    const [row] = await server.db.withFirm(firm.id, (tx) => queryRows<{ unsubscribe_url: string }>(tx, sql`select unsubscribe_url from outbox_emails where idempotency_key = 'e2e-optional'`));
    const link = await (await browser.newContext()).newPage();
    await link.goto(row?.unsubscribe_url ?? '');
    await link.getByText(/Stop getting “A task is waiting on me” emails from Digest E2E Accounting/).waitFor();
    expect(link.url()).toContain('/unsubscribe');
    await expectAccessible(link);
    await link.getByRole('button', { name: 'Stop these emails' }).click();
    await link.getByText('You won’t get these emails any more').waitFor();
    await expectAccessible(link);

    const bad = await (await browser.newContext()).newPage();
    await bad.goto(`${portal}/unsubscribe#token=${'A'.repeat(43)}`);
    await bad.getByText('This link is not valid').waitFor();
    await expectAccessible(bad);

    await page.reload();
    const waiting = page.getByRole('form', { name: 'Notification preferences' }).getByRole('radiogroup', { name: 'A task is waiting on me' });
    expect(await waiting.getByRole('radio', { name: 'Off' }).isChecked()).toBe(true);
  }, 120_000);
});
