import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { firms } from './firms.js';

/** Server-side sessions: only the SHA-256 of the cookie value is stored. */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    tokenHash: text('token_hash').notNull().unique(),
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    kind: text('kind').$type<'staff' | 'portal'>().notNull(),
    userId: uuid('user_id').notNull(),
    csrfToken: text('csrf_token').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_firm_user_idx').on(t.firmId, t.userId)],
);

/** Links sent by e-mail (invitations, password resets, e-mail changes): purpose-bound, single use, only the hash stored. */
export const linkTokens = pgTable(
  'link_tokens',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    tokenHash: text('token_hash').notNull().unique(),
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    purpose: text('purpose').$type<'portal_invitation' | 'staff_invitation' | 'password_reset' | 'email_change'>().notNull(),
    userKind: text('user_kind').$type<'staff' | 'portal'>().notNull(),
    userId: uuid('user_id').notNull(),
    /** For 'email_change': the address the change will set once the link is confirmed. */
    newEmail: text('new_email'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('link_tokens_firm_user_idx').on(t.firmId, t.userId, t.purpose)],
);

/** Fixed-window counters for login throttling, shared by every instance. Not tenant data. */
export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  count: integer('count').notNull(),
  resetAt: timestamp('reset_at', { withTimezone: true }).notNull(),
});
