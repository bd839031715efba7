import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { ServiceRequestDto } from '../../../contracts/service-requests.js';
import { queryRows } from '../../db/client.js';
import { asClient, asStaff, buildTestApp, createFirmWorld, type Session, type TestApp } from '../../../../test/harness.js';
import { templateId, workWorld, type WorkWorld } from '../../../../test/work-fixtures.js';

let t: TestApp;
let w: WorkWorld;
let other: WorkWorld;
let alex: Session;
const portal = (path = '') => `/api/portal/${w.firm.slug}/service-requests${path}`;

beforeAll(async () => {
  t = await buildTestApp();
  w = await workWorld(t, 'sr');
  other = await workWorld(t, 'sr-b');
  alex = await asClient(t, w.firm.slug, w.person1.email);
});
afterAll(async () => t.close());
beforeEach(async () => {
  await t.db.owner.execute(sql`delete from rate_limits where key like 'service-requests:%' or key like 'messages:%'`);
});

async function request(body: Record<string, unknown> = {}): Promise<ServiceRequestDto> {
  const res = await alex.req('POST', portal(), { templateId: null, description: 'We are buying a second café and need advice on the structure.', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as ServiceRequestDto;
}

describe('Request Service', () => {
  it('offers the firm’s services then “Something else”; a request is Submitted, encrypted at rest, and the firm is told without the text', async () => {
    const options = (await alex.req('GET', portal('/options'))).json() as { categories: { templateId: string | null; label: string }[] };
    expect(options.categories.at(-1)).toEqual({ templateId: null, label: 'Something else' });
    expect(options.categories.map((c) => c.label)).toContain('BAS Preparation');
    const r = await request({ templateId: templateId(w, 'BAS Preparation') });
    expect(r).toMatchObject({ status: 'submitted', category: 'BAS Preparation', client: { id: w.client1.id }, threadId: null, serviceId: null });
    const [row] = await queryRows<{ description: Buffer }>(t.db.owner, sql`select description from service_requests where id = ${r.id}`);
    expect(Buffer.from(row?.description ?? []).toString('latin1')).not.toContain('second café');
    const mails = await queryRows<{ text_body: string }>(t.db.owner, sql`select text_body from outbox_emails where idempotency_key like ${`service-request:${r.id}:%`}`);
    expect(mails.length).toBeGreaterThan(0);
    expect(mails.every((m) => !m.text_body.includes('second café'))).toBe(true);
    expect(((await alex.req('GET', portal())).json() as { items: ServiceRequestDto[] }).items.map((i) => i.id)).toContain(r.id);
  });

  it('bad input is 400 with the reason; the sixth request in an hour is 429', async () => {
    expect((await alex.req('POST', portal(), { templateId: null, description: '   ' })).json().detail).toMatch(/is empty/);
    expect((await alex.req('POST', portal(), { templateId: templateId(other, 'BAS Preparation'), description: 'x' })).statusCode).toBe(400);
    expect((await alex.req('POST', portal(), { templateId: null, description: 'x', attachmentIds: ['00000000-0000-4000-8000-000000000000'] })).statusCode).toBe(400);
    expect((await alex.req('POST', portal(), { description: 'x' })).statusCode).toBe(400);
    // Attempts the server had to look into count too (no probing for free); start the hour afresh.
    await t.db.owner.execute(sql`delete from rate_limits where key like 'service-requests:%'`);
    for (let i = 0; i < 5; i++) await request();
    const over = await alex.req('POST', portal(), { templateId: null, description: 'One more' });
    expect(over.statusCode).toBe(429);
    expect(over.headers['retry-after']).toBeDefined();
  });
});

describe('staff', () => {
  it('reply starts a conversation (In discussion); accept makes one service even on a double click; the client sees Accepted and is e-mailed', async () => {
    const r = await request();
    const list = (await w.owner$.req('GET', '/api/staff/service-requests?status=submitted')).json() as { items: ServiceRequestDto[]; openCount: number };
    expect(list.items.map((i) => i.id)).toContain(r.id);
    expect(list.openCount).toBeGreaterThan(0);
    const replied = await w.owner$.req('POST', `/api/staff/service-requests/${r.id}/reply`, { version: r.version, body: 'Happy to help — can you send last year’s accounts?' });
    expect(replied.statusCode, replied.body).toBe(200);
    const afterReply = replied.json() as ServiceRequestDto;
    expect(afterReply).toMatchObject({ status: 'in_discussion', threadId: expect.any(String) });
    expect((await alex.req('GET', `/api/portal/${w.firm.slug}/threads/${afterReply.threadId}`)).json()).toMatchObject({ subject: 'Your request: Something else' });

    const accept = { version: afterReply.version, templateId: templateId(w, 'BAS Preparation'), name: 'Structure advice' };
    const [a, b] = await Promise.all([1, 2].map(() => w.owner$.req('POST', `/api/staff/service-requests/${r.id}/accept`, accept)));
    const codes = [a?.statusCode, b?.statusCode].sort();
    expect(codes).toEqual([200, 409]);
    const accepted = (a?.statusCode === 200 ? a : b)?.json() as ServiceRequestDto;
    expect(accepted).toMatchObject({ status: 'accepted', serviceId: expect.any(String) });
    const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(t.db.owner, sql`select count(*)::int as n from services where name = 'Structure advice' and client_id = ${w.client1.id}`);
    expect(n).toBe(1);
    const mine = ((await alex.req('GET', portal())).json() as { items: ServiceRequestDto[] }).items.find((i) => i.id === r.id);
    expect(mine).toMatchObject({ status: 'accepted', serviceId: accepted.serviceId });
    const [mail] = await queryRows<{ subject: string }>(t.db.owner, sql`select subject from outbox_emails where idempotency_key = ${`service-request-accepted:${r.id}`}`);
    expect(mail?.subject).toBe('Your service request was accepted');
    expect((await w.owner$.req('POST', `/api/staff/service-requests/${r.id}/decline`, { version: accepted.version, reason: 'x' })).statusCode).toBe(409);
  });

  it('decline needs a reason the client then sees; a stale version is 409; a template that is not the firm’s leaves the request open', async () => {
    const r = await request();
    expect((await w.owner$.req('POST', `/api/staff/service-requests/${r.id}/decline`, { version: r.version, reason: '' })).statusCode).toBe(400);
    expect((await w.owner$.req('POST', `/api/staff/service-requests/${r.id}/decline`, { version: r.version + 1, reason: 'x' })).statusCode).toBe(409);
    const bad = await w.owner$.req('POST', `/api/staff/service-requests/${r.id}/accept`, { version: r.version, templateId: templateId(other, 'BAS Preparation') });
    expect(bad.statusCode).toBe(400);
    expect((await w.owner$.req('GET', `/api/staff/service-requests/${r.id}`)).json()).toMatchObject({ status: 'submitted', version: r.version });
    const declined = await w.owner$.req('POST', `/api/staff/service-requests/${r.id}/decline`, { version: r.version, reason: 'We do not advise on property purchases.' });
    expect(declined.statusCode, declined.body).toBe(200);
    const mine = ((await alex.req('GET', portal())).json() as { items: ServiceRequestDto[] }).items.find((i) => i.id === r.id);
    expect(mine).toMatchObject({ status: 'declined', declineReason: 'We do not advise on property purchases.' });
  });

  it('a client who turned "Updates on my service requests" off gets no e-mail about a decision (the portal still shows it)', async () => {
    const prefs = `/api/portal/${w.firm.slug}/profile/notifications`;
    expect((await alex.req('PUT', prefs, { items: [{ event: 'service_request_update', channel: 'off' }] })).statusCode).toBe(200);
    try {
      const r = await request();
      const declined = await w.owner$.req('POST', `/api/staff/service-requests/${r.id}/decline`, { version: r.version, reason: 'Not something we do.' });
      expect(declined.statusCode, declined.body).toBe(200);
      const [row] = await t.db.withFirm(w.firm.id, (tx) => queryRows<{ n: number }>(tx, sql`select count(*)::int as n from outbox_emails where idempotency_key = ${`service-request-declined:${r.id}`}`));
      expect(row?.n).toBe(0);
      const mine = ((await alex.req('GET', portal())).json() as { items: ServiceRequestDto[] }).items.find((i) => i.id === r.id);
      expect(mine?.status).toBe('declined');
    } finally {
      await alex.req('PUT', prefs, { items: [{ event: 'service_request_update', channel: 'immediately' }] });
    }
  });

  it('another firm and another client see nothing and change nothing', async () => {
    const r = await request();
    for (const [method, path, body] of [['GET', '', undefined], ['POST', '/reply', { version: 1, body: 'x' }], ['POST', '/accept', { version: 1, templateId: templateId(other, 'BAS Preparation') }], ['POST', '/decline', { version: 1, reason: 'x' }]] as const) {
      expect((await other.owner$.req(method, `/api/staff/service-requests/${r.id}${path}`, body)).statusCode).toBe(404);
    }
    const bob = await asClient(t, w.firm.slug, w.person2.email);
    expect(((await bob.req('GET', portal())).json() as { items: ServiceRequestDto[] }).items.map((i) => i.id)).not.toContain(r.id);
    expect(((await other.owner$.req('GET', '/api/staff/service-requests')).json() as { items: ServiceRequestDto[] }).items).toEqual([]);
    expect((await w.owner$.req('GET', `/api/staff/service-requests/${r.id}`)).json()).toMatchObject({ status: 'submitted' });
  });
});

describe('a brand-new firm', () => {
  it('offers its default services in Request Service before anyone at the firm has opened the templates; archived ones are not offered', async () => {
    const fresh = await createFirmWorld(t.db, 'sr-new');
    const before = await queryRows<{ n: number }>(t.db.owner, sql`select count(*)::int as n from service_templates where firm_id = ${fresh.firm.id}`);
    expect(before[0]?.n).toBe(0);
    const client$ = await asClient(t, fresh.firm.slug, fresh.person1.email);
    const res = await client$.req('GET', `/api/portal/${fresh.firm.slug}/service-requests/options`);
    expect(res.statusCode, res.body).toBe(200);
    const labels = (res.json() as { categories: { templateId: string | null; label: string }[] }).categories.map((c) => c.label);
    expect(labels).toContain('BAS Preparation');
    expect(labels.at(-1)).toBe('Something else');
    // The same templates the staff side sees (seeded once, not twice).
    const staff$ = await asStaff(t, fresh.owner.email);
    const staffNames = ((await staff$.req('GET', '/api/staff/templates')).json() as { items: { name: string }[] }).items.map((x) => x.name);
    expect(labels.slice(0, -1)).toEqual(staffNames);
    await t.db.owner.execute(sql`update service_templates set archived = true where firm_id = ${fresh.firm.id} and name = 'BAS Preparation'`);
    const after = (await client$.req('GET', `/api/portal/${fresh.firm.slug}/service-requests/options`)).json() as { categories: { label: string }[] };
    expect(after.categories.map((c) => c.label)).not.toContain('BAS Preparation');
    expect(after.categories.length).toBe(labels.length - 1);
  });
});
