import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { ServiceDetail } from '../../../contracts/work.js';
import { asClient, buildTestApp, type Session, type TestApp } from '../../../../test/harness.js';
import { ask, basService, countRows, createService, firmSnapshot, internalTask, patchTask, taskIn, templateId, visibleTask, workWorld, type WorkWorld } from '../../../../test/work-fixtures.js';

/**
 * What the client sees of their work: only services shared with them and not cancelled, only
 * client-visible tasks (internal ones not even as a count), and nothing of another client's.
 */
let t: TestApp;
let w: WorkWorld;
let other: WorkWorld;
let client: Session;
/** Client 1's services: shown (waiting on them), hidden from them, cancelled, completed. */
let shown: ServiceDetail;
let hidden: ServiceDetail;
let cancelled: ServiceDetail;
let completed: ServiceDetail;
const Q = { shown: '', hidden: '', cancelled: '' };

beforeAll(async () => {
  t = await buildTestApp();
  w = await workWorld(t, 'a');
  other = await workWorld(t, 'b');
  client = await asClient(t, w.firm.slug, w.person1.email);

  shown = await basService(w, { assigneeId: w.staff.id, dueDate: '2099-04-28' });
  // The internal tasks get a secret name and progress that must not show in the client's counts.
  const internal = internalTask(shown);
  await patchTask(w.owner$, internal.id, { version: internal.version, name: 'INTERNAL: write-off dispute', status: 'completed' });
  Q.shown = (await ask(w.owner$, visibleTask(shown).id, { kind: 'text', prompt: 'Shown question?' })).questionId;

  // Each of these gets a waiting question first, then is hidden, cancelled or completed.
  hidden = await basService(w, { name: 'HIDDEN service', dueDate: '2099-01-01' });
  Q.hidden = (await ask(w.owner$, visibleTask(hidden).id, { kind: 'text', prompt: 'Hidden question?' })).questionId;
  await patchTask(w.owner$, visibleTask(hidden).id, { version: 2, status: 'in_progress' });
  hidden = (await w.owner$.req('PATCH', `/api/staff/services/${hidden.id}`, { version: 1, visibleToClient: false })).json();
  // The API no longer lets a hidden service's task wait on the client; rows from before that rule still might.
  await t.db.owner.execute(sql`update tasks set status = 'waiting_on_client' where id = ${visibleTask(hidden).id}`);

  cancelled = await basService(w, { name: 'CANCELLED service', dueDate: '2099-01-02' });
  Q.cancelled = (await ask(w.owner$, visibleTask(cancelled).id, { kind: 'text', prompt: 'Cancelled question?' })).questionId;
  cancelled = (await w.owner$.req('PATCH', `/api/staff/services/${cancelled.id}`, { version: 1, status: 'cancelled' })).json();

  completed = await createService(w.owner$, { clientId: w.client1.id, templateId: templateId(w, 'Advisory'), name: 'Completed advice', dueDate: '2020-01-01' });
  for (const task of completed.tasks) await patchTask(w.owner$, task.id, { version: task.version, status: 'completed' });
  completed = (await w.owner$.req('PATCH', `/api/staff/services/${completed.id}`, { version: 1, status: 'completed', stageKey: 'delivered' })).json();

  // Client 2 of the same firm, and another firm's client, each have work of their own.
  await basService(w, { clientId: w.client2.id, name: 'NEIGHBOUR service' });
  await basService(other, { name: 'OTHER FIRM service' });
});
afterAll(async () => t.close());

const portal = (s: Session, path: string, slug = w.firm.slug) => s.req('GET', `/api/portal/${slug}${path}`);

describe('the client’s dashboard', () => {
  it('shows action required and every shared service — never hidden or cancelled ones, internal tasks or other clients’ work', async () => {
    const res = await portal(client, '/dashboard');

    expect(res.statusCode).toBe(200);
    const dash = res.json();
    expect(dash.client).toEqual({ id: w.client1.id, name: w.client1.name });
    expect(dash.greetingName).toBe('Person');
    expect(dash.actionRequired).toEqual({
      count: 1,
      tasks: [{ id: visibleTask(shown).id, name: visibleTask(shown).name, serviceId: shown.id, serviceName: shown.name, dueDate: null }],
    });
    // By due date: the completed one (due 2020) first; the portal folds it away.
    expect(dash.services.map((s: { id: string }) => s.id)).toEqual([completed.id, shown.id]);
    expect(dash.services[1]).toEqual({
      id: shown.id, name: 'BAS Preparation Q3 2026', fyLabel: 'FY2025-26 Q3', periodStart: '2026-01-01', periodEnd: '2026-03-31', dueDate: '2099-04-28', overdue: false,
      status: 'active', stageKey: 'awaiting_records', stageName: 'Awaiting records', stageClientLabel: 'Waiting for your records',
      assignee: { id: w.staff.id, name: w.staff.name, initials: 'SA' },
      // Two client-visible tasks; the completed internal one counts nowhere.
      tasksDone: 0, tasksTotal: 2, tasksWaitingOnClient: 1,
    });
    // Completed services stay reachable, labelled Completed whatever stage they were left in.
    expect(dash.services[0]).toMatchObject({ status: 'completed', stageClientLabel: 'Completed', overdue: false });
    for (const secret of ['HIDDEN', 'CANCELLED', 'INTERNAL', 'NEIGHBOUR', 'OTHER FIRM', 'Hidden question', 'Cancelled question', hidden.id, cancelled.id, 'version', 'visibleToClient']) {
      expect(res.body).not.toContain(secret);
    }
  });

  it('counts as many action-required tasks as are waiting, across services', async () => {
    const second = await basService(w, { dueDate: '2099-06-01' });
    await ask(w.owner$, visibleTask(second, 1).id, { kind: 'yes_no', prompt: 'Approve?' });

    const dash = (await portal(client, '/dashboard')).json();

    expect(dash.actionRequired.count).toBe(2);
    expect(dash.actionRequired.tasks.map((x: { serviceId: string }) => x.serviceId).sort()).toEqual([shown.id, second.id].sort());
    await w.owner$.req('PATCH', `/api/staff/services/${second.id}`, { version: 1, status: 'cancelled' });
    expect((await portal(client, '/dashboard')).json().actionRequired.count).toBe(1);
  });
});

describe('a service page', () => {
  it('shows the client-visible tasks with their questions, and no internal task', async () => {
    const res = await portal(client, `/services/${shown.id}`);

    expect(res.statusCode).toBe(200);
    const page = res.json() as ServiceDetail;
    expect(page.tasks.map((x) => x.id)).toEqual(shown.tasks.filter((x) => x.clientVisible).map((x) => x.id));
    expect(page).toMatchObject({ tasksTotal: 2, tasksDone: 0, recurringPlanId: null });
    expect(taskIn(page, visibleTask(shown).id).questions.map((q) => q.prompt)).toEqual(['Shown question?']);
    expect(res.body).not.toContain('INTERNAL');
    expect(res.body).not.toContain(internalTask(shown).id);
  });

  it.each([
    ['hidden from the client', () => hidden.id],
    ['cancelled', () => cancelled.id],
    ['of another client of the firm', async () => (await w.owner$.req('GET', `/api/staff/work?clientId=${w.client2.id}`)).json().items[0].id as string],
    ['of another firm', async () => (await other.owner$.req('GET', '/api/staff/work')).json().items[0].id as string],
    ['unknown', () => '00000000-0000-4000-8000-000000000000'],
  ])('a service %s is 404, the same as a missing one', async (_label, id) => {
    const res = await portal(client, `/services/${await id()}`);

    expect(res.statusCode).toBe(404);
    expect(res.json().detail).toBe('That service was not found.');
    expect(res.body).not.toMatch(/HIDDEN|CANCELLED|NEIGHBOUR|OTHER FIRM/);
  });

  it('a service that becomes hidden disappears from the page and the dashboard at once', async () => {
    const s = await basService(w, { name: 'Soon hidden', dueDate: '2099-07-01' });
    expect((await portal(client, `/services/${s.id}`)).statusCode).toBe(200);

    await w.owner$.req('PATCH', `/api/staff/services/${s.id}`, { version: 1, visibleToClient: false });

    expect((await portal(client, `/services/${s.id}`)).statusCode).toBe(404);
    expect((await portal(client, '/dashboard')).body).not.toContain('Soon hidden');
  });
});

describe('answering where the client may not', () => {
  const answers = (s: Session, taskId: string, questionId: string, slug = w.firm.slug) =>
    s.req('POST', `/api/portal/${slug}/tasks/${taskId}/answers`, { submit: true, answers: [{ questionId, value: 'Planted answer' }] });

  it.each([
    ['an internal task', () => ({ task: internalTask(shown).id, q: Q.shown })],
    ['a waiting task of a service hidden from the client', () => ({ task: visibleTask(hidden).id, q: Q.hidden })],
    ['a waiting task of a cancelled service', () => ({ task: visibleTask(cancelled).id, q: Q.cancelled })],
  ])('%s is 404 and nothing is written', async (_label, target) => {
    const { task, q } = target();
    const before = await firmSnapshot(t, w.firm.id);

    const res = await answers(client, task, q);

    expect(res.statusCode, res.body).toBe(404);
    expect(res.json().detail).toBe('That task was not found.');
    expect(await firmSnapshot(t, w.firm.id)).toBe(before);
  });

  it('another client of the firm, and another firm’s client, get 404 on every portal work route', async () => {
    const neighbour = await asClient(t, w.firm.slug, w.person2.email);
    const stranger = await asClient(t, other.firm.slug, other.person1.email);
    const before = await firmSnapshot(t, w.firm.id);
    const task = visibleTask(shown).id;

    const results = [
      await portal(neighbour, `/services/${shown.id}`),
      await answers(neighbour, task, Q.shown),
      await portal(stranger, `/services/${shown.id}`, other.firm.slug),
      await answers(stranger, task, Q.shown, other.firm.slug),
    ];

    expect(results.map((r) => r.statusCode)).toEqual([404, 404, 404, 404]);
    for (const r of results) expect(r.body).not.toMatch(/Shown question|marker-a|Client One/);
    // And their dashboards show none of client 1's work.
    expect((await portal(neighbour, '/dashboard')).body).not.toContain(shown.id);
    expect((await portal(stranger, '/dashboard', other.firm.slug)).body).not.toContain(shown.id);
    expect(await firmSnapshot(t, w.firm.id)).toBe(before);
    expect(await countRows(t, 'task_questions', sql`id = ${Q.shown} and (answer is not null or draft is not null)`)).toBe(0);
  });

  it('the task’s own client can still answer it (so the 404s above are about who asks)', async () => {
    const res = await answers(client, visibleTask(shown).id, Q.shown);

    expect(res.statusCode, res.body).toBe(200);
  });
});
