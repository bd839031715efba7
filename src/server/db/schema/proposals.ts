import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { bytea, firms } from './firms.js';
import { clients, portalUsers, staffUsers } from './people.js';
import { serviceRequests } from './service-requests.js';
import { documents } from './documents.js';
import { invoices } from './invoices.js';

export interface ProposalSignerDef { portalUserId: string | null; name: string; email: string }
/** Who a proposal is for when they are not yet a client; they become one when it is accepted. */
export interface ProposalProspectDef { name: string; type: 'individual' | 'company' | 'trust' | 'partnership' | 'smsf' | 'sole_trader'; abn: string | null }

/**
 * A proposal. While a draft, its content (intro, terms, items) is one JSON document sealed with the
 * firm's key; each send freezes it into proposal_versions. Status `expired` is never stored: it is
 * `sent` past `expires_on` in the firm's time zone.
 */
export const proposals = pgTable(
  'proposals',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    /** Null while the proposal is for a prospect; set (to the client made from it) on acceptance. */
    clientId: uuid('client_id').references(() => clients.id),
    /** A prospect (not yet a client): exactly one of client_id and prospect is set. */
    prospect: jsonb('prospect').$type<ProposalProspectDef>(),
    title: text('title').notNull(),
    status: text('status').$type<'draft' | 'sent' | 'accepted' | 'declined' | 'withdrawn'>().notNull().default('draft'),
    /** The version sent last; 0 while never sent. */
    currentVersion: integer('current_version').notNull().default(0),
    expiresOn: date('expires_on', { mode: 'string' }).notNull(),
    invoiceOnAcceptance: boolean('invoice_on_acceptance').notNull().default(false),
    /** Sealed JSON {intro, terms, items}: the draft being edited. */
    content: bytea('content').notNull(),
    keyId: text('key_id').notNull(),
    signers: jsonb('signers').$type<ProposalSignerDef[]>().notNull(),
    oneOffTotalCents: integer('one_off_total_cents').notNull().default(0),
    /** Set by the first signature of the current version; later signers sign the same choice. */
    chosenOptionalItemIds: jsonb('chosen_optional_item_ids').$type<string[]>(),
    createdById: uuid('created_by_id').notNull().references(() => staffUsers.id),
    sourceRequestId: uuid('source_request_id').references(() => serviceRequests.id),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    serviceIds: jsonb('service_ids').$type<string[]>().notNull().default([]),
    invoiceId: uuid('invoice_id').references(() => invoices.id),
    signedDocumentId: uuid('signed_document_id').references(() => documents.id),
    signedPdfSha256: text('signed_pdf_sha256'),
    verificationCode: text('verification_code'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('proposals_firm_status_idx').on(t.firmId, t.status, t.createdAt),
    index('proposals_firm_client_idx').on(t.firmId, t.clientId, t.createdAt),
    uniqueIndex('proposals_verification_code_key').on(t.verificationCode),
    index('proposals_signed_pdf_sha256_idx').on(t.signedPdfSha256),
    check('proposals_client_or_prospect', sql`(${t.clientId} is null) <> (${t.prospect} is null)`),
  ],
);

/** A sent version, frozen: the sealed snapshot (merge fields filled in, totals worked out) and the SHA-256 of its PDF. */
export const proposalVersions = pgTable(
  'proposal_versions',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    proposalId: uuid('proposal_id').notNull().references(() => proposals.id),
    version: integer('version').notNull(),
    snapshot: bytea('snapshot').notNull(),
    keyId: text('key_id').notNull(),
    documentSha256: text('document_sha256').notNull(),
    sentById: uuid('sent_by_id').notNull().references(() => staffUsers.id),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('proposal_versions_proposal_version_key').on(t.firmId, t.proposalId, t.version)],
);

/** One signer of one version. The drawn signature is sealed with the firm's key. */
export const proposalSigners = pgTable(
  'proposal_signers',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    proposalId: uuid('proposal_id').notNull().references(() => proposals.id),
    version: integer('version').notNull(),
    position: integer('position').notNull(),
    portalUserId: uuid('portal_user_id').references(() => portalUsers.id),
    name: text('name').notNull(),
    email: text('email').notNull(),
    status: text('status').$type<'pending' | 'signed' | 'declined'>().notNull().default('pending'),
    signedName: text('signed_name'),
    signature: bytea('signature'),
    declineReason: text('decline_reason'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    remindersSent: integer('reminders_sent').notNull().default(0),
    lastRemindedAt: timestamp('last_reminded_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('proposal_signers_proposal_idx').on(t.firmId, t.proposalId, t.version)],
);

/**
 * E-mailed signing links: the token's SHA-256 only, bound to one signer of one version. Opening one
 * starts a 30-minute signing session (its own hashed id and CSRF token on the same row).
 */
export const signingLinks = pgTable(
  'signing_links',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    proposalId: uuid('proposal_id').notNull().references(() => proposals.id),
    signerId: uuid('signer_id').notNull().references(() => proposalSigners.id),
    version: integer('version').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    sessionHash: text('session_hash'),
    sessionCsrf: text('session_csrf'),
    sessionExpiresAt: timestamp('session_expires_at', { withTimezone: true }),
    /** The e-mailed one-time code of this signing session (firm setting proposalSigningOtp): its HMAC only, 10 minutes, 5 tries, single use. Reset when the link is opened again. */
    otpHash: text('otp_hash'),
    otpExpiresAt: timestamp('otp_expires_at', { withTimezone: true }),
    otpAttempts: integer('otp_attempts').notNull().default(0),
    /** When this signing session's code was entered correctly: its events then record `email_link_otp`. */
    otpVerifiedAt: timestamp('otp_verified_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('signing_links_token_hash_key').on(t.tokenHash), uniqueIndex('signing_links_session_hash_key').on(t.sessionHash), index('signing_links_proposal_idx').on(t.firmId, t.proposalId)],
);

/** The evidence trail: append-only, each row chained to the proposal's previous one by SHA-256. */
export const proposalEvents = pgTable(
  'proposal_events',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    proposalId: uuid('proposal_id').notNull().references(() => proposals.id),
    seq: integer('seq').notNull(),
    version: integer('version').notNull(),
    kind: text('kind').$type<'sent' | 'viewed' | 'consented' | 'signed' | 'declined' | 'withdrawn' | 'completed'>().notNull(),
    signerId: uuid('signer_id'),
    signerName: text('signer_name'),
    signerEmail: text('signer_email'),
    authMethod: text('auth_method').$type<'portal_session' | 'email_link' | 'email_link_otp' | 'staff'>(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp('at', { withTimezone: true }).notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [uniqueIndex('proposal_events_proposal_seq_key').on(t.firmId, t.proposalId, t.seq)],
);

/**
 * A download link for the signed PDF, e-mailed on completion to a signer without a portal account:
 * the token's SHA-256 only, bound to one signer and the signed document, 30 days, usable many times
 * in that period; it stops working if the proposal's signed document is no longer this one.
 */
export const signedCopyLinks = pgTable(
  'signed_copy_links',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    proposalId: uuid('proposal_id').notNull().references(() => proposals.id),
    signerId: uuid('signer_id').notNull().references(() => proposalSigners.id),
    documentId: uuid('document_id').notNull().references(() => documents.id),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    useCount: integer('use_count').notNull().default(0),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('signed_copy_links_token_hash_key').on(t.tokenHash), index('signed_copy_links_proposal_idx').on(t.firmId, t.proposalId)],
);
