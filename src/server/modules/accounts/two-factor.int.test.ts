import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import {
  asClient, asStaff, buildTestApp, cookieFrom, createFirm, createFirmWorld, createStaff, sessionFor, TEST_PASSWORD, type Session, type TestApp,
} from '../../../../test/harness.js';
import { queryRows } from '../../db/client.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

const STEP = 30_000;
/** A code for `offset` steps from now, as an authenticator app with a drifting clock would show it. */
const codeAt = (secret: string, offset = 0) => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: Date.now() + offset * STEP });
/** Keeps a test away from the end of a 30-second step, so "now" means the same step to the test and the server. */
async function awayFromStepEdge() {
  const into = Date.now() % STEP;
  if (into > STEP - 4000) await new Promise((r) => setTimeout(r, STEP - into + 200));
}
async function audit(firmId: string, action: string) {
  return t.db.withFirm(firmId, (tx) => queryRows<{ details: Record<string, unknown> }>(tx, sql`select details from audit_log where firm_id = ${firmId} and action = ${action}`));
}

const staffLogin = (email: string, cookie?: string, password = TEST_PASSWORD) =>
  t.app.inject({ method: 'POST', url: '/api/staff/auth/login', payload: { email, password }, ...(cookie ? { headers: { cookie } } : {}) });
const staffCode = (pendingToken: string, code: string, rememberDevice = false) =>
  t.app.inject({ method: 'POST', url: '/api/staff/auth/login/two-factor', payload: { pendingToken, code, rememberDevice } });

/** Enrols the session's person; returns the base32 secret and the recovery codes. */
async function enrol(s: Session, base: string): Promise<{ secret: string; recoveryCodes: string[]; uri: string }> {
  await awayFromStepEdge();
  const started = await s.req('POST', `${base}/profile/two-factor/enrol`);
  expect(started.statusCode).toBe(200);
  const { secret, otpauthUri } = started.json() as { secret: string; otpauthUri: string };
  const confirmed = await s.req('POST', `${base}/profile/two-factor/confirm`, { code: codeAt(secret) });
  expect(confirmed.statusCode).toBe(200);
  return { secret, recoveryCodes: confirmed.json().recoveryCodes, uri: otpauthUri };
}

describe('enrolment', () => {
  it('creates a sealed 160-bit secret, shows it as an otpauth URI and key, and turns on only with a right code', async () => {
    const w = await createFirmWorld(t.db);
    const s = await asStaff(t, w.staff.email);
    const before = await s.req('GET', '/api/staff/profile/two-factor');
    const started = await s.req('POST', '/api/staff/profile/two-factor/enrol');
    const { secret, otpauthUri } = started.json();
    const wrong = await s.req('POST', '/api/staff/profile/two-factor/confirm', { code: codeAt(secret, 3) });
    await awayFromStepEdge();
    const ok = await s.req('POST', '/api/staff/profile/two-factor/confirm', { code: codeAt(secret) });
    const after = await s.req('GET', '/api/staff/profile/two-factor');
    const again = await s.req('POST', '/api/staff/profile/two-factor/enrol');
    const [stored] = await t.db.withFirm(w.firm.id, (tx) => queryRows<{ secret_sealed: Buffer }>(tx, sql`select secret_sealed from two_factor_secrets where user_id = ${w.staff.id}`));
    const codes = await t.db.withFirm(w.firm.id, (tx) => queryRows<{ code_hash: string }>(tx, sql`select code_hash from two_factor_recovery_codes where user_id = ${w.staff.id}`));

    expect(before.json()).toMatchObject({ enabled: false, recoveryCodesRemaining: 0, requiredByFirm: false });
    expect(Secret.fromBase32(secret).bytes.length).toBe(20);
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    const uri = new URL(otpauthUri);
    expect(uri.searchParams.get('issuer')).toBe(`Ledger Loom (${w.firm.displayName})`);
    expect(decodeURIComponent(uri.pathname)).toContain(w.staff.email);
    expect(wrong.statusCode).toBe(422);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().recoveryCodes).toHaveLength(10);
    expect(new Set(ok.json().recoveryCodes).size).toBe(10);
    expect(after.json()).toMatchObject({ enabled: true, recoveryCodesRemaining: 10 });
    expect(again.statusCode).toBe(409);
    // Sealed at rest: the base32 secret does not appear in the stored bytes; recovery codes only as hashes.
    expect(stored!.secret_sealed.toString('latin1')).not.toContain(secret);
    expect(codes.map((c) => c.code_hash)).not.toContain(ok.json().recoveryCodes[0]);
    expect((await audit(w.firm.id, 'two_factor.enabled')).length).toBe(1);
  });
});

describe('sign-in with a code', () => {
  it('asks for a code instead of a session, then signs in with a new session; a code works once; ±1 step only', async () => {
    const w = await createFirmWorld(t.db);
    const s = await asStaff(t, w.staff.email);
    const { secret } = await enrol(s, '/api/staff');

    await awayFromStepEdge();
    const challenge = await staffLogin(w.staff.email);
    expect(challenge.statusCode).toBe(202);
    expect(challenge.headers['set-cookie']).toBeUndefined();
    expect(challenge.json()).toMatchObject({ twoFactorRequired: true, expiresInSeconds: 300 });
    const { pendingToken } = challenge.json();

    // The enrolment used the current step: the same code again is a replay.
    const replay = await staffCode(pendingToken, codeAt(secret));
    const tooOld = await staffCode(pendingToken, codeAt(secret, -2));
    const tooNew = await staffCode(pendingToken, codeAt(secret, 2));
    const drift = await staffCode(pendingToken, codeAt(secret, 1));
    expect(replay.statusCode).toBe(422);
    expect(tooOld.statusCode).toBe(422);
    expect(tooNew.statusCode).toBe(422);
    expect(drift.statusCode).toBe(200);
    expect(drift.json()).toMatchObject({ user: { email: w.staff.email }, twoFactorEnrolmentRequired: false });
    const signedIn = sessionFor(t, cookieFrom(drift), drift.json().csrfToken);
    expect((await signedIn.req('GET', '/api/staff/session')).statusCode).toBe(200);
    expect(signedIn.cookie).not.toBe(s.cookie);

    // The pending token was single use.
    const reused = await staffCode(pendingToken, codeAt(secret, 1));
    expect(reused.statusCode).toBe(401);
    expect(reused.json().code).toBe('UNAUTHENTICATED');
    expect((await audit(w.firm.id, 'login.code_failed')).length).toBe(3);
    expect((await audit(w.firm.id, 'login.succeeded')).some((a) => a.details?.secondFactor === 'totp')).toBe(true);
  });

  it('a code one step behind works when the newest used step is older', async () => {
    const w = await createFirmWorld(t.db);
    const s = await asStaff(t, w.staff.email);
    const { secret } = await enrol(s, '/api/staff');
    // Move the used step back so the previous step is fresh again (as if enrolled a minute ago).
    await t.db.withFirm(w.firm.id, (tx) => tx.execute(sql`update two_factor_secrets set last_used_step = last_used_step - 3 where user_id = ${w.staff.id}`));
    await awayFromStepEdge();
    const { pendingToken } = (await staffLogin(w.staff.email)).json();
    const behind = await staffCode(pendingToken, codeAt(secret, -1));
    expect(behind.statusCode).toBe(200);
  });

  it('a recovery code works once; an expired pending sign-in is refused', async () => {
    const w = await createFirmWorld(t.db);
    const s = await asStaff(t, w.staff.email);
    const { recoveryCodes, secret } = await enrol(s, '/api/staff');

    const first = (await staffLogin(w.staff.email)).json().pendingToken;
    const ok = await staffCode(first, recoveryCodes[0]!.toUpperCase());
    const second = (await staffLogin(w.staff.email)).json().pendingToken;
    const again = await staffCode(second, recoveryCodes[0]!);
    const status = await s.req('GET', '/api/staff/profile/two-factor');
    expect(ok.statusCode).toBe(200);
    expect(again.statusCode).toBe(422);
    expect(status.json().recoveryCodesRemaining).toBe(9);

    await t.db.owner.execute(sql`update pending_logins set expires_at = now() - interval '1 second' where user_id = ${w.staff.id}`);
    const expired = await staffCode(second, codeAt(secret, 1));
    expect(expired.statusCode).toBe(401);
    const garbage = await staffCode('x'.repeat(43), '123456');
    expect(garbage.statusCode).toBe(401);
  });

  it('5 wrong codes per 15 minutes per account, then 429 with Retry-After (even with the right code)', async () => {
    const w = await createFirmWorld(t.db);
    const s = await asStaff(t, w.staff.email);
    const { secret } = await enrol(s, '/api/staff');
    const { pendingToken } = (await staffLogin(w.staff.email)).json();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await staffCode(pendingToken, '000000')).statusCode);
    const limited = await staffCode(pendingToken, codeAt(secret, 1));
    // A new pending sign-in does not reset the count: it is per account.
    const fresh = (await staffLogin(w.staff.email)).json().pendingToken;
    const stillLimited = await staffCode(fresh, codeAt(secret, 1));
    expect(statuses).toEqual([422, 422, 422, 422, 422]);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(stillLimited.statusCode).toBe(429);
    expect((await audit(w.firm.id, 'login.code_failed')).length).toBe(5);
  });
});

describe('turning off and new recovery codes', () => {
  it('disable needs the password and a code; afterwards the password alone signs in', async () => {
    const w = await createFirmWorld(t.db);
    const s = await asStaff(t, w.staff.email);
    const { secret } = await enrol(s, '/api/staff');
    const badPassword = await s.req('POST', '/api/staff/profile/two-factor/disable', { currentPassword: 'not-it', code: codeAt(secret, 1) });
    const badCode = await s.req('POST', '/api/staff/profile/two-factor/disable', { currentPassword: TEST_PASSWORD, code: '000000' });
    const noCode = await s.req('POST', '/api/staff/profile/two-factor/disable', { currentPassword: TEST_PASSWORD });
    const ok = await s.req('POST', '/api/staff/profile/two-factor/disable', { currentPassword: TEST_PASSWORD, code: codeAt(secret, 1) });
    expect(badPassword.statusCode).toBe(422);
    expect(badPassword.json().errors[0].path).toBe('currentPassword');
    expect(badCode.statusCode).toBe(422);
    expect(badCode.json().errors[0].path).toBe('code');
    expect(noCode.statusCode).toBe(400);
    expect(ok.statusCode).toBe(204);
    expect((await s.req('GET', '/api/staff/profile/two-factor')).json().enabled).toBe(false);
    expect((await staffLogin(w.staff.email)).statusCode).toBe(200);
    expect((await audit(w.firm.id, 'two_factor.disabled')).length).toBe(1);
  });

  it('new recovery codes need the password and a code; the old ones stop working', async () => {
    const w = await createFirmWorld(t.db);
    const s = await asStaff(t, w.staff.email);
    const { secret, recoveryCodes } = await enrol(s, '/api/staff');
    const denied = await s.req('POST', '/api/staff/profile/two-factor/recovery-codes', { currentPassword: TEST_PASSWORD, code: '000000' });
    const ok = await s.req('POST', '/api/staff/profile/two-factor/recovery-codes', { currentPassword: TEST_PASSWORD, code: codeAt(secret, 1) });
    expect(denied.statusCode).toBe(422);
    expect(ok.statusCode).toBe(200);
    const fresh: string[] = ok.json().recoveryCodes;
    expect(fresh).toHaveLength(10);
    const p1 = (await staffLogin(w.staff.email)).json().pendingToken;
    expect((await staffCode(p1, recoveryCodes[1]!)).statusCode).toBe(422);
    expect((await staffCode(p1, fresh[0]!)).statusCode).toBe(200);
  });
});

describe('security e-mails and the firm’s reset', () => {
  const kinds = async (firmId: string, to: string) =>
    (await t.db.withFirm(firmId, (tx) => queryRows<{ kind: string }>(tx, sql`select kind from outbox_emails where firm_id = ${firmId} and to_address = ${to} and kind like 'two_factor_%' order by created_at, kind`))).map((r) => r.kind);

  it('turning it on, new recovery codes and turning it off each e-mail the person (never with a secret or a code in it)', async () => {
    const w = await createFirmWorld(t.db);
    const s = await asStaff(t, w.staff.email);
    const { secret, recoveryCodes } = await enrol(s, '/api/staff');
    expect(await kinds(w.firm.id, w.staff.email)).toEqual(['two_factor_enabled']);
    const fresh = await s.req('POST', '/api/staff/profile/two-factor/recovery-codes', { currentPassword: TEST_PASSWORD, code: codeAt(secret, 1) });
    expect(fresh.statusCode).toBe(200);
    // A refused change sends nothing.
    expect((await s.req('POST', '/api/staff/profile/two-factor/disable', { currentPassword: TEST_PASSWORD, code: '000000' })).statusCode).toBe(422);
    expect(await kinds(w.firm.id, w.staff.email)).toEqual(['two_factor_enabled', 'two_factor_recovery_codes_replaced']);
    expect((await s.req('POST', '/api/staff/profile/two-factor/disable', { currentPassword: TEST_PASSWORD, code: fresh.json().recoveryCodes[0] })).statusCode).toBe(204);
    expect(await kinds(w.firm.id, w.staff.email)).toEqual(['two_factor_enabled', 'two_factor_recovery_codes_replaced', 'two_factor_disabled']);
    await t.flushMail();
    const mails = t.mailCatcher!.emails.filter((m) => m.to.includes(w.staff.email) && /[Tt]wo-factor/.test(m.subject));
    expect(mails.map((m) => m.subject).sort()).toEqual(['New two-factor recovery codes', 'Two-factor sign-in is now on', 'Two-factor sign-in was turned off']);
    for (const m of mails) {
      expect(m.text).not.toContain(secret);
      for (const code of [...recoveryCodes, ...(fresh.json().recoveryCodes as string[])]) expect(m.text).not.toContain(code);
      expect(m.headers['list-unsubscribe']).toBeUndefined();
    }
  });

  it('an owner or admin resets a person who lost their phone: signed out everywhere, remembered devices forgotten, e-mailed, password alone signs in', async () => {
    const w = await createFirmWorld(t.db);
    const person = await asClient(t, w.firm.slug, w.person1.email);
    await enrol(person, `/api/portal/${w.firm.slug}`);
    const owner = await asStaff(t, w.owner.email);
    const list = await owner.req('GET', `/api/staff/clients/${w.client1.id}/portal-users`);
    expect(list.json().items.find((u: { id: string }) => u.id === w.person1.id).twoFactorOn).toBe(true);

    const reset = await owner.req('POST', `/api/staff/portal-users/${w.person1.id}/two-factor/reset`);
    expect(reset.statusCode).toBe(200);
    expect(reset.json().sessionsEnded).toBe(1);
    expect((await person.req('GET', `/api/portal/${w.firm.slug}/session`)).statusCode).toBe(401);
    const again = await owner.req('POST', `/api/staff/portal-users/${w.person1.id}/two-factor/reset`);
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toContain('does not have two-factor sign-in on');
    const plain = await t.app.inject({ method: 'POST', url: `/api/portal/${w.firm.slug}/auth/login`, payload: { email: w.person1.email, password: TEST_PASSWORD } });
    expect(plain.statusCode).toBe(200);
    expect(await kinds(w.firm.id, w.person1.email)).toEqual(['two_factor_enabled', 'two_factor_reset_by_firm']);
    await t.flushMail();
    const mail = await t.mailCatcher!.waitFor((m) => m.to.includes(w.person1.email) && m.subject === 'Your two-factor sign-in was reset');
    expect(mail.text).toContain(`Owner a reset two-factor sign-in for your account`);
    expect((await audit(w.firm.id, 'two_factor.reset_by_admin'))[0]?.details).toMatchObject({ sessionsEnded: 1 });
  });

  it('staff cannot reset; an admin cannot reset an owner; nobody resets themselves here; another firm’s person is 404 — and none of these change anything', async () => {
    const w = await createFirmWorld(t.db);
    const other = await createFirmWorld(t.db, 'b');
    const admin = await createStaff(t.db, w.firm.id, { role: 'admin' });
    const ownerSession = await asStaff(t, w.owner.email);
    await enrol(ownerSession, '/api/staff');
    const staffSession = await asStaff(t, w.staff.email);
    await enrol(staffSession, '/api/staff');
    const adminSession = await asStaff(t, admin.email);
    const outsider = await asStaff(t, other.owner.email);

    const byStaff = await staffSession.req('POST', `/api/staff/staff/${w.owner.id}/two-factor/reset`);
    const adminOnOwner = await adminSession.req('POST', `/api/staff/staff/${w.owner.id}/two-factor/reset`);
    const self = await ownerSession.req('POST', `/api/staff/staff/${w.owner.id}/two-factor/reset`);
    const cross = await outsider.req('POST', `/api/staff/staff/${w.staff.id}/two-factor/reset`);
    const crossPortal = await outsider.req('POST', `/api/staff/portal-users/${w.person1.id}/two-factor/reset`);
    const wrongKind = await ownerSession.req('POST', `/api/staff/portal-users/${w.staff.id}/two-factor/reset`);
    const badId = await ownerSession.req('POST', '/api/staff/staff/not-a-uuid/two-factor/reset');
    expect([byStaff.statusCode, adminOnOwner.statusCode, self.statusCode, cross.statusCode, crossPortal.statusCode, wrongKind.statusCode]).toEqual([403, 403, 409, 404, 404, 404]);
    expect([400, 404]).toContain(badId.statusCode);
    expect((await ownerSession.req('GET', '/api/staff/profile/two-factor')).json().enabled).toBe(true);
    expect((await staffSession.req('GET', '/api/staff/profile/two-factor')).json().enabled).toBe(true);
    expect(await audit(w.firm.id, 'two_factor.reset_by_admin')).toHaveLength(0);

    // The Team list shows who has it on; an admin may reset a staff member.
    const members = (await adminSession.req('GET', '/api/staff/staff')).json().items as { id: string; twoFactorOn: boolean }[];
    expect(members.find((m) => m.id === w.staff.id)?.twoFactorOn).toBe(true);
    expect(members.find((m) => m.id === admin.id)?.twoFactorOn).toBe(false);
    expect((await adminSession.req('POST', `/api/staff/staff/${w.staff.id}/two-factor/reset`)).statusCode).toBe(200);
    expect((await staffSession.req('GET', '/api/staff/session')).statusCode).toBe(401);
  });
});

describe('remember this device', () => {
  it('skips the code for 30 days on that device for that person only; a password change forgets it', async () => {
    const w = await createFirmWorld(t.db);
    const s = await asStaff(t, w.staff.email);
    const { secret } = await enrol(s, '/api/staff');
    const { pendingToken } = (await staffLogin(w.staff.email)).json();
    const done = await staffCode(pendingToken, codeAt(secret, 1), true);
    const setCookies = [done.headers['set-cookie']].flat().filter((c): c is string => typeof c === 'string');
    const device = setCookies.find((c) => c.startsWith('ll_device_staff='));
    expect(device).toMatch(/HttpOnly/i);
    expect(device).toMatch(/Max-Age=2592000/);
    const deviceCookie = device!.split(';')[0]!;

    const skipped = await staffLogin(w.staff.email, deviceCookie);
    expect(skipped.statusCode).toBe(200);
    // Bound to the person: another staff member of the firm with two-factor on still needs a code.
    const other = await createStaff(t.db, w.firm.id, { role: 'staff' });
    const os = await asStaff(t, other.email);
    await enrol(os, '/api/staff');
    expect((await staffLogin(other.email, deviceCookie)).statusCode).toBe(202);
    // A tampered signature is ignored.
    expect((await staffLogin(w.staff.email, `${deviceCookie.slice(0, -2)}xx`)).statusCode).toBe(202);

    const signedIn = sessionFor(t, cookieFrom(skipped), skipped.json().csrfToken);
    const changed = await signedIn.req('POST', '/api/staff/profile/password', { currentPassword: TEST_PASSWORD, newPassword: 'Ironbark-Creek-Morning-41' });
    expect(changed.statusCode).toBe(200);
    expect((await staffLogin(w.staff.email, deviceCookie, 'Ironbark-Creek-Morning-41')).statusCode).toBe(202);
  });
});

describe('the firm’s requirement', () => {
  it('staff without two-factor may only enrol, read the session and sign out until they do (403 otherwise)', async () => {
    const firm = await createFirm(t.db, { requireStaffTwoFactor: true });
    const staff = await createStaff(t.db, firm.id, { role: 'owner' });
    const login = await staffLogin(staff.email);
    expect(login.statusCode).toBe(200);
    expect(login.json().twoFactorEnrolmentRequired).toBe(true);
    const s = sessionFor(t, cookieFrom(login), login.json().csrfToken);

    const blocked = await s.req('GET', '/api/staff/clients');
    const blockedWrite = await s.req('PATCH', '/api/staff/firm', { requireStaffTwoFactor: false });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().detail ?? blocked.body).toMatch(/two-factor/i);
    expect(blockedWrite.statusCode).toBe(403);
    expect((await s.req('GET', '/api/staff/session')).json().twoFactorEnrolmentRequired).toBe(true);
    expect((await s.req('GET', '/api/staff/profile')).statusCode).toBe(200);

    await enrol(s, '/api/staff');
    expect((await s.req('GET', '/api/staff/clients')).statusCode).toBe(200);
    expect((await s.req('GET', '/api/staff/session')).json().twoFactorEnrolmentRequired).toBe(false);
    expect((await s.req('GET', '/api/staff/firm')).json()).toMatchObject({ requireStaffTwoFactor: true, requirePortalTwoFactor: false });
  });

  it('new firms require it for staff by default; the portal requirement is a firm setting, off by default', async () => {
    const [row] = await t.db.owner.execute(sql`insert into firms (slug, legal_name, display_name) values ('fresh-' || gen_random_uuid(), 'Fresh Pty Ltd', 'Fresh') returning require_staff_two_factor, require_portal_two_factor`).then((r) => (r as unknown as { rows: Record<string, unknown>[] }).rows ?? (r as unknown as Record<string, unknown>[]));
    expect(row).toMatchObject({ require_staff_two_factor: true, require_portal_two_factor: false });

    const w = await createFirmWorld(t.db);
    const owner = await asStaff(t, w.owner.email);
    const set = await owner.req('PATCH', '/api/staff/firm', { requirePortalTwoFactor: true });
    expect(set.statusCode).toBe(200);
    expect(set.json().requirePortalTwoFactor).toBe(true);

    const c = await asClient(t, w.firm.slug, w.person1.email);
    const base = `/api/portal/${w.firm.slug}`;
    expect((await c.req('GET', `${base}/documents`)).statusCode).toBe(403);
    expect((await c.req('GET', `${base}/session`)).json().twoFactorEnrolmentRequired).toBe(true);
    await enrol(c, base);
    expect((await c.req('GET', `${base}/documents`)).statusCode).toBe(200);
  });
});

describe('tenancy', () => {
  it('a pending sign-in from one firm’s portal does not finish on another’s; profile routes stay the person’s own', async () => {
    const a = await createFirmWorld(t.db, 'a');
    const b = await createFirmWorld(t.db, 'b');
    const ca = await asClient(t, a.firm.slug, a.person1.email);
    const { secret } = await enrol(ca, `/api/portal/${a.firm.slug}`);
    const challenge = await t.app.inject({ method: 'POST', url: `/api/portal/${a.firm.slug}/auth/login`, payload: { email: a.person1.email, password: TEST_PASSWORD } });
    expect(challenge.statusCode).toBe(202);
    const { pendingToken } = challenge.json();
    const elsewhere = await t.app.inject({ method: 'POST', url: `/api/portal/${b.firm.slug}/auth/login/two-factor`, payload: { pendingToken, code: codeAt(secret, 1) } });
    const asStaffStep = await staffCode(pendingToken, codeAt(secret, 1));
    const cross = await ca.req('GET', `/api/portal/${b.firm.slug}/profile/two-factor`);
    const home = await t.app.inject({ method: 'POST', url: `/api/portal/${a.firm.slug}/auth/login/two-factor`, payload: { pendingToken, code: codeAt(secret, 1) } });
    expect(elsewhere.statusCode).toBe(401);
    expect(asStaffStep.statusCode).toBe(401);
    expect(cross.statusCode).toBe(401);
    expect(home.statusCode).toBe(200);
    // Another person of the same firm sees their own (off) status.
    const other = await asClient(t, a.firm.slug, a.person2.email);
    expect((await other.req('GET', `/api/portal/${a.firm.slug}/profile/two-factor`)).json().enabled).toBe(false);
  });
});
