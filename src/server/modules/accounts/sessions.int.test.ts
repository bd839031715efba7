import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { asClient, asStaff, buildTestApp, createFirmWorld, type TestApp } from '../../../../test/harness.js';
import { sessions } from '../../db/schema/index.js';
import { describeUserAgent } from './sessions.service.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

async function sessionIds(firmId: string, userId: string) {
  return (await t.db.withFirm(firmId, (tx) => tx.select({ id: sessions.id }).from(sessions).where(and(eq(sessions.firmId, firmId), eq(sessions.userId, userId))))).map((r) => r.id);
}

describe('where you are signed in', () => {
  it('lists only my sessions, marks this one, ends one and all others; someone else’s session id is a 404', async () => {
    const w = await createFirmWorld(t.db);
    const laptop = await asClient(t, w.firm.slug, w.person1.email);
    const phone = await asClient(t, w.firm.slug, w.person1.email);
    const tablet = await asClient(t, w.firm.slug, w.person1.email);
    const other = await asClient(t, w.firm.slug, w.person2.email);
    const base = `/api/portal/${w.firm.slug}/profile/sessions`;

    const list = await laptop.req('GET', base);
    const items = list.json().items as { id: string; current: boolean; ip: string | null; browser: string; device: string; createdAt: string; lastSeenAt: string }[];
    const [otherSession] = await sessionIds(w.firm.id, w.person2.id);
    const stolen = await laptop.req('DELETE', `${base}/${otherSession}`);
    const phoneId = items.find((i) => !i.current)?.id;
    const endOne = await laptop.req('DELETE', `${base}/${phoneId}`);
    const endOthers = await laptop.req('POST', `${base}/end-others`);
    const after = (await laptop.req('GET', base)).json().items as unknown[];

    expect(list.statusCode).toBe(200);
    expect(items).toHaveLength(3);
    expect(items.filter((i) => i.current)).toHaveLength(1);
    expect(items[0]).toMatchObject({ ip: expect.any(String), browser: expect.any(String), device: expect.any(String) });
    expect(stolen.statusCode).toBe(404);
    expect(await sessionIds(w.firm.id, w.person2.id)).toHaveLength(1);
    expect((await other.req('GET', `/api/portal/${w.firm.slug}/profile`)).statusCode).toBe(200);
    expect(endOne.statusCode).toBe(200);
    expect(endOthers.json()).toEqual({ sessionsEnded: 1 });
    expect(after).toHaveLength(1);
    expect((await phone.req('GET', `/api/portal/${w.firm.slug}/profile`)).statusCode).toBe(401);
    expect((await tablet.req('GET', `/api/portal/${w.firm.slug}/profile`)).statusCode).toBe(401);
    expect((await laptop.req('GET', `/api/portal/${w.firm.slug}/profile`)).statusCode).toBe(200);
  });

  it('staff: the same page; a staff session cannot end a portal session by id', async () => {
    const w = await createFirmWorld(t.db);
    const s = await asStaff(t, w.staff.email);
    await asClient(t, w.firm.slug, w.person1.email);
    const [portalSession] = await sessionIds(w.firm.id, w.person1.id);
    const list = await s.req('GET', '/api/staff/profile/sessions');
    const cross = await s.req('DELETE', `/api/staff/profile/sessions/${portalSession}`);
    expect(list.json().items).toHaveLength(1);
    expect(list.json().items[0].current).toBe(true);
    expect(cross.statusCode).toBe(404);
  });

  it('owners and admins sign a portal user or a staff member out everywhere; staff cannot; another firm gets 404', async () => {
    const w = await createFirmWorld(t.db);
    const b = await createFirmWorld(t.db, 'b');
    const owner = await asStaff(t, w.owner.email);
    const staff = await asStaff(t, w.staff.email);
    const ownerB = await asStaff(t, b.owner.email);
    const c1 = await asClient(t, w.firm.slug, w.person1.email);
    await asClient(t, w.firm.slug, w.person1.email);

    const forbidden = await staff.req('POST', `/api/staff/portal-users/${w.person1.id}/sessions/end`);
    const crossFirm = await ownerB.req('POST', `/api/staff/portal-users/${w.person1.id}/sessions/end`);
    const crossFirmStaff = await ownerB.req('POST', `/api/staff/staff/${w.staff.id}/sessions/end`);
    const missing = await ownerB.req('POST', '/api/staff/portal-users/00000000-0000-4000-8000-000000000000/sessions/end');
    expect(await sessionIds(w.firm.id, w.person1.id)).toHaveLength(2);
    const ended = await owner.req('POST', `/api/staff/portal-users/${w.person1.id}/sessions/end`);
    const endedStaff = await owner.req('POST', `/api/staff/staff/${w.staff.id}/sessions/end`);

    expect(forbidden.statusCode).toBe(403);
    expect(crossFirm.statusCode).toBe(404);
    expect(crossFirmStaff.statusCode).toBe(404);
    expect(crossFirm.json().detail).toBe(missing.json().detail);
    expect(ended.json()).toEqual({ sessionsEnded: 2 });
    expect(endedStaff.json()).toEqual({ sessionsEnded: 1 });
    expect((await c1.req('GET', `/api/portal/${w.firm.slug}/profile`)).statusCode).toBe(401);
    expect((await staff.req('GET', '/api/staff/profile')).statusCode).toBe(401);
    expect((await owner.req('GET', '/api/staff/profile')).statusCode).toBe(200);
  });
});

describe('describeUserAgent', () => {
  it.each([
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36', 'Chrome', 'Windows'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1', 'Safari', 'iPhone'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14.1; rv:121.0) Gecko/20100101 Firefox/121.0', 'Firefox', 'Mac'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0', 'Edge', 'Windows'],
    ['Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36', 'Chrome', 'Android phone'],
    ['', 'Unknown browser', 'Unknown device'],
  ])('%s', (ua, browser, device) => {
    expect(describeUserAgent(ua)).toEqual({ browser, device });
  });
});
