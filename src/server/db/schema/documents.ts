import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { firms } from './firms.js';
import { clients, staffUsers } from './people.js';
import { services, taskQuestions, tasks } from './work.js';

/** Each firm's data key, stored only wrapped by the master key (platform/crypto/envelope.ts). */
export const firmDataKeys = pgTable('firm_data_keys', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  firmId: uuid('firm_id').notNull().unique().references(() => firms.id),
  /** WrappedDataKey.version */
  version: integer('version').notNull(),
  /** The id of the master key that sealed the data key (masterKeyId). */
  keyId: text('key_id').notNull(),
  /** base64 nonce ‖ ciphertext ‖ tag */
  sealed: text('sealed').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A stored file: metadata here, the encrypted body in the blob store under storage_key. */
export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    clientId: uuid('client_id').notNull().references(() => clients.id),
    serviceId: uuid('service_id').references(() => services.id),
    taskId: uuid('task_id').references(() => tasks.id),
    /** The document request ("Please upload" question) this answers. */
    requestId: uuid('request_id').references(() => taskQuestions.id),
    /** 1, 2, … per request (uploading again keeps earlier versions); 1 otherwise. */
    version: integer('version').notNull().default(1),
    uploadedByKind: text('uploaded_by_kind').$type<'staff' | 'portal'>().notNull(),
    uploadedById: uuid('uploaded_by_id').notNull(),
    uploadedByName: text('uploaded_by_name').notNull().default(''),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull().unique(),
    /** The master key id of the firm data key that sealed the file (for rotation bookkeeping). */
    keyId: text('key_id').notNull(),
    /** available → deleted (hidden, kept for the retention window) → purged (blob destroyed). */
    status: text('status').$type<'available' | 'deleted' | 'purged'>().notNull().default('available'),
    visibleToClient: boolean('visible_to_client').notNull().default(true),
    category: text('category'),
    scanStatus: text('scan_status').$type<'not_scanned' | 'clean'>().notNull().default('not_scanned'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewedById: uuid('reviewed_by_id').references(() => staffUsers.id),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    deletedById: uuid('deleted_by_id').references(() => staffUsers.id),
    purgedAt: timestamp('purged_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('documents_firm_client_idx').on(t.firmId, t.clientId, t.createdAt),
    index('documents_firm_task_idx').on(t.firmId, t.taskId),
    index('documents_firm_deleted_idx').on(t.firmId, t.status, t.deletedAt),
    // Two uploads racing to one request get versions n and n+1, never the same number.
    uniqueIndex('documents_request_version_key').on(t.firmId, t.requestId, t.version),
  ],
);
