import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { asStaff, buildTestApp, cookieFrom, createFirmWorld, createStaff, TEST_PASSWORD, tokenFromEmail, type TestApp } from '../../../../test/harness.js';
import { staffUsers } from '../../db/schema/index.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

async function staffRow(firmId: string, id: string) {
  const [row] = await t.db.withFirm(firmId, (tx) => tx.select().from(staffUsers).where(eq(staffUsers.id, id)));
  return row;
}
const login = (email: string, password = TEST_PASSWORD) => t.app.inject({ method: 'POST', url: '/api/staff/auth/login', payload: { email, password } });

describe('team management', () => {
  it('a member with role "staff" gets 403 on invite, role change, disable and resend, and nothing changes', async () => {
    const world = await createFirmWorld(t.db);
    const invited = await createStaff(t.db, world.firm.id, { role: 'staff', status: 'invited', passwordHash: null });
    const member = await asStaff(t, world.staff.email);
    const ownerBefore = await staffRow(world.firm.id, world.owner.id);

    const attempts = [
      await member.req('POST', '/api/staff/staff', { name: 'Sneaky Hire', email: 'sneaky@example.com', role: 'admin' }),
      await member.req('PATCH', `/api/staff/staff/${world.staff.id}`, { role: 'admin' }),
      await member.req('PATCH', `/api/staff/staff/${world.owner.id}`, { role: 'staff' }),
      await member.req('POST', `/api/staff/staff/${world.owner.id}/disable`),
      await member.req('POST', `/api/staff/staff/${invited.id}/invitation`),
    ];

    for (const res of attempts) {
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('FORBIDDEN');
    }
    expect(await staffRow(world.firm.id, world.owner.id)).toEqual(ownerBefore);
    expect((await staffRow(world.firm.id, world.staff.id))?.role).toBe('staff');
    const list = await member.req('GET', '/api/staff/staff');
    expect(list.statusCode).toBe(200); // reading the team is fine
    expect(list.json().items.map((s: { email: string }) => s.email)).not.toContain('sneaky@example.com');
  });

  it('an owner invites a colleague by e-mail; they accept the link and can then sign in', async () => {
    const world = await createFirmWorld(t.db);
    const owner = await asStaff(t, world.owner.email);
    const email = `new-admin-${Date.now()}@example.com`;

    const invited = await owner.req('POST', '/api/staff/staff', { name: 'Ada Admin', email, role: 'admin' });
    expect(invited.statusCode).toBe(201);
    expect(invited.json()).toMatchObject({ email, role: 'admin', status: 'invited', lastLoginAt: null });
    expect((await login(email, 'Anything-At-All-123')).statusCode).toBe(401);
    await t.flushMail();
    const mail = await t.mailCatcher!.waitFor((m) => m.to.includes(email));
    expect(mail.subject).toBe(`Join ${world.firm.displayName} on Ledger Loom`);
    expect(mail.text).toContain('http://localhost:3000/app/accept-invitation#token=');
    const token = tokenFromEmail(mail.text);

    const accept = await t.app.inject({ method: 'POST', url: '/api/public/invitations/accept', payload: { token, name: 'Ada Lovelace', password: 'Copper-Kettle-Sunrise-19' } });

    expect(accept.statusCode).toBe(200);
    expect(accept.json()).toEqual({ kind: 'staff', portalSlug: null, redirectTo: '/app' });
    const session = await t.app.inject({ method: 'GET', url: '/api/staff/session', headers: { cookie: cookieFrom(accept) } });
    expect(session.json()).toMatchObject({ user: { email, name: 'Ada Lovelace', role: 'admin' }, firm: { id: world.firm.id } });
    const signIn = await login(email, 'Copper-Kettle-Sunrise-19');
    expect(signIn.statusCode).toBe(200);
    expect(signIn.json().user.role).toBe('admin');
    const team = (await owner.req('GET', '/api/staff/staff')).json().items;
    expect(team.find((s: { email: string }) => s.email === email)).toMatchObject({ status: 'active', name: 'Ada Lovelace' });
    const resend = await owner.req('POST', `/api/staff/staff/${invited.json().id}/invitation`);
    expect(resend.statusCode).toBe(409);
  });

  it('inviting an address that is already a staff account, in this or another firm, is 409', async () => {
    const a = await createFirmWorld(t.db, 'a');
    const b = await createFirmWorld(t.db, 'b');
    const owner = await asStaff(t, a.owner.email);

    const ours = await owner.req('POST', '/api/staff/staff', { name: 'Dup', email: a.staff.email, role: 'staff' });
    const theirs = await owner.req('POST', '/api/staff/staff', { name: 'Dup', email: b.staff.email.toUpperCase(), role: 'staff' });

    for (const res of [ours, theirs]) {
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('EMAIL_TAKEN');
    }
    expect((await staffRow(b.firm.id, b.staff.id))).toMatchObject({ firmId: b.firm.id, name: b.staff.name });
  });

  it('the last owner cannot be demoted (409); with a second owner they can', async () => {
    const world = await createFirmWorld(t.db);
    const owner = await asStaff(t, world.owner.email);

    const demoteSelf = await owner.req('PATCH', `/api/staff/staff/${world.owner.id}`, { role: 'admin' });

    expect(demoteSelf.statusCode).toBe(409);
    expect(demoteSelf.json().code).toBe('CONFLICT');
    expect((await staffRow(world.firm.id, world.owner.id))?.role).toBe('owner');

    const promote = await owner.req('PATCH', `/api/staff/staff/${world.staff.id}`, { role: 'owner' });
    const demoteNow = await owner.req('PATCH', `/api/staff/staff/${world.owner.id}`, { role: 'admin' });

    expect(promote.json()).toMatchObject({ id: world.staff.id, role: 'owner' });
    expect(demoteNow.statusCode).toBe(200);
    expect(demoteNow.json().role).toBe('admin');
    // The new role applies to the live session at once.
    expect((await owner.req('GET', '/api/staff/session')).json().user.role).toBe('admin');
    const newOwner = await asStaff(t, world.staff.email);
    expect((await newOwner.req('PATCH', `/api/staff/staff/${world.staff.id}`, { role: 'staff' })).statusCode).toBe(409);
  });

  it('two owners demoting or disabling each other at the same moment still leave the firm an active owner', async () => {
    for (const action of ['demote', 'disable'] as const) {
      const world = await createFirmWorld(t.db);
      const second = await createStaff(t.db, world.firm.id, { role: 'owner', name: 'Second Owner' });
      const [one, two] = [await asStaff(t, world.owner.email), await asStaff(t, second.email)];
      const act = (s: typeof one, targetId: string) =>
        action === 'demote' ? s.req('PATCH', `/api/staff/staff/${targetId}`, { role: 'staff' }) : s.req('POST', `/api/staff/staff/${targetId}/disable`);

      const results = await Promise.all([act(one, second.id), act(two, world.owner.id)]);

      const owners = (await t.db.withFirm(world.firm.id, (tx) => tx.select().from(staffUsers))).filter((u) => u.role === 'owner' && u.status === 'active');
      expect(owners, action).toHaveLength(1);
      // One wins; the other is refused — 409 (last owner), or 403/401 when the winner's change to its
      // author's role or account committed before the loser's request was authorised.
      expect(results.filter((r) => r.statusCode === 200), action).toHaveLength(1);
      expect(results.map((r) => r.statusCode).filter((c) => c !== 200), action).toEqual([expect.toBeOneOf([401, 403, 409])]);
    }
  });

  it('an admin cannot make an owner or change an owner’s role', async () => {
    const world = await createFirmWorld(t.db);
    const admin = await createStaff(t.db, world.firm.id, { role: 'admin' });
    const s = await asStaff(t, admin.email);

    const promoteSelf = await s.req('PATCH', `/api/staff/staff/${admin.id}`, { role: 'owner' });
    const demoteOwner = await s.req('PATCH', `/api/staff/staff/${world.owner.id}`, { role: 'staff' });
    const disableOwner = await s.req('POST', `/api/staff/staff/${world.owner.id}/disable`);
    const promoteStaff = await s.req('PATCH', `/api/staff/staff/${world.staff.id}`, { role: 'admin' });

    for (const res of [promoteSelf, demoteOwner, disableOwner]) expect(res.statusCode).toBe(403);
    expect(promoteStaff.statusCode).toBe(200);
    expect((await staffRow(world.firm.id, world.owner.id))).toMatchObject({ role: 'owner', status: 'active' });
    expect((await staffRow(world.firm.id, admin.id))?.role).toBe('admin');
  });

  it('nobody can disable their own account', async () => {
    const world = await createFirmWorld(t.db);
    const owner = await asStaff(t, world.owner.email);

    const res = await owner.req('POST', `/api/staff/staff/${world.owner.id}/disable`);

    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('CONFLICT');
    expect((await staffRow(world.firm.id, world.owner.id))?.status).toBe('active');
    expect((await owner.req('GET', '/api/staff/session')).statusCode).toBe(200);
  });

  it('disabling a member ends their sessions at once and stops sign-in; enabling restores it', async () => {
    const world = await createFirmWorld(t.db);
    const owner = await asStaff(t, world.owner.email);
    const member = await asStaff(t, world.staff.email);

    const disabled = await owner.req('POST', `/api/staff/staff/${world.staff.id}/disable`);

    expect(disabled.statusCode).toBe(200);
    expect(disabled.json().status).toBe('disabled');
    expect((await member.req('GET', '/api/staff/clients')).statusCode).toBe(401);
    expect((await login(world.staff.email)).statusCode).toBe(401);

    const enabled = await owner.req('POST', `/api/staff/staff/${world.staff.id}/enable`);

    expect(enabled.json().status).toBe('active');
    expect((await login(world.staff.email)).statusCode).toBe(200);
  });
});
