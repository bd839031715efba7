import { sql } from 'drizzle-orm';
import { boolean, integer, jsonb, customType, pgTable, text, timestamp, uuid, uniqueIndex } from 'drizzle-orm/pg-core';

export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => Buffer.from(v),
});

/** Firms are the tenants. Readable by every request (branding is public); writable only by the firm itself (RLS). */
export const firms = pgTable(
  'firms',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    slug: text('slug').notNull(),
    legalName: text('legal_name').notNull(),
    tradingName: text('trading_name'),
    abn: text('abn'),
    timeZone: text('time_zone').notNull().default('Australia/Sydney'),
    displayName: text('display_name').notNull(),
    primaryColour: text('primary_colour').notNull().default('#0F766E'),
    supportEmail: text('support_email'),
    supportPhone: text('support_phone'),
    logo: bytea('logo'),
    logoContentType: text('logo_content_type'),
    logoUpdatedAt: timestamp('logo_updated_at', { withTimezone: true }),
    isDemo: boolean("is_demo").notNull().default(false),
    /** Whether uploads may be ZIP archives (checked for size, entries and encryption). */
    allowZip: boolean('allow_zip').notNull().default(false),
    /** The firm's own upload limit in MB; null = the server's MAX_UPLOAD_BYTES. */
    maxUploadMb: integer('max_upload_mb'),
    /** Registered for GST: invoices are "Tax invoice" with GST; otherwise "Invoice" without GST. */
    gstRegistered: boolean('gst_registered').notNull().default(true),
    /** Default payment terms for new invoices, in days. */
    invoiceTermsDays: integer('invoice_terms_days').notNull().default(14),
    /** Reminder e-mails for unpaid invoices, in days relative to the due date (negative = before). */
    invoiceReminderDays: jsonb('invoice_reminder_days').$type<number[]>().notNull().default([-3, 1, 7, 14]),
    /** A signer from an e-mailed link must enter a one-time code e-mailed to them before accepting or declining a proposal. */
    proposalSigningOtp: boolean('proposal_signing_otp').notNull().default(false),
    /** Staff must use two-factor sign-in: staff without it are sent to enrol right after signing in (on for new firms). */
    requireStaffTwoFactor: boolean('require_staff_two_factor').notNull().default(true),
    /** Portal users must use two-factor sign-in (off by default). */
    requirePortalTwoFactor: boolean('require_portal_two_factor').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('firms_slug_key').on(t.slug)],
);
