import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { asClient, asStaff, buildTestApp, createClient, createFirmWorld, TEST_PASSWORD, type TestApp } from '../../../../test/harness.js';
import { queryRows } from '../../db/client.js';
import { clients, portalUsers } from '../../db/schema/index.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

const paths = (res: LightMyRequestResponse) => (res.json() as { errors?: { path: string }[] }).errors?.map((e) => e.path) ?? [];

async function clientRow(firmId: string, id: string) {
  const [row] = await t.db.withFirm(firmId, (tx) => tx.select().from(clients).where(eq(clients.id, id)));
  return row;
}
async function clientCount(firmId: string) {
  return (await t.db.withFirm(firmId, (tx) => tx.select({ id: clients.id }).from(clients))).length;
}

describe('creating and editing clients', () => {
  it('rejects a bad ABN, ACN, phone and e-mail with 400 naming each field, and stores nothing', async () => {
    const world = await createFirmWorld(t.db);
    const staff = await asStaff(t, world.staff.email);
    const before = await clientCount(world.firm.id);

    const res = await staff.req('POST', '/api/staff/clients', { type: 'company', name: 'Bad Numbers Pty Ltd', abn: '51 824 753 557', acn: '004 085 617', phone: '12345', email: 'not-an-email' });

    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe('VALIDATION');
    expect(paths(res).sort()).toEqual(['body.abn', 'body.acn', 'body.email', 'body.phone']);
    expect(await clientCount(world.firm.id)).toBe(before);
  });

  it('refuses an ACN on an individual, on create and when an edit would make a company an individual', async () => {
    const world = await createFirmWorld(t.db);
    const staff = await asStaff(t, world.staff.email);
    const company = await createClient(t.db, world.firm.id, { type: 'company', name: 'Acn Holder Pty Ltd', acn: '004085616' });

    const created = await staff.req('POST', '/api/staff/clients', { type: 'individual', name: 'Jo Citizen', acn: '004085616' });
    const edited = await staff.req('PATCH', `/api/staff/clients/${company.id}`, { version: company.version, type: 'individual' });

    expect(created.statusCode).toBe(400);
    expect(paths(created)).toEqual(['body.acn']);
    expect(edited.statusCode).toBe(400);
    expect(paths(edited)).toEqual(['body.acn']);
    expect(await clientRow(world.firm.id, company.id)).toMatchObject({ type: 'company', version: 1 });
  });

  it('accepts an ABN and ACN with spaces and stores digits; phone in E.164; e-mail lower-case; audited', async () => {
    const world = await createFirmWorld(t.db);
    const staff = await asStaff(t, world.staff.email);

    const res = await staff.req('POST', '/api/staff/clients', {
      type: 'company', name: '  Spaced Out Pty Ltd ', abn: '53 004 085 616', acn: '004 085 616', phone: '(02) 9876 5432', email: 'Accounts@Spaced.Example', address: ' 1 George St, Sydney NSW 2000 ',
    });

    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ name: 'Spaced Out Pty Ltd', abn: '53004085616', acn: '004085616', phone: '+61298765432', email: 'accounts@spaced.example', address: '1 George St, Sydney NSW 2000', version: 1, portalUserCount: 0 });
    expect(await clientRow(world.firm.id, body.id)).toMatchObject({ firmId: world.firm.id, abn: '53004085616', acn: '004085616', phone: '+61298765432' });
    const audit = await t.db.withFirm(world.firm.id, (tx) => queryRows<{ action: string; target_id: string }>(tx, sql`select action, target_id from audit_log where action = 'client.created'`));
    expect(audit).toEqual([{ action: 'client.created', target_id: body.id }]);
  });

  it('PATCH with a stale version is 409 and changes nothing', async () => {
    const world = await createFirmWorld(t.db);
    const alice = await asStaff(t, world.owner.email);
    const bob = await asStaff(t, world.staff.email);
    const client = await createClient(t.db, world.firm.id, { name: 'Versioned Pty Ltd', type: 'company' });

    const first = await alice.req('PATCH', `/api/staff/clients/${client.id}`, { version: 1, name: 'Alice’s Edit Pty Ltd' });
    const stale = await bob.req('PATCH', `/api/staff/clients/${client.id}`, { version: 1, name: 'Bob’s Edit Pty Ltd', phone: '0412 345 678' });

    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ name: 'Alice’s Edit Pty Ltd', version: 2 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('STALE_VERSION');
    expect(await clientRow(world.firm.id, client.id)).toMatchObject({ name: 'Alice’s Edit Pty Ltd', phone: null, version: 2 });
    const fresh = await bob.req('PATCH', `/api/staff/clients/${client.id}`, { version: 2, phone: '0412 345 678' });
    expect(fresh.json()).toMatchObject({ name: 'Alice’s Edit Pty Ltd', phone: '+61412345678', version: 3 });
  });

  it('two saves of the same version at the same moment: one wins, the other is 409', async () => {
    const world = await createFirmWorld(t.db);
    const [alice, bob] = [await asStaff(t, world.owner.email), await asStaff(t, world.staff.email)];
    const client = await createClient(t.db, world.firm.id, { name: 'Race Pty Ltd', type: 'company' });

    const results = await Promise.all([
      alice.req('PATCH', `/api/staff/clients/${client.id}`, { version: 1, name: 'Alice Won Pty Ltd' }),
      bob.req('PATCH', `/api/staff/clients/${client.id}`, { version: 1, name: 'Bob Won Pty Ltd' }),
    ]);

    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const winner = results.find((r) => r.statusCode === 200)?.json();
    expect(await clientRow(world.firm.id, client.id)).toMatchObject({ name: winner.name, version: 2 });
  });

  it('assigning another firm’s staff member is 400 on create and edit; the firm’s own is accepted', async () => {
    const a = await createFirmWorld(t.db, 'a');
    const b = await createFirmWorld(t.db, 'b');
    const staff = await asStaff(t, a.owner.email);
    const client = await createClient(t.db, a.firm.id, { name: 'Assignee Pty Ltd' });
    const before = await clientCount(a.firm.id);

    const created = await staff.req('POST', '/api/staff/clients', { type: 'individual', name: 'Cross Assigned', assignedStaffId: b.staff.id });
    const edited = await staff.req('PATCH', `/api/staff/clients/${client.id}`, { version: 1, assignedStaffId: b.owner.id });
    const own = await staff.req('PATCH', `/api/staff/clients/${client.id}`, { version: 1, assignedStaffId: a.staff.id });

    for (const res of [created, edited]) {
      expect(res.statusCode).toBe(400);
      expect(paths(res)).toEqual(['body.assignedStaffId']);
      expect(res.body).not.toContain(b.staff.name);
    }
    expect(await clientCount(a.firm.id)).toBe(before);
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ assignedStaffId: a.staff.id, assignedStaffName: a.staff.name, version: 2 });
  });

  it('bodies that try to set server-owned fields (firmId, id, version, status…) are refused with 400', async () => {
    const a = await createFirmWorld(t.db, 'a');
    const b = await createFirmWorld(t.db, 'b');
    const staff = await asStaff(t, a.owner.email);
    const before = await clientRow(a.firm.id, a.client1.id);
    const beforeCountB = await clientCount(b.firm.id);

    const attempts = [
      await staff.req('POST', '/api/staff/clients', { type: 'individual', name: 'Smuggler', firmId: b.firm.id }),
      await staff.req('POST', '/api/staff/clients', { type: 'individual', name: 'Smuggler', id: '00000000-0000-4000-8000-000000000001' }),
      await staff.req('POST', '/api/staff/clients', { type: 'individual', name: 'Smuggler', version: 99 }),
      await staff.req('PATCH', `/api/staff/clients/${a.client1.id}`, { version: 1, name: 'Moved', firmId: b.firm.id }),
      await staff.req('PATCH', `/api/staff/clients/${a.client1.id}`, { version: 1, createdAt: '2000-01-01T00:00:00Z' }),
      await staff.req('POST', `/api/staff/clients/${a.client1.id}/portal-users`, { name: 'Pre Active', email: 'pre-active@example.com', status: 'active' }),
      await staff.req('POST', `/api/staff/clients/${a.client1.id}/portal-users`, { name: 'Other Client', email: 'other-client@example.com', clientId: a.client2.id }),
      await staff.req('PATCH', '/api/staff/firm', { displayName: 'Renamed', id: b.firm.id }),
      await staff.req('POST', '/api/staff/staff', { name: 'New Owner', email: 'new-owner@example.com', role: 'owner' }),
      await staff.req('POST', '/api/staff/staff', { name: 'New Active', email: 'new-active@example.com', role: 'staff', status: 'active' }),
    ];

    for (const res of attempts) {
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().code).toBe('VALIDATION');
    }
    expect(await clientRow(a.firm.id, a.client1.id)).toEqual(before);
    expect(await clientCount(b.firm.id)).toBe(beforeCountB);
    const list = await staff.req('GET', '/api/staff/clients?q=Smuggler');
    expect(list.json().total).toBe(0);
    const people = await t.db.withFirm(a.firm.id, (tx) => tx.select().from(portalUsers));
    expect(people.map((p) => p.email)).not.toEqual(expect.arrayContaining(['pre-active@example.com']));
    expect(people.map((p) => p.email)).not.toContain('other-client@example.com');
    expect((await staff.req('GET', '/api/staff/staff')).json().items.map((s: { email: string }) => s.email)).not.toContain('new-owner@example.com');
  });
});

describe('listing and searching clients', () => {
  it('finds clients by name, e-mail and ABN (with or without spaces), and pages with totals', async () => {
    const world = await createFirmWorld(t.db);
    const staff = await asStaff(t, world.staff.email);
    for (let i = 1; i <= 7; i++) await createClient(t.db, world.firm.id, { name: `Quokka ${i} Pty Ltd`, type: 'company' });
    await createClient(t.db, world.firm.id, { name: 'Mail Match', email: 'books@wombat-trading.example' });
    await createClient(t.db, world.firm.id, { name: 'Abn Match', type: 'company', abn: '53004085616' });
    await createClient(t.db, world.firm.id, { name: '100% Organic Pty Ltd', type: 'company' });

    const page1 = await staff.req('GET', '/api/staff/clients?q=quokka&pageSize=3');
    const page3 = await staff.req('GET', '/api/staff/clients?q=quokka&pageSize=3&page=3');
    const byEmail = await staff.req('GET', '/api/staff/clients?q=wombat-trading');
    const byAbn = await staff.req('GET', `/api/staff/clients?q=${encodeURIComponent('53 004 085')}`);
    const wildcard = await staff.req('GET', `/api/staff/clients?q=${encodeURIComponent('%')}`);
    const all = await staff.req('GET', '/api/staff/clients?pageSize=100');

    expect(page1.json()).toMatchObject({ total: 7, page: 1, pageSize: 3 });
    expect(page1.json().items.map((c: { name: string }) => c.name)).toEqual(['Quokka 1 Pty Ltd', 'Quokka 2 Pty Ltd', 'Quokka 3 Pty Ltd']);
    expect(page3.json()).toMatchObject({ total: 7, page: 3 });
    expect(page3.json().items.map((c: { name: string }) => c.name)).toEqual(['Quokka 7 Pty Ltd']);
    expect(byEmail.json().items.map((c: { name: string }) => c.name)).toEqual(['Mail Match']);
    expect(byAbn.json().items.map((c: { name: string }) => c.name)).toEqual(['Abn Match']);
    expect(wildcard.json().items.map((c: { name: string }) => c.name)).toEqual(['100% Organic Pty Ltd']); // % is literal, not "everything"
    expect(all.json().total).toBe(12); // the world's two clients and ours
    const world1 = all.json().items.find((c: { id: string }) => c.id === world.client1.id);
    expect(world1).toMatchObject({ portalUserCount: 1 });
  });

  it('rejects a bad page size with 400 naming the query field', async () => {
    const world = await createFirmWorld(t.db);
    const staff = await asStaff(t, world.staff.email);

    const res = await staff.req('GET', '/api/staff/clients?pageSize=1000');

    expect(res.statusCode).toBe(400);
    expect(paths(res)).toEqual(['querystring.pageSize']);
  });
});

describe('portal users', () => {
  it('adding a person invites them; the same e-mail again in this firm is 409 EMAIL_TAKEN', async () => {
    const world = await createFirmWorld(t.db);
    const staff = await asStaff(t, world.staff.email);

    const created = await staff.req('POST', `/api/staff/clients/${world.client1.id}/portal-users`, { name: 'Nina New', email: 'nina@clients.example' });
    const duplicate = await staff.req('POST', `/api/staff/clients/${world.client2.id}/portal-users`, { name: 'Nina Again', email: 'NINA@clients.example' });
    const existing = await staff.req('POST', `/api/staff/clients/${world.client2.id}/portal-users`, { name: 'Copy', email: world.person1.email });

    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ clientId: world.client1.id, email: 'nina@clients.example', status: 'invited' });
    expect(Date.parse(created.json().invitationExpiresAt) - Date.now()).toBeGreaterThan(6.9 * 24 * 3600_000);
    for (const res of [duplicate, existing]) {
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('EMAIL_TAKEN');
      expect(paths(res)).toEqual(['body.email']);
    }
    const list = await staff.req('GET', `/api/staff/clients/${world.client2.id}/portal-users`);
    expect(list.json().items.map((p: { email: string }) => p.email)).toEqual([world.person2.email]);
  });

  it('adding the same e-mail twice at the same moment makes one person and one invitation', async () => {
    const world = await createFirmWorld(t.db);
    const staff = await asStaff(t, world.staff.email);
    const body = { name: 'Twin Request', email: 'twin@clients.example' };

    const results = await Promise.all([
      staff.req('POST', `/api/staff/clients/${world.client1.id}/portal-users`, body),
      staff.req('POST', `/api/staff/clients/${world.client2.id}/portal-users`, body),
    ]);

    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const rows = await t.db.withFirm(world.firm.id, (tx) => queryRows<{ n: number }>(tx, sql`select count(*)::int as n from portal_users where email = 'twin@clients.example'`));
    const mails = await t.db.withFirm(world.firm.id, (tx) => queryRows<{ n: number }>(tx, sql`select count(*)::int as n from outbox_emails where to_address = 'twin@clients.example'`));
    expect(rows[0]?.n).toBe(1);
    expect(mails[0]?.n).toBe(1);
  });

  it('can add a person without inviting them, then invite; resending to an active person is 409', async () => {
    const world = await createFirmWorld(t.db);
    const staff = await asStaff(t, world.staff.email);

    const quiet = await staff.req('POST', `/api/staff/clients/${world.client1.id}/portal-users`, { name: 'Quiet Quentin', email: 'quentin@clients.example', sendInvitation: false });
    const emailsBefore = (await staff.req('GET', `/api/staff/clients/${world.client1.id}/emails`)).json().items;
    const invite = await staff.req('POST', `/api/staff/portal-users/${quiet.json().id}/invitation`);
    const active = await staff.req('POST', `/api/staff/portal-users/${world.person1.id}/invitation`);

    expect(quiet.statusCode).toBe(201);
    expect(quiet.json()).toMatchObject({ status: 'not_invited', invitedAt: null, invitationExpiresAt: null });
    expect(emailsBefore).toHaveLength(0);
    expect(invite.statusCode).toBe(200);
    expect(invite.json()).toMatchObject({ status: 'invited' });
    expect(active.statusCode).toBe(409);
    expect(active.json().code).toBe('CONFLICT');
    const links = await t.db.withFirm(world.firm.id, (tx) => queryRows<{ n: number }>(tx, sql`select count(*)::int as n from link_tokens where user_id = ${world.person1.id}`));
    expect(links[0]?.n).toBe(0);
  });

  it('disabling a person ends their portal sessions at once; enabling lets them sign in again', async () => {
    const world = await createFirmWorld(t.db);
    const staff = await asStaff(t, world.staff.email);
    const client = await asClient(t, world.firm.slug, world.person1.email);
    expect((await client.req('GET', `/api/portal/${world.firm.slug}/dashboard`)).statusCode).toBe(200);

    const disabled = await staff.req('POST', `/api/staff/portal-users/${world.person1.id}/disable`);

    expect(disabled.statusCode).toBe(200);
    expect(disabled.json().status).toBe('disabled');
    expect((await client.req('GET', `/api/portal/${world.firm.slug}/dashboard`)).statusCode).toBe(401);
    const sessions = await t.db.withFirm(world.firm.id, (tx) => queryRows<{ n: number }>(tx, sql`select count(*)::int as n from sessions where user_id = ${world.person1.id}`));
    expect(sessions[0]?.n).toBe(0);
    const login = () => t.app.inject({ method: 'POST', url: `/api/portal/${world.firm.slug}/auth/login`, payload: { email: world.person1.email, password: TEST_PASSWORD } });
    expect((await login()).statusCode).toBe(401);
    expect((await staff.req('POST', `/api/staff/portal-users/${world.person1.id}/invitation`)).statusCode).toBe(409);

    const enabled = await staff.req('POST', `/api/staff/portal-users/${world.person1.id}/enable`);

    expect(enabled.statusCode).toBe(200);
    expect(enabled.json().status).toBe('active');
    expect((await login()).statusCode).toBe(200);
    // The other client's person was never touched.
    expect((await staff.req('GET', `/api/staff/clients/${world.client2.id}/portal-users`)).json().items[0].status).toBe('active');
  });

  it('disabling an invited person kills their invitation link', async () => {
    const world = await createFirmWorld(t.db);
    const staff = await asStaff(t, world.staff.email);
    const created = (await staff.req('POST', `/api/staff/clients/${world.client1.id}/portal-users`, { name: 'Ivy Invited', email: 'ivy@clients.example' })).json();

    const disabled = await staff.req('POST', `/api/staff/portal-users/${created.id}/disable`);
    const enabled = await staff.req('POST', `/api/staff/portal-users/${created.id}/enable`);

    expect(disabled.json().status).toBe('disabled');
    expect(enabled.json().status).toBe('not_invited');
    const live = await t.db.withFirm(world.firm.id, (tx) => queryRows<{ n: number }>(tx, sql`select count(*)::int as n from link_tokens where user_id = ${created.id} and revoked_at is null and used_at is null`));
    expect(live[0]?.n).toBe(0);
  });

  it('names are escaped in the branded invitation, and a line break in the firm name cannot add mail headers', async () => {
    const world = await createFirmWorld(t.db);
    const owner = await asStaff(t, world.owner.email);
    const renamed = await owner.req('PATCH', '/api/staff/firm', { displayName: 'Evil & Co\r\nBcc: victim@evil.example' });
    const name = '<img src=x onerror=alert(1)> "Quoted"';

    const res = await owner.req('POST', `/api/staff/clients/${world.client1.id}/portal-users`, { name, email: 'escaped@clients.example' });
    await t.flushMail();
    const mail = await t.mailCatcher!.waitFor((m) => m.to.includes('escaped@clients.example'));

    expect(res.statusCode).toBe(201);
    expect(mail.html).not.toContain('<img src=x');
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt; &quot;Quoted&quot;');
    expect(mail.text).toContain(name); // plain text is shown as text
    expect(renamed.statusCode).toBe(200); // a display name may hold any text; it is encoded, never spliced, into headers
    expect(mail.subject).toContain('Evil & Co');
    expect(mail.to).toEqual(['escaped@clients.example']);
    expect(Object.keys(mail.headers)).not.toContain('bcc');
    expect(t.mailCatcher!.emails.filter((m) => m.to.includes('victim@evil.example'))).toHaveLength(0);
  });

  it('the e-mails list shows the invitation, sent once the outbox has run, and only this client’s e-mails', async () => {
    const world = await createFirmWorld(t.db);
    const staff = await asStaff(t, world.staff.email);
    await staff.req('POST', `/api/staff/clients/${world.client1.id}/portal-users`, { name: 'Ellie Email', email: 'ellie@clients.example' });
    await staff.req('POST', `/api/staff/clients/${world.client2.id}/portal-users`, { name: 'Other Person', email: 'other-person@clients.example' });

    const pending = await staff.req('GET', `/api/staff/clients/${world.client1.id}/emails`);
    await t.flushMail();
    const sent = await staff.req('GET', `/api/staff/clients/${world.client1.id}/emails`);

    expect(pending.statusCode).toBe(200);
    expect(pending.json().items).toEqual([expect.objectContaining({ to: 'ellie@clients.example', kind: 'portal_invitation', status: 'pending', attempts: 0, sentAt: null })]);
    expect(sent.json().items).toEqual([
      expect.objectContaining({ to: 'ellie@clients.example', kind: 'portal_invitation', status: 'sent', attempts: 1, lastError: null, subject: `${world.firm.displayName} has invited you to their client portal` }),
    ]);
    expect(Date.parse(sent.json().items[0].sentAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(t.mailCatcher?.emails.filter((m) => m.to.includes('ellie@clients.example'))).toHaveLength(1);
  });
});
