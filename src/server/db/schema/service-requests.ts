import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { bytea, firms } from './firms.js';
import { messageThreads } from './messages.js';
import { clients, portalUsers, staffUsers } from './people.js';
import { serviceTemplates, services } from './work.js';

/** A client's Request Service. The description is sealed with the firm's key like a message body. */
export const serviceRequests = pgTable(
  'service_requests',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    clientId: uuid('client_id').notNull().references(() => clients.id),
    portalUserId: uuid('portal_user_id').notNull().references(() => portalUsers.id),
    requestedByName: text('requested_by_name').notNull(),
    templateId: uuid('template_id').references(() => serviceTemplates.id),
    /** The category as the client chose it (the template's name then, or "Something else"). */
    category: text('category').notNull(),
    description: bytea('description').notNull(),
    keyId: text('key_id').notNull(),
    attachmentIds: jsonb('attachment_ids').$type<string[]>().notNull().default([]),
    status: text('status').$type<'submitted' | 'in_discussion' | 'proposed' | 'accepted' | 'declined'>().notNull().default('submitted'),
    threadId: uuid('thread_id').references(() => messageThreads.id),
    serviceId: uuid('service_id').references(() => services.id),
    declineReason: text('decline_reason'),
    decidedById: uuid('decided_by_id').references(() => staffUsers.id),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('service_requests_firm_status_idx').on(t.firmId, t.status, t.createdAt), index('service_requests_firm_client_idx').on(t.firmId, t.clientId, t.createdAt)],
);
