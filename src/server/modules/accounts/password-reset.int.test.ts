import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import {
  asClient, asStaff, buildTestApp, createFirmWorld, createPortalUser, createStaff, TEST_PASSWORD, tokenFromEmail, type TestApp,
} from '../../../../test/harness.js';
import { queryRows } from '../../db/client.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

let ipSeq = 1;
const nextIp = () => `10.30.0.${ipSeq++}`;
const NEW_PASSWORD = 'Harbour-Lights-Evening-58';

const problem = (res: LightMyRequestResponse) => {
  const { requestId: _id, ...rest } = res.json() as { requestId: string };
  return rest;
};
const staffForgot = (email: string, ip = nextIp()) =>
  t.app.inject({ method: 'POST', url: '/api/staff/auth/forgot-password', remoteAddress: ip, payload: { email } });
const portalForgot = (slug: string, email: string, ip = nextIp()) =>
  t.app.inject({ method: 'POST', url: `/api/portal/${slug}/auth/forgot-password`, remoteAddress: ip, payload: { email } });
const complete = (token: string, password = NEW_PASSWORD) =>
  t.app.inject({ method: 'POST', url: '/api/public/password-resets/complete', payload: { token, password } });
const staffLogin = (email: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/staff/auth/login', remoteAddress: nextIp(), payload: { email, password } });

const mailTo = (email: string) => t.mailCatcher?.emails.filter((m) => m.to.includes(email)) ?? [];
async function resetMailFor(email: string) {
  await t.flushMail();
  const mail = await t.mailCatcher!.waitFor((m) => m.to.includes(email) && /Reset your/.test(m.subject));
  return { mail, token: tokenFromEmail(mail.text) };
}
async function outboxCount(firmId: string, to: string, kind: string) {
  const [row] = await t.db.withFirm(firmId, (tx) => queryRows<{ n: number }>(tx, sql`select count(*)::int as n from outbox_emails where to_address = ${to} and kind = ${kind}`));
  return row?.n ?? 0;
}

describe('forgot password', () => {
  it('staff: the same 202 for an active, an unknown and an invited-only address; only the active account is e-mailed', async () => {
    const world = await createFirmWorld(t.db);
    const invited = await createStaff(t.db, world.firm.id, { role: 'staff', status: 'invited', passwordHash: null });
    const unknown = `nobody-${Date.now()}@example.com`;

    const replies = [await staffForgot(world.owner.email), await staffForgot(unknown), await staffForgot(invited.email)];

    for (const res of replies) {
      expect(res.statusCode).toBe(202);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    expect(new Set(replies.map((r) => r.body)).size).toBe(1);
    expect(replies[0]?.json().message).toMatch(/If an account exists/);
    const { mail } = await resetMailFor(world.owner.email);
    expect(mail.subject).toBe('Reset your Ledger Loom password');
    expect(mail.text).toContain('http://localhost:3000/app/reset-password#token=');
    expect(mailTo(unknown)).toHaveLength(0);
    expect(mailTo(invited.email)).toHaveLength(0);
    expect(await outboxCount(world.firm.id, invited.email, 'password_reset')).toBe(0);
  });

  it('portal: the same 202 for an active, an unknown and an invited-only address; the link goes to the firm’s portal', async () => {
    const world = await createFirmWorld(t.db);
    const invited = await createPortalUser(t.db, world.firm.id, world.client2.id, { status: 'invited', passwordHash: null });
    const other = await createFirmWorld(t.db, 'b');

    const replies = [
      await portalForgot(world.firm.slug, world.person1.email),
      await portalForgot(world.firm.slug, `nobody-${Date.now()}@example.com`),
      await portalForgot(world.firm.slug, invited.email),
      // Another firm's client asking on this portal is an unknown address here.
      await portalForgot(world.firm.slug, other.person1.email),
    ];

    for (const res of replies) expect(res.statusCode).toBe(202);
    expect(new Set(replies.map((r) => r.body)).size).toBe(1);
    const { mail } = await resetMailFor(world.person1.email);
    expect(mail.subject).toBe(`Reset your ${world.firm.displayName} portal password`);
    expect(mail.text).toContain(`http://${world.firm.slug}.localhost:3000/reset-password#token=`);
    expect(mailTo(invited.email)).toHaveLength(0);
    expect(mailTo(other.person1.email)).toHaveLength(0);
  });

  it('after 3 requests in an hour for one account no more e-mails are sent, yet the answer stays the same 202', async () => {
    const world = await createFirmWorld(t.db);
    const email = world.staff.email;

    const replies = [];
    for (let i = 0; i < 5; i++) replies.push(await staffForgot(email, nextIp())); // a new address each time: the limit is per account

    expect(replies.map((r) => r.statusCode)).toEqual([202, 202, 202, 202, 202]);
    expect(new Set(replies.map((r) => r.body)).size).toBe(1);
    await t.flushMail();
    expect(await outboxCount(world.firm.id, email, 'password_reset')).toBe(3);
    expect(mailTo(email).filter((m) => /Reset your/.test(m.subject))).toHaveLength(3);
  });
});

describe('completing a reset', () => {
  it('sets the new password, ends every session of the account, e-mails a notice, and works once', async () => {
    const world = await createFirmWorld(t.db);
    const laptop = await asStaff(t, world.staff.email);
    const phone = await asStaff(t, world.staff.email);
    const colleague = await asStaff(t, world.owner.email);
    await staffForgot(world.staff.email);
    const { token } = await resetMailFor(world.staff.email);

    const inspect = await t.app.inject({ method: 'POST', url: '/api/public/links/inspect', payload: { token } });
    const res = await complete(token);

    expect(inspect.json()).toMatchObject({ kind: 'password_reset', email: world.staff.email });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ kind: 'staff', portalSlug: null, redirectTo: '/app/login' });
    expect(res.headers['set-cookie']).toBeUndefined();
    for (const s of [laptop, phone]) expect((await s.req('GET', '/api/staff/session')).statusCode).toBe(401);
    expect((await colleague.req('GET', '/api/staff/session')).statusCode).toBe(200);
    expect((await staffLogin(world.staff.email, TEST_PASSWORD)).statusCode).toBe(401);
    expect((await staffLogin(world.staff.email, NEW_PASSWORD)).statusCode).toBe(200);
    await t.flushMail();
    const notice = await t.mailCatcher!.waitFor((m) => m.to.includes(world.staff.email) && m.subject === 'Your password was changed');
    expect(notice.text).toContain('every device that was signed in has been signed out');
    expect(notice.text).not.toContain('#token=');

    const again = await complete(token, 'Yet-Another-Password-77');
    expect(again.statusCode).toBe(404);
    expect(again.json().code).toBe('LINK_INVALID');
    expect((await staffLogin(world.staff.email, NEW_PASSWORD)).statusCode).toBe(200);
    const audit = await t.db.withFirm(world.firm.id, (tx) => queryRows<{ details: { sessionsEnded: number } }>(tx, sql`select details from audit_log where action = 'password_reset.completed'`));
    expect(audit.map((a) => a.details.sessionsEnded)).toEqual([2]);
  });

  it('a portal reset ends the portal sessions and the client signs in with the new password', async () => {
    const world = await createFirmWorld(t.db);
    const s = await asClient(t, world.firm.slug, world.person1.email);
    await portalForgot(world.firm.slug, world.person1.email);
    const { token } = await resetMailFor(world.person1.email);

    const res = await complete(token);

    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ kind: 'portal', redirectTo: '/login' });
    expect((await s.req('GET', `/api/portal/${world.firm.slug}/dashboard`)).statusCode).toBe(401);
    const login = await t.app.inject({ method: 'POST', url: `/api/portal/${world.firm.slug}/auth/login`, payload: { email: world.person1.email, password: NEW_PASSWORD } });
    expect(login.statusCode).toBe(200);
  });

  it('a link older than an hour answers exactly like an unknown link, and the password is unchanged', async () => {
    const world = await createFirmWorld(t.db);
    await staffForgot(world.owner.email);
    const { token } = await resetMailFor(world.owner.email);
    await t.db.owner.execute(sql`update link_tokens set expires_at = now() - interval '1 second' where user_id = ${world.owner.id} and purpose = 'password_reset'`);

    const expired = await complete(token);
    const unknown = await complete('B'.repeat(43));
    const inspected = await t.app.inject({ method: 'POST', url: '/api/public/links/inspect', payload: { token } });

    expect(expired.statusCode).toBe(404);
    expect(problem(expired)).toEqual(problem(unknown));
    expect(problem(expired)).toMatchObject({ code: 'LINK_INVALID' });
    expect(inspected.statusCode).toBe(404);
    expect((await staffLogin(world.owner.email, NEW_PASSWORD)).statusCode).toBe(401);
    expect((await staffLogin(world.owner.email, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('a newer request kills the earlier link; a reset link cannot be used as an invitation', async () => {
    const world = await createFirmWorld(t.db);
    await staffForgot(world.owner.email);
    const first = (await resetMailFor(world.owner.email)).token;
    await staffForgot(world.owner.email);
    await t.flushMail();
    const second = tokenFromEmail((await t.mailCatcher!.waitFor((m) => m.to.includes(world.owner.email) && /Reset your/.test(m.subject) && tokenFromEmail(m.text) !== first)).text);

    const asInvitation = await t.app.inject({ method: 'POST', url: '/api/public/invitations/accept', payload: { token: second, password: NEW_PASSWORD } });
    const old = await complete(first);

    expect(asInvitation.statusCode).toBe(404);
    expect(asInvitation.headers['set-cookie']).toBeUndefined();
    expect(old.statusCode).toBe(404);
    expect((await complete(second)).statusCode).toBe(200);
  });

  it('refuses a common password without using up the link', async () => {
    const world = await createFirmWorld(t.db);
    await staffForgot(world.owner.email);
    const { token } = await resetMailFor(world.owner.email);

    const weak = await complete(token, 'password123');

    expect(weak.statusCode).toBe(422);
    expect(weak.json().code).toBe('WEAK_PASSWORD');
    expect((await complete(token)).statusCode).toBe(200);
  });
});
