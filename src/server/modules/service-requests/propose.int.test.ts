import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { ProposalDetail } from '../../../contracts/proposals.js';
import type { ServiceRequestDto } from '../../../contracts/service-requests.js';
import { queryRows } from '../../db/client.js';
import { asClient, buildTestApp, type Session, type TestApp } from '../../../../test/harness.js';
import { templateId, workWorld, type WorkWorld } from '../../../../test/work-fixtures.js';
import { signatureDataUrl } from '../proposals/signature-png.js';

/** A service request turned into a pre-filled proposal, and the request following that proposal. */

let t: TestApp;
let w: WorkWorld;
let other: WorkWorld;
let alex: Session;
const portal = (path = '') => `/api/portal/${w.firm.slug}${path}`;
const staffReq = (id: string, path = '') => `/api/staff/service-requests/${id}${path}`;

beforeAll(async () => {
  t = await buildTestApp();
  w = await workWorld(t, 'spr');
  other = await workWorld(t, 'spr-b');
  alex = await asClient(t, w.firm.slug, w.person1.email);
});
afterAll(async () => t.close());
beforeEach(async () => {
  await t.db.owner.execute(sql`delete from rate_limits where key like 'service-requests:%'`);
});

async function request(templateName: string | null = 'BAS Preparation', description = 'We have just registered for GST and need our BAS done each quarter.'): Promise<ServiceRequestDto> {
  const res = await alex.req('POST', portal('/service-requests'), { templateId: templateName ? templateId(w, templateName) : null, description });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as ServiceRequestDto;
}

async function propose(r: { id: string; version: number }, body: Record<string, unknown> = {}) {
  const res = await w.owner$.req('POST', staffReq(r.id, '/propose'), { version: r.version, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { request: ServiceRequestDto; proposal: ProposalDetail };
}

const mine = async (id: string) => ((await alex.req('GET', portal('/service-requests'))).json() as { items: ServiceRequestDto[] }).items.find((i) => i.id === id);
const staffView = async (id: string) => (await w.owner$.req('GET', staffReq(id))).json() as ServiceRequestDto;
const sign = (version: number) => ({ consent: true, fullName: 'Person One', signature: signatureDataUrl(), chosenOptionalItemIds: [], proposalVersion: version });

describe('a service request becomes a proposal', () => {
  it('pre-fills a draft from the matching template (requester signs, 30 days, intro answering the request); sending makes the request “Proposal sent” with a link the client sees; signing makes it Accepted with the service', async () => {
    const r = await request();
    const { request: linked, proposal: p } = await propose(r);
    expect(p).toMatchObject({ status: 'draft', title: 'BAS quarterly service', client: { id: w.client1.id }, sourceRequestId: r.id, invoiceOnAcceptance: false });
    expect(p.content.items.map((i) => i.description)).toEqual(['BAS preparation and lodgment', 'Set-up and review of your GST coding', 'Payroll and Single Touch Payroll']);
    expect(p.content.items[0]?.serviceTemplateId).toBe(templateId(w, 'BAS Preparation'));
    expect(p.content.intro).toMatch(/This proposal answers it: you asked “We have just registered for GST/);
    expect(p.signerInputs).toEqual([{ portalUserId: w.person1.id, name: w.person1.name, email: w.person1.email.toLowerCase() }]);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Australia/Sydney' }).format(new Date());
    expect(p.expiresOn).toBe(new Date(Date.parse(`${today}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10));
    expect(linked).toMatchObject({ status: 'in_discussion', proposalId: p.id, proposalStatus: 'draft', version: r.version + 1 });
    // A draft is the firm's business: the client sees the request In discussion, without a link.
    expect(await mine(r.id)).toMatchObject({ status: 'in_discussion', proposalId: null, proposalStatus: null });

    const sent = (await w.owner$.req('POST', `/api/staff/proposals/${p.id}/send`, { version: p.version })).json() as ProposalDetail;
    expect(sent.status).toBe('sent');
    expect(await mine(r.id)).toMatchObject({ status: 'proposed', proposalId: p.id, proposalStatus: 'sent' });
    // While the proposal is out, the request cannot be declined or accepted as a service, nor proposed again.
    const now = await staffView(r.id);
    expect((await w.owner$.req('POST', staffReq(r.id, '/decline'), { version: now.version, reason: 'x' })).statusCode).toBe(409);
    expect((await w.owner$.req('POST', staffReq(r.id, '/accept'), { version: now.version, templateId: templateId(w, 'BAS Preparation') })).statusCode).toBe(409);
    expect((await w.owner$.req('POST', staffReq(r.id, '/propose'), { version: now.version })).statusCode).toBe(409);

    const signed = await alex.req('POST', portal(`/proposals/${p.id}/accept`), sign(1));
    expect(signed.statusCode, signed.body).toBe(200);
    const done = (await w.owner$.req('GET', `/api/staff/proposals/${p.id}`)).json() as ProposalDetail;
    expect(done.status).toBe('accepted');
    expect(await mine(r.id)).toMatchObject({ status: 'accepted', proposalId: p.id, proposalStatus: 'accepted', serviceId: done.serviceIds[0] });
  });

  it('a double click makes one proposal (409 for the other)', async () => {
    const r = await request();
    const [a, b] = await Promise.all([1, 2].map(() => w.owner$.req('POST', staffReq(r.id, '/propose'), { version: r.version })));
    expect([a?.statusCode, b?.statusCode].sort()).toEqual([201, 409]);
    const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(t.db.owner, sql`select count(*)::int as n from proposals where source_request_id = ${r.id}`);
    expect(n).toBe(1);
  });

  it('another firm’s request is 404 and nothing is made; a declined request is 409; bad bodies are 400', async () => {
    const r = await request();
    expect((await other.owner$.req('POST', staffReq(r.id, '/propose'), { version: r.version })).statusCode).toBe(404);
    expect((await w.owner$.req('POST', staffReq(r.id, '/propose'), { version: r.version, templateKey: 'nope' })).statusCode).toBe(400);
    expect((await w.owner$.req('POST', staffReq(r.id, '/propose'), { version: r.version + 5 })).statusCode).toBe(409);
    const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(t.db.owner, sql`select count(*)::int as n from proposals where source_request_id = ${r.id}`);
    expect(n).toBe(0);
    const declined = (await w.owner$.req('POST', staffReq(r.id, '/decline'), { version: r.version, reason: 'We do not do that work.' })).json() as ServiceRequestDto;
    expect(declined.status).toBe('declined');
    const res = await w.owner$.req('POST', staffReq(r.id, '/propose'), { version: declined.version });
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toMatch(/already declined/);
  });

  it('“Something else”: one $0 item for staff to price and a chosen template; declined or withdrawn, the request is back In discussion and can be proposed afresh', async () => {
    const r = await request(null, 'Could you look at our structure before we buy a second café?');
    const { proposal: p } = await propose(r);
    expect(p.title).toBe(`Proposal for ${w.client1.name}`);
    expect(p.content.items).toEqual([expect.objectContaining({ description: 'Advice and work as discussed', unitPriceCents: 0, serviceTemplateId: null, kind: 'one_off' })]);
    const sent = (await w.owner$.req('POST', `/api/staff/proposals/${p.id}/send`, { version: p.version })).json() as ProposalDetail;
    const declined = await alex.req('POST', portal(`/proposals/${p.id}/decline`), { reason: 'Not now', proposalVersion: sent.currentVersion });
    expect(declined.statusCode, declined.body).toBe(200);
    expect(await mine(r.id)).toMatchObject({ status: 'in_discussion', proposalId: p.id, proposalStatus: 'declined' });

    const again = await propose(await staffView(r.id), { templateKey: 'annual_compliance' });
    expect(again.proposal.title).toBe('Annual compliance package');
    expect(again.request).toMatchObject({ status: 'in_discussion', proposalId: again.proposal.id, proposalStatus: 'draft' });
    // The old proposal no longer moves the request; the new one does.
    const v2 = (await w.owner$.req('POST', `/api/staff/proposals/${again.proposal.id}/send`, { version: again.proposal.version })).json() as ProposalDetail;
    expect((await staffView(r.id)).status).toBe('proposed');
    const withdrawn = await w.owner$.req('POST', `/api/staff/proposals/${again.proposal.id}/withdraw`, { version: v2.version });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(await staffView(r.id)).toMatchObject({ status: 'in_discussion', proposalId: again.proposal.id, proposalStatus: 'withdrawn' });
    // With nothing in play, the firm may decline the request after all.
    const now = await staffView(r.id);
    expect((await w.owner$.req('POST', staffReq(r.id, '/decline'), { version: now.version, reason: 'We could not agree on scope.' })).statusCode).toBe(200);
  });
});
