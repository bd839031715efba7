import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { InvoiceDto } from '../../src/contracts/invoices.js';
import { queryRows, type Database } from '../../src/server/db/client.js';
import { ORPHAN_GRACE_MS } from '../../src/server/modules/documents/documents.jobs.js';
import { sweepOrphanBlobs } from '../../src/server/modules/documents/index.js';
import { reconcilePayments } from '../../src/server/modules/invoices/payments.service.js';
import { enqueueEmail } from '../../src/server/platform/mail/outbox.js';
import { startEwayEmulator } from '../../src/server/platform/payments/eway-emulator.js';
import { asClient, buildTestApp, createTestDatabase, multipart, testDatabaseUrls, type Session, type TestApp } from '../harness.js';
import { createService, templateId, workWorld } from '../work-fixtures.js';
import { startJob, startServer, startSmtpSink, type ChildApp } from './server-process.js';

/**
 * Issue 9: the server is SIGKILLed at four moments where a crash could leave half a result, then
 * started again on the same database and blob directory. Each kill point is a faultPoint() in src
 * (src/server/platform/faults.ts), armed by LL_FAULT_POINT in the child only.
 *
 * The child is the real server (src/server/main.ts) — or, for the recurring job, the job run once
 * in a process of its own with the same wiring (test/faults/run-job.ts) — so the kill loses exactly
 * what a crash loses: open transactions, in-memory state, in-flight sockets. This process keeps an
 * in-process app on the same database for set-up and for looking at the outcome.
 *
 * PostgreSQL only (TEST_DATABASE_URL, as in CI): the embedded PGlite lives inside the one process
 * that opened its data dir, so a child server and this test cannot share it, and a killed child
 * would leave nothing for the test to look at until it restarts.
 */
const pgUrl = process.env.TEST_DATABASE_URL;
const KEY = 'fault-key';
const PASSWORD = 'fault-password';

describe.skipIf(!pgUrl)('a crash (SIGKILL) at each fault point, then a restart', () => {
  let db: Database;
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let emu: Awaited<ReturnType<typeof startEwayEmulator>>;
  let env: Record<string, string>;
  let dataDir = '';
  const children: ChildApp[] = [];
  const server = async (extra: Record<string, string> = {}) => {
    const c = await startServer({ ...env, ...extra });
    children.push(c);
    return c;
  };
  const job = (now: Date, extra: Record<string, string> = {}) => {
    const c = startJob('recurring-services', now, { ...env, ...extra });
    children.push(c);
    return c;
  };
  const count = async (q: ReturnType<typeof sql>) => Number((await queryRows<{ n: number }>(db.owner, q))[0]?.n ?? 0);

  beforeAll(async () => {
    smtp = await startSmtpSink();
    emu = await startEwayEmulator({ apiKey: KEY, apiPassword: PASSWORD });
    db = await createTestDatabase();
    const urls = testDatabaseUrls(db);
    if (!urls) throw new Error('expected a PostgreSQL test database');
    dataDir = mkdtempSync(join(tmpdir(), 'll-faults-'));
    const masterKey = randomBytes(32).toString('base64');
    const eway = { endpoint: emu.url, apiKey: KEY, apiPassword: PASSWORD, emulator: false };
    t = await buildTestApp({ db, config: { dataDir, masterKey, smtpUrl: smtp.url, eway } });
    env = {
      DATABASE_URL: urls.databaseUrl, DATABASE_MIGRATION_URL: urls.databaseMigrationUrl, DATA_DIR: dataDir, MASTER_KEY: masterKey,
      SMTP_URL: smtp.url, EWAY_ENDPOINT: emu.url, EWAY_API_KEY: KEY, EWAY_API_PASSWORD: PASSWORD,
    };
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') for (const c of children) console.error(`child ${c.pid} output:\n${c.output().slice(-4000)}`);
    await Promise.all(children.splice(0).map((c) => c.kill()));
  });
  afterAll(async () => {
    await t?.close();
    await db?.close();
    await smtp?.close();
    await emu?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** A request to the child that the kill cuts off: resolves with its status, or 'connection lost'. */
  const inFlight = (p: Promise<Response>) => p.then((r) => r.status, () => 'connection lost' as const);
  const headers = (s: Session, extra: Record<string, string> = {}) => ({ cookie: s.cookie, 'x-csrf-token': s.csrf, ...extra });

  it('outbox: killed after the SMTP server accepted an e-mail, before it was marked sent → sent again once the lease ends, with the same Message-ID (at-least-once)', async () => {
    const w = await workWorld(t, 'mail');
    const key = `fault-test:${randomUUID()}`;
    await db.withFirm(w.firm.id, (tx) => enqueueEmail(tx, { firmId: w.firm.id, idempotencyKey: key, kind: 'fault_test', to: 'pat@example.com', subject: `Crash test ${key}`, text: 'Hello', html: '<p>Hello</p>' }));
    // The worker sends whatever is due first: this must be the only e-mail waiting.
    expect(await count(sql`select count(*)::int as n from outbox_emails where status in ('pending', 'sending')`)).toBe(1);
    const mine = () => smtp.deliveries.filter((d) => d.subject.includes(key));

    const first = await server({ LL_FAULT_POINT: 'outbox:after-smtp-accept' });
    await first.waitFor(/FAULT_POINT_REACHED outbox:after-smtp-accept/);
    await first.kill();

    expect(mine()).toHaveLength(1); // delivered once…
    const [row] = await queryRows<{ id: string; status: string; attempts: number }>(db.owner, sql`select id, status, attempts from outbox_emails where idempotency_key = ${key}`);
    expect(row).toMatchObject({ status: 'sending', attempts: 1 }); // …but not known to be: the crash came first
    if (!row) return;

    // The restarted worker leaves it alone while the dead worker's lease (2 minutes) lasts…
    const second = await server();
    await new Promise((r) => setTimeout(r, 2500));
    expect(mine()).toHaveLength(1);
    // …and sends it again once the lease has run out (moved into the past instead of waiting two minutes).
    await db.owner.execute(sql`update outbox_emails set locked_until = now() - interval '1 second' where id = ${row.id}`);
    await expect.poll(async () => (await queryRows<{ status: string }>(db.owner, sql`select status from outbox_emails where id = ${row.id}`))[0]?.status, { timeout: 15_000, interval: 250 }).toBe('sent');

    // Not lost: it arrived. Sent twice over SMTP — at-least-once — as the same message: one Message-ID,
    // which is what lets the receiving side (and our dev catcher) keep one copy.
    expect(mine()).toHaveLength(2);
    expect(new Set(mine().map((d) => d.messageId)).size).toBe(1);
    expect(mine()[0]?.messageId).toMatch(/^<[0-9a-f]{32}@127\.0\.0\.1>$/);
    expect(await count(sql`select count(*)::int as n from outbox_emails where idempotency_key = ${key} and attempts = 2`)).toBe(1);
    expect(await count(sql`select count(*)::int as n from outbox_attempts where email_id = ${row.id} and ok = 'yes'`)).toBe(1);
    // And never a third time.
    await new Promise((r) => setTimeout(r, 2000));
    expect(mine()).toHaveLength(2);
    await second.stop();
  });

  it('upload: killed with the blob written and the row inserted but not committed → no document anywhere, the sweeper removes the blob, a retry stores it once', async () => {
    const w = await workWorld(t, 'upload');
    const blobs = async () => {
      const keys: string[] = [];
      for await (const b of t.deps.blobStore.list(`firms/${w.firm.id}/`)) keys.push(b.key);
      return keys;
    };
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n% crash test\n'), Buffer.alloc(64 * 1024, 'x'), Buffer.from('\n%%EOF\n')]);
    const upload = (c: ChildApp) => {
      const { payload, contentType } = multipart('receipts.pdf', pdf);
      return fetch(`${c.url}/api/staff/clients/${w.client1.id}/documents`, { method: 'POST', headers: headers(w.owner$, { 'content-type': contentType }), body: payload });
    };

    const first = await server({ LL_FAULT_POINT: 'upload:after-blob-write' });
    const request = inFlight(upload(first));
    await first.waitFor(/FAULT_POINT_REACHED upload:after-blob-write/);
    expect(await blobs()).toHaveLength(1); // the encrypted file is in the store
    await first.kill();
    expect(await request).toBe('connection lost');

    // No row, no audit entry, no notice: the transaction died with the process.
    expect(await count(sql`select count(*)::int as n from documents where firm_id = ${w.firm.id}`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from audit_log where firm_id = ${w.firm.id} and action like 'document.%'`)).toBe(0);
    const second = await server();
    const list = await fetch(`${second.url}/api/staff/clients/${w.client1.id}/documents`, { headers: headers(w.owner$) });
    expect(list.status).toBe(200);
    expect((await list.json()) as { items: unknown[] }).toMatchObject({ items: [] });

    // The orphaned blob: the sweeper's next run past its grace period removes it (and only it).
    expect(await blobs()).toHaveLength(1);
    expect(await sweepOrphanBlobs(t.deps, new Date(Date.now() + ORPHAN_GRACE_MS + 60_000))).toBeGreaterThanOrEqual(1);
    expect(await blobs()).toEqual([]);

    // The person uploads again: stored once, and listed.
    const again = await upload(second);
    expect(again.status, await again.clone().text()).toBe(201);
    const after = (await (await fetch(`${second.url}/api/staff/clients/${w.client1.id}/documents`, { headers: headers(w.owner$) })).json()) as { items: { fileName: string }[] };
    expect(after.items.map((d) => d.fileName)).toEqual(['receipts.pdf']);
    expect(await blobs()).toHaveLength(1);
    await second.stop();
  });

  /**
   * An issued invoice whose client paid on eWay's page, and a server SIGKILLed while handling eWay's
   * return: eWay has approved the charge, nothing is recorded here yet.
   */
  async function chargedThenKilled() {
    const w = await workWorld(t, 'pay');
    await w.owner$.req('PATCH', '/api/staff/firm', { abn: '51 824 753 556' });
    const draft = (await w.owner$.req('POST', '/api/staff/invoices', { clientId: w.client1.id, lines: [{ description: 'Annual accounts', quantityMilli: 1000, unitPriceCents: 100_000 }] })).json() as InvoiceDto;
    const issue = await w.owner$.req('POST', `/api/staff/invoices/${draft.id}/issue`, { version: draft.version });
    expect(issue.statusCode, issue.body).toBe(200);
    const inv = issue.json() as InvoiceDto;
    const client = await asClient(t, w.firm.slug, w.person1.email);
    const start = await client.req('POST', `/api/portal/${w.firm.slug}/invoices/${inv.id}/pay`);
    expect(start.statusCode, start.body).toBe(200);
    const { redirectUrl } = start.json() as { redirectUrl: string };
    // The browser on eWay's page: the card is charged, eWay sends the browser back to us.
    const card = new URLSearchParams({ cardNumber: '4444333322221111', cardName: 'Alex Nguyen', expiryMonth: '12', expiryYear: String(new Date().getFullYear() + 2), cvn: '123' });
    const charged = await fetch(redirectUrl, { method: 'POST', body: card, redirect: 'manual' });
    const back = new URL(charged.headers.get('location') ?? '');
    expect(back.pathname).toBe('/api/public/payments/eway/return');
    const returnTo = (c: ChildApp) => fetch(`${c.url}${back.pathname}${back.search}`, { redirect: 'manual' });
    const payments = () => count(sql`select count(*)::int as n from payments where invoice_id = ${inv.id}`);
    const invoice = async () => (await w.owner$.req('GET', `/api/staff/invoices/${inv.id}`)).json() as InvoiceDto;
    const receipts = () => count(sql`select count(*)::int as n from outbox_emails where kind = 'payment_receipt' and firm_id = ${w.firm.id}`);

    const first = await server({ LL_FAULT_POINT: 'payment:after-eway-approved' });
    const request = inFlight(returnTo(first));
    await first.waitFor(/FAULT_POINT_REACHED payment:after-eway-approved/);
    await first.kill();
    expect(await request).toBe('connection lost');
    expect(await payments()).toBe(0); // charged at eWay, not recorded here
    expect(await invoice()).toMatchObject({ status: 'unpaid', paidCents: 0, balanceCents: inv.totalCents });
    return { inv, returnTo, payments, invoice, receipts };
  }
  const expectPaidOnce = async (c: Awaited<ReturnType<typeof chargedThenKilled>>) => {
    expect(await c.payments()).toBe(1);
    expect(await c.invoice()).toMatchObject({ status: 'paid', paidCents: c.inv.totalCents, balanceCents: 0 });
    expect(await c.receipts()).toBe(1);
  };
  const reconcileLater = () => reconcilePayments(t.deps, new Date(Date.now() + 5 * 60_000), pino({ level: 'silent' }));

  it('payment return: killed after eWay approved, before the invoice was marked paid → the client’s reload records one payment; reconciliation adds none', async () => {
    const c = await chargedThenKilled();

    // The client reloads the return page on the restarted server (twice).
    const second = await server();
    for (let i = 0; i < 2; i++) {
      const res = await c.returnTo(second);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toMatch(new RegExp(`/invoices/${c.inv.id}\\?payment=paid&reason=A2000$`));
    }
    await expectPaidOnce(c);
    // The reconciliation job asking eWay again later finds nothing more to record.
    expect(await reconcileLater()).toBe(0);
    await expectPaidOnce(c);
    await second.stop();
  });

  it('payment return: killed the same way, the client never comes back → reconciliation records the payment once; a late reload adds none', async () => {
    const c = await chargedThenKilled();

    expect(await reconcileLater()).toBe(1);
    await expectPaidOnce(c);
    expect(await reconcileLater()).toBe(0);
    const second = await server();
    const res = await c.returnTo(second);
    expect(res.headers.get('location')).toMatch(/\?payment=paid&reason=A2000$/);
    await expectPaidOnce(c);
    await second.stop();
  });

  it('recurring services: killed after the first of several periods’ services was inserted → the rerun creates each period exactly once', async () => {
    const w = await workWorld(t, 'recurring');
    const first = await createService(w.owner$, { clientId: w.client1.id, templateId: templateId(w, 'BAS Preparation'), periodStart: '2025-01-01', recurring: true });
    const planId = first.recurringPlanId;
    if (!planId) throw new Error('no plan');
    const periods = async () => (await queryRows<{ p: string }>(db.owner, sql`select period_start::text as p from services where recurring_plan_id = ${planId} order by period_start`)).map((r) => r.p);
    const nextStart = async () => (await queryRows<{ d: string }>(db.owner, sql`select next_period_start::text as d from recurring_plans where id = ${planId}`))[0]?.d;
    // On 20 March 2026 four quarters are due: Apr–Jun 2025 to Jan–Mar 2026.
    const now = new Date('2026-03-20T00:00:00Z');

    const killed = job(now, { LL_FAULT_POINT: 'recurring:after-first-service' });
    await killed.waitFor(/FAULT_POINT_REACHED recurring:after-first-service/);
    await killed.kill();
    expect(await periods()).toEqual(['2025-01-01']); // the inserted one went with the transaction
    expect(await nextStart()).toBe('2025-04-01');

    const rerun = job(now);
    await rerun.waitFor(/JOB_DONE recurring-services created=4/);
    expect((await rerun.exited).code).toBe(0);
    expect(await periods()).toEqual(['2025-01-01', '2025-04-01', '2025-07-01', '2025-10-01', '2026-01-01']);
    expect(await nextStart()).toBe('2026-04-01');

    const third = job(now);
    await third.waitFor(/JOB_DONE recurring-services created=0/);
    expect(await periods()).toHaveLength(5);
  });
});
