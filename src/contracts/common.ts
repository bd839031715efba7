import { z } from 'zod';

export const uuidSchema = z.uuid({ message: 'must be an id' });
export const idParamsSchema = z.object({ id: uuidSchema });
export const slugSchema = z
  .string()
  .min(2)
  .max(40)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'lower-case letters, digits and hyphens only');

export const emailSchema = z
  .string()
  .trim()
  .max(254, 'an email address has at most 254 characters')
  .pipe(z.email({ message: 'must be an email address, like name@example.com.au' }))
  .transform((e) => e.toLowerCase());

/** Passwords: length 8–128, no composition rules (SECURITY.md §Passwords). Common-password checks are server-side. */
export const passwordSchema = z
  .string()
  .min(8, 'needs at least 8 characters (15 or more is better)')
  .max(128, 'can have at most 128 characters');

/**
 * Control characters and bidirectional overrides/isolates (not the plain LRM/RLM marks): an override
 * can make "Alex‮gnp.exe" display as something it is not — in certificates, e-mails and the audit log.
 */
export const CONTROL_OR_BIDI_OVERRIDE = /[\u0000-\u001F\u007F\u202A-\u202E\u2066-\u2069]/;

/** A person's or a business's name, or a title: one line, 1–200 characters, nothing that hides or reorders text. */
export const nameSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(200, 'has at most 200 characters')
  .refine((s) => !CONTROL_OR_BIDI_OVERRIDE.test(s), 'cannot contain line breaks, tabs, control characters or text-direction overrides');

export const pageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});

export function pageOf<T extends z.ZodTypeAny>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
}

/** RFC 9457 problem details, as every error is answered. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  code: z.string(),
  requestId: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof problemSchema>;

export const okSchema = z.object({ ok: z.literal(true) });

/** An optional e-mail field: '' or null clears it; anything else must be an e-mail address. */
export const optionalEmailSchema = z
  .string()
  .trim()
  .max(254, 'an email address has at most 254 characters')
  .nullable()
  .transform((v, ctx) => {
    if (v === null || v === '') return null;
    const parsed = z.email().safeParse(v);
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', message: 'must be an email address, like name@example.com.au' });
      return z.NEVER;
    }
    return v.toLowerCase();
  });
