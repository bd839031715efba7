import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { asStaff, buildTestApp, createFirmWorld, type TestApp } from '../../../../test/harness.js';
import { queryRows } from '../../db/client.js';
import { verifyAuditChain } from './index.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

const verify = (firmId: string) => t.db.withFirm(firmId, (tx) => verifyAuditChain(tx, firmId));
const auditIds = async (firmId: string) =>
  (await t.db.withFirm(firmId, (tx) => queryRows<{ id: string }>(tx, sql`select id::text as id from audit_log order by id`))).map((r) => r.id);

/** Runs fn with the append-only trigger off, as an attacker with database access would. */
async function withTriggerDisabled(fn: () => Promise<unknown>) {
  await t.db.owner.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
  try {
    await fn();
  } finally {
    await t.db.owner.execute(sql`alter table audit_log enable trigger audit_log_no_update`);
  }
}

/** A handful of varied security events for the firm. */
async function makeHistory(world: Awaited<ReturnType<typeof createFirmWorld>>) {
  const owner = await asStaff(t, world.owner.email);
  await t.app.inject({ method: 'POST', url: '/api/staff/auth/login', payload: { email: world.staff.email, password: 'Definitely-Wrong-1' } });
  const client = (await owner.req('POST', '/api/staff/clients', { type: 'company', name: 'Audited Pty Ltd' })).json();
  await owner.req('PATCH', `/api/staff/clients/${client.id}`, { version: 1, phone: '0412 345 678', address: '1 Pitt St' });
  await owner.req('POST', `/api/staff/clients/${client.id}/portal-users`, { name: 'Audit Person', email: `audit-${Date.now()}@example.com` });
  await owner.req('PATCH', '/api/staff/firm', { primaryColour: '#123456' });
  return owner;
}

describe('audit log', () => {
  it('is for owners and admins: role "staff" gets 403', async () => {
    const world = await createFirmWorld(t.db);
    const member = await asStaff(t, world.staff.email);

    const res = await member.req('GET', '/api/staff/audit');

    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
    expect(res.body).not.toContain('login.succeeded');
  });

  it('lists the firm’s own events, newest first, with actor and target', async () => {
    const a = await createFirmWorld(t.db, 'a');
    const b = await createFirmWorld(t.db, 'b');
    const owner = await makeHistory(a);
    await asStaff(t, b.owner.email);

    const res = await owner.req('GET', '/api/staff/audit?pageSize=100');

    expect(res.statusCode).toBe(200);
    const items: { action: string; actor: string; target: string | null; id: string }[] = res.json().items;
    expect(items.map((i) => i.action)).toEqual([
      'firm.settings_updated', 'invitation.sent', 'portal_user.created', 'client.updated', 'client.created', 'login.failed', 'login.succeeded',
    ]);
    expect(items.find((i) => i.action === 'client.created')).toMatchObject({ actor: `${a.owner.name} <${a.owner.email}>`, target: 'Audited Pty Ltd' });
    expect(res.json().total).toBe(items.length);
    expect(res.body).not.toContain(b.owner.email);
  });

  it('chains each firm’s entries by hash: intact chains verify, an edited or deleted row is detected', async () => {
    const a = await createFirmWorld(t.db, 'a');
    const b = await createFirmWorld(t.db, 'b');
    await makeHistory(a);
    await makeHistory(b);
    expect(await verify(a.firm.id)).toBeNull();
    expect(await verify(b.firm.id)).toBeNull();
    const ids = await auditIds(a.firm.id);
    expect(ids.length).toBeGreaterThanOrEqual(6);
    const [, , edited, , deleted, afterDeleted] = ids;

    await withTriggerDisabled(() => t.db.owner.execute(sql`update audit_log set target_label = 'Nothing To See Pty Ltd' where id = ${Number(edited)}`));

    expect(await verify(a.firm.id)).toBe(edited);
    expect(await verify(b.firm.id)).toBeNull();

    // Restore that row, then delete a later one: the row after the gap no longer links.
    await withTriggerDisabled(() => t.db.owner.execute(sql`update audit_log set target_label = 'Audited Pty Ltd' where id = ${Number(edited)}`));
    const [{ label } = { label: '' }] = await queryRows<{ label: string }>(t.db.owner, sql`select target_label as label from audit_log where id = ${Number(edited)}`);
    expect(label).toBe('Audited Pty Ltd');
    expect(await verify(a.firm.id)).toBeNull();
    await withTriggerDisabled(() => t.db.owner.execute(sql`delete from audit_log where id = ${Number(deleted)}`));

    expect(await verify(a.firm.id)).toBe(afterDeleted);
  });

  it('detects a rewritten hash too (a row re-hashed without its successors)', async () => {
    const world = await createFirmWorld(t.db);
    await makeHistory(world);
    const [first, second] = await auditIds(world.firm.id);

    await withTriggerDisabled(() => t.db.owner.execute(sql`update audit_log set hash = repeat('0', 64) where id = ${Number(first)}`));

    const broken = await verify(world.firm.id);
    expect([first, second]).toContain(broken);
  });

  it('the serving role can neither update nor delete audit rows, even in its own firm', async () => {
    const world = await createFirmWorld(t.db);
    await asStaff(t, world.owner.email);

    const update = t.db.withFirm(world.firm.id, (tx) => tx.execute(sql`update audit_log set action = 'nothing' where firm_id = ${world.firm.id}`));
    const remove = t.db.withFirm(world.firm.id, (tx) => tx.execute(sql`delete from audit_log where firm_id = ${world.firm.id}`));

    await expect(update).rejects.toThrow();
    await expect(remove).rejects.toThrow();
    const [row] = await queryRows<{ n: number }>(t.db.owner, sql`select count(*)::int as n from audit_log where firm_id = ${world.firm.id} and action = 'login.succeeded'`);
    expect(row?.n).toBe(1);
  });

  it('stays a single valid chain when many events are written at once', async () => {
    const world = await createFirmWorld(t.db);
    const owner = await asStaff(t, world.owner.email);

    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => owner.req('POST', '/api/staff/clients', { type: 'individual', name: `Parallel ${i}` })));

    expect(results.map((r) => r.statusCode)).toEqual(Array(12).fill(201));
    expect(await verify(world.firm.id)).toBeNull();
    const links = await queryRows<{ n: number }>(t.db.owner, sql`select count(distinct prev_hash)::int as n from audit_log where firm_id = ${world.firm.id}`);
    expect(links[0]?.n).toBe((await auditIds(world.firm.id)).length); // no two entries claim the same predecessor
  });
});
