import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { bytea, firms } from './firms.js';
import { clients, staffUsers } from './people.js';

/** A conversation between one client and the firm, optionally about a service, task or invoice. */
export const messageThreads = pgTable(
  'message_threads',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    clientId: uuid('client_id').notNull().references(() => clients.id),
    /** Metadata, not the conversation: kept in clear so the staff inbox can search it. */
    subject: text('subject').notNull(),
    linkKind: text('link_kind').$type<'service' | 'task' | 'invoice'>(),
    linkId: uuid('link_id'),
    assignedStaffId: uuid('assigned_staff_id').references(() => staffUsers.id),
    status: text('status').$type<'open' | 'closed'>().notNull().default('open'),
    /** The number of the latest message (messages are numbered 1, 2, 3… within a thread). */
    lastSeq: integer('last_seq').notNull().default(0),
    lastMessageAt: timestamp('last_message_at', { withTimezone: true }).notNull().defaultNow(),
    createdByKind: text('created_by_kind').$type<'staff' | 'client'>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('message_threads_firm_client_idx').on(t.firmId, t.clientId, t.lastMessageAt), index('message_threads_firm_last_idx').on(t.firmId, t.lastMessageAt)],
);

/** One message. The body is sealed with the firm's data key (AES-256-GCM, firm ‖ message id as associated data). */
export const messages = pgTable(
  'messages',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    threadId: uuid('thread_id').notNull().references(() => messageThreads.id),
    seq: integer('seq').notNull(),
    authorKind: text('author_kind').$type<'staff' | 'client'>().notNull(),
    /** staff_users.id or portal_users.id. */
    authorId: uuid('author_id').notNull(),
    authorName: text('author_name').notNull(),
    body: bytea('body').notNull(),
    keyId: text('key_id').notNull(),
    /** Documents attached (ids in the documents table, same client). */
    attachmentIds: jsonb('attachment_ids').$type<string[]>().notNull().default([]),
    source: text('source').$type<'app' | 'email'>().notNull().default('app'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    editedAt: timestamp('edited_at', { withTimezone: true }),
    redactedAt: timestamp('redacted_at', { withTimezone: true }),
    redactedById: uuid('redacted_by_id').references(() => staffUsers.id),
  },
  (t) => [uniqueIndex('messages_thread_seq_key').on(t.firmId, t.threadId, t.seq)],
);

/** How far each person has read a thread: the number of the last message they saw, and when. */
export const threadReads = pgTable(
  'thread_reads',
  {
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    threadId: uuid('thread_id').notNull().references(() => messageThreads.id),
    readerKind: text('reader_kind').$type<'staff' | 'client'>().notNull(),
    readerId: uuid('reader_id').notNull(),
    readerName: text('reader_name').notNull(),
    lastReadSeq: integer('last_read_seq').notNull().default(0),
    readAt: timestamp('read_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.firmId, t.threadId, t.readerKind, t.readerId] })],
);

/**
 * The reply-to address of one notification e-mail: `reply+<token>@MAIL_DOMAIN`. The token (128 bits)
 * is stored hashed, bound to a thread and to the one person the e-mail went to.
 */
export const messageReplyTokens = pgTable(
  'message_reply_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    threadId: uuid('thread_id').notNull().references(() => messageThreads.id),
    recipientKind: text('recipient_kind').$type<'staff' | 'client'>().notNull(),
    recipientId: uuid('recipient_id').notNull(),
    email: text('email').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('message_reply_tokens_firm_thread_idx').on(t.firmId, t.threadId)],
);

// message_email_receipts (reply by e-mail: one row per posted e-mail, keyed by its hashed Message-ID,
// so a redelivered reply posts once) is declared in migration 0019 only; reply-by-email.ts uses SQL.

/** Each firm's next live-event number: taken under the row lock, so events commit in number order. */
export const liveEventCounters = pgTable('live_event_counters', {
  firmId: uuid('firm_id').primaryKey().references(() => firms.id),
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull().default(0),
});

/**
 * What Server-Sent Events replay: a new message, an edit, a read receipt, a thread change. The number
 * is the SSE event id; a reconnecting browser sends Last-Event-ID and gets everything after it.
 * Events hold ids, never message text.
 */
export const liveEvents = pgTable(
  'live_events',
  {
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    /** Null: staff only (e.g. assignment); set: also that client's portal users. */
    clientId: uuid('client_id'),
    kind: text('kind').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.firmId, t.seq] }), index('live_events_created_idx').on(t.createdAt)],
);
