import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { ServiceDetail, Task } from '../../../contracts/work.js';
import { asClient, asStaff, buildTestApp, createPortalUser, type Session, type TestApp } from '../../../../test/harness.js';
import { ask, basService, countRows, firmSnapshot, internalTask, patchTask, taskIn, visibleTask, workWorld, type WorkWorld } from '../../../../test/work-fixtures.js';

let t: TestApp;
let w: WorkWorld;
let client: Session;
beforeAll(async () => {
  t = await buildTestApp();
  w = await workWorld(t, 'a');
  client = await asClient(t, w.firm.slug, w.person1.email);
});
afterAll(async () => t.close());

const answer = (s: Session, taskId: string, body: unknown) => s.req('POST', `/api/portal/${w.firm.slug}/tasks/${taskId}/answers`, body);

/** A fresh BAS service (assigned to the staff member) whose first visible task asks one question of `kind`. */
async function asking(q: Record<string, unknown>) {
  const service = await basService(w, { assigneeId: w.staff.id });
  const task = visibleTask(service);
  const { questionId, service: after } = await ask(w.owner$, task.id, { prompt: 'Question?', ...q });
  return { service: after, task: taskIn(after, task.id), questionId };
}

describe('asking the client', () => {
  it('asks every kind of question; the task waits on the client and its version moves', async () => {
    const service = await basService(w);
    const task = visibleTask(service);
    const kinds = [
      { kind: 'text', prompt: 'Anything unusual?' },
      { kind: 'yes_no', prompt: 'Did you buy assets over $20,000?' },
      { kind: 'choice', prompt: 'How were sales paid?', choices: ['Cash', 'Card', 'Both'] },
      { kind: 'date', prompt: 'When did you register for GST?', required: false },
      { kind: 'amount', prompt: 'Cash sales not banked?' },
      { kind: 'upload', prompt: 'Please upload your bank statements' },
    ];

    for (const q of kinds) await ask(w.owner$, task.id, q);

    const after = taskIn((await w.owner$.req('GET', `/api/staff/services/${service.id}`)).json(), task.id);
    expect(after.status).toBe('waiting_on_client');
    expect(after.version).toBe(task.version + 1);
    expect(after.questions.map((q) => [q.kind, q.required, q.choices, q.answer])).toEqual([
      ['text', true, [], null], ['yes_no', true, [], null], ['choice', true, ['Cash', 'Card', 'Both'], null],
      ['date', false, [], null], ['amount', true, [], null], ['upload', true, [], null],
    ]);
    // One notice for entering Waiting on You; more questions on a waiting task queue nothing more.
    expect(await countRows(t, 'client_notices', sql`task_id = ${task.id}`)).toBe(1);
  });

  it.each([
    ['a choice question with one choice', 'body.choices', { kind: 'choice', prompt: 'Pick', choices: ['Only'] }],
    ['a choice question with the same choice twice', 'body.choices', { kind: 'choice', prompt: 'Pick', choices: ['Yes', 'Yes'] }],
    ['a blank prompt', 'body.prompt', { kind: 'text', prompt: '   ' }],
    ['an unknown kind', 'body.kind', { kind: 'signature', prompt: 'Sign' }],
  ])('refuses %s with 400 naming %s', async (_label, path, body) => {
    const service = await basService(w);
    const before = await firmSnapshot(t, w.firm.id);

    const res = await w.owner$.req('POST', `/api/staff/tasks/${visibleTask(service).id}/questions`, body);

    expect(res.statusCode, res.body).toBe(400);
    expect((res.json().errors as { path: string }[]).map((e) => e.path)).toContain(path);
    expect(await firmSnapshot(t, w.firm.id)).toBe(before);
  });

  it('an internal task, a completed task, or a task of a hidden service cannot carry a question (409 saying why)', async () => {
    const service = await basService(w);
    const done = visibleTask(service, 1);
    await patchTask(w.owner$, done.id, { version: done.version, status: 'completed' });
    const hiddenService = await basService(w, { visibleToClient: false });
    const before = await firmSnapshot(t, w.firm.id);

    const onInternal = await w.owner$.req('POST', `/api/staff/tasks/${internalTask(service).id}/questions`, { kind: 'text', prompt: 'Internal?' });
    const onCompleted = await w.owner$.req('POST', `/api/staff/tasks/${done.id}/questions`, { kind: 'text', prompt: 'Completed?' });
    const onHidden = await w.owner$.req('POST', `/api/staff/tasks/${visibleTask(hiddenService).id}/questions`, { kind: 'text', prompt: 'Hidden?' });

    expect(onInternal.statusCode).toBe(409);
    expect(onInternal.json().detail).toMatch(/internal/);
    expect(onCompleted.statusCode).toBe(409);
    expect(onCompleted.json().detail).toMatch(/completed\. Reopen it/);
    expect(onHidden.statusCode).toBe(409);
    expect(onHidden.json().detail).toMatch(/hidden from the client/);
    expect(await firmSnapshot(t, w.firm.id)).toBe(before);
  });
});

describe('asking: limits and other firms', () => {
  it('a task holds at most 50 questions (422 after that)', async () => {
    const service = await basService(w);
    const task = visibleTask(service);
    for (let i = 0; i < 50; i++) await ask(w.owner$, task.id, { kind: 'text', prompt: `Question ${i + 1}?` });

    const res = await w.owner$.req('POST', `/api/staff/tasks/${task.id}/questions`, { kind: 'text', prompt: 'Question 51?' });

    expect(res.statusCode).toBe(422);
    expect(res.json().detail).toMatch(/at most 50 questions/);
    expect(await countRows(t, 'task_questions', sql`task_id = ${task.id}`)).toBe(50);
  });

  it('asking on another firm’s or an unknown task is 404, and nothing changes', async () => {
    const other = await workWorld(t, 'b');
    const theirs = await basService(other);
    const before = await firmSnapshot(t, other.firm.id);

    const foreign = await w.owner$.req('POST', `/api/staff/tasks/${visibleTask(theirs).id}/questions`, { kind: 'text', prompt: 'Planted?' });
    const unknown = await w.owner$.req('POST', '/api/staff/tasks/00000000-0000-4000-8000-000000000000/questions', { kind: 'text', prompt: 'Planted?' });

    expect([foreign.statusCode, unknown.statusCode]).toEqual([404, 404]);
    expect(foreign.json().detail).toBe(unknown.json().detail);
    expect(await firmSnapshot(t, other.firm.id)).toBe(before);
  });
});

describe('the client answers', () => {
  it.each([
    ['text', {}, 'Sold the ute in March', 'Sold the ute in March'],
    ['yes_no', {}, false, false],
    ['choice', { choices: ['Cash', 'Card'] }, 'Card', 'Card'],
    ['date', {}, '2024-02-29', '2024-02-29'],
    ['amount', {}, 0, 0],
    ['amount', {}, 125050, 125050],
  ])('a %s question takes a valid answer and the task moves to In Progress', async (kind, extra, value, stored) => {
    const { service, task, questionId } = await asking({ kind, ...extra });

    const res = await answer(client, task.id, { submit: true, answers: [{ questionId, value }] });

    expect(res.statusCode, res.body).toBe(200);
    const staffView = taskIn((await w.owner$.req('GET', `/api/staff/services/${service.id}`)).json(), task.id);
    expect(staffView.status).toBe('in_progress');
    expect(staffView.questions[0]).toMatchObject({ answer: stored, answeredBy: w.person1.id, draft: null });
    expect(staffView.questions[0]?.answeredAt).not.toBeNull();
  });

  it.each([
    ['text', '   ', {}, /needs a written answer/],
    ['text', 42, {}, /needs a written answer/],
    ['yes_no', 'yes', {}, /needs Yes or No/],
    ['yes_no', 1, {}, /needs Yes or No/],
    ['choice', 'Bitcoin', { choices: ['Cash', 'Card'] }, /must be one of: Cash, Card/],
    ['choice', 'cash', { choices: ['Cash', 'Card'] }, /must be one of/],
    ['date', '2026-02-30', {}, /must be a date/],
    ['date', '2025-02-29', {}, /must be a date/],
    ['date', '30/01/2026', {}, /must be a date/],
    ['date', true, {}, /must be a date/],
    ['amount', -1, {}, /0 or more/],
    ['amount', '100', {}, /amount in cents/],
    ['amount', 10.5, {}, /./],
    ['amount', 1e15, {}, /./],
    ['upload', 'statement.pdf', {}, /Upload button/],
  ])('a %s question refuses %j: 400, and nothing is written', async (kind, value, extra, message) => {
    const { task, questionId } = await asking({ kind, ...extra });
    const before = await firmSnapshot(t, w.firm.id);

    const draft = await answer(client, task.id, { submit: false, answers: [{ questionId, value }] });
    const submit = await answer(client, task.id, { submit: true, answers: [{ questionId, value }] });

    for (const res of [draft, submit]) {
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().code).toBe('VALIDATION');
      expect((res.json().errors as { path: string }[]).map((e) => e.path)).toContain('body.answers.0.value');
      expect(res.json().detail).toMatch(message);
    }
    expect(await firmSnapshot(t, w.firm.id)).toBe(before);
  });

  it('a document request cannot be answered with words: the client is pointed to its Upload button', async () => {
    const { task, questionId } = await asking({ kind: 'upload', prompt: 'Please upload your bank statements' });

    const res = await answer(client, task.id, { submit: true, answers: [{ questionId, value: 'here you go' }] });

    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toMatch(/Please upload your bank statements: .*Upload button in the task’s documents section/);
  });

  it('saves a draft (the task keeps waiting, staff see no answer yet), then submits', async () => {
    const service = await basService(w, { assigneeId: w.staff.id });
    const task = visibleTask(service);
    const q1 = (await ask(w.owner$, task.id, { kind: 'yes_no', prompt: 'Did you buy assets?' })).questionId;
    const q2 = (await ask(w.owner$, task.id, { kind: 'amount', prompt: 'Cash sales?' })).questionId;

    const draft = await answer(client, task.id, { submit: false, answers: [{ questionId: q1, value: true }, { questionId: q2, value: 5000 }] });
    expect(draft.statusCode, draft.body).toBe(200);
    expect(taskIn(draft.json(), task.id)).toMatchObject({ status: 'waiting_on_client', questions: [{ draft: true, answer: null }, { draft: 5000, answer: null }] });
    const staffDuringDraft = taskIn((await w.owner$.req('GET', `/api/staff/services/${service.id}`)).json(), task.id);
    expect(staffDuringDraft.status).toBe('waiting_on_client');
    expect(staffDuringDraft.questions.map((q) => [q.answer, q.draft])).toEqual([[null, null], [null, null]]);

    const submitted = await answer(client, task.id, { submit: true, answers: [{ questionId: q1, value: true }, { questionId: q2, value: 5000 }] });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(taskIn(submitted.json(), task.id)).toMatchObject({ status: 'in_progress', questions: [{ answer: true, draft: null }, { answer: 5000, draft: null }] });
    const audit = await countRows(t, 'audit_log', sql`firm_id = ${w.firm.id} and action in ('answers.draft_saved', 'answers.submitted') and target_id = ${task.id}`);
    expect(audit).toBe(2);
  });

  it('submitting without every required question answered is 422 naming how many, and nothing is written', async () => {
    const service = await basService(w);
    const task = visibleTask(service);
    const q1 = (await ask(w.owner$, task.id, { kind: 'text', prompt: 'First?' })).questionId;
    await ask(w.owner$, task.id, { kind: 'text', prompt: 'Second?' });
    await ask(w.owner$, task.id, { kind: 'text', prompt: 'Optional?', required: false });
    const before = await firmSnapshot(t, w.firm.id);

    const res = await answer(client, task.id, { submit: true, answers: [{ questionId: q1, value: 'One' }] });
    const nulled = await answer(client, task.id, { submit: true, answers: [{ questionId: q1, value: null }] });

    expect(res.statusCode).toBe(422);
    expect(res.json().detail).toMatch(/\(1 still to answer\)/);
    expect(res.json().errors).toEqual([{ path: expect.stringMatching(/^question\./), message: 'Second? is required' }]);
    expect(nulled.statusCode).toBe(422);
    expect(nulled.json().detail).toMatch(/\(2 still to answer\)/);
    expect(await firmSnapshot(t, w.firm.id)).toBe(before);
  });

  it('optional questions and optional document requests may stay open; a required document request holds the task', async () => {
    const service = await basService(w);
    const task = visibleTask(service);
    const q1 = (await ask(w.owner$, task.id, { kind: 'text', prompt: 'Required?' })).questionId;
    await ask(w.owner$, task.id, { kind: 'date', prompt: 'Optional?', required: false });
    await ask(w.owner$, task.id, { kind: 'upload', prompt: 'Optional upload?', required: false });

    const res = await answer(client, task.id, { submit: true, answers: [{ questionId: q1, value: 'Yes' }] });
    expect(res.statusCode, res.body).toBe(200);
    expect(taskIn(res.json(), task.id).status).toBe('in_progress');

    const other = visibleTask(await basService(w));
    const q2 = (await ask(w.owner$, other.id, { kind: 'text', prompt: 'Required?' })).questionId;
    await ask(w.owner$, other.id, { kind: 'upload', prompt: 'Bank statements Jan–Mar' });
    const held = await answer(client, other.id, { submit: true, answers: [{ questionId: q2, value: 'Yes' }] });
    expect(held.statusCode, held.body).toBe(200);
    expect(taskIn(held.json(), other.id).status).toBe('waiting_on_client');
  });

  it('a question id from another task (even of the same client) is 400, and nothing is written', async () => {
    const a = await asking({ kind: 'text' });
    const b = await asking({ kind: 'text' });
    const before = await firmSnapshot(t, w.firm.id);

    const res = await answer(client, a.task.id, { submit: true, answers: [{ questionId: a.questionId, value: 'Mine' }, { questionId: b.questionId, value: 'Smuggled' }] });

    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ path: 'body.answers.1.questionId', message: 'is not a question on this task' }]);
    expect(await firmSnapshot(t, w.firm.id)).toBe(before);
  });

  it('answers are refused with 409 once the task has moved on (answered, or moved by staff)', async () => {
    const answered = await asking({ kind: 'text' });
    await answer(client, answered.task.id, { submit: true, answers: [{ questionId: answered.questionId, value: 'First answer' }] });
    const moved = await asking({ kind: 'text' });
    await patchTask(w.owner$, moved.task.id, { version: moved.task.version, status: 'in_progress' });
    const before = await firmSnapshot(t, w.firm.id);

    const late = await answer(client, answered.task.id, { submit: true, answers: [{ questionId: answered.questionId, value: 'Changed my mind' }] });
    const lateDraft = await answer(client, moved.task.id, { submit: false, answers: [{ questionId: moved.questionId, value: 'Draft' }] });

    for (const res of [late, lateDraft]) {
      expect(res.statusCode).toBe(409);
      expect(res.json().detail).toMatch(/no longer waiting on you/);
    }
    expect(await firmSnapshot(t, w.firm.id)).toBe(before);
  });

  it('a new question on an answered task asks only that; earlier answers stay', async () => {
    const { service, task, questionId } = await asking({ kind: 'text' });
    await answer(client, task.id, { submit: true, answers: [{ questionId, value: 'First answer' }] });
    const q2 = (await ask(w.owner$, task.id, { kind: 'yes_no', prompt: 'One more thing?' })).questionId;

    const res = await answer(client, task.id, { submit: true, answers: [{ questionId: q2, value: true }] });

    expect(res.statusCode, res.body).toBe(200);
    const staffView = taskIn((await w.owner$.req('GET', `/api/staff/services/${service.id}`)).json(), task.id);
    expect(staffView.questions.map((q) => q.answer)).toEqual(['First answer', true]);
    expect(staffView.status).toBe('in_progress');
  });

  it('two people of the same client submitting at once: one moves the task and notifies staff once, the other gets 409', async () => {
    const second = await createPortalUser(t.db, w.firm.id, w.client1.id, { name: 'Second Person' });
    const other = await asClient(t, w.firm.slug, second.email);
    const { task, questionId } = await asking({ kind: 'text' });
    const notesBefore = await countRows(t, 'staff_notifications', sql`staff_user_id = ${w.staff.id}`);
    const mailBefore = await countRows(t, 'outbox_emails', sql`kind = 'answers_submitted' and to_address = ${w.staff.email}`);

    const results = await Promise.all([
      answer(client, task.id, { submit: true, answers: [{ questionId, value: 'From person one' }] }),
      answer(other, task.id, { submit: true, answers: [{ questionId, value: 'From person two' }] }),
    ]);

    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(await countRows(t, 'staff_notifications', sql`staff_user_id = ${w.staff.id}`)).toBe(notesBefore + 1);
    expect(await countRows(t, 'outbox_emails', sql`kind = 'answers_submitted' and to_address = ${w.staff.email}`)).toBe(mailBefore + 1);
    expect(await countRows(t, 'audit_log', sql`action = 'answers.submitted' and target_id = ${task.id}`)).toBe(1);
    const winner = results.find((r) => r.statusCode === 200);
    const stored = taskIn(winner?.json() as ServiceDetail, task.id).questions[0]?.answer;
    expect(['From person one', 'From person two']).toContain(stored);
  });

  it('the assignee gets one in-app notice and one e-mail per submission, naming no answers', async () => {
    const { service, task, questionId } = await asking({ kind: 'text', prompt: 'What is the secret recipe?' });
    const notesBefore = await countRows(t, 'staff_notifications', sql`staff_user_id = ${w.staff.id}`);
    const mailBefore = await countRows(t, 'outbox_emails', sql`kind = 'answers_submitted' and to_address = ${w.staff.email}`);

    await answer(client, task.id, { submit: true, answers: [{ questionId, value: 'Cardamom and wattleseed' }] });

    expect(await countRows(t, 'staff_notifications', sql`staff_user_id = ${w.staff.id}`)).toBe(notesBefore + 1);
    expect(await countRows(t, 'staff_notifications', sql`staff_user_id = ${w.owner.id}`)).toBe(0);
    expect(await countRows(t, 'outbox_emails', sql`kind = 'answers_submitted' and to_address = ${w.staff.email}`)).toBe(mailBefore + 1);
    const [mail] = (await t.db.owner.execute(sql`select subject, text_body, html_body from outbox_emails where kind = 'answers_submitted' and to_address = ${w.staff.email} order by created_at desc limit 1`) as unknown as { rows: { subject: string; text_body: string; html_body: string }[] }).rows;
    expect(mail?.text_body).toContain(`/services/${service.id}`);
    for (const part of [mail?.subject, mail?.text_body, mail?.html_body]) {
      expect(part).not.toContain('Cardamom');
      expect(part).not.toContain('secret recipe');
    }
  });

  it('HTML and script in an answer are stored and returned verbatim, as text', async () => {
    const { service, task, questionId } = await asking({ kind: 'text' });
    const hostile = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes" \u202e';

    const res = await answer(client, task.id, { submit: true, answers: [{ questionId, value: hostile }] });

    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(taskIn(res.json(), task.id).questions[0]?.answer).toBe(hostile);
    const staffView = taskIn((await w.owner$.req('GET', `/api/staff/services/${service.id}`)).json(), task.id);
    expect(staffView.questions[0]?.answer).toBe(hostile);
  });

  it.each([
    ['no answers', { submit: true, answers: [] }],
    ['no submit flag', { answers: [{ questionId: '00000000-0000-4000-8000-000000000000', value: 'x' }] }],
    ['an object as a value', { submit: true, answers: [{ questionId: '00000000-0000-4000-8000-000000000000', value: { $gt: '' } }] }],
    ['a text answer over 10,000 characters', { submit: true, answers: [{ questionId: '00000000-0000-4000-8000-000000000000', value: 'x'.repeat(10_001) }] }],
    ['an unknown field', { submit: true, answers: [{ questionId: '00000000-0000-4000-8000-000000000000', value: 'x' }], taskId: 'other' }],
  ])('a malformed body (%s) is 400', async (_label, body) => {
    const { task } = await asking({ kind: 'text' });

    const res = await answer(client, task.id, body);

    expect(res.statusCode, res.body).toBe(400);
  });
});

describe('staff see the answers', () => {
  it('as they come in, on the service page of every staff member of the firm', async () => {
    const { service, task, questionId } = await asking({ kind: 'amount', prompt: 'Cash sales?' });
    await answer(client, task.id, { submit: true, answers: [{ questionId, value: 99900 }] });
    const mia = await asStaff(t, w.staff.email);

    const view = taskIn((await mia.req('GET', `/api/staff/services/${service.id}`)).json(), task.id) as Task;

    expect(view.questions[0]).toMatchObject({ prompt: 'Cash sales?', answer: 99900, answeredBy: w.person1.id });
  });
});
