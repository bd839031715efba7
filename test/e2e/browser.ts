import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { expect } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import type { Config } from '../../src/server/config/env.js';
import type { Database } from '../../src/server/db/client.js';
import { createTestDatabase, testConfig } from '../harness.js';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Browser tests need Debian's chromium; they are skipped without it unless REQUIRE_BROWSER=1 (CI), which fails instead. */
export const browserAvailable = existsSync(chromiumPath);
if (!browserAvailable && process.env.REQUIRE_BROWSER) {
  throw new Error(`REQUIRE_BROWSER is set but no Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`);
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/**
 * A free port, held open until `release()`: building the app takes seconds, and browser test files
 * run in parallel, so a port that was merely free once could be taken by another file meanwhile.
 */
async function reservePort(): Promise<{ port: number; release: () => Promise<void> }> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      resolve({ port, release: () => new Promise((done) => srv.close(() => done())) });
    });
  });
}

export interface RunningServer {
  baseUrl: string;
  portalUrl(slug: string): string;
  db: Database;
  built: Awaited<ReturnType<typeof buildApp>>;
  close(): Promise<void>;
}

/** The real server on a free port, with the outbox worker on, the built web app, and a fresh database. */
export async function startServer(over: Partial<Config> = {}): Promise<RunningServer> {
  const { port, release } = await reservePort();
  const db = await createTestDatabase();
  const base = testConfig();
  const config = testConfig({
    port, appBaseUrl: `http://localhost:${port}`, portalDomain: `localhost:${port}`, workers: true,
    // The built-in eWay emulator answers on this server's own port.
    eway: { ...base.eway, endpoint: `http://localhost:${port}/dev/eway/`, emulator: true },
    ...over,
  });
  const built = await buildApp(config, { db, webRoot: join(process.cwd(), 'dist', 'web') });
  await release();
  await built.app.listen({ host: '127.0.0.1', port });
  return {
    baseUrl: `http://localhost:${port}`,
    portalUrl: (slug) => `http://${slug}.localhost:${port}`,
    db,
    built,
    async close() {
      await built.close();
      await db.close();
    },
  };
}

const shots = join(process.cwd(), 'test-results', 'screenshots');

/** Saves a screenshot (test-results/screenshots) for people to look at; the guide's pictures come from here. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

/** axe-core on the current page: no serious or critical WCAG 2.x A/AA violations. */
export async function expectAccessible(page: Page): Promise<void> {
  // React Aria's visually hidden live announcer labels its message by id; axe flags that element as an
  // unlabelled image although screen readers read the referenced text. It is not page content.
  // Let finite animations (a toast popping in) end first: mid-fade, axe measures contrast against a half-opaque box.
  await page.evaluate(() => Promise.all(document.getAnimations().filter((a) => a.effect?.getTiming().iterations !== Infinity).map((a) => a.finished.catch(() => undefined))));
  const result = await new AxeBuilder({ page }).exclude('[data-live-announcer]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

/** Signs a staff member in through the real sign-in page and waits for the Clients list. */
export async function signInAsStaff(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/app/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Clients' }).waitFor();
}
