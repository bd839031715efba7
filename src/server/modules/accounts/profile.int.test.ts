import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { asClient, asStaff, buildTestApp, createFirmWorld, createPortalUser, createStaff, TEST_PASSWORD, tokenFromEmail, type TestApp } from '../../../../test/harness.js';
import { queryRows } from '../../db/client.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

const NEW_PASSWORD = 'Ironbark-Creek-Morning-41';
const confirm = (token: string) => t.app.inject({ method: 'POST', url: '/api/public/email-changes/confirm', payload: { token } });
async function mailFor(email: string, subject: RegExp) {
  await t.flushMail();
  return t.mailCatcher!.waitFor((m) => m.to.includes(email) && subject.test(m.subject));
}
async function audit(firmId: string, action: string) {
  return t.db.withFirm(firmId, (tx) => queryRows<{ details: Record<string, unknown> }>(tx, sql`select details from audit_log where firm_id = ${firmId} and action = ${action}`));
}

describe('contact details', () => {
  it('portal: shows, validates and saves name and an Australian phone (stored E.164, shown as Australians write it)', async () => {
    const w = await createFirmWorld(t.db);
    const s = await asClient(t, w.firm.slug, w.person1.email);
    const base = `/api/portal/${w.firm.slug}/profile`;

    const bad = await s.req('PATCH', base, { name: 'Pat Client', phone: '12345' });
    const ok = await s.req('PATCH', base, { name: 'Patricia Client', phone: '0412 345 678' });
    const read = await s.req('GET', base);
    const landline = await s.req('PATCH', base, { name: 'Patricia Client', phone: '+61 2 9876 5432' });
    const cleared = await s.req('PATCH', base, { name: 'Patricia Client', phone: '' });
    const massAssign = await s.req('PATCH', base, { name: 'X', phone: null, email: 'evil@example.com' });

    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ path: expect.stringContaining('phone'), message: expect.stringContaining('Australian phone') });
    expect(ok.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ name: 'Patricia Client', email: w.person1.email, phone: '+61412345678', phoneDisplay: '0412 345 678', pendingEmail: null });
    expect(landline.json()).toMatchObject({ phone: '+61298765432', phoneDisplay: '(02) 9876 5432' });
    expect(cleared.json()).toMatchObject({ phone: null, phoneDisplay: null });
    expect(massAssign.statusCode).toBe(400);
    expect((await audit(w.firm.id, 'profile.updated')).length).toBe(3);
    // The change is only the person's own: the other client's user is untouched.
    const other = await asClient(t, w.firm.slug, w.person2.email);
    expect((await other.req('GET', `/api/portal/${w.firm.slug}/profile`)).json()).toMatchObject({ name: 'Person Two a', phone: null });
  });

  it('staff: the same for a staff member; another firm’s portal cannot be reached with this session', async () => {
    const w = await createFirmWorld(t.db);
    const other = await createFirmWorld(t.db, 'b');
    const s = await asStaff(t, w.staff.email);

    const ok = await s.req('PATCH', '/api/staff/profile', { name: 'Sam Staffer', phone: '1300 123 456' });
    const client = await asClient(t, w.firm.slug, w.person1.email);
    const crossFirm = await client.req('GET', `/api/portal/${other.firm.slug}/profile`);

    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ name: 'Sam Staffer', phone: '1300123456', phoneDisplay: '1300 123 456' });
    expect((await s.req('GET', '/api/staff/session')).json().user.name).toBe('Sam Staffer');
    expect(crossFirm.statusCode).toBe(401);
    expect(crossFirm.body).not.toContain(other.person1.email);
  });
});

describe('change password', () => {
  it('refuses a wrong current password (422 on the field) and a weak new one, and throttles guessing', async () => {
    const w = await createFirmWorld(t.db);
    const s = await asClient(t, w.firm.slug, w.person1.email);
    const url = `/api/portal/${w.firm.slug}/profile/password`;

    const wrong = await s.req('POST', url, { currentPassword: 'not-my-password', newPassword: NEW_PASSWORD });
    const weak = await s.req('POST', url, { currentPassword: TEST_PASSWORD, newPassword: 'password123' });
    const short = await s.req('POST', url, { currentPassword: TEST_PASSWORD, newPassword: 'short' });

    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors).toEqual([{ path: 'currentPassword', message: expect.stringMatching(/current password is not right/) }]);
    expect(weak.statusCode).toBe(422);
    expect(weak.json().errors[0].path).toBe('newPassword');
    expect(short.statusCode).toBe(400);
    const attempts = [];
    for (let i = 0; i < 11; i++) attempts.push((await s.req('POST', url, { currentPassword: `guess-${i}`, newPassword: NEW_PASSWORD })).statusCode);
    expect(attempts).toContain(429);
  });

  it('changes it, ends the person’s other sessions but keeps this one, and e-mails a notice', async () => {
    const w = await createFirmWorld(t.db);
    const here = await asClient(t, w.firm.slug, w.person1.email);
    const elsewhere = await asClient(t, w.firm.slug, w.person1.email);
    const someoneElse = await asClient(t, w.firm.slug, w.person2.email);

    const res = await here.req('POST', `/api/portal/${w.firm.slug}/profile/password`, { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD });

    expect(res.statusCode).toBe(200);
    expect(res.json().sessionsEnded).toBe(1);
    expect((await here.req('GET', `/api/portal/${w.firm.slug}/session`)).statusCode).toBe(200);
    expect((await elsewhere.req('GET', `/api/portal/${w.firm.slug}/session`)).statusCode).toBe(401);
    expect((await someoneElse.req('GET', `/api/portal/${w.firm.slug}/session`)).statusCode).toBe(200);
    await expect(asClient(t, w.firm.slug, w.person1.email)).rejects.toThrow(/401/);
    await asClient(t, w.firm.slug, w.person1.email, NEW_PASSWORD);
    const mail = await mailFor(w.person1.email, /Your password was changed/);
    expect(mail.text).toContain('every other device');
    expect((await audit(w.firm.id, 'password.changed'))[0]?.details).toEqual({ sessionsEnded: 1 });
  });

  it('staff can change theirs too', async () => {
    const w = await createFirmWorld(t.db);
    const s = await asStaff(t, w.staff.email);
    const res = await s.req('POST', '/api/staff/profile/password', { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD });
    expect(res.statusCode).toBe(200);
    await asStaff(t, w.staff.email, NEW_PASSWORD);
  });
});

describe('change e-mail', () => {
  it('needs the password, refuses an address in use at the firm (409), and changes only when the link is confirmed, once', async () => {
    const w = await createFirmWorld(t.db);
    const s = await asClient(t, w.firm.slug, w.person1.email);
    const url = `/api/portal/${w.firm.slug}/profile/email`;
    const newEmail = `new-${Date.now()}@example.com`;

    const wrong = await s.req('POST', url, { newEmail, currentPassword: 'wrong-password' });
    const taken = await s.req('POST', url, { newEmail: w.person2.email, currentPassword: TEST_PASSWORD });
    const res = await s.req('POST', url, { newEmail: newEmail.toUpperCase(), currentPassword: TEST_PASSWORD });
    const before = await s.req('GET', `/api/portal/${w.firm.slug}/profile`);

    expect(wrong.statusCode).toBe(422);
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('EMAIL_TAKEN');
    expect(taken.json().errors[0].path).toBe('newEmail');
    expect(res.statusCode).toBe(202);
    expect(before.json()).toMatchObject({ email: w.person1.email, pendingEmail: newEmail });
    const link = await mailFor(newEmail, /Confirm your new email/);
    expect(link.text).toContain(`/confirm-email#token=`);
    const notice = await mailFor(w.person1.email, /change of your email address was requested/);
    expect(notice.text).toContain(newEmail);
    const token = tokenFromEmail(link.text);
    // Not an invitation: it cannot be inspected or accepted to set a password.
    expect((await t.app.inject({ method: 'POST', url: '/api/public/links/inspect', payload: { token } })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: '/api/public/invitations/accept', payload: { token, password: NEW_PASSWORD } })).statusCode).toBe(404);

    const confirmed = await confirm(token);
    const replayed = await confirm(token);

    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toEqual({ kind: 'portal', portalSlug: w.firm.slug, email: newEmail });
    expect(replayed.statusCode).toBe(404);
    expect(replayed.json().code).toBe('LINK_INVALID');
    expect((await s.req('GET', `/api/portal/${w.firm.slug}/profile`)).json()).toMatchObject({ email: newEmail, pendingEmail: null });
    await asClient(t, w.firm.slug, newEmail);
    await mailFor(w.person1.email, /Your email address was changed/);
  });

  it('an expired or unknown link gets the same answer, and a newer request kills the older link', async () => {
    const w = await createFirmWorld(t.db);
    const s = await asClient(t, w.firm.slug, w.person1.email);
    const url = `/api/portal/${w.firm.slug}/profile/email`;
    const first = `first-${Date.now()}@example.com`;
    const second = `second-${Date.now()}@example.com`;
    await s.req('POST', url, { newEmail: first, currentPassword: TEST_PASSWORD });
    const firstToken = tokenFromEmail((await mailFor(first, /Confirm/)).text);
    await s.req('POST', url, { newEmail: second, currentPassword: TEST_PASSWORD });
    const secondToken = tokenFromEmail((await mailFor(second, /Confirm/)).text);
    await t.db.withFirm(w.firm.id, (tx) => tx.execute(sql`update link_tokens set expires_at = now() - interval '1 minute' where firm_id = ${w.firm.id} and new_email = ${second}`));

    const revoked = await confirm(firstToken);
    const expired = await confirm(secondToken);
    const unknown = await confirm('A'.repeat(43));

    for (const res of [revoked, expired, unknown]) expect(res.statusCode).toBe(404);
    expect(new Set([revoked, expired, unknown].map((r) => r.json().detail)).size).toBe(1);
    expect((await s.req('GET', `/api/portal/${w.firm.slug}/profile`)).json().email).toBe(w.person1.email);
  });

  it('the same address at another firm is fine for a portal user; a staff address must be unused everywhere', async () => {
    const w = await createFirmWorld(t.db);
    const other = await createFirmWorld(t.db, 'b');
    const s = await asClient(t, w.firm.slug, w.person1.email);
    const staff = await asStaff(t, w.staff.email);

    const portal = await s.req('POST', `/api/portal/${w.firm.slug}/profile/email`, { newEmail: other.person1.email, currentPassword: TEST_PASSWORD });
    const staffTaken = await staff.req('POST', '/api/staff/profile/email', { newEmail: other.owner.email, currentPassword: TEST_PASSWORD });

    expect(portal.statusCode).toBe(202);
    expect(staffTaken.statusCode).toBe(409);
  });

  it('an address taken between the request and the confirmation is refused at confirmation', async () => {
    const w = await createFirmWorld(t.db);
    const s = await asClient(t, w.firm.slug, w.person1.email);
    const newEmail = `race-${Date.now()}@example.com`;
    await s.req('POST', `/api/portal/${w.firm.slug}/profile/email`, { newEmail, currentPassword: TEST_PASSWORD });
    const token = tokenFromEmail((await mailFor(newEmail, /Confirm/)).text);
    await createPortalUser(t.db, w.firm.id, w.client2.id, { email: newEmail });

    const res = await confirm(token);

    expect(res.statusCode).toBe(409);
  });
});

describe('notification preferences', () => {
  it('lists the portal’s events as "immediately" by default, saves "off", and refuses staff events and unknown channels', async () => {
    const w = await createFirmWorld(t.db);
    const s = await asClient(t, w.firm.slug, w.person1.email);
    const url = `/api/portal/${w.firm.slug}/profile/notifications`;

    const initial = await s.req('GET', url);
    const saved = await s.req('PUT', url, { items: [{ event: 'invoice_issued', channel: 'off' }, { event: 'message_reply', channel: 'off' }] });
    const back = await s.req('PUT', url, { items: [{ event: 'message_reply', channel: 'immediately' }] });
    const staffEvent = await s.req('PUT', url, { items: [{ event: 'message_received', channel: 'off' }] });
    const digest = await s.req('PUT', url, { items: [{ event: 'invoice_issued', channel: 'daily' }] });

    expect(initial.json().items).toHaveLength(8);
    expect(initial.json().items.every((i: { channel: string }) => i.channel === 'immediately')).toBe(true);
    expect(saved.statusCode).toBe(200);
    const channels = Object.fromEntries((back.json().items as { event: string; channel: string }[]).map((i) => [i.event, i.channel]));
    expect(channels).toMatchObject({ invoice_issued: 'off', message_reply: 'immediately', task_waiting: 'immediately' });
    expect(staffEvent.statusCode).toBe(400);
    expect(digest.statusCode).toBe(200);
  });

  it('an invoice e-mail honours "off"', async () => {
    const w = await createFirmWorld(t.db);
    const client = await asClient(t, w.firm.slug, w.person1.email);
    await client.req('PUT', `/api/portal/${w.firm.slug}/profile/notifications`, { items: [{ event: 'invoice_issued', channel: 'off' }] });
    const owner = await asStaff(t, w.owner.email);
    const drafted = (await owner.req('POST', '/api/staff/invoices', { clientId: w.client1.id, lines: [{ description: 'Work', quantityMilli: 1000, unitPriceCents: 100 }] })).json() as { id: string };

    const issued = await owner.req('POST', `/api/staff/invoices/${drafted.id}/issue`, { version: 1 });

    expect(issued.statusCode).toBe(200);
    const [row] = await t.db.withFirm(w.firm.id, (tx) => queryRows<{ n: number }>(tx, sql`select count(*)::int as n from outbox_emails where to_address = ${w.person1.email} and kind = 'invoice_issued'`));
    expect(row?.n).toBe(0);
  });

  it('staff see their own events', async () => {
    const w = await createFirmWorld(t.db);
    const s = await asStaff(t, w.staff.email);
    const res = await s.req('PUT', '/api/staff/profile/notifications', { items: [{ event: 'message_received', channel: 'off' }] });
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([
      { event: 'message_received', label: expect.any(String), channel: 'off' },
      { event: 'document_uploaded', label: expect.any(String), channel: 'immediately' },
      { event: 'answers_submitted', label: 'A client answers my questions', channel: 'immediately' },
      { event: 'service_request_received', label: 'A client asks for new work', channel: 'immediately' },
      { event: 'proposal_outcome', label: 'A client accepts or declines a proposal I made', channel: 'immediately' },
    ]);
  });

  it('the e-mail about a client asking for new work honours the choice: "daily" holds it for the digest, "off" sends nothing; the in-app notice stays', async () => {
    const w = await createFirmWorld(t.db);
    const admin = await createStaff(t.db, w.firm.id, { role: 'admin' });
    const owner = await asStaff(t, w.owner.email);
    const adminSession = await asStaff(t, admin.email);
    expect((await owner.req('PUT', '/api/staff/profile/notifications', { items: [{ event: 'service_request_received', channel: 'daily' }] })).statusCode).toBe(200);
    expect((await adminSession.req('PUT', '/api/staff/profile/notifications', { items: [{ event: 'service_request_received', channel: 'off' }] })).statusCode).toBe(200);
    const client = await asClient(t, w.firm.slug, w.person1.email);

    const made = await client.req('POST', `/api/portal/${w.firm.slug}/service-requests`, { templateId: null, description: 'We need help setting up payroll for two new staff.' });

    expect(made.statusCode).toBe(201);
    const count = (q: ReturnType<typeof sql>) => t.db.withFirm(w.firm.id, async (tx) => (await queryRows<{ n: number }>(tx, q))[0]?.n);
    expect(await count(sql`select count(*)::int as n from outbox_emails where firm_id = ${w.firm.id} and kind = 'service_request'`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from digest_items where firm_id = ${w.firm.id} and user_id = ${w.owner.id} and event = 'service_request_received'`)).toBe(1);
    expect(await count(sql`select count(*)::int as n from digest_items where firm_id = ${w.firm.id} and user_id = ${admin.id}`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from staff_notifications where firm_id = ${w.firm.id} and kind = 'service_request'`)).toBe(2);
  });
});
