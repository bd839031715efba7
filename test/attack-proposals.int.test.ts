/**
 * Adversarial probes of proposals, e-signature, service-request proposals and Profile: other firms'
 * and other clients' ids, replayed and malformed tokens, CSRF, OTP brute force, bad signature images,
 * absurd input and double submits. Every answer must be a clear 4xx, never a 500, nothing half-written.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import type { ProposalDetail } from '../src/contracts/proposals.js';
import { queryRows } from '../src/server/db/client.js';
import { signatureDataUrl, signaturePng } from '../src/server/modules/proposals/signature-png.js';
import { asClient, buildTestApp, createClient, createPortalUser, tokenFromEmail, TEST_PASSWORD, type Session, type TestApp } from './harness.js';
import { templateId, workWorld, type WorkWorld } from './work-fixtures.js';

let t: TestApp;
let w: WorkWorld;
let other: WorkWorld;
let alex: Session; // person1, client1
let pat2: Session; // person2, client2 (same firm)

const future = (days = 30) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const item = { description: 'Advice', kind: 'one_off', quantityMilli: 1000, unitPriceCents: 100_00 };
const body = (over: Record<string, unknown> = {}) => ({ clientId: w.client1.id, title: 'Probe', items: [item], signers: [{ portalUserId: w.person1.id }], expiresOn: future(), ...over });
const sign = (version: number, over: Record<string, unknown> = {}) => ({ consent: true, fullName: 'Alex Signer', signature: signatureDataUrl(), chosenOptionalItemIds: [], proposalVersion: version, ...over });

function no5xx(label: string, res: LightMyRequestResponse) {
  expect(res.statusCode, `${label}: ${res.body.slice(0, 400)}`).toBeLessThan(500);
  if (res.statusCode >= 400) expect(res.json().detail ?? res.json().title, label).toBeTruthy();
}

async function draft(over: Record<string, unknown> = {}): Promise<ProposalDetail> {
  const res = await w.owner$.req('POST', '/api/staff/proposals', body(over));
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as ProposalDetail;
}
async function send(p: ProposalDetail): Promise<ProposalDetail> {
  const res = await w.owner$.req('POST', `/api/staff/proposals/${p.id}/send`, { version: p.version });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as ProposalDetail;
}
async function tokenFor(email: string): Promise<string> {
  const [m] = await queryRows<{ text_body: string }>(t.db.owner, sql`select text_body from outbox_emails where to_address = ${email.toLowerCase()} and kind in ('proposal_sent', 'proposal_reminder') order by created_at desc limit 1`);
  return tokenFromEmail(m?.text_body ?? '');
}
async function openLink(token: string) {
  const res = await t.app.inject({ method: 'POST', url: '/api/public/signing/open', payload: { token } });
  const cookie = res.statusCode === 200 ? (String(res.headers['set-cookie']).split(';')[0] ?? '') : '';
  const csrf = res.statusCode === 200 ? (res.json() as { csrfToken: string }).csrfToken : '';
  const req = (method: 'GET' | 'POST', path: string, payload?: unknown, headers: Record<string, string> = { cookie, 'x-csrf-token': csrf }) =>
    t.app.inject({ method, url: `/api/public/signing${path}`, headers: { ...headers, ...(payload !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(payload !== undefined ? { payload: JSON.stringify(payload) } : {}) });
  return { res, req, cookie, csrf };
}

beforeAll(async () => {
  t = await buildTestApp();
  w = await workWorld(t, 'atk');
  other = await workWorld(t, 'atk-b');
  alex = await asClient(t, w.firm.slug, w.person1.email);
  pat2 = await asClient(t, w.firm.slug, w.person2.email);
});
afterAll(async () => t.close());
beforeEach(async () => {
  await t.db.owner.execute(sql`delete from rate_limits`);
});

describe('tenancy', () => {
  it('other firm ids on staff, portal and request routes are 404 with no data', async () => {
    const p = await send(await draft());
    const o = other.owner$;
    for (const [m, path, b] of [['GET', '', undefined], ['PATCH', '', { version: 1, title: 'x' }], ['POST', '/send', { version: 1 }], ['POST', '/withdraw', { version: 2 }], ['POST', '/revise', { version: 2 }], ['GET', '/pdf', undefined]] as const) {
      const res = await o.req(m, `/api/staff/proposals/${p.id}${path}`, b);
      no5xx(`other firm ${m} ${path}`, res);
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('Probe');
    }
    const list = await o.req('GET', `/api/staff/proposals?clientId=${w.client1.id}`);
    expect(list.json().items).toEqual([]);
    // Other firm's client as the proposal's client, or its portal user as a signer.
    no5xx('other firm client', await o.req('POST', '/api/staff/proposals', { ...body(), clientId: w.client1.id, signers: [{ name: 'x', email: 'x@example.com' }] }));
    const sig = await o.req('POST', '/api/staff/proposals', { ...body(), clientId: other.client1.id, signers: [{ portalUserId: w.person1.id }] });
    no5xx('other firm portal user as signer', sig);
    expect(sig.statusCode).toBe(400);
    // Other firm's service template on an item.
    const tpl = await o.req('POST', '/api/staff/proposals', { ...body(), clientId: other.client1.id, signers: [{ portalUserId: other.person1.id }], items: [{ ...item, serviceTemplateId: templateId(w, 'BAS Preparation') }] });
    no5xx('other firm template', tpl);
    expect(tpl.statusCode).toBe(400);
    // Other firm's portal: the slug is a different firm's; alex's cookie there.
    const cross = await t.app.inject({ method: 'GET', url: `/api/portal/${other.firm.slug}/proposals/${p.id}`, headers: { cookie: alex.cookie } });
    no5xx('alex cookie on other portal', cross);
    expect(cross.statusCode).toBeGreaterThanOrEqual(401);
    const otherClient = await asClient(t, other.firm.slug, other.person1.email);
    for (const [m, path, b] of [['GET', '', undefined], ['POST', '/accept', sign(1)], ['POST', '/decline', { reason: '', proposalVersion: 1 }]] as const) {
      const res = await otherClient.req(m, `/api/portal/${other.firm.slug}/proposals/${p.id}${path}`, b);
      no5xx(`other firm portal ${m} ${path}`, res);
      expect(res.statusCode).toBe(404);
    }
    // Same firm, other client.
    for (const [m, path, b] of [['GET', '', undefined], ['POST', '/accept', sign(1)], ['POST', '/decline', { reason: '', proposalVersion: 1 }]] as const) {
      const res = await pat2.req(m, `/api/portal/${w.firm.slug}/proposals/${p.id}${path}`, b);
      no5xx(`other client ${m} ${path}`, res);
      expect(res.statusCode).toBe(404);
    }
    expect((await pat2.req('GET', `/api/portal/${w.firm.slug}/proposals`)).json().items.find((i: { id: string }) => i.id === p.id)).toBeUndefined();
    // Service request of another firm.
    const r = await alex.req('POST', `/api/portal/${w.firm.slug}/service-requests`, { templateId: null, description: 'Help me' });
    expect(r.statusCode, r.body).toBe(201);
    const pr = await o.req('POST', `/api/staff/service-requests/${r.json().id}/propose`, { version: r.json().version });
    no5xx('other firm propose', pr);
    expect(pr.statusCode).toBe(404);
  });

  it('a client user of the same client who is not a signer may read but not sign (403)', async () => {
    const coUser = await createPortalUser(t.db, w.firm.id, w.client1.id, { name: 'Co User' });
    const co = await asClient(t, w.firm.slug, coUser.email);
    const p = await send(await draft());
    const read = await co.req('GET', `/api/portal/${w.firm.slug}/proposals/${p.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json().canSign).toBe(false);
    const acc = await co.req('POST', `/api/portal/${w.firm.slug}/proposals/${p.id}/accept`, sign(1));
    no5xx('non-signer accept', acc);
    expect(acc.statusCode).toBe(403);
    const dec = await co.req('POST', `/api/portal/${w.firm.slug}/proposals/${p.id}/decline`, { reason: 'no', proposalVersion: 1 });
    expect(dec.statusCode).toBe(403);
    // A draft is not visible in the portal.
    const d = await draft();
    expect((await alex.req('GET', `/api/portal/${w.firm.slug}/proposals/${d.id}`)).statusCode).toBe(404);
    expect((await alex.req('POST', `/api/portal/${w.firm.slug}/proposals/${d.id}/accept`, sign(1))).statusCode).toBe(404);
  });
});

describe('drafts: bad input', () => {
  it('prices, quantities, items, text, expiry, signers: every answer a 4xx', async () => {
    const cases: [string, Record<string, unknown>][] = [
      ['NaN price', { items: [{ ...item, unitPriceCents: 'NaN' }] }],
      ['float price', { items: [{ ...item, unitPriceCents: 1.5 }] }],
      ['huge price', { items: [{ ...item, unitPriceCents: 1e300 }] }],
      ['neg qty', { items: [{ ...item, quantityMilli: -1000 }] }],
      ['zero qty', { items: [{ ...item, quantityMilli: 0 }] }],
      ['float qty', { items: [{ ...item, quantityMilli: 0.5 }] }],
      ['huge qty', { items: [{ ...item, quantityMilli: Number.MAX_SAFE_INTEGER }] }],
      ['price string', { items: [{ ...item, unitPriceCents: '100' }] }],
      ['51 items', { items: Array.from({ length: 51 }, () => item) }],
      ['1MB intro', { intro: 'x'.repeat(1_000_000) }],
      ['10001 intro', { intro: 'x'.repeat(10_001) }],
      ['past expiry', { expiresOn: '2000-01-01' }],
      ['bad date', { expiresOn: '2026-02-30' }],
      ['zero signers', { signers: [] }],
      ['11 signers', { signers: Array.from({ length: 11 }, (_, i) => ({ name: `S${i}`, email: `s${i}@example.com` })) }],
      ['50 signers', { signers: Array.from({ length: 50 }, (_, i) => ({ name: `S${i}`, email: `s${i}@example.com` })) }],
      ['dup emails', { signers: [{ name: 'A', email: 'dup@example.com' }, { name: 'B', email: 'dup@example.com' }] }],
      ['dup emails case', { signers: [{ name: 'A', email: 'Dup@Example.com' }, { name: 'B', email: 'dup@example.com' }] }],
      ['dup portal user+email', { signers: [{ portalUserId: w.person1.id }, { name: 'B', email: w.person1.email.toUpperCase() }] }],
      ['dup portal user twice', { signers: [{ portalUserId: w.person1.id }, { portalUserId: w.person1.id }] }],
      ['both client and prospect', { prospect: { name: 'P', type: 'individual' } }],
      ['neither', { clientId: undefined }],
      ['prospect with portal signer', { clientId: undefined, prospect: { name: 'P', type: 'individual' } }],
      ['unknown field', { firmId: other.firm.id }],
      ['status set', { status: 'accepted' }],
      ['bad uuid client', { clientId: 'not-a-uuid' }],
      ['title 201', { title: 'x'.repeat(201) }],
      ['signer email junk', { signers: [{ name: 'x', email: 'not-an-email' }] }],
      ['template id bogus uuid', { items: [{ ...item, serviceTemplateId: '00000000-0000-4000-8000-000000000000' }] }],
      ['bidi title', { title: '\u202Eevil' }],
      ['items not array', { items: 'x' }],
      ['deep', { intro: JSON.parse('['.repeat(100) + ']'.repeat(100)) }],
    ];
    for (const [label, over] of cases) {
      const res = await w.owner$.req('POST', '/api/staff/proposals', body(over));
      no5xx(label, res);
      expect(res.statusCode, label).toBeGreaterThanOrEqual(400);
    }
  });

  it('expiry far in the future (9999-12-31) and year 10000 do not 500; send works or is refused cleanly', async () => {
    for (const expiresOn of ['9999-12-31', '10000-01-01', '+10000-01-01']) {
      const res = await w.owner$.req('POST', '/api/staff/proposals', body({ expiresOn }));
      no5xx(`expiry ${expiresOn}`, res);
      if (res.statusCode === 201) {
        const sent = await w.owner$.req('POST', `/api/staff/proposals/${res.json().id}/send`, { version: 1 });
        no5xx(`send expiry ${expiresOn}`, sent);
      }
    }
  });

  it('PATCH bad input and wrong version', async () => {
    const p = await draft();
    for (const [label, b] of [
      ['no version', { title: 'x' }], ['stale', { version: 99, title: 'x' }], ['prospect on client', { version: 1, prospect: { name: 'x', type: 'individual' } }],
      ['past', { version: 1, expiresOn: '2001-01-01' }], ['signers other client', { version: 1, signers: [{ portalUserId: w.person2.id }] }], ['clientId change', { version: 1, clientId: w.client2.id }],
    ] as const) {
      const res = await w.owner$.req('PATCH', `/api/staff/proposals/${p.id}`, b);
      no5xx(`patch ${label}`, res);
      expect(res.statusCode, label).toBeGreaterThanOrEqual(400);
    }
    const bad = await w.owner$.req('GET', '/api/staff/proposals/not-a-uuid');
    no5xx('bad uuid get', bad);
    const list = await w.owner$.req('GET', '/api/staff/proposals?status=nope&page=-1&pageSize=100000');
    no5xx('bad list query', list);
  });
});

describe('parallel double submits', () => {
  it('send/withdraw/revise twice at once: one wins, the other 409', async () => {
    const p = await draft();
    const sends = await Promise.all([0, 1, 2].map(() => w.owner$.req('POST', `/api/staff/proposals/${p.id}/send`, { version: p.version })));
    sends.forEach((r, i) => no5xx(`send#${i}`, r));
    expect(sends.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(sends.filter((r) => r.statusCode === 409)).toHaveLength(2);
    const [{ n }] = (await queryRows<{ n: number }>(t.db.owner, sql`select count(*)::int as n from proposal_versions where proposal_id = ${p.id}`)) as [{ n: number }];
    expect(n).toBe(1);
    const sent = sends.find((r) => r.statusCode === 200)?.json() as ProposalDetail;
    const revs = await Promise.all([0, 1].map(() => w.owner$.req('POST', `/api/staff/proposals/${p.id}/revise`, { version: sent.version })));
    expect(revs.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const rev = revs.find((r) => r.statusCode === 200)?.json() as ProposalDetail;
    const wds = await Promise.all([0, 1].map(() => w.owner$.req('POST', `/api/staff/proposals/${p.id}/withdraw`, { version: rev.version })));
    expect(wds.map((r) => r.statusCode).sort()).toEqual([200, 409]);
  });

  it('accept twice at once (portal + link), and accept racing withdraw', async () => {
    const p = await send(await draft({ invoiceOnAcceptance: true }));
    const tok = await tokenFor(w.person1.email);
    const link = await openLink(tok);
    const rs = await Promise.all([
      alex.req('POST', `/api/portal/${w.firm.slug}/proposals/${p.id}/accept`, sign(1)),
      alex.req('POST', `/api/portal/${w.firm.slug}/proposals/${p.id}/accept`, sign(1)),
      link.req('POST', '/accept', sign(1)),
    ]);
    rs.forEach((r, i) => no5xx(`accept#${i}`, r));
    expect(rs.filter((r) => r.statusCode === 200)).toHaveLength(1);
    const [row] = await queryRows<{ status: string; invoice_id: string | null; service_ids: string[] }>(t.db.owner, sql`select status, invoice_id, service_ids from proposals where id = ${p.id}`);
    expect(row?.status).toBe('accepted');
    const [{ n }] = (await queryRows<{ n: number }>(t.db.owner, sql`select count(*)::int as n from invoices where client_id = ${w.client1.id} and notes like ${'%Probe%'}`)) as [{ n: number }];
    expect(n).toBe(1);
    // Accept racing withdraw.
    const q = await send(await draft());
    const race = await Promise.all([
      alex.req('POST', `/api/portal/${w.firm.slug}/proposals/${q.id}/accept`, sign(1)),
      w.owner$.req('POST', `/api/staff/proposals/${q.id}/withdraw`, { version: q.version }),
    ]);
    race.forEach((r, i) => no5xx(`race#${i}`, r));
    expect(race.filter((r) => r.statusCode === 200)).toHaveLength(1);
    // Staff withdraw/revise after acceptance.
    const accepted = (await w.owner$.req('GET', `/api/staff/proposals/${p.id}`)).json() as ProposalDetail;
    for (const a of ['withdraw', 'revise', 'send']) {
      const res = await w.owner$.req('POST', `/api/staff/proposals/${p.id}/${a}`, { version: accepted.version });
      no5xx(`${a} after accepted`, res);
      expect(res.statusCode).toBe(409);
    }
  });

  it('propose twice at once: one draft', async () => {
    const r = await alex.req('POST', `/api/portal/${w.firm.slug}/service-requests`, { templateId: templateId(w, 'BAS Preparation'), description: 'BAS please' });
    expect(r.statusCode, r.body).toBe(201);
    const rs = await Promise.all([0, 1, 2].map(() => w.owner$.req('POST', `/api/staff/service-requests/${r.json().id}/propose`, { version: r.json().version })));
    rs.forEach((x, i) => no5xx(`propose#${i}`, x));
    expect(rs.filter((x) => x.statusCode === 201)).toHaveLength(1);
    const [{ n }] = (await queryRows<{ n: number }>(t.db.owner, sql`select count(*)::int as n from proposals where source_request_id = ${r.json().id}`)) as [{ n: number }];
    expect(n).toBe(1);
    const bad = await w.owner$.req('POST', `/api/staff/service-requests/${r.json().id}/propose`, { version: 99, templateKey: 'nope' });
    no5xx('propose unknown template key', bad);
    expect(bad.statusCode).toBe(400);
  });

  it('propose for a client with a long name and "Something else" does not 500', async () => {
    const longName = `${'Very Long Trading Name '.repeat(8)}Pty Ltd`.slice(0, 200);
    const c = await createClient(t.db, w.firm.id, { name: longName });
    const u = await createPortalUser(t.db, w.firm.id, c.id, { name: 'Long Person' });
    const s = await asClient(t, w.firm.slug, u.email);
    const r = await s.req('POST', `/api/portal/${w.firm.slug}/service-requests`, { templateId: null, description: 'Something odd' });
    expect(r.statusCode, r.body).toBe(201);
    const res = await w.owner$.req('POST', `/api/staff/service-requests/${r.json().id}/propose`, { version: r.json().version });
    no5xx('propose long client name', res);
    expect(res.statusCode).toBe(201);
    expect(res.json().proposal.title.length).toBeLessThanOrEqual(200);
  });
});

describe('signing links', () => {
  it('malformed tokens, replays, other signer, CSRF, expiry', async () => {
    for (const [label, token] of [['huge', 'A'.repeat(100_000)], ['unicode', 'é'.repeat(43)], ['nul', `${'A'.repeat(20)}\u0000${'A'.repeat(22)}`], ['empty', ''], ['number', 12345], ['array', ['x']], ['emoji', '😀'.repeat(30)]] as const) {
      const res = await t.app.inject({ method: 'POST', url: '/api/public/signing/open', payload: { token } });
      no5xx(`open ${label}`, res);
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
    }
    const p = await send(await draft({ signers: [{ portalUserId: w.person1.id }, { name: 'Bea Other', email: 'bea@example.com' }] }));
    const tA = await tokenFor(w.person1.email);
    const tB = await tokenFor('bea@example.com');
    const a = await openLink(tA);
    expect(a.res.statusCode).toBe(200);
    // CSRF missing / wrong on every mutation.
    for (const path of ['/accept', '/decline', '/otp', '/otp/verify']) {
      const payload = path === '/accept' ? sign(1) : path === '/decline' ? { reason: '', proposalVersion: 1 } : path === '/otp/verify' ? { code: '123456' } : undefined;
      const none = await a.req('POST', path, payload, { cookie: a.cookie });
      no5xx(`no csrf ${path}`, none);
      expect(none.statusCode, path).toBe(403);
      const wrong = await a.req('POST', path, payload, { cookie: a.cookie, 'x-csrf-token': 'x'.repeat(43) });
      expect(wrong.statusCode, path).toBe(403);
      const textPlain = await t.app.inject({ method: 'POST', url: `/api/public/signing${path}`, headers: { cookie: a.cookie, 'content-type': 'text/plain' }, payload: JSON.stringify(payload ?? {}) });
      no5xx(`text/plain ${path}`, textPlain);
      expect(textPlain.statusCode).toBeGreaterThanOrEqual(400);
    }
    // Cookie garbage.
    for (const c of ['ll_sign=' + 'A'.repeat(5000), 'll_sign=%00', 'll_sign=é', 'll_sign=']) {
      const res = await t.app.inject({ method: 'GET', url: '/api/public/signing/proposal', headers: { cookie: c } });
      no5xx(`cookie ${c.slice(0, 20)}`, res);
      expect(res.statusCode).toBe(404);
    }
    // B's token used with A's csrf: B's session is separate.
    const b = await openLink(tB);
    const mixed = await b.req('POST', '/accept', sign(1), { cookie: b.cookie, 'x-csrf-token': a.csrf });
    expect(mixed.statusCode).toBe(403);
    // A signs; A's session and token replays fail.
    expect((await a.req('POST', '/accept', sign(1))).statusCode).toBe(200);
    const again = await a.req('POST', '/accept', sign(1));
    no5xx('accept replay', again);
    expect(again.statusCode).toBeGreaterThanOrEqual(400);
    expect((await openLink(tA)).res.statusCode).toBe(404);
    const decl = await a.req('POST', '/decline', { reason: 'changed my mind', proposalVersion: 1 });
    no5xx('decline after sign', decl);
    expect(decl.statusCode).toBeGreaterThanOrEqual(400);
    // B: different choice of optional items — no optional items here; chosen unknown id.
    const unknownChoice = await b.req('POST', '/accept', sign(1, { chosenOptionalItemIds: ['x'] }));
    no5xx('unknown optional id', unknownChoice);
    // B session expired (31 minutes).
    await t.db.owner.execute(sql`update signing_links set session_expires_at = now() - interval '1 minute' where proposal_id = ${p.id}`);
    const expired = await b.req('POST', '/accept', sign(1));
    no5xx('expired session', expired);
    expect(expired.statusCode).toBe(404);
    expect((await b.req('GET', '/proposal')).statusCode).toBe(404);
    // Reopen B: withdraw; then its session and token fail.
    const b2 = await openLink(tB);
    expect(b2.res.statusCode).toBe(200);
    const cur = (await w.owner$.req('GET', `/api/staff/proposals/${p.id}`)).json() as ProposalDetail;
    expect((await w.owner$.req('POST', `/api/staff/proposals/${p.id}/withdraw`, { version: cur.version })).statusCode).toBe(200);
    const afterWd = await b2.req('POST', '/accept', sign(1));
    no5xx('accept after withdraw', afterWd);
    expect(afterWd.statusCode).toBe(404);
    expect((await openLink(tB)).res.statusCode).toBe(404);
  });

  it('signature images: SVG, garbage PNG, oversize, 10 MB body, tiny, bad base64', async () => {
    const p = await send(await draft());
    const tok = await tokenFor(w.person1.email);
    const l = await openLink(tok);
    const header = signaturePng(320, 100).subarray(0, 33);
    const cases: [string, unknown][] = [
      ['svg', `data:image/svg+xml;base64,${Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>').toString('base64')}`],
      ['svg raw', 'data:image/svg+xml,<svg/>'],
      ['png header + garbage', `data:image/png;base64,${Buffer.concat([header, Buffer.alloc(5000, 0x41)]).toString('base64')}`],
      ['png header only', `data:image/png;base64,${header.toString('base64')}`],
      ['huge dims', `data:image/png;base64,${(() => { const b = Buffer.from(signaturePng(320, 100)); b.writeUInt32BE(100000, 16); return b.toString('base64'); })()}`],
      ['tiny', `data:image/png;base64,${signaturePng(10, 10).toString('base64')}`],
      ['not base64', 'data:image/png;base64,!!!!'],
      ['empty', ''],
      ['number', 5],
      ['400k chars', `data:image/png;base64,${'A'.repeat(400_000)}`],
      ['jpeg magic', `data:image/png;base64,${Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Buffer.alloc(100)]).toString('base64')}`],
    ];
    for (const [label, signature] of cases) {
      const res = await l.req('POST', '/accept', sign(1, { signature }));
      no5xx(`sig ${label}`, res);
      expect(res.statusCode, label).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, label).toBeLessThan(500);
    }
    const big = await l.req('POST', '/accept', sign(1, { signature: `data:image/png;base64,${'A'.repeat(10 * 1024 * 1024)}` }));
    no5xx('10MB sig', big);
    expect(big.statusCode).toBe(413);
    const bigPortal = await alex.req('POST', `/api/portal/${w.firm.slug}/proposals/${p.id}/accept`, sign(1, { signature: 'A'.repeat(10 * 1024 * 1024) }));
    expect(bigPortal.statusCode).toBe(413);
    // Field validation on accept.
    for (const [label, over] of [['no consent', { consent: false }], ['empty name', { fullName: '   ' }], ['long name', { fullName: 'x'.repeat(201) }], ['version 0', { proposalVersion: 0 }], ['version 2', { proposalVersion: 2 }], ['extra', { status: 'accepted' }], ['51 choices', { chosenOptionalItemIds: Array.from({ length: 51 }, (_, i) => String(i)) }]] as const) {
      const res = await l.req('POST', '/accept', sign(1, over));
      no5xx(`accept ${label}`, res);
      expect(res.statusCode, label).toBeGreaterThanOrEqual(400);
    }
    // Nothing half-written.
    const [row] = await queryRows<{ status: string; chosen: unknown }>(t.db.owner, sql`select status, chosen_optional_item_ids as chosen from proposals where id = ${p.id}`);
    expect(row).toMatchObject({ status: 'sent', chosen: null });
    const [{ n }] = (await queryRows<{ n: number }>(t.db.owner, sql`select count(*)::int as n from proposal_events where proposal_id = ${p.id} and kind in ('consented', 'signed')`)) as [{ n: number }];
    expect(n).toBe(0);
  });

  it('OTP: brute force, replay, new session needs a new code', async () => {
    expect((await w.owner$.req('PATCH', '/api/staff/firm', { proposalSigningOtp: true })).statusCode).toBe(200);
    try {
      const email = `otp-${Date.now()}@example.com`;
      await send(await draft({ signers: [{ name: 'Otto', email }] }));
      const l = await openLink(await tokenFor(email));
      expect((await l.req('POST', '/accept', sign(1))).statusCode).toBe(403);
      expect((await l.req('POST', '/otp/verify', { code: '000000' })).statusCode).toBe(409); // none asked for
      for (const code of ['12345', '1234567', 'abcdef', '12 3456', '１２３４５６']) no5xx(`otp code ${code}`, await l.req('POST', '/otp/verify', { code }));
      expect((await l.req('POST', '/otp')).statusCode).toBe(200);
      const codes: number[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await l.req('POST', '/otp/verify', { code: String(100000 + i) });
        no5xx(`otp wrong ${i}`, res);
        codes.push(res.statusCode);
      }
      // 4 x 400 then 409 (fifth wrong try), then 409; unless we guessed (1 in 10^5).
      expect(codes).toEqual([400, 400, 400, 400, 409, 409]);
      // Request codes until the per-link limit: 5 an hour.
      const sends: number[] = [];
      for (let i = 0; i < 6; i++) sends.push((await l.req('POST', '/otp')).statusCode);
      expect(sends.slice(0, 4)).toEqual([200, 200, 200, 200]);
      expect(sends[5]).toBe(429);
      // Right code, then replay in another session.
      await t.db.owner.execute(sql`delete from rate_limits`);
      expect((await l.req('POST', '/otp')).statusCode).toBe(200);
      const [m] = await queryRows<{ text_body: string }>(t.db.owner, sql`select text_body from outbox_emails where to_address = ${email} and kind = 'proposal_otp' order by created_at desc limit 1`);
      const code = /Your code is (\d{6})\./.exec(m?.text_body ?? '')?.[1] ?? '';
      const l2 = await openLink(await tokenFor(email)); // new session: the code of the old one is void
      expect((await l.req('POST', '/otp/verify', { code })).statusCode).toBe(404); // old session replaced
      const r2 = await l2.req('POST', '/otp/verify', { code });
      no5xx('otp replay in new session', r2);
      expect(r2.statusCode).toBe(409);
    } finally {
      await w.owner$.req('PATCH', '/api/staff/firm', { proposalSigningOtp: false });
    }
  });

  it('signed copy: malformed tokens are one 404', async () => {
    for (const token of ['A'.repeat(43), 'x', 'é'.repeat(43), 'A'.repeat(200)]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/public/signed-copy', payload: { token } });
      no5xx('signed copy', res);
      expect(res.statusCode).toBe(404);
    }
    const big = await t.app.inject({ method: 'POST', url: '/api/public/signed-copy', payload: { token: 'A'.repeat(201) } });
    no5xx('signed copy 201', big);
  });
});

describe('prospects', () => {
  it('duplicate signer e-mails refused; a signer who is an existing portal user of the firm; acceptance makes one client', async () => {
    const prospect = { name: 'New Biz', type: 'company', abn: '51824753556' };
    const dup = await w.owner$.req('POST', '/api/staff/proposals', body({ clientId: undefined, prospect, signers: [{ name: 'A', email: 'A@x.example' }, { name: 'B', email: 'a@x.example' }] }));
    no5xx('prospect dup', dup);
    expect(dup.statusCode).toBe(400);
    const pr = await w.owner$.req('POST', '/api/staff/proposals', body({ clientId: undefined, prospect, invoiceOnAcceptance: true, signers: [{ name: 'Existing', email: w.person2.email }, { name: 'Newbie', email: 'newbie@x.example' }] }));
    expect(pr.statusCode, pr.body).toBe(201);
    const p = await send(pr.json() as ProposalDetail);
    // person2 is a portal user of client2: the prospect proposal is not theirs in the portal.
    expect((await pat2.req('GET', `/api/portal/${w.firm.slug}/proposals/${p.id}`)).statusCode).toBe(404);
    expect((await pat2.req('POST', `/api/portal/${w.firm.slug}/proposals/${p.id}/accept`, sign(1))).statusCode).toBe(404);
    const l1 = await openLink(await tokenFor(w.person2.email));
    const l2 = await openLink(await tokenFor('newbie@x.example'));
    expect((await l1.req('POST', '/accept', sign(1))).statusCode).toBe(200);
    const last = await Promise.all([l2.req('POST', '/accept', sign(1)), l2.req('POST', '/accept', sign(1))]);
    last.forEach((r, i) => no5xx(`prospect last#${i}`, r));
    expect(last.filter((r) => r.statusCode === 200)).toHaveLength(1);
    const [{ n }] = (await queryRows<{ n: number }>(t.db.owner, sql`select count(*)::int as n from clients where firm_id = ${w.firm.id} and name = 'New Biz'`)) as [{ n: number }];
    expect(n).toBe(1);
  });
});

describe('profile', () => {
  const pp = (path = '') => `/api/portal/${w.firm.slug}/profile${path}`;
  it('phones and names', async () => {
    const ok = ['+61 412 345 678', '0412 345 678', '(02) 9876 5432', '1300 123 456', '13 12 34', '', null];
    for (const phone of ok) {
      const res = await alex.req('PATCH', pp(), { name: 'Alex', phone });
      no5xx(`phone ${phone}`, res);
      expect(res.statusCode, String(phone)).toBe(200);
    }
    const bad = ['garbage', '1'.repeat(100), '+1 212 555 0100', '0412', '+61 00412 345 678', '0412-345-678x', 12345, '\u202E0412345678'];
    for (const phone of bad) {
      const res = await alex.req('PATCH', pp(), { name: 'Alex', phone });
      no5xx(`bad phone ${phone}`, res);
      expect(res.statusCode, String(phone)).toBe(400);
    }
    for (const [label, name] of [['empty', ''], ['spaces', '   '], ['huge', 'x'.repeat(10_000)], ['nul', 'a\u0000b'], ['number', 5]] as const) {
      const res = await alex.req('PATCH', pp(), { name, phone: null });
      no5xx(`name ${label}`, res);
      expect(res.statusCode, label).toBe(400);
    }
    for (const [label, name] of [['crlf', 'Alex\r\nBcc: evil@example.com'], ['bell', 'Al\u0007ex'], ['bidi', 'Alex\u202Egnp.exe']] as const) {
      const res = await alex.req('PATCH', pp(), { name, phone: null });
      no5xx(`name ${label}`, res);
      expect(res.statusCode, label).toBe(400);
      expect(res.body).toContain('text-direction');
    }
    const extra = await alex.req('PATCH', pp(), { name: 'Alex', phone: null, email: 'x@y.example' });
    expect(extra.statusCode).toBe(400);
    await alex.req('PATCH', pp(), { name: 'Alex', phone: null });
  });

  it('password change throttle: 10 wrong then 429', async () => {
    const u = await createPortalUser(t.db, w.firm.id, w.client1.id, { name: 'Thr Ottle' });
    const s = await asClient(t, w.firm.slug, u.email);
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await s.req('POST', pp('/password'), { currentPassword: `wrong-${i}`, newPassword: 'Another-Good-Pass-42' });
      no5xx(`pw wrong ${i}`, res);
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, 10).every((c) => c === 422)).toBe(true);
    expect(codes[10]).toBe(429);
    const right = await s.req('POST', pp('/password'), { currentPassword: TEST_PASSWORD, newPassword: 'Another-Good-Pass-42' });
    expect(right.statusCode).toBe(429);
    expect(right.headers['retry-after']).toBeTruthy();
    for (const [label, b] of [['weak', { currentPassword: TEST_PASSWORD, newPassword: 'password' }], ['long', { currentPassword: TEST_PASSWORD, newPassword: 'x'.repeat(129) }], ['huge current', { currentPassword: 'x'.repeat(2000), newPassword: 'Another-Good-Pass-42' }]] as const) {
      no5xx(`pw ${label}`, await alex.req('POST', pp('/password'), b));
    }
  });

  it('e-mail change: other firm portal address allowed, same firm taken 409, replay 404, taken meanwhile 409', async () => {
    const u = await createPortalUser(t.db, w.firm.id, w.client1.id, { name: 'Em Changer' });
    const s = await asClient(t, w.firm.slug, u.email);
    const otherFirmAddr = other.person1.email;
    const res = await s.req('POST', pp('/email'), { newEmail: otherFirmAddr, currentPassword: TEST_PASSWORD });
    no5xx('email other firm', res);
    expect(res.statusCode).toBe(202);
    const taken = await s.req('POST', pp('/email'), { newEmail: w.person2.email.toUpperCase(), currentPassword: TEST_PASSWORD });
    no5xx('email same firm', taken);
    expect(taken.statusCode).toBe(409);
    const mine = await s.req('POST', pp('/email'), { newEmail: u.email.toUpperCase(), currentPassword: TEST_PASSWORD });
    no5xx('email own', mine);
    expect(mine.statusCode).toBeGreaterThanOrEqual(400);
    const [m] = await queryRows<{ text_body: string }>(t.db.owner, sql`select text_body from outbox_emails where to_address = ${otherFirmAddr} and kind = 'email_change' order by created_at desc limit 1`);
    const token = tokenFromEmail(m?.text_body ?? '');
    // Staff-only & invitation routes refuse the token.
    no5xx('invite accept with email token', await t.app.inject({ method: 'POST', url: '/api/public/invitations/accept', payload: { token, password: 'Some-Good-Pass-99' } }));
    const ok = await t.app.inject({ method: 'POST', url: '/api/public/email-changes/confirm', payload: { token } });
    no5xx('confirm', ok);
    expect(ok.statusCode).toBe(200);
    const replay = await t.app.inject({ method: 'POST', url: '/api/public/email-changes/confirm', payload: { token } });
    expect(replay.statusCode).toBe(404);
    // Taken meanwhile.
    const addr = `later-${Date.now()}@example.com`;
    expect((await s.req('POST', pp('/email'), { newEmail: addr, currentPassword: TEST_PASSWORD })).statusCode).toBe(202);
    await createPortalUser(t.db, w.firm.id, w.client2.id, { email: addr });
    const [m2] = await queryRows<{ text_body: string }>(t.db.owner, sql`select text_body from outbox_emails where to_address = ${addr} and kind = 'email_change' order by created_at desc limit 1`);
    const late = await t.app.inject({ method: 'POST', url: '/api/public/email-changes/confirm', payload: { token: tokenFromEmail(m2?.text_body ?? '') } });
    no5xx('confirm taken', late);
    expect(late.statusCode).toBe(409);
    for (const token of ['x', 'A'.repeat(43), 'A'.repeat(5000), 5, null]) {
      const r = await t.app.inject({ method: 'POST', url: '/api/public/email-changes/confirm', payload: { token } });
      no5xx(`confirm malformed ${String(token).slice(0, 10)}`, r);
      expect(r.statusCode).toBeGreaterThanOrEqual(400);
    }
    const noBody = await t.app.inject({ method: 'POST', url: '/api/public/email-changes/confirm' });
    no5xx('confirm no body', noBody);
    // Staff: another firm's staff address is 409, a portal user's address is fine.
    const st = await w.owner$.req('POST', '/api/staff/profile/email', { newEmail: other.owner.email, currentPassword: TEST_PASSWORD });
    no5xx('staff email other firm staff', st);
    expect(st.statusCode).toBe(409);
  });

  it('notification preferences', async () => {
    for (const [label, b] of [
      ['unknown event', { items: [{ event: 'nope', channel: 'off' }] }],
      ['staff event from portal', { items: [{ event: 'message_received', channel: 'off' }] }],
      ['unknown channel', { items: [{ event: 'task_waiting', channel: 'weekly' }] }],
      ['empty', { items: [] }],
      ['21', { items: Array.from({ length: 21 }, () => ({ event: 'task_waiting', channel: 'off' })) }],
      ['proto', JSON.parse('{"items":[{"event":"__proto__","channel":"off"}]}')],
    ] as const) {
      const res = await alex.req('PUT', pp('/notifications'), b);
      no5xx(`prefs ${label}`, res);
      expect(res.statusCode, label).toBe(400);
    }
    const dupl = await alex.req('PUT', pp('/notifications'), { items: [{ event: 'task_waiting', channel: 'off' }, { event: 'task_waiting', channel: 'immediately' }] });
    no5xx('prefs duplicate', dupl);
    const portalFromStaff = await w.owner$.req('PUT', '/api/staff/profile/notifications', { items: [{ event: 'task_waiting', channel: 'off' }] });
    no5xx('portal event from staff', portalFromStaff);
    expect(portalFromStaff.statusCode).toBe(400);
  });
});
