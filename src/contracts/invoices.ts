import { z } from 'zod';
import { pageQuerySchema, uuidSchema } from './common.js';
import { isoDateSchema } from './work.js';

/** Invoices (issue: invoices and payments). Money is integer cents; quantities are thousandths. */

export const MAX_LINE_CENTS = 1_000_000_000_00; // $1 billion per line is more than any firm bills

export const invoiceLineInputSchema = z
  .object({
    description: z.string().trim().min(1, 'is required').max(500),
    serviceId: uuidSchema.nullable().optional(),
    /** 1 = 1000; 1.5 hours = 1500. */
    quantityMilli: z.number().int().min(1, 'must be more than 0').max(1_000_000_000),
    unitPriceCents: z.number().int().min(0, 'must be $0 or more').max(MAX_LINE_CENTS),
    gst: z.enum(['taxable', 'gst_free']).default('taxable'),
  })
  .strict()
  .refine((l) => l.quantityMilli * l.unitPriceCents <= MAX_LINE_CENTS * 1000, { message: 'the line comes to more than $1,000,000,000', path: ['unitPriceCents'] });

export const createInvoiceBodySchema = z
  .object({
    clientId: uuidSchema,
    priceMode: z.enum(['exclusive', 'inclusive']).default('exclusive'),
    /** Omit to use the firm's terms from the issue date. */
    dueDate: isoDateSchema.nullable().optional(),
    notes: z.string().max(2000).default(''),
    lines: z.array(invoiceLineInputSchema).min(1, 'an invoice needs at least one line').max(100),
  })
  .strict();
export type CreateInvoiceBody = z.input<typeof createInvoiceBodySchema>;

export const updateInvoiceBodySchema = z
  .object({
    version: z.number().int().min(1),
    priceMode: z.enum(['exclusive', 'inclusive']).optional(),
    dueDate: isoDateSchema.nullable().optional(),
    notes: z.string().max(2000).optional(),
    lines: z.array(invoiceLineInputSchema).min(1, 'an invoice needs at least one line').max(100).optional(),
  })
  .strict();

export const versionBodySchema = z.object({ version: z.number().int().min(1) }).strict();

/** An adjustment note (credit) against an issued invoice: lines priced like the invoice; at most what is still owed. */
export const createAdjustmentBodySchema = z
  .object({
    reason: z.string().trim().min(1, 'is required').max(500),
    lines: z.array(invoiceLineInputSchema).min(1, 'an adjustment note needs at least one line').max(100),
  })
  .strict();
export const voidInvoiceBodySchema = z.object({ version: z.number().int().min(1), reason: z.string().trim().min(1, 'is required').max(500) }).strict();

/**
 * What people see: staff see every state; clients never see drafts, and see "Unpaid" for part-paid.
 * "Credited": nothing was paid and adjustment notes cleared the balance; "Issued": an adjustment note.
 */
export const invoiceDisplayStatuses = ['draft', 'unpaid', 'partially_paid', 'overdue', 'paid', 'credited', 'issued', 'void'] as const;
export const invoiceDisplayStatusSchema = z.enum(invoiceDisplayStatuses);
export type InvoiceDisplayStatus = z.infer<typeof invoiceDisplayStatusSchema>;
export const invoiceStatusLabels: Record<InvoiceDisplayStatus, string> = {
  draft: 'Draft', unpaid: 'Unpaid', partially_paid: 'Partially paid', overdue: 'Overdue', paid: 'Paid', credited: 'Credited', issued: 'Issued', void: 'Void',
};

export const invoiceLineSchema = z.object({
  id: uuidSchema,
  description: z.string(),
  serviceId: uuidSchema.nullable(),
  serviceName: z.string().nullable(),
  quantityMilli: z.number().int(),
  unitPriceCents: z.number().int(),
  gst: z.enum(['taxable', 'gst_free']),
  amountCents: z.number().int(),
});

export const invoiceSchema = z.object({
  id: uuidSchema,
  kind: z.enum(['invoice', 'adjustment_note']),
  number: z.string().nullable(),
  /** "Tax invoice" when the firm charges GST, else "Invoice"; "Adjustment note" for credits. */
  title: z.string(),
  status: invoiceDisplayStatusSchema,
  client: z.object({ id: uuidSchema, name: z.string() }),
  priceMode: z.enum(['exclusive', 'inclusive']),
  gstRegistered: z.boolean(),
  issueDate: z.string().nullable(),
  dueDate: z.string().nullable(),
  notes: z.string(),
  /** Who it is from and to, as frozen when issued (null on drafts): the tax-invoice identities. */
  supplier: z.object({ legalName: z.string(), tradingName: z.string().nullable(), abn: z.string().nullable() }).nullable(),
  recipient: z.object({ name: z.string(), abn: z.string().nullable() }).nullable(),
  /** For an adjustment note: the invoice it adjusts and why. */
  adjusts: z.object({ id: uuidSchema, number: z.string().nullable(), reason: z.string() }).nullable(),
  /** For an invoice: the adjustment notes issued against it, oldest first. */
  adjustments: z.array(z.object({ id: uuidSchema, number: z.string().nullable(), issueDate: z.string().nullable(), totalCents: z.number().int(), reason: z.string() })),
  /** Reductions by adjustment notes (an invoice's balance is total − paid − credited). */
  creditedCents: z.number().int(),
  lines: z.array(invoiceLineSchema),
  subtotalCents: z.number().int(),
  gstCents: z.number().int(),
  totalCents: z.number().int(),
  paidCents: z.number().int(),
  balanceCents: z.number().int(),
  version: z.number().int(),
  createdAt: z.string(),
  issuedAt: z.string().nullable(),
});
export type InvoiceDto = z.infer<typeof invoiceSchema>;

export const invoiceSummarySchema = invoiceSchema.omit({ lines: true, notes: true, supplier: true, recipient: true, adjusts: true, adjustments: true });
export type InvoiceSummary = z.infer<typeof invoiceSummarySchema>;

/** Who a "Resend" went to (the client's active portal users who have not turned invoice e-mails off). */
export const resendInvoiceResponseSchema = z.object({ sentTo: z.array(z.string()) });

export const invoiceListQuerySchema = pageQuerySchema
  .extend({
    status: invoiceDisplayStatusSchema.optional(),
    clientId: uuidSchema.optional(),
    from: isoDateSchema.optional(),
    to: isoDateSchema.optional(),
  })
  .strict();

export const invoiceListSchema = z.object({
  items: z.array(invoiceSummarySchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Across the whole firm (not the filter): what clients owe, and how much of it is overdue. */
  outstandingCents: z.number().int(),
  overdueCents: z.number().int(),
});

export const portalInvoiceListSchema = z.object({ items: z.array(invoiceSummarySchema) });

// ---- Payments ------------------------------------------------------------------------------

export const paymentSchema = z.object({
  id: uuidSchema,
  invoiceId: uuidSchema,
  invoiceNumber: z.string().nullable(),
  clientName: z.string(),
  method: z.enum(['card', 'bank_transfer', 'cash', 'other']),
  amountCents: z.number().int(),
  receivedOn: z.string(),
  /** eWay's transaction id for card payments; the staff member's reference otherwise. */
  reference: z.string().nullable(),
  recordedBy: z.string(),
  createdAt: z.string(),
});
export type PaymentDto = z.infer<typeof paymentSchema>;

/** One Pay Now attempt (never card data): what eWay answered. */
export const paymentAttemptSchema = z.object({
  id: uuidSchema,
  status: z.enum(['pending', 'succeeded', 'declined', 'failed', 'cancelled', 'expired']),
  amountCents: z.number().int(),
  /** eWay's response codes and words, e.g. "D4405 Do Not Honour". */
  result: z.string().nullable(),
  createdAt: z.string(),
  settledAt: z.string().nullable(),
});

export const invoicePaymentsSchema = z.object({ payments: z.array(paymentSchema), attempts: z.array(paymentAttemptSchema) });

export const recordPaymentBodySchema = z
  .object({
    amountCents: z.number().int().min(1, 'must be more than $0.00'),
    receivedOn: isoDateSchema,
    method: z.enum(['bank_transfer', 'cash', 'other']).default('bank_transfer'),
    reference: z.string().trim().max(200).default(''),
  })
  .strict();

export const paymentListQuerySchema = pageQuerySchema.extend({ clientId: uuidSchema.optional() }).strict();
export const paymentListSchema = z.object({ items: z.array(paymentSchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

/** POST /api/portal/:slug/invoices/:id/pay → where to send the browser (eWay's secure payment page). */
export const payNowResponseSchema = z.object({ redirectUrl: z.string() });

/** After eWay, the browser lands on the invoice with ?payment=<outcome> (and a message for a decline). */
export const paymentOutcomes = ['paid', 'declined', 'cancelled', 'pending', 'error'] as const;

/** eWay Rapid response codes we name to people (shared/domain §1.4). */
export const ewayCodeMessages: Record<string, string> = {
  A2000: 'Transaction Approved', A2008: 'Honour With Identification', A2010: 'Approved For Partial Amount', A2011: 'Approved, VIP', A2016: 'Approved, Update Track 3',
  D4405: 'Do Not Honour', D4451: 'Insufficient Funds', D4454: 'Expired Card', D4482: 'CVV Validation Error', D4494: 'Duplicate Transaction',
  S5099: 'Incomplete (Access Code in progress/incomplete)', S5010: 'Unknown gateway error',
  V6011: 'Invalid Payment TotalAmount', V6021: 'Cardholder name required', V6033: 'Invalid Expiry Date', V6107: 'Invalid access code', V6110: 'Invalid card number',
};

/** "D4405 Do Not Honour" for each code; only well-formed Rapid codes are kept (they may come from an address). */
export function describeEwayCodes(codes: string[]): string {
  return codes.filter((c) => /^[ADFSV]\d{4}$/.test(c)).map((c) => (ewayCodeMessages[c] ? `${c} ${ewayCodeMessages[c]}` : c)).join(', ');
}
