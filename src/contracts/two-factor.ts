import { z } from 'zod';
import { linkTokenSchema } from './auth.js';

/** A 6-digit code from the authenticator app, or a recovery code (`xxxx-xxxx-xxxx`). */
export const secondFactorCodeSchema = z.string().trim().min(6, 'is required').max(20, 'is not a code');

export const twoFactorStatusSchema = z.object({
  enabled: z.boolean(),
  enabledAt: z.string().nullable(),
  /** Unused recovery codes left. */
  recoveryCodesRemaining: z.number().int(),
  /** The firm requires two-factor sign-in for people like me (then turning it off sends me back to enrol). */
  requiredByFirm: z.boolean(),
});
export type TwoFactorStatus = z.infer<typeof twoFactorStatusSchema>;

/** Enrolment started: shown once. `otpauthUri` is what the QR code encodes; `secret` is the manual key (base32). */
export const twoFactorEnrolmentSchema = z.object({ secret: z.string(), otpauthUri: z.string() });
export type TwoFactorEnrolment = z.infer<typeof twoFactorEnrolmentSchema>;

export const confirmTwoFactorBodySchema = z.object({ code: z.string().trim().regex(/^\d{6}$/, 'is the 6-digit code from your app') }).strict();
export type ConfirmTwoFactorBody = z.input<typeof confirmTwoFactorBodySchema>;

/** Ten single-use recovery codes: shown once, never again. */
export const recoveryCodesReplySchema = z.object({ recoveryCodes: z.array(z.string()) });
export type RecoveryCodesReply = z.infer<typeof recoveryCodesReplySchema>;

/** Turning two-factor off or making new recovery codes needs the password and a code. */
export const twoFactorReauthBodySchema = z.object({ currentPassword: z.string().min(1, 'is required').max(1024), code: secondFactorCodeSchema }).strict();
export type TwoFactorReauthBody = z.input<typeof twoFactorReauthBodySchema>;

/** POST …/auth/login answers 202 with this when a code is still due (no session yet). */
export const twoFactorChallengeSchema = z.object({
  twoFactorRequired: z.literal(true),
  /** 5 minutes, single use, bound to the person; send it back with the code. */
  pendingToken: z.string(),
  expiresInSeconds: z.number().int(),
});
export type TwoFactorChallenge = z.infer<typeof twoFactorChallengeSchema>;

export const twoFactorLoginBodySchema = z
  .object({ pendingToken: linkTokenSchema, code: secondFactorCodeSchema, rememberDevice: z.boolean().default(false) })
  .strict();
export type TwoFactorLoginBody = z.input<typeof twoFactorLoginBodySchema>;
