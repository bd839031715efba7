import { z } from 'zod';
import { emailSchema, nameSchema, passwordSchema } from './common.js';

export const loginBodySchema = z.object({
  email: emailSchema,
  password: z.string().min(1, 'is required').max(1024),
});
export type LoginBody = z.infer<typeof loginBodySchema>;

export const forgotPasswordBodySchema = z.object({ email: emailSchema });
export type ForgotPasswordBody = z.infer<typeof forgotPasswordBodySchema>;

/** Tokens travel in URL fragments (#token=…), never in paths or queries; 43 base64url chars = 256 bits. */
export const linkTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'this link is not valid');

export const resetPasswordBodySchema = z.object({ token: linkTokenSchema, password: passwordSchema });
export type ResetPasswordBody = z.infer<typeof resetPasswordBodySchema>;

export const acceptInvitationBodySchema = z.object({
  token: linkTokenSchema,
  name: nameSchema.optional(),
  password: passwordSchema,
});
export type AcceptInvitationBody = z.infer<typeof acceptInvitationBodySchema>;

export const inspectLinkBodySchema = z.object({ token: linkTokenSchema });
export const inspectLinkReplySchema = z.object({
  kind: z.enum(['portal_invitation', 'staff_invitation', 'password_reset']),
  email: z.string(),
  name: z.string(),
  firmName: z.string(),
  portalSlug: z.string(),
});
export type InspectLinkReply = z.infer<typeof inspectLinkReplySchema>;

export const staffRoleSchema = z.enum(['owner', 'admin', 'staff']);
export type StaffRole = z.infer<typeof staffRoleSchema>;

export const firmSummarySchema = z.object({
  id: z.string(),
  slug: z.string(),
  legalName: z.string(),
  tradingName: z.string().nullable(),
  displayName: z.string(),
  timeZone: z.string(),
  primaryColour: z.string(),
  logoUrl: z.string().nullable(),
  portalUrl: z.string(),
});

export const staffSessionReplySchema = z.object({
  user: z.object({ id: z.string(), name: z.string(), email: z.string(), role: staffRoleSchema }),
  firm: firmSummarySchema,
  csrfToken: z.string(),
  idleTimeoutSeconds: z.number().int(),
  /** The firm requires two-factor sign-in and I have not set it up: only profile, session and sign-out work until I do. */
  twoFactorEnrolmentRequired: z.boolean(),
});
export type StaffSessionReply = z.infer<typeof staffSessionReplySchema>;

export const portalSessionReplySchema = z.object({
  user: z.object({ id: z.string(), name: z.string(), email: z.string() }),
  client: z.object({ id: z.string(), name: z.string() }),
  csrfToken: z.string(),
  idleTimeoutSeconds: z.number().int(),
  /** The firm requires two-factor sign-in and I have not set it up: only profile, session and sign-out work until I do. */
  twoFactorEnrolmentRequired: z.boolean(),
});
export type PortalSessionReply = z.infer<typeof portalSessionReplySchema>;

export const acceptedReplySchema = z.object({ message: z.string() });

/** Reply of POST /api/public/invitations/accept and /api/public/password-resets/complete. */
export const linkCompletedReplySchema = z.object({ kind: z.enum(['staff', 'portal']), portalSlug: z.string().nullable(), redirectTo: z.string() });
export type LinkCompletedReply = z.infer<typeof linkCompletedReplySchema>;
