import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.js';
import { portalBaseUrl } from '../../platform/http/urls.js';
import { digestItems, notificationPreferences, staffNotifications } from '../../db/schema/index.js';
import { asClient, asStaff, buildTestApp, createPortalUser, type TestApp } from '../../../../test/harness.js';
import { ask, basService, countRows, patchTask, visibleTask, workWorld, type WorkWorld } from '../../../../test/work-fixtures.js';
import { sendClientNotices } from './work.jobs.js';

/**
 * "Waiting on You" e-mails and staff notices. The notice job works across every firm in the test
 * database, so each test looks only at its own people's e-mails.
 */
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

const BATCH = 180;
const later = (seconds = BATCH + 1) => new Date(Date.now() + seconds * 1000);

interface Mail { to_address: string; subject: string; text_body: string; html_body: string; client_id: string | null }
async function mailsTo(email: string): Promise<Mail[]> {
  return queryRows<Mail>(t.db.owner, sql`select to_address, subject, text_body, html_body, client_id from outbox_emails where kind = 'task_waiting' and to_address = ${email}`);
}

/** Client 1 of a new firm waits on three tasks of two services, each with a secret question. */
async function waitingWorld() {
  const w = await workWorld(t);
  const s1 = await basService(w);
  const s2 = await basService(w, { periodStart: '2025-10-01' });
  for (const task of [visibleTask(s1), visibleTask(s1, 1), visibleTask(s2)]) await ask(w.owner$, task.id, { kind: 'text', prompt: 'SECRET-PROMPT: what did you pay the contractor?' });
  return { w, s1, s2 };
}

describe('Waiting on You e-mails', () => {
  it('several tasks within the batch window make one e-mail per active person of the client, and only after the window', async () => {
    const { w } = await waitingWorld();
    const second = await createPortalUser(t.db, w.firm.id, w.client1.id, { name: 'Second Active' });
    const invited = await createPortalUser(t.db, w.firm.id, w.client1.id, { status: 'invited', passwordHash: null });
    const notInvited = await createPortalUser(t.db, w.firm.id, w.client1.id, { status: 'not_invited', passwordHash: null });
    const disabled = await createPortalUser(t.db, w.firm.id, w.client1.id, { status: 'disabled' });

    await sendClientNotices(t.deps, new Date(), BATCH);
    const early = await mailsTo(w.person1.email);
    await sendClientNotices(t.deps, later(), BATCH);
    await sendClientNotices(t.deps, later(2 * BATCH), BATCH);

    expect(early).toHaveLength(0);
    expect(await mailsTo(w.person1.email)).toHaveLength(1);
    expect(await mailsTo(second.email)).toHaveLength(1);
    for (const p of [invited, notInvited, disabled, w.person2]) expect(await mailsTo(p.email), p.status).toHaveLength(0);
    const [mail] = await mailsTo(w.person1.email);
    expect(mail?.client_id).toBe(w.client1.id);
    expect(mail?.subject).toBe(`${w.firm.displayName} needs 3 things from you`);
    expect(await countRows(t, 'client_notices', sql`firm_id = ${w.firm.id} and sent_at is null`)).toBe(0);
  });

  it('the e-mail names the tasks and links to the portal, but carries no question, answer or internal work', async () => {
    const { w, s1 } = await waitingWorld();
    // An earlier answer of the client's, and an internal task with a telling name.
    const earlier = await basService(w, { periodStart: '2025-07-01' });
    const q = (await ask(w.owner$, visibleTask(earlier).id, { kind: 'text', prompt: 'Old question' })).questionId;
    const client = await asClient(t, w.firm.slug, w.person1.email);
    await client.req('POST', `/api/portal/${w.firm.slug}/tasks/${visibleTask(earlier).id}/answers`, { submit: true, answers: [{ questionId: q, value: 'SECRET-ANSWER: $12,400 cash' }] });
    const internal = s1.tasks.find((x) => !x.clientVisible);
    if (internal) await patchTask(w.owner$, internal.id, { version: internal.version, name: 'INTERNAL-NAME: chase overdue fees' });

    await sendClientNotices(t.deps, later(), BATCH);
    await t.flushMail();

    const mail = await t.mailCatcher?.waitFor((m) => m.to.includes(w.person1.email) && m.subject.includes('needs'));
    expect(mail?.text).toContain('Waiting on You');
    expect(mail?.text).toContain('“Provide records for the quarter”');
    expect(mail?.text).toContain(`${portalBaseUrl(t.deps.config, w.firm.slug)}/`);
    for (const body of [mail?.text ?? '', mail?.html ?? '', mail?.subject ?? '']) {
      expect(body).not.toContain('SECRET-PROMPT');
      expect(body).not.toContain('SECRET-ANSWER');
      expect(body).not.toContain('INTERNAL-NAME');
      expect(body).not.toContain(w.client2.name);
    }
  });

  it('each client’s people hear only about their own client’s tasks', async () => {
    const { w } = await waitingWorld();
    const theirs = await basService(w, { clientId: w.client2.id, name: 'Client two BAS' });
    await ask(w.owner$, visibleTask(theirs).id, { kind: 'yes_no', prompt: 'Approve?' });
    await t.db.owner.execute(sql`update tasks set name = 'CLIENT-TWO-TASK' where id = ${visibleTask(theirs).id}`);

    await sendClientNotices(t.deps, later(), BATCH);

    const [one] = await mailsTo(w.person1.email);
    const [two] = await mailsTo(w.person2.email);
    expect(one?.text_body).not.toContain('CLIENT-TWO-TASK');
    expect(two?.text_body).toContain('CLIENT-TWO-TASK');
    expect(two?.subject).toMatch(/needs something from you/);
    expect(two?.client_id).toBe(w.client2.id);
  });

  it('a person who turned the Waiting on You e-mail off gets none; other preferences do not stop it', async () => {
    const { w } = await waitingWorld();
    const other = await createPortalUser(t.db, w.firm.id, w.client1.id, { name: 'Other Prefs' });
    const daily = await createPortalUser(t.db, w.firm.id, w.client1.id, { name: 'Daily Digest' });
    await t.db.withFirm(w.firm.id, (tx) => tx.insert(notificationPreferences).values([
      { firmId: w.firm.id, portalUserId: w.person1.id, event: 'task_waiting', channel: 'off' },
      { firmId: w.firm.id, portalUserId: other.id, event: 'invoice_issued', channel: 'off' },
      { firmId: w.firm.id, portalUserId: daily.id, event: 'task_waiting', channel: 'daily' },
    ]));

    await sendClientNotices(t.deps, later(), BATCH);

    expect(await mailsTo(w.person1.email)).toHaveLength(0);
    expect(await mailsTo(other.email)).toHaveLength(1);
    // "Daily digest": no e-mail now; the notice waits for tomorrow's digest (subject and link only).
    expect(await mailsTo(daily.email)).toHaveLength(0);
    const held = await t.db.withFirm(w.firm.id, (tx) => tx.select().from(digestItems).where(eq(digestItems.userId, daily.id)));
    expect(held).toHaveLength(1);
    expect(held[0]?.event).toBe('task_waiting');
  });

  it('nothing is sent if the tasks stopped waiting before the batch went out', async () => {
    const w = await workWorld(t);
    const s = await basService(w);
    const { service } = await ask(w.owner$, visibleTask(s).id, { kind: 'text', prompt: 'Quick one?' });
    await patchTask(w.owner$, visibleTask(s).id, { version: visibleTask(service).version, status: 'in_progress' });

    await sendClientNotices(t.deps, later(), BATCH);

    expect(await mailsTo(w.person1.email)).toHaveLength(0);
    expect(await countRows(t, 'client_notices', sql`firm_id = ${w.firm.id} and sent_at is null`)).toBe(0);
  });

  it('three runs racing send each person one e-mail', async () => {
    const { w } = await waitingWorld();
    const second = await createPortalUser(t.db, w.firm.id, w.client1.id, { name: 'Second Active' });

    await Promise.all([sendClientNotices(t.deps, later(), BATCH), sendClientNotices(t.deps, later(), BATCH), sendClientNotices(t.deps, later(), BATCH)]);

    expect(await mailsTo(w.person1.email)).toHaveLength(1);
    expect(await mailsTo(second.email)).toHaveLength(1);
  });

  it('a task that waits again in a later window makes a new e-mail', async () => {
    const w = await workWorld(t);
    const s = await basService(w);
    const task = visibleTask(s);
    const first = await ask(w.owner$, task.id, { kind: 'text', prompt: 'First?' });
    await sendClientNotices(t.deps, later(), BATCH);
    await patchTask(w.owner$, task.id, { version: visibleTask(first.service).version, status: 'in_progress' });
    await ask(w.owner$, task.id, { kind: 'text', prompt: 'Second?' });

    await sendClientNotices(t.deps, later(BATCH + 2), BATCH);

    expect(await mailsTo(w.person1.email)).toHaveLength(2);
  });
});

describe('staff notifications', () => {
  let w: WorkWorld;
  let other: WorkWorld;
  beforeAll(async () => {
    w = await workWorld(t, 'n');
    other = await workWorld(t, 'o');
    // The staff member is the assignee: the client's answers notify them, and only them.
    const s = await basService(w, { assigneeId: w.staff.id });
    const { questionId } = await ask(w.owner$, visibleTask(s).id, { kind: 'text', prompt: 'Anything?' });
    const client = await asClient(t, w.firm.slug, w.person1.email);
    const res = await client.req('POST', `/api/portal/${w.firm.slug}/tasks/${visibleTask(s).id}/answers`, { submit: true, answers: [{ questionId, value: 'Nothing' }] });
    expect(res.statusCode).toBe(200);
    await t.db.withFirm(w.firm.id, (tx) => tx.insert(staffNotifications).values([
      { firmId: w.firm.id, staffUserId: w.staff.id, kind: 'test', title: 'Second for staff', link: '/app' },
      { firmId: w.firm.id, staffUserId: w.owner.id, kind: 'test', title: 'For the owner', link: '/app' },
    ]));
    await t.db.withFirm(other.firm.id, (tx) => tx.insert(staffNotifications).values({ firmId: other.firm.id, staffUserId: other.staff.id, kind: 'test', title: 'Other firm notice', link: '/app' }));
  });

  it('each person sees only their own notices, newest first', async () => {
    const mia = await asStaff(t, w.staff.email);

    const mine = (await mia.req('GET', '/api/staff/notifications')).json();
    const owners = (await w.owner$.req('GET', '/api/staff/notifications')).json();
    const others = (await other.owner$.req('GET', '/api/staff/notifications')).json();

    expect(mine.unread).toBe(2);
    expect(mine.items.map((n: { title: string }) => n.title)).toEqual(['Second for staff', expect.stringMatching(/^Person One n answered the questions on “Provide records for the quarter”/)]);
    expect(mine.items[1]).toMatchObject({ kind: 'answers_submitted', read: false, link: expect.stringMatching(/^\/app\/services\//) });
    expect(owners).toMatchObject({ unread: 1, items: [{ title: 'For the owner' }] });
    expect(others).toEqual({ unread: 0, items: [] });
    expect(JSON.stringify(others)).not.toContain('Other firm notice');
  });

  it('marking read marks only the caller’s notices', async () => {
    const mia = await asStaff(t, w.staff.email);

    const before = (await mia.req('GET', '/api/staff/notifications')).json() as { items: { id: string }[] };
    const followed = before.items[0]?.id ?? '';
    const one = await mia.req('POST', '/api/staff/notifications/read', { ids: [followed] });
    expect(one.statusCode, one.body).toBe(200);
    expect(one.json().unread).toBe(1);
    expect(one.json().items.find((n: { id: string }) => n.id === followed).read).toBe(true);
    const ownersNotice = (await w.owner$.req('GET', '/api/staff/notifications')).json().items[0].id;
    expect((await mia.req('POST', '/api/staff/notifications/read', { ids: [ownersNotice] })).json().unread).toBe(1);
    for (const bad of [{ ids: [] }, { ids: ['nope'] }, { all: true }]) expect((await mia.req('POST', '/api/staff/notifications/read', bad)).statusCode).toBe(400);

    const res = await mia.req('POST', '/api/staff/notifications/read');

    expect(res.statusCode).toBe(200);
    expect(res.json().unread).toBe(0);
    expect(res.json().items.every((n: { read: boolean }) => n.read)).toBe(true);
    expect((await w.owner$.req('GET', '/api/staff/notifications')).json().unread).toBe(1);
    expect(await countRows(t, 'staff_notifications', sql`firm_id = ${other.firm.id} and read_at is null`)).toBe(1);
  });

  it('a portal session cannot read staff notices, and anonymous callers get 401', async () => {
    const client = await asClient(t, w.firm.slug, w.person1.email);

    const viaPortalCookie = await t.app.inject({ method: 'GET', url: '/api/staff/notifications', headers: { cookie: client.cookie.replace(/^[^=]+/, 'll_staff') } });
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/staff/notifications/read' });

    expect(viaPortalCookie.statusCode).toBe(401);
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('who hears that a client answered', () => {
  async function answeredBy(w: WorkWorld, taskId: string) {
    const { questionId } = await ask(w.owner$, taskId, { kind: 'text', prompt: 'Anything?' });
    const client = await asClient(t, w.firm.slug, w.person1.email);
    const res = await client.req('POST', `/api/portal/${w.firm.slug}/tasks/${taskId}/answers`, { submit: true, answers: [{ questionId, value: 'Nothing' }] });
    expect(res.statusCode, res.body).toBe(200);
  }
  const heard = async (w: WorkWorld, who: { id: string; email: string }) => ({
    notices: await countRows(t, 'staff_notifications', sql`firm_id = ${w.firm.id} and staff_user_id = ${who.id}`),
    emails: await countRows(t, 'outbox_emails', sql`kind = 'answers_submitted' and to_address = ${who.email}`),
  });

  it('the task’s assignee; if they have left (disabled), the service’s assignee instead', async () => {
    const w = await workWorld(t);
    const s = await basService(w, { assigneeId: w.owner.id });
    const task = await patchTask(w.owner$, visibleTask(s).id, { version: 1, assigneeId: w.staff.id });
    expect((await w.owner$.req('POST', `/api/staff/staff/${w.staff.id}/disable`)).statusCode).toBe(200);

    await answeredBy(w, task.id);

    expect(await heard(w, w.staff)).toEqual({ notices: 0, emails: 0 });
    expect(await heard(w, w.owner)).toEqual({ notices: 1, emails: 1 });
  });

  it('nobody, when everyone assigned has left', async () => {
    const w = await workWorld(t);
    const s = await basService(w, { assigneeId: w.staff.id });
    expect((await w.owner$.req('POST', `/api/staff/staff/${w.staff.id}/disable`)).statusCode).toBe(200);

    await answeredBy(w, visibleTask(s).id);

    expect(await heard(w, w.staff)).toEqual({ notices: 0, emails: 0 });
    expect(await countRows(t, 'staff_notifications', sql`firm_id = ${w.firm.id}`)).toBe(0);
  });

  it('the bell counts every unread notice, though the list shows the newest 50', async () => {
    const w = await workWorld(t);
    await t.db.withFirm(w.firm.id, (tx) => tx.insert(staffNotifications).values(
      Array.from({ length: 55 }, (_, i) => ({ firmId: w.firm.id, staffUserId: w.owner.id, kind: 'test', title: `Notice ${i}`, link: '/app', createdAt: new Date(Date.now() - (55 - i) * 1000) })),
    ));

    const res = (await w.owner$.req('GET', '/api/staff/notifications')).json();

    expect(res.unread).toBe(55);
    expect(res.items).toHaveLength(50);
    expect(res.items[0].title).toBe('Notice 54');
  });
});
