import { deflateSync, crc32 } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { ProposalDetail, SignerProposal, VerificationResult } from '../../../contracts/proposals.js';
import { queryRows } from '../../db/client.js';
import { asClient, buildTestApp, createPortalUser, multipart, tokenFromEmail, type Session, type TestApp } from '../../../../test/harness.js';
import { templateId, workWorld, type WorkWorld } from '../../../../test/work-fixtures.js';
import { runProposalJobs } from './proposals.jobs.js';

let t: TestApp;
let w: WorkWorld;
let other: WorkWorld;
let alex: Session;

/** A real PNG of the given size (white, one-bit-per-channel RGB rows), built by hand. */
export function png(width = 300, height = 100): string {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; ihdr[9] = 2; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  const raw = Buffer.alloc((width * 3 + 1) * height, 0xff);
  for (let y = 0; y < height; y++) raw[y * (width * 3 + 1)] = 0;
  const bytes = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
  return `data:image/png;base64,${bytes.toString('base64')}`;
}

const future = (days = 30) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await buildTestApp();
  w = await workWorld(t, 'pr');
  other = await workWorld(t, 'pr-b');
  alex = await asClient(t, w.firm.slug, w.person1.email);
});
afterAll(async () => t.close());
beforeEach(async () => {
  await t.db.owner.execute(sql`delete from rate_limits where key like 'signing-open:%'`);
});

function body(over: Record<string, unknown> = {}) {
  return {
    clientId: w.client1.id, title: 'Annual compliance package 2026–27', intro: 'Dear {{client.name}}, thank you.', terms: 'Between {{firm.legalName}} (ABN {{firm.abn}}) and {{client.name}}; open until {{proposal.expiresOn}}.',
    items: [
      { description: 'BAS preparation', scope: 'Each quarter', serviceTemplateId: templateId(w, 'BAS Preparation'), kind: 'quarterly', quantityMilli: 1000, unitPriceCents: 495_00 },
      { description: 'Tax planning meeting', serviceTemplateId: templateId(w, 'Advisory'), kind: 'one_off', quantityMilli: 1000, unitPriceCents: 450_00 },
      { description: 'Bookkeeping', serviceTemplateId: templateId(w, 'Bookkeeping'), kind: 'monthly', quantityMilli: 1000, unitPriceCents: 385_00, optional: true },
    ],
    signers: [{ portalUserId: w.person1.id }],
    expiresOn: future(), invoiceOnAcceptance: true,
    ...over,
  };
}

async function draft(over: Record<string, unknown> = {}, s: Session = w.owner$): Promise<ProposalDetail> {
  const res = await s.req('POST', '/api/staff/proposals', body(over));
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as ProposalDetail;
}

async function send(p: ProposalDetail): Promise<ProposalDetail> {
  const res = await w.owner$.req('POST', `/api/staff/proposals/${p.id}/send`, { version: p.version });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as ProposalDetail;
}

/** The signing token e-mailed to an address for this proposal (the latest). */
async function tokenFor(email: string): Promise<string> {
  const [m] = await queryRows<{ text_body: string }>(t.db.owner, sql`select text_body from outbox_emails where to_address = ${email} and kind in ('proposal_sent', 'proposal_reminder') order by created_at desc limit 1`);
  return tokenFromEmail(m?.text_body ?? '');
}

/** Opens a link like the signing page does: returns a cookie + CSRF session for /api/public/signing. */
async function openLink(token: string) {
  const res = await t.app.inject({ method: 'POST', url: '/api/public/signing/open', payload: { token } });
  if (res.statusCode !== 200) return { res, req: undefined };
  const set = String(res.headers['set-cookie']);
  const cookie = set.split(';')[0] ?? '';
  const csrf = (res.json() as { csrfToken: string }).csrfToken;
  const req = (method: 'GET' | 'POST', path: string, payload?: unknown) => t.app.inject({ method, url: `/api/public/signing${path}`, headers: { cookie, 'x-csrf-token': csrf, ...(payload ? { 'content-type': 'application/json' } : {}) }, ...(payload ? { payload: JSON.stringify(payload) } : {}) });
  return { res, req, set };
}

const signBody = (version: number, over: Record<string, unknown> = {}) => ({ consent: true, fullName: 'Alex Signer', signature: png(), chosenOptionalItemIds: [], proposalVersion: version, ...over });

describe('staff: drafts, templates and bad input', () => {
  it('lists three Australian templates with their items linked to the firm’s service templates', async () => {
    const res = await w.owner$.req('GET', '/api/staff/proposal-templates');
    expect(res.statusCode).toBe(200);
    const items = (res.json() as { items: { key: string; terms: string; items: { serviceTemplateId: string | null }[] }[] }).items;
    expect(items.map((i) => i.key)).toEqual(['annual_compliance', 'bas_quarterly', 'smsf_annual']);
    expect(items[0]?.terms).toContain('{{firm.abn}}');
    expect(items[0]?.items[0]?.serviceTemplateId).toBe(templateId(w, 'BAS Preparation'));
  });

  it('a draft is priced with GST per kind (optional items left out) and its text is sealed at rest', async () => {
    const p = await draft();
    expect(p.status).toBe('draft');
    expect(p.content.totals).toEqual([
      { kind: 'one_off', subtotalCents: 450_00, gstCents: 45_00, totalCents: 495_00 },
      { kind: 'quarterly', subtotalCents: 495_00, gstCents: 49_50, totalCents: 544_50 },
    ]);
    const [row] = await queryRows<{ content: Buffer }>(t.db.owner, sql`select content from proposals where id = ${p.id}`);
    expect(Buffer.from(row?.content ?? []).toString('latin1')).not.toContain('thank you');
  });

  it('refuses negative and absurd prices, no items, more than 50, huge text, a past expiry and another client’s portal user', async () => {
    const item = { description: 'x', kind: 'one_off', quantityMilli: 1000, unitPriceCents: 100 };
    const bad = [
      body({ items: [{ ...item, unitPriceCents: -1 }] }),
      body({ items: [{ ...item, unitPriceCents: 10_000_000_01 }] }),
      body({ items: [{ ...item, quantityMilli: 2000, unitPriceCents: 6_000_000_00 }] }),
      body({ items: [] }),
      body({ items: Array.from({ length: 51 }, () => item) }),
      body({ terms: 'x'.repeat(50_001) }),
      body({ expiresOn: '2020-01-01' }),
      body({ signers: [{ portalUserId: w.person2.id }] }),
      body({ clientId: other.client1.id }),
    ];
    for (const b of bad) expect((await w.owner$.req('POST', '/api/staff/proposals', b)).statusCode, JSON.stringify(b).slice(0, 80)).toBe(400);
  });

  it('another firm’s proposal is 404 for every staff route', async () => {
    const p = await draft();
    for (const [m, path, b] of [['GET', '', undefined], ['PATCH', '', { version: 1, title: 'x' }], ['POST', '/send', { version: 1 }], ['POST', '/withdraw', { version: 1 }], ['POST', '/revise', { version: 1 }], ['GET', '/pdf', undefined]] as const) {
      expect((await other.owner$.req(m, `/api/staff/proposals/${p.id}${path}`, b)).statusCode).toBe(404);
    }
  });
});

describe('sending and the link lifecycle', () => {
  it('send freezes the version (merge fields filled, PDF hash), e-mails a link without prices, and editing after send is 409', async () => {
    const p = await send(await draft());
    expect(p.status).toBe('sent');
    expect(p.currentVersion).toBe(1);
    expect(p.content.terms).toContain(w.firm.legalName);
    expect(p.content.terms).toContain('ABN 51824753556');
    expect(p.versions[0]?.documentSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(p.signers[0]).toMatchObject({ status: 'pending', sentAt: expect.any(String), viewedAt: null });
    const [mail] = await queryRows<{ text_body: string }>(t.db.owner, sql`select text_body from outbox_emails where idempotency_key = ${`proposal-sent:${p.signers[0]?.id}`}`);
    expect(mail?.text_body).toMatch(/\/sign#token=/);
    expect(mail?.text_body).not.toMatch(/\$|495|Between/);
    const edit = await w.owner$.req('PATCH', `/api/staff/proposals/${p.id}`, { version: p.version, title: 'Changed' });
    expect(edit.statusCode).toBe(409);
    const pdf = await w.owner$.req('GET', `/api/staff/proposals/${p.id}/pdf`);
    expect(pdf.statusCode).toBe(200);
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(pdf.rawPayload).digest('hex')).toBe(p.versions[0]?.documentSha256);
  });

  it('a link opens a 30-minute signing session (HttpOnly, SameSite=Strict, path-scoped, no referrer); unknown, withdrawn, used and old-version links all get the same 404', async () => {
    const p = await send(await draft());
    const token = await tokenFor(w.person1.email);
    const opened = await openLink(token);
    expect(opened.res.statusCode).toBe(200);
    expect(opened.set).toMatch(/HttpOnly/i);
    expect(opened.set).toMatch(/SameSite=Strict/i);
    expect(opened.set).toMatch(/Path=\/api\/public\/signing/);
    expect(opened.res.headers['referrer-policy']).toBe('no-referrer');
    const view = await opened.req?.('GET', '/proposal');
    expect(view?.statusCode).toBe(200);
    expect((view?.json() as SignerProposal).canSign).toBe(true);
    expect((await w.owner$.req('GET', `/api/staff/proposals/${p.id}`)).json().signers[0].viewedAt).toEqual(expect.any(String));

    const unknown = await openLink('A'.repeat(43));
    expect(unknown.res.statusCode).toBe(404);
    const answer = unknown.res.json().detail;

    // A new version: the old link (and its session) stop working.
    const revised = (await w.owner$.req('POST', `/api/staff/proposals/${p.id}/revise`, { version: p.version })).json() as ProposalDetail;
    expect((await openLink(token)).res.json().detail).toBe(answer);
    expect((await opened.req?.('GET', '/proposal'))?.statusCode).toBe(404);
    const v2 = await send(revised);
    expect(v2.currentVersion).toBe(2);
    expect(v2.versions).toHaveLength(2);
    const token2 = await tokenFor(w.person1.email);
    // Signed: the link is used.
    const s2 = await openLink(token2);
    expect((await s2.req?.('POST', '/accept', signBody(2)))?.statusCode).toBe(200);
    expect((await openLink(token2)).res.json().detail).toBe(answer);
    // Withdrawn.
    const q = await send(await draft({ invoiceOnAcceptance: false }));
    const tq = await tokenFor(w.person1.email);
    await w.owner$.req('POST', `/api/staff/proposals/${q.id}/withdraw`, { version: q.version });
    expect((await openLink(tq)).res.json().detail).toBe(answer);
    // Expired (the expiry date passed).
    const e = await send(await draft({ invoiceOnAcceptance: false }));
    const te = await tokenFor(w.person1.email);
    await t.db.owner.execute(sql`update signing_links set expires_at = now() - interval '1 minute' where proposal_id = ${e.id}`);
    expect((await openLink(te)).res.json().detail).toBe(answer);
  });

  it('a signing session needs its CSRF token for actions, and cannot act on another signer’s behalf', async () => {
    await send(await draft({ signers: [{ portalUserId: w.person1.id }, { name: 'Sam Partner', email: 'sam.partner@example.com' }] }));
    const mine = await openLink(await tokenFor(w.person1.email));
    const res = await t.app.inject({ method: 'POST', url: '/api/public/signing/accept', headers: { cookie: String(mine.set).split(';')[0] ?? '', 'content-type': 'application/json' }, payload: JSON.stringify(signBody(1)) });
    expect(res.statusCode).toBe(403);
  });
});

describe('signing and acceptance', () => {
  it('two signers: the portal user and an e-mail signer sign at the same moment; acceptance happens once: services, one issued invoice, signed PDF and certificate', async () => {
    const p = await send(await draft({ signers: [{ portalUserId: w.person1.id }, { name: 'Sam Partner', email: 'sam.partner2@example.com' }] }));
    const link = await openLink(await tokenFor('sam.partner2@example.com'));
    const bookkeeping = p.content.items.find((i) => i.optional)?.id ?? '';
    const portalView = (await alex.req('GET', `/api/portal/${w.firm.slug}/proposals/${p.id}`)).json() as SignerProposal;
    expect(portalView.canSign).toBe(true);
    const [a, b] = await Promise.all([
      alex.req('POST', `/api/portal/${w.firm.slug}/proposals/${p.id}/accept`, signBody(1, { chosenOptionalItemIds: [bookkeeping] })),
      link.req?.('POST', '/accept', signBody(1, { fullName: 'Sam Partner', chosenOptionalItemIds: [bookkeeping] })),
    ]);
    expect([a.statusCode, b?.statusCode]).toEqual([200, 200]);
    // A double submit after acceptance changes nothing.
    expect((await alex.req('POST', `/api/portal/${w.firm.slug}/proposals/${p.id}/accept`, signBody(1))).statusCode).toBe(409);
    const done = (await w.owner$.req('GET', `/api/staff/proposals/${p.id}`)).json() as ProposalDetail;
    expect(done.status).toBe('accepted');
    expect(done.serviceIds).toHaveLength(3);
    // The same services by name, in the order they were made.
    expect(done.services.map((s) => s.id)).toEqual(done.serviceIds);
    expect(done.services.every((s) => s.name.trim().length > 0)).toBe(true);
    expect(done.invoiceId).toEqual(expect.any(String));
    expect(done.signedDocumentId).toEqual(expect.any(String));
    expect(done.verificationCode).toMatch(/^[0-9A-Z]{10}$/);
    expect(done.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['sent', 'viewed', 'consented', 'signed', 'completed']));
    const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(t.db.owner, sql`select count(*)::int as n from invoices where client_id = ${w.client1.id} and notes like ${'%' + p.title + '%'} and status = 'issued'`);
    expect(n).toBeGreaterThanOrEqual(1);
    const inv = (await w.owner$.req('GET', `/api/staff/invoices/${done.invoiceId}`)).json();
    expect(inv).toMatchObject({ status: 'unpaid', totalCents: 495_00 });
    const [plans] = await queryRows<{ n: number }>(t.db.owner, sql`select count(*)::int as n from recurring_plans where client_id = ${w.client1.id} and active`);
    expect(plans?.n).toBeGreaterThanOrEqual(2);
    // The signed PDF is in the client's documents, for both sides.
    const dl = await alex.req('GET', `/api/portal/${w.firm.slug}/documents/${done.signedDocumentId}/download`);
    expect(dl.statusCode).toBe(200);
    const pdf = dl.rawPayload;
    expect(pdf.toString('latin1')).toContain(`Verification code: ${done.verificationCode}`);
    expect(pdf.toString('latin1')).toContain('Certificate of completion');

    // Verification: the file is intact; one byte changed is altered; a stranger's file is unknown.
    const verify = async (bytes: Buffer) => {
      const { payload, contentType } = multipart('signed.pdf', bytes);
      const res = await t.app.inject({ method: 'POST', url: '/api/staff/proposals/verify', payload, headers: { cookie: w.owner$.cookie, 'x-csrf-token': w.owner$.csrf, 'content-type': contentType } });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as VerificationResult;
    };
    expect(await verify(pdf)).toMatchObject({ result: 'intact', chainIntact: true });
    const altered = Buffer.from(pdf);
    const at = altered.indexOf(Buffer.from('Tax planning meeting'));
    altered[at] = 'X'.charCodeAt(0);
    expect((await verify(altered)).result).toBe('altered');
    expect((await verify(Buffer.from('%PDF-1.4\n%%EOF\n'))).result).toBe('unknown');
    // The other firm does not find it at all.
    const { payload, contentType } = multipart('signed.pdf', pdf);
    const theirs = await t.app.inject({ method: 'POST', url: '/api/staff/proposals/verify', payload, headers: { cookie: other.owner$.cookie, 'x-csrf-token': other.owner$.csrf, 'content-type': contentType } });
    expect(theirs.json().result).toBe('unknown');
    // Tampering with the stored evidence is detected too (as the database owner; the app role cannot).
    await t.db.owner.execute(sql`alter table proposal_events disable trigger proposal_events_no_update`);
    await t.db.owner.execute(sql`update proposal_events set ip = '10.9.9.9' where proposal_id = ${p.id} and kind = 'signed'`);
    await t.db.owner.execute(sql`alter table proposal_events enable trigger proposal_events_no_update`);
    expect(await verify(pdf)).toMatchObject({ result: 'altered', chainIntact: false });
  });

  it('acceptance racing withdrawal: exactly one wins, the other is 409, and the outcome is consistent', async () => {
    for (let i = 0; i < 3; i++) {
      const p = await send(await draft({ invoiceOnAcceptance: false, items: [{ description: 'Advice', kind: 'one_off', quantityMilli: 1000, unitPriceCents: 100_00 }] }));
      const [sign, withdraw] = await Promise.all([
        alex.req('POST', `/api/portal/${w.firm.slug}/proposals/${p.id}/accept`, signBody(1)),
        w.owner$.req('POST', `/api/staff/proposals/${p.id}/withdraw`, { version: p.version }),
      ]);
      expect([sign.statusCode, withdraw.statusCode].sort()).toEqual([200, 409]);
      const after = (await w.owner$.req('GET', `/api/staff/proposals/${p.id}`)).json() as ProposalDetail;
      expect(after.status).toBe(sign.statusCode === 200 ? 'accepted' : 'withdrawn');
    }
  });

  it('bad signature images are 422 with a reason; nothing is recorded', async () => {
    const p = await send(await draft({ invoiceOnAcceptance: false }));
    const url = `/api/portal/${w.firm.slug}/proposals/${p.id}/accept`;
    const cases: [string, RegExp][] = [
      ['data:image/png;base64,' + Buffer.from('GIF89a not a png at all, really not').toString('base64'), /not a PNG/],
      ['data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=', /must be a PNG/],
      [png(10, 5), /pixels/],
      [`data:image/png;base64,${Buffer.concat([Buffer.from(png().split(',')[1] ?? '', 'base64').subarray(0, 40), Buffer.alloc(100)]).toString('base64')}`, /damaged/],
    ];
    for (const [signature, why] of cases) {
      const res = await alex.req('POST', url, signBody(1, { signature }));
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().detail).toMatch(why);
    }
    expect((await alex.req('POST', url, signBody(1, { signature: 'data:image/png;base64,' + 'A'.repeat(430_000) }))).statusCode).toBe(400);
    expect((await alex.req('POST', url, signBody(1, { consent: false }))).statusCode).toBe(400);
    expect((await alex.req('POST', url, signBody(1, { fullName: 'x'.repeat(201) }))).statusCode).toBe(400);
    const d = (await w.owner$.req('GET', `/api/staff/proposals/${p.id}`)).json() as ProposalDetail;
    expect(d.events.filter((e) => e.kind === 'signed')).toEqual([]);
  });

  it('decline with a reason: the proposal is declined, the firm is e-mailed, and a new version can be sent', async () => {
    const p = await send(await draft({ invoiceOnAcceptance: false }));
    const res = await alex.req('POST', `/api/portal/${w.firm.slug}/proposals/${p.id}/decline`, { reason: 'Too expensive', proposalVersion: 1 });
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as SignerProposal).status).toBe('declined');
    const d = (await w.owner$.req('GET', `/api/staff/proposals/${p.id}`)).json() as ProposalDetail;
    expect(d.signers[0]).toMatchObject({ status: 'declined', declineReason: 'Too expensive' });
    const revised = (await w.owner$.req('POST', `/api/staff/proposals/${p.id}/revise`, { version: d.version })).json() as ProposalDetail;
    expect(revised.status).toBe('draft');
  });

  it('the portal: another client of the firm and another firm’s client get 404; a client user who is not a signer can read but not sign', async () => {
    const p = await send(await draft({ invoiceOnAcceptance: false }));
    const neighbour = await asClient(t, w.firm.slug, w.person2.email);
    expect((await neighbour.req('GET', `/api/portal/${w.firm.slug}/proposals/${p.id}`)).statusCode).toBe(404);
    expect((await neighbour.req('POST', `/api/portal/${w.firm.slug}/proposals/${p.id}/accept`, signBody(1))).statusCode).toBe(404);
    const stranger = await asClient(t, other.firm.slug, other.person1.email);
    expect((await stranger.req('GET', `/api/portal/${other.firm.slug}/proposals/${p.id}`)).statusCode).toBe(404);
    const colleague = await createPortalUser(t.db, w.firm.id, w.client1.id, { name: 'Casey Colleague' });
    const casey = await asClient(t, w.firm.slug, colleague.email);
    const seen = await casey.req('GET', `/api/portal/${w.firm.slug}/proposals/${p.id}`);
    expect((seen.json() as SignerProposal).canSign).toBe(false);
    expect((await casey.req('POST', `/api/portal/${w.firm.slug}/proposals/${p.id}/accept`, signBody(1))).statusCode).toBe(403);
    const list = (await alex.req('GET', `/api/portal/${w.firm.slug}/proposals`)).json() as { items: { id: string }[] };
    expect(list.items.map((i) => i.id)).toContain(p.id);
  });
});

describe('reminders', () => {
  it('reminds an unsigned signer every 3 days with a fresh link, never twice for one due reminder', async () => {
    const p = await send(await draft({ invoiceOnAcceptance: false, signers: [{ name: 'Remy Reminded', email: 'remy@example.com' }] }));
    const later = new Date(Date.now() + 3 * 86_400_000 + 60_000);
    await Promise.all([runProposalJobs(t.deps, later), runProposalJobs(t.deps, later)]);
    await runProposalJobs(t.deps, later);
    const mails = await queryRows<{ idempotency_key: string }>(t.db.owner, sql`select idempotency_key from outbox_emails where kind = 'proposal_reminder' and to_address = 'remy@example.com'`);
    expect(mails.map((m) => m.idempotency_key)).toEqual([`proposal-reminder:${p.signers[0]?.id}:1`]);
    expect((await openLink(await tokenFor('remy@example.com'))).res.statusCode).toBe(200);
  });
});

describe('notification preferences', () => {
  it('a portal user who turned "A proposal is ready to sign" off gets no signing e-mail but can sign in the portal; a signer by e-mail address always gets one', async () => {
    const prefs = `/api/portal/${w.firm.slug}/profile/notifications`;
    expect((await alex.req('PUT', prefs, { items: [{ event: 'proposal_to_sign', channel: 'off' }] })).statusCode).toBe(200);
    try {
      const p = await send(await draft({ signers: [{ portalUserId: w.person1.id }, { name: 'Sam Outside', email: 'sam.outside@example.com' }] }));
      const signers = await queryRows<{ id: string; email: string }>(t.db.owner, sql`select id, email from proposal_signers where proposal_id = ${p.id}`);
      expect(signers).toHaveLength(2);
      const keys = await queryRows<{ idempotency_key: string }>(t.db.owner, sql`select idempotency_key from outbox_emails where idempotency_key in (${sql.join(signers.map((s) => sql`${`proposal-sent:${s.id}`}`), sql`, `)})`);
      expect(keys.map((k) => k.idempotency_key)).toEqual([`proposal-sent:${signers.find((s) => s.email === 'sam.outside@example.com')?.id}`]);
      const inPortal = await alex.req('GET', `/api/portal/${w.firm.slug}/proposals/${p.id}`);
      expect((inPortal.json() as { canSign: boolean }).canSign).toBe(true);
    } finally {
      await alex.req('PUT', prefs, { items: [{ event: 'proposal_to_sign', channel: 'immediately' }] });
    }
  });
});
