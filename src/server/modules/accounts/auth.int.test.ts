import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import {
  asClient, asStaff, buildTestApp, cookieFrom, createClient, createFirmWorld, createPortalUser, createStaff, TEST_PASSWORD, type TestApp,
} from '../../../../test/harness.js';
import { queryRows } from '../../db/client.js';
import { hashPassword } from '../../platform/auth/passwords.js';
import { sha256Hex } from '../../platform/crypto/tokens.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

let ipSeq = 1;
/** A fresh client address per test, so the per-IP sign-in counter of one test never affects another. */
const nextIp = () => `10.20.${Math.floor(ipSeq / 250)}.${(ipSeq++ % 250) + 1}`;

const tokenOf = (cookie: string) => cookie.slice(cookie.indexOf('=') + 1);
/** A problem body without its per-request id, for "same answer" comparisons. */
const problem = (res: LightMyRequestResponse) => {
  const { requestId, ...rest } = res.json() as { requestId: string };
  expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
  return rest;
};

function staffLogin(email: string, password: string, ip = '127.0.0.1', headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'POST', url: '/api/staff/auth/login', remoteAddress: ip, headers, payload: { email, password } });
}
function portalLogin(slug: string, email: string, password: string, ip = '127.0.0.1') {
  return t.app.inject({ method: 'POST', url: `/api/portal/${slug}/auth/login`, remoteAddress: ip, payload: { email, password } });
}
const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });

async function sessionRow(cookie: string) {
  const [row] = await queryRows<{ id: string; user_id: string }>(t.db.owner, sql`select id, user_id from sessions where token_hash = ${sha256Hex(tokenOf(cookie))}`);
  return row;
}

describe('staff sign-in', () => {
  it('sets an HttpOnly, SameSite=Lax, Path=/ cookie whose value is stored only as a hash, and opens the session', async () => {
    const world = await createFirmWorld(t.db);

    const res = await staffLogin(world.owner.email, TEST_PASSWORD);

    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^ll_staff=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    expect(setCookie).toContain('Path=/');
    expect(setCookie).toContain(`Max-Age=${12 * 3600}`);
    const body = res.json();
    expect(body).toMatchObject({ user: { id: world.owner.id, email: world.owner.email, role: 'owner' }, firm: { id: world.firm.id, slug: world.firm.slug }, idleTimeoutSeconds: 1800 });
    const cookie = cookieFrom(res);
    const stored = await queryRows<{ token_hash: string }>(t.db.owner, sql`select token_hash from sessions where user_id = ${world.owner.id}`);
    expect(stored.map((r) => r.token_hash)).toEqual([sha256Hex(tokenOf(cookie))]);
    const session = await get('/api/staff/session', cookie);
    expect(session.statusCode).toBe(200);
    expect(session.json()).toMatchObject({ user: { id: world.owner.id }, csrfToken: body.csrfToken });
  });

  it('on https the session cookies are __Host- prefixed and Secure, and only those names are read', async () => {
    const world = await createFirmWorld(t.db);
    const secure = await buildTestApp({ db: t.db, config: { appBaseUrl: 'https://app.ledgerloom.example', portalDomain: 'portal.ledgerloom.example' } });
    try {
      const staff = await secure.app.inject({ method: 'POST', url: '/api/staff/auth/login', payload: { email: world.owner.email, password: TEST_PASSWORD } });
      const portal = await secure.app.inject({ method: 'POST', url: `/api/portal/${world.firm.slug}/auth/login`, payload: { email: world.person1.email, password: TEST_PASSWORD } });

      for (const [res, name] of [[staff, '__Host-ll_staff'], [portal, `__Host-ll_portal_${world.firm.slug}`]] as const) {
        const setCookie = String(res.headers['set-cookie']);
        expect(setCookie.startsWith(`${name}=`)).toBe(true);
        expect(setCookie).toContain('Secure');
        expect(setCookie).toContain('Path=/');
        expect(setCookie).not.toMatch(/Domain=/i);
      }
      const token = tokenOf(cookieFrom(staff));
      expect((await secure.app.inject({ method: 'GET', url: '/api/staff/session', headers: { cookie: `__Host-ll_staff=${token}` } })).statusCode).toBe(200);
      expect((await secure.app.inject({ method: 'GET', url: '/api/staff/session', headers: { cookie: `ll_staff=${token}` } })).statusCode).toBe(401);
    } finally {
      await secure.close();
    }
  });

  it('answers wrong password, unknown email, disabled and invited accounts with the same 401 and body, and sets no cookie', async () => {
    const world = await createFirmWorld(t.db);
    const disabled = await createStaff(t.db, world.firm.id, { role: 'staff', status: 'disabled' });
    const invited = await createStaff(t.db, world.firm.id, { role: 'staff', status: 'invited', passwordHash: null });

    const attempts = [
      await staffLogin(world.owner.email, 'Not-The-Right-Password-1', nextIp()),
      await staffLogin('nobody-at-all@example.com', TEST_PASSWORD, nextIp()),
      await staffLogin(disabled.email, TEST_PASSWORD, nextIp()),
      await staffLogin(invited.email, TEST_PASSWORD, nextIp()),
    ];

    const [first, ...rest] = attempts.map((r) => ({ status: r.statusCode, type: r.headers['content-type'], cookie: r.headers['set-cookie'], body: problem(r) }));
    expect(first).toEqual({ status: 401, type: 'application/problem+json; charset=utf-8', cookie: undefined, body: expect.objectContaining({ code: 'INVALID_CREDENTIALS' }) });
    for (const r of rest) expect(r).toEqual(first);
    const failures = await t.db.withFirm(world.firm.id, (tx) => queryRows<{ n: number }>(tx, sql`select count(*)::int as n from audit_log where action = 'login.failed'`));
    expect(failures[0]?.n).toBe(3); // the unknown e-mail has no firm to log against
  });

  it('after 10 failures on one account answers 429 with Retry-After, refuses even the right password, and lets it in once the window has passed', async () => {
    const world = await createFirmWorld(t.db);
    const ip = nextIp();
    for (let i = 0; i < 10; i++) {
      const res = await staffLogin(world.owner.email, `Wrong-Password-${i}-xyz`, ip);
      expect(res.statusCode).toBe(401);
    }

    const wrong = await staffLogin(world.owner.email, 'Wrong-Password-again', ip);
    const right = await staffLogin(world.owner.email, TEST_PASSWORD, nextIp()); // another address: the account key still holds

    for (const res of [wrong, right]) {
      expect(res.statusCode).toBe(429);
      expect(res.json().code).toBe('RATE_LIMITED');
      const retryAfter = Number(res.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    // Another account from the same address is not locked out.
    expect((await staffLogin(world.staff.email, TEST_PASSWORD, ip)).statusCode).toBe(200);

    await t.db.owner.execute(sql`update rate_limits set reset_at = now() - interval '1 second' where key = ${`login:staff:${world.owner.email}`}`);
    const later = await staffLogin(world.owner.email, TEST_PASSWORD, ip);
    expect(later.statusCode).toBe(200);
  });

  it('holds the 10-attempt limit under a burst of parallel guesses', async () => {
    const world = await createFirmWorld(t.db);

    const burst = await Promise.all(Array.from({ length: 25 }, (_, i) => staffLogin(world.owner.email, `Parallel-Guess-${i}-xyz`, nextIp())));

    const checked = burst.filter((r) => r.statusCode === 401).length;
    const throttled = burst.filter((r) => r.statusCode === 429).length;
    expect(checked + throttled).toBe(25);
    expect(checked).toBeLessThanOrEqual(10);
    expect((await staffLogin(world.owner.email, TEST_PASSWORD, nextIp())).statusCode).toBe(429);
  });

  it('refuses every sign-in from an address that is over its limit, without checking the password', async () => {
    const world = await createFirmWorld(t.db);
    const ip = nextIp();
    await t.db.owner.execute(sql`insert into rate_limits (key, count, reset_at) values (${`login:ip:${ip}`}, 100, now() + interval '10 minutes')`);

    const res = await staffLogin(world.owner.email, TEST_PASSWORD, ip);

    expect(res.statusCode).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(500);
    expect((await staffLogin(world.owner.email, TEST_PASSWORD, nextIp())).statusCode).toBe(200);
  });

  it('signing in from a browser that already holds a session issues a new id and ends the old one; other devices stay in', async () => {
    const world = await createFirmWorld(t.db);
    const otherDevice = await asStaff(t, world.owner.email);
    const before = await asStaff(t, world.staff.email); // e.g. a colleague who used this browser earlier

    const again = await staffLogin(world.owner.email, TEST_PASSWORD, nextIp(), { cookie: before.cookie });

    expect(again.statusCode).toBe(200);
    const after = cookieFrom(again);
    expect(after).not.toBe(before.cookie);
    expect((await get('/api/staff/session', before.cookie)).statusCode).toBe(401);
    expect(await sessionRow(before.cookie)).toBeUndefined();
    expect((await get('/api/staff/session', after)).json().user.id).toBe(world.owner.id);
    expect((await get('/api/staff/session', otherDevice.cookie)).statusCode).toBe(200);
  });

  it('a failed sign-in leaves the browser’s current session alone', async () => {
    const world = await createFirmWorld(t.db);
    const s = await asStaff(t, world.owner.email);

    const failed = await staffLogin(world.staff.email, 'Wrong-Password-123', nextIp(), { cookie: s.cookie });

    expect(failed.statusCode).toBe(401);
    expect((await get('/api/staff/session', s.cookie)).statusCode).toBe(200);
  });

  it('logout ends the session on the server: the old cookie is refused afterwards', async () => {
    const world = await createFirmWorld(t.db);
    const s = await asStaff(t, world.owner.email);
    expect((await get('/api/staff/session', s.cookie)).statusCode).toBe(200);

    const out = await s.req('POST', '/api/staff/auth/logout');

    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^ll_staff=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/);
    expect(await sessionRow(s.cookie)).toBeUndefined();
    const after = await get('/api/staff/session', s.cookie);
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('UNAUTHENTICATED');
    expect((await s.req('POST', '/api/staff/clients', { type: 'individual', name: 'After Logout' })).statusCode).toBe(401);
  });

  it('ends a session idle for more than 30 minutes, but not one idle for 29', async () => {
    const world = await createFirmWorld(t.db);
    const fresh = await asStaff(t, world.owner.email);
    const idle = await asStaff(t, world.owner.email);
    await t.db.owner.execute(sql`update sessions set last_seen_at = now() - interval '29 minutes' where token_hash = ${sha256Hex(tokenOf(fresh.cookie))}`);
    await t.db.owner.execute(sql`update sessions set last_seen_at = now() - interval '31 minutes' where token_hash = ${sha256Hex(tokenOf(idle.cookie))}`);

    const stillIn = await get('/api/staff/session', fresh.cookie);
    const timedOut = await get('/api/staff/session', idle.cookie);

    expect(stillIn.statusCode).toBe(200);
    expect(timedOut.statusCode).toBe(401);
    expect(await sessionRow(idle.cookie)).toBeUndefined();
    // Activity moved the idle clock forward for the live one.
    const [seen] = await queryRows<{ idle_s: number }>(t.db.owner, sql`select extract(epoch from now() - last_seen_at)::int as idle_s from sessions where token_hash = ${sha256Hex(tokenOf(fresh.cookie))}`);
    expect(seen?.idle_s).toBeLessThan(60);
  });

  it('ends a session past its absolute lifetime even while it is in use', async () => {
    const world = await createFirmWorld(t.db);
    const s = await asStaff(t, world.owner.email);
    await t.db.owner.execute(sql`update sessions set created_at = now() - interval '12 hours 1 minute', expires_at = now() - interval '1 minute', last_seen_at = now() where token_hash = ${sha256Hex(tokenOf(s.cookie))}`);

    const res = await get('/api/staff/session', s.cookie);

    expect(res.statusCode).toBe(401);
    expect(await sessionRow(s.cookie)).toBeUndefined();
  });

  it('refuses a mutation without the session’s CSRF token (403 CSRF) and writes nothing', async () => {
    const world = await createFirmWorld(t.db);
    const s = await asStaff(t, world.owner.email);
    const other = await asStaff(t, world.staff.email);
    const body = JSON.stringify({ type: 'individual', name: 'Forged Client' });

    const missing = await t.app.inject({ method: 'POST', url: '/api/staff/clients', headers: { cookie: s.cookie, 'content-type': 'application/json' }, payload: body });
    const foreign = await t.app.inject({ method: 'POST', url: '/api/staff/clients', headers: { cookie: s.cookie, 'x-csrf-token': other.csrf, 'content-type': 'application/json' }, payload: body });

    for (const res of [missing, foreign]) {
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('CSRF');
    }
    const list = await s.req('GET', '/api/staff/clients?q=Forged');
    expect(list.json().total).toBe(0);
    // The same request with the token goes through.
    expect((await s.req('POST', '/api/staff/clients', { type: 'individual', name: 'Forged Client' })).statusCode).toBe(201);
  });

  it('refuses a mutation from a foreign Origin with 403, even with a valid CSRF token; our own origins pass', async () => {
    const world = await createFirmWorld(t.db);
    const s = await asStaff(t, world.owner.email);
    const post = (origin: string) =>
      t.app.inject({
        method: 'POST', url: '/api/staff/clients',
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json', origin },
        payload: { type: 'individual', name: `From ${origin}` },
      });

    for (const origin of ['https://evil.example', 'null', 'http://localhost:3000.evil.example', 'https://localhost:3000']) {
      const res = await post(origin);
      expect(res.statusCode, origin).toBe(403);
      expect(res.json().code).toBe('CSRF');
    }
    const login = await staffLogin(world.owner.email, TEST_PASSWORD, nextIp(), { origin: 'https://evil.example' });
    expect(login.statusCode).toBe(403);
    expect(login.headers['set-cookie']).toBeUndefined();

    expect((await post('http://localhost:3000')).statusCode).toBe(201);
    expect((await post(`http://${world.firm.slug}.localhost:3000`)).statusCode).toBe(201);
    const list = await s.req('GET', '/api/staff/clients?q=From');
    expect(list.json().items.map((c: { name: string }) => c.name).sort()).toEqual([`From http://${world.firm.slug}.localhost:3000`, 'From http://localhost:3000']);
  });

  it('refuses text/plain and form bodies with 415 (a cross-site form cannot post JSON)', async () => {
    const world = await createFirmWorld(t.db);
    const s = await asStaff(t, world.owner.email);

    const plain = await t.app.inject({ method: 'POST', url: '/api/staff/clients', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'text/plain' }, payload: JSON.stringify({ type: 'individual', name: 'Plain' }) });
    const form = await t.app.inject({ method: 'POST', url: '/api/staff/auth/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `email=${encodeURIComponent(world.owner.email)}&password=${TEST_PASSWORD}` });

    for (const res of [plain, form]) {
      expect(res.statusCode).toBe(415);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    expect(form.headers['set-cookie']).toBeUndefined();
    expect((await s.req('GET', '/api/staff/clients?q=Plain')).json().total).toBe(0);
  });
});

describe('portal sign-in', () => {
  it('signs a client in to their firm’s portal with a per-firm cookie', async () => {
    const world = await createFirmWorld(t.db);

    const res = await portalLogin(world.firm.slug, world.person1.email, TEST_PASSWORD);

    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(new RegExp(`^ll_portal_${world.firm.slug}=[A-Za-z0-9_-]{43};`));
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    expect(setCookie).toContain('Path=/');
    expect(res.json()).toMatchObject({ user: { id: world.person1.id }, client: { id: world.client1.id, name: world.client1.name } });
    const session = await get(`/api/portal/${world.firm.slug}/session`, cookieFrom(res));
    expect(session.statusCode).toBe(200);
    expect(session.json().client.id).toBe(world.client1.id);
  });

  it('a portal session of firm A is refused on firm B’s portal, under either cookie name', async () => {
    const a = await createFirmWorld(t.db, 'a');
    const b = await createFirmWorld(t.db, 'b');
    const s = await asClient(t, a.firm.slug, a.person1.email);
    const token = tokenOf(s.cookie);

    const sameCookie = await get(`/api/portal/${b.firm.slug}/dashboard`, s.cookie);
    const renamed = await get(`/api/portal/${b.firm.slug}/dashboard`, `ll_portal_${b.firm.slug}=${token}`);
    const session = await get(`/api/portal/${b.firm.slug}/session`, `ll_portal_${b.firm.slug}=${token}`);
    const staffSide = await get('/api/staff/session', `ll_staff=${token}`);

    for (const res of [sameCookie, renamed, session, staffSide]) {
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('UNAUTHENTICATED');
      expect(res.body).not.toContain('marker-a');
    }
    expect((await get(`/api/portal/${a.firm.slug}/dashboard`, s.cookie)).statusCode).toBe(200);
  });

  it('firm A’s client credentials do not sign in on firm B’s portal (same 401 as an unknown address)', async () => {
    const a = await createFirmWorld(t.db, 'a');
    const b = await createFirmWorld(t.db, 'b');

    const crossed = await portalLogin(b.firm.slug, a.person1.email, TEST_PASSWORD, nextIp());
    const unknown = await portalLogin(b.firm.slug, 'nobody@example.com', TEST_PASSWORD, nextIp());

    expect(crossed.statusCode).toBe(401);
    expect(crossed.headers['set-cookie']).toBeUndefined();
    expect(problem(crossed)).toEqual(problem(unknown));
  });

  it('the same e-mail on two firms’ portals is two accounts with separate passwords and clients', async () => {
    const a = await createFirmWorld(t.db, 'a');
    const b = await createFirmWorld(t.db, 'b');
    const email = `shared-${Date.now()}@example.com`;
    const passwordB = 'Second-Firm-Password-31';
    const inA = await createPortalUser(t.db, a.firm.id, a.client1.id, { email });
    const clientB = await createClient(t.db, b.firm.id, { name: 'Shared Person’s B Client' });
    const inB = await createPortalUser(t.db, b.firm.id, clientB.id, { email, passwordHash: await hashPassword(passwordB) });
    expect(inA.id).not.toBe(inB.id);

    const aWithA = await portalLogin(a.firm.slug, email, TEST_PASSWORD, nextIp());
    const bWithA = await portalLogin(b.firm.slug, email, TEST_PASSWORD, nextIp());
    const bWithB = await portalLogin(b.firm.slug, email, passwordB, nextIp());
    const aWithB = await portalLogin(a.firm.slug, email, passwordB, nextIp());

    expect(aWithA.statusCode).toBe(200);
    expect(aWithA.json()).toMatchObject({ user: { id: inA.id }, client: { id: a.client1.id } });
    expect(bWithA.statusCode).toBe(401);
    expect(bWithB.statusCode).toBe(200);
    expect(bWithB.json()).toMatchObject({ user: { id: inB.id }, client: { id: clientB.id } });
    expect(aWithB.statusCode).toBe(401);
  });

  it('signing in again on the portal, or accepting an invitation, ends the session the browser held', async () => {
    const world = await createFirmWorld(t.db);
    const old = await asClient(t, world.firm.slug, world.person2.email);

    const again = await t.app.inject({ method: 'POST', url: `/api/portal/${world.firm.slug}/auth/login`, headers: { cookie: old.cookie }, payload: { email: world.person1.email, password: TEST_PASSWORD } });

    expect(again.statusCode).toBe(200);
    expect((await get(`/api/portal/${world.firm.slug}/dashboard`, old.cookie)).statusCode).toBe(401);
    const now = cookieFrom(again);
    expect((await get(`/api/portal/${world.firm.slug}/dashboard`, now)).json().client.id).toBe(world.client1.id);

    const staff = await asStaff(t, world.owner.email);
    const invited = (await staff.req('POST', `/api/staff/clients/${world.client1.id}/portal-users`, { name: 'Second Person', email: `second-${Date.now()}@example.com` })).json();
    await t.flushMail();
    const mail = await t.mailCatcher!.waitFor((m) => m.to.includes(invited.email));
    const token = /#token=([A-Za-z0-9_-]{43})/.exec(mail.text)?.[1] ?? '';
    const accept = await t.app.inject({ method: 'POST', url: '/api/public/invitations/accept', headers: { cookie: now }, payload: { token, password: 'Lemon-Myrtle-Garden-64' } });

    expect(accept.statusCode).toBe(200);
    expect((await get(`/api/portal/${world.firm.slug}/dashboard`, now)).statusCode).toBe(401);
    expect((await get(`/api/portal/${world.firm.slug}/session`, cookieFrom(accept))).json().user.id).toBe(invited.id);
  });

  it('portal logout ends that session only', async () => {
    const world = await createFirmWorld(t.db);
    const phone = await asClient(t, world.firm.slug, world.person1.email);
    const laptop = await asClient(t, world.firm.slug, world.person1.email);

    const out = await phone.req('POST', `/api/portal/${world.firm.slug}/auth/logout`);

    expect(out.statusCode).toBe(204);
    expect((await get(`/api/portal/${world.firm.slug}/dashboard`, phone.cookie)).statusCode).toBe(401);
    expect((await get(`/api/portal/${world.firm.slug}/dashboard`, laptop.cookie)).statusCode).toBe(200);
  });
});
