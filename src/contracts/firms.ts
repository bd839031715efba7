import { z } from 'zod';
import { isValidAbn } from './identifiers.js';
import { optionalEmailSchema } from './common.js';
import { normaliseAustralianPhone } from './phone.js';

export const hexColourSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #0F766E');

export const branding = z.object({
  slug: z.string(),
  displayName: z.string(),
  legalName: z.string(),
  abn: z.string().nullable(),
  primaryColour: z.string(),
  /** Text colour with at least 4.5:1 contrast on primaryColour (WCAG AA). */
  primaryTextColour: z.string(),
  logoUrl: z.string().nullable(),
  supportEmail: z.string().nullable(),
  supportPhone: z.string().nullable(),
  timeZone: z.string(),
});
export const publicBrandingSchema = branding;
export type PublicBranding = z.infer<typeof publicBrandingSchema>;

export const firmSettingsSchema = z.object({
  id: z.string(),
  slug: z.string(),
  legalName: z.string(),
  tradingName: z.string().nullable(),
  abn: z.string().nullable(),
  timeZone: z.string(),
  displayName: z.string(),
  primaryColour: z.string(),
  primaryTextColour: z.string(),
  contrastWarning: z.string().nullable(),
  logoUrl: z.string().nullable(),
  supportEmail: z.string().nullable(),
  supportPhone: z.string().nullable(),
  portalUrl: z.string(),
  /** Whether clients and staff may upload ZIP archives (checked for size, entry count and encryption). */
  allowZip: z.boolean(),
  /** The firm's upload limit in MB (at most the server's MAX_UPLOAD_BYTES). */
  maxUploadMb: z.number().int(),
  /** The server's ceiling for maxUploadMb. */
  maxUploadMbCeiling: z.number().int(),
  /** Registered for GST: invoices say "Tax invoice" and charge GST. */
  gstRegistered: z.boolean(),
  /** Default payment terms of new invoices, in days. */
  invoiceTermsDays: z.number().int(),
  /** Reminder e-mails for unpaid invoices, in days relative to the due date (negative = before). */
  invoiceReminderDays: z.array(z.number().int()),
  /** Proposals: a signer who opened an e-mailed link must enter a 6-digit code e-mailed to them before accepting or declining (off by default). */
  proposalSigningOtp: z.boolean(),
  /** Staff must use two-factor sign-in: staff without it must set it up right after signing in (on for new firms). */
  requireStaffTwoFactor: z.boolean(),
  /** Portal users must use two-factor sign-in: those without it must set it up right after signing in (off by default). */
  requirePortalTwoFactor: z.boolean(),
});
export type FirmSettings = z.infer<typeof firmSettingsSchema>;

export const australianTimeZones = [
  'Australia/Sydney', 'Australia/Melbourne', 'Australia/Brisbane', 'Australia/Adelaide',
  'Australia/Darwin', 'Australia/Perth', 'Australia/Hobart', 'Australia/Lord_Howe', 'Australia/Eucla',
] as const;

const optionalText = (max: number) => z.string().trim().max(max).transform((s) => (s === '' ? null : s)).nullable();

export const updateFirmBodySchema = z
  .object({
    legalName: z.string().trim().min(1).max(200),
    tradingName: optionalText(200),
    abn: z
      .string()
      .transform((s) => s.replace(/\s+/g, ''))
      .refine((s) => s === '' || isValidAbn(s), 'is not a valid ABN (check the 11 digits)')
      .transform((s) => (s === '' ? null : s))
      .nullable(),
    timeZone: z.enum(australianTimeZones),
    displayName: z.string().trim().min(1).max(80),
    primaryColour: hexColourSchema,
    supportEmail: optionalEmailSchema,
    supportPhone: z
      .string()
      .transform((s, ctx) => {
        if (s.trim() === '') return null;
        const n = normaliseAustralianPhone(s);
        if (!n) ctx.addIssue({ code: 'custom', message: 'is not an Australian phone number, e.g. (02) 9876 5432' });
        return n;
      })
      .nullable(),
    allowZip: z.boolean(),
    maxUploadMb: z.number().int().min(1, 'must be at least 1 MB').max(10240),
    gstRegistered: z.boolean(),
    invoiceTermsDays: z.number().int().min(0, 'must be 0 days or more').max(365, 'must be at most 365 days'),
    invoiceReminderDays: z
      .array(z.number().int().min(-60, 'at most 60 days before').max(90, 'at most 90 days after'))
      .max(6, 'at most 6 reminders')
      .transform((days) => [...new Set(days)].sort((a, b) => a - b)),
    proposalSigningOtp: z.boolean(),
    requireStaffTwoFactor: z.boolean(),
    requirePortalTwoFactor: z.boolean(),
  })
  .partial()
  .strict();
export type UpdateFirmBody = z.input<typeof updateFirmBodySchema>;
