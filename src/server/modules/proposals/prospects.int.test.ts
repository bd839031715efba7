import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { ProposalDetail, ProposalSummary } from '../../../contracts/proposals.js';
import { queryRows } from '../../db/client.js';
import { sha256Hex } from '../../platform/crypto/tokens.js';
import { buildTestApp, tokenFromEmail, type TestApp } from '../../../../test/harness.js';
import { templateId, workWorld, type WorkWorld } from '../../../../test/work-fixtures.js';
import { signatureDataUrl } from './signature-png.js';

/**
 * A proposal for a prospect (not yet a client) becomes a client on acceptance; and every signer
 * without a portal account gets the signed copy by a download link (POST /api/public/signed-copy).
 */

let t: TestApp;
let w: WorkWorld;
let other: WorkWorld;

const future = (days = 30) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const VALID_ABN = '51 824 753 556';

beforeAll(async () => {
  t = await buildTestApp({ config: { logLevel: 'error' } });
  w = await workWorld(t, 'pp');
  other = await workWorld(t, 'pp-b');
});
afterAll(async () => t.close());
beforeEach(async () => {
  await t.db.owner.execute(sql`delete from rate_limits where key like 'signing-open:%' or key like 'signed-copy:%'`);
});

let n = 0;
/** A prospect with two e-mail signers (unique per call). */
function body(over: Record<string, unknown> = {}) {
  n += 1;
  return {
    prospect: { name: `Harbour Bakery ${n} Pty Ltd`, type: 'company', abn: VALID_ABN },
    title: 'Annual compliance package', intro: 'Dear {{client.name}}', terms: 'Between {{firm.legalName}} and {{client.name}}.',
    items: [
      { description: 'BAS preparation', serviceTemplateId: templateId(w, 'BAS Preparation'), kind: 'quarterly', quantityMilli: 1000, unitPriceCents: 495_00 },
      { description: 'Set-up', kind: 'one_off', quantityMilli: 1000, unitPriceCents: 200_00 },
    ],
    signers: [{ name: 'Pat Baker', email: `pat.baker${n}@example.com` }, { name: 'Kim Baker', email: `kim.baker${n}@example.com` }],
    expiresOn: future(), invoiceOnAcceptance: true,
    ...over,
  };
}

async function sentFor(over: Record<string, unknown> = {}) {
  const b = body(over);
  const res = await w.owner$.req('POST', '/api/staff/proposals', b);
  expect(res.statusCode, res.body).toBe(201);
  const d = res.json() as ProposalDetail;
  const s = await w.owner$.req('POST', `/api/staff/proposals/${d.id}/send`, { version: d.version });
  expect(s.statusCode, s.body).toBe(200);
  return { p: s.json() as ProposalDetail, emails: b.signers.map((x) => x.email), name: b.prospect.name };
}

async function mailTo(email: string, kind: string) {
  return queryRows<{ text_body: string; client_id: string | null }>(t.db.owner, sql`select text_body, client_id from outbox_emails where to_address = ${email} and kind = ${kind} order by created_at desc`);
}

/** Opens the e-mailed signing link as the /sign page does; `accept` then signs (callable more than once). */
async function openFor(email: string, version = 1) {
  const [m] = await mailTo(email, 'proposal_sent');
  const open = await t.app.inject({ method: 'POST', url: '/api/public/signing/open', payload: { token: tokenFromEmail(m?.text_body ?? '') } });
  expect(open.statusCode, open.body).toBe(200);
  const cookie = String(open.headers['set-cookie']).split(';')[0] ?? '';
  const csrf = (open.json() as { csrfToken: string }).csrfToken;
  return () => t.app.inject({
    method: 'POST', url: '/api/public/signing/accept', headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
    payload: JSON.stringify({ consent: true, fullName: 'Pat Baker', signature: signatureDataUrl(3), chosenOptionalItemIds: [], proposalVersion: version }),
  });
}

const signByLink = async (email: string) => (await openFor(email))();

const download = (token: string) => t.app.inject({ method: 'POST', url: '/api/public/signed-copy', payload: { token } });

describe('proposals for a prospect', () => {
  it('create → send → sign: the prospect becomes one client with the services, invoice and signed PDF; each signer is invited to the portal', async () => {
    const { p, emails, name } = await sentFor();
    expect(p.client).toEqual({ id: null, name });
    expect(p.prospect).toEqual({ name, type: 'company', abn: '51824753556' });
    expect(p.content.intro).toBe(`Dear ${name}`);
    const list = (await w.owner$.req('GET', '/api/staff/proposals?pageSize=100')).json() as { items: ProposalSummary[] };
    expect(list.items.find((i) => i.id === p.id)).toMatchObject({ client: { id: null, name }, prospect: { name } });

    expect((await signByLink(emails[0] ?? '')).statusCode).toBe(200);
    // The last signature, submitted twice at once: one succeeds, acceptance happens once.
    const accept = await openFor(emails[1] ?? '');
    const [first, again] = await Promise.all([accept(), accept()]);
    expect([first.statusCode, again.statusCode].sort()).toEqual([200, 409]);

    const done = (await w.owner$.req('GET', `/api/staff/proposals/${p.id}`)).json() as ProposalDetail;
    expect(done.status).toBe('accepted');
    expect(done.prospect).toBeNull();
    expect(done.client.id).toEqual(expect.any(String));
    expect(done.client.name).toBe(name);
    const clients = await queryRows<{ id: string; type: string; abn: string | null }>(t.db.owner, sql`select id, type, abn from clients where firm_id = ${w.firm.id} and name = ${name}`);
    expect(clients).toEqual([{ id: done.client.id, type: 'company', abn: '51824753556' }]);
    const clientId = done.client.id ?? '';
    expect(done.serviceIds).toHaveLength(1);
    const [svc] = await queryRows<{ client_id: string }>(t.db.owner, sql`select client_id from services where id = ${done.serviceIds[0]}`);
    expect(svc?.client_id).toBe(clientId);
    const [inv] = await queryRows<{ client_id: string; status: string }>(t.db.owner, sql`select client_id, status from invoices where id = ${done.invoiceId}`);
    expect(inv).toEqual({ client_id: clientId, status: 'issued' });
    // The signed PDF is in the new client's documents (staff see it on the client).
    const docs = await w.owner$.req('GET', `/api/staff/clients/${clientId}/documents`);
    expect(docs.statusCode, docs.body).toBe(200);
    expect(JSON.stringify(docs.json())).toContain(done.signedDocumentId ?? 'none');
    // Each signer is a portal user of the client, invited by e-mail.
    const users = await queryRows<{ email: string; status: string }>(t.db.owner, sql`select email, status from portal_users where client_id = ${clientId} order by email`);
    expect(users.map((u) => [u.email, u.status]).sort()).toEqual(emails.map((e) => [e, 'invited']).sort());
    for (const e of emails) {
      const inv = await mailTo(e, 'portal_invitation');
      expect(inv).toHaveLength(1);
      expect(inv[0]?.client_id).toBe(clientId);
      // The completion e-mail carries a download link (the invitation is not accepted yet).
      const completed = await mailTo(e, 'proposal_completed');
      expect(completed).toHaveLength(1);
      expect(completed[0]?.text_body).toContain('/signed-copy#token=');
    }
    // The staff Clients page sees it; the other firm sees neither the proposal nor the client.
    expect((await w.owner$.req('GET', `/api/staff/clients/${clientId}`)).statusCode).toBe(200);
    expect((await other.owner$.req('GET', `/api/staff/proposals/${p.id}`)).statusCode).toBe(404);
    expect((await other.owner$.req('GET', `/api/staff/clients/${clientId}`)).statusCode).toBe(404);
    const theirList = (await other.owner$.req('GET', '/api/staff/proposals?pageSize=100')).json() as { items: ProposalSummary[] };
    expect(theirList.items.map((i) => i.id)).not.toContain(p.id);
  });

  it('a double submit of the last signature makes one client', async () => {
    const { p, emails, name } = await sentFor({ signers: [{ name: 'Solo Baker', email: `solo.baker${n + 1}@example.com` }] });
    const accept = await openFor(emails[0] ?? '');
    const [a, b] = await Promise.all([accept(), accept()]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const rows = await queryRows<{ n: number }>(t.db.owner, sql`select count(*)::int as n from clients where firm_id = ${w.firm.id} and name = ${name}`);
    expect(rows[0]?.n).toBe(1);
    expect(await mailTo(emails[0] ?? '', 'portal_invitation')).toHaveLength(1);
    const done = (await w.owner$.req('GET', `/api/staff/proposals/${p.id}`)).json() as ProposalDetail;
    expect(done.serviceIds).toHaveLength(1);
  });

  it('refuses a missing name, a bad ABN, both or neither of client and prospect, and portal-user signers', async () => {
    const bad = [
      body({ prospect: { name: '', type: 'company' } }),
      body({ prospect: { name: 'No Type Pty Ltd' } }),
      body({ prospect: { name: 'Bad ABN Pty Ltd', type: 'company', abn: '12 345 678 901' } }),
      body({ clientId: w.client1.id }),
      { ...body(), prospect: undefined },
    ];
    for (const b of bad) {
      const res = await w.owner$.req('POST', '/api/staff/proposals', b);
      expect(res.statusCode, JSON.stringify(b.prospect)).toBe(400);
    }
    const portalSigner = await w.owner$.req('POST', '/api/staff/proposals', body({ signers: [{ portalUserId: w.person1.id }] }));
    expect(portalSigner.statusCode).toBe(400);
    expect(portalSigner.body).toContain('prospect');
    // A prospect whose name matches an existing client is allowed (the client made is always new).
    expect((await w.owner$.req('POST', '/api/staff/proposals', body({ prospect: { name: w.client1.name, type: 'individual' } }))).statusCode).toBe(201);
  });

  it('a prospect draft can be edited (prospect fields included); a client proposal cannot take a prospect', async () => {
    const created = (await w.owner$.req('POST', '/api/staff/proposals', body())).json() as ProposalDetail;
    const res = await w.owner$.req('PATCH', `/api/staff/proposals/${created.id}`, { version: created.version, prospect: { name: 'Renamed Pty Ltd', type: 'trust' } });
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as ProposalDetail).prospect).toEqual({ name: 'Renamed Pty Ltd', type: 'trust', abn: null });
    const forClient = (await w.owner$.req('POST', '/api/staff/proposals', { ...body(), prospect: undefined, clientId: w.client1.id, signers: [{ portalUserId: w.person1.id }] })).json() as ProposalDetail;
    expect(forClient.prospect).toBeNull();
    expect((await w.owner$.req('PATCH', `/api/staff/proposals/${forClient.id}`, { version: forClient.version, prospect: { name: 'X', type: 'company' } })).statusCode).toBe(400);
  });
});

describe('the signed copy by download link', () => {
  async function completedToken() {
    const { p, emails } = await sentFor({ signers: [{ name: 'Lee Copy', email: `lee.copy${n + 1}@example.com` }], invoiceOnAcceptance: false });
    expect((await signByLink(emails[0] ?? '')).statusCode).toBe(200);
    const [m] = await mailTo(emails[0] ?? '', 'proposal_completed');
    return { p, token: tokenFromEmail(m?.text_body ?? '') };
  }

  it('works several times within 30 days: the PDF as an attachment, no-store, nosniff, no referrer; expired, unknown and malformed are one 404', async () => {
    const { p, token } = await completedToken();
    for (let i = 0; i < 2; i++) {
      const res = await download(token);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(String(res.headers['content-disposition'])).toMatch(/^attachment/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cache-control']).toContain('no-store');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    }
    const done = (await w.owner$.req('GET', `/api/staff/proposals/${p.id}`)).json() as ProposalDetail;
    expect((await download(token)).rawPayload.toString('latin1')).toContain(`Verification code: ${done.verificationCode}`);
    const [row] = await queryRows<{ use_count: number; expires_at: Date }>(t.db.owner, sql`select use_count, expires_at from signed_copy_links where proposal_id = ${p.id}`);
    expect(row?.use_count).toBe(3);
    const days = (new Date(row?.expires_at ?? 0).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);

    const answer = (await download('A'.repeat(43))).json().detail;
    expect((await download('A'.repeat(43))).statusCode).toBe(404);
    expect((await download('short')).statusCode).toBe(404);
    expect((await download('short')).json().detail).toBe(answer);
    await t.db.owner.execute(sql`update signed_copy_links set expires_at = now() - interval '1 minute' where proposal_id = ${p.id}`);
    const expired = await download(token);
    expect(expired.statusCode).toBe(404);
    expect(expired.json().detail).toBe(answer);
  });

  it('is revoked when the proposal’s signed document is no longer the one it was made for', async () => {
    const { p, token } = await completedToken();
    const [doc] = await queryRows<{ id: string }>(t.db.owner, sql`select id from documents where firm_id = ${w.firm.id} and id <> (select signed_document_id from proposals where id = ${p.id}) limit 1`);
    await t.db.owner.execute(sql`update proposals set signed_document_id = ${doc?.id ?? null} where id = ${p.id}`);
    const res = await download(token);
    expect(res.statusCode).toBe(404);
    const [row] = await queryRows<{ revoked_at: Date | null }>(t.db.owner, sql`select revoked_at from signed_copy_links where proposal_id = ${p.id}`);
    expect(row?.revoked_at).not.toBeNull();
  });

  it('a token of another firm is not found through this firm, nor readable by that firm’s app role', async () => {
    const { token } = await completedToken();
    // The token alone decides the firm (looked up by its hash); under the other firm's tenancy the
    // link rows are invisible, and a row moved to the other firm (as if forged) stops working.
    const seen = await t.db.withFirm(other.firm.id, (tx) => queryRows<{ n: number }>(tx, sql`select count(*)::int as n from signed_copy_links`));
    expect(seen[0]?.n).toBe(0);
    const [{ mine } = { mine: 0 }] = await t.db.withFirm(w.firm.id, (tx) => queryRows<{ mine: number }>(tx, sql`select count(*)::int as mine from signed_copy_links`));
    expect(mine).toBeGreaterThan(0);
    expect((await download(token)).statusCode).toBe(200);
    await t.db.owner.execute(sql`update signed_copy_links set firm_id = ${other.firm.id} where token_hash = ${sha256Hex(token)}`);
    expect((await download(token)).statusCode).toBe(404);
  });

  it('a signer with an active portal account gets the documents link, not a download link', async () => {
    const res = await w.owner$.req('POST', '/api/staff/proposals', { ...body(), prospect: undefined, clientId: w.client1.id, signers: [{ portalUserId: w.person1.id }], invoiceOnAcceptance: false });
    const d = res.json() as ProposalDetail;
    await w.owner$.req('POST', `/api/staff/proposals/${d.id}/send`, { version: d.version });
    expect((await signByLink(w.person1.email)).statusCode).toBe(200);
    const [m] = await mailTo(w.person1.email, 'proposal_completed');
    expect(m?.text_body).toContain('/documents');
    expect(m?.text_body).not.toContain('/signed-copy#token=');
  });
});
