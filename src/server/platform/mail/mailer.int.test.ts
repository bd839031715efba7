import { createHash } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { buildTestApp, createFirm, type TestApp } from '../../../../test/harness.js';
import { queryRows } from '../../db/client.js';
import { outboxAttempts, outboxEmails } from '../../db/schema/index.js';
import { DevMailCatcher } from './dev-catcher.js';
import { createMailer, type Mailer } from './mailer.js';
import { enqueueEmail } from './outbox.js';

/** A port with nothing listening on it: every SMTP connection is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let t: TestApp;
let catcher: DevMailCatcher;
let working: Mailer;
const workingMailers: Mailer[] = [];

function newWorkingMailer(): Mailer {
  const m = createMailer({ db: t.db, smtpUrl: `smtp://127.0.0.1:${catcher.port}`, from: 'Ledger Loom <no-reply@test.example>', messageIdDomain: 'test.example', logger: t.app.log });
  workingMailers.push(m);
  return m;
}

beforeAll(async () => {
  // The app's own mailer points at a port where no SMTP server listens.
  t = await buildTestApp({ config: { smtpUrl: `smtp://127.0.0.1:${await closedPort()}` } });
  catcher = new DevMailCatcher();
  await catcher.listen(0);
  working = newWorkingMailer();
});
afterAll(async () => {
  for (const m of workingMailers) await m.stop();
  await catcher.close();
  await t.close();
});

let seq = 0;
async function enqueue(firmId: string, over: { key?: string; to?: string } = {}) {
  const key = over.key ?? `test:${Date.now()}:${seq++}`;
  const to = over.to ?? `outbox-${seq++}@example.com`;
  await t.db.withFirm(firmId, (tx) => enqueueEmail(tx, { firmId, idempotencyKey: key, kind: 'test', to, subject: `Subject for ${to}`, text: `Hello ${to}`, html: `<p>Hello ${to}</p>` }));
  const [row] = await t.db.withFirm(firmId, (tx) => tx.select().from(outboxEmails).where(eq(outboxEmails.idempotencyKey, key)));
  if (!row) throw new Error('not enqueued');
  return row;
}
const emailRow = async (firmId: string, id: string) => (await t.db.withFirm(firmId, (tx) => tx.select().from(outboxEmails).where(eq(outboxEmails.id, id))))[0];
const attempts = (firmId: string, id: string) => t.db.withFirm(firmId, (tx) => tx.select().from(outboxAttempts).where(eq(outboxAttempts.emailId, id)).orderBy(outboxAttempts.at));
const makeDue = (id: string) => t.db.owner.execute(sql`update outbox_emails set next_attempt_at = now() - interval '1 second' where id = ${id}`);

describe('outbox worker', () => {
  it('records a failed attempt and schedules a retry when the SMTP server cannot be reached', async () => {
    const firm = await createFirm(t.db);
    const email = await enqueue(firm.id);
    expect(t.mailCatcher).toBeNull();

    const attempted = await t.deps.mailer.drain();

    expect(attempted).toBe(1);
    const row = await emailRow(firm.id, email.id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lockedUntil: null, sentAt: null });
    expect(row?.lastError).toMatch(/ECONNREFUSED|connect/i);
    const [{ delay_s: delay } = { delay_s: 0 }] = await queryRows<{ delay_s: number }>(t.db.owner, sql`select extract(epoch from next_attempt_at - now())::int as delay_s from outbox_emails where id = ${email.id}`);
    expect(delay).toBeGreaterThan(20);
    expect(delay).toBeLessThanOrEqual(30);
    const tries = await attempts(firm.id, email.id);
    expect(tries).toHaveLength(1);
    expect(tries[0]).toMatchObject({ firmId: firm.id, ok: 'no' });
    expect(tries[0]?.detail).toBe(row?.lastError);
    // Not due yet: a second drain leaves it alone.
    expect(await t.deps.mailer.drain()).toBe(0);
    expect((await emailRow(firm.id, email.id))?.attempts).toBe(1);
  });

  it('delivers the retried e-mail exactly once through a working SMTP server, then marks it sent', async () => {
    const firm = await createFirm(t.db);
    const email = await enqueue(firm.id, { to: 'retry-me@example.com' });
    await t.deps.mailer.drain();
    await makeDue(email.id);

    const first = await working.drain();
    const second = await working.drain();
    await makeDue(email.id);
    const third = await working.drain();

    expect([first, second, third]).toEqual([1, 0, 0]);
    const row = await emailRow(firm.id, email.id);
    expect(row).toMatchObject({ status: 'sent', attempts: 2, lastError: null, lockedUntil: null });
    expect(row?.sentAt).toBeInstanceOf(Date);
    expect((await attempts(firm.id, email.id)).map((a) => a.ok)).toEqual(['no', 'yes']);
    const received = catcher.emails.filter((m) => m.to.includes('retry-me@example.com'));
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ subject: 'Subject for retry-me@example.com', text: expect.stringContaining('Hello retry-me@example.com') });
    const expectedId = `<${createHash('sha256').update(email.idempotencyKey).digest('hex').slice(0, 32)}@test.example>`;
    expect(received[0]?.messageId).toBe(expectedId);
    expect(received[0]?.headers['x-ledger-loom-kind']).toBe('test');
  });

  it('gives up after 6 failed attempts: the e-mail is marked failed and no longer retried', async () => {
    const firm = await createFirm(t.db);
    const email = await enqueue(firm.id);

    for (let i = 0; i < 6; i++) {
      await makeDue(email.id);
      expect(await t.deps.mailer.drain()).toBe(1);
    }
    await makeDue(email.id);
    const afterGivingUp = await working.drain();

    expect(afterGivingUp).toBe(0);
    expect(await emailRow(firm.id, email.id)).toMatchObject({ status: 'failed', attempts: 6 });
    expect((await attempts(firm.id, email.id)).map((a) => a.ok)).toEqual(Array(6).fill('no'));
  });

  it('re-sends an e-mail whose worker died mid-send only after its lease has run out', async () => {
    const firm = await createFirm(t.db);
    const email = await enqueue(firm.id, { to: 'lease@example.com' });
    await t.db.owner.execute(sql`update outbox_emails set status = 'sending', attempts = 1, locked_until = now() + interval '1 minute' where id = ${email.id}`);

    const whileLeased = await working.drain();
    await t.db.owner.execute(sql`update outbox_emails set locked_until = now() - interval '1 second' where id = ${email.id}`);
    const afterLease = await working.drain();

    expect(whileLeased).toBe(0);
    expect(afterLease).toBe(1);
    expect(await emailRow(firm.id, email.id)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(catcher.emails.filter((m) => m.to.includes('lease@example.com'))).toHaveLength(1);
  });

  it('two workers draining at once send each e-mail once', async () => {
    const firms = [await createFirm(t.db), await createFirm(t.db)];
    const emails = [];
    for (const firm of firms) for (let i = 0; i < 4; i++) emails.push({ firmId: firm.id, row: await enqueue(firm.id, { to: `parallel-${i}-${firm.slug}@example.com` }) });
    const other = newWorkingMailer();

    const [a, b] = await Promise.all([working.drain(), other.drain()]);

    expect(a + b).toBe(8);
    for (const e of emails) {
      expect(await emailRow(e.firmId, e.row.id)).toMatchObject({ status: 'sent', attempts: 1 });
      expect((await attempts(e.firmId, e.row.id)).map((x) => x.ok)).toEqual(['yes']);
    }
  });
});

describe('enqueueing', () => {
  it('the same idempotency key twice makes one row (the first one)', async () => {
    const firm = await createFirm(t.db);
    const key = `invitation:${Date.now()}`;

    const first = await enqueue(firm.id, { key, to: 'first@example.com' });
    const second = await enqueue(firm.id, { key, to: 'second@example.com' });

    expect(second.id).toBe(first.id);
    const rows = await queryRows<{ to_address: string }>(t.db.owner, sql`select to_address from outbox_emails where idempotency_key = ${key}`);
    expect(rows).toEqual([{ to_address: 'first@example.com' }]);
  });

  it('is part of the caller’s transaction: a rolled-back change sends nothing', async () => {
    const firm = await createFirm(t.db);
    const key = `rolled-back:${Date.now()}`;

    await expect(
      t.db.withFirm(firm.id, async (tx) => {
        await enqueueEmail(tx, { firmId: firm.id, idempotencyKey: key, kind: 'test', to: 'never@example.com', subject: 's', text: 't', html: 'h' });
        throw new Error('the business change failed');
      }),
    ).rejects.toThrow('the business change failed');

    const rows = await queryRows(t.db.owner, sql`select 1 from outbox_emails where idempotency_key = ${key}`);
    expect(rows).toEqual([]);
  });
});
