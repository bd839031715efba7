import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { MESSAGE_EDIT_MINUTES, type createThreadBodySchema, type MessageDto, type staffCreateThreadBodySchema, type ThreadDto, type ThreadSummary, type threadListQuerySchema, type updateThreadBodySchema } from '../../../contracts/messages.js';
import type { Tx } from '../../db/client.js';
import { documents, messages, messageThreads } from '../../db/schema/index.js';
import { openText, sealText, SealedTextError } from '../../platform/crypto/sealed-text.js';
import { AppError, notFound } from '../../platform/errors.js';
import { consumeRateLimit } from '../../platform/auth/rate-limit.js';
import { publishLive } from '../../platform/live/live-hub.js';
import { actorLabel, type ClientCtx, type Deps, type StaffCtx } from '../../platform/tenancy/context.js';
import { recordAudit } from '../audit/index.js';
import { firmDataKey, type FirmDataKey } from '../documents/data-keys.js';
import { markThreadNoticesRead, notifyClientMessage, notifyStaffReply } from './messages.notify.js';
import * as repo from './messages.repository.js';

type Ctx = StaffCtx | ClientCtx;

/** A thread shows its latest messages; older ones are counted, not sent (a long thread stays one quick page). */
export const THREAD_PAGE = 200;

/**
 * Per person and 10 minutes, shared by every instance (kept in PostgreSQL): plenty for a real
 * conversation, not for a script burying the firm in threads and e-mails. Staff (the firm's own
 * people, who may message many clients in a row) get ten times as much.
 */
const LIMITS = {
  client: { threads: { count: 10, seconds: 600 }, messages: { count: 60, seconds: 600 } },
  staff: { threads: { count: 100, seconds: 600 }, messages: { count: 600, seconds: 600 } },
};

async function throttle(ctx: Ctx, what: 'threads' | 'messages') {
  const who = readerOf(ctx);
  const { count, seconds } = LIMITS[who.kind][what];
  await consumeRateLimit(ctx.db, `messages:${what}:${who.kind}:${who.id}`, count, seconds,
    what === 'threads' ? `You have started ${count} conversations in the last ${seconds / 60} minutes. Please wait a few minutes, or add to an existing conversation.` : `You have sent ${count} messages in the last ${seconds / 60} minutes. Please wait a few minutes before sending more.`);
}
type Author = { kind: 'staff' | 'client'; id: string; name: string; email: string };

const readerOf = (ctx: Ctx): repo.Reader => (ctx.actor.kind === 'staff' ? { kind: 'staff', id: ctx.actor.userId } : { kind: 'client', id: ctx.actor.portalUserId });
const authorOf = (ctx: Ctx): Author => ({ ...readerOf(ctx), name: ctx.actor.name, email: ctx.actor.email });
const clientScope = (ctx: Ctx) => (ctx.actor.kind === 'client' ? ctx.actor.clientId : undefined);

async function summaryOf(tx: Tx, ctx: Ctx, r: repo.ThreadListRow): Promise<ThreadSummary> {
  const t = r.thread;
  const label = t.linkKind && t.linkId ? await repo.linkLabel(tx, { firmId: ctx.firmId, clientId: t.clientId, kind: t.linkKind, id: t.linkId, clientView: ctx.actor.kind === 'client' }) : undefined;
  return {
    id: t.id, subject: t.subject, client: { id: t.clientId, name: r.clientName },
    link: t.linkKind && t.linkId && label !== undefined ? { kind: t.linkKind, id: t.linkId, label } : null,
    status: t.status, assignedTo: t.assignedStaffId ? { id: t.assignedStaffId, name: r.assigneeName ?? 'A former team member' } : null,
    lastSeq: t.lastSeq, lastMessageAt: t.lastMessageAt.toISOString(),
    lastAuthor: r.lastAuthorKind && r.lastAuthorId ? { kind: r.lastAuthorKind, id: r.lastAuthorId, name: r.lastAuthorName ?? '' } : null,
    unread: Number(r.unread), createdAt: t.createdAt.toISOString(),
  };
}

async function messageDtos(tx: Tx, ctx: Ctx, key: Buffer, rows: repo.MessageRow[]): Promise<MessageDto[]> {
  const me = readerOf(ctx);
  const ids = [...new Set(rows.flatMap((m) => m.attachmentIds))];
  const docs = ids.length === 0 ? [] : await tx
    .select({ id: documents.id, fileName: documents.fileName, sizeBytes: documents.sizeBytes, contentType: documents.contentType, status: documents.status, visibleToClient: documents.visibleToClient })
    .from(documents)
    .where(and(eq(documents.firmId, ctx.firmId), inArray(documents.id, ids)));
  const editUntil = ctx.now.getTime() - MESSAGE_EDIT_MINUTES * 60_000;
  return rows.map((m) => {
    let body: string | null = null;
    if (!m.redactedAt) {
      try {
        body = openText(key, ctx.firmId, m.id, m.body);
      } catch (err) {
        if (!(err instanceof SealedTextError)) throw err;
        throw new AppError('INTERNAL', 'A message in this thread could not be decrypted; it has been reported.');
      }
    }
    const isMe = m.authorKind === me.kind && m.authorId === me.id;
    return {
      id: m.id, threadId: m.threadId, seq: m.seq, author: { kind: m.authorKind, id: m.authorId, name: m.authorName, isMe },
      body, redacted: m.redactedAt !== null, editedAt: m.editedAt?.toISOString() ?? null, createdAt: m.createdAt.toISOString(), source: m.source,
      attachments: m.redactedAt ? [] : m.attachmentIds.flatMap((id) => {
        const d = docs.find((x) => x.id === id);
        return d && d.status === 'available' && (ctx.actor.kind === 'staff' || d.visibleToClient) ? [{ id: d.id, fileName: d.fileName, sizeBytes: d.sizeBytes, contentType: d.contentType }] : [];
      }),
      canEdit: isMe && !m.redactedAt && m.source === 'app' && m.createdAt.getTime() > editUntil,
    };
  });
}

async function threadDto(tx: Tx, ctx: Ctx, key: Buffer, id: string): Promise<ThreadDto> {
  const me = readerOf(ctx);
  const row = await repo.findThread(tx, { firmId: ctx.firmId, id, reader: me, clientId: clientScope(ctx) });
  if (!row) throw notFound('That conversation');
  const reads = await repo.readsOf(tx, { firmId: ctx.firmId, threadId: id });
  return {
    ...(await summaryOf(tx, ctx, row)),
    messages: await messageDtos(tx, ctx, key, await repo.listMessages(tx, { firmId: ctx.firmId, threadId: id, afterSeq: Math.max(0, row.thread.lastSeq - THREAD_PAGE) })),
    earlierMessages: Math.max(0, row.thread.lastSeq - THREAD_PAGE),
    receipts: reads.filter((r) => r.readerKind !== me.kind && r.lastReadSeq > 0).map((r) => ({ kind: r.readerKind, name: r.readerName, lastReadSeq: r.lastReadSeq, readAt: r.readAt.toISOString() })),
    myLastReadSeq: reads.find((r) => r.readerKind === me.kind && r.readerId === me.id)?.lastReadSeq ?? 0,
  };
}

async function checkedAttachments(tx: Tx, ctx: Ctx, clientId: string, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  const found = await repo.attachableDocuments(tx, { firmId: ctx.firmId, clientId, ids: unique, clientView: ctx.actor.kind === 'client' });
  const missing = unique.filter((id) => !found.some((d) => d.id === id));
  if (missing.length > 0) {
    throw new AppError('VALIDATION', 'An attachment was not found among this client’s documents. Upload it again, then send the message.', {
      errors: missing.map((id) => ({ path: `body.attachmentIds.${ids.indexOf(id)}`, message: 'was not found' })),
    });
  }
  // Staff attaching a document share it with the client: it is in the message they will read.
  if (ctx.actor.kind === 'staff') await repo.shareDocuments(tx, { firmId: ctx.firmId, ids: found.filter((d) => !d.visibleToClient).map((d) => d.id) });
  return unique;
}

/**
 * Appends a message: numbered next in the thread (under the thread's row lock), sealed with the
 * firm's key, the author's read position moved to it, a live event for every open screen, and the
 * other side notified. A closed thread is reopened by a new message.
 */
export async function appendMessage(tx: Tx, deps: Deps & { now: Date }, key: FirmDataKey, s: { firmId: string; threadId: string; author: Author; body: string; attachmentIds: string[]; source: 'app' | 'email' }): Promise<repo.MessageRow> {
  const [thread] = await tx.select().from(messageThreads).where(and(eq(messageThreads.firmId, s.firmId), eq(messageThreads.id, s.threadId))).for('update');
  if (!thread) throw notFound('That conversation');
  const seq = thread.lastSeq + 1;
  const id = randomUUID();
  const [row] = await tx
    .insert(messages)
    .values({ id, firmId: s.firmId, threadId: s.threadId, seq, authorKind: s.author.kind, authorId: s.author.id, authorName: s.author.name, body: sealText(key.dataKey, s.firmId, id, s.body), keyId: key.keyId, attachmentIds: s.attachmentIds, source: s.source, createdAt: deps.now })
    .returning();
  await tx.update(messageThreads).set({ lastSeq: seq, lastMessageAt: deps.now, status: 'open' }).where(and(eq(messageThreads.firmId, s.firmId), eq(messageThreads.id, s.threadId)));
  await repo.setRead(tx, { firmId: s.firmId, threadId: s.threadId, reader: s.author, name: s.author.name, seq, at: deps.now });
  await publishLive(tx, s.firmId, { kind: 'message', clientId: thread.clientId, data: { threadId: s.threadId, messageId: id, seq, authorKind: s.author.kind } });
  if (s.author.kind === 'client') await notifyClientMessage(tx, deps, { firmId: s.firmId, thread: { ...thread, lastSeq: seq }, author: s.author });
  else await notifyStaffReply(tx, deps, { firmId: s.firmId, thread: { ...thread, lastSeq: seq }, author: s.author });
  if (!row) throw new Error('message insert returned nothing');
  return row;
}

async function validLink(tx: Tx, ctx: Ctx, clientId: string, link: { kind: 'service' | 'task' | 'invoice'; id: string } | null | undefined) {
  if (!link) return null;
  const label = await repo.linkLabel(tx, { firmId: ctx.firmId, clientId, kind: link.kind, id: link.id, clientView: ctx.actor.kind === 'client' });
  if (label === undefined) throw new AppError('VALIDATION', `That ${link.kind} was not found for this client.`, { errors: [{ path: 'body.link.id', message: 'was not found' }] });
  return link;
}

export async function createThread(ctx: Ctx, body: z.output<typeof createThreadBodySchema> & { clientId?: string }): Promise<ThreadDto> {
  const key = await firmDataKey(ctx, ctx.firmId);
  const me = readerOf(ctx);
  await throttle(ctx, 'threads');
  const made = await ctx.db.withFirm(ctx.firmId, async (tx) => {
    const clientId = ctx.actor.kind === 'client' ? ctx.actor.clientId : body.clientId;
    if (!clientId || !(await repo.linkClientExists(tx, ctx.firmId, clientId))) throw new AppError('VALIDATION', 'That client was not found.', { errors: [{ path: 'body.clientId', message: 'was not found' }] });
    // A double click (or a retried request) is the same thread, not two: one author's creations are
    // serialised, and the same subject from them in the last 30 seconds is answered with that thread.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`thread-create:${me.kind}:${me.id}`}))`);
    const twin = await repo.recentThreadBy(tx, { firmId: ctx.firmId, clientId, author: me, subject: body.subject, since: new Date(ctx.now.getTime() - 30_000) });
    if (twin) return { id: twin };
    const link = await validLink(tx, ctx, clientId, body.link);
    const attachmentIds = await checkedAttachments(tx, ctx, clientId, body.attachmentIds);
    const [thread] = await tx
      .insert(messageThreads)
      .values({ firmId: ctx.firmId, clientId, subject: body.subject, linkKind: link?.kind ?? null, linkId: link?.id ?? null, createdByKind: ctx.actor.kind, lastMessageAt: ctx.now, createdAt: ctx.now })
      .returning();
    if (!thread) throw new Error('thread insert returned nothing');
    await appendMessage(tx, ctx, key, { firmId: ctx.firmId, threadId: thread.id, author: authorOf(ctx), body: body.body, attachmentIds, source: 'app' });
    await recordAudit(tx, { firmId: ctx.firmId, actorKind: ctx.actor.kind === 'staff' ? 'staff' : 'portal', actorId: readerOf(ctx).id, actorLabel: actorLabel(ctx.actor), action: 'message_thread.started', targetType: 'message_thread', targetId: thread.id, targetLabel: body.subject, ip: ctx.ip, details: { clientId } });
    return { id: thread.id };
  });
  return ctx.db.withFirm(ctx.firmId, (tx) => threadDto(tx, ctx, key.dataKey, made.id));
}

export async function postMessage(ctx: Ctx, threadId: string, body: { body: string; attachmentIds: string[] }): Promise<MessageDto> {
  const key = await firmDataKey(ctx, ctx.firmId);
  await throttle(ctx, 'messages');
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    const row = await repo.findThread(tx, { firmId: ctx.firmId, id: threadId, reader: readerOf(ctx), clientId: clientScope(ctx) });
    if (!row) throw notFound('That conversation');
    const attachmentIds = await checkedAttachments(tx, ctx, row.thread.clientId, body.attachmentIds);
    const msg = await appendMessage(tx, ctx, key, { firmId: ctx.firmId, threadId, author: authorOf(ctx), body: body.body, attachmentIds, source: 'app' });
    const [dto] = await messageDtos(tx, ctx, key.dataKey, [msg]);
    if (!dto) throw new Error('message vanished');
    return dto;
  });
}

/** The author corrects a message within 5 minutes of sending it; it shows "edited". */
export async function editMessage(ctx: Ctx, threadId: string, messageId: string, text: string): Promise<MessageDto> {
  const key = await firmDataKey(ctx, ctx.firmId);
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    const thread = await repo.findThread(tx, { firmId: ctx.firmId, id: threadId, reader: readerOf(ctx), clientId: clientScope(ctx) });
    if (!thread) throw notFound('That conversation');
    const [m] = await tx.select().from(messages).where(and(eq(messages.firmId, ctx.firmId), eq(messages.threadId, threadId), eq(messages.id, messageId))).for('update');
    if (!m) throw notFound('That message');
    const me = readerOf(ctx);
    if (m.authorKind !== me.kind || m.authorId !== me.id) throw new AppError('FORBIDDEN', 'Only the person who wrote a message can edit it.');
    if (m.redactedAt) throw new AppError('CONFLICT', 'This message was removed, so it cannot be edited.');
    if (m.source !== 'app' || ctx.now.getTime() - m.createdAt.getTime() > MESSAGE_EDIT_MINUTES * 60_000) {
      throw new AppError('CONFLICT', `A message can be edited for ${MESSAGE_EDIT_MINUTES} minutes after it is sent. Send a new message with the correction instead.`);
    }
    const [updated] = await tx.update(messages).set({ body: sealText(key.dataKey, ctx.firmId, m.id, text), keyId: key.keyId, editedAt: ctx.now }).where(and(eq(messages.firmId, ctx.firmId), eq(messages.id, m.id))).returning();
    await publishLive(tx, ctx.firmId, { kind: 'message_edited', clientId: thread.thread.clientId, data: { threadId, messageId, seq: m.seq } });
    const [dto] = await messageDtos(tx, ctx, key.dataKey, updated ? [updated] : []);
    if (!dto) throw new Error('message vanished');
    return dto;
  });
}

/** Staff remove a message's text (and attachments from view); who, when and why go to the audit log. Clients cannot delete. */
export async function redactMessage(ctx: StaffCtx, threadId: string, messageId: string, reason: string): Promise<MessageDto> {
  const key = await firmDataKey(ctx, ctx.firmId);
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    const [m] = await tx.select().from(messages).where(and(eq(messages.firmId, ctx.firmId), eq(messages.threadId, threadId), eq(messages.id, messageId))).for('update');
    if (!m) throw notFound('That message');
    if (m.redactedAt) throw new AppError('CONFLICT', 'This message has already been removed.');
    const ownMessage = m.authorKind === 'staff' && m.authorId === ctx.actor.userId;
    if (!ownMessage && ctx.actor.role === 'staff') throw new AppError('FORBIDDEN', 'Only an owner or admin can remove someone else’s message. You can remove your own.');
    const [updated] = await tx.update(messages).set({ body: sealText(key.dataKey, ctx.firmId, m.id, ''), keyId: key.keyId, redactedAt: ctx.now, redactedById: ctx.actor.userId }).where(and(eq(messages.firmId, ctx.firmId), eq(messages.id, m.id))).returning();
    const [thread] = await tx.select({ clientId: messageThreads.clientId, subject: messageThreads.subject }).from(messageThreads).where(and(eq(messageThreads.firmId, ctx.firmId), eq(messageThreads.id, threadId)));
    await recordAudit(tx, { firmId: ctx.firmId, actorKind: 'staff', actorId: ctx.actor.userId, actorLabel: actorLabel(ctx.actor), action: 'message.redacted', targetType: 'message', targetId: m.id, targetLabel: `${thread?.subject ?? 'conversation'} #${m.seq}`, ip: ctx.ip, details: { threadId, reason, author: m.authorName } });
    await publishLive(tx, ctx.firmId, { kind: 'message_redacted', clientId: thread?.clientId ?? null, data: { threadId, messageId, seq: m.seq } });
    const [dto] = await messageDtos(tx, ctx, key.dataKey, updated ? [updated] : []);
    if (!dto) throw new Error('message vanished');
    return dto;
  });
}

/**
 * Moves the caller's read position: to `seq` (default: the latest), or back one message from the
 * other side ("mark as unread"). The other side sees the receipt live; a staff member's bell notices
 * about the conversation are read with it.
 */
export async function markRead(ctx: Ctx, threadId: string, opts: { seq?: number; unread?: boolean }): Promise<ThreadSummary> {
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    const me = readerOf(ctx);
    const row = await repo.findThread(tx, { firmId: ctx.firmId, id: threadId, reader: me, clientId: clientScope(ctx) });
    if (!row) throw notFound('That conversation');
    let seq = Math.min(opts.seq ?? row.thread.lastSeq, row.thread.lastSeq);
    if (opts.unread) {
      const list = await repo.listMessages(tx, { firmId: ctx.firmId, threadId });
      const lastFromOther = [...list].reverse().find((m) => m.authorKind !== me.kind);
      if (!lastFromOther) throw new AppError('CONFLICT', 'There is no message from the other side to mark unread.');
      seq = lastFromOther.seq - 1;
    }
    await repo.setRead(tx, { firmId: ctx.firmId, threadId, reader: me, name: ctx.actor.name, seq, at: ctx.now });
    // Reading the conversation answers the bell's notices about it (marking it unread leaves them be).
    if (me.kind === 'staff' && !opts.unread) await markThreadNoticesRead(tx, { firmId: ctx.firmId, staffUserId: me.id, threadId, seq, at: ctx.now });
    await publishLive(tx, ctx.firmId, { kind: 'read', clientId: row.thread.clientId, data: { threadId, readerKind: me.kind, name: ctx.actor.name, lastReadSeq: seq, readAt: ctx.now.toISOString() } });
    const after = await repo.findThread(tx, { firmId: ctx.firmId, id: threadId, reader: me });
    if (!after) throw notFound('That conversation');
    return summaryOf(tx, ctx, after);
  });
}

export async function getThread(ctx: Ctx, id: string): Promise<ThreadDto> {
  const key = await firmDataKey(ctx, ctx.firmId);
  return ctx.db.withFirm(ctx.firmId, (tx) => threadDto(tx, ctx, key.dataKey, id));
}

export async function listStaffThreads(ctx: StaffCtx, q: z.output<typeof threadListQuerySchema>) {
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    const reader = readerOf(ctx);
    const { rows, total } = await repo.listThreads(tx, {
      firmId: ctx.firmId, reader, clientId: q.clientId, linkId: q.linkId, status: q.status === 'all' ? undefined : q.status,
      assignedTo: q.filter === 'assigned' ? ctx.actor.userId : undefined, unreadOnly: q.filter === 'unread', q: q.q || undefined,
      limit: q.pageSize, offset: (q.page - 1) * q.pageSize,
    });
    const items = [];
    for (const r of rows) items.push(await summaryOf(tx, ctx, r));
    return { items, total, page: q.page, pageSize: q.pageSize, unreadThreads: await repo.countUnreadThreads(tx, { firmId: ctx.firmId, reader }) };
  });
}

export async function listPortalThreads(ctx: ClientCtx, q: { linkId?: string }) {
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    const reader = readerOf(ctx);
    const { rows } = await repo.listThreads(tx, { firmId: ctx.firmId, reader, clientId: ctx.actor.clientId, linkId: q.linkId, limit: 200, offset: 0 });
    const items = [];
    for (const r of rows) items.push(await summaryOf(tx, ctx, r));
    return { items, unreadThreads: await repo.countUnreadThreads(tx, { firmId: ctx.firmId, reader, clientId: ctx.actor.clientId }) };
  });
}

export async function unreadCount(ctx: Ctx) {
  return ctx.db.withFirm(ctx.firmId, async (tx) => ({ unreadThreads: await repo.countUnreadThreads(tx, { firmId: ctx.firmId, reader: readerOf(ctx), clientId: clientScope(ctx) }) }));
}

/** Staff assign a thread to a team member (or nobody) and close or reopen it. */
export async function updateThread(ctx: StaffCtx, id: string, body: z.output<typeof updateThreadBodySchema>): Promise<ThreadDto> {
  const key = await firmDataKey(ctx, ctx.firmId);
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    const row = await repo.findThread(tx, { firmId: ctx.firmId, id, reader: readerOf(ctx), forUpdate: true });
    if (!row) throw notFound('That conversation');
    const set: Partial<repo.ThreadRow> = {};
    if (body.assignedStaffId !== undefined) {
      if (body.assignedStaffId !== null && !(await repo.activeStaff(tx, { firmId: ctx.firmId, id: body.assignedStaffId }))) {
        throw new AppError('VALIDATION', 'That team member was not found or no longer has access.', { errors: [{ path: 'body.assignedStaffId', message: 'was not found' }] });
      }
      set.assignedStaffId = body.assignedStaffId;
    }
    if (body.status !== undefined) set.status = body.status;
    await tx.update(messageThreads).set(set).where(and(eq(messageThreads.firmId, ctx.firmId), eq(messageThreads.id, id)));
    await recordAudit(tx, { firmId: ctx.firmId, actorKind: 'staff', actorId: ctx.actor.userId, actorLabel: actorLabel(ctx.actor), action: 'message_thread.updated', targetType: 'message_thread', targetId: id, targetLabel: row.thread.subject, ip: ctx.ip, details: body });
    await publishLive(tx, ctx.firmId, { kind: 'thread', clientId: body.status !== undefined ? row.thread.clientId : null, data: { threadId: id } });
    return threadDto(tx, ctx, key.dataKey, id);
  });
}
