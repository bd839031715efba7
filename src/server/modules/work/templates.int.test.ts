import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { ServiceTemplate } from '../../../contracts/work.js';
import { asStaff, buildTestApp, createFirmWorld, type TestApp } from '../../../../test/harness.js';
import { countRows, createService, firmSnapshot } from '../../../../test/work-fixtures.js';
import { DEFAULT_TEMPLATES } from './default-templates.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

const stages = [
  { key: 'intake', name: 'Intake', clientLabel: 'Getting started' },
  { key: 'doing', name: 'Doing', clientLabel: 'In progress' },
  { key: 'done', name: 'Done', clientLabel: 'Done' },
];
const names = (items: ServiceTemplate[]) => items.map((x) => x.name).sort();

describe('service templates', () => {
  it('a new firm gets the Australian defaults exactly once, even when three first requests race', async () => {
    const w = await createFirmWorld(t.db);
    const owner = await asStaff(t, w.owner.email);
    const staff = await asStaff(t, w.staff.email);

    const results = await Promise.all([owner.req('GET', '/api/staff/templates'), staff.req('GET', '/api/staff/templates'), owner.req('GET', '/api/staff/templates')]);

    const expected = DEFAULT_TEMPLATES.map((d) => d.name).sort();
    for (const res of results) {
      expect(res.statusCode, res.body).toBe(200);
      expect(names(res.json().items)).toEqual(expected);
    }
    expect(await countRows(t, 'service_templates', sql`firm_id = ${w.firm.id}`)).toBe(DEFAULT_TEMPLATES.length);
    const again = await owner.req('GET', '/api/staff/templates');
    expect(names(again.json().items)).toEqual(expected);
    expect(await countRows(t, 'service_templates', sql`firm_id = ${w.firm.id}`)).toBe(DEFAULT_TEMPLATES.length);
  });

  it('the defaults carry the ATO due-date rules and recurrence the issue asks for', async () => {
    const w = await createFirmWorld(t.db);
    const owner = await asStaff(t, w.owner.email);

    const items = (await owner.req('GET', '/api/staff/templates')).json().items as ServiceTemplate[];

    const byName = Object.fromEntries(items.map((x) => [x.name, x]));
    expect(byName['BAS Preparation']).toMatchObject({ recurrence: 'quarterly', dueDateRule: 'bas_quarterly' });
    expect(byName['BAS Preparation (monthly)']).toMatchObject({ recurrence: 'monthly', dueDateRule: 'bas_monthly' });
    expect(byName['Individual Tax Return']).toMatchObject({ recurrence: 'annually', dueDateRule: 'individual_return' });
    expect(byName.Advisory).toMatchObject({ recurrence: 'none', dueDateRule: 'manual' });
    expect(byName['BAS Preparation']?.stages.map((s) => s.name)).toEqual(['Awaiting records', 'In preparation', 'Review', 'Ready to lodge', 'Lodged']);
  });

  it('a firm whose first act is adding its own template still gets the defaults alongside it', async () => {
    const w = await createFirmWorld(t.db);
    const owner = await asStaff(t, w.owner.email);

    const created = await owner.req('POST', '/api/staff/templates', { name: 'Grant Application', stages });
    const list = await owner.req('GET', '/api/staff/templates');

    expect(created.statusCode, created.body).toBe(201);
    expect(names(list.json().items)).toEqual([...DEFAULT_TEMPLATES.map((d) => d.name), 'Grant Application'].sort());
  });

  it('an owner adds a custom template with tasks and creates a service from it', async () => {
    const w = await createFirmWorld(t.db);
    const owner = await asStaff(t, w.owner.email);
    await owner.req('GET', '/api/staff/templates');

    const res = await owner.req('POST', '/api/staff/templates', {
      name: '  FBT Return  ', recurrence: 'annually', stages,
      tasks: [{ name: 'Car logbook', description: 'Upload the logbook.' }, { name: 'Prepare FBT return', clientVisible: false }],
    });

    expect(res.statusCode, res.body).toBe(201);
    const tpl = res.json() as ServiceTemplate;
    expect(tpl).toMatchObject({ name: 'FBT Return', kind: 'custom', recurrence: 'annually', dueDateRule: 'manual' });
    expect(tpl.tasks).toEqual([{ name: 'Car logbook', description: 'Upload the logbook.', clientVisible: true }, { name: 'Prepare FBT return', description: '', clientVisible: false }]);
    const service = await createService(owner, { clientId: w.client1.id, templateId: tpl.id, periodStart: '2025-04-01', periodEnd: '2026-03-31' });
    expect(service).toMatchObject({ stageKey: 'intake', stageName: 'Intake', dueDate: null, templateName: 'FBT Return' });
    expect(service.tasks.map((x) => [x.name, x.clientVisible])).toEqual([['Car logbook', true], ['Prepare FBT return', false]]);
    const audit = await countRows(t, 'audit_log', sql`firm_id = ${w.firm.id} and action = 'template.created' and target_id = ${tpl.id}`);
    expect(audit).toBe(1);
  });

  it.each([
    ['duplicate stage keys', { name: 'Dup keys', stages: [stages[0], { ...stages[1], key: 'intake' }] }, 'body.stages', /unique/],
    ['a single stage', { name: 'One stage', stages: [stages[0]] }, 'body.stages', /at least two/],
    ['no stages', { name: 'No stages', stages: [] }, 'body.stages', /at least two/],
    ['a blank name', { name: '   ', stages }, 'body.name', /./],
    ['a stage key with capitals', { name: 'Bad key', stages: [{ ...stages[0], key: 'Intake' }, stages[1]] }, 'body.stages.0.key', /./],
    ['an unknown due-date rule', { name: 'Bad rule', stages, dueDateRule: 'whenever' }, 'body.dueDateRule', /./],
    ['an unknown field', { name: 'Extra', stages, archived: true }, 'body', /archived/],
  ])('refuses %s with 400 naming the field, and adds nothing', async (_label, body, path, message) => {
    const w = await createFirmWorld(t.db);
    const owner = await asStaff(t, w.owner.email);
    await owner.req('GET', '/api/staff/templates');
    const before = await firmSnapshot(t, w.firm.id);

    const res = await owner.req('POST', '/api/staff/templates', body);

    expect(res.statusCode, res.body).toBe(400);
    const errors = res.json().errors as { path: string; message: string }[];
    expect(errors.some((e) => e.path === path && message.test(e.message)), res.body).toBe(true);
    expect(await firmSnapshot(t, w.firm.id)).toBe(before);
  });

  it('a second template with the same name (custom or default) is 409, and the first is untouched', async () => {
    const w = await createFirmWorld(t.db);
    const owner = await asStaff(t, w.owner.email);
    await owner.req('GET', '/api/staff/templates');
    const first = await owner.req('POST', '/api/staff/templates', { name: 'Grant Application', stages });
    expect(first.statusCode).toBe(201);
    const before = await firmSnapshot(t, w.firm.id);

    const dup = await owner.req('POST', '/api/staff/templates', { name: 'Grant Application', stages: stages.slice(0, 2) });
    const dupDefault = await owner.req('POST', '/api/staff/templates', { name: 'BAS Preparation', stages });

    for (const res of [dup, dupDefault]) {
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json().code).toBe('CONFLICT');
      expect(res.json().detail).toMatch(/already exists/);
      expect(res.json().errors).toEqual([{ path: 'body.name', message: expect.any(String) }]);
    }
    expect(await firmSnapshot(t, w.firm.id)).toBe(before);
  });

  it('two firms may each have a template of the same name', async () => {
    const a = await createFirmWorld(t.db, 'a');
    const b = await createFirmWorld(t.db, 'b');

    const resA = await (await asStaff(t, a.owner.email)).req('POST', '/api/staff/templates', { name: 'Shared Name', stages });
    const resB = await (await asStaff(t, b.owner.email)).req('POST', '/api/staff/templates', { name: 'Shared Name', stages });

    expect([resA.statusCode, resB.statusCode]).toEqual([201, 201]);
  });

  it('a staff member (not owner or admin) gets 403 and no template is added', async () => {
    const w = await createFirmWorld(t.db);
    const staff = await asStaff(t, w.staff.email);
    await staff.req('GET', '/api/staff/templates');
    const before = await firmSnapshot(t, w.firm.id);

    const res = await staff.req('POST', '/api/staff/templates', { name: 'Sneaky', stages });

    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
    expect(res.json().detail).toMatch(/owners and admins/);
    expect(await firmSnapshot(t, w.firm.id)).toBe(before);
  });

  it('another firm’s templates never appear in the list', async () => {
    const a = await createFirmWorld(t.db, 'a');
    const b = await createFirmWorld(t.db, 'b');
    const ownerA = await asStaff(t, a.owner.email);
    await ownerA.req('POST', '/api/staff/templates', { name: `Secret ${a.firm.slug}`, stages });

    const listB = await (await asStaff(t, b.owner.email)).req('GET', '/api/staff/templates');

    expect(listB.statusCode).toBe(200);
    expect(listB.body).not.toContain(`Secret ${a.firm.slug}`);
    expect(names(listB.json().items)).toEqual(DEFAULT_TEMPLATES.map((d) => d.name).sort());
  });
});
