import { connect } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { ThreadDto } from '../../../contracts/messages.js';
import { queryRows } from '../../db/client.js';
import { sha256Hex } from '../../platform/crypto/tokens.js';
import { asClient, buildTestApp, createPortalUser, type Session, type TestApp } from '../../../../test/harness.js';
import { workWorld, type WorkWorld } from '../../../../test/work-fixtures.js';

let t: TestApp;
let w: WorkWorld;
let alex: Session;
let port: number;

beforeAll(async () => {
  t = await buildTestApp();
  w = await workWorld(t, 'rbe');
  alex = await asClient(t, w.firm.slug, w.person1.email);
  if (!t.inboundSmtpPort) throw new Error('the inbound SMTP listener is not running');
  port = t.inboundSmtpPort;
});
afterAll(async () => t.close());
// Each test starts with fresh per-person message limits (a test of the limit itself sets them up).
beforeEach(async () => {
  await t.db.owner.execute(sql`delete from rate_limits where key like 'messages:%'`);
});

const portal = (path = '') => `/api/portal/${w.firm.slug}/threads${path}`;

/** A client thread the firm has answered: the client's notification e-mail carries a reply address. */
async function answeredThread(subject: string): Promise<{ thread: ThreadDto; replyTo: string }> {
  const created = await alex.req('POST', portal(), { subject, body: 'Is my BAS lodged?' });
  expect(created.statusCode, created.body).toBe(201);
  const thread = created.json() as ThreadDto;
  const reply = await w.owner$.req('POST', `/api/staff/threads/${thread.id}/messages`, { body: 'Yes, on 28 October.' });
  expect(reply.statusCode, reply.body).toBe(201);
  const [mail] = await queryRows<{ reply_to: string | null }>(t.db.owner, sql`
    select reply_to from outbox_emails where kind = 'message_reply' and to_address = ${w.person1.email} and idempotency_key like ${`message_reply:${thread.id}:%`}`);
  expect(mail?.reply_to).toMatch(/^reply\+[A-Za-z0-9_-]{43}@/);
  return { thread, replyTo: mail?.reply_to ?? '' };
}

type Sent = { ok: true } | { ok: false; responseCode?: number; command?: string; response?: string };

/** Sends a real e-mail over SMTP to the app's inbound listener. */
async function send(mail: SendMailOptions): Promise<Sent> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, connectionTimeout: 5000 });
  try {
    await transport.sendMail(mail);
    return { ok: true };
  } catch (err) {
    const e = err as { responseCode?: number; command?: string; response?: string };
    return { ok: false, responseCode: e.responseCode, command: e.command, response: e.response };
  } finally {
    transport.close();
  }
}

/** Speaks SMTP line by line (waiting for each answer), returns the transcript; hangUp drops the connection after the last line. */
function rawSmtp(lines: string[], opts: { hangUp?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let transcript = '';
    let next = 0;
    const timer = setTimeout(() => socket.destroy(), 5000);
    socket.on('data', (chunk) => {
      transcript += chunk.toString('latin1');
      if (!transcript.endsWith('\r\n')) return;
      const line = lines[next++];
      if (line === undefined) {
        socket.end();
        return;
      }
      socket.write(`${line}\r\n`, 'latin1', () => {
        // DATA with a body: the server answers only after the final dot, or never when we hang up.
        if (next === lines.length && opts.hangUp) setTimeout(() => socket.destroy(), 100);
      });
    });
    socket.on('error', reject);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(transcript);
    });
  });
}

const quote = (name: string, address: string) => `\n\nOn Tue, 4 Jun 2024 at 10:15, ${name} <${address}> wrote:\n> Hello,\n>\n> You have a new message. Open the portal to read it.\n`;

async function messagesOf(threadId: string): Promise<ThreadDto['messages']> {
  const res = await alex.req('GET', portal(`/${threadId}`));
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as ThreadDto).messages;
}

describe('reply by e-mail', () => {
  it('a reply from the address the notification went to is posted as that person, quote stripped, source email', async () => {
    const { thread, replyTo } = await answeredThread('Reply by mail');
    const sent = await send({
      from: `${w.person1.name} <${w.person1.email}>`, to: replyTo, subject: 'Re: New message',
      text: `Thanks!\nI will send the receipts tomorrow.${quote('Firm', replyTo)}`, messageId: '<first-reply@mail.example.com>',
    });
    expect(sent).toEqual({ ok: true });

    const messages = await messagesOf(thread.id);
    expect(messages).toHaveLength(3);
    expect(messages[2]).toMatchObject({ seq: 3, source: 'email', body: 'Thanks!\nI will send the receipts tomorrow.', author: { kind: 'client', id: w.person1.id, name: w.person1.name }, canEdit: false });
    const audit = await queryRows<{ action: string; actor_id: string }>(t.db.owner, sql`select action, actor_id from audit_log where target_id = ${messages[2]?.id ?? ''}`);
    expect(audit).toEqual([{ action: 'message.posted_by_email', actor_id: w.person1.id }]);
    // The firm hears about it like any client message.
    const notices = await queryRows<{ n: number }>(t.db.owner, sql`select count(*)::int as n from outbox_emails where kind = 'message_received' and idempotency_key like ${`message_received:${thread.id}:%`}`);
    expect(notices[0]?.n).toBeGreaterThanOrEqual(1);
  });

  it('the domain is case-insensitive; an HTML-only reply is posted as its text', async () => {
    const { thread, replyTo } = await answeredThread('HTML reply');
    const [local, domain] = replyTo.split('@');
    const sent = await send({ from: w.person1.email, to: `${local}@${(domain ?? '').toUpperCase()}`, html: '<div>Sounds <b>good</b>.</div><div><br></div><div>Jane</div>', messageId: '<html-reply@mail.example.com>' });
    expect(sent).toEqual({ ok: true });
    const last = (await messagesOf(thread.id)).at(-1);
    expect(last).toMatchObject({ source: 'email' });
    expect(last?.body).toMatch(/^Sounds good\.\s+Jane$/);
  });

  it('from another address (header or envelope) is refused with an SMTP error and nothing is posted', async () => {
    const { thread, replyTo } = await answeredThread('Wrong sender');
    const other = await send({ from: 'mallory@evil.example', to: replyTo, text: 'Please pay into BSB 000-000', messageId: '<mallory@evil.example>' });
    expect(other).toMatchObject({ ok: false, responseCode: 550 });
    if (!other.ok) expect(other.response).toMatch(/only accepts replies from the e-mail address the notification was sent to/);
    const forgedEnvelope = await send({ from: w.person1.email, envelope: { from: 'mallory@evil.example', to: [replyTo] }, to: replyTo, text: 'Hi', messageId: '<env@evil.example>' });
    expect(forgedEnvelope).toMatchObject({ ok: false, responseCode: 550 });
    const nullSender = await send({ from: w.person1.email, envelope: { from: '', to: [replyTo] }, to: replyTo, text: 'Hi', messageId: '<null@evil.example>' });
    expect(nullSender).toMatchObject({ ok: false, responseCode: 550 });
    expect(await messagesOf(thread.id)).toHaveLength(2);
  });

  it('a forged or unknown token, or an address that is not a reply address, is refused at RCPT', async () => {
    const { thread, replyTo } = await answeredThread('Forged');
    const domain = replyTo.split('@')[1] ?? '';
    const forged = `reply+${'A'.repeat(43)}@${domain}`;
    const tampered = replyTo.replace(/reply\+(.)/, (_m, c: string) => `reply+${c === 'a' ? 'b' : 'a'}`);
    for (const to of [forged, tampered, `postmaster@${domain}`, `reply+short@${domain}`, replyTo.replace(domain, 'elsewhere.example')]) {
      const res = await send({ from: w.person1.email, to, text: 'Hello', messageId: `<${Math.random()}@x.example>` });
      expect(res, to).toMatchObject({ ok: false, responseCode: 550, command: 'RCPT TO' });
      if (!res.ok) expect(res.response).toMatch(/No such recipient/);
    }
    expect(await messagesOf(thread.id)).toHaveLength(2);
  });

  it('an expired token is refused (at RCPT, like an unknown one)', async () => {
    const { thread, replyTo } = await answeredThread('Expired');
    const token = /^reply\+([^@]+)@/.exec(replyTo)?.[1] ?? '';
    await t.db.owner.execute(sql`update message_reply_tokens set expires_at = now() - interval '1 minute' where token_hash = ${sha256Hex(token)}`);
    const res = await send({ from: w.person1.email, to: replyTo, text: 'Late reply', messageId: '<late@mail.example.com>' });
    expect(res).toMatchObject({ ok: false, responseCode: 550, command: 'RCPT TO' });
    expect(await messagesOf(thread.id)).toHaveLength(2);
  });

  it('the same e-mail delivered twice (same Message-ID) posts once; both deliveries are accepted', async () => {
    const { thread, replyTo } = await answeredThread('Replay');
    const mail = { from: w.person1.email, to: replyTo, text: 'Only once please', messageId: '<replay-1@mail.example.com>' };
    // Two at once (on PostgreSQL the second waits on the first's claim), then a later retry.
    expect(await Promise.all([send(mail), send(mail)])).toEqual([{ ok: true }, { ok: true }]);
    expect(await send(mail)).toEqual({ ok: true });
    const posted = (await messagesOf(thread.id)).filter((m) => m.source === 'email');
    expect(posted.map((m) => m.body)).toEqual(['Only once please']);
    // A different e-mail with the same text is a new message.
    expect(await send({ ...mail, messageId: '<replay-2@mail.example.com>' })).toEqual({ ok: true });
    expect((await messagesOf(thread.id)).filter((m) => m.source === 'email')).toHaveLength(2);
  });

  it('an empty reply (only the quote), an over-long one and an out-of-office are refused', async () => {
    const { thread, replyTo } = await answeredThread('Empty');
    const empty = await send({ from: w.person1.email, to: replyTo, text: `\n${quote('Firm', replyTo)}`, messageId: '<empty@mail.example.com>' });
    expect(empty).toMatchObject({ ok: false, responseCode: 550 });
    if (!empty.ok) expect(empty.response).toMatch(/empty once the quoted e-mail was removed/);
    const long = await send({ from: w.person1.email, to: replyTo, text: `${'word '.repeat(2100)}${quote('Firm', replyTo)}`, messageId: '<long@mail.example.com>' });
    expect(long).toMatchObject({ ok: false, responseCode: 550 });
    if (!long.ok) expect(long.response).toMatch(/longer than 10,000 characters/);
    const away = await send({ from: w.person1.email, to: replyTo, text: 'I am out of the office until Monday.', headers: { 'Auto-Submitted': 'auto-replied' }, messageId: '<ooo@mail.example.com>' });
    expect(away).toMatchObject({ ok: false, responseCode: 550 });
    expect(await messagesOf(thread.id)).toHaveLength(2);
  });

  it('an oversized e-mail gets 552', async () => {
    const { replyTo } = await answeredThread('Huge');
    const res = await send({ from: w.person1.email, to: replyTo, text: 'See attached', attachments: [{ filename: 'big.bin', content: Buffer.alloc(3 * 1024 * 1024, 1) }], messageId: '<huge@mail.example.com>' });
    expect(res).toMatchObject({ ok: false, responseCode: 552 });
  });

  it('garbage, a headerless body and a sender hanging up mid-message get SMTP answers; the listener keeps serving', async () => {
    const { thread, replyTo } = await answeredThread('Robust');
    const garbage = await rawSmtp(['EHLO x', 'AUTH PLAIN AGFhAGI=', `MAIL FROM:<${w.person1.email}>`, `RCPT TO:<${replyTo}>`, 'RCPT TO:<someone-else@example.com>', 'DATA', '\u0000\u00ff not a mail at all\r\n.', 'QUIT']);
    expect(garbage).toMatch(/^500 /m); // AUTH is not offered
    expect(garbage).toMatch(/^452 .*too many recipients/m); // one recipient per transaction
    expect(garbage).toMatch(/^550 .*only accepts replies/m);
    await rawSmtp(['EHLO x', `MAIL FROM:<${w.person1.email}>`, `RCPT TO:<${replyTo}>`, 'DATA', `From: ${w.person1.email}\r\nSubject: half\r\n\r\nThis never ends`], { hangUp: true });
    expect(await send({ from: w.person1.email, to: replyTo, text: 'Still working', messageId: '<robust@mail.example.com>' })).toEqual({ ok: true });
    expect((await messagesOf(thread.id)).filter((m) => m.source === 'email').map((m) => m.body)).toEqual(['Still working']);
  });

  it('attachments are not imported; the posted message says which were left out', async () => {
    const { thread, replyTo } = await answeredThread('Attachment');
    const res = await send({ from: w.person1.email, to: replyTo, text: 'Receipts attached', attachments: [{ filename: 'receipts.pdf', content: Buffer.from('%PDF-1.4 test') }], messageId: '<att@mail.example.com>' });
    expect(res).toEqual({ ok: true });
    expect((await messagesOf(thread.id)).at(-1)?.body).toBe('Receipts attached\n\n[Not added from the e-mail: receipts.pdf. Attachments sent by e-mail are not accepted; upload documents in the portal.]');
  });

  it('a portal user disabled since the e-mail cannot reply with it', async () => {
    const { thread } = await answeredThread('Disabled');
    const pat = await createPortalUser(t.db, w.firm.id, w.client1.id, { name: 'Pat Partner' });
    const sent = await w.owner$.req('POST', `/api/staff/threads/${thread.id}/messages`, { body: 'For Pat too' });
    expect(sent.statusCode).toBe(201);
    const [mail] = await queryRows<{ reply_to: string }>(t.db.owner, sql`select reply_to from outbox_emails where to_address = ${pat.email} and idempotency_key like ${`message_reply:${thread.id}:%`}`);
    await t.db.owner.execute(sql`update portal_users set status = 'disabled' where id = ${pat.id}`);
    const res = await send({ from: pat.email, to: mail?.reply_to ?? '', text: 'Still here?', messageId: '<pat@mail.example.com>' });
    expect(res).toMatchObject({ ok: false, responseCode: 550 });
    if (!res.ok) expect(res.response).toMatch(/no longer valid/);
  });

  it('staff answer their own notification e-mail: posted as that staff member, the client sees it', async () => {
    const created = await alex.req('POST', portal(), { subject: 'Staff by mail', body: 'Can you call me?' });
    expect(created.statusCode, created.body).toBe(201);
    const thread = created.json() as ThreadDto;
    const staffMail = await queryRows<{ to_address: string; reply_to: string | null }>(t.db.owner, sql`
      select to_address, reply_to from outbox_emails where kind = 'message_received' and idempotency_key like ${`message_received:${thread.id}:staff:%`}`);
    const [first] = staffMail;
    expect(first?.reply_to).toMatch(/^reply\+/);
    const [staff] = await queryRows<{ id: string; name: string }>(t.db.owner, sql`select id, name from staff_users where firm_id = ${w.firm.id} and email = ${first?.to_address ?? ''}`);

    const res = await send({ from: `${staff?.name} <${(first?.to_address ?? '').toUpperCase()}>`, to: first?.reply_to ?? '', text: `Sure, calling at 3pm.\n\n-- \n${staff?.name}\nSmith & Co${quote('Ledger Loom', 'no-reply@ledgerloom.localhost')}`, messageId: '<staff@firm.example>' });
    expect(res).toEqual({ ok: true });
    const last = (await messagesOf(thread.id)).at(-1);
    expect(last).toMatchObject({ source: 'email', body: 'Sure, calling at 3pm.', author: { kind: 'staff', id: staff?.id, name: staff?.name } });
    // The client is told about the firm's reply by e-mail, as for one written in the app.
    const clientMail = await queryRows<{ n: number }>(t.db.owner, sql`select count(*)::int as n from outbox_emails where kind = 'message_reply' and idempotency_key like ${`message_reply:${thread.id}:%`}`);
    expect(clientMail[0]?.n).toBeGreaterThanOrEqual(1);
  });
});
