import { z } from 'zod';
import { emailSchema, nameSchema, optionalEmailSchema, uuidSchema } from './common.js';
import { isValidAbn, isValidAcn } from './identifiers.js';
import { normaliseAustralianPhone } from './phone.js';

export const clientTypes = ['individual', 'company', 'trust', 'partnership', 'smsf', 'sole_trader'] as const;
export const clientTypeSchema = z.enum(clientTypes);
export type ClientType = z.infer<typeof clientTypeSchema>;
export const clientTypeLabels: Record<ClientType, string> = {
  individual: 'Individual',
  company: 'Company',
  trust: 'Trust',
  partnership: 'Partnership',
  smsf: 'SMSF',
  sole_trader: 'Sole trader',
};

const blankToNull = (s: string) => (s.trim() === '' ? null : s.trim());

export const abnInputSchema = z
  .string()
  .transform((s) => s.replace(/\s+/g, ''))
  .refine((s) => s === '' || isValidAbn(s), 'is not a valid ABN (check the 11 digits)')
  .transform((s) => (s === '' ? null : s))
  .nullable();
export const acnInputSchema = z
  .string()
  .transform((s) => s.replace(/\s+/g, ''))
  .refine((s) => s === '' || isValidAcn(s), 'is not a valid ACN (check the 9 digits)')
  .transform((s) => (s === '' ? null : s))
  .nullable();
export const phoneInputSchema = z
  .string()
  .max(30)
  .transform((s, ctx) => {
    if (s.trim() === '') return null;
    const n = normaliseAustralianPhone(s);
    if (!n) ctx.addIssue({ code: 'custom', message: 'is not an Australian phone number, e.g. 0412 345 678' });
    return n;
  })
  .nullable();

const clientFields = {
  type: clientTypeSchema,
  name: nameSchema,
  abn: abnInputSchema.optional(),
  acn: acnInputSchema.optional(),
  email: optionalEmailSchema.optional(),
  phone: phoneInputSchema.optional(),
  address: z.string().max(500).transform(blankToNull).nullable().optional(),
  assignedStaffId: uuidSchema.nullable().optional(),
};

function checkAcnType(v: { type?: ClientType; acn?: string | null }, ctx: z.RefinementCtx) {
  if (v.acn && v.type && !['company', 'smsf', 'trust'].includes(v.type)) {
    ctx.addIssue({ code: 'custom', path: ['acn'], message: 'an ACN only applies to a company (or a corporate trustee)' });
  }
}

export const createClientBodySchema = z.object(clientFields).strict().superRefine(checkAcnType);
export type CreateClientBody = z.input<typeof createClientBodySchema>;
export const updateClientBodySchema = z
  .object({ ...clientFields, version: z.number().int().min(1) })
  .partial({ type: true, name: true })
  .strict()
  .superRefine(checkAcnType);
export type UpdateClientBody = z.input<typeof updateClientBodySchema>;

export const portalUserStatusSchema = z.enum(['not_invited', 'invited', 'active', 'disabled']);
export type PortalUserStatus = z.infer<typeof portalUserStatusSchema>;

export const portalUserSchema = z.object({
  id: z.string(),
  clientId: z.string(),
  name: z.string(),
  email: z.string(),
  status: portalUserStatusSchema,
  invitedAt: z.string().nullable(),
  invitationExpiresAt: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  /** Whether two-factor sign-in is on (in a client's portal users list; absent elsewhere). */
  twoFactorOn: z.boolean().optional(),
});
export type PortalUser = z.infer<typeof portalUserSchema>;

export const clientSchema = z.object({
  id: z.string(),
  type: clientTypeSchema,
  name: z.string(),
  abn: z.string().nullable(),
  acn: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  assignedStaffId: z.string().nullable(),
  assignedStaffName: z.string().nullable(),
  portalUserCount: z.number().int(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type Client = z.infer<typeof clientSchema>;

export const listClientsQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});

export const createPortalUserBodySchema = z
  .object({ name: nameSchema, email: emailSchema, sendInvitation: z.boolean().default(true) })
  .strict();
export type CreatePortalUserBody = z.input<typeof createPortalUserBodySchema>;

export const outboxEmailSchema = z.object({
  id: z.string(),
  to: z.string(),
  subject: z.string(),
  kind: z.string(),
  status: z.enum(['pending', 'sending', 'sent', 'failed', 'skipped']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type OutboxEmail = z.infer<typeof outboxEmailSchema>;
