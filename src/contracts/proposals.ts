import { z } from 'zod';
import { abnInputSchema, clientTypeSchema } from './clients.js';
import { CONTROL_OR_BIDI_OVERRIDE, emailSchema, nameSchema, pageQuerySchema, uuidSchema } from './common.js';
import { isoDateSchema } from './work.js';

/**
 * Proposals with e-signature (issue 7). Staff build a proposal for a client (introduction, scope and
 * price of each item, optional items the client may tick, engagement-letter terms, expiry, signers);
 * sending freezes it as a version and e-mails each signer a direct signing link. Every signer signs
 * (in the portal or from the link); when the last one has, the chosen services are created and, if
 * the proposal says so, a first invoice for the one-off items is issued. Money is integer cents,
 * GST-exclusive on input; GST is worked out by the one rule in gst.ts.
 */

/** $10,000,000 per line is more than any engagement a practice prices. */
export const MAX_PROPOSAL_LINE_CENTS = 10_000_000_00;
export const MAX_PROPOSAL_ITEMS = 50;

export const proposalStatuses = ['draft', 'sent', 'accepted', 'declined', 'withdrawn', 'expired'] as const;
export const proposalStatusSchema = z.enum(proposalStatuses);
export type ProposalStatus = z.infer<typeof proposalStatusSchema>;
export const proposalStatusLabels: Record<ProposalStatus, string> = {
  draft: 'Draft', sent: 'Awaiting signature', accepted: 'Accepted', declined: 'Declined', withdrawn: 'Withdrawn', expired: 'Expired',
};

export const proposalItemKinds = ['one_off', 'monthly', 'quarterly', 'annual'] as const;
export const proposalItemKindSchema = z.enum(proposalItemKinds);
export type ProposalItemKind = z.infer<typeof proposalItemKindSchema>;
export const proposalItemKindLabels: Record<ProposalItemKind, string> = { one_off: 'One-off', monthly: 'Monthly', quarterly: 'Quarterly', annual: 'Annual' };

/** How a signer proved who they were when an event was recorded. */
export const signerAuthMethods = ['portal_session', 'email_link', 'email_link_otp', 'staff'] as const;
export type SignerAuthMethod = (typeof signerAuthMethods)[number];
export const signerAuthMethodLabels: Record<SignerAuthMethod, string> = {
  portal_session: 'Signed in to the client portal', email_link: 'E-mailed signing link', email_link_otp: 'E-mailed link and one-time code', staff: 'Firm staff',
};

export const proposalEventKinds = ['sent', 'viewed', 'consented', 'signed', 'declined', 'withdrawn', 'completed'] as const;
export type ProposalEventKind = (typeof proposalEventKinds)[number];

/**
 * The consent the signer gives before signing (Electronic Transactions Act 1999 (Cth) s 10(1)(d)).
 * The exact text, with its version, is recorded in the `consented` event.
 */
/** consent-2026-02: "drawn signature" became "the signature I draw or type" (signers may type it). */
export const SIGNING_CONSENT_VERSION = 'consent-2026-02';
export const SIGNING_CONSENT_TEXT =
  'I agree to sign this proposal electronically. I understand that my typed name and the signature I draw or type are my signature, ' +
  'that they have the same effect as signing on paper, and that a record of my signing (time, IP address and device) is kept with the signed document.';
/** What pressing Accept and sign means (the intention, s 10(1)(a)). */
export const SIGNING_INTENT_TEXT = 'By pressing Accept and sign I accept this proposal and its terms.';

const textBlock = (max: number) => z.string().max(max, `has at most ${max.toLocaleString('en-AU')} characters`);

export const proposalItemInputSchema = z
  .object({
    description: z.string().trim().min(1, 'is required').max(200),
    scope: textBlock(4000).default(''),
    /** The firm's service template the item becomes on acceptance; null for work that is not a service (e.g. a set-up fee). */
    serviceTemplateId: uuidSchema.nullable().default(null),
    kind: proposalItemKindSchema,
    /** Thousandths: 1 = 1000. */
    quantityMilli: z.number().int().min(1, 'must be more than 0').max(1_000_000),
    /** GST-exclusive. */
    unitPriceCents: z.number().int().min(0, 'must be $0 or more').max(MAX_PROPOSAL_LINE_CENTS, 'is more than $10,000,000'),
    gst: z.enum(['taxable', 'gst_free']).default('taxable'),
    /** The client may tick it or leave it out. */
    optional: z.boolean().default(false),
  })
  .strict()
  .refine((l) => l.quantityMilli * l.unitPriceCents <= MAX_PROPOSAL_LINE_CENTS * 1000, { message: 'the line comes to more than $10,000,000', path: ['unitPriceCents'] });
export type ProposalItemInput = z.input<typeof proposalItemInputSchema>;

/** A signer: one of the client's portal users, or a name and e-mail address. */
export const proposalSignerInputSchema = z.union([
  z.object({ portalUserId: uuidSchema }).strict(),
  z.object({ name: nameSchema, email: emailSchema }).strict(),
]);
export type ProposalSignerInput = z.input<typeof proposalSignerInputSchema>;

const contentFields = {
  title: nameSchema,
  intro: textBlock(10_000).default(''),
  /** Engagement-letter text; merge fields {{client.name}}, {{firm.legalName}}, {{firm.abn}}, {{proposal.expiresOn}} are filled in on send. */
  terms: textBlock(50_000).default(''),
  items: z.array(proposalItemInputSchema).min(1, 'a proposal needs at least one item').max(MAX_PROPOSAL_ITEMS, `a proposal has at most ${MAX_PROPOSAL_ITEMS} items`),
  signers: z.array(proposalSignerInputSchema).min(1, 'a proposal needs at least one signer').max(10, 'at most 10 signers'),
  expiresOn: isoDateSchema,
  /** Issue a first invoice for the chosen one-off items when the proposal is accepted. */
  invoiceOnAcceptance: z.boolean().default(false),
};

/**
 * A prospect: a business or person who is not yet a client. The proposal's signers are names and
 * e-mail addresses; on acceptance the client is made from these fields and each signer is invited to
 * the portal. A name that matches an existing client is allowed: the client made is always new.
 */
export const proposalProspectSchema = z.object({ name: nameSchema, type: clientTypeSchema, abn: abnInputSchema.optional() }).strict();
export type ProposalProspectInput = z.input<typeof proposalProspectSchema>;

/** For one of the firm's clients (`clientId`) or for a prospect (`prospect`): exactly one of the two. */
export const createProposalBodySchema = z
  .object({ clientId: uuidSchema.optional(), prospect: proposalProspectSchema.optional(), ...contentFields })
  .strict()
  .superRefine((v, ctx) => {
    if (v.clientId && v.prospect) ctx.addIssue({ code: 'custom', path: ['prospect'], message: 'a proposal is for a client or for a prospect, not both' });
    if (!v.clientId && !v.prospect) ctx.addIssue({ code: 'custom', path: ['clientId'], message: 'choose a client, or enter the prospect' });
  });
export type CreateProposalBody = z.input<typeof createProposalBodySchema>;

export const updateProposalBodySchema = z
  .object({
    version: z.number().int().min(1),
    title: contentFields.title.optional(),
    intro: textBlock(10_000).optional(),
    terms: textBlock(50_000).optional(),
    items: contentFields.items.optional(),
    signers: contentFields.signers.optional(),
    expiresOn: isoDateSchema.optional(),
    invoiceOnAcceptance: z.boolean().optional(),
    /** Only for a proposal made for a prospect. */
    prospect: proposalProspectSchema.optional(),
  })
  .strict();
export type UpdateProposalBody = z.input<typeof updateProposalBodySchema>;

/** Send, withdraw and revise carry the version the person was looking at. */
export const proposalVersionBodySchema = z.object({ version: z.number().int().min(1) }).strict();

export const proposalListQuerySchema = pageQuerySchema.extend({ status: proposalStatusSchema.optional(), clientId: uuidSchema.optional() }).strict();

// ---------------------------------------------------------------------------------------------
// What staff and signers see.

export const proposalItemSchema = z.object({
  id: z.string(),
  description: z.string(),
  scope: z.string(),
  serviceTemplateId: uuidSchema.nullable(),
  kind: proposalItemKindSchema,
  quantityMilli: z.number().int(),
  unitPriceCents: z.number().int(),
  gst: z.enum(['taxable', 'gst_free']),
  optional: z.boolean(),
  /** quantity × unit price, GST-exclusive, rounded to the cent. */
  amountCents: z.number().int(),
  gstCents: z.number().int(),
});
export type ProposalItem = z.infer<typeof proposalItemSchema>;

/** Totals per kind (one-off, monthly, …), GST shown; optional items counted only when chosen. */
export const proposalTotalsSchema = z.array(z.object({ kind: proposalItemKindSchema, subtotalCents: z.number().int(), gstCents: z.number().int(), totalCents: z.number().int() }));

export const proposalSignerSchema = z.object({
  id: uuidSchema,
  name: z.string(),
  email: z.string(),
  portalUserId: uuidSchema.nullable(),
  status: z.enum(['pending', 'signed', 'declined']),
  sentAt: z.string().nullable(),
  viewedAt: z.string().nullable(),
  signedAt: z.string().nullable(),
  declinedAt: z.string().nullable(),
  declineReason: z.string().nullable(),
});
export type ProposalSigner = z.infer<typeof proposalSignerSchema>;

export const proposalEventSchema = z.object({
  seq: z.number().int(),
  kind: z.enum(proposalEventKinds),
  version: z.number().int(),
  signerName: z.string().nullable(),
  signerEmail: z.string().nullable(),
  authMethod: z.enum(signerAuthMethods).nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  at: z.string(),
  hash: z.string(),
});

export const proposalSummarySchema = z.object({
  id: uuidSchema,
  /** The client (id null while the proposal is for a prospect: then the name is the prospect's). */
  client: z.object({ id: uuidSchema.nullable(), name: z.string() }),
  /** Set while the proposal is for a prospect; on acceptance the client is made and this is null. */
  prospect: z.object({ name: z.string(), type: clientTypeSchema, abn: z.string().nullable() }).nullable(),
  title: z.string(),
  status: proposalStatusSchema,
  /** The version sent last (0 while never sent). */
  currentVersion: z.number().int(),
  expiresOn: z.string(),
  oneOffTotalCents: z.number().int(),
  signersSigned: z.number().int(),
  signersTotal: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type ProposalSummary = z.infer<typeof proposalSummarySchema>;
export const proposalListSchema = z.object({ items: z.array(proposalSummarySchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

/** The proposal's content: the draft, or (once sent) the frozen version with merge fields filled in. */
export const proposalContentSchema = z.object({
  title: z.string(),
  intro: z.string(),
  terms: z.string(),
  items: z.array(proposalItemSchema),
  totals: proposalTotalsSchema,
  expiresOn: z.string(),
  invoiceOnAcceptance: z.boolean(),
  firm: z.object({ legalName: z.string(), displayName: z.string(), abn: z.string().nullable() }),
  clientName: z.string(),
});
export type ProposalContent = z.infer<typeof proposalContentSchema>;

export const proposalDetailSchema = proposalSummarySchema.extend({
  content: proposalContentSchema,
  /** The draft's signers as entered (staff only). */
  signerInputs: z.array(z.object({ portalUserId: uuidSchema.nullable(), name: z.string(), email: z.string() })),
  signers: z.array(proposalSignerSchema),
  /** Items the signers chose, once the first has signed (ids from content.items). */
  chosenOptionalItemIds: z.array(z.string()).nullable(),
  versions: z.array(z.object({ version: z.number().int(), sentAt: z.string(), documentSha256: z.string() })),
  events: z.array(proposalEventSchema),
  invoiceOnAcceptance: z.boolean(),
  acceptedAt: z.string().nullable(),
  /** What acceptance made. */
  serviceIds: z.array(uuidSchema),
  /** The same services with their names (a service deleted since is left out). */
  services: z.array(z.object({ id: uuidSchema, name: z.string() })),
  invoiceId: uuidSchema.nullable(),
  /** The signed PDF with its certificate of completion, in the client's documents. */
  signedDocumentId: uuidSchema.nullable(),
  signedPdfSha256: z.string().nullable(),
  verificationCode: z.string().nullable(),
  sourceRequestId: uuidSchema.nullable(),
});
export type ProposalDetail = z.infer<typeof proposalDetailSchema>;

/** A template for a common Australian engagement; `create` takes its fields with a client and signers added. */
export const proposalTemplateSchema = z.object({
  key: z.string(),
  title: z.string(),
  intro: z.string(),
  terms: z.string(),
  items: z.array(proposalItemInputSchema),
  validDays: z.number().int(),
});
export const proposalTemplateListSchema = z.object({ items: z.array(proposalTemplateSchema) });
export type ProposalTemplate = z.infer<typeof proposalTemplateSchema>;

// ---------------------------------------------------------------------------------------------
// Signing (portal and e-mailed link).

/** A signature image: a PNG as a data URL (`data:image/png;base64,…`) or bare base64; at most 300 kB. */
export const signatureImageSchema = z.string().min(1, 'is required').max(420_000, 'is larger than 300 kB');

export const acceptProposalBodySchema = z
  .object({
    /** The signer ticked the consent (SIGNING_CONSENT_TEXT); the server records the exact text. */
    consent: z.literal(true, { message: 'tick the box to agree to sign electronically' }),
    fullName: z.string().trim().min(1, 'type your full name').max(200).refine((s) => !CONTROL_OR_BIDI_OVERRIDE.test(s), 'cannot contain line breaks, control characters or text-direction overrides'),
    signature: signatureImageSchema,
    /** Optional items the signer chose (ids from content.items). */
    chosenOptionalItemIds: z.array(z.string().max(64)).max(MAX_PROPOSAL_ITEMS).default([]),
    /** The version the signer was shown; a newer version means they must look again. */
    proposalVersion: z.number().int().min(1),
  })
  .strict();
export type AcceptProposalBody = z.input<typeof acceptProposalBodySchema>;

export const declineProposalBodySchema = z.object({ reason: z.string().trim().max(1000).default(''), proposalVersion: z.number().int().min(1) }).strict();

/** What a signer sees, in the portal or from a link. */
export const signerProposalSchema = z.object({
  id: uuidSchema,
  firmName: z.string(),
  status: proposalStatusSchema,
  proposalVersion: z.number().int(),
  content: proposalContentSchema,
  /** The signer this view is for (null in the portal for a client user who is not a signer: they may read but not sign). */
  me: proposalSignerSchema.nullable(),
  signers: z.array(z.object({ name: z.string(), status: z.enum(['pending', 'signed', 'declined']), signedAt: z.string().nullable() })),
  chosenOptionalItemIds: z.array(z.string()).nullable(),
  canSign: z.boolean(),
  consentText: z.string(),
  intentText: z.string(),
  /** Once complete: the signed PDF in the client's documents (portal) — null from a link. */
  signedDocumentId: uuidSchema.nullable(),
  /**
   * From an e-mailed link when the firm asks for a one-time code (firm setting proposalSigningOtp) and
   * this signing session has not entered it yet: POST /signing/otp, then /signing/otp/verify, before
   * accept or decline (which answer 403 until then). Always false in the portal.
   */
  otpRequired: z.boolean(),
});
export type SignerProposal = z.infer<typeof signerProposalSchema>;
export const portalProposalListSchema = z.object({
  items: z.array(z.object({ id: uuidSchema, title: z.string(), status: proposalStatusSchema, expiresOn: z.string(), sentAt: z.string().nullable(), canSign: z.boolean() })),
});

/** Exchanges the e-mailed token (from the link's #token= fragment) for a 30-minute signing session cookie. */
export const openSigningLinkBodySchema = z.object({ token: z.string().min(1).max(200) }).strict();
/**
 * POST /api/public/signed-copy: the e-mailed download token (from the link's #token= fragment) → the
 * signed PDF as an attachment. 30 days, any number of times; every unusable token is the same 404.
 */
export const signedCopyBodySchema = z.object({ token: z.string().min(1).max(200) }).strict();
export const signingSessionReplySchema = z.object({ csrfToken: z.string(), expiresAt: z.string(), otpRequired: z.boolean() });

/** The e-mailed one-time code before signing: 6 digits, 10 minutes, 5 tries, single use, bound to the signing session. */
export const SIGNING_OTP_MINUTES = 10;
export const SIGNING_OTP_MAX_ATTEMPTS = 5;
/** POST /api/public/signing/otp → a new code e-mailed to the signer (any earlier one stops working). */
export const signingOtpSentSchema = z.object({ sentTo: z.string(), expiresAt: z.string() });
/** POST /api/public/signing/otp/verify. Wrong: 400 (with the tries left); expired, used, none asked for or 5 wrong tries: 409 (ask for a new code). */
export const verifySigningOtpBodySchema = z.object({ code: z.string().trim().regex(/^\d{6}$/, 'is the 6 digits from the e-mail') }).strict();
export const signingOtpVerifiedSchema = z.object({ verified: z.literal(true) });

// ---------------------------------------------------------------------------------------------
// Verification.

export const verificationResultSchema = z.object({
  result: z.enum(['intact', 'altered', 'unknown']),
  message: z.string(),
  sha256: z.string(),
  proposal: z.object({ id: uuidSchema, title: z.string(), clientName: z.string(), verificationCode: z.string(), completedAt: z.string().nullable() }).nullable(),
  /** The evidence chain recomputed from the stored events. */
  chainIntact: z.boolean().nullable(),
});
export type VerificationResult = z.infer<typeof verificationResultSchema>;

/** The keys of the proposal templates (GET /proposal-templates). */
export const proposalTemplateKeys = ['annual_compliance', 'bas_quarterly', 'smsf_annual'] as const;

/**
 * POST /api/staff/service-requests/:id/propose: a draft proposal pre-filled from the request. `version`
 * is the request's; `templateKey` picks the proposal template (default: the one for the kind of work
 * asked for, else one item named after it, priced $0 for staff to fill in).
 */
export const proposalFromRequestBodySchema = z.object({ version: z.number().int().min(1), templateKey: z.enum(proposalTemplateKeys).optional() }).strict();
