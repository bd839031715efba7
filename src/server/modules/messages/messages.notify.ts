import { and, desc, eq, gt, inArray, isNull, like, ne } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { clients, messageReplyTokens, messages, notificationPreferences, outboxEmails, portalUsers, staffNotifications, staffUsers, threadReads } from '../../db/schema/index.js';
import { randomToken, sha256Hex } from '../../platform/crypto/tokens.js';
import { portalBaseUrl, staffUrl } from '../../platform/http/urls.js';
import type { OutboxRow } from '../../platform/mail/mailer.js';
import { enqueueEmail } from '../../platform/mail/outbox.js';
import { renderEmail } from '../../platform/mail/template.js';
import type { Deps } from '../../platform/tenancy/context.js';
import { emailBranding, findFirm } from '../firms/index.js';
import type { ThreadRow } from './messages.repository.js';

type NotifyDeps = Pick<Deps, 'config'> & { now: Date };
type Person = { kind: 'staff' | 'client'; id: string; name: string; email: string };

/** A reply address is good for this long after the e-mail that carries it. */
const REPLY_TOKEN_DAYS = 90;

async function lastRead(tx: Tx, firmId: string, threadId: string, reader: { kind: 'staff' | 'client'; id: string }): Promise<number> {
  const [r] = await tx
    .select({ seq: threadReads.lastReadSeq })
    .from(threadReads)
    .where(and(eq(threadReads.firmId, firmId), eq(threadReads.threadId, threadId), eq(threadReads.readerKind, reader.kind), eq(threadReads.readerId, reader.id)));
  return r?.seq ?? 0;
}

const MESSAGE_EMAIL_KINDS = ['message_received', 'message_reply'] as const;

/** The e-mail's key: one per person, thread, unread run (read position when it was queued) and day. */
const messageEmailKey = (kind: string, threadId: string, to: { kind: 'staff' | 'client'; id: string }, after: number, now: Date) =>
  `${kind}:${threadId}:${to.kind}:${to.id}:after-${after}:${now.toISOString().slice(0, 10)}`;

function parseMessageEmailKey(key: string): { kind: string; threadId: string; to: { kind: 'staff' | 'client'; id: string }; after: number } | null {
  const m = /^(message_received|message_reply):([0-9a-f-]{36}):(staff|client):([0-9a-f-]{36}):after-(\d+):\d{4}-\d{2}-\d{2}$/.exec(key);
  if (!m?.[1] || !m[2] || !m[3] || !m[4] || !m[5]) return null;
  return { kind: m[1], threadId: m[2], to: { kind: m[3] as 'staff' | 'client', id: m[4] }, after: Number(m[5]) };
}

/**
 * The outbox worker asks this just before a held message e-mail goes (mailer `beforeSend`): the
 * e-mail is dropped when the person has since read, in the app, every message the other side sent
 * (nothing unread: nothing to tell them), or when they read some and the messages after that read
 * have an e-mail of their own (queued under the newer read position) — never two e-mails, never one
 * about messages already read. Other e-mails are not this module's business (null: send).
 */
export async function heldMessageEmailNotNeeded(tx: Tx, email: OutboxRow): Promise<string | null> {
  if (!(MESSAGE_EMAIL_KINDS as readonly string[]).includes(email.kind)) return null;
  const key = parseMessageEmailKey(email.idempotencyKey);
  if (!key) return null;
  const read = await lastRead(tx, email.firmId, key.threadId, key.to);
  const from = key.to.kind === 'staff' ? 'client' : 'staff';
  const [unread] = await tx
    .select({ seq: messages.seq })
    .from(messages)
    .where(and(eq(messages.firmId, email.firmId), eq(messages.threadId, key.threadId), eq(messages.authorKind, from), gt(messages.seq, read)))
    .limit(1);
  if (!unread) return 'Not sent: the messages were read in the app before the e-mail was due.';
  if (read <= key.after) return null;
  // Read since this was queued, and more came after: those are in a newer e-mail (unless, racing the read, they joined this one).
  const [newer] = await tx
    .select({ id: outboxEmails.id })
    .from(outboxEmails)
    .where(and(
      eq(outboxEmails.firmId, email.firmId), ne(outboxEmails.id, email.id), eq(outboxEmails.kind, email.kind),
      like(outboxEmails.idempotencyKey, `${key.kind}:${key.threadId}:${key.to.kind}:${key.to.id}:after-${read}:%`),
    ))
    .limit(1);
  return newer ? 'Not sent: the messages it was about were read in the app; a later e-mail tells of the newer ones.' : null;
}

/**
 * Queues the e-mail with its own reply address (`reply+<token>@MAIL_DOMAIN`, the token stored hashed
 * and bound to this thread and this person). The key is one per person, thread, unread run and day:
 * more messages before the person reads the thread join the e-mail already queued (held for the
 * firm's batching delay) instead of making more; if they read the thread in the meantime, the
 * worker drops it (heldMessageEmailNotNeeded).
 */
async function queueMessageEmail(tx: Tx, deps: NotifyDeps, s: { firmId: string; clientId: string; thread: ThreadRow; to: Person; kind: string; subject: string; heading: string; paragraphs: string[]; button: { label: string; url: string } }) {
  const firm = await findFirm(tx, s.firmId);
  if (!firm) return;
  const after = await lastRead(tx, s.firmId, s.thread.id, s.to);
  const token = randomToken();
  const email = renderEmail(emailBranding(deps.config, firm), {
    subject: s.subject,
    heading: s.heading,
    paragraphs: [...s.paragraphs, 'You can also reply to this e-mail: your reply is added to the conversation (the earlier e-mail text is left out).'],
    button: s.button,
  });
  const inserted = await enqueueEmail(tx, {
    firmId: s.firmId, clientId: s.clientId, kind: s.kind, to: s.to.email, ...email,
    idempotencyKey: messageEmailKey(s.kind, s.thread.id, s.to, after, deps.now),
    replyTo: `reply+${token}@${deps.config.mailDomain}`,
    notBefore: new Date(deps.now.getTime() + deps.config.noticeBatchSeconds * 1000),
    optional: { userKind: s.to.kind === 'staff' ? 'staff' : 'portal', userId: s.to.id, event: s.to.kind === 'staff' ? 'message_received' : 'message_reply', appBaseUrl: deps.config.appBaseUrl },
  });
  if (inserted) {
    await tx.insert(messageReplyTokens).values({
      tokenHash: sha256Hex(token), firmId: s.firmId, threadId: s.thread.id, recipientKind: s.to.kind, recipientId: s.to.id, email: s.to.email.toLowerCase(),
      expiresAt: new Date(deps.now.getTime() + REPLY_TOKEN_DAYS * 86_400_000),
    });
  }
}

async function emailOff(tx: Tx, firmId: string, who: { kind: 'staff' | 'client'; id: string }, event: string): Promise<boolean> {
  const [pref] = await tx
    .select({ channel: notificationPreferences.channel })
    .from(notificationPreferences)
    .where(and(eq(notificationPreferences.firmId, firmId), who.kind === 'staff' ? eq(notificationPreferences.staffUserId, who.id) : eq(notificationPreferences.portalUserId, who.id), eq(notificationPreferences.event, event)));
  return pref?.channel === 'off';
}

/** Where a staff member's bell notice of a client message points (the staff workspace's thread page). */
const threadNoticeLink = (threadId: string) => `/app/messages/${threadId}`;

/**
 * A staff member read the conversation up to `seq`: their bell notices pointing at it are read too,
 * once no message from the client is left unread (a partial read leaves the notice standing).
 */
export async function markThreadNoticesRead(tx: Tx, s: { firmId: string; staffUserId: string; threadId: string; seq: number; at: Date }): Promise<void> {
  const [unread] = await tx
    .select({ seq: messages.seq })
    .from(messages)
    .where(and(eq(messages.firmId, s.firmId), eq(messages.threadId, s.threadId), eq(messages.authorKind, 'client'), gt(messages.seq, s.seq)))
    .limit(1);
  if (unread) return;
  await tx
    .update(staffNotifications)
    .set({ readAt: s.at })
    .where(and(eq(staffNotifications.firmId, s.firmId), eq(staffNotifications.staffUserId, s.staffUserId), eq(staffNotifications.link, threadNoticeLink(s.threadId)), isNull(staffNotifications.readAt)));
}

/**
 * A client wrote: the thread's assignee hears, else the client's assigned team member, else every
 * active owner and admin — an in-app notice (one per thread while unread) and an e-mail that names
 * the client but never quotes the message.
 */
export async function notifyClientMessage(tx: Tx, deps: NotifyDeps, s: { firmId: string; thread: ThreadRow; author: Person }): Promise<void> {
  const [client] = await tx.select({ name: clients.name, assignedStaffId: clients.assignedStaffId }).from(clients).where(and(eq(clients.firmId, s.firmId), eq(clients.id, s.thread.clientId)));
  if (!client) return;
  const staffCols = { id: staffUsers.id, email: staffUsers.email, name: staffUsers.name };
  let recipients: { id: string; email: string; name: string }[] = [];
  for (const id of [s.thread.assignedStaffId, client.assignedStaffId]) {
    if (recipients.length > 0 || !id) continue;
    recipients = await tx.select(staffCols).from(staffUsers).where(and(eq(staffUsers.firmId, s.firmId), eq(staffUsers.id, id), eq(staffUsers.status, 'active')));
  }
  if (recipients.length === 0) {
    recipients = await tx.select(staffCols).from(staffUsers).where(and(eq(staffUsers.firmId, s.firmId), eq(staffUsers.status, 'active'), inArray(staffUsers.role, ['owner', 'admin'])));
  }
  const link = threadNoticeLink(s.thread.id);
  const title = `${client.name} sent a message: “${s.thread.subject}”`;
  for (const staff of recipients) {
    const [open] = await tx
      .select({ id: staffNotifications.id })
      .from(staffNotifications)
      .where(and(eq(staffNotifications.firmId, s.firmId), eq(staffNotifications.staffUserId, staff.id), eq(staffNotifications.link, link), isNull(staffNotifications.readAt)))
      .orderBy(desc(staffNotifications.createdAt))
      .limit(1);
    if (!open) await tx.insert(staffNotifications).values({ firmId: s.firmId, staffUserId: staff.id, kind: 'message_received', title, link });
    if (await emailOff(tx, s.firmId, { kind: 'staff', id: staff.id }, 'message_received')) continue;
    await queueMessageEmail(tx, deps, {
      firmId: s.firmId, clientId: s.thread.clientId, thread: s.thread, to: { kind: 'staff', ...staff }, kind: 'message_received',
      subject: `New message from ${client.name}`,
      heading: 'A client sent you a message',
      paragraphs: [`${s.author.name} of ${client.name} sent a message in the client portal.`, 'Open the conversation in Ledger Loom to read it.'],
      button: { label: 'Open the conversation', url: staffUrl(deps.config, `/messages/${s.thread.id}`) },
    });
  }
}

/** The firm replied: each of the client's active portal users who has not turned these off gets one e-mail. */
export async function notifyStaffReply(tx: Tx, deps: NotifyDeps, s: { firmId: string; thread: ThreadRow; author: Person }): Promise<void> {
  const firm = await findFirm(tx, s.firmId);
  if (!firm) return;
  const people = await tx
    .select({ id: portalUsers.id, email: portalUsers.email, name: portalUsers.name })
    .from(portalUsers)
    .where(and(eq(portalUsers.firmId, s.firmId), eq(portalUsers.clientId, s.thread.clientId), eq(portalUsers.status, 'active')));
  for (const person of people) {
    if (await emailOff(tx, s.firmId, { kind: 'client', id: person.id }, 'message_reply')) continue;
    await queueMessageEmail(tx, deps, {
      firmId: s.firmId, clientId: s.thread.clientId, thread: s.thread, to: { kind: 'client', ...person }, kind: 'message_reply',
      subject: `New message from ${firm.displayName}`,
      heading: 'You have a new message',
      paragraphs: [
        `Hello ${person.name.split(' ')[0] ?? person.name},`,
        `${firm.displayName} has sent you a message in your client portal. For your privacy, messages are not sent by e-mail: open the portal to read it.`,
      ],
      button: { label: 'Read the message', url: `${portalBaseUrl(deps.config, firm.slug)}/messages/${s.thread.id}` },
    });
  }
}
