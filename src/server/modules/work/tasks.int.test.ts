import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { staffTaskStatusLabels, taskStatuses, type ServiceDetail, type Task, type TaskStatus } from '../../../contracts/work.js';
import { asClient, asStaff, buildTestApp, type TestApp } from '../../../../test/harness.js';
import { basService, countRows, firmSnapshot, internalTask, patchTask, taskIn, visibleTask, workWorld, type WorkWorld } from '../../../../test/work-fixtures.js';
import { taskTransitionError } from './task-status.js';

let t: TestApp;
let w: WorkWorld;
let other: WorkWorld;
let service: ServiceDetail;
beforeAll(async () => {
  t = await buildTestApp();
  w = await workWorld(t, 'a');
  other = await workWorld(t, 'b');
  service = await basService(w, { assigneeId: w.staff.id });
});
afterAll(async () => t.close());

/** Adds a task to the shared service and returns it. */
async function addTask(body: Record<string, unknown> = {}): Promise<Task> {
  const res = await w.owner$.req('POST', `/api/staff/services/${service.id}/tasks`, { name: `Task ${Math.random().toString(36).slice(2, 8)}`, ...body });
  expect(res.statusCode, res.body).toBe(201);
  const tasks = (res.json() as ServiceDetail).tasks;
  const task = tasks[tasks.length - 1];
  if (!task) throw new Error('task not added');
  return task;
}

/** A client-visible task brought to `status` through the API. */
async function taskWithStatus(status: TaskStatus): Promise<Task> {
  const task = await addTask();
  return status === 'not_started' ? task : patchTask(w.owner$, task.id, { version: task.version, status });
}

const pairs = taskStatuses.flatMap((from) => taskStatuses.filter((to) => to !== from).map((to) => ({ from, to, why: taskTransitionError(from, to, { clientVisible: true }) })));

describe('the task state machine, through the API', () => {
  it('the table is the one the issue describes: completed only reopens, waiting is left by answers or staff', () => {
    const allowed = pairs.filter((p) => !p.why).map((p) => `${p.from}→${p.to}`);

    expect(allowed.sort()).toEqual([
      'completed→in_progress',
      'in_progress→completed', 'in_progress→not_started', 'in_progress→waiting_on_client',
      'not_started→completed', 'not_started→in_progress', 'not_started→waiting_on_client',
      'waiting_on_client→completed', 'waiting_on_client→in_progress',
    ]);
  });

  it.each(pairs)('$from → $to', async ({ from, to, why }) => {
    const task = await taskWithStatus(from);
    const notices = await countRows(t, 'client_notices', sql`task_id = ${task.id}`);
    const before = await firmSnapshot(t, w.firm.id);

    const res = await w.owner$.req('PATCH', `/api/staff/tasks/${task.id}`, { version: task.version, status: to });

    if (why) {
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'CONFLICT', detail: why });
      expect(why).toContain(`cannot move to ${staffTaskStatusLabels[to]}`);
      expect(await firmSnapshot(t, w.firm.id)).toBe(before);
    } else {
      expect(res.statusCode, res.body).toBe(200);
      const after = taskIn(res.json(), task.id);
      expect(after).toMatchObject({ status: to, version: task.version + 1 });
      expect(after.completedAt === null).toBe(to !== 'completed');
      // Entering Waiting on You queues one client notice (the batched e-mail); nothing else does.
      expect(await countRows(t, 'client_notices', sql`task_id = ${task.id}`)).toBe(notices + (to === 'waiting_on_client' ? 1 : 0));
      const audit = await countRows(t, 'audit_log', sql`firm_id = ${w.firm.id} and action = 'task.updated' and target_id = ${task.id} and details->>'to' = ${to}`);
      expect(audit).toBe(1);
    }
  });

  it('saving a task without changing its status is allowed in every status', async () => {
    for (const status of taskStatuses) {
      const task = await taskWithStatus(status);

      const res = await w.owner$.req('PATCH', `/api/staff/tasks/${task.id}`, { version: task.version, status, name: `Renamed ${status}` });

      expect(res.statusCode, res.body).toBe(200);
      expect(taskIn(res.json(), task.id)).toMatchObject({ status, name: `Renamed ${status}` });
    }
  });
});

describe('internal tasks and waiting on the client', () => {
  it.each(['not_started', 'in_progress'] as const)('an internal %s task cannot wait on the client (409 saying why)', async (status) => {
    const task = await taskWithStatus(status);
    const hidden = await patchTask(w.owner$, task.id, { version: task.version, clientVisible: false });
    const before = await firmSnapshot(t, w.firm.id);

    const res = await w.owner$.req('PATCH', `/api/staff/tasks/${task.id}`, { version: hidden.version, status: 'waiting_on_client' });
    const sneaky = await w.owner$.req('PATCH', `/api/staff/tasks/${visibleTask(service).id}`, { version: visibleTask(service).version, status: 'waiting_on_client', clientVisible: false });

    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toMatch(/internal task cannot wait on the client/);
    expect(sneaky.statusCode).toBe(409);
    expect(await firmSnapshot(t, w.firm.id)).toBe(before);
  });

  it('an internal task can be made visible and set waiting in one edit', async () => {
    const s = await basService(w);
    const internal = internalTask(s);

    const task = await patchTask(w.owner$, internal.id, { version: internal.version, clientVisible: true, status: 'waiting_on_client' });

    expect(task).toMatchObject({ clientVisible: true, status: 'waiting_on_client' });
  });

  it('a waiting task cannot be hidden while it waits; moving it on and hiding it at once is fine', async () => {
    const task = await taskWithStatus('waiting_on_client');
    const before = await firmSnapshot(t, w.firm.id);

    const hide = await w.owner$.req('PATCH', `/api/staff/tasks/${task.id}`, { version: task.version, clientVisible: false });
    expect(hide.statusCode).toBe(409);
    expect(hide.json().detail).toMatch(/waiting on the client; move it to In Progress before hiding it/);
    expect(await firmSnapshot(t, w.firm.id)).toBe(before);

    const moved = await patchTask(w.owner$, task.id, { version: task.version, clientVisible: false, status: 'in_progress' });
    expect(moved).toMatchObject({ clientVisible: false, status: 'in_progress' });
    const client = await asClient(t, w.firm.slug, w.person1.email);
    const page = await client.req('GET', `/api/portal/${w.firm.slug}/services/${service.id}`);
    expect(page.body).not.toContain(task.id);
  });

  it('a task on a service hidden from the client, or closed, cannot wait on the client', async () => {
    const hidden = await basService(w, { visibleToClient: false });
    const cancelled = await basService(w);
    await w.owner$.req('PATCH', `/api/staff/services/${cancelled.id}`, { version: 1, status: 'cancelled' });
    const before = await firmSnapshot(t, w.firm.id);

    const onHidden = await w.owner$.req('PATCH', `/api/staff/tasks/${visibleTask(hidden).id}`, { version: 1, status: 'waiting_on_client' });
    const onCancelled = await w.owner$.req('PATCH', `/api/staff/tasks/${visibleTask(cancelled).id}`, { version: 1, status: 'waiting_on_client' });

    expect(onHidden.statusCode).toBe(409);
    expect(onHidden.json().detail).toMatch(/service is hidden from the client/);
    expect(onCancelled.statusCode).toBe(409);
    expect(onCancelled.json().detail).toMatch(/service is cancelled/);
    expect(await firmSnapshot(t, w.firm.id)).toBe(before);
  });

  it('a service cannot be hidden from the client while one of its tasks waits on them', async () => {
    const s = await basService(w);
    const task = visibleTask(s);
    await patchTask(w.owner$, task.id, { version: task.version, status: 'waiting_on_client' });
    const before = await firmSnapshot(t, w.firm.id);

    const hide = await w.owner$.req('PATCH', `/api/staff/services/${s.id}`, { version: 1, visibleToClient: false });

    expect(hide.statusCode).toBe(409);
    expect(hide.json().detail).toMatch(/1 task is waiting on the client/);
    expect(await firmSnapshot(t, w.firm.id)).toBe(before);
  });
});

describe('adding and editing tasks', () => {
  it('adds a task at the end, assigned like its service, visible or internal', async () => {
    const count = (await w.owner$.req('GET', `/api/staff/services/${service.id}`)).json().tasks.length as number;

    const visible = await addTask({ name: 'Send loan statements', description: 'For the car loan', dueDate: '2099-04-14' });
    const internal = await addTask({ name: 'Check Division 7A', clientVisible: false, assigneeId: w.owner.id });

    expect(visible).toMatchObject({ name: 'Send loan statements', description: 'For the car loan', dueDate: '2099-04-14', status: 'not_started', clientVisible: true, position: count, assignee: { id: w.staff.id }, version: 1, overdue: false });
    expect(internal).toMatchObject({ clientVisible: false, position: count + 1, assignee: { id: w.owner.id } });
    const page = await (await asClient(t, w.firm.slug, w.person1.email)).req('GET', `/api/portal/${w.firm.slug}/services/${service.id}`);
    expect(page.body).toContain('Send loan statements');
    expect(page.body).not.toContain('Check Division 7A');
  });

  it('a task due before today (in the firm’s time zone) is overdue until it is completed', async () => {
    const task = await addTask({ dueDate: '2020-01-01' });

    const done = await patchTask(w.owner$, task.id, { version: task.version, status: 'completed' });

    expect(task.overdue).toBe(true);
    expect(done.overdue).toBe(false);
  });

  it.each([
    ['a blank name', 'body.name', () => ({ name: '   ' })],
    ['an impossible due date', 'body.dueDate', () => ({ name: 'x', dueDate: '2026-02-30' })],
    ['another firm’s assignee', 'body.assigneeId', () => ({ name: 'x', assigneeId: other.owner.id })],
    ['an unknown field', 'body', () => ({ name: 'x', status: 'completed' })],
  ])('adding a task with %s → 400 naming %s, nothing added', async (_label, path, body) => {
    const before = await firmSnapshot(t, w.firm.id);

    const res = await w.owner$.req('POST', `/api/staff/services/${service.id}/tasks`, body());

    expect(res.statusCode, res.body).toBe(400);
    expect((res.json().errors as { path: string }[]).map((e) => e.path)).toContain(path);
    expect(await firmSnapshot(t, w.firm.id)).toBe(before);
  });

  it('edits name, description, due date and assignee; another firm’s assignee is 400', async () => {
    const task = await addTask();

    const edited = await patchTask(w.owner$, task.id, { version: 1, name: 'Edited', description: 'New words', dueDate: null, assigneeId: null });
    const foreign = await w.owner$.req('PATCH', `/api/staff/tasks/${task.id}`, { version: edited.version, assigneeId: other.staff.id });

    expect(edited).toMatchObject({ name: 'Edited', description: 'New words', dueDate: null, assignee: null, version: 2 });
    expect(foreign.statusCode).toBe(400);
  });

  it('a stale version is 409 and nothing changes; two edits at once: exactly one wins', async () => {
    const task = await addTask();
    await patchTask(w.owner$, task.id, { version: 1, name: 'First' });
    const before = await firmSnapshot(t, w.firm.id);

    const stale = await w.owner$.req('PATCH', `/api/staff/tasks/${task.id}`, { version: 1, name: 'Lost update' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('STALE_VERSION');
    expect(await firmSnapshot(t, w.firm.id)).toBe(before);

    const mia = await asStaff(t, w.staff.email);
    const race = await Promise.all([
      w.owner$.req('PATCH', `/api/staff/tasks/${task.id}`, { version: 2, status: 'completed' }),
      mia.req('PATCH', `/api/staff/tasks/${task.id}`, { version: 2, status: 'waiting_on_client' }),
    ]);
    expect(race.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const after = taskIn((await w.owner$.req('GET', `/api/staff/services/${service.id}`)).json(), task.id);
    expect(after.version).toBe(3);
    // Only the winner's side effects exist: a notice if and only if the task now waits.
    expect(await countRows(t, 'client_notices', sql`task_id = ${task.id}`)).toBe(after.status === 'waiting_on_client' ? 1 : 0);
  });

  it('another firm’s or an unknown task is 404 and nothing changes', async () => {
    const theirs = await basService(other);
    const before = await firmSnapshot(t, other.firm.id);

    const foreign = await w.owner$.req('PATCH', `/api/staff/tasks/${visibleTask(theirs).id}`, { version: 1, status: 'completed' });
    const unknown = await w.owner$.req('PATCH', '/api/staff/tasks/00000000-0000-4000-8000-000000000000', { version: 1, status: 'completed' });
    const addToForeign = await w.owner$.req('POST', `/api/staff/services/${theirs.id}/tasks`, { name: 'Planted' });

    expect([foreign.statusCode, unknown.statusCode, addToForeign.statusCode]).toEqual([404, 404, 404]);
    expect(foreign.json().detail).toBe(unknown.json().detail);
    expect(await firmSnapshot(t, other.firm.id)).toBe(before);
  });
});
