import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { firms } from './firms.js';

/** Staff e-mail addresses are unique across all firms: staff sign in at one /app address. */
export const staffUsers = pgTable(
  'staff_users',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    email: text('email').notNull(),
    name: text('name').notNull(),
    /** E.164 (or 13/1300/1800 digits), see contracts/phone.ts; set from the profile. */
    phone: text('phone'),
    role: text('role').$type<'owner' | 'admin' | 'staff'>().notNull(),
    status: text('status').$type<'invited' | 'active' | 'disabled'>().notNull(),
    passwordHash: text('password_hash'),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('staff_users_email_key').on(t.email), index('staff_users_firm_idx').on(t.firmId, t.name)],
);

export const clients = pgTable(
  'clients',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    type: text('type').$type<'individual' | 'company' | 'trust' | 'partnership' | 'smsf' | 'sole_trader'>().notNull(),
    name: text('name').notNull(),
    abn: text('abn'),
    acn: text('acn'),
    email: text('email'),
    phone: text('phone'),
    address: text('address'),
    assignedStaffId: uuid('assigned_staff_id').references(() => staffUsers.id),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('clients_firm_name_idx').on(t.firmId, t.name)],
);

/** A person who signs in to a firm's portal for one client. One e-mail may exist in two firms as two accounts. */
export const portalUsers = pgTable(
  'portal_users',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    clientId: uuid('client_id').notNull().references(() => clients.id),
    email: text('email').notNull(),
    name: text('name').notNull(),
    phone: text('phone'),
    status: text('status').$type<'not_invited' | 'invited' | 'active' | 'disabled'>().notNull(),
    passwordHash: text('password_hash'),
    invitedAt: timestamp('invited_at', { withTimezone: true }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('portal_users_firm_email_key').on(t.firmId, t.email),
    index('portal_users_firm_client_idx').on(t.firmId, t.clientId),
  ],
);
