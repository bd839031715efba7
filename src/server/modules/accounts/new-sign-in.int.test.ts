import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import { asStaff, buildTestApp, createFirmWorld, TEST_PASSWORD, type TestApp } from '../../../../test/harness.js';
import { queryRows } from '../../db/client.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

const WINDOWS_CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const IPHONE_SAFARI = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';

function login(url: string, email: string, o: { seen?: string; ua?: string; ip?: string } = {}) {
  return t.app.inject({
    method: 'POST', url, remoteAddress: o.ip ?? '203.0.113.7', payload: { email, password: TEST_PASSWORD },
    headers: { 'user-agent': o.ua ?? WINDOWS_CHROME, ...(o.seen ? { cookie: o.seen } : {}) },
  });
}
const staffLogin = (email: string, o: { seen?: string; ua?: string; ip?: string } = {}) => login('/api/staff/auth/login', email, o);

/** The "seen" cookie the reply set, as the browser would send it back. */
function seenFrom(res: LightMyRequestResponse): string {
  const set = res.headers['set-cookie'];
  const found = (Array.isArray(set) ? set : [set]).find((c) => typeof c === 'string' && /^ll_seen_/.test(c));
  if (!found) throw new Error(`no seen cookie: ${String(set)}`);
  return found.split(';')[0] ?? '';
}
async function notices(firmId: string, to: string) {
  return t.db.withFirm(firmId, (tx) => queryRows<{ subject: string }>(tx, sql`select subject from outbox_emails where firm_id = ${firmId} and to_address = ${to} and kind = 'new_sign_in'`));
}

describe('new sign-in notice', () => {
  it('a first-ever sign-in sends none; the same browser again sends none; a new browser sends one, over SMTP, naming the browser, device and IP', async () => {
    const w = await createFirmWorld(t.db);
    const first = await staffLogin(w.staff.email);
    expect(first.statusCode).toBe(200);
    const cookie = seenFrom(first);
    expect(String(first.headers['set-cookie'])).toMatch(/ll_seen_staff=[A-Za-z0-9_-]{22}; Max-Age=34560000; Path=\/; HttpOnly; SameSite=Lax/);
    expect(await notices(w.firm.id, w.staff.email)).toHaveLength(0);

    expect((await staffLogin(w.staff.email, { seen: cookie })).statusCode).toBe(200);
    expect(await notices(w.firm.id, w.staff.email)).toHaveLength(0);

    const elsewhere = await staffLogin(w.staff.email, { ua: IPHONE_SAFARI, ip: '198.51.100.23' });
    expect(elsewhere.statusCode).toBe(200);
    expect(await notices(w.firm.id, w.staff.email)).toEqual([{ subject: 'New sign-in to your Ledger Loom account' }]);
    await t.flushMail();
    const mail = await t.mailCatcher!.waitFor((m) => m.to.includes(w.staff.email) && m.subject === 'New sign-in to your Ledger Loom account');
    expect(mail.text).toContain('Safari on iPhone, IP address 198.51.100.23');
    expect(mail.text).toContain('http://localhost:3000/app/profile');
    expect(mail.headers['list-unsubscribe']).toBeUndefined(); // a security notice: no way to turn it off

    // That browser is now known too.
    expect((await staffLogin(w.staff.email, { ua: IPHONE_SAFARI, seen: seenFrom(elsewhere) })).statusCode).toBe(200);
    expect(await notices(w.firm.id, w.staff.email)).toHaveLength(1);
  });

  it('one browser remembers several people; another person’s, a forged or a garbage cookie does not count as seen and is not an error', async () => {
    const w = await createFirmWorld(t.db);
    await asStaff(t, w.owner.email);
    await asStaff(t, w.staff.email); // both have signed in before
    const a = await staffLogin(w.owner.email);
    expect(await notices(w.firm.id, w.owner.email)).toHaveLength(1);
    const b = await staffLogin(w.staff.email, { seen: seenFrom(a) });
    expect(await notices(w.firm.id, w.staff.email)).toHaveLength(1); // the owner's entry does not vouch for the staff member
    const both = seenFrom(b);
    expect(both.split('=')[1]?.split('.')).toHaveLength(2);
    await staffLogin(w.owner.email, { seen: both });
    await staffLogin(w.staff.email, { seen: both });
    expect(await notices(w.firm.id, w.owner.email)).toHaveLength(1);
    expect(await notices(w.firm.id, w.staff.email)).toHaveLength(1);

    for (const junk of ['ll_seen_staff=AAAAAAAAAAAAAAAAAAAAAA', `ll_seen_staff=${'x.'.repeat(2000)}`, 'll_seen_staff=%00%ff', 'll_seen_staff=']) {
      const res = await staffLogin(w.owner.email, { seen: junk });
      expect(res.statusCode).toBe(200);
      expect(seenFrom(res).length).toBeLessThan(200);
    }
    expect(await notices(w.firm.id, w.owner.email)).toHaveLength(5);
  });

  it('portal: per firm portal, the firm’s name in the subject and a link to the portal profile', async () => {
    const w = await createFirmWorld(t.db);
    const url = `/api/portal/${w.firm.slug}/auth/login`;
    const first = await login(url, w.person1.email);
    expect(first.statusCode).toBe(200);
    expect(seenFrom(first)).toMatch(new RegExp(`^ll_seen_portal_${w.firm.slug}=`));
    await login(url, w.person1.email, { seen: seenFrom(first) });
    expect(await notices(w.firm.id, w.person1.email)).toHaveLength(0);
    await login(url, w.person1.email, { ua: IPHONE_SAFARI });
    expect(await notices(w.firm.id, w.person1.email)).toEqual([{ subject: `New sign-in to your ${w.firm.displayName} portal account` }]);
    await t.flushMail();
    const mail = await t.mailCatcher!.waitFor((m) => m.to.includes(w.person1.email) && /New sign-in/.test(m.subject));
    expect(mail.text).toMatch(new RegExp(`(${w.firm.slug}\\.localhost:3000|/portal/${w.firm.slug})/profile`));
  });

  it('with two-factor on: nothing at the password step, the notice once the code is accepted', async () => {
    const w = await createFirmWorld(t.db);
    const s = await asStaff(t, w.staff.email);
    const started = await s.req('POST', '/api/staff/profile/two-factor/enrol');
    const { secret } = started.json() as { secret: string };
    const code = (offset: number) => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: Date.now() + offset * 30_000 });
    expect((await s.req('POST', '/api/staff/profile/two-factor/confirm', { code: code(0) })).statusCode).toBe(200);

    const challenge = await staffLogin(w.staff.email, { ua: IPHONE_SAFARI });
    expect(challenge.statusCode).toBe(202);
    expect(await notices(w.firm.id, w.staff.email)).toHaveLength(0);
    // The enrolment used this step's code: the next step's is accepted (±1 step).
    const done = await t.app.inject({ method: 'POST', url: '/api/staff/auth/login/two-factor', headers: { 'user-agent': IPHONE_SAFARI }, payload: { pendingToken: challenge.json().pendingToken, code: code(1) } });
    expect(done.statusCode).toBe(200);
    expect(await notices(w.firm.id, w.staff.email)).toHaveLength(1);
    expect(seenFrom(done)).toMatch(/^ll_seen_staff=/);
  });
});
