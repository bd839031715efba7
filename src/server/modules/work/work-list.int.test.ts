import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import type { ServiceDetail, ServiceSummary } from '../../../contracts/work.js';
import { buildTestApp, type TestApp } from '../../../../test/harness.js';
import { ask, createService, firmSnapshot, patchTask, templateId, workWorld, type WorkWorld } from '../../../../test/work-fixtures.js';

let t: TestApp;
let w: WorkWorld;
let other: WorkWorld;
/** The firm's services, by a short name: see beforeAll. */
let S: Record<'bas' | 'advisory' | 'itr' | 'company' | 'cancelled' | 'done', ServiceDetail>;

beforeAll(async () => {
  t = await buildTestApp();
  w = await workWorld(t, 'a');
  other = await workWorld(t, 'b');
  const mk = (body: Record<string, unknown>) => createService(w.owner$, body);
  const c1 = w.client1.id;
  const c2 = w.client2.id;
  S = {
    bas: await mk({ clientId: c1, templateId: templateId(w, 'BAS Preparation'), periodStart: '2026-01-01', dueDate: '2099-05-26', assigneeId: w.staff.id }),
    advisory: await mk({ clientId: c1, templateId: templateId(w, 'Advisory'), name: 'Advisory: succession plan' }),
    itr: await mk({ clientId: c2, templateId: templateId(w, 'Individual Tax Return'), periodStart: '2025-07-01', dueDate: '2099-10-31', assigneeId: w.owner.id }),
    company: await mk({ clientId: c2, templateId: templateId(w, 'Company Tax Return'), periodStart: '2018-07-01', dueDate: '2020-01-15' }),
    cancelled: await mk({ clientId: c1, templateId: templateId(w, 'Company Tax Return'), periodStart: '2019-07-01', dueDate: '2020-02-01' }),
    done: await mk({ clientId: c2, templateId: templateId(w, 'Advisory'), name: 'Advisory: done deal', dueDate: '2020-03-01' }),
  };
  // The BAS waits on client 1; the ITR is in review; one is cancelled and one completed, both with past due dates.
  await ask(w.owner$, S.bas.tasks[0]?.id ?? '', { kind: 'text', prompt: 'Anything unusual this quarter?' });
  S.itr = (await w.owner$.req('PATCH', `/api/staff/services/${S.itr.id}`, { version: 1, stageKey: 'review' })).json();
  S.cancelled = (await w.owner$.req('PATCH', `/api/staff/services/${S.cancelled.id}`, { version: 1, status: 'cancelled' })).json();
  for (const task of S.done.tasks) await patchTask(w.owner$, task.id, { version: task.version, status: 'completed' });
  S.done = (await w.owner$.req('PATCH', `/api/staff/services/${S.done.id}`, { version: 1, status: 'completed' })).json();
  // Another firm's work must never show up in firm A's list.
  await createService(other.owner$, { clientId: other.client1.id, templateId: templateId(other, 'Company Tax Return'), periodStart: '2018-07-01', dueDate: '2020-01-15' });
});
afterAll(async () => t.close());

async function list(query: string) {
  const res = await w.owner$.req('GET', `/api/staff/work${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: ServiceSummary[]; total: number; page: number; pageSize: number };
}
const idsOf = (items: ServiceSummary[]) => items.map((x) => x.id);
const keysOf = (items: ServiceSummary[]) => items.map((x) => Object.entries(S).find(([, s]) => s.id === x.id)?.[0] ?? `foreign:${x.name}`);

describe('the work list: filters', () => {
  it('lists every service of the firm and none of another firm’s, with counts and overdue computed', async () => {
    const all = await list('?pageSize=100');

    expect(all.total).toBe(6);
    expect(keysOf(all.items).sort()).toEqual(['advisory', 'bas', 'cancelled', 'company', 'done', 'itr']);
    const bas = all.items.find((x) => x.id === S.bas.id);
    expect(bas).toMatchObject({ clientName: w.client1.name, tasksTotal: 4, tasksDone: 0, tasksWaitingOnClient: 1, overdue: false, assignee: { id: w.staff.id } });
    expect(all.items.find((x) => x.id === S.company.id)?.overdue).toBe(true);
    // Past due but closed is not overdue.
    expect(all.items.find((x) => x.id === S.cancelled.id)?.overdue).toBe(false);
    expect(all.items.find((x) => x.id === S.done.id)?.overdue).toBe(false);
  });

  it.each([
    ['?status=active', ['bas', 'advisory', 'itr', 'company']],
    ['?status=cancelled', ['cancelled']],
    ['?status=completed', ['done']],
    ['?stageKey=review', ['itr']],
    ['?stageKey=awaiting_records', ['bas']],
    ['?stageKey=nonexistent', []],
    ['?assigneeId=STAFF', ['bas']],
    ['?assigneeId=OWNER', ['itr']],
    ['?assigneeId=unassigned', ['advisory', 'company', 'cancelled', 'done']],
    ['?clientId=CLIENT2', ['itr', 'company', 'done']],
    ['?clientId=FOREIGN_CLIENT', []],
    ['?dueFrom=2020-02-01', ['bas', 'itr', 'cancelled', 'done']],
    ['?dueTo=2020-02-01', ['company', 'cancelled']],
    ['?dueFrom=2020-01-16&dueTo=2020-12-31', ['cancelled', 'done']],
    ['?dueFrom=2099-05-26&dueTo=2099-05-26', ['bas']],
    ['?overdue=true', ['company']],
    ['?overdue=false', ['bas', 'advisory', 'itr', 'cancelled', 'done']],
    ['?waitingOnClient=true', ['bas']],
    ['?waitingOnClient=false', ['advisory', 'itr', 'company', 'cancelled', 'done']],
    ['?status=active&clientId=CLIENT1&assigneeId=unassigned', ['advisory']],
    ['?overdue=true&clientId=CLIENT1', []],
  ])('%s → %j', async (query, expected) => {
    const q = query
      .replace('STAFF', w.staff.id).replace('OWNER', w.owner.id).replace('CLIENT1', w.client1.id).replace('CLIENT2', w.client2.id)
      .replace('FOREIGN_CLIENT', other.client1.id);

    const res = await list(`${q}&pageSize=100`);

    expect(keysOf(res.items).sort()).toEqual([...expected].sort());
    expect(res.total).toBe(expected.length);
  });
});

describe('the work list: sorting and pages', () => {
  it.each([
    ['due', ['company', 'cancelled', 'done', 'bas', 'itr', 'advisory']],
    ['-due', ['itr', 'bas', 'done', 'cancelled', 'company', 'advisory']],
    ['name', ['done', 'advisory', 'bas', 'company', 'cancelled', 'itr']],
    // Client One before Client Two, then by due date.
    ['client', ['cancelled', 'bas', 'advisory', 'company', 'done', 'itr']],
    // By position in the workflow: first stages first, then by due date.
    ['stage', ['company', 'cancelled', 'done', 'bas', 'advisory', 'itr']],
  ])('sort=%s', async (sort, expected) => {
    const res = await list(`?sort=${sort}&pageSize=100`);

    expect(keysOf(res.items)).toEqual(expected);
  });

  it('sorts by due date when no sort is given', async () => {
    expect(idsOf((await list('?pageSize=100')).items)).toEqual(idsOf((await list('?sort=due&pageSize=100')).items));
  });

  it('pages through every service exactly once with the same total on each page', async () => {
    const pages = [await list('?pageSize=4&page=1'), await list('?pageSize=4&page=2'), await list('?pageSize=4&page=3')];

    expect(pages.map((p) => p.total)).toEqual([6, 6, 6]);
    expect(pages.map((p) => p.items.length)).toEqual([4, 2, 0]);
    expect(pages.map((p) => [p.page, p.pageSize])).toEqual([[1, 4], [2, 4], [3, 4]]);
    const seen = pages.flatMap((p) => idsOf(p.items));
    expect(new Set(seen).size).toBe(6);
    expect(seen).toEqual(idsOf((await list('?pageSize=100')).items));
  });

  it('uses 25 a page by default', async () => {
    const res = await list('');

    expect([res.page, res.pageSize]).toEqual([1, 25]);
  });
});

describe('the work list: bad query values', () => {
  it.each([
    ['status=open', 'querystring.status'],
    ['stageKey=' + 'x'.repeat(41), 'querystring.stageKey'],
    ['assigneeId=bob', 'querystring.assigneeId'],
    ['clientId=1%20or%201%3D1', 'querystring.clientId'],
    ['dueFrom=2026-02-30', 'querystring.dueFrom'],
    ['dueTo=28%2F04%2F2026', 'querystring.dueTo'],
    ['dueFrom=2026-05-01&dueTo=2026-04-01', 'querystring.dueTo'],
    ['overdue=yes', 'querystring.overdue'],
    ['waitingOnClient=1', 'querystring.waitingOnClient'],
    ['sort=priority', 'querystring.sort'],
    ['page=0', 'querystring.page'],
    ['page=abc', 'querystring.page'],
    ['pageSize=101', 'querystring.pageSize'],
    ['pageSize=-1', 'querystring.pageSize'],
  ])('?%s → 400 naming %s', async (query, path) => {
    const res = await w.owner$.req('GET', `/api/staff/work?${query}`);

    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().code).toBe('VALIDATION');
    expect((res.json().errors as { path: string }[]).map((e) => e.path)).toContain(path);
    expect(res.json().detail).toContain(path);
  });
});

describe('overdue in the firm’s time zone', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a service due 10 March is overdue in Sydney but not yet in Perth at 14:30 UTC on 10 March', async () => {
    // 2026-03-10T14:30Z is 01:30 on 11 March in Sydney (AEDT) and 22:30 on 10 March in Perth.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-10T14:30:00Z'));
    const tz = await workWorld(t, 'tz');
    const due = await createService(tz.owner$, { clientId: tz.client1.id, templateId: templateId(tz, 'Advisory'), name: 'Due 10 March', dueDate: '2026-03-10' });
    const notYet = await createService(tz.owner$, { clientId: tz.client1.id, templateId: templateId(tz, 'Advisory'), name: 'Due 11 March', dueDate: '2026-03-11' });
    const look = async () => {
      const res = await tz.owner$.req('GET', '/api/staff/work?overdue=true');
      const detail = (await tz.owner$.req('GET', `/api/staff/services/${due.id}`)).json() as ServiceDetail;
      const all = (await tz.owner$.req('GET', '/api/staff/work')).json() as { items: ServiceSummary[] };
      return { listed: idsOf(res.json().items), flagged: detail.overdue, flags: all.items.map((x) => [x.name, x.overdue]) };
    };

    const sydney = await look();
    await t.db.owner.execute(sql`update firms set time_zone = 'Australia/Perth' where id = ${tz.firm.id}`);
    const perth = await look();

    expect(sydney).toEqual({ listed: [due.id], flagged: true, flags: [['Due 10 March', true], ['Due 11 March', false]] });
    expect(perth).toEqual({ listed: [], flagged: false, flags: [['Due 10 March', false], ['Due 11 March', false]] });
    expect(notYet.overdue).toBe(false);
  });
});

describe('bulk actions', () => {
  async function fresh(n: number) {
    const made: ServiceDetail[] = [];
    for (let i = 0; i < n; i++) made.push(await createService(w.owner$, { clientId: w.client1.id, templateId: templateId(w, 'BAS Preparation'), name: `Bulk ${i}`, dueDate: '2099-01-01' }));
    return made;
  }
  const bulk = (body: unknown) => w.owner$.req('POST', '/api/staff/services/bulk', body);
  const get = async (id: string) => (await w.owner$.req('GET', `/api/staff/services/${id}`)).json() as ServiceDetail;

  it('assigns and moves every chosen service, counting duplicates once', async () => {
    const made = await fresh(3);
    const ids = made.map((s) => s.id);

    // The first id three times: as sent, again, and in capitals (the same uuid to the database).
    const res = await bulk({ serviceIds: [...ids, ids[0], ids[0]?.toUpperCase()], assigneeId: w.staff.id, stageKey: 'review' });

    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ updated: 3 });
    for (const id of ids) expect(await get(id)).toMatchObject({ assignee: { id: w.staff.id }, stageKey: 'review', version: 2 });
    const unassign = await bulk({ serviceIds: ids, assigneeId: null });
    expect(unassign.json()).toEqual({ updated: 3 });
    for (const id of ids) expect(await get(id)).toMatchObject({ assignee: null, stageKey: 'review', version: 3 });
  });

  it.each([
    ['another firm’s id among many', async () => (await createService(other.owner$, { clientId: other.client1.id, templateId: templateId(other, 'BAS Preparation') })).id],
    ['an unknown id among many', async () => '00000000-0000-4000-8000-000000000000'],
  ])('%s → 404 and nothing changes in either firm', async (_label, odd) => {
    const made = await fresh(3);
    const oddId = await odd();
    const before = [await firmSnapshot(t, w.firm.id), await firmSnapshot(t, other.firm.id)];

    const res = await bulk({ serviceIds: [made[0]?.id, oddId, made[1]?.id, made[2]?.id], assigneeId: w.staff.id, stageKey: 'review' });

    expect(res.statusCode).toBe(404);
    expect(res.json().detail).toBe('1 of the selected services were not found. Nothing was changed.');
    expect(res.body).not.toMatch(/marker-b/);
    expect([await firmSnapshot(t, w.firm.id), await firmSnapshot(t, other.firm.id)]).toEqual(before);
  });

  it('a stage that does not fit one service (other workflow, or closed) → 409 naming it, and nothing changes', async () => {
    const made = await fresh(2);
    const before = await firmSnapshot(t, w.firm.id);

    const misfit = await bulk({ serviceIds: [made[0]?.id, S.advisory.id, made[1]?.id], stageKey: 'review', assigneeId: w.staff.id });
    const closed = await bulk({ serviceIds: [made[0]?.id, S.done.id], stageKey: 'scoping' });

    expect(misfit.statusCode).toBe(409);
    expect(misfit.json().detail).toMatch(/Advisory: succession plan/);
    expect(misfit.json().detail).toMatch(/Nothing was changed/);
    expect(closed.statusCode).toBe(409);
    expect(await firmSnapshot(t, w.firm.id)).toBe(before);
  });

  it.each([
    ['another firm’s assignee', 400, () => ({ serviceIds: [S.bas.id], assigneeId: other.staff.id })],
    ['nothing to change', 400, () => ({ serviceIds: [S.bas.id] })],
    ['no ids', 400, () => ({ serviceIds: [], assigneeId: null })],
    ['a non-uuid id', 400, () => ({ serviceIds: ['x'], assigneeId: null })],
    ['more than 200 ids', 400, () => ({ serviceIds: Array.from({ length: 201 }, () => S.bas.id), assigneeId: null })],
  ])('%s → %s and nothing changes', async (_label, status, body) => {
    const before = await firmSnapshot(t, w.firm.id);

    const res = await bulk(body());

    expect(res.statusCode, res.body).toBe(status);
    expect(await firmSnapshot(t, w.firm.id)).toBe(before);
  });
});
