import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { asClient, asStaff, buildTestApp, createFirmWorld, type TestApp } from '../../../../test/harness.js';
import { runRecurringServices, sendClientNotices } from './work.jobs.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

async function basTemplateId(staff: Awaited<ReturnType<typeof asStaff>>) {
  const res = await staff.req('GET', '/api/staff/templates');
  expect(res.statusCode).toBe(200);
  const bas = (res.json().items as { id: string; name: string }[]).find((x) => x.name === 'BAS Preparation');
  if (!bas) throw new Error('no BAS template');
  return bas.id;
}

describe('services and tasks: staff ask, the client answers', () => {
  it('creates a BAS service from the template with ATO due date, asks a question, and the client answers it', async () => {
    const w = await createFirmWorld(t.db);
    const staff = await asStaff(t, w.owner.email);
    const templateId = await basTemplateId(staff);
    const created = await staff.req('POST', '/api/staff/services', { clientId: w.client1.id, templateId, periodStart: '2026-01-01', assigneeId: w.staff.id });
    expect(created.statusCode).toBe(201);
    const service = created.json();
    expect(service).toMatchObject({ name: 'BAS Preparation Q3 2026', fyLabel: 'FY2025-26 Q3', periodEnd: '2026-03-31', dueDate: '2026-05-26', stageName: 'Awaiting records' });
    expect(service.tasks.map((x: { name: string }) => x.name)).toContain('Provide records for the quarter');
    const task = service.tasks.find((x: { clientVisible: boolean }) => x.clientVisible);
    const internal = service.tasks.find((x: { clientVisible: boolean }) => !x.clientVisible);

    const asked = await staff.req('POST', `/api/staff/tasks/${task.id}/questions`, { kind: 'yes_no', prompt: 'Did you buy any assets over $20,000?' });
    expect(asked.statusCode).toBe(201);
    const asked2 = await staff.req('POST', `/api/staff/tasks/${task.id}/questions`, { kind: 'amount', prompt: 'Cash sales not banked?' });
    const questions = asked2.json().tasks.find((x: { id: string }) => x.id === task.id).questions;
    expect(asked2.json().tasks.find((x: { id: string }) => x.id === task.id).status).toBe('waiting_on_client');

    const client = await asClient(t, w.firm.slug, w.person1.email);
    const dash = (await client.req('GET', `/api/portal/${w.firm.slug}/dashboard`)).json();
    expect(dash.actionRequired.count).toBe(1);
    expect(dash.services[0]).toMatchObject({ name: 'BAS Preparation Q3 2026', stageClientLabel: 'Waiting for your records', assignee: { initials: 'SA' } });
    // Internal tasks never reach the portal, not even as a count.
    const visibleTotal = service.tasks.filter((x: { clientVisible: boolean }) => x.clientVisible).length;
    expect(dash.services[0].tasksTotal).toBe(visibleTotal);
    const portalService = (await client.req('GET', `/api/portal/${w.firm.slug}/services/${service.id}`)).json();
    expect(portalService.tasks.map((x: { id: string }) => x.id)).not.toContain(internal.id);

    // Draft first: the task keeps waiting and nothing is answered.
    const draft = await client.req('POST', `/api/portal/${w.firm.slug}/tasks/${task.id}/answers`, { submit: false, answers: [{ questionId: questions[0].id, value: true }] });
    expect(draft.statusCode).toBe(200);
    expect(draft.json().tasks.find((x: { id: string }) => x.id === task.id).questions[0]).toMatchObject({ draft: true, answer: null });
    const incomplete = await client.req('POST', `/api/portal/${w.firm.slug}/tasks/${task.id}/answers`, { submit: true, answers: [{ questionId: questions[0].id, value: true }] });
    expect(incomplete.statusCode).toBe(422);
    const wrongType = await client.req('POST', `/api/portal/${w.firm.slug}/tasks/${task.id}/answers`, { submit: true, answers: [{ questionId: questions[1].id, value: 'lots' }] });
    expect(wrongType.statusCode).toBe(400);
    const done = await client.req('POST', `/api/portal/${w.firm.slug}/tasks/${task.id}/answers`, { submit: true, answers: [{ questionId: questions[0].id, value: true }, { questionId: questions[1].id, value: 125050 }] });
    expect(done.statusCode).toBe(200);
    expect(done.json().tasks.find((x: { id: string }) => x.id === task.id).status).toBe('in_progress');

    // Staff see the answers and the assignee got a notice.
    const staffView = (await staff.req('GET', `/api/staff/services/${service.id}`)).json();
    expect(staffView.tasks.find((x: { id: string }) => x.id === task.id).questions.map((q: { answer: unknown }) => q.answer)).toEqual([true, 125050]);
    const mia = await asStaff(t, w.staff.email);
    const notes = (await mia.req('GET', '/api/staff/notifications')).json();
    expect(notes.unread).toBe(1);
    // Answers are locked once the task moved on.
    const late = await client.req('POST', `/api/portal/${w.firm.slug}/tasks/${task.id}/answers`, { submit: true, answers: [{ questionId: questions[0].id, value: false }] });
    expect(late.statusCode).toBe(409);
  });

  it('another client and another firm get 404 for the service, its tasks and an internal task id', async () => {
    const w = await createFirmWorld(t.db);
    const other = await createFirmWorld(t.db, 'b');
    const staff = await asStaff(t, w.owner.email);
    const templateId = await basTemplateId(staff);
    const service = (await staff.req('POST', '/api/staff/services', { clientId: w.client1.id, templateId })).json();
    const internal = service.tasks.find((x: { clientVisible: boolean }) => !x.clientVisible);
    const visible = service.tasks.find((x: { clientVisible: boolean }) => x.clientVisible);
    const sameFirmOtherClient = await asClient(t, w.firm.slug, w.person2.email);
    expect((await sameFirmOtherClient.req('GET', `/api/portal/${w.firm.slug}/services/${service.id}`)).statusCode).toBe(404);
    expect((await sameFirmOtherClient.req('POST', `/api/portal/${w.firm.slug}/tasks/${visible.id}/answers`, { submit: false, answers: [{ questionId: visible.id, value: 'x' }] })).statusCode).toBe(404);
    const owner = await asClient(t, w.firm.slug, w.person1.email);
    expect((await owner.req('POST', `/api/portal/${w.firm.slug}/tasks/${internal.id}/answers`, { submit: false, answers: [{ questionId: internal.id, value: 'x' }] })).statusCode).toBe(404);
    const otherStaff = await asStaff(t, other.owner.email);
    for (const [m, u, b] of [
      ['GET', `/api/staff/services/${service.id}`, undefined],
      ['PATCH', `/api/staff/services/${service.id}`, { version: 1, stageKey: 'review' }],
      ['PATCH', `/api/staff/tasks/${visible.id}`, { version: 1, status: 'completed' }],
      ['POST', `/api/staff/tasks/${visible.id}/questions`, { kind: 'text', prompt: 'Leak?' }],
      ['POST', `/api/staff/services/${service.id}/tasks`, { name: 'Sneaky' }],
    ] as const) {
      expect((await otherStaff.req(m, u, b)).statusCode, `${m} ${u}`).toBe(404);
    }
    const bulk = await otherStaff.req('POST', '/api/staff/services/bulk', { serviceIds: [service.id], stageKey: 'review' });
    expect(bulk.statusCode).toBe(404);
    expect((await staff.req('GET', `/api/staff/services/${service.id}`)).json()).toMatchObject({ stageKey: 'awaiting_records', version: 1 });
  });

  it('task status follows the state machine and concurrent edits get 409', async () => {
    const w = await createFirmWorld(t.db);
    const staff = await asStaff(t, w.owner.email);
    const service = (await staff.req('POST', '/api/staff/services', { clientId: w.client1.id, templateId: await basTemplateId(staff) })).json();
    const internal = service.tasks.find((x: { clientVisible: boolean }) => !x.clientVisible);
    const toWaiting = await staff.req('PATCH', `/api/staff/tasks/${internal.id}`, { version: internal.version, status: 'waiting_on_client' });
    expect(toWaiting.statusCode).toBe(409);
    expect(toWaiting.json().detail).toMatch(/internal/);
    const done = await staff.req('PATCH', `/api/staff/tasks/${internal.id}`, { version: internal.version, status: 'completed' });
    expect(done.statusCode).toBe(200);
    const stale = await staff.req('PATCH', `/api/staff/tasks/${internal.id}`, { version: internal.version, name: 'Overwrite' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('STALE_VERSION');
    const complete = await staff.req('PATCH', `/api/staff/services/${service.id}`, { version: 1, status: 'completed' });
    expect(complete.statusCode).toBe(409);
    expect(complete.json().detail).toMatch(/not completed yet/);
  });

  it('recurring plans create each period’s service exactly once, even with runs racing', async () => {
    const w = await createFirmWorld(t.db);
    const staff = await asStaff(t, w.owner.email);
    const res = await staff.req('POST', '/api/staff/services', { clientId: w.client1.id, templateId: await basTemplateId(staff), periodStart: '2025-07-01', recurring: true });
    expect(res.statusCode).toBe(201);
    const now = new Date('2026-03-20T00:00:00Z'); // Q3 ends 31 Mar; 14 days' lead → Q2 and Q3 are due
    const results = await Promise.all([runRecurringServices(t.deps, now), runRecurringServices(t.deps, now), runRecurringServices(t.deps, now)]);
    expect(results.reduce((a, b) => a + b, 0)).toBe(2);
    expect(await runRecurringServices(t.deps, now)).toBe(0);
    const list = (await staff.req('GET', `/api/staff/work?clientId=${w.client1.id}&sort=due`)).json();
    expect(list.items.map((s: { name: string }) => s.name)).toEqual(['BAS Preparation Q1 2026', 'BAS Preparation Q2 2026', 'BAS Preparation Q3 2026']);
  });

  it('many Waiting on You changes within the batch window make one e-mail per person, without the answers', async () => {
    const w = await createFirmWorld(t.db);
    const staff = await asStaff(t, w.owner.email);
    const service = (await staff.req('POST', '/api/staff/services', { clientId: w.client1.id, templateId: await basTemplateId(staff) })).json();
    const visible = service.tasks.filter((x: { clientVisible: boolean }) => x.clientVisible);
    for (const task of visible) await staff.req('POST', `/api/staff/tasks/${task.id}/questions`, { kind: 'text', prompt: 'What is your secret recipe?' });
    expect(await sendClientNotices(t.deps, new Date(), 180)).toBe(0); // still inside the window
    expect(await sendClientNotices(t.deps, new Date(Date.now() + 181_000), 180)).toBe(1);
    expect(await sendClientNotices(t.deps, new Date(Date.now() + 400_000), 180)).toBe(0);
    await t.flushMail();
    const mail = await t.mailCatcher!.waitFor((m) => m.to.includes(w.person1.email) && m.subject.includes('needs'));
    expect(mail.text).toContain('Waiting on You');
    expect(mail.text).not.toContain('secret recipe');
    const rows = await t.db.owner.execute(sql`select count(*)::int as n from outbox_emails where kind = 'task_waiting' and to_address = ${w.person1.email}`);
    expect((rows as unknown as { rows: { n: number }[] }).rows[0]?.n).toBe(1);
  });
});
