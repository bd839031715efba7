import { and, desc, eq, gt, ilike, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { clients, documents, invoices, messages, messageThreads, services, staffUsers, tasks, threadReads } from '../../db/schema/index.js';

export type ThreadRow = typeof messageThreads.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;
export type Reader = { kind: 'staff' | 'client'; id: string };

/** Escapes LIKE wildcards so a search for "50%" finds "50%". */
const likeTerm = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Messages from the other side after the reader's position. */
const unreadExpr = (reader: Reader) => sql<number>`(
  select count(*)::int from ${messages} m
  where m.firm_id = ${messageThreads.firmId} and m.thread_id = ${messageThreads.id} and m.author_kind <> ${reader.kind}
    and m.seq > coalesce((select r.last_read_seq from ${threadReads} r where r.firm_id = ${messageThreads.firmId} and r.thread_id = ${messageThreads.id}
      and r.reader_kind = ${reader.kind} and r.reader_id = ${reader.id}), 0))`;

const threadColumns = (reader: Reader) => ({
  thread: messageThreads,
  clientName: clients.name,
  assigneeName: staffUsers.name,
  unread: unreadExpr(reader),
  lastAuthorKind: sql<'staff' | 'client' | null>`(select m.author_kind from ${messages} m where m.firm_id = ${messageThreads.firmId} and m.thread_id = ${messageThreads.id} order by m.seq desc limit 1)`,
  lastAuthorId: sql<string | null>`(select m.author_id from ${messages} m where m.firm_id = ${messageThreads.firmId} and m.thread_id = ${messageThreads.id} order by m.seq desc limit 1)`,
  lastAuthorName: sql<string | null>`(select m.author_name from ${messages} m where m.firm_id = ${messageThreads.firmId} and m.thread_id = ${messageThreads.id} order by m.seq desc limit 1)`,
});
export type ThreadListRow = { thread: ThreadRow; clientName: string; assigneeName: string | null; unread: number; lastAuthorKind: 'staff' | 'client' | null; lastAuthorId: string | null; lastAuthorName: string | null };

export async function listThreads(
  tx: Tx,
  s: { firmId: string; reader: Reader; clientId?: string; linkId?: string; status?: 'open' | 'closed'; assignedTo?: string; unreadOnly?: boolean; q?: string; limit: number; offset: number },
): Promise<{ rows: ThreadListRow[]; total: number }> {
  const where: (SQL | undefined)[] = [
    eq(messageThreads.firmId, s.firmId),
    s.clientId ? eq(messageThreads.clientId, s.clientId) : undefined,
    s.linkId ? eq(messageThreads.linkId, s.linkId) : undefined,
    s.status ? eq(messageThreads.status, s.status) : undefined,
    s.assignedTo ? or(eq(messageThreads.assignedStaffId, s.assignedTo), and(sql`${messageThreads.assignedStaffId} is null`, eq(clients.assignedStaffId, s.assignedTo))) : undefined,
    s.unreadOnly ? sql`${unreadExpr(s.reader)} > 0` : undefined,
    s.q ? or(ilike(messageThreads.subject, likeTerm(s.q)), ilike(clients.name, likeTerm(s.q))) : undefined,
  ];
  const base = tx
    .select(threadColumns(s.reader))
    .from(messageThreads)
    .innerJoin(clients, and(eq(clients.id, messageThreads.clientId), eq(clients.firmId, messageThreads.firmId)))
    .leftJoin(staffUsers, and(eq(staffUsers.id, messageThreads.assignedStaffId), eq(staffUsers.firmId, messageThreads.firmId)))
    .where(and(...where));
  const rows = await base.orderBy(desc(messageThreads.lastMessageAt), desc(messageThreads.id)).limit(s.limit).offset(s.offset);
  const [{ n } = { n: 0 }] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(messageThreads)
    .innerJoin(clients, and(eq(clients.id, messageThreads.clientId), eq(clients.firmId, messageThreads.firmId)))
    .where(and(...where));
  return { rows: rows as ThreadListRow[], total: Number(n) };
}

export async function countUnreadThreads(tx: Tx, s: { firmId: string; reader: Reader; clientId?: string }): Promise<number> {
  const [{ n } = { n: 0 }] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(messageThreads)
    .where(and(eq(messageThreads.firmId, s.firmId), s.clientId ? eq(messageThreads.clientId, s.clientId) : undefined, sql`${unreadExpr(s.reader)} > 0`));
  return Number(n);
}

export async function findThread(tx: Tx, s: { firmId: string; id: string; reader: Reader; clientId?: string; forUpdate?: boolean }): Promise<ThreadListRow | undefined> {
  if (s.forUpdate) {
    const [locked] = await tx.select({ id: messageThreads.id }).from(messageThreads).where(and(eq(messageThreads.firmId, s.firmId), eq(messageThreads.id, s.id))).for('update');
    if (!locked) return undefined;
  }
  const [row] = await tx
    .select(threadColumns(s.reader))
    .from(messageThreads)
    .innerJoin(clients, and(eq(clients.id, messageThreads.clientId), eq(clients.firmId, messageThreads.firmId)))
    .leftJoin(staffUsers, and(eq(staffUsers.id, messageThreads.assignedStaffId), eq(staffUsers.firmId, messageThreads.firmId)))
    .where(and(eq(messageThreads.firmId, s.firmId), eq(messageThreads.id, s.id), s.clientId ? eq(messageThreads.clientId, s.clientId) : undefined));
  return row as ThreadListRow | undefined;
}

export async function listMessages(tx: Tx, s: { firmId: string; threadId: string; afterSeq?: number }): Promise<MessageRow[]> {
  return tx.select().from(messages).where(and(eq(messages.firmId, s.firmId), eq(messages.threadId, s.threadId), s.afterSeq ? gt(messages.seq, s.afterSeq) : undefined)).orderBy(messages.seq);
}

/** The thread this person started for this client with this subject since `since`, if any (a double click). */
export async function recentThreadBy(tx: Tx, s: { firmId: string; clientId: string; author: Reader; subject: string; since: Date }): Promise<string | undefined> {
  const [r] = await tx
    .select({ id: messageThreads.id })
    .from(messageThreads)
    .innerJoin(messages, and(eq(messages.firmId, messageThreads.firmId), eq(messages.threadId, messageThreads.id), eq(messages.seq, 1)))
    .where(and(
      eq(messageThreads.firmId, s.firmId), eq(messageThreads.clientId, s.clientId), eq(messageThreads.subject, s.subject),
      eq(messages.authorKind, s.author.kind), eq(messages.authorId, s.author.id), gt(messageThreads.createdAt, s.since),
    ))
    .limit(1);
  return r?.id;
}

export async function readsOf(tx: Tx, s: { firmId: string; threadId: string }) {
  return tx.select().from(threadReads).where(and(eq(threadReads.firmId, s.firmId), eq(threadReads.threadId, s.threadId)));
}

export async function setRead(tx: Tx, s: { firmId: string; threadId: string; reader: Reader; name: string; seq: number; at: Date }) {
  await tx
    .insert(threadReads)
    .values({ firmId: s.firmId, threadId: s.threadId, readerKind: s.reader.kind, readerId: s.reader.id, readerName: s.name, lastReadSeq: s.seq, readAt: s.at })
    .onConflictDoUpdate({ target: [threadReads.firmId, threadReads.threadId, threadReads.readerKind, threadReads.readerId], set: { lastReadSeq: s.seq, readAt: s.at, readerName: s.name } });
}

/** The documents of this client a message may attach: available ones, and for a client only those they can see. */
export async function attachableDocuments(tx: Tx, s: { firmId: string; clientId: string; ids: string[]; clientView: boolean }) {
  if (s.ids.length === 0) return [];
  return tx
    .select({ id: documents.id, fileName: documents.fileName, sizeBytes: documents.sizeBytes, contentType: documents.contentType, visibleToClient: documents.visibleToClient })
    .from(documents)
    .where(and(eq(documents.firmId, s.firmId), eq(documents.clientId, s.clientId), inArray(documents.id, s.ids), eq(documents.status, 'available'), s.clientView ? eq(documents.visibleToClient, true) : undefined));
}

export async function shareDocuments(tx: Tx, s: { firmId: string; ids: string[] }) {
  if (s.ids.length > 0) await tx.update(documents).set({ visibleToClient: true }).where(and(eq(documents.firmId, s.firmId), inArray(documents.id, s.ids)));
}

/** The label of a thread's link (service or task name, invoice number), or undefined when it is not the client's or not theirs to see. */
export async function linkLabel(tx: Tx, s: { firmId: string; clientId: string; kind: 'service' | 'task' | 'invoice'; id: string; clientView: boolean }): Promise<string | undefined> {
  if (s.kind === 'service') {
    const [r] = await tx.select({ name: services.name, visible: services.visibleToClient }).from(services).where(and(eq(services.firmId, s.firmId), eq(services.clientId, s.clientId), eq(services.id, s.id)));
    return r && (!s.clientView || r.visible) ? r.name : undefined;
  }
  if (s.kind === 'task') {
    const [r] = await tx
      .select({ name: tasks.name, visible: services.visibleToClient })
      .from(tasks)
      .innerJoin(services, and(eq(services.id, tasks.serviceId), eq(services.firmId, tasks.firmId)))
      .where(and(eq(tasks.firmId, s.firmId), eq(tasks.clientId, s.clientId), eq(tasks.id, s.id)));
    return r && (!s.clientView || r.visible) ? r.name : undefined;
  }
  const [r] = await tx.select({ number: invoices.number, status: invoices.status }).from(invoices).where(and(eq(invoices.firmId, s.firmId), eq(invoices.clientId, s.clientId), eq(invoices.id, s.id)));
  return r && (!s.clientView || r.status === 'issued') ? (r.number ?? 'Draft invoice') : undefined;
}

export async function activeStaff(tx: Tx, s: { firmId: string; id: string }) {
  const [r] = await tx.select({ id: staffUsers.id, name: staffUsers.name, email: staffUsers.email }).from(staffUsers).where(and(eq(staffUsers.firmId, s.firmId), eq(staffUsers.id, s.id), eq(staffUsers.status, 'active')));
  return r;
}

export async function otherReadersThan(tx: Tx, s: { firmId: string; threadId: string; kind: 'staff' | 'client' }) {
  return tx.select().from(threadReads).where(and(eq(threadReads.firmId, s.firmId), eq(threadReads.threadId, s.threadId), ne(threadReads.readerKind, s.kind)));
}

export async function linkClientExists(tx: Tx, firmId: string, clientId: string): Promise<boolean> {
  const [r] = await tx.select({ id: clients.id }).from(clients).where(and(eq(clients.firmId, firmId), eq(clients.id, clientId)));
  return Boolean(r);
}
