import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
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
