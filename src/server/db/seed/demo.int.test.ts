import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortalDocumentDto } from '../../../contracts/documents.js';
import type { ThreadDto, ThreadSummary } from '../../../contracts/messages.js';
import type { z } from 'zod';
import type { portalDashboardV2Schema, ServiceDetail } from '../../../contracts/work.js';
import { sql } from 'drizzle-orm';
import type { ProposalDetail, ProposalSummary, SignerProposal, VerificationResult } from '../../../contracts/proposals.js';
import { queryRows } from '../client.js';
import { asClient, asStaff, buildTestApp, multipart, type TestApp } from '../../../../test/harness.js';
import { DEMO_PASSWORD, seedDemoData } from './demo.js';
import { seedDemoWork } from './demo-work.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
  expect(await seedDemoData(t.db)).toBe(true);
  await seedDemoWork(t.deps);
});
afterAll(async () => t.close());

describe('demo data', () => {
  it('Coastal Coffee has one open service request', async () => {
    const alex = await asClient(t, 'harbourside', 'alex@coastalcoffee.example', DEMO_PASSWORD);
    const mine = (await alex.req('GET', '/api/portal/harbourside/service-requests')).json() as { items: { status: string; category: string }[] };
    expect(mine.items).toEqual([expect.objectContaining({ status: 'submitted', category: 'Something else' })]);
  });

  it('Coastal Coffee has "Annual compliance package 2026–27" awaiting Alex’s signature (e-mailed a link); Jordan Lee an accepted one whose signed PDF in his documents verifies as intact', async () => {
    const alex = await asClient(t, 'harbourside', 'alex@coastalcoffee.example', DEMO_PASSWORD);
    const list = (await alex.req('GET', '/api/portal/harbourside/proposals')).json() as { items: { id: string; title: string; status: string; canSign: boolean }[] };
    expect(list.items).toEqual([expect.objectContaining({ title: 'Annual compliance package 2026–27', status: 'sent', canSign: true })]);
    const [mail] = await queryRows<{ text_body: string }>(t.db.owner, sql`select text_body from outbox_emails where kind = 'proposal_sent' and to_address = 'alex@coastalcoffee.example'`);
    expect(mail?.text_body).toMatch(/\/sign#token=/);

    const owner = await asStaff(t, 'owner@harbourside.example', DEMO_PASSWORD);
    const all = (await owner.req('GET', '/api/staff/proposals')).json() as { items: ProposalSummary[] };
    const signed = all.items.find((p) => p.client.name === 'Jordan Lee');
    expect(signed).toMatchObject({ status: 'accepted', signersSigned: 1, signersTotal: 1 });
    const detail = (await owner.req('GET', `/api/staff/proposals/${signed?.id}`)).json() as ProposalDetail;
    expect(detail.events.map((e) => e.kind)).toEqual(['sent', 'viewed', 'consented', 'signed', 'completed']);
    expect(detail.serviceIds).toHaveLength(1);
    expect(detail.invoiceId).toBeNull();
    const jordan = await asClient(t, 'harbourside', 'jordan@lee.example', DEMO_PASSWORD);
    const view = (await jordan.req('GET', `/api/portal/harbourside/proposals/${signed?.id}`)).json() as SignerProposal;
    expect(view).toMatchObject({ status: 'accepted', canSign: false, signedDocumentId: detail.signedDocumentId });
    const pdf = (await jordan.req('GET', `/api/portal/harbourside/documents/${detail.signedDocumentId}/download`)).rawPayload;
    expect(pdf.toString('latin1')).toContain('Certificate of completion');
    const { payload, contentType } = multipart('signed.pdf', pdf);
    const verified = await t.app.inject({ method: 'POST', url: '/api/staff/proposals/verify', payload, headers: { cookie: owner.cookie, 'x-csrf-token': owner.csrf, 'content-type': contentType } });
    expect((verified.json() as VerificationResult)).toMatchObject({ result: 'intact', chainIntact: true });
  });

  it('Coastal Coffee has "Question about Q3 BAS" with three messages, the last unread by Alex, and a thread about the overdue invoice', async () => {
    const alex = await asClient(t, 'harbourside', 'alex@coastalcoffee.example', DEMO_PASSWORD);
    const list = (await alex.req('GET', '/api/portal/harbourside/threads')).json() as { items: ThreadSummary[]; unreadThreads: number };
    const bas = list.items.find((i) => i.subject === 'Question about Q3 BAS');
    expect(bas).toMatchObject({ lastSeq: 3, unread: 1, link: { kind: 'service' } });
    expect(list.unreadThreads).toBe(1);
    const about = list.items.find((i) => i.link?.kind === 'invoice');
    const invoices = (await alex.req('GET', '/api/portal/harbourside/invoices')).json() as { items: { id: string; status: string }[] };
    expect(invoices.items.find((i) => i.id === about?.link?.id)?.status).toBe('overdue');
    const thread = (await alex.req('GET', `/api/portal/harbourside/threads/${bas?.id}`)).json() as ThreadDto;
    expect(thread.messages.map((m) => m.author.kind)).toEqual(['client', 'staff', 'staff']);
    expect(thread.receipts).toEqual([expect.objectContaining({ kind: 'staff', name: 'Mia Nguyen', lastReadSeq: 3 })]);
  });

  it('Coastal Coffee has an unpaid, an overdue and a paid invoice; Jordan Lee one unpaid; GST rounds by the one rule', async () => {
    const alex = await asClient(t, 'harbourside', 'alex@coastalcoffee.example', DEMO_PASSWORD);
    const mine = (await alex.req('GET', '/api/portal/harbourside/invoices')).json() as { items: { status: string; totalCents: number; gstCents: number; subtotalCents: number }[] };
    expect(mine.items.map((i) => i.status).sort()).toEqual(['overdue', 'paid', 'unpaid']);
    for (const i of mine.items) expect(i.subtotalCents + i.gstCents).toBe(i.totalCents);
    const jordan = await asClient(t, 'harbourside', 'jordan@lee.example', DEMO_PASSWORD);
    const his = (await jordan.req('GET', '/api/portal/harbourside/invoices')).json() as { items: { status: string }[] };
    expect(his.items.map((i) => i.status)).toEqual(['unpaid']);
  });

  it('Coastal Coffee sees its BAS task with the bank statements request, its sales report, and the shared financial statements', async () => {
    const alex = await asClient(t, 'harbourside', 'alex@coastalcoffee.example', DEMO_PASSWORD);
    const docs = (await alex.req('GET', '/api/portal/harbourside/documents')).json() as { items: PortalDocumentDto[] };
    expect(docs.items.map((d) => d.fileName).sort()).toEqual(['2025 Financial statements.pdf', 'Sales report Q3.pdf']);
    const shared = docs.items.find((d) => d.fileName === '2025 Financial statements.pdf');
    expect(shared).toMatchObject({ uploadedBy: 'staff', category: 'Financial statements', previewable: true });

    const dash = (await alex.req('GET', '/api/portal/harbourside/dashboard')).json() as z.infer<typeof portalDashboardV2Schema>;
    const bas = dash.services.find((s) => s.name.startsWith('BAS') && s.stageClientLabel !== 'Completed');
    expect(bas).toBeDefined();
    const detail = (await alex.req('GET', `/api/portal/harbourside/services/${bas?.id}`)).json() as ServiceDetail;
    const task = detail.tasks.find((x) => x.questions.some((q) => q.kind === 'upload'));
    expect(task?.status).toBe('waiting_on_client');
    expect(task?.questions.find((q) => q.kind === 'upload')).toMatchObject({ prompt: 'Bank statements Jan–Mar', answer: null });
    expect(task?.documents.map((d) => d.fileName)).toEqual(['Sales report Q3.pdf']);

    const file = await alex.req('GET', `/api/portal/harbourside/documents/${shared?.id}/download`);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.subarray(0, 8).toString()).toBe('%PDF-1.4');
    expect(file.rawPayload.toString('latin1')).toContain('Financial statements for the year ended 30 June 2025');

    const owner = await asStaff(t, 'owner@harbourside.example', DEMO_PASSWORD);
    expect((await owner.req('GET', `/api/staff/documents/${shared?.id}/download`)).statusCode).toBe(200);
  });
});
