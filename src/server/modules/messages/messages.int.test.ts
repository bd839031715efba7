import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { MessageDto, ThreadDto, ThreadSummary } from '../../../contracts/messages.js';
import { queryRows } from '../../db/client.js';
import { asClient, asStaff, buildTestApp, createPortalUser, type Session, type TestApp } from '../../../../test/harness.js';
import { readEvents } from '../../../../test/sse.js';
import { basService, workWorld, type WorkWorld } from '../../../../test/work-fixtures.js';

let t: TestApp;
let w: WorkWorld;
let other: WorkWorld;
let alex: Session;
let sam: Session;
let base: string;

beforeAll(async () => {
  t = await buildTestApp();
  w = await workWorld(t, 'msg');
  other = await workWorld(t, 'msg-b');
  alex = await asClient(t, w.firm.slug, w.person1.email);
  const second = await createPortalUser(t.db, w.firm.id, w.client1.id, { name: 'Sam Second' });
  sam = await asClient(t, w.firm.slug, second.email);
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const addr = t.app.server.address();
  base = typeof addr === 'object' && addr ? `http://127.0.0.1:${addr.port}` : '';
});
afterAll(async () => t.close());
// Each test starts with fresh per-person message limits (a test of the limit itself sets them up).
beforeEach(async () => {
  await t.db.owner.execute(sql`delete from rate_limits where key like 'messages:%'`);
});

const portal = (path = '') => `/api/portal/${w.firm.slug}/threads${path}`;

async function clientThread(subject = 'Question about Q3 BAS', body = 'Hi — is the BAS lodged?'): Promise<ThreadDto> {
  const res = await alex.req('POST', portal(), { subject, body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as ThreadDto;
}

describe('threads and messages', () => {
  it('a client starts a thread; staff see it unread, reply; the client sees the reply, unread, with a receipt once read', async () => {
    const thread = await clientThread();
    expect(thread).toMatchObject({ subject: 'Question about Q3 BAS', client: { id: w.client1.id }, status: 'open', lastSeq: 1, unread: 0, messages: [{ seq: 1, body: 'Hi — is the BAS lodged?', author: { kind: 'client', isMe: true }, canEdit: true }] });

    const list = (await w.owner$.req('GET', '/api/staff/threads')).json() as { items: ThreadSummary[]; unreadThreads: number };
    expect(list.items.find((i) => i.id === thread.id)).toMatchObject({ unread: 1 });
    expect(list.unreadThreads).toBeGreaterThanOrEqual(1);

    const reply = await w.owner$.req('POST', `/api/staff/threads/${thread.id}/messages`, { body: 'Yes, lodged on 28/10.\nNo payment due.' });
    expect(reply.statusCode, reply.body).toBe(201);
    expect((reply.json() as MessageDto)).toMatchObject({ seq: 2, author: { kind: 'staff', isMe: true }, body: 'Yes, lodged on 28/10.\nNo payment due.' });
    expect((await w.owner$.req('GET', `/api/staff/threads/${thread.id}`)).json()).toMatchObject({ unread: 0, myLastReadSeq: 2 });

    // Both of the client's portal users see the thread; the reply is unread for each.
    for (const s of [alex, sam]) expect(((await s.req('GET', portal())).json() as { items: ThreadSummary[] }).items.find((i) => i.id === thread.id)).toMatchObject({ unread: 1 });
    const read = await alex.req('POST', portal(`/${thread.id}/read`));
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toMatchObject({ unread: 0 });
    const staffView = (await w.owner$.req('GET', `/api/staff/threads/${thread.id}`)).json() as ThreadDto;
    expect(staffView.receipts).toEqual([expect.objectContaining({ kind: 'client', name: w.person1.name, lastReadSeq: 2 })]);

    const unread = await alex.req('POST', portal(`/${thread.id}/unread`));
    expect(unread.json()).toMatchObject({ unread: 1 });
  });

  it('bodies are encrypted at rest: the database holds no message text', async () => {
    const thread = await clientThread('Sealed', 'Our TFN is 123 456 782 — please keep it safe');
    const rows = await queryRows<{ body: Buffer }>(t.db.owner, sql`select body from messages where thread_id = ${thread.id}`);
    expect(rows).toHaveLength(1);
    expect(Buffer.from(rows[0]?.body ?? []).toString('latin1')).not.toContain('TFN');
  });

  it('HTML stays text; empty, whitespace-only and over-long messages are 400 with a clear message', async () => {
    const thread = await clientThread('Markup', '<script>alert(1)</script><b>bold</b>');
    expect(thread.messages[0]?.body).toBe('<script>alert(1)</script><b>bold</b>');
    for (const body of ['', '   \n  ', 'x'.repeat(10_001)]) {
      const res = await alex.req('POST', portal(`/${thread.id}/messages`), { body });
      expect(res.statusCode).toBe(400);
      expect(res.json().detail).toMatch(body.length > 10_000 ? /at most 10,000 characters; attach a document/ : /is empty: write a message before sending/);
    }
    const huge = await alex.req('POST', portal(`/${thread.id}/messages`), { body: 'x'.repeat(100_000) });
    expect([400, 413]).toContain(huge.statusCode);
  });

  it('the author may edit within 5 minutes (marked edited), nobody else; staff can redact with audit, clients cannot', async () => {
    const thread = await clientThread('Edits', 'Teh figures');
    const msg = thread.messages[0] as MessageDto;
    const edited = await alex.req('PATCH', portal(`/${thread.id}/messages/${msg.id}`), { body: 'The figures' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ body: 'The figures', editedAt: expect.any(String) });
    expect((await sam.req('PATCH', portal(`/${thread.id}/messages/${msg.id}`), { body: 'hijack' })).statusCode).toBe(403);
    expect((await w.owner$.req('PATCH', `/api/staff/threads/${thread.id}/messages/${msg.id}`, { body: 'staff edit' })).statusCode).toBe(403);
    await t.db.owner.execute(sql`update messages set created_at = created_at - interval '6 minutes' where id = ${msg.id}`);
    const late = await alex.req('PATCH', portal(`/${thread.id}/messages/${msg.id}`), { body: 'Too late' });
    expect(late.statusCode).toBe(409);
    expect(late.json().detail).toMatch(/edited for 5 minutes/);

    expect((await alex.req('POST', portal(`/${thread.id}/messages/${msg.id}/redact`), { reason: 'x' })).statusCode).toBe(404);
    const redacted = await w.owner$.req('POST', `/api/staff/threads/${thread.id}/messages/${msg.id}/redact`, { reason: 'Posted a card number by mistake' });
    expect(redacted.statusCode, redacted.body).toBe(200);
    expect(redacted.json()).toMatchObject({ body: null, redacted: true });
    expect(((await alex.req('GET', portal(`/${thread.id}`))).json() as ThreadDto).messages[0]).toMatchObject({ body: null, redacted: true });
    const audit = await queryRows<{ action: string }>(t.db.owner, sql`select action from audit_log where target_id = ${msg.id}`);
    expect(audit.map((a) => a.action)).toContain('message.redacted');
  });

  it('staff assign, close and reopen; "assigned to me" and unread filters; search by subject', async () => {
    const thread = await clientThread('Payroll question for June');
    const mia = await asStaff(t, w.staff.email);
    const assigned = await w.owner$.req('PATCH', `/api/staff/threads/${thread.id}`, { assignedStaffId: w.staff.id });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json()).toMatchObject({ assignedTo: { id: w.staff.id } });
    const mine = (await mia.req('GET', '/api/staff/threads?filter=assigned')).json() as { items: ThreadSummary[] };
    expect(mine.items.map((i) => i.id)).toContain(thread.id);
    expect(((await mia.req('GET', '/api/staff/threads?q=payroll')).json() as { items: ThreadSummary[] }).items.map((i) => i.id)).toEqual([thread.id]);
    expect(((await mia.req('GET', '/api/staff/threads?q=50%25')).json() as { items: ThreadSummary[] }).items).toEqual([]);
    const closed = await w.owner$.req('PATCH', `/api/staff/threads/${thread.id}`, { status: 'closed' });
    expect(closed.json()).toMatchObject({ status: 'closed' });
    await alex.req('POST', portal(`/${thread.id}/messages`), { body: 'One more thing' });
    expect((await w.owner$.req('GET', `/api/staff/threads/${thread.id}`)).json()).toMatchObject({ status: 'open' });
    expect((await w.owner$.req('PATCH', `/api/staff/threads/${thread.id}`, { assignedStaffId: other.staff.id })).statusCode).toBe(400);
    expect((await w.owner$.req('PATCH', `/api/staff/threads/${thread.id}`, {})).statusCode).toBe(400);
  });

  it('links a thread to the client’s service (found from the service both ways), and not to another firm’s', async () => {
    const service = await basService(w);
    const res = await alex.req('POST', portal(), { subject: 'About this service', body: 'Hello', link: { kind: 'service', id: service.id } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().link).toEqual({ kind: 'service', id: service.id, label: service.name });
    expect(((await w.owner$.req('GET', `/api/staff/threads?linkId=${service.id}`)).json() as { items: ThreadSummary[] }).items.map((i) => i.subject)).toEqual(['About this service']);
    const foreign = await basService(other);
    const refused = await alex.req('POST', portal(), { subject: 'x', body: 'y', link: { kind: 'service', id: foreign.id } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().detail).toBe('That service was not found for this client.');
  });
});

describe('limits and clean-up of what people type', () => {
  it('a double click starts one thread; the 11th thread in 10 minutes is 429 and nothing is created', async () => {
    const [a, b] = await Promise.all([1, 2].map(() => alex.req('POST', portal(), { subject: 'Double click', body: 'Same' })));
    expect(a?.statusCode, a?.body).toBe(201);
    expect(b?.statusCode, b?.body).toBe(201);
    expect(a?.json().id).toBe(b?.json().id);
    for (let i = 0; i < 8; i++) expect((await alex.req('POST', portal(), { subject: `Thread ${i}`, body: 'x' })).statusCode).toBe(201);
    const before = ((await alex.req('GET', portal())).json() as { items: ThreadSummary[] }).items.length;
    const over = await alex.req('POST', portal(), { subject: 'One too many', body: 'x' });
    expect(over.statusCode).toBe(429);
    expect(over.headers['retry-after']).toBeDefined();
    expect(over.json().detail).toMatch(/started 10 conversations in the last 10 minutes/);
    expect(((await alex.req('GET', portal())).json() as { items: ThreadSummary[] }).items.length).toBe(before);
  });

  it('subjects are one visible line; control characters and bidi overrides are removed; zero-width-only is empty', async () => {
    const res = await alex.req('POST', portal(), { subject: 'a\r\nBcc: evil@example.com', body: 'invoice \u202Egnp.exe\u0007 done' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ subject: 'a Bcc: evil@example.com', messages: [{ body: 'invoice gnp.exe done' }] });
    expect((await alex.req('POST', portal(), { subject: '\u200B\u200B', body: 'x' })).statusCode).toBe(400);
    expect((await alex.req('POST', portal(), { subject: 'Zero width', body: '\u200B \u200D' })).json().detail).toMatch(/is empty/);
  });

  it('a team member removes only their own messages; owners and admins anyone’s', async () => {
    const thread = await clientThread('Redaction rights');
    const mia = await asStaff(t, w.staff.email);
    const theirs = thread.messages[0] as MessageDto;
    const refused = await mia.req('POST', `/api/staff/threads/${thread.id}/messages/${theirs.id}/redact`, { reason: 'Not mine to remove' });
    expect(refused.statusCode).toBe(403);
    const own = (await mia.req('POST', `/api/staff/threads/${thread.id}/messages`, { body: 'Wrong client, sorry' })).json() as MessageDto;
    expect((await mia.req('POST', `/api/staff/threads/${thread.id}/messages/${own.id}/redact`, { reason: 'Sent to the wrong client' })).statusCode).toBe(200);
    expect((await w.owner$.req('POST', `/api/staff/threads/${thread.id}/messages/${theirs.id}/redact`, { reason: 'Card number' })).statusCode).toBe(200);
  });

  it('JSON nested deeper than any request of ours is a 400, not a crash', async () => {
    const deep = `{"subject":"x","body":"y","link":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const res = await t.app.inject({ method: 'POST', url: portal(), payload: deep, headers: { cookie: alex.cookie, 'content-type': 'application/json', 'x-csrf-token': alex.csrf } });
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toMatch(/nested too deeply/);
  });
});

describe('isolation', () => {
  it('another firm, another client and anonymous callers get 404/401 and nothing changes', async () => {
    const thread = await clientThread('Private');
    const bob = await asClient(t, w.firm.slug, w.person2.email);
    expect((await bob.req('GET', portal(`/${thread.id}`))).statusCode).toBe(404);
    expect((await bob.req('POST', portal(`/${thread.id}/messages`), { body: 'intrude' })).statusCode).toBe(404);
    expect((await bob.req('POST', portal(`/${thread.id}/read`))).statusCode).toBe(404);
    expect(((await bob.req('GET', portal())).json() as { items: ThreadSummary[] }).items.map((i) => i.id)).not.toContain(thread.id);
    expect((await other.owner$.req('GET', `/api/staff/threads/${thread.id}`)).statusCode).toBe(404);
    expect((await other.owner$.req('POST', `/api/staff/threads/${thread.id}/messages`, { body: 'intrude' })).statusCode).toBe(404);
    expect((await other.owner$.req('PATCH', `/api/staff/threads/${thread.id}`, { status: 'closed' })).statusCode).toBe(404);
    expect((await other.owner$.req('POST', '/api/staff/threads', { clientId: w.client1.id, subject: 'x', body: 'y' })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/staff/threads' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: `/api/staff/live` })).statusCode).toBe(401);
    expect(((await alex.req('GET', portal(`/${thread.id}`))).json() as ThreadDto).messages).toHaveLength(1);
  });
});

describe('notifications', () => {
  it('a client message: an in-app notice and an e-mail to staff that never quotes it, with a reply-to address', async () => {
    const thread = await clientThread('Notify me', 'The secret figure is 42,000');
    const mail = await queryRows<{ to_address: string; text_body: string; html_body: string; reply_to: string | null; subject: string }>(t.db.owner, sql`select to_address, text_body, html_body, reply_to, subject from outbox_emails where kind = 'message_received' and idempotency_key like ${`message_received:${thread.id}:%`}`);
    expect(mail.length).toBeGreaterThanOrEqual(1);
    for (const m of mail) {
      expect(m.text_body + m.html_body + m.subject).not.toContain('42,000');
      expect(m.reply_to).toMatch(/^reply\+[A-Za-z0-9_-]{43}@/);
    }
    const notices = (await w.owner$.req('GET', '/api/staff/notifications')).json() as { items: { title: string; link: string }[] };
    expect(notices.items.some((n) => n.link === `/app/messages/${thread.id}`)).toBe(true);
  });

  it('several staff replies before the client reads make one e-mail per portal user', async () => {
    const thread = await clientThread('Batching');
    for (const body of ['One', 'Two', 'Three']) await w.owner$.req('POST', `/api/staff/threads/${thread.id}/messages`, { body });
    const mail = await queryRows<{ to_address: string; text_body: string }>(t.db.owner, sql`select to_address, text_body from outbox_emails where kind = 'message_reply' and idempotency_key like ${`message_reply:${thread.id}:%`}`);
    expect(mail.map((m) => m.to_address).sort()).toEqual([w.person1.email, (await queryRows<{ email: string }>(t.db.owner, sql`select email from portal_users where client_id = ${w.client1.id} and name = 'Sam Second'`))[0]?.email].sort());
    expect(mail.every((m) => !/One|Two|Three/.test(m.text_body))).toBe(true);
  });
  it('with the e-mail worker down the message is still delivered in the app; the e-mail goes later, once', async () => {
    const thread = await clientThread('Worker down');
    await w.owner$.req('POST', `/api/staff/threads/${thread.id}/messages`, { body: 'Your return is ready to sign.' });
    // No worker runs in tests until asked: the client already has the message.
    expect(((await alex.req('GET', portal(`/${thread.id}`))).json() as ThreadDto).messages.map((m) => m.body)).toContain('Your return is ready to sign.');
    const key = `message_reply:${thread.id}:client:${w.person1.id}:%`;
    const [row] = await queryRows<{ status: string }>(t.db.owner, sql`select status from outbox_emails where idempotency_key like ${key}`);
    expect(row?.status).toBe('pending');
    // The worker comes back after the batching delay: one e-mail, and a second run sends nothing more.
    await t.db.owner.execute(sql`update outbox_emails set next_attempt_at = now() where idempotency_key like ${key}`);
    await t.flushMail();
    await t.flushMail();
    const caught = t.mailCatcher?.emails.filter((e) => e.to.includes(w.person1.email) && e.subject === `New message from ${w.firm.displayName}`) ?? [];
    expect(caught).toHaveLength(1);
    expect(caught[0]?.text).not.toContain('ready to sign');
    expect(caught[0]?.headers['reply-to'] ?? '').toMatch(/reply\+/);
    // /dev/mail shows the Reply-To address (docs/messages.md has people reply to it with swaks).
    expect(caught[0]?.replyTo).toMatch(/^reply\+[A-Za-z0-9_-]{43}@/);
    const viewer = await t.app.inject({ method: 'GET', url: `/dev/mail/${caught[0]?.id}` });
    expect(viewer.statusCode).toBe(200);
    expect(viewer.body).toContain(`Reply-To: <code>${caught[0]?.replyTo}</code>`);
  });
});

describe('bell notices follow the conversation', () => {
  type Notices = { unread: number; items: { id: string; link: string; read: boolean }[] };
  const noticesFor = async (threadId: string) => ((await w.owner$.req('GET', '/api/staff/notifications')).json() as Notices).items.filter((n) => n.link === `/app/messages/${threadId}`);

  it('reading the conversation marks the staff member’s notices about it read; a partial read or “mark unread” does not', async () => {
    const thread = await clientThread('Bell follows the thread');
    await alex.req('POST', portal(`/${thread.id}/messages`), { body: 'And one more thing' });
    expect((await noticesFor(thread.id)).map((n) => n.read)).toEqual([false]);
    // Read up to the first message only: the second is still unread, so the notice stays.
    expect((await w.owner$.req('POST', `/api/staff/threads/${thread.id}/read`, { seq: 1 })).statusCode).toBe(200);
    expect((await noticesFor(thread.id)).map((n) => n.read)).toEqual([false]);
    expect((await w.owner$.req('POST', `/api/staff/threads/${thread.id}/read`, {})).statusCode).toBe(200);
    expect((await noticesFor(thread.id)).map((n) => n.read)).toEqual([true]);
    // Marking it unread again does not bring the notice back.
    expect((await w.owner$.req('POST', `/api/staff/threads/${thread.id}/unread`)).statusCode).toBe(200);
    expect((await noticesFor(thread.id)).map((n) => n.read)).toEqual([true]);
    // A new client message after the read: a new unread notice, read again by reading the thread.
    await alex.req('POST', portal(`/${thread.id}/messages`), { body: 'Hello again' });
    expect((await noticesFor(thread.id)).filter((n) => !n.read)).toHaveLength(1);
    await w.owner$.req('POST', `/api/staff/threads/${thread.id}/read`, {});
    expect((await noticesFor(thread.id)).every((n) => n.read)).toBe(true);
  });
});

describe('held message e-mails are re-checked when they come due', () => {
  const due = (threadId: string) => t.db.owner.execute(sql`update outbox_emails set next_attempt_at = now() where idempotency_key like ${`%:${threadId}:%`} and status = 'pending'`);
  const caughtFor = (threadId: string, email: string) => t.mailCatcher?.emails.filter((e) => e.to.includes(email) && e.text.includes(threadId)) ?? [];
  const rows = (threadId: string, recipientId: string) =>
    queryRows<{ status: string; last_error: string | null }>(t.db.owner, sql`select status, last_error from outbox_emails where idempotency_key like ${`%:${threadId}:%:${recipientId}:%`} order by created_at`);
  const samEmail = async () => (await queryRows<{ email: string }>(t.db.owner, sql`select email from portal_users where client_id = ${w.client1.id} and name = 'Sam Second'`))[0]?.email ?? '';

  it('a client who read the reply in the portal before the e-mail was due gets no e-mail; one who did not gets one', async () => {
    const thread = await clientThread('Read before the e-mail');
    await w.owner$.req('POST', `/api/staff/threads/${thread.id}/messages`, { body: 'Your BAS is lodged.' });
    expect((await alex.req('POST', portal(`/${thread.id}/read`), {})).statusCode).toBe(200);
    await due(thread.id);
    await t.flushMail();
    expect(caughtFor(thread.id, w.person1.email)).toHaveLength(0);
    expect(await rows(thread.id, w.person1.id)).toEqual([{ status: 'skipped', last_error: expect.stringMatching(/read in the app/) }]);
    // Sam has not read it: his e-mail goes, once.
    expect(caughtFor(thread.id, await samEmail())).toHaveLength(1);
  });

  it('read, then a newer reply: one e-mail (about the newer reply), never two', async () => {
    const thread = await clientThread('Read, then more');
    await w.owner$.req('POST', `/api/staff/threads/${thread.id}/messages`, { body: 'First' });
    expect((await alex.req('POST', portal(`/${thread.id}/read`), {})).statusCode).toBe(200);
    await w.owner$.req('POST', `/api/staff/threads/${thread.id}/messages`, { body: 'Second' });
    await due(thread.id);
    await t.flushMail();
    await t.flushMail();
    expect(caughtFor(thread.id, w.person1.email)).toHaveLength(1);
    expect((await rows(thread.id, w.person1.id)).map((r) => r.status)).toEqual(['skipped', 'sent']);
  });

  it('staff: the notice e-mail of a client message is dropped once the staff member has read the conversation', async () => {
    const thread = await clientThread('Staff read it first', 'Can you call me?');
    const staffRows = await queryRows<{ to_address: string }>(t.db.owner, sql`select to_address from outbox_emails where idempotency_key like ${`message_received:${thread.id}:staff:${w.owner.id}:%`}`);
    expect(staffRows).toHaveLength(1);
    expect((await w.owner$.req('POST', `/api/staff/threads/${thread.id}/read`, {})).statusCode).toBe(200);
    await due(thread.id);
    await t.flushMail();
    expect(caughtFor(thread.id, w.owner.email)).toHaveLength(0);
    expect((await rows(thread.id, w.owner.id)).map((r) => r.status)).toEqual(['skipped']);
    // A new client message after that read: a new e-mail, sent.
    await alex.req('POST', portal(`/${thread.id}/messages`), { body: 'Still there?' });
    await due(thread.id);
    await t.flushMail();
    expect(caughtFor(thread.id, w.owner.email)).toHaveLength(1);
  });
});

describe('live updates (Server-Sent Events)', () => {
  it('a new message reaches the other side live; a reconnect with Last-Event-ID resumes with no gap and no duplicate', async () => {
    const thread = await clientThread('Live');
    const staffStream = readEvents(`${base}/api/staff/live`, w.owner$.cookie, { until: (evs) => evs.some((e) => e.event === 'message' && e.data.includes(thread.id)) });
    await new Promise((r) => setTimeout(r, 300));
    await alex.req('POST', portal(`/${thread.id}/messages`), { body: 'Are you there?' });
    const got = await staffStream;
    const live = got.find((e) => e.event === 'message' && e.data.includes(thread.id));
    expect(live).toBeDefined();
    expect(live?.data).not.toContain('Are you there?');

    // Three more while "disconnected"; resuming from the last seen id gets exactly those three, in order.
    for (const body of ['a', 'b', 'c']) await w.owner$.req('POST', `/api/staff/threads/${thread.id}/messages`, { body });
    const resumed = await readEvents(`${base}/api/portal/${w.firm.slug}/live`, alex.cookie, { lastEventId: live?.id, until: (evs) => evs.filter((e) => e.event === 'message').length >= 3 });
    const seqs = resumed.filter((e) => e.event === 'message').map((e) => (JSON.parse(e.data) as { seq: number }).seq);
    expect(seqs).toEqual([3, 4, 5]);
    const ids = resumed.map((e) => Number(e.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => id > Number(live?.id))).toBe(true);
  });

  it('a client’s stream carries only their own client’s events', async () => {
    const bob = await asClient(t, w.firm.slug, w.person2.email);
    const bobs = readEvents(`${base}/api/portal/${w.firm.slug}/live`, bob.cookie, { until: () => false, timeoutMs: 1500 });
    await new Promise((r) => setTimeout(r, 300));
    await clientThread('Not for Bob');
    expect((await bobs).filter((e) => e.event === 'message')).toEqual([]);
  });
});
