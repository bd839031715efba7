import { sql } from 'drizzle-orm';
import { bigint, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { bytea, firms } from './firms.js';

/**
 * A person's TOTP secret (staff or portal): sealed with the firm's data key (`firm id ‖ totp:kind:user`
 * as associated data). `enabledAt` null = enrolment started but not confirmed. `lastUsedStep` is the
 * last 30-second step accepted, so a code (and any older one) works once.
 */
export const twoFactorSecrets = pgTable(
  'two_factor_secrets',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    userKind: text('user_kind').$type<'staff' | 'portal'>().notNull(),
    userId: uuid('user_id').notNull(),
    secretSealed: bytea('secret_sealed').notNull(),
    keyId: text('key_id').notNull(),
    enabledAt: timestamp('enabled_at', { withTimezone: true }),
    lastUsedStep: bigint('last_used_step', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('two_factor_secrets_user_key').on(t.firmId, t.userKind, t.userId)],
);

/** Single-use recovery codes: only the SHA-256 of each (high-entropy) code is stored. */
export const twoFactorRecoveryCodes = pgTable(
  'two_factor_recovery_codes',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    userKind: text('user_kind').$type<'staff' | 'portal'>().notNull(),
    userId: uuid('user_id').notNull(),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('two_factor_recovery_codes_user_idx').on(t.firmId, t.userKind, t.userId)],
);

/** Password accepted, code still due: a 5-minute single-use token (hash only) bound to the person. */
export const pendingLogins = pgTable(
  'pending_logins',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    tokenHash: text('token_hash').notNull().unique(),
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    userKind: text('user_kind').$type<'staff' | 'portal'>().notNull(),
    userId: uuid('user_id').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('pending_logins_firm_user_idx').on(t.firmId, t.userId)],
);

/** "Remember this device for 30 days": the cookie's token hash, bound to the person, revocable. */
export const trustedDevices = pgTable(
  'trusted_devices',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    tokenHash: text('token_hash').notNull().unique(),
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    userKind: text('user_kind').$type<'staff' | 'portal'>().notNull(),
    userId: uuid('user_id').notNull(),
    userAgent: text('user_agent'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('trusted_devices_firm_user_idx').on(t.firmId, t.userKind, t.userId)],
);
