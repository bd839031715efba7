import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { DocumentDto, PortalDocumentDto } from '../../../contracts/documents.js';
import type { ServiceDetail } from '../../../contracts/work.js';
import { queryRows } from '../../db/client.js';
import { asClient, asStaff, buildTestApp, uploadAs, type Session, type TestApp } from '../../../../test/harness.js';
import { ask, basService, taskIn, visibleTask, workWorld, type WorkWorld } from '../../../../test/work-fixtures.js';
import { sendClientNotices } from '../work/work.jobs.js';

let t: TestApp;
let w: WorkWorld;
let client: Session;
let staff: Session;
beforeAll(async () => {
  t = await buildTestApp({ config: { noticeBatchSeconds: 0 } });
  w = await workWorld(t, 'a');
  client = await asClient(t, w.firm.slug, w.person1.email);
  staff = await asStaff(t, w.staff.email);
});
afterAll(async () => t.close());

const pdf = (marker: string) => Buffer.from(`%PDF-1.7\n% ${marker}\n${'x'.repeat(2000)}\n%%EOF\n`);
const portalUpload = (fileName: string, body: Buffer, fields: Record<string, string> = {}) => uploadAs(t, client, `/api/portal/${w.firm.slug}/documents`, fileName, body, fields);
const service = async (id: string, s: Session = w.owner$, portal = false) =>
  (await s.req('GET', portal ? `/api/portal/${w.firm.slug}/services/${id}` : `/api/staff/services/${id}`)).json() as ServiceDetail;

/** A BAS service assigned to the staff member, whose first client task asks for one document. */
async function requesting(prompt = 'Bank statements Jan–Mar', extra: Record<string, unknown> = {}) {
  const svc = await basService(w, { assigneeId: w.staff.id });
  const task = visibleTask(svc);
  const { questionId, service: after } = await ask(w.owner$, task.id, { kind: 'upload', prompt, ...extra });
  return { service: after, task: taskIn(after, task.id), requestId: questionId };
}

describe('document requests', () => {
  it('staff ask for a document with a due date; only a document request may have one', async () => {
    const { task, requestId } = await requesting('Bank statements Jul–Sep 2026', { dueDate: '2026-10-14' });
    expect(task.status).toBe('waiting_on_client');
    expect(task.questions.find((q) => q.id === requestId)).toMatchObject({ kind: 'upload', prompt: 'Bank statements Jul–Sep 2026', dueDate: '2026-10-14', answer: null });

    const bad = await w.owner$.req('POST', `/api/staff/tasks/${task.id}/questions`, { kind: 'text', prompt: 'When?', dueDate: '2026-10-14' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/only a document request/);
  });

  it('the client uploads against the request: confirmed at once, the task leaves Waiting on You, the accountant is told', async () => {
    const { service: svc, task, requestId } = await requesting();
    const res = await portalUpload('Statement March.pdf', pdf('march'), { requestId });
    expect(res.statusCode, res.body).toBe(201);
    const doc = res.json() as PortalDocumentDto;
    expect(doc).toMatchObject({ requestId, taskId: task.id, serviceId: svc.id, taskName: task.name, serviceName: svc.name, version: 1, superseded: false, uploadedBy: 'portal', uploadedByName: w.person1.name, previewable: true });

    const seen = taskIn(await service(svc.id, client, true), task.id);
    expect(seen.status).toBe('in_progress');
    expect(seen.questions.find((q) => q.id === requestId)?.answeredAt).not.toBeNull();
    expect(seen.documents.map((d) => d.id)).toEqual([doc.id]);

    const notes = (await staff.req('GET', '/api/staff/notifications')).json() as { items: { title: string; link: string }[]; unread: number };
    expect(notes.items[0]).toMatchObject({ title: expect.stringContaining('sent a document'), link: `/app/clients/${w.client1.id}?tab=documents` });
    await t.flushMail();
    const mail = await t.mailCatcher?.waitFor((m) => m.to.includes(w.staff.email) && m.subject.includes('sent you documents'));
    expect(mail?.text).not.toContain('Statement March');
  });

  it('uploading again keeps the earlier version; both stay downloadable, the newer marked current', async () => {
    const { service: svc, task, requestId } = await requesting();
    const first = (await portalUpload('Statement.pdf', pdf('first'), { requestId })).json() as PortalDocumentDto;
    const second = await portalUpload('Statement.pdf', pdf('second'), { requestId });
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json()).toMatchObject({ version: 2, superseded: false });

    const docs = taskIn(await service(svc.id), task.id).documents;
    expect(docs.map((d) => [d.version, d.superseded])).toEqual([[2, false], [1, true]]);
    const old = await client.req('GET', `/api/portal/${w.firm.slug}/documents/${first.id}/download`);
    expect(old.body).toContain('first');
  });

  it('several uploads to one request at once get distinct versions, and the task moves once', async () => {
    const { task, requestId } = await requesting();
    const results = await Promise.all([1, 2, 3].map((n) => portalUpload(`Part ${n}.pdf`, pdf(`part ${n}`), { requestId })));
    expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201]);
    expect(results.map((r) => (r.json() as PortalDocumentDto).version).sort()).toEqual([1, 2, 3]);
    const moves = await queryRows<{ n: number }>(t.db.owner, sql`select count(*)::int as n from audit_log where target_id = ${task.id} and action = 'task.updated' and details->>'to' = 'in_progress'`);
    expect(moves[0]?.n).toBe(1);
  });

  it('one request fulfilled of two keeps the task waiting; staff may fulfil one too', async () => {
    const { service: svc, task, requestId } = await requesting('Receipts');
    const { questionId: second } = await ask(w.owner$, task.id, { kind: 'upload', prompt: 'Loan statement' });
    await portalUpload('Receipts.pdf', pdf('receipts'), { requestId });
    expect(taskIn(await service(svc.id), task.id).status).toBe('waiting_on_client');

    const byStaff = await uploadAs(t, staff, `/api/staff/clients/${w.client1.id}/documents`, 'Loan.pdf', pdf('loan'), { requestId: second });
    expect(byStaff.statusCode, byStaff.body).toBe(201);
    expect(taskIn(await service(svc.id), task.id).status).toBe('in_progress');
  });

  it('a request or task of another client, or a completed task, takes no upload and stores nothing', async () => {
    const other = await basService(w, { clientId: w.client2.id });
    const { questionId } = await ask(w.owner$, visibleTask(other).id, { kind: 'upload', prompt: 'Not yours' });
    const count = async () => (await queryRows<{ n: number }>(t.db.owner, sql`select count(*)::int as n from documents where firm_id = ${w.firm.id}`))[0]?.n;
    const before = await count();

    const wrongRequest = await portalUpload('x.pdf', pdf('x'), { requestId: questionId });
    expect(wrongRequest.statusCode).toBe(400);
    expect(wrongRequest.json().detail).toBe('That document request was not found.');
    const wrongTask = await portalUpload('x.pdf', pdf('x'), { taskId: visibleTask(other).id });
    expect(wrongTask.statusCode).toBe(400);

    const { task } = await requesting();
    await w.owner$.req('PATCH', `/api/staff/tasks/${task.id}`, { version: task.version, status: 'completed' });
    const closed = await portalUpload('x.pdf', pdf('x'), { taskId: task.id });
    expect(closed.statusCode).toBe(409);
    expect(closed.json().detail).toMatch(/is completed, so it no longer takes uploads. Upload the file under Documents instead./);
    expect(await count()).toBe(before);
  });
});

describe('staff manage documents', () => {
  it('rename, categorise, mark reviewed and stop sharing — each audited; the client sees the change', async () => {
    const up = (await uploadAs(t, w.owner$, `/api/staff/clients/${w.client1.id}/documents`, 'fs.pdf', pdf('fs'), { category: 'Financial statements' })).json() as DocumentDto;
    expect(up).toMatchObject({ category: 'Financial statements', visibleToClient: true, reviewedAt: null });

    const patched = await w.owner$.req('PATCH', `/api/staff/documents/${up.id}`, { fileName: '2025 Financial statements.pdf', category: 'Tax return', reviewed: true });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ fileName: '2025 Financial statements.pdf', category: 'Tax return', reviewedByName: w.owner.name });
    expect((patched.json() as DocumentDto).reviewedAt).not.toBeNull();

    const list = (await client.req('GET', `/api/portal/${w.firm.slug}/documents`)).json() as { items: PortalDocumentDto[] };
    expect(list.items.find((d) => d.id === up.id)?.fileName).toBe('2025 Financial statements.pdf');

    await w.owner$.req('PATCH', `/api/staff/documents/${up.id}`, { visibleToClient: false });
    const after = (await client.req('GET', `/api/portal/${w.firm.slug}/documents`)).json() as { items: PortalDocumentDto[] };
    expect(after.items.some((d) => d.id === up.id)).toBe(false);
    expect((await client.req('GET', `/api/portal/${w.firm.slug}/documents/${up.id}/download`)).statusCode).toBe(404);

    const audit = await queryRows<{ action: string }>(t.db.owner, sql`select action from audit_log where target_id = ${up.id} order by id`);
    expect(audit.map((a) => a.action)).toEqual(['document.uploaded', 'document.updated', 'document.updated']);

    const empty = await w.owner$.req('PATCH', `/api/staff/documents/${up.id}`, {});
    expect(empty.statusCode).toBe(400);
    const badCategory = await w.owner$.req('PATCH', `/api/staff/documents/${up.id}`, { category: 'Memes' });
    expect(badCategory.statusCode).toBe(400);
  });

  it('filters by service and by not yet reviewed', async () => {
    const { service: svc, requestId } = await requesting();
    const mine = (await portalUpload('in-service.pdf', pdf('s'), { requestId })).json() as PortalDocumentDto;
    const bySvc = (await w.owner$.req('GET', `/api/staff/clients/${w.client1.id}/documents?serviceId=${svc.id}`)).json() as { items: DocumentDto[] };
    expect(bySvc.items.map((d) => d.id)).toEqual([mine.id]);
    const unreviewed = (await w.owner$.req('GET', `/api/staff/clients/${w.client1.id}/documents?unreviewed=true`)).json() as { items: DocumentDto[] };
    expect(unreviewed.items.every((d) => d.reviewedAt === null)).toBe(true);
    expect(unreviewed.items.some((d) => d.id === mine.id)).toBe(true);
  });

  it('deleting the only version opens the request again; the document is gone for everyone at once', async () => {
    const { service: svc, task, requestId } = await requesting();
    const doc = (await portalUpload('wrong file.pdf', pdf('wrong'), { requestId })).json() as PortalDocumentDto;
    const del = await w.owner$.req('DELETE', `/api/staff/documents/${doc.id}`);
    expect(del.statusCode).toBe(204);
    expect((await w.owner$.req('DELETE', `/api/staff/documents/${doc.id}`)).statusCode).toBe(404);
    expect((await w.owner$.req('GET', `/api/staff/documents/${doc.id}/download`)).statusCode).toBe(404);
    expect((await client.req('GET', `/api/portal/${w.firm.slug}/documents/${doc.id}/download`)).statusCode).toBe(404);
    const q = taskIn(await service(svc.id), task.id).questions.find((x) => x.id === requestId);
    expect(q?.answer).toBeNull();
    expect(taskIn(await service(svc.id), task.id).documents).toEqual([]);
  });

  it('a shared document becomes one batched e-mail to the client that names no file', async () => {
    await uploadAs(t, w.owner$, `/api/staff/clients/${w.client1.id}/documents`, 'Tax return 2026.pdf', pdf('tr'));
    await uploadAs(t, w.owner$, `/api/staff/clients/${w.client1.id}/documents`, 'Letter.pdf', pdf('letter'));
    await uploadAs(t, w.owner$, `/api/staff/clients/${w.client1.id}/documents`, 'Internal.pdf', pdf('internal'), { visibleToClient: 'false' });
    await sendClientNotices(t.deps, new Date(Date.now() + 1000), 0);
    await t.flushMail();
    const mail = await t.mailCatcher?.waitFor((m) => m.to.includes(w.person1.email) && /shared \d+ documents with you/.test(m.subject));
    expect(mail?.subject).toMatch(/shared [2-9]\d* documents/);
    expect(mail?.text).not.toMatch(/Tax return 2026|Letter\.pdf|Internal/);
    expect(mail?.text).toContain(`/documents`);
  });
});

describe('preview and limits', () => {
  it('previews a PDF inline in a sandbox; refuses to preview text', async () => {
    const doc = (await uploadAs(t, w.owner$, `/api/staff/clients/${w.client1.id}/documents`, 'p.pdf', pdf('preview'))).json() as DocumentDto;
    const res = await client.req('GET', `/api/portal/${w.firm.slug}/documents/${doc.id}/preview`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/^inline; /);
    expect(res.headers['content-security-policy']).toMatch(/^sandbox; default-src 'none'/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');

    const txt = (await uploadAs(t, w.owner$, `/api/staff/clients/${w.client1.id}/documents`, 'n.txt', Buffer.from('hello\n'))).json() as DocumentDto;
    expect(txt.previewable).toBe(false);
    const refused = await w.owner$.req('GET', `/api/staff/documents/${txt.id}/preview`);
    expect(refused.statusCode).toBe(422);
  });

  it('upload limits follow the firm’s settings, capped by the server', async () => {
    const before = (await client.req('GET', `/api/portal/${w.firm.slug}/upload-limits`)).json() as { maxBytes: number; allowZip: boolean; acceptedExtensions: string[] };
    expect(before).toMatchObject({ maxBytes: t.deps.config.maxUploadBytes, allowZip: false });
    expect(before.acceptedExtensions).not.toContain('.zip');
    const set = await w.owner$.req('PATCH', '/api/staff/firm', { maxUploadMb: 1, allowZip: true });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ maxUploadMb: 1, allowZip: true });
    const after = (await staff.req('GET', '/api/staff/upload-limits')).json() as { maxBytes: number; acceptedExtensions: string[] };
    expect(after.maxBytes).toBe(1024 * 1024);
    expect(after.acceptedExtensions).toContain('.zip');
    const tooBig = await w.owner$.req('PATCH', '/api/staff/firm', { maxUploadMb: 1_000_000 });
    expect(tooBig.statusCode).toBe(400);
    await w.owner$.req('PATCH', '/api/staff/firm', { maxUploadMb: 100, allowZip: false });
  });
});

describe('who hears about an upload', () => {
  it('with nobody assigned, the firm’s owners and admins are told', async () => {
    const svc = await basService(w, { assigneeId: null });
    const task = visibleTask(svc);
    const { questionId } = await ask(w.owner$, task.id, { kind: 'upload', prompt: 'Payroll summary' });
    await w.owner$.req('PATCH', `/api/staff/tasks/${task.id}`, { version: taskIn(await service(svc.id), task.id).version, assigneeId: null });
    const before = ((await w.owner$.req('GET', '/api/staff/notifications')).json() as { unread: number }).unread;
    expect((await portalUpload('Payroll.pdf', pdf('payroll'), { requestId: questionId })).statusCode).toBe(201);
    const after = (await w.owner$.req('GET', '/api/staff/notifications')).json() as { unread: number; items: { title: string }[] };
    expect(after.unread).toBeGreaterThan(before);
    expect(after.items[0]?.title).toMatch(/sent (a document|\d+ documents)/);
  });
});

describe('notices and renames', () => {
  it('a notice already read is not counted again: the next upload says "a document"', async () => {
    const { requestId } = await requesting('Receipts for the quarter');
    await staff.req('POST', '/api/staff/notifications/read');
    await portalUpload('one.pdf', pdf('one'), { requestId });
    await portalUpload('two.pdf', pdf('two'), { requestId });
    const first = (await staff.req('GET', '/api/staff/notifications')).json() as { items: { title: string }[] };
    expect(first.items[0]?.title).toMatch(/sent 2 documents$/);
    await staff.req('POST', '/api/staff/notifications/read');
    await portalUpload('three.pdf', pdf('three'), { requestId });
    const after = (await staff.req('GET', '/api/staff/notifications')).json() as { items: { title: string }[]; unread: number };
    expect(after.unread).toBe(1);
    expect(after.items[0]?.title).toMatch(/sent a document$/);
  });

  it('a rename keeps the extension, so a PDF can never be renamed into a web page', async () => {
    const doc = (await uploadAs(t, w.owner$, `/api/staff/clients/${w.client1.id}/documents`, 'Sales report Q3.pdf', pdf('q3'))).json() as DocumentDto;
    const plain = await w.owner$.req('PATCH', `/api/staff/documents/${doc.id}`, { fileName: 'Sales report Oct–Dec 2026' });
    expect(plain.json().fileName).toBe('Sales report Oct–Dec 2026.pdf');
    const html = await w.owner$.req('PATCH', `/api/staff/documents/${doc.id}`, { fileName: 'statement.html' });
    expect(html.json().fileName).toBe('statement.html.pdf');
    const res = await client.req('GET', `/api/portal/${w.firm.slug}/documents/${doc.id}/download`);
    expect(res.headers['content-disposition']).toMatch(/filename="statement\.html\.pdf"/);
  });
});
