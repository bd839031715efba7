import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { ServiceDetail } from '../../../contracts/work.js';
import { asStaff, buildTestApp, createStaff, type TestApp } from '../../../../test/harness.js';
import { basService, countRows, createService, firmSnapshot, patchTask, templateId, workWorld, type WorkWorld } from '../../../../test/work-fixtures.js';

let t: TestApp;
let w: WorkWorld;
let other: WorkWorld;
beforeAll(async () => {
  t = await buildTestApp();
  w = await workWorld(t, 'a');
  other = await workWorld(t, 'b');
});
afterAll(async () => t.close());

const create = (body: Record<string, unknown>) => createService(w.owner$, { clientId: w.client1.id, ...body });

describe('creating a service: due dates from the ATO rules (shared/domain §4)', () => {
  it.each([
    // [template, periodStart, agentConcession, name, fyLabel, periodEnd, dueDate]
    ['BAS Preparation', '2025-07-01', true, 'BAS Preparation Q1 2026', 'FY2025-26 Q1', '2025-09-30', '2025-11-25'],
    ['BAS Preparation', '2025-07-01', false, 'BAS Preparation Q1 2026', 'FY2025-26 Q1', '2025-09-30', '2025-10-28'],
    // Q2 has no concession; 28 Feb 2026 is a Saturday, so both move to Monday 2 March.
    ['BAS Preparation', '2025-10-01', true, 'BAS Preparation Q2 2026', 'FY2025-26 Q2', '2025-12-31', '2026-03-02'],
    ['BAS Preparation', '2025-10-01', false, 'BAS Preparation Q2 2026', 'FY2025-26 Q2', '2025-12-31', '2026-03-02'],
    ['BAS Preparation', '2026-01-01', true, 'BAS Preparation Q3 2026', 'FY2025-26 Q3', '2026-03-31', '2026-05-26'],
    ['BAS Preparation', '2026-01-01', false, 'BAS Preparation Q3 2026', 'FY2025-26 Q3', '2026-03-31', '2026-04-28'],
    ['BAS Preparation', '2026-04-01', true, 'BAS Preparation Q4 2026', 'FY2025-26 Q4', '2026-06-30', '2026-08-25'],
    ['BAS Preparation', '2026-04-01', false, 'BAS Preparation Q4 2026', 'FY2025-26 Q4', '2026-06-30', '2026-07-28'],
    // Monthly: the 21st of the next month (21 Feb 2026 is a Saturday → Monday 23rd); December through an agent → 21 February.
    ['BAS Preparation (monthly)', '2026-01-01', true, 'BAS Preparation (monthly) Jan 2026', 'FY2025-26', '2026-01-31', '2026-02-23'],
    ['BAS Preparation (monthly)', '2025-12-01', false, 'BAS Preparation (monthly) Dec 2025', 'FY2025-26', '2025-12-31', '2026-01-21'],
    ['BAS Preparation (monthly)', '2025-12-01', true, 'BAS Preparation (monthly) Dec 2025', 'FY2025-26', '2025-12-31', '2026-02-23'],
    // Individual returns: 31 Oct 2026 (a Saturday → 2 Nov) for self-lodgers; 15 May 2027 (Saturday → 17 May) through an agent.
    ['Individual Tax Return', '2025-07-01', false, 'Individual Tax Return 2026', 'FY2025-26', '2026-06-30', '2026-11-02'],
    ['Individual Tax Return', '2025-07-01', true, 'Individual Tax Return 2026', 'FY2025-26', '2026-06-30', '2027-05-17'],
    // A manual rule computes nothing.
    ['Company Tax Return', '2025-07-01', true, 'Company Tax Return 2026', 'FY2025-26', '2026-06-30', null],
  ] as const)('%s from %s (agent %s): %s due %s', async (template, periodStart, agentConcession, name, fyLabel, periodEnd, dueDate) => {
    const res = await create({ templateId: templateId(w, template), periodStart, agentConcession });

    expect(res).toMatchObject({ name, fyLabel, periodStart, periodEnd, dueDate, dueDateRule: w.templates[template]?.dueDateRule, status: 'active', version: 1 });
    expect(res.stageKey).toBe(w.templates[template]?.stages[0]?.key);
    expect(res.tasks.map((x) => x.name)).toEqual(w.templates[template]?.tasks.map((x) => x.name));
  });

  it('a service with no period and a manual rule has no due date; an explicit due date always wins', async () => {
    const advisory = await create({ templateId: templateId(w, 'Advisory') });
    const overridden = await create({ templateId: templateId(w, 'BAS Preparation'), periodStart: '2026-01-01', dueDate: '2026-04-10', name: 'BAS early' });

    expect(advisory).toMatchObject({ name: 'Advisory', periodStart: null, periodEnd: null, fyLabel: null, dueDate: null });
    expect(overridden).toMatchObject({ name: 'BAS early', periodEnd: '2026-03-31', dueDate: '2026-04-10' });
  });

  it('assigns the service and its template tasks to the chosen team member', async () => {
    const res = await create({ templateId: templateId(w, 'BAS Preparation'), periodStart: '2026-01-01', assigneeId: w.staff.id });

    expect(res.assignee).toEqual({ id: w.staff.id, name: w.staff.name, initials: 'SA' });
    expect(res.tasks.every((x) => x.assignee?.id === w.staff.id)).toBe(true);
  });
});

describe('creating a service: refusals change nothing', () => {
  const refusals: [string, number, string, () => Record<string, unknown>][] = [
    ['the period ends before it starts', 400, 'body.periodEnd', () => ({ templateId: templateId(w, 'Advisory'), periodStart: '2026-03-01', periodEnd: '2026-02-28' })],
    ['an impossible date', 400, 'body.periodStart', () => ({ templateId: templateId(w, 'Advisory'), periodStart: '2026-02-30' })],
    ['another firm’s template', 400, 'body.templateId', () => ({ templateId: templateId(other, 'BAS Preparation') })],
    ['an unknown template', 400, 'body.templateId', () => ({ templateId: '00000000-0000-4000-8000-000000000000' })],
    ['another firm’s client', 400, 'body.clientId', () => ({ templateId: templateId(w, 'Advisory'), clientId: other.client1.id })],
    ['another firm’s team member', 400, 'body.assigneeId', () => ({ templateId: templateId(w, 'Advisory'), assigneeId: other.owner.id })],
    ['a client id that is not a uuid', 400, 'body.clientId', () => ({ templateId: templateId(w, 'Advisory'), clientId: 'robert); drop table clients;--' })],
    ['recurring on a template that does not repeat', 422, 'body.recurring', () => ({ templateId: templateId(w, 'Advisory'), recurring: true })],
  ];

  it.each(refusals)('%s → %s naming %s', async (_label, status, path, body) => {
    const beforeA = await firmSnapshot(t, w.firm.id);
    const beforeB = await firmSnapshot(t, other.firm.id);

    const res = await w.owner$.req('POST', '/api/staff/services', { clientId: w.client1.id, ...body() });

    expect(res.statusCode, res.body).toBe(status);
    expect((res.json().errors as { path: string }[]).map((e) => e.path)).toContain(path);
    expect(res.body).not.toMatch(/marker-b/);
    expect(await firmSnapshot(t, w.firm.id)).toBe(beforeA);
    expect(await firmSnapshot(t, other.firm.id)).toBe(beforeB);
  });

  it('a disabled team member cannot be assigned', async () => {
    const gone = await createStaff(t.db, w.firm.id, { role: 'staff', status: 'disabled', name: 'Gone Person' });

    const res = await w.owner$.req('POST', '/api/staff/services', { clientId: w.client1.id, templateId: templateId(w, 'Advisory'), assigneeId: gone.id });

    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ path: 'body.assigneeId', message: expect.stringMatching(/team/) }]);
  });
});

describe('editing a service', () => {
  async function patch(s: ServiceDetail, body: Record<string, unknown>) {
    return w.owner$.req('PATCH', `/api/staff/services/${s.id}`, { version: s.version, ...body });
  }
  async function completeAllTasks(s: ServiceDetail) {
    const fresh = (await w.owner$.req('GET', `/api/staff/services/${s.id}`)).json() as ServiceDetail;
    for (const task of fresh.tasks.filter((x) => x.status !== 'completed')) await patchTask(w.owner$, task.id, { version: task.version, status: 'completed' });
    return (await w.owner$.req('GET', `/api/staff/services/${s.id}`)).json() as ServiceDetail;
  }

  it('moves through the workflow, bumping the version and recording who did it', async () => {
    const s = await basService(w);

    const res = await patch(s, { stageKey: 'in_preparation', assigneeId: w.staff.id, dueDate: '2026-05-01', name: 'BAS Q3 (renamed)' });

    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ stageKey: 'in_preparation', stageName: 'In preparation', assignee: { id: w.staff.id }, dueDate: '2026-05-01', name: 'BAS Q3 (renamed)', version: 2 });
    expect(await countRows(t, 'audit_log', sql`firm_id = ${w.firm.id} and action = 'service.updated' and target_id = ${s.id}`)).toBe(1);
  });

  it('a stage that is not in the service’s workflow is 400 listing the stages', async () => {
    const s = await basService(w);
    const before = await firmSnapshot(t, w.firm.id);

    const res = await patch(s, { stageKey: 'with_auditor' });

    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ path: 'body.stageKey', message: expect.stringContaining('awaiting_records, in_preparation, review, ready_to_lodge, lodged') }]);
    expect(await firmSnapshot(t, w.firm.id)).toBe(before);
  });

  it('completing with open tasks is 409 saying how many are open; with all done it completes, then reopens', async () => {
    const s = await basService(w);

    const early = await patch(s, { status: 'completed' });
    await patchTask(w.owner$, s.tasks[0]?.id ?? '', { version: 1, status: 'completed' });
    const stillThree = await patch(s, { status: 'completed' });

    expect(early.statusCode).toBe(409);
    expect(early.json().detail).toMatch(/^4 tasks are not completed yet/);
    expect(stillThree.json().detail).toMatch(/^3 tasks are not completed yet/);

    const ready = await completeAllTasks(s);
    const completed = await patch(ready, { status: 'completed', stageKey: 'lodged' });
    expect(completed.statusCode, completed.body).toBe(200);
    expect(completed.json()).toMatchObject({ status: 'completed', stageKey: 'lodged', stageClientLabel: 'Completed', overdue: false });

    const stage = await patch(completed.json(), { stageKey: 'review' });
    expect(stage.statusCode).toBe(409);
    expect(stage.json().detail).toMatch(/reopen/);

    const reopened = await patch(completed.json(), { status: 'active', stageKey: 'review' });
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(reopened.json()).toMatchObject({ status: 'active', stageKey: 'review', stageClientLabel: 'Being reviewed' });
  });

  it('cancels a service and brings it back; a cancelled service cannot be completed or change stage', async () => {
    const s = await basService(w);

    const cancelled = await patch(s, { status: 'cancelled' });
    const complete = await patch(cancelled.json(), { status: 'completed' });
    const stage = await patch(cancelled.json(), { stageKey: 'review' });
    const restored = await patch(cancelled.json(), { status: 'active' });

    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', overdue: false });
    expect(complete.statusCode).toBe(409);
    expect(complete.json().detail).toMatch(/Only an active service/);
    expect(stage.statusCode).toBe(409);
    expect(restored.statusCode).toBe(200);
    expect(restored.json().status).toBe('active');
  });

  it('a stale version is 409 STALE_VERSION and nothing changes', async () => {
    const s = await basService(w);
    expect((await patch(s, { stageKey: 'review' })).statusCode).toBe(200);
    const before = await firmSnapshot(t, w.firm.id);

    const stale = await patch(s, { stageKey: 'lodged', name: 'Overwritten' });

    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('STALE_VERSION');
    expect(stale.json().detail).toMatch(/Reload/);
    expect(await firmSnapshot(t, w.firm.id)).toBe(before);
  });

  it('two edits sent at once with the same version: exactly one wins, the other is 409', async () => {
    const s = await basService(w);
    const other$ = await asStaff(t, w.staff.email);

    const results = await Promise.all([
      w.owner$.req('PATCH', `/api/staff/services/${s.id}`, { version: 1, stageKey: 'review' }),
      other$.req('PATCH', `/api/staff/services/${s.id}`, { version: 1, stageKey: 'lodged' }),
      w.owner$.req('PATCH', `/api/staff/services/${s.id}`, { version: 1, name: 'Third writer' }),
    ]);

    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409]);
    const after = (await w.owner$.req('GET', `/api/staff/services/${s.id}`)).json() as ServiceDetail;
    expect(after.version).toBe(2);
    expect(await countRows(t, 'audit_log', sql`firm_id = ${w.firm.id} and action = 'service.updated' and target_id = ${s.id}`)).toBe(1);
  });

  it.each([
    ['another firm’s assignee', () => ({ assigneeId: other.staff.id }), 400],
    ['a version of 0', () => ({ version: 0 }), 400],
    ['an unknown status', () => ({ status: 'archived' }), 400],
    ['an unknown field', () => ({ clientId: other.client1.id }), 400],
  ])('refuses %s and changes nothing', async (_label, body, status) => {
    const s = await basService(w);
    const before = await firmSnapshot(t, w.firm.id);

    const res = await patch(s, body());

    expect(res.statusCode, res.body).toBe(status);
    expect(await firmSnapshot(t, w.firm.id)).toBe(before);
  });

  it('an unknown or foreign service id is 404', async () => {
    const theirs = await basService(other);

    const foreign = await w.owner$.req('PATCH', `/api/staff/services/${theirs.id}`, { version: 1, stageKey: 'review' });
    const unknown = await w.owner$.req('GET', '/api/staff/services/00000000-0000-4000-8000-000000000000');
    const notUuid = await w.owner$.req('GET', '/api/staff/services/not-a-uuid');

    expect(foreign.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(notUuid.statusCode).toBe(400);
    expect((await other.owner$.req('GET', `/api/staff/services/${theirs.id}`)).json()).toMatchObject({ stageKey: 'awaiting_records', version: 1 });
  });
});
