import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { asClient, asStaff, buildTestApp, createFirmWorld, type TestApp } from '../../../../test/harness.js';
import { queryRows } from '../../db/client.js';
import { firms } from '../../db/schema/index.js';
import { enqueueEmail } from '../../platform/mail/outbox.js';
import { todayIn } from '../work/periods.js';
import { digestCutoff, sendDailyDigests } from './digest.js';
import { eq } from 'drizzle-orm';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

type World = Awaited<ReturnType<typeof createFirmWorld>>;
const prefsUrl = (w: World) => `/api/portal/${w.firm.slug}/profile/notifications`;

async function count(firmId: string, where: ReturnType<typeof sql>) {
  const [row] = await t.db.withFirm(firmId, (tx) => queryRows<{ n: number }>(tx, sql`select count(*)::int as n from outbox_emails where firm_id = ${firmId} and ${where}`));
  return row?.n ?? 0;
}
async function pendingItems(firmId: string, userId: string) {
  const [row] = await t.db.withFirm(firmId, (tx) => queryRows<{ n: number }>(tx, sql`select count(*)::int as n from digest_items where firm_id = ${firmId} and user_id = ${userId} and digest_run_id is null`));
  return row?.n ?? 0;
}
async function issueInvoice(w: World, description: string) {
  const owner = await asStaff(t, w.owner.email);
  const drafted = (await owner.req('POST', '/api/staff/invoices', { clientId: w.client1.id, lines: [{ description, quantityMilli: 1000, unitPriceCents: 12_300 }] })).json() as { id: string };
  const issued = await owner.req('POST', `/api/staff/invoices/${drafted.id}/issue`, { version: 1 });
  expect(issued.statusCode).toBe(200);
  return issued.json() as { id: string; number: string };
}
/** An optional e-mail queued the way the modules do it. */
async function optionalEmail(w: World, key: string, subject: string) {
  await t.db.withFirm(w.firm.id, (tx) => enqueueEmail(tx, {
    firmId: w.firm.id, clientId: w.client1.id, idempotencyKey: key, kind: 'task_waiting', to: w.person1.email, subject, text: 'secret body text', html: '<p>secret body text</p>', link: 'https://example.test/x',
    optional: { userKind: 'portal', userId: w.person1.id, event: 'task_waiting', appBaseUrl: t.deps.config.appBaseUrl },
  }));
}
/** Half past seven, firm time, two days from now: after every item made in the test. */
const digestTime = (timeZone: string) => new Date(digestCutoff(todayIn(timeZone, new Date(Date.now() + 2 * 86_400_000)), timeZone).getTime() + 30 * 60_000);

describe('daily digest', () => {
  it('two events for a person on "daily" make one digest e-mail, not two; reruns and two workers send it once', async () => {
    const w = await createFirmWorld(t.db);
    const client = await asClient(t, w.firm.slug, w.person1.email);
    const saved = await client.req('PUT', prefsUrl(w), { items: [{ event: 'invoice_issued', channel: 'daily' }] });
    expect(saved.json().items.find((i: { event: string }) => i.event === 'invoice_issued').channel).toBe('daily');

    const a = await issueInvoice(w, 'First job');
    const b = await issueInvoice(w, 'Second job');

    expect(await count(w.firm.id, sql`kind = 'invoice_issued'`)).toBe(0);
    expect(await pendingItems(w.firm.id, w.person1.id)).toBe(2);
    const now = digestTime(w.firm.timeZone);
    // Two instances at once, then a rerun.
    const [x, y] = await Promise.all([sendDailyDigests(t.deps, now), sendDailyDigests(t.deps, now)]);
    const again = await sendDailyDigests(t.deps, new Date(now.getTime() + 3600_000));
    expect(x + y).toBe(1);
    expect(again).toBe(0);
    expect(await count(w.firm.id, sql`kind = 'daily_digest'`)).toBe(1);
    expect(await pendingItems(w.firm.id, w.person1.id)).toBe(0);

    await t.flushMail();
    const mail = await t.mailCatcher!.waitFor((m) => m.to.includes(w.person1.email) && /daily summary/.test(m.subject));
    expect(mail.subject).toContain('2 updates');
    expect(mail.text).toContain(a.number);
    expect(mail.text).toContain(b.number);
    expect(mail.text).not.toContain('First job');
    expect(mail.headers['list-unsubscribe']).toMatch(/\/api\/public\/unsubscribe\?token=/);
  });

  it('items do not leak into the text: only the subject and the link', async () => {
    const w = await createFirmWorld(t.db);
    const client = await asClient(t, w.firm.slug, w.person1.email);
    await client.req('PUT', prefsUrl(w), { items: [{ event: 'task_waiting', channel: 'daily' }] });
    await optionalEmail(w, `k-${w.firm.id}-1`, 'A task is waiting');
    await sendDailyDigests(t.deps, digestTime(w.firm.timeZone));
    const [row] = await t.db.withFirm(w.firm.id, (tx) => queryRows<{ text_body: string }>(tx, sql`select text_body from outbox_emails where firm_id = ${w.firm.id} and kind = 'daily_digest'`));
    expect(row?.text_body).toContain('A task is waiting: https://example.test/x');
    expect(row?.text_body).not.toContain('secret body text');
  });

  it('switching to "off" drops what was waiting; nothing is sent', async () => {
    const w = await createFirmWorld(t.db);
    const client = await asClient(t, w.firm.slug, w.person1.email);
    await client.req('PUT', prefsUrl(w), { items: [{ event: 'task_waiting', channel: 'daily' }] });
    await optionalEmail(w, `k-${w.firm.id}-1`, 'One');
    await optionalEmail(w, `k-${w.firm.id}-2`, 'Two');
    expect(await pendingItems(w.firm.id, w.person1.id)).toBe(2);

    await client.req('PUT', prefsUrl(w), { items: [{ event: 'task_waiting', channel: 'off' }] });
    await optionalEmail(w, `k-${w.firm.id}-3`, 'Three');

    expect(await pendingItems(w.firm.id, w.person1.id)).toBe(0);
    expect(await sendDailyDigests(t.deps, digestTime(w.firm.timeZone))).toBe(0);
    expect(await count(w.firm.id, sql`true`)).toBe(0);
  });

  it('goes at 07:00 in the firm’s own time zone: Perth still waits when Sydney has had its digest', async () => {
    const syd = await createFirmWorld(t.db, 's');
    const per = await createFirmWorld(t.db, 'p');
    await t.db.owner.update(firms).set({ timeZone: 'Australia/Perth' }).where(eq(firms.id, per.firm.id));
    for (const w of [syd, per]) {
      const client = await asClient(t, w.firm.slug, w.person1.email);
      await client.req('PUT', prefsUrl(w), { items: [{ event: 'task_waiting', channel: 'daily' }] });
      await optionalEmail(w, `k-${w.firm.id}`, 'Waiting');
    }
    const perthSeven = digestCutoff(todayIn('Australia/Perth', new Date(Date.now() + 2 * 86_400_000)), 'Australia/Perth');
    // 06:59 in Perth is 08:59 or 09:59 in Sydney.
    await sendDailyDigests(t.deps, new Date(perthSeven.getTime() - 60_000));
    expect(await count(syd.firm.id, sql`kind = 'daily_digest'`)).toBe(1);
    expect(await count(per.firm.id, sql`kind = 'daily_digest'`)).toBe(0);
    await sendDailyDigests(t.deps, new Date(perthSeven.getTime() + 60_000));
    expect(await count(per.firm.id, sql`kind = 'daily_digest'`)).toBe(1);
    const [run] = await t.db.withFirm(per.firm.id, (tx) => queryRows<{ local_date: string }>(tx, sql`select local_date::text from digest_runs where firm_id = ${per.firm.id}`));
    expect(run?.local_date).toBe(todayIn('Australia/Perth', perthSeven));
  });

  it('security e-mails are never held for the digest', async () => {
    const w = await createFirmWorld(t.db);
    const client = await asClient(t, w.firm.slug, w.person1.email);
    await client.req('PUT', prefsUrl(w), { items: [{ event: 'task_waiting', channel: 'daily' }, { event: 'invoice_issued', channel: 'daily' }] });
    const changed = await client.req('POST', `/api/portal/${w.firm.slug}/profile/password`, { currentPassword: 'Wattle-Harbour-Test-77', newPassword: 'Ironbark-Creek-Morning-41' });
    expect(changed.statusCode).toBe(200);
    expect(await count(w.firm.id, sql`to_address = ${w.person1.email}`)).toBe(1);
    expect(await pendingItems(w.firm.id, w.person1.id)).toBe(0);
  });
});

describe('one-click unsubscribe', () => {
  it('an optional e-mail carries List-Unsubscribe (RFC 8058) and a footer link; a password-changed e-mail has neither', async () => {
    const w = await createFirmWorld(t.db);
    const inv = await issueInvoice(w, 'Work');
    const client = await asClient(t, w.firm.slug, w.person1.email);
    await client.req('POST', `/api/portal/${w.firm.slug}/profile/password`, { currentPassword: 'Wattle-Harbour-Test-77', newPassword: 'Ironbark-Creek-Morning-41' });
    await t.flushMail();
    const optional = await t.mailCatcher!.waitFor((m) => m.to.includes(w.person1.email) && m.subject.includes(inv.number));
    const security = await t.mailCatcher!.waitFor((m) => m.to.includes(w.person1.email) && /password/i.test(m.subject));

    expect(optional.headers['list-unsubscribe']).toMatch(new RegExp(`^<${t.deps.config.appBaseUrl}/api/public/unsubscribe\\?token=[A-Za-z0-9_-]{43}>$`));
    expect(optional.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(optional.text).toContain('Stop these e-mails: ');
    expect(optional.html).toContain('>Stop these e-mails</a>');
    expect(security.headers['list-unsubscribe']).toBeUndefined();
    expect(security.headers['list-unsubscribe-post']).toBeUndefined();
    expect(security.text).not.toContain('Stop these e-mails');
    expect(security.text).not.toContain('[[ll:');
    expect(security.html).not.toContain('Stop these e-mails');
  });

  it('one-click POST turns that preference off (only that one, only that person); GET changes nothing; bad tokens get one 404', async () => {
    const w = await createFirmWorld(t.db);
    const inv = await issueInvoice(w, 'Work');
    await t.flushMail();
    const mail = await t.mailCatcher!.waitFor((m) => m.to.includes(w.person1.email) && m.subject.includes(inv.number));
    const url = new URL(/<([^>]+)>/.exec(mail.headers['list-unsubscribe'] ?? '')?.[1] ?? '');
    const token = url.searchParams.get('token') ?? '';
    const path = `${url.pathname}${url.search}`;

    const get = await t.app.inject({ method: 'GET', url: path });
    const client = await asClient(t, w.firm.slug, w.person1.email);
    const before = (await client.req('GET', prefsUrl(w))).json().items.find((i: { event: string }) => i.event === 'invoice_issued').channel;
    const post = await t.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    const after = Object.fromEntries(((await client.req('GET', prefsUrl(w))).json().items as { event: string; channel: string }[]).map((i) => [i.event, i.channel]));
    const other = await asClient(t, w.firm.slug, w.person2.email);
    const otherAfter = (await other.req('GET', prefsUrl(w))).json().items as { channel: string }[];

    const tampered = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    const badGet = await t.app.inject({ method: 'GET', url: `/api/public/unsubscribe?token=${tampered}` });
    const badPost = await t.app.inject({ method: 'POST', url: `/api/public/unsubscribe?token=${tampered}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    const badInspect = await t.app.inject({ method: 'POST', url: '/api/public/unsubscribe/inspect', payload: { token: tampered } });
    const inspect = await t.app.inject({ method: 'POST', url: '/api/public/unsubscribe/inspect', payload: { token } });

    expect(get.statusCode).toBe(303);

    expect(get.headers.location).toContain(`/unsubscribe#token=${token}`);
    expect(before).toBe('immediately');
    expect(post.statusCode).toBe(200);
    expect(after).toMatchObject({ invoice_issued: 'off', invoice_reminder: 'immediately', task_waiting: 'immediately' });
    expect(otherAfter.every((i) => i.channel === 'immediately')).toBe(true);
    expect(badGet.statusCode).toBe(404);
    expect(badGet.headers['content-type']).toContain('text/html');
    expect(badGet.body).toContain('This link is not valid');
    expect(badPost.statusCode).toBe(404);
    expect(badInspect.statusCode).toBe(404);
    expect(inspect.json()).toMatchObject({ kind: 'portal', portalSlug: w.firm.slug, label: 'An invoice is issued', off: true });
    const [audit] = await t.db.withFirm(w.firm.id, (tx) => queryRows<{ n: number }>(tx, sql`select count(*)::int as n from audit_log where firm_id = ${w.firm.id} and action = 'notification_preferences.unsubscribed'`));
    expect(audit?.n).toBe(1);
  });

  it('the JSON confirm (the unsubscribe page) does the same for a staff e-mail', async () => {
    const w = await createFirmWorld(t.db);
    const token = 'x'.repeat(43);
    await t.db.withFirm(w.firm.id, (tx) => enqueueEmail(tx, {
      firmId: w.firm.id, idempotencyKey: `staff-opt-${w.firm.id}`, kind: 'documents_uploaded', to: w.staff.email, subject: 'Docs', text: 'x', html: 'x',
      optional: { userKind: 'staff', userId: w.staff.id, event: 'document_uploaded', appBaseUrl: t.deps.config.appBaseUrl },
    }));
    const [row] = await t.db.withFirm(w.firm.id, (tx) => queryRows<{ unsubscribe_url: string }>(tx, sql`select unsubscribe_url from outbox_emails where firm_id = ${w.firm.id}`));
    const real = new URL(row?.unsubscribe_url ?? '').searchParams.get('token') ?? '';
    const wrong = await t.app.inject({ method: 'POST', url: '/api/public/unsubscribe/confirm', payload: { token } });
    const ok = await t.app.inject({ method: 'POST', url: '/api/public/unsubscribe/confirm', payload: { token: real } });
    const s = await asStaff(t, w.staff.email);
    const prefs = (await s.req('GET', '/api/staff/profile/notifications')).json().items as { event: string; channel: string }[];
    expect(wrong.statusCode).toBe(404);
    expect(ok.json()).toMatchObject({ kind: 'staff', label: 'A client uploads documents', off: true });
    expect(Object.fromEntries(prefs.map((p) => [p.event, p.channel]))).toEqual({
      message_received: 'immediately', document_uploaded: 'off', answers_submitted: 'immediately', service_request_received: 'immediately', proposal_outcome: 'immediately',
    });
  });
});
