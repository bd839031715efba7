import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { asStaff, buildTestApp, createClient, createFirmWorld, tokenFromEmail, type TestApp } from '../../../../test/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

async function inviteNewPerson(world: Awaited<ReturnType<typeof createFirmWorld>>, email: string) {
  const staff = await asStaff(t, world.owner.email);
  const client = await createClient(t.db, world.firm.id, { name: 'Invited Client Pty Ltd', type: 'company' });
  const res = await staff.req('POST', `/api/staff/clients/${client.id}/portal-users`, { name: 'Robin Invitee', email });
  expect(res.statusCode).toBe(201);
  await t.flushMail();
  const mail = await t.mailCatcher!.waitFor((m) => m.to.includes(email) && /invited/.test(m.subject));
  return { staff, client, portalUser: res.json() as { id: string; status: string }, mail };
}

describe('portal invitation → registration', () => {
  it('emails a single-use link over SMTP that registers the person and signs them in to their firm’s portal', async () => {
    const world = await createFirmWorld(t.db);
    const { portalUser, mail } = await inviteNewPerson(world, 'robin@invitee.example');
    expect(portalUser.status).toBe('invited');
    expect(mail.subject).toContain(world.firm.displayName);
    expect(mail.text).toContain(`http://${world.firm.slug}.localhost:3000/register#token=`);
    expect(mail.html).toContain('Create your account');
    const token = tokenFromEmail(mail.text);

    const inspect = await t.app.inject({ method: 'POST', url: '/api/public/links/inspect', payload: { token } });
    expect(inspect.statusCode).toBe(200);
    expect(inspect.json()).toMatchObject({ kind: 'portal_invitation', email: 'robin@invitee.example', portalSlug: world.firm.slug });

    const accept = await t.app.inject({ method: 'POST', url: '/api/public/invitations/accept', payload: { token, password: 'Blue-Gum-Morning-42' } });
    expect(accept.statusCode).toBe(200);
    const cookie = String(accept.headers['set-cookie']).split(';')[0] ?? '';
    expect(cookie.startsWith(`ll_portal_${world.firm.slug}=`)).toBe(true);
    const dash = await t.app.inject({ method: 'GET', url: `/api/portal/${world.firm.slug}/dashboard`, headers: { cookie } });
    expect(dash.statusCode).toBe(200);
    expect(dash.json()).toMatchObject({ client: { name: 'Invited Client Pty Ltd' } });

    // Single use: the same link now answers like any invalid link.
    const again = await t.app.inject({ method: 'POST', url: '/api/public/invitations/accept', payload: { token, password: 'Another-Long-Pass-99' } });
    expect(again.statusCode).toBe(404);
    expect(again.json().code).toBe('LINK_INVALID');

    // The staff side now sees the person as active, and the audit log has the acceptance.
    const audit = await t.db.withFirm(world.firm.id, (tx) => tx.execute(sql`select action from audit_log where action = 'invitation.accepted'`));
    expect((audit as unknown as { rows: unknown[] }).rows).toHaveLength(1);
  });

  it('a re-invite kills the old link; revoked, expired and unknown links all get the same answer', async () => {
    const world = await createFirmWorld(t.db);
    const { staff, portalUser, mail } = await inviteNewPerson(world, 'sky@invitee.example');
    const first = tokenFromEmail(mail.text);
    const resend = await staff.req('POST', `/api/staff/portal-users/${portalUser.id}/invitation`);
    expect(resend.statusCode).toBe(200);
    await t.flushMail();
    const secondMail = await t.mailCatcher!.waitFor((m) => m.to.includes('sky@invitee.example') && tokenFromEmail(m.text) !== first);
    const second = tokenFromEmail(secondMail.text);

    const old = await t.app.inject({ method: 'POST', url: '/api/public/links/inspect', payload: { token: first } });
    const unknown = await t.app.inject({ method: 'POST', url: '/api/public/links/inspect', payload: { token: 'A'.repeat(43) } });
    expect(old.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(old.json().detail).toBe(unknown.json().detail);

    // Expire the live one: same answer again.
    await t.db.owner.execute(sql`update link_tokens set expires_at = now() - interval '1 second' where purpose = 'portal_invitation' and revoked_at is null and used_at is null and firm_id = ${world.firm.id}`);
    const expired = await t.app.inject({ method: 'POST', url: '/api/public/links/inspect', payload: { token: second } });
    expect(expired.statusCode).toBe(404);
    expect(expired.json().detail).toBe(unknown.json().detail);
  });

  it('revoking an invitation stops its link; a malformed token is a 400 naming the field', async () => {
    const world = await createFirmWorld(t.db);
    const { staff, portalUser, mail } = await inviteNewPerson(world, 'lee@invitee.example');
    const revoke = await staff.req('DELETE', `/api/staff/portal-users/${portalUser.id}/invitation`);
    expect(revoke.statusCode).toBe(200);
    expect(revoke.json().status).toBe('not_invited');
    const res = await t.app.inject({ method: 'POST', url: '/api/public/invitations/accept', payload: { token: tokenFromEmail(mail.text), password: 'Blue-Gum-Morning-42' } });
    expect(res.statusCode).toBe(404);
    const bad = await t.app.inject({ method: 'POST', url: '/api/public/invitations/accept', payload: { token: 'short', password: 'x' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['body.token', 'body.password']));
  });

  it('refuses a common password without burning the link', async () => {
    const world = await createFirmWorld(t.db);
    const { mail } = await inviteNewPerson(world, 'weak@invitee.example');
    const token = tokenFromEmail(mail.text);
    const weak = await t.app.inject({ method: 'POST', url: '/api/public/invitations/accept', payload: { token, password: 'password123' } });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().errors[0].path).toBe('password');
    const ok = await t.app.inject({ method: 'POST', url: '/api/public/invitations/accept', payload: { token, password: 'Blue-Gum-Morning-42' } });
    expect(ok.statusCode).toBe(200);
  });
});
