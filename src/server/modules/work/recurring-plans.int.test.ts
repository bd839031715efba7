import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asStaff, buildTestApp, createFirmWorld, type TestApp } from '../../../../test/harness.js';
import { runRecurringServices } from './work.jobs.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

describe('recurring services: list, stop, resume', () => {
  it('a stopped plan creates nothing; resuming starts from the current period without back-filling', async () => {
    const w = await createFirmWorld(t.db);
    const staff = await asStaff(t, w.owner.email);
    const bas = ((await staff.req('GET', '/api/staff/templates')).json().items as { id: string; name: string }[]).find((x) => x.name === 'BAS Preparation');
    const created = await staff.req('POST', '/api/staff/services', { clientId: w.client1.id, templateId: bas?.id, periodStart: '2025-07-01', recurring: true });
    expect(created.statusCode).toBe(201);
    const list = await staff.req('GET', `/api/staff/clients/${w.client1.id}/recurring-services`);
    expect(list.statusCode).toBe(200);
    const [plan] = list.json().items;
    expect(plan).toMatchObject({ templateName: 'BAS Preparation', frequency: 'quarterly', nextPeriodStart: '2025-10-01', active: true });

    const stopped = await staff.req('PATCH', `/api/staff/recurring-services/${plan.id}`, { active: false });
    expect(stopped.statusCode).toBe(200);
    expect(stopped.json().active).toBe(false);
    expect(await runRecurringServices(t.deps, new Date('2026-03-20T00:00:00Z'))).toBe(0);

    const resumed = await staff.req('PATCH', `/api/staff/recurring-services/${plan.id}`, { active: true });
    expect(resumed.statusCode).toBe(200);
    // Resumed today (in the firm's time zone): the next period is the current quarter, not 2025-10-01.
    expect(resumed.json().nextPeriodStart > '2025-10-01').toBe(true);
  });

  it('refuses empty or unknown changes, a foreign assignee, and a second active plan from the same template', async () => {
    const w = await createFirmWorld(t.db);
    const other = await createFirmWorld(t.db, 'b');
    const staff = await asStaff(t, w.owner.email);
    const bas = ((await staff.req('GET', '/api/staff/templates')).json().items as { id: string; name: string }[]).find((x) => x.name === 'BAS Preparation');
    await staff.req('POST', '/api/staff/services', { clientId: w.client1.id, templateId: bas?.id, recurring: true });
    const [plan] = (await staff.req('GET', `/api/staff/clients/${w.client1.id}/recurring-services`)).json().items;
    expect((await staff.req('PATCH', `/api/staff/recurring-services/${plan.id}`, {})).statusCode).toBe(400);
    expect((await staff.req('PATCH', `/api/staff/recurring-services/${plan.id}`, { frequency: 'monthly' })).statusCode).toBe(400);
    expect((await staff.req('PATCH', `/api/staff/recurring-services/${plan.id}`, { assigneeId: other.staff.id })).statusCode).toBe(400);
    await staff.req('PATCH', `/api/staff/recurring-services/${plan.id}`, { active: false });
    const again = await staff.req('POST', '/api/staff/services', { clientId: w.client1.id, templateId: bas?.id, recurring: true });
    expect(again.statusCode).toBe(201);
    const resume = await staff.req('PATCH', `/api/staff/recurring-services/${plan.id}`, { active: true });
    expect(resume.statusCode).toBe(409);
    expect(resume.json().detail).toMatch(/already has an active recurring service/);
  });
});
