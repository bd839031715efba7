import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { ServiceDetail, ServiceSummary } from '../../../contracts/work.js';
import { queryRows } from '../../db/client.js';
import { buildTestApp, type TestApp } from '../../../../test/harness.js';
import { countRows, createService, templateId, workWorld, type WorkWorld } from '../../../../test/work-fixtures.js';
import { runRecurringServices } from './work.jobs.js';

/**
 * The recurring-services job. Every test makes its own firm and looks only at its own plan's
 * services: the job works across all firms of the test database, so totals are other tests' too.
 */
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

interface PlanRow { id: string; next_period_start: string; active: boolean }

async function setUp(template: string, body: Record<string, unknown> | ((w: WorkWorld) => Record<string, unknown>)) {
  const w = await workWorld(t);
  const extra = typeof body === 'function' ? body(w) : body;
  const first = await createService(w.owner$, { clientId: w.client1.id, templateId: templateId(w, template), recurring: true, ...extra });
  if (!first.recurringPlanId) throw new Error('no plan');
  return { w, first, planId: first.recurringPlanId };
}

async function planServices(w: WorkWorld, planId: string) {
  const res = await w.owner$.req('GET', `/api/staff/work?clientId=${w.client1.id}&pageSize=100&sort=due`);
  const items = (res.json().items as ServiceSummary[]);
  const ids = new Set((await queryRows<{ id: string }>(t.db.owner, sql`select id from services where recurring_plan_id = ${planId}`)).map((r) => r.id));
  return items.filter((s) => ids.has(s.id)).sort((a, b) => (a.periodStart ?? '').localeCompare(b.periodStart ?? ''));
}

async function plan(planId: string): Promise<PlanRow> {
  const [row] = await queryRows<PlanRow>(t.db.owner, sql`select id, next_period_start::text, active from recurring_plans where id = ${planId}`);
  if (!row) throw new Error('plan missing');
  return row;
}

/** Midnight UTC is 10–11 am in Sydney, so the firm's date is the same calendar day. */
const at = (d: string) => new Date(`${d}T00:00:00Z`);

describe('recurring services', () => {
  it('creates each due quarter once with three runs racing, with the plan’s assignee, visibility and ATO due dates', async () => {
    const { w, first, planId } = await setUp('BAS Preparation', (x) => ({ periodStart: '2025-07-01', assigneeId: x.staff.id, visibleToClient: false, agentConcession: false }));
    expect(first).toMatchObject({ name: 'BAS Preparation Q1 2026', dueDate: '2025-10-28' });
    expect((await plan(planId)).next_period_start).toBe('2025-10-01');
    const totalBefore = await countRows(t, 'services', sql`true`);

    const results = await Promise.all([runRecurringServices(t.deps, at('2026-03-20')), runRecurringServices(t.deps, at('2026-03-20')), runRecurringServices(t.deps, at('2026-03-20'))]);

    expect(results.reduce((a, b) => a + b, 0)).toBe((await countRows(t, 'services', sql`true`)) - totalBefore);
    const made = await planServices(w, planId);
    expect(made.map((s) => [s.name, s.fyLabel, s.periodStart, s.periodEnd, s.dueDate])).toEqual([
      ['BAS Preparation Q1 2026', 'FY2025-26 Q1', '2025-07-01', '2025-09-30', '2025-10-28'],
      ['BAS Preparation Q2 2026', 'FY2025-26 Q2', '2025-10-01', '2025-12-31', '2026-03-02'],
      ['BAS Preparation Q3 2026', 'FY2025-26 Q3', '2026-01-01', '2026-03-31', '2026-04-28'],
    ]);
    expect(made.every((s) => s.visibleToClient === false && s.stageKey === 'awaiting_records' && s.tasksTotal === 4 && s.assignee?.id === w.staff.id)).toBe(true);
    expect((await plan(planId)).next_period_start).toBe('2026-04-01');
    const detail = (await w.owner$.req('GET', `/api/staff/services/${made[2]?.id}`)).json() as ServiceDetail;
    expect(detail).toMatchObject({ recurringPlanId: planId, dueDateRule: 'bas_quarterly' });
    expect(await countRows(t, 'audit_log', sql`firm_id = ${w.firm.id} and actor_kind = 'system' and action = 'service.created'`)).toBe(2);

    // Runs later the same day, and a restart, find nothing more to do.
    await runRecurringServices(t.deps, at('2026-03-20'));
    expect(await planServices(w, planId)).toHaveLength(3);
  });

  it('waits until 14 days before the period ends, in the firm’s time zone', async () => {
    const { w, planId } = await setUp('BAS Preparation', { periodStart: '2025-10-01' });

    await runRecurringServices(t.deps, at('2026-03-16'));
    const early = await planServices(w, planId);
    // 14:00 UTC on 16 March is already 17 March in Sydney: Q3 (ends 31 March) is now 14 days out.
    await runRecurringServices(t.deps, new Date('2026-03-16T14:00:00Z'));
    const onTime = await planServices(w, planId);

    expect(early.map((s) => s.name)).toEqual(['BAS Preparation Q2 2026']);
    expect(onTime.map((s) => s.name)).toEqual(['BAS Preparation Q2 2026', 'BAS Preparation Q3 2026']);
  });

  it('a firm in Perth is not yet at that day when Sydney is', async () => {
    const { w, planId } = await setUp('BAS Preparation', { periodStart: '2025-10-01' });
    await t.db.owner.execute(sql`update firms set time_zone = 'Australia/Perth' where id = ${w.firm.id}`);

    await runRecurringServices(t.deps, new Date('2026-03-16T14:00:00Z'));

    expect((await planServices(w, planId)).map((s) => s.name)).toEqual(['BAS Preparation Q2 2026']);
  });

  it('catches up several missed quarters in one run', async () => {
    const { w, planId } = await setUp('BAS Preparation', { periodStart: '2023-07-01' });

    await runRecurringServices(t.deps, at('2026-03-20'));

    const made = await planServices(w, planId);
    expect(made).toHaveLength(11);
    expect(made.map((s) => s.periodStart)).toEqual([
      '2023-07-01', '2023-10-01', '2024-01-01', '2024-04-01', '2024-07-01', '2024-10-01', '2025-01-01', '2025-04-01', '2025-07-01', '2025-10-01', '2026-01-01',
    ]);
    expect(made[4]).toMatchObject({ name: 'BAS Preparation Q1 2025', dueDate: '2024-11-25' });
  });

  it('catches up a long gap over several runs (at most 12 periods a run), still once each', async () => {
    const { w, planId } = await setUp('Bookkeeping', { periodStart: '2024-01-01' });

    for (let i = 0; i < 4; i++) await runRecurringServices(t.deps, at('2026-03-20'));

    const made = await planServices(w, planId);
    // January 2024 (created by hand) to March 2026 (ends 31 March, within 14 days of 20 March).
    expect(made).toHaveLength(27);
    expect(new Set(made.map((s) => s.periodStart)).size).toBe(27);
    expect(made.slice(0, 2).map((s) => [s.name, s.periodEnd, s.dueDate])).toEqual([['Bookkeeping Jan 2024', '2024-01-31', null], ['Bookkeeping Feb 2024', '2024-02-29', null]]);
    expect(made[26]?.name).toBe('Bookkeeping Mar 2026');
    expect((await plan(planId)).next_period_start).toBe('2026-04-01');
  });

  it('a monthly BAS plan gets the 21st of the next month (next business day)', async () => {
    const { w, planId } = await setUp('BAS Preparation (monthly)', { periodStart: '2025-11-01', agentConcession: false });

    await runRecurringServices(t.deps, at('2026-02-20'));

    const made = await planServices(w, planId);
    expect(made.map((s) => [s.name, s.dueDate])).toEqual([
      ['BAS Preparation (monthly) Nov 2025', '2025-12-22'],
      ['BAS Preparation (monthly) Dec 2025', '2026-01-21'],
      ['BAS Preparation (monthly) Jan 2026', '2026-02-23'],
      ['BAS Preparation (monthly) Feb 2026', '2026-03-23'],
    ]);
  });

  it('an annual plan creates the next financial year’s return with the agent’s due date', async () => {
    const { w, planId } = await setUp('Individual Tax Return', { periodStart: '2024-07-01' });

    await runRecurringServices(t.deps, at('2026-06-10'));
    const before = await planServices(w, planId);
    await runRecurringServices(t.deps, at('2026-06-20'));
    const after = await planServices(w, planId);

    expect(before.map((s) => s.name)).toEqual(['Individual Tax Return 2025']);
    expect(after.map((s) => [s.name, s.fyLabel, s.periodStart, s.periodEnd, s.dueDate])).toEqual([
      ['Individual Tax Return 2025', 'FY2024-25', '2024-07-01', '2025-06-30', '2026-05-15'],
      ['Individual Tax Return 2026', 'FY2025-26', '2025-07-01', '2026-06-30', '2027-05-17'],
    ]);
  });

  it('does nothing for an inactive plan, and leaves it where it was', async () => {
    const { w, planId } = await setUp('BAS Preparation', { periodStart: '2025-07-01' });
    await t.db.owner.execute(sql`update recurring_plans set active = false where id = ${planId}`);

    await runRecurringServices(t.deps, at('2026-03-20'));

    expect(await planServices(w, planId)).toHaveLength(1);
    expect(await plan(planId)).toMatchObject({ next_period_start: '2025-10-01', active: false });
  });

  it('keeps going for a plan whose template was archived (and the template stays out of the list)', async () => {
    const { w, planId } = await setUp('BAS Preparation', { periodStart: '2025-10-01' });
    const second = await setUp('BAS Preparation', { periodStart: '2025-10-01' });
    await t.db.owner.execute(sql`update service_templates set archived = true where id = ${templateId(w, 'BAS Preparation')}`);

    await runRecurringServices(t.deps, at('2026-03-20'));

    expect((await planServices(w, planId)).map((s) => s.name)).toEqual(['BAS Preparation Q2 2026', 'BAS Preparation Q3 2026']);
    expect(await planServices(second.w, second.planId)).toHaveLength(2);
    const templates = (await w.owner$.req('GET', '/api/staff/templates')).json().items as { name: string }[];
    expect(templates.map((x) => x.name)).not.toContain('BAS Preparation');
  });

  it('a plan’s period that already has a service (made by hand) is skipped, not duplicated, and the plan moves on', async () => {
    const { w, planId } = await setUp('BAS Preparation', { periodStart: '2025-07-01' });
    // Someone created Q2 for this plan already (e.g. an earlier run that committed just before a restart).
    const [q1] = await planServices(w, planId);
    await t.db.owner.execute(sql`
      insert into services (firm_id, client_id, template_id, template_name, name, period_start, period_end, due_date, stages, stage_key, recurring_plan_id)
      select firm_id, client_id, template_id, template_name, 'Q2 by hand', '2025-10-01', '2025-12-31', '2026-03-02', stages, stage_key, recurring_plan_id from services where id = ${q1?.id}`);

    await runRecurringServices(t.deps, at('2026-03-20'));

    expect((await planServices(w, planId)).map((s) => s.name)).toEqual(['BAS Preparation Q1 2026', 'Q2 by hand', 'BAS Preparation Q3 2026']);
    expect((await plan(planId)).next_period_start).toBe('2026-04-01');
  });
});

describe('recurring services at scale', () => {
  it('a firm with hundreds of plans not yet due still gets the one that is due', async () => {
    const { w, planId } = await setUp('Bookkeeping', { periodStart: '2026-10-01' });
    // 250 clients on annual returns whose next year (FY2026-27) is not due until June 2027.
    await t.db.owner.execute(sql`
      with c as (insert into clients (firm_id, type, name) select ${w.firm.id}, 'individual', 'Annual ' || g from generate_series(1, 250) g returning id)
      insert into recurring_plans (firm_id, client_id, template_id, frequency, next_period_start)
      select ${w.firm.id}, c.id, ${templateId(w, 'Individual Tax Return')}, 'annually', '2026-07-01' from c`);

    await runRecurringServices(t.deps, at('2026-11-20'));

    expect((await planServices(w, planId)).map((s) => s.name)).toEqual(['Bookkeeping Oct 2026', 'Bookkeeping Nov 2026']);
    expect(await countRows(t, 'recurring_plans', sql`firm_id = ${w.firm.id} and next_period_start <> '2026-07-01'`)).toBe(1);
  });

  it('with hundreds of firms whose plans are not due, a firm with a due plan is still served', async () => {
    const { w, planId } = await setUp('Bookkeeping', { periodStart: '2026-10-01' });
    const stages = JSON.stringify([{ key: 'a', name: 'A', clientLabel: 'A' }, { key: 'b', name: 'B', clientLabel: 'B' }]);
    await t.db.owner.execute(sql`
      with f as (
        insert into firms (slug, legal_name, display_name, abn)
        select 'decoy-' || g || '-' || ${w.firm.slug}, 'Decoy ' || g, 'Decoy ' || g, '51824753556' from generate_series(1, 300) g returning id
      ), c as (
        insert into clients (firm_id, type, name) select id, 'individual', 'Decoy client' from f returning id, firm_id
      ), tpl as (
        insert into service_templates (firm_id, kind, name, recurrence, stages, tasks) select id, 'custom', 'Decoy', 'annually', ${stages}::jsonb, '[]'::jsonb from f returning id, firm_id
      )
      insert into recurring_plans (firm_id, client_id, template_id, frequency, next_period_start)
      select c.firm_id, c.id, tpl.id, 'annually', '2026-07-01' from c join tpl using (firm_id)`);

    for (let i = 0; i < 3; i++) await runRecurringServices(t.deps, at('2026-11-20'));

    expect((await planServices(w, planId)).map((s) => s.name)).toEqual(['Bookkeeping Oct 2026', 'Bookkeeping Nov 2026']);
  });
});

describe('setting up a recurring service', () => {
  it('a client cannot be set up twice for the same recurring template (409), even by two requests at once', async () => {
    const w = await workWorld(t);
    const body = { clientId: w.client1.id, templateId: templateId(w, 'BAS Preparation'), periodStart: '2026-01-01', recurring: true };

    const race = await Promise.all([w.owner$.req('POST', '/api/staff/services', body), w.owner$.req('POST', '/api/staff/services', body)]);
    const again = await w.owner$.req('POST', '/api/staff/services', { ...body, periodStart: '2026-04-01' });

    expect(race.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toMatch(/already repeats/);
    expect(again.json().errors).toEqual([{ path: 'body.recurring', message: expect.any(String) }]);
    expect(await countRows(t, 'recurring_plans', sql`firm_id = ${w.firm.id}`)).toBe(1);
    expect(await countRows(t, 'services', sql`firm_id = ${w.firm.id}`)).toBe(1);
  });

  it('the same template may repeat for another client, and one-off services of it are still fine', async () => {
    const w = await workWorld(t);
    const bas = templateId(w, 'BAS Preparation');
    await createService(w.owner$, { clientId: w.client1.id, templateId: bas, periodStart: '2026-01-01', recurring: true });

    const otherClient = await w.owner$.req('POST', '/api/staff/services', { clientId: w.client2.id, templateId: bas, periodStart: '2026-01-01', recurring: true });
    const oneOff = await w.owner$.req('POST', '/api/staff/services', { clientId: w.client1.id, templateId: bas, periodStart: '2025-10-01' });
    const otherTemplate = await w.owner$.req('POST', '/api/staff/services', { clientId: w.client1.id, templateId: templateId(w, 'Bookkeeping'), recurring: true });

    expect([otherClient.statusCode, oneOff.statusCode, otherTemplate.statusCode]).toEqual([201, 201, 201]);
  });
});
