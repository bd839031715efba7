import { z } from 'zod';
import { emailSchema, nameSchema, passwordSchema } from './common.js';
import { formatAustralianPhone, normaliseAustralianPhone } from './phone.js';

/**
 * A phone number as Australians write it ("0412 345 678", "(02) 9876 5432", "+61 412 345 678");
 * '' or null clears it. The parsed value is what is stored: E.164, or the digits of 13/1300/1800.
 */
export const profilePhoneSchema = z
  .string()
  .trim()
  .max(30, 'has at most 30 characters')
  .nullable()
  .transform((v, c) => {
    if (v === null || v === '') return null;
    const stored = normaliseAustralianPhone(v);
    if (!stored) {
      c.addIssue({ code: 'custom', message: 'is not an Australian phone number, like 0412 345 678 or (02) 9876 5432' });
      return z.NEVER;
    }
    return stored;
  });

export const profileSchema = z.object({
  name: z.string(),
  email: z.string(),
  /** As stored (E.164); `phoneDisplay` is how it is shown. */
  phone: z.string().nullable(),
  phoneDisplay: z.string().nullable(),
  /** An e-mail change waiting for its confirmation link, if any. */
  pendingEmail: z.string().nullable(),
});
export type Profile = z.infer<typeof profileSchema>;

export const displayPhone = (stored: string | null) => (stored ? formatAustralianPhone(stored) : null);

export const updateProfileBodySchema = z.object({ name: nameSchema, phone: profilePhoneSchema }).strict();
export type UpdateProfileBody = z.input<typeof updateProfileBodySchema>;

export const changePasswordBodySchema = z
  .object({ currentPassword: z.string().min(1, 'is required').max(1024), newPassword: passwordSchema })
  .strict();
export type ChangePasswordBody = z.input<typeof changePasswordBodySchema>;

export const changeEmailBodySchema = z.object({ newEmail: emailSchema, currentPassword: z.string().min(1, 'is required').max(1024) }).strict();
export type ChangeEmailBody = z.input<typeof changeEmailBodySchema>;

export const changeEmailReplySchema = z.object({ pendingEmail: z.string(), message: z.string() });

export const confirmEmailChangeBodySchema = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'this link is not valid') });
export const confirmEmailChangeReplySchema = z.object({ kind: z.enum(['staff', 'portal']), portalSlug: z.string().nullable(), email: z.string() });
export type ConfirmEmailChangeReply = z.infer<typeof confirmEmailChangeReplySchema>;

/**
 * E-mails a person may turn off. Security e-mails (password changed, e-mail changed, sign-in links)
 * are not on this list: they cannot be turned off, and are never held for the daily digest.
 */
export const portalNotificationEvents = [
  { event: 'task_waiting', label: 'A task is waiting on me' },
  { event: 'document_shared', label: 'A new document is shared with me' },
  { event: 'invoice_issued', label: 'An invoice is issued' },
  { event: 'invoice_reminder', label: 'Invoice reminders' },
  { event: 'payment_receipt', label: 'Payment receipts' },
  { event: 'message_reply', label: 'Replies to my messages' },
  { event: 'proposal_to_sign', label: 'A proposal is ready to sign' },
  { event: 'service_request_update', label: 'Updates on my service requests' },
] as const;
export const staffNotificationEvents = [
  { event: 'message_received', label: 'A client sends a message' },
  { event: 'document_uploaded', label: 'A client uploads documents' },
  { event: 'answers_submitted', label: 'A client answers my questions' },
  { event: 'service_request_received', label: 'A client asks for new work' },
  { event: 'proposal_outcome', label: 'A client accepts or declines a proposal I made' },
] as const;
export const notificationEventSchema = z.enum([...portalNotificationEvents.map((e) => e.event), ...staffNotificationEvents.map((e) => e.event)] as [string, ...string[]]);
export const notificationChannelSchema = z.enum(['immediately', 'daily', 'off']);
export type NotificationChannel = z.infer<typeof notificationChannelSchema>;

export const notificationPreferencesSchema = z.object({
  items: z.array(z.object({ event: z.string(), label: z.string(), channel: notificationChannelSchema })),
});
export type NotificationPreferences = z.infer<typeof notificationPreferencesSchema>;
export const updateNotificationPreferencesBodySchema = z
  .object({ items: z.array(z.object({ event: notificationEventSchema, channel: notificationChannelSchema }).strict()).min(1).max(20) })
  .strict();
export type UpdateNotificationPreferencesBody = z.input<typeof updateNotificationPreferencesBodySchema>;

/** One of my signed-in sessions (Profile → Where you're signed in). */
export const mySessionSchema = z.object({
  id: z.string().uuid(),
  /** From the user agent: "Chrome on Windows", "Safari on iPhone"; "Unknown browser" when it says nothing useful. */
  browser: z.string(),
  device: z.string(),
  ip: z.string().nullable(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  current: z.boolean(),
});
export type MySession = z.infer<typeof mySessionSchema>;
export const mySessionsSchema = z.object({ items: z.array(mySessionSchema) });
export const sessionsEndedSchema = z.object({ sessionsEnded: z.number().int() });

/** The one-click unsubscribe page: what the link will stop (invalid links answer 404 LINK_INVALID). */
export const unsubscribeTokenBodySchema = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'this link is not valid') }).strict();
export const unsubscribeInfoSchema = z.object({ firmName: z.string(), label: z.string(), kind: z.enum(['staff', 'portal']), portalSlug: z.string().nullable(), off: z.boolean() });
export type UnsubscribeInfo = z.infer<typeof unsubscribeInfoSchema>;
export const DAILY_DIGEST_LABEL = 'The daily digest e-mail';
