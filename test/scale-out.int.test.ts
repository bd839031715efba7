import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import type { InvoiceDto } from '../src/contracts/invoices.js';
import type { ProposalDetail } from '../src/contracts/proposals.js';
import { queryRows, type Database } from '../src/server/db/client.js';
import { sendDailyDigests, digestCutoff } from '../src/server/modules/accounts/digest.js';
import { ORPHAN_GRACE_MS, purgeDeletedDocuments, sweepOrphanBlobs } from '../src/server/modules/documents/documents.jobs.js';
import { sendInvoiceReminders } from '../src/server/modules/invoices/invoice-emails.js';
import { reconcilePayments } from '../src/server/modules/invoices/payments.service.js';
import { runProposalJobs } from '../src/server/modules/proposals/proposals.jobs.js';
import { addDays, todayIn } from '../src/server/modules/work/periods.js';
import { runRecurringServices, sendClientNotices } from '../src/server/modules/work/work.jobs.js';
import { enqueueEmail } from '../src/server/platform/mail/outbox.js';
import { startEwayEmulator } from '../src/server/platform/payments/eway-emulator.js';
import { newStorageKey, type BlobStore } from '../src/server/platform/storage/blob-store.js';
import { asClient, buildTestApp, createFirmWorld, createTestDatabase, reopenTestDatabase, TEST_PASSWORD, uploadAs, type TestApp } from './harness.js';
import { ask, basService, createService, templateId, visibleTask, workWorld, type WorkWorld } from './work-fixtures.js';

/**
 * Issue 9, scale-out: two app instances — two apps, two connection pools — on one PostgreSQL
 * database, each running every background job at the same moment as the other, several rounds over.
 * Each due item must be handled exactly once: one e-mail per idempotency key delivered over SMTP,
 * one service per plan period, one reminder per invoice event, one digest per person per day, one
 * payment per card charge, one deletion per orphan blob. Sign-in throttling must add up across them.
 *
 * PGlite lives inside one process and cannot be shared, so this file needs TEST_DATABASE_URL (CI).
 */
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

/**
 * The mail relay both instances send to: counts every SMTP transaction it accepts. Unlike the dev
 * catcher it keeps a repeated Message-ID, so a double send is seen, not folded away.
 */
class CountingSmtp {
  readonly deliveries: { messageId: string; to: string }[] = [];
  port = 0;
  private server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const head = Buffer.concat(chunks).toString('utf8').split(/\r?\n\r?\n/)[0] ?? '';
        this.deliveries.push({ messageId: /^message-id:\s*(\S+)/im.exec(head)?.[1] ?? '', to: session.envelope.rcptTo.map((r) => r.address).join(',') });
        callback();
      });
    },
  });

  listen(): Promise<number> {
    return new Promise((resolve) => this.server.listen(0, '127.0.0.1', () => {
      const addr = this.server.server.address();
      this.port = typeof addr === 'object' && addr ? addr.port : 0;
      resolve(this.port);
    }));
  }

  /** How many times the e-mail with this idempotency key went out (the mailer derives its Message-ID from the key). */
  timesDelivered(idempotencyKey: string): number {
    const id = `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}@localhost>`;
    return this.deliveries.filter((d) => d.messageId === id).length;
  }

  /** Message-IDs delivered more than once. */
  repeated(): string[] {
    const seen = new Map<string, number>();
    for (const d of this.deliveries) seen.set(d.messageId, (seen.get(d.messageId) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const EWAY = { apiKey: 'scale-key', apiPassword: 'scale-password' };
let emu: Awaited<ReturnType<typeof startEwayEmulator>>;
let smtp: CountingSmtp;
let dataDir: string;
let dbA: Database;
let dbB: Database | null;
let one: TestApp;
let two: TestApp;
let w: WorkWorld;

/** Runs a job on both instances at the same moment, `rounds` times over; returns every run's result. */
async function onBoth<T>(job: (app: TestApp) => Promise<T>, rounds = 3): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < rounds; i++) results.push(...(await Promise.all([job(one), job(two)])));
  return results;
}

/** Both instances' outbox senders at once, until neither finds anything due; returns what each attempted. */
async function drainBoth(): Promise<[number, number]> {
  const total: [number, number] = [0, 0];
  for (let i = 0; i < 30; i++) {
    const [a, b] = await Promise.all([one.deps.mailer.drain(), two.deps.mailer.drain()]);
    total[0] += a;
    total[1] += b;
    if (a + b === 0) break;
  }
  return total;
}

const rows = <T>(query: ReturnType<typeof sql>) => queryRows<T>(one.db.owner, query);
const count = async (query: ReturnType<typeof sql>) => Number((await rows<{ n: number }>(query))[0]?.n ?? 0);
const outboxKeys = async (like: string) => (await rows<{ idempotency_key: string; status: string }>(sql`select idempotency_key, status from outbox_emails where idempotency_key like ${like} order by idempotency_key`));
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** A small valid PDF (the upload checks the header and the %%EOF trailer). */
function pdfFile(size = 2000): Buffer {
  const body = Buffer.alloc(size, 'x');
  Buffer.from('%PDF-1.7\n').copy(body);
  Buffer.from('\n%%EOF\n').copy(body, size - 7);
  return body;
}

/** Each instance's own store object on the shared storage, with every deletion recorded. */
function countingStores(): { deletions: string[]; storeOf: (app: TestApp) => BlobStore } {
  const deletions: string[] = [];
  const wrap = (store: BlobStore): BlobStore => ({
    put: (key, body) => store.put(key, body),
    get: (key) => store.get(key),
    exists: (key) => store.exists(key),
    list: (prefix) => store.list(prefix),
    delete: async (key) => {
      deletions.push(key);
      await store.delete(key);
    },
  });
  const stores = new Map([[one, wrap(one.deps.blobStore)], [two, wrap(two.deps.blobStore)]]);
  return { deletions, storeOf: (app) => stores.get(app) ?? app.deps.blobStore };
}

async function issuedInvoice(world: WorkWorld, clientId: string, unitPriceCents = 10_000): Promise<InvoiceDto> {
  const drafted = await world.owner$.req('POST', '/api/staff/invoices', { clientId, lines: [{ description: 'Annual accounts', quantityMilli: 1000, unitPriceCents }] });
  expect(drafted.statusCode, drafted.body).toBe(201);
  const d = drafted.json() as InvoiceDto;
  const res = await world.owner$.req('POST', `/api/staff/invoices/${d.id}/issue`, { version: d.version });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as InvoiceDto;
}

describe.skipIf(!onPostgres)('two app instances on one PostgreSQL: every job once per due item', () => {
  beforeAll(async () => {
    emu = await startEwayEmulator(EWAY);
    smtp = new CountingSmtp();
    await smtp.listen();
    // What several instances share in production: the database, the blob store (and the master key with it), the relay, eWay.
    dataDir = mkdtempSync(join(tmpdir(), 'll-scale-'));
    const config = { dataDir, smtpUrl: `smtp://127.0.0.1:${smtp.port}`, eway: { endpoint: emu.url, ...EWAY, emulator: false } };
    dbA = await createTestDatabase();
    dbB = await reopenTestDatabase(dbA);
    if (!dbB) throw new Error('could not open a second pool');
    one = await buildTestApp({ db: dbA, config });
    two = await buildTestApp({ db: dbB, config });
    w = await workWorld(one, 'scale');
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await dbB?.close();
    await dbA?.close();
    await smtp?.close();
    await emu?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('outbox: both senders draining at once deliver each e-mail once over SMTP', async () => {
    const keys = Array.from({ length: 60 }, (_, i) => `scale-outbox:${w.firm.id}:${i}`);
    await one.db.withFirm(w.firm.id, async (tx) => {
      for (const key of keys) await enqueueEmail(tx, { firmId: w.firm.id, idempotencyKey: key, kind: 'test', to: `outbox-${key.slice(-2)}@example.com`, subject: key, text: 'body', html: '<p>body</p>' });
    });

    const [byOne, byTwo] = await drainBoth();

    expect(byOne + byTwo).toBe(keys.length);
    expect(byOne).toBeGreaterThan(0); // both senders took part: the rows were split, not sent by one alone
    expect(byTwo).toBeGreaterThan(0);
    expect(keys.filter((k) => smtp.timesDelivered(k) !== 1)).toEqual([]);
    expect(smtp.repeated()).toEqual([]);
    const sent = await outboxKeys('scale-outbox:%');
    expect(sent.every((r) => r.status === 'sent')).toBe(true);
    expect(await count(sql`select count(*)::int as n from outbox_attempts a join outbox_emails e on e.id = a.email_id where e.idempotency_key like 'scale-outbox:%'`)).toBe(keys.length);
  });

  it('recurring services: one service per plan period', async () => {
    const plans: string[] = [];
    for (const [clientId, template] of [[w.client1.id, 'BAS Preparation'], [w.client2.id, 'BAS Preparation'], [w.client1.id, 'Bookkeeping']] as const) {
      const first = await createService(w.owner$, { clientId, templateId: templateId(w, template), recurring: true, periodStart: '2025-07-01' });
      if (!first.recurringPlanId) throw new Error('no plan');
      plans.push(first.recurringPlanId);
    }
    const before = await count(sql`select count(*)::int as n from services where recurring_plan_id in ${plans}`);

    const made = await onBoth((app) => runRecurringServices(app.deps, new Date('2026-03-20T00:00:00Z')));

    const after = await count(sql`select count(*)::int as n from services where recurring_plan_id in ${plans}`);
    expect(after - before).toBeGreaterThan(plans.length); // catching up: several periods per plan
    expect(sum(made)).toBe(after - before);
    expect(await rows(sql`select recurring_plan_id, period_start from services where recurring_plan_id in ${plans} group by 1, 2 having count(*) > 1`)).toEqual([]);
    expect(await count(sql`select count(*)::int as n from audit_log where firm_id = ${w.firm.id} and action = 'service.created' and actor_kind = 'system'`)).toBe(after - before);
  });

  it('invoice reminders: one reminder per invoice event, delivered once', async () => {
    const today = todayIn(w.firm.timeZone, new Date());
    const soon = await issuedInvoice(w, w.client1.id);
    const late = await issuedInvoice(w, w.client2.id);
    await rows(sql`update invoices set due_date = ${addDays(today, 3)}, issue_date = ${addDays(today, -10)} where id = ${soon.id}`);
    await rows(sql`update invoices set due_date = ${addDays(today, -1)}, issue_date = ${addDays(today, -20)} where id = ${late.id}`);

    const made = await onBoth((app) => sendInvoiceReminders(app.deps, new Date()));
    await drainBoth();

    expect(sum(made)).toBe(2);
    expect(await count(sql`select count(*)::int as n from invoice_reminders where invoice_id in (${soon.id}, ${late.id})`)).toBe(2);
    const reminders = [...(await outboxKeys(`invoice-reminder:${soon.id}:%`)), ...(await outboxKeys(`invoice-reminder:${late.id}:%`))];
    expect(reminders.map((r) => r.idempotency_key)).toEqual([`invoice-reminder:${soon.id}:-3:${w.person1.id}`, `invoice-reminder:${late.id}:1:${w.person2.id}`]);
    for (const r of reminders) expect(smtp.timesDelivered(r.idempotency_key), r.idempotency_key).toBe(1);
    expect(smtp.repeated()).toEqual([]);
  });

  it('daily digest: one per person per day, delivered once', async () => {
    const d = await workWorld(one, 'digest');
    for (const person of [d.person1, d.person2]) {
      const s = await asClient(one, d.firm.slug, person.email);
      const saved = await s.req('PUT', `/api/portal/${d.firm.slug}/profile/notifications`, { items: [{ event: 'invoice_issued', channel: 'daily' }] });
      expect(saved.statusCode, saved.body).toBe(200);
    }
    for (const clientId of [d.client1.id, d.client1.id, d.client2.id]) await issuedInvoice(d, clientId);
    // Half past seven, firm time, two days on: after every held item.
    const now = new Date(digestCutoff(todayIn(d.firm.timeZone, new Date(Date.now() + 2 * 86_400_000)), d.firm.timeZone).getTime() + 30 * 60_000);

    const made = await onBoth((app) => sendDailyDigests(app.deps, now));
    await drainBoth();

    expect(sum(made)).toBe(2);
    const localDate = todayIn(d.firm.timeZone, now);
    expect(await count(sql`select count(*)::int as n from digest_runs where firm_id = ${d.firm.id}`)).toBe(2);
    const digests = await outboxKeys(`daily-digest:portal:%:${localDate}`);
    expect(digests.map((r) => r.idempotency_key).sort()).toEqual([d.person1.id, d.person2.id].map((id) => `daily-digest:portal:${id}:${localDate}`).sort());
    for (const r of digests) expect(smtp.timesDelivered(r.idempotency_key), r.idempotency_key).toBe(1);
    expect(await count(sql`select count(*)::int as n from digest_items where firm_id = ${d.firm.id} and digest_run_id is null`)).toBe(0);
  });

  it('payment reconciliation: a charge the client never came back from is recorded once, the invoice paid once, one receipt', async () => {
    const alex = await asClient(one, w.firm.slug, w.person1.email);
    const invs = [await issuedInvoice(w, w.client1.id, 1_000), await issuedInvoice(w, w.client1.id, 2_000)];
    for (const inv of invs) {
      const start = await alex.req('POST', `/api/portal/${w.firm.slug}/invoices/${inv.id}/pay`);
      expect(start.statusCode, start.body).toBe(200);
      await payOnEway((start.json() as { redirectUrl: string }).redirectUrl); // …and the tab is closed: never returns
    }

    emu.control.delayMs = 40; // both instances' questions to eWay are in flight together
    try {
      await onBoth((app) => reconcilePayments(app.deps, new Date(Date.now() + 3 * 60_000), app.app.log));
    } finally {
      emu.control.delayMs = 0;
    }
    await drainBoth();

    for (const inv of invs) {
      expect(await count(sql`select count(*)::int as n from payments where invoice_id = ${inv.id}`)).toBe(1);
      const [after] = await rows<{ paid_cents: number; total_cents: number }>(sql`select paid_cents, total_cents from invoices where id = ${inv.id}`);
      expect(after?.paid_cents).toBe(after?.total_cents);
      const attempts = await rows<{ id: string; status: string }>(sql`select id, status from payment_attempts where invoice_id = ${inv.id}`);
      expect(attempts.map((a) => a.status)).toEqual(['succeeded']);
      expect(await count(sql`select count(*)::int as n from outbox_emails where idempotency_key = ${`receipt:${attempts[0]?.id}`}`)).toBe(1);
      expect(smtp.timesDelivered(`receipt:${attempts[0]?.id}`)).toBe(1);
    }
    expect(await count(sql`select count(*)::int as n from staff_notifications where firm_id = ${w.firm.id} and kind = 'refund_needed'`)).toBe(0);
  });

  it('proposal reminders: each unsigned signer reminded once, delivered once', async () => {
    const created = await w.owner$.req('POST', '/api/staff/proposals', {
      clientId: w.client1.id, title: 'Compliance package', intro: 'Dear {{client.name}}', terms: 'Between {{firm.legalName}} and {{client.name}}.',
      items: [{ description: 'BAS preparation', scope: 'Each quarter', serviceTemplateId: templateId(w, 'BAS Preparation'), kind: 'quarterly', quantityMilli: 1000, unitPriceCents: 49_500 }],
      signers: [{ name: 'Remy Reminded', email: 'remy.scale@example.com' }, { name: 'Rita Reminded', email: 'rita.scale@example.com' }],
      expiresOn: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10), invoiceOnAcceptance: false,
    });
    expect(created.statusCode, created.body).toBe(201);
    const draft = created.json() as ProposalDetail;
    const sent = await w.owner$.req('POST', `/api/staff/proposals/${draft.id}/send`, { version: draft.version });
    expect(sent.statusCode, sent.body).toBe(200);
    const signerIds = (sent.json() as ProposalDetail).signers.map((s) => s.id);

    const made = await onBoth((app) => runProposalJobs(app.deps, new Date(Date.now() + 3 * 86_400_000 + 60_000)));
    await drainBoth();

    expect(sum(made)).toBe(2);
    const keys = signerIds.map((id) => `proposal-reminder:${id}:1`).sort();
    expect((await outboxKeys('proposal-reminder:%')).map((r) => r.idempotency_key).filter((k) => signerIds.some((id) => k.includes(id)))).toEqual(keys);
    for (const key of keys) expect(smtp.timesDelivered(key), key).toBe(1);
    expect(smtp.repeated()).toEqual([]);
  });

  it('client notices: one Waiting on You e-mail per person, delivered once; every notice marked sent', async () => {
    const n = await workWorld(one, 'notices');
    for (const service of [await basService(n), await basService(n, { clientId: n.client2.id })]) {
      for (const task of [visibleTask(service), visibleTask(service, 1)]) await ask(n.owner$, task.id, { kind: 'text', prompt: 'What did you pay the contractor?' });
    }
    const noticeEmails = sql`select count(*)::int as n from outbox_emails where kind in ('task_waiting', 'document_shared')`;
    const before = await count(noticeEmails);

    const made = await onBoth((app) => sendClientNotices(app.deps, new Date(Date.now() + 181_000), 180));
    await drainBoth();

    expect(sum(made)).toBe((await count(noticeEmails)) - before);
    const mails = await rows<{ idempotency_key: string; to_address: string }>(sql`select idempotency_key, to_address from outbox_emails where firm_id = ${n.firm.id} and kind = 'task_waiting' order by to_address`);
    expect(mails.map((m) => m.to_address)).toEqual([n.person1.email, n.person2.email].sort());
    for (const m of mails) expect(smtp.timesDelivered(m.idempotency_key), m.idempotency_key).toBe(1);
    expect(await count(sql`select count(*)::int as n from client_notices where firm_id = ${n.firm.id} and sent_at is null`)).toBe(0);
  });

  it('document purge: each expired document purged once — its blob deleted once, one audit entry', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const up = await uploadAs(one, w.owner$, `/api/staff/clients/${w.client2.id}/documents`, `old-${i}.pdf`, pdfFile());
      expect(up.statusCode, up.body).toBe(201);
      const id = (up.json() as { id: string }).id;
      expect((await w.owner$.req('DELETE', `/api/staff/documents/${id}`)).statusCode).toBe(204);
      ids.push(id);
    }
    const keys = (await rows<{ storage_key: string }>(sql`select storage_key from documents where id in ${ids}`)).map((r) => r.storage_key);
    const { deletions, storeOf } = countingStores();
    const after = new Date(Date.now() + (one.deps.config.documentRetentionDays * 86_400 + 60) * 1000);

    const purged = await onBoth((app) => purgeDeletedDocuments({ ...app.deps, blobStore: storeOf(app) }, after));

    expect(sum(purged)).toBe(ids.length);
    expect([...deletions].sort()).toEqual([...keys].sort());
    expect(await count(sql`select count(*)::int as n from documents where id in ${ids} and status = 'purged'`)).toBe(ids.length);
    expect(await count(sql`select count(*)::int as n from audit_log where target_id in ${ids} and action = 'document.purged'`)).toBe(ids.length);
    for (const key of keys) expect(await one.deps.blobStore.exists(key)).toBe(false);
  });

  it('orphan-blob sweeper: each old orphan deleted once (by one instance), live and young blobs kept', async () => {
    const pathOf = (key: string) => join(dataDir, 'blobs', ...key.split('/'));
    const old = new Date(Date.now() - ORPHAN_GRACE_MS - 60 * 60_000);
    const put = async (key: string, age?: Date) => {
      await one.deps.blobStore.put(key, Readable.from([Buffer.from(`LLEF ${key}`)]));
      if (age) await utimes(pathOf(key), age, age);
      return key;
    };
    const orphans = await Promise.all(Array.from({ length: 8 }, () => put(newStorageKey(w.firm.id), old)));
    const young = await put(newStorageKey(w.firm.id));
    const up = await uploadAs(one, w.owner$, `/api/staff/clients/${w.client1.id}/documents`, 'kept.pdf', pdfFile());
    expect(up.statusCode, up.body).toBe(201);
    const [live] = await rows<{ storage_key: string }>(sql`select storage_key from documents where id = ${(up.json() as { id: string }).id}`);
    const liveKey = live?.storage_key ?? '';
    await utimes(pathOf(liveKey), old, old);

    const { deletions, storeOf } = countingStores();

    const removed = await onBoth((app) => sweepOrphanBlobs({ ...app.deps, blobStore: storeOf(app) }, new Date()));

    expect(deletions.filter((k) => orphans.includes(k)).sort()).toEqual([...orphans].sort());
    expect(deletions.filter((k) => !orphans.includes(k))).toEqual([]);
    expect(sum(removed)).toBe(orphans.length);
    for (const key of orphans) expect(await one.deps.blobStore.exists(key)).toBe(false);
    expect(await one.deps.blobStore.exists(young)).toBe(true);
    expect(await one.deps.blobStore.exists(liveKey)).toBe(true);
    const download = await w.owner$.req('GET', `/api/staff/documents/${(up.json() as { id: string }).id}/download`);
    expect(download.statusCode).toBe(200);
  });

  it('sign-in throttling is shared: failures on alternating instances add up to one limit, then both answer 429', async () => {
    const world = await createFirmWorld(one.db, 'throttle');
    let ip = 0;
    const login = (app: TestApp, password: string) =>
      app.app.inject({ method: 'POST', url: '/api/staff/auth/login', remoteAddress: `10.99.0.${++ip}`, payload: { email: world.owner.email, password } });

    // The per-account limit is 10 attempts per 15 minutes: five on each instance.
    for (let i = 0; i < 10; i++) expect((await login(i % 2 === 0 ? one : two, `Wrong-Password-${i}`)).statusCode).toBe(401);

    const [onOne, onTwo] = [await login(one, 'Wrong-Password-again'), await login(two, TEST_PASSWORD)];
    for (const res of [onOne, onTwo]) {
      expect(res.statusCode).toBe(429);
      expect(res.json().code).toBe('RATE_LIMITED');
    }
    const [row] = await rows<{ count: number }>(sql`select count from rate_limits where key = ${`login:staff:${world.owner.email}`}`);
    expect(row?.count).toBe(12);
  });
});

/** The browser on eWay's page: opens it and submits a card that is approved. */
async function payOnEway(redirectUrl: string): Promise<void> {
  expect((await fetch(redirectUrl)).status).toBe(200);
  const body = new URLSearchParams({ cardNumber: '4444333322221111', cardName: 'Alex Nguyen', expiryMonth: '12', expiryYear: String(new Date().getFullYear() + 2), cvn: '123' });
  const res = await fetch(redirectUrl, { method: 'POST', body, redirect: 'manual' });
  expect(res.status).toBe(302);
}
