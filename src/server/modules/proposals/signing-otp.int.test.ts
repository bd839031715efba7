import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { ProposalDetail, SignerProposal } from '../../../contracts/proposals.js';
import { queryRows } from '../../db/client.js';
import { asClient, buildTestApp, tokenFromEmail, type TestApp } from '../../../../test/harness.js';
import { workWorld, type WorkWorld } from '../../../../test/work-fixtures.js';
import { signatureDataUrl } from './signature-png.js';

/** The optional e-mailed one-time code before signing from a link (firm setting proposalSigningOtp). */

let t: TestApp;
let w: WorkWorld;

beforeAll(async () => {
  t = await buildTestApp();
  w = await workWorld(t, 'otp');
});
afterAll(async () => t.close());
beforeEach(async () => {
  await t.db.owner.execute(sql`delete from rate_limits where key like 'signing-%'`);
});

const future = (days = 30) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const setOtp = async (on: boolean) => {
  const res = await w.owner$.req('PATCH', '/api/staff/firm', { proposalSigningOtp: on });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json().proposalSigningOtp).toBe(on);
};

let n = 0;
/** A sent proposal with one e-mail signer; returns it and that signer's address. */
async function sentProposal(): Promise<{ p: ProposalDetail; email: string }> {
  n += 1;
  const email = `otp-signer-${n}-${Date.now()}@example.com`;
  const drafted = await w.owner$.req('POST', '/api/staff/proposals', {
    clientId: w.client1.id, title: 'Advice', items: [{ description: 'Advice', kind: 'one_off', quantityMilli: 1000, unitPriceCents: 100_00 }],
    signers: [{ name: 'Olive Otp', email }], expiresOn: future(),
  });
  expect(drafted.statusCode, drafted.body).toBe(201);
  const sent = await w.owner$.req('POST', `/api/staff/proposals/${drafted.json().id}/send`, { version: 1 });
  expect(sent.statusCode, sent.body).toBe(200);
  return { p: sent.json() as ProposalDetail, email };
}

async function latestMail(email: string, kind: string): Promise<string> {
  const [m] = await queryRows<{ text_body: string }>(t.db.owner, sql`select text_body from outbox_emails where to_address = ${email} and kind = ${kind} order by created_at desc limit 1`);
  return m?.text_body ?? '';
}
const codeIn = (text: string) => /Your code is (\d{6})\./.exec(text)?.[1] ?? '';

/** Opens the e-mailed link like the signing page: a cookie + CSRF session. */
async function open(email: string) {
  const res = await t.app.inject({ method: 'POST', url: '/api/public/signing/open', payload: { token: tokenFromEmail(await latestMail(email, 'proposal_sent')) } });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = String(res.headers['set-cookie']).split(';')[0] ?? '';
  const { csrfToken, otpRequired } = res.json() as { csrfToken: string; otpRequired: boolean };
  const req = (method: 'GET' | 'POST', path: string, payload?: unknown) =>
    t.app.inject({ method, url: `/api/public/signing${path}`, headers: { cookie, 'x-csrf-token': csrfToken, ...(payload ? { 'content-type': 'application/json' } : {}) }, ...(payload ? { payload: JSON.stringify(payload) } : {}) });
  return { req, otpRequired };
}

const signBody = (version = 1) => ({ consent: true, fullName: 'Olive Otp', signature: signatureDataUrl(3), chosenOptionalItemIds: [], proposalVersion: version });
/** Asks for a code and reads it from the e-mail. */
async function askCode(s: Awaited<ReturnType<typeof open>>, email: string): Promise<string> {
  const res = await s.req('POST', '/otp');
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json().sentTo).toBe(email);
  return codeIn(await latestMail(email, 'proposal_otp'));
}
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('off by default', () => {
  it('the firm setting is off; a link signer accepts without a code (email_link) and asking for one is 409', async () => {
    expect((await w.owner$.req('GET', '/api/staff/firm')).json().proposalSigningOtp).toBe(false);
    const { p, email } = await sentProposal();
    const s = await open(email);
    expect(s.otpRequired).toBe(false);
    expect(((await s.req('GET', '/proposal')).json() as SignerProposal).otpRequired).toBe(false);
    expect((await s.req('POST', '/otp')).statusCode).toBe(409);
    const res = await s.req('POST', '/accept', signBody());
    expect(res.statusCode, res.body).toBe(200);
    const d = (await w.owner$.req('GET', `/api/staff/proposals/${p.id}`)).json() as ProposalDetail;
    expect(d.events.find((e) => e.kind === 'signed')?.authMethod).toBe('email_link');
  });
});

describe('with the setting on', () => {
  beforeAll(async () => setOtp(true));
  afterAll(async () => setOtp(false));

  it('accept and decline are 403 until the code is entered; the right code lets them sign, recorded as email_link_otp; the code is single use; the portal needs none', async () => {
    const { p, email } = await sentProposal();
    const s = await open(email);
    expect(s.otpRequired).toBe(true);
    expect(((await s.req('GET', '/proposal')).json() as SignerProposal).otpRequired).toBe(true);
    expect((await s.req('POST', '/accept', signBody())).statusCode).toBe(403);
    expect((await s.req('POST', '/decline', { reason: '', proposalVersion: 1 })).statusCode).toBe(403);
    // Actions need the session's CSRF token, like accept.
    expect((await t.app.inject({ method: 'POST', url: '/api/public/signing/otp' })).statusCode).toBe(404);

    const code = await askCode(s, email);
    expect(code).toMatch(/^\d{6}$/);
    const [row] = await queryRows<{ otp_hash: string }>(t.db.owner, sql`select otp_hash from signing_links where proposal_id = ${p.id} and otp_hash is not null`);
    expect(row?.otp_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row?.otp_hash).not.toContain(code);
    expect((await s.req('POST', '/otp/verify', { code: 'abc' })).statusCode).toBe(400);
    const ok = await s.req('POST', '/otp/verify', { code });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ verified: true });
    expect(((await s.req('GET', '/proposal')).json() as SignerProposal).otpRequired).toBe(false);

    // Reuse: a new signing session (the link opened again) must enter a new code; the old one is spent.
    const again = await open(email);
    expect(again.otpRequired).toBe(true);
    const reused = await again.req('POST', '/otp/verify', { code });
    expect(reused.statusCode).toBe(409);
    expect(reused.json().detail).toMatch(/no code to check/);
    expect((await again.req('POST', '/accept', signBody())).statusCode).toBe(403);
    const fresh = await askCode(again, email);
    expect((await again.req('POST', '/otp/verify', { code: fresh })).statusCode).toBe(200);
    const signed = await again.req('POST', '/accept', signBody());
    expect(signed.statusCode, signed.body).toBe(200);
    const d = (await w.owner$.req('GET', `/api/staff/proposals/${p.id}`)).json() as ProposalDetail;
    expect(d.status).toBe('accepted');
    expect(d.events.filter((e) => e.kind === 'consented' || e.kind === 'signed').map((e) => e.authMethod)).toEqual(['email_link_otp', 'email_link_otp']);
    expect(d.events.find((e) => e.kind === 'viewed')?.authMethod).toBe('email_link');

    // Signed in to the portal, no code is asked for.
    const portalDraft = await w.owner$.req('POST', '/api/staff/proposals', {
      clientId: w.client1.id, title: 'Portal advice', items: [{ description: 'Advice', kind: 'one_off', quantityMilli: 1000, unitPriceCents: 100_00 }], signers: [{ portalUserId: w.person1.id }], expiresOn: future(),
    });
    const portalSent = (await w.owner$.req('POST', `/api/staff/proposals/${portalDraft.json().id}/send`, { version: 1 })).json() as ProposalDetail;
    const alex = await asClient(t, w.firm.slug, w.person1.email);
    const inPortal = await alex.req('GET', `/api/portal/${w.firm.slug}/proposals/${portalSent.id}`);
    expect((inPortal.json() as SignerProposal).otpRequired).toBe(false);
    expect((await alex.req('POST', `/api/portal/${w.firm.slug}/proposals/${portalSent.id}/accept`, signBody())).statusCode).toBe(200);
  });

  it('a wrong code says how many tries are left; the fifth wrong try ends the code, and even the right one is then refused until a new code', async () => {
    const { email } = await sentProposal();
    const s = await open(email);
    const code = await askCode(s, email);
    for (let left = 4; left >= 1; left--) {
      const res = await s.req('POST', '/otp/verify', { code: wrong(code) });
      expect(res.statusCode).toBe(400);
      expect(res.json().detail).toContain(`try ${left} more time`);
    }
    const last = await s.req('POST', '/otp/verify', { code: wrong(code) });
    expect(last.statusCode).toBe(409);
    expect(last.json().detail).toMatch(/last try/);
    const right = await s.req('POST', '/otp/verify', { code });
    expect(right.statusCode).toBe(409);
    expect(right.json().detail).toMatch(/Too many wrong codes/);
    // A new code starts the count again and works.
    const next = await askCode(s, email);
    expect((await s.req('POST', '/otp/verify', { code: next })).statusCode).toBe(200);
    expect((await s.req('POST', '/decline', { reason: 'Changed my mind', proposalVersion: 1 })).statusCode).toBe(200);
  });

  it('an expired code is 409; a newer code replaces an older one; codes are rate-limited per link', async () => {
    const { p, email } = await sentProposal();
    const s = await open(email);
    const first = await askCode(s, email);
    await t.db.owner.execute(sql`update signing_links set otp_expires_at = now() - interval '1 second' where proposal_id = ${p.id} and otp_hash is not null`);
    const expired = await s.req('POST', '/otp/verify', { code: first });
    expect(expired.statusCode).toBe(409);
    expect(expired.json().detail).toMatch(/expired/);
    const second = await askCode(s, email);
    const third = await askCode(s, email);
    if (second !== third) expect((await s.req('POST', '/otp/verify', { code: second })).statusCode).toBe(400);
    await askCode(s, email);
    await askCode(s, email); // the fifth code this hour
    const sixth = await s.req('POST', '/otp');
    expect(sixth.statusCode).toBe(429);
    expect(sixth.headers['retry-after']).toBeDefined();
  });
});
