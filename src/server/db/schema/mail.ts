import { date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { firms } from './firms.js';

/** Transactional outbox: written in the same transaction as the change that causes the e-mail. */
export const outboxEmails = pgTable(
  'outbox_emails',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    clientId: uuid('client_id'),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    kind: text('kind').notNull(),
    toAddress: text('to_address').notNull(),
    /** A per-recipient reply address (reply by e-mail to a message thread), else the From address. */
    replyTo: text('reply_to'),
    /** An optional e-mail's one-click unsubscribe URL (RFC 8058 List-Unsubscribe); null for security e-mails. */
    unsubscribeUrl: text('unsubscribe_url'),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body').notNull(),
    /** `skipped`: not sent on purpose when it came due (its `last_error` says why), e.g. the message was read in the app first. */
    status: text('status').$type<'pending' | 'sending' | 'sent' | 'failed' | 'skipped'>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    index('outbox_emails_firm_client_idx').on(t.firmId, t.clientId, t.createdAt),
    index('outbox_emails_due_idx').on(t.status, t.nextAttemptAt),
  ],
);

export const outboxAttempts = pgTable(
  'outbox_attempts',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    emailId: uuid('email_id').notNull().references(() => outboxEmails.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    ok: text('ok').$type<'yes' | 'no'>().notNull(),
    detail: text('detail'),
  },
  (t) => [index('outbox_attempts_firm_email_idx').on(t.firmId, t.emailId)],
);

/**
 * One-click unsubscribe links in optional e-mails: bound to one person and one event (or
 * `daily_digest`); only the SHA-256 of the token is stored. Using one turns that preference off.
 */
export const unsubscribeTokens = pgTable(
  'unsubscribe_tokens',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    tokenHash: text('token_hash').notNull().unique(),
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    userKind: text('user_kind').$type<'staff' | 'portal'>().notNull(),
    userId: uuid('user_id').notNull(),
    event: text('event').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
);

/** An optional e-mail held for a person's daily digest instead of being sent: what it was about and a link, nothing more. */
export const digestItems = pgTable(
  'digest_items',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    userKind: text('user_kind').$type<'staff' | 'portal'>().notNull(),
    userId: uuid('user_id').notNull(),
    event: text('event').notNull(),
    /** The held e-mail's idempotency key: the same event is held once. */
    idempotencyKey: text('idempotency_key').notNull().unique(),
    summary: text('summary').notNull(),
    link: text('link'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    digestRunId: uuid('digest_run_id'),
  },
  (t) => [index('digest_items_pending_idx').on(t.firmId, t.digestRunId, t.createdAt)],
);

/** The claim for one person's digest on one firm-local day: inserted before the e-mail, so it goes once. */
export const digestRuns = pgTable(
  'digest_runs',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    userKind: text('user_kind').$type<'staff' | 'portal'>().notNull(),
    userId: uuid('user_id').notNull(),
    localDate: date('local_date', { mode: 'string' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('digest_runs_person_day_key').on(t.firmId, t.userKind, t.userId, t.localDate)],
);
