import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { expectedMigrationCount } from '../src/server/db/client.js';
import { asStaff, buildTestApp, createFirmWorld, createTestDatabase, TEST_PASSWORD, type TestApp } from './harness.js';

/** The HTTP edge: malformed input never reaches a 5xx, every answer carries the security headers. */

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function expectProblem(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toContain('application/problem+json');
  const body = res.json();
  expect(body).toMatchObject({ status, code, title: expect.any(String), type: expect.stringContaining('https://ledgerloom.com.au/problems/') });
  expect(body.requestId).toMatch(UUID);
  return body;
}

function expectSecurityHeaders(res: LightMyRequestResponse) {
  const csp = String(res.headers['content-security-policy']);
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("base-uri 'none'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['referrer-policy']).toBe('no-referrer');
}

describe('malformed requests', () => {
  it('an unknown route is a 404 problem with the request id, also echoed in x-request-id', async () => {
    const get = await t.app.inject({ method: 'GET', url: '/api/staff/nothing-here?x=1' });
    const post = await t.app.inject({ method: 'POST', url: '/api/nope', payload: {} });

    const body = expectProblem(get, 404, 'NOT_FOUND');
    expect(body.detail).toBe('There is nothing at GET /api/staff/nothing-here.');
    expect(get.headers['x-request-id']).toBe(body.requestId);
    expectProblem(post, 404, 'NOT_FOUND');
  });

  it('never trusts a request id sent by the client', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/nope', headers: { 'x-request-id': 'attacker-chosen' } });

    expect(res.headers['x-request-id']).toMatch(UUID);
    expect(res.body).not.toContain('attacker-chosen');
  });

  it('a body over 1 MB is 413, signed in or not', async () => {
    const world = await createFirmWorld(t.db);
    const s = await asStaff(t, world.owner.email);
    const huge = JSON.stringify({ email: 'a@example.com', password: 'x'.repeat(1024 * 1024) });

    const anonymous = await t.app.inject({ method: 'POST', url: '/api/staff/auth/login', headers: { 'content-type': 'application/json' }, payload: huge });
    const signedIn = await t.app.inject({ method: 'POST', url: '/api/staff/clients', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' }, payload: JSON.stringify({ type: 'individual', name: 'x'.repeat(1024 * 1024) }) });

    expectProblem(anonymous, 413, 'PAYLOAD_TOO_LARGE');
    expectProblem(signedIn, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('malformed JSON, an empty JSON body, a missing body and a __proto__ key are all 400', async () => {
    const login = (headers: Record<string, string>, payload?: string) => t.app.inject({ method: 'POST', url: '/api/staff/auth/login', headers, ...(payload !== undefined ? { payload } : {}) });

    const malformed = await login({ 'content-type': 'application/json' }, '{"email": "a@example.com", ');
    const empty = await login({ 'content-type': 'application/json' }, '');
    const missing = await login({});
    const proto = await login({ 'content-type': 'application/json' }, `{"email":"a@example.com","password":"${TEST_PASSWORD}","__proto__":{"isAdmin":true}}`);

    expectProblem(malformed, 400, 'VALIDATION');
    expectProblem(empty, 400, 'VALIDATION');
    expect(expectProblem(missing, 400, 'VALIDATION').errors).toEqual([expect.objectContaining({ path: 'body' })]);
    expectProblem(proto, 400, 'VALIDATION');
  });

  it('a non-uuid id is 400 naming params.id (once signed in; anonymous callers get 401 first)', async () => {
    const world = await createFirmWorld(t.db);
    const s = await asStaff(t, world.owner.email);

    const res = await s.req('GET', '/api/staff/clients/not-a-uuid');
    const sqlish = await s.req('PATCH', `/api/staff/clients/${encodeURIComponent("1' or '1'='1")}`, { version: 1 });
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/staff/clients/not-a-uuid' });

    expect(expectProblem(res, 400, 'VALIDATION').errors).toEqual([{ path: 'params.id', message: expect.any(String) }]);
    expect(expectProblem(sqlish, 400, 'VALIDATION').errors.map((e: { path: string }) => e.path)).toEqual(['params.id']);
    expectProblem(anonymous, 401, 'UNAUTHENTICATED');
  });

  it('a malformed percent-encoding in the path is a 400 problem, not a framework error', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/staff/clients/%E0%A4%A' });
    const root = await t.app.inject({ method: 'GET', url: '/api/%' });

    expectProblem(res, 400, 'VALIDATION');
    expectProblem(root, 400, 'VALIDATION');
    expect(res.body).not.toContain('FST_ERR');
    expectSecurityHeaders(res);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('garbage, oversized and oddly encoded cookies, query strings and paths never cause a 5xx', async () => {
    const world = await createFirmWorld(t.db);
    const requests: { method?: 'GET' | 'POST'; url: string; headers?: Record<string, string> }[] = [
      { url: '/api/staff/session', headers: { cookie: 'll_staff=garbage' } },
      { url: '/api/staff/session', headers: { cookie: `ll_staff=${'A'.repeat(43)}` } },
      { url: '/api/staff/session', headers: { cookie: `ll_staff=${'x'.repeat(64 * 1024)}` } },
      { url: '/api/staff/session', headers: { cookie: `${'k'.repeat(8000)}=${'v'.repeat(8000)}; ll_staff=%E0%A4%A` } },
      { url: '/api/staff/session', headers: { cookie: 'll_staff=%00%ff; ll_staff=again; =; ;;' } },
      { url: '/api/staff/session', headers: { cookie: 'll_staff="quoted\\"value"' } },
      { url: `/api/portal/${world.firm.slug}/dashboard`, headers: { cookie: `ll_portal_${world.firm.slug}=${'\u00e9'.repeat(50)}` } },
      { url: '/api/portal/UPPER_case!/dashboard' },
      { url: `/api/portal/${'a'.repeat(300)}/dashboard` },
      { url: '/api/public/firms/%2e%2e%2f%2e%2e%2fetc%2fpasswd' },
      { url: '/api/public/firms/x%00y' },
      { url: '/api/staff/clients?page=1&page=2' },
      { url: `/api/staff/clients/${'9'.repeat(250)}` },
      { method: 'POST', url: '/api/public/links/inspect', headers: { 'content-type': 'application/json; charset=utf-7' } },
    ];

    for (const r of requests) {
      const res = await t.app.inject({ method: r.method ?? 'GET', url: r.url, headers: r.headers ?? {}, ...(r.method === 'POST' ? { payload: '{"token":"x"}' } : {}) });
      expect(res.statusCode, `${r.url} ${JSON.stringify(r.headers ?? {}).slice(0, 80)} → ${res.body.slice(0, 200)}`).toBeLessThan(500);
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
    }
  });
});

describe('response headers', () => {
  it('every kind of answer carries the CSP, nosniff and no-referrer headers', async () => {
    const world = await createFirmWorld(t.db);
    const s = await asStaff(t, world.owner.email);

    const answers = [
      await s.req('GET', '/api/staff/clients'),
      await t.app.inject({ method: 'GET', url: '/api/staff/clients' }),
      await t.app.inject({ method: 'GET', url: '/api/nope' }),
      await t.app.inject({ method: 'POST', url: '/api/staff/auth/login', payload: { email: 'bad' } }),
      await t.app.inject({ method: 'GET', url: `/api/public/firms/${world.firm.slug}` }),
      await t.app.inject({ method: 'GET', url: '/healthz' }),
      await t.app.inject({ method: 'GET', url: '/app' }),
    ];

    for (const res of answers) expectSecurityHeaders(res);
  });

  it('API answers, signed in or not, successful or not, are Cache-Control: no-store', async () => {
    const world = await createFirmWorld(t.db);
    const s = await asStaff(t, world.owner.email);

    const answers = [
      await s.req('GET', '/api/staff/session'),
      await s.req('GET', '/api/staff/clients'),
      await s.req('GET', `/api/staff/clients/${world.client1.id}`),
      await t.app.inject({ method: 'GET', url: '/api/staff/session' }),
      await t.app.inject({ method: 'GET', url: '/api/staff/nope' }),
      await t.app.inject({ method: 'GET', url: `/api/public/firms/${world.firm.slug}` }),
      await t.app.inject({ method: 'POST', url: '/api/staff/auth/login', payload: { email: world.owner.email, password: TEST_PASSWORD } }),
    ];

    for (const res of answers) expect(res.headers['cache-control'], res.raw.req.url).toBe('no-store');
  });
});

describe('health', () => {
  it('/healthz and /readyz answer 200 with all migrations applied', async () => {
    const health = await t.app.inject({ method: 'GET', url: '/healthz' });
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });

    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', migrations: expectedMigrationCount() });
    expect(expectedMigrationCount()).toBeGreaterThanOrEqual(2);
  });

  it('when the database is gone: /readyz is 503, and API errors are generic with a reference, never a stack trace or SQL', async () => {
    const db = await createTestDatabase();
    const broken = await buildTestApp({ db });
    const world = await createFirmWorld(db);
    try {
      await db.close();

      const ready = await broken.app.inject({ method: 'GET', url: '/readyz' });
      const branding = await broken.app.inject({ method: 'GET', url: `/api/public/firms/${world.firm.slug}` });
      const session = await broken.app.inject({ method: 'GET', url: '/api/staff/session', headers: { cookie: `ll_staff=${'A'.repeat(43)}` } });

      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({ status: 'database unavailable' });
      for (const res of [branding, session]) {
        expect(res.statusCode).toBeGreaterThanOrEqual(500);
        const body = expectProblem(res, res.statusCode, res.statusCode === 503 ? 'UNAVAILABLE' : 'INTERNAL');
        expect(Object.keys(body).sort()).toEqual(['code', 'detail', 'requestId', 'status', 'title', 'type']);
        expect(body.detail).toContain(body.requestId);
        expect(res.body).not.toMatch(/\bat .+\(|\.ts:\d+|node_modules|select |from "|pglite|pool|Error:/i);
      }
    } finally {
      await broken.close();
    }
  });
});

describe('page addresses on a portal sub-domain', () => {
  it('an unknown page gets the portal app (its own not-found page); unknown API and asset paths stay JSON 404', async () => {
    const host = 'somefirm.localhost:3000';
    const page = await t.app.inject({ method: 'GET', url: '/no-such-page', headers: { host, accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('<meta name="ll-portal-slug" content="somefirm">');
    const api = await t.app.inject({ method: 'GET', url: '/api/nope', headers: { host } });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toContain('application/problem+json');
    const asset = await t.app.inject({ method: 'GET', url: '/assets/missing.js', headers: { host } });
    expect(asset.statusCode).toBe(404);
    const staffHost = await t.app.inject({ method: 'GET', url: '/no-such-page', headers: { host: 'localhost:3000' } });
    expect(staffHost.statusCode).toBe(404);
  });
});
