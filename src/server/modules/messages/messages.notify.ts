import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { clients, messageReplyTokens, notificationPreferences, portalUsers, staffNotifications, staffUsers, threadReads } from '../../db/schema/index.js';
import { randomToken, sha256Hex } from '../../platform/crypto/tokens.js';
import { portalBaseUrl, staffUrl } from '../../platform/http/urls.js';
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

/**
 * Queues the e-mail with its own reply address (`reply+<token>@MAIL_DOMAIN`, the token stored hashed
 * and bound to this thread and this person). The key is one per person, thread, unread run and day:
 * more messages before the person reads the thread join the e-mail already queued (held for the
 * firm's batching delay) instead of making more.
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
    idempotencyKey: `${s.kind}:${s.thread.id}:${s.to.kind}:${s.to.id}:after-${after}:${deps.now.toISOString().slice(0, 10)}`,
    replyTo: `reply+${token}@${deps.config.mailDomain}`,
    notBefore: new Date(deps.now.getTime() + deps.config.noticeBatchSeconds * 1000),
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
  const link = `/app/messages/${s.thread.id}`;
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
