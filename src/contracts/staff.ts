import { z } from 'zod';
import { emailSchema, nameSchema } from './common.js';
import { staffRoleSchema } from './auth.js';

export const staffMemberSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: staffRoleSchema,
  status: z.enum(['invited', 'active', 'disabled']),
  lastLoginAt: z.string().nullable(),
  /** Whether two-factor sign-in is on (in the Team list; absent elsewhere). */
  twoFactorOn: z.boolean().optional(),
});
export type StaffMember = z.infer<typeof staffMemberSchema>;

export const inviteStaffBodySchema = z
  .object({ name: nameSchema, email: emailSchema, role: staffRoleSchema.exclude(['owner']) })
  .strict();
export type InviteStaffBody = z.input<typeof inviteStaffBodySchema>;

export const updateStaffBodySchema = z.object({ role: staffRoleSchema }).strict();

export const auditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
