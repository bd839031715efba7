import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { firms } from './firms.js';
import { clients, staffUsers } from './people.js';
import { services } from './work.js';

/** Who the invoice is from and to, as it was when issued. */
export interface InvoiceSnapshot {
  firm: { legalName: string; tradingName: string | null; abn: string | null; supportEmail: string | null; supportPhone: string | null };
  client: { name: string; abn: string | null; email: string | null };
}

/**
 * Each firm's next invoice number. Issuing takes the row lock (UPDATE … RETURNING) in the issuing
 * transaction, so two staff issuing at once get consecutive numbers and a failed transaction
 * burns none (the increment rolls back with it).
 */
export const invoiceCounters = pgTable('invoice_counters', {
  firmId: uuid('firm_id').primaryKey().references(() => firms.id),
  nextNumber: integer('next_number').notNull().default(1),
});

/** An invoice or an adjustment note (credit note). Issued ones are immutable: corrections are adjustment notes. */
export const invoices = pgTable(
  'invoices',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    clientId: uuid('client_id').notNull().references(() => clients.id),
    kind: text('kind').$type<'invoice' | 'adjustment_note'>().notNull().default('invoice'),
    /** Null while a draft; "INV-000123" / "ADJ-000004" once issued (numbers shared by both kinds, per firm). */
    number: text('number'),
    sequence: integer('sequence'),
    status: text('status').$type<'draft' | 'issued' | 'void'>().notNull().default('draft'),
    priceMode: text('price_mode').$type<'exclusive' | 'inclusive'>().notNull().default('exclusive'),
    /** Frozen at issue: whether the firm charged GST (a "Tax invoice") or not (an "Invoice"). */
    gstRegistered: boolean('gst_registered').notNull().default(true),
    issueDate: date('issue_date', { mode: 'string' }),
    dueDate: date('due_date', { mode: 'string' }),
    notes: text('notes').notNull().default(''),
    subtotalCents: bigint('subtotal_cents', { mode: 'number' }).notNull().default(0),
    gstCents: bigint('gst_cents', { mode: 'number' }).notNull().default(0),
    totalCents: bigint('total_cents', { mode: 'number' }).notNull().default(0),
    paidCents: bigint('paid_cents', { mode: 'number' }).notNull().default(0),
    /** Reduced by adjustment notes issued against this invoice (what is owed = total − paid − credited). */
    creditedCents: bigint('credited_cents', { mode: 'number' }).notNull().default(0),
    /** For an adjustment note: the invoice it corrects, and why. */
    originalInvoiceId: uuid('original_invoice_id'),
    reason: text('reason'),
    /** Frozen at issue (tax-invoice content must not change when the client or firm record does). */
    snapshot: jsonb('snapshot').$type<InvoiceSnapshot>(),
    version: integer('version').notNull().default(1),
    createdById: uuid('created_by_id').references(() => staffUsers.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    issuedAt: timestamp('issued_at', { withTimezone: true }),
    voidedAt: timestamp('voided_at', { withTimezone: true }),
    paidAt: timestamp('paid_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('invoices_firm_number_key').on(t.firmId, t.number),
    uniqueIndex('invoices_firm_sequence_key').on(t.firmId, t.sequence),
    index('invoices_firm_client_idx').on(t.firmId, t.clientId, t.createdAt),
    index('invoices_firm_status_due_idx').on(t.firmId, t.status, t.dueDate),
  ],
);

export const invoiceLines = pgTable(
  'invoice_lines',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    invoiceId: uuid('invoice_id').notNull().references(() => invoices.id),
    position: integer('position').notNull(),
    description: text('description').notNull(),
    serviceId: uuid('service_id').references(() => services.id),
    quantityMilli: bigint('quantity_milli', { mode: 'number' }).notNull(),
    unitPriceCents: bigint('unit_price_cents', { mode: 'number' }).notNull(),
    gst: text('gst').$type<'taxable' | 'gst_free'>().notNull(),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
  },
  (t) => [uniqueIndex('invoice_lines_invoice_position_key').on(t.firmId, t.invoiceId, t.position)],
);

/** One Pay Now: the eWay access code we created and what eWay answered (never card data). */
export const paymentAttempts = pgTable(
  'payment_attempts',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    invoiceId: uuid('invoice_id').notNull().references(() => invoices.id),
    clientId: uuid('client_id').notNull().references(() => clients.id),
    /** Our unique per-attempt reference, sent to eWay as Payment.InvoiceReference. */
    reference: text('reference').notNull(),
    accessCode: text('access_code'),
    sharedPaymentUrl: text('shared_payment_url'),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    status: text('status').$type<'pending' | 'succeeded' | 'declined' | 'failed' | 'cancelled' | 'expired'>().notNull().default('pending'),
    responseCode: text('response_code'),
    responseMessage: text('response_message'),
    errors: text('errors'),
    transactionId: text('transaction_id'),
    portalUserId: uuid('portal_user_id'),
    checks: integer('checks').notNull().default(0),
    lastCheckedAt: timestamp('last_checked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    settledAt: timestamp('settled_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('payment_attempts_reference_key').on(t.reference),
    uniqueIndex('payment_attempts_access_code_key').on(t.accessCode),
    index('payment_attempts_firm_invoice_idx').on(t.firmId, t.invoiceId, t.createdAt),
    index('payment_attempts_pending_idx').on(t.status, t.createdAt),
  ],
);

/** Money received against an invoice: by card through eWay, or recorded by staff (bank transfer…). */
export const payments = pgTable(
  'payments',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    invoiceId: uuid('invoice_id').notNull().references(() => invoices.id),
    clientId: uuid('client_id').notNull().references(() => clients.id),
    method: text('method').$type<'card' | 'bank_transfer' | 'cash' | 'other'>().notNull(),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    receivedOn: date('received_on', { mode: 'string' }).notNull(),
    reference: text('reference'),
    /** eWay's transaction id: unique, so one card transaction can never be recorded twice. */
    gatewayTransactionId: text('gateway_transaction_id'),
    attemptId: uuid('attempt_id').references(() => paymentAttempts.id),
    recordedByStaffId: uuid('recorded_by_staff_id').references(() => staffUsers.id),
    recordedByLabel: text('recorded_by_label').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('payments_gateway_transaction_key').on(t.gatewayTransactionId),
    uniqueIndex('payments_attempt_key').on(t.attemptId),
    index('payments_firm_invoice_idx').on(t.firmId, t.invoiceId),
    index('payments_firm_created_idx').on(t.firmId, t.createdAt),
  ],
);

/** A reminder e-mail sent for an invoice, one row per (invoice, schedule offset): never two for one event. */
export const invoiceReminders = pgTable(
  'invoice_reminders',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    invoiceId: uuid('invoice_id').notNull().references(() => invoices.id),
    /** Days relative to the due date: -3 = three days before, 7 = a week after. */
    offsetDays: integer('offset_days').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('invoice_reminders_invoice_offset_key').on(t.firmId, t.invoiceId, t.offsetDays)],
);
