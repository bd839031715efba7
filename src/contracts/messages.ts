import { z } from 'zod';
import { pageQuerySchema, slugSchema, uuidSchema } from './common.js';

/** The longest message: beyond this, a document attachment is the better way to send it. */
export const MESSAGE_MAX_CHARS = 10_000;
/** The author may correct a message for this long after sending it; it is then marked "edited". */
export const MESSAGE_EDIT_MINUTES = 5;

/**
 * Control characters (other than line breaks and tabs) and bidirectional overrides are removed — the
 * latter can make "invoice‮gnp.exe" read as something it is not; NUL is refused earlier (a 400).
 */
const INVISIBLE_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/g;
/** Text with nothing a person can see (spaces, zero-width characters) counts as empty. */
const hasVisibleText = (s: string) => s.replace(/[\s\u200B-\u200D\u2060\uFEFF]/g, '').length > 0;

export const messageBodySchema = z
  .string()
  .max(MESSAGE_MAX_CHARS * 2, `can be at most ${MESSAGE_MAX_CHARS.toLocaleString('en-AU')} characters; attach a document for anything longer`)
  .transform((s) => s.replace(/\r\n?/g, '\n').replace(INVISIBLE_CONTROLS, '').replace(/[^\S\n]+$/gm, '').replace(/^\n+|\n+$/g, ''))
  .pipe(
    z
      .string()
      .refine(hasVisibleText, 'is empty: write a message before sending')
      .pipe(z.string().max(MESSAGE_MAX_CHARS, `can be at most ${MESSAGE_MAX_CHARS.toLocaleString('en-AU')} characters; attach a document for anything longer`)),
  );

/** A thread's subject: one line (line breaks become spaces), something visible, at most 200 characters. */
const subjectSchema = z
  .string()
  .transform((s) => s.replace(/[\r\n\t]+/g, ' ').replace(INVISIBLE_CONTROLS, '').trim())
  .pipe(z.string().refine(hasVisibleText, 'is required').pipe(z.string().max(200, 'has at most 200 characters')));

export const threadLinkSchema = z.object({ kind: z.enum(['service', 'task', 'invoice']), id: uuidSchema }).strict();

const attachmentIdsSchema = z.array(uuidSchema).max(10, 'at most 10 documents per message').default([]);

export const createThreadBodySchema = z
  .object({
    subject: subjectSchema,
    body: messageBodySchema,
    link: threadLinkSchema.nullable().optional(),
    attachmentIds: attachmentIdsSchema,
  })
  .strict();
/** Staff start a thread with a client. */
export const staffCreateThreadBodySchema = createThreadBodySchema.extend({ clientId: uuidSchema }).strict();

export const postMessageBodySchema = z.object({ body: messageBodySchema, attachmentIds: attachmentIdsSchema }).strict();
export const editMessageBodySchema = z.object({ body: messageBodySchema }).strict();
export const redactMessageBodySchema = z.object({ reason: z.string().trim().min(1, 'is required: say why it is removed').max(500) }).strict();
export const markReadBodySchema = z.object({ seq: z.number().int().min(0).optional() }).strict().nullish();
export const updateThreadBodySchema = z
  .object({ assignedStaffId: uuidSchema.nullable().optional(), status: z.enum(['open', 'closed']).optional() })
  .strict()
  .refine((b) => b.assignedStaffId !== undefined || b.status !== undefined, { message: 'change the assignee or the status' });

export const threadListQuerySchema = pageQuerySchema
  .extend({
    filter: z.enum(['all', 'unread', 'assigned']).default('all'),
    status: z.enum(['open', 'closed', 'all']).default('all'),
    clientId: uuidSchema.optional(),
    linkId: uuidSchema.optional(),
    /** Subjects and client names (message bodies are encrypted and not searched). */
    q: z.string().trim().max(100).optional(),
  })
  .strict();
export const portalThreadListQuerySchema = z.object({ linkId: uuidSchema.optional() }).strict();

export const messageThreadParamsSchema = z.object({ id: uuidSchema, messageId: uuidSchema });
export const portalThreadParamsSchema = z.object({ slug: slugSchema, id: uuidSchema });
export const portalMessageParamsSchema = z.object({ slug: slugSchema, id: uuidSchema, messageId: uuidSchema });

const personSchema = z.object({ kind: z.enum(['staff', 'client']), id: uuidSchema, name: z.string() });

export const threadSummarySchema = z.object({
  id: uuidSchema,
  subject: z.string(),
  client: z.object({ id: uuidSchema, name: z.string() }),
  /** What it is about, shown as a link both ways; label is the service or task name or invoice number. */
  link: z.object({ kind: z.enum(['service', 'task', 'invoice']), id: uuidSchema, label: z.string() }).nullable(),
  status: z.enum(['open', 'closed']),
  assignedTo: z.object({ id: uuidSchema, name: z.string() }).nullable(),
  lastSeq: z.number().int(),
  lastMessageAt: z.string(),
  lastAuthor: personSchema.nullable(),
  /** Messages from the other side the caller has not read. */
  unread: z.number().int(),
  createdAt: z.string(),
});
export type ThreadSummary = z.infer<typeof threadSummarySchema>;

export const messageAttachmentSchema = z.object({ id: uuidSchema, fileName: z.string(), sizeBytes: z.number().int(), contentType: z.string() });

export const messageSchema = z.object({
  id: uuidSchema,
  threadId: uuidSchema,
  seq: z.number().int(),
  author: personSchema.extend({ isMe: z.boolean() }),
  /** Plain text (render as text, never HTML); null once redacted. */
  body: z.string().nullable(),
  redacted: z.boolean(),
  editedAt: z.string().nullable(),
  createdAt: z.string(),
  source: z.enum(['app', 'email']),
  attachments: z.array(messageAttachmentSchema),
  /** The author, within the edit window. */
  canEdit: z.boolean(),
});
export type MessageDto = z.infer<typeof messageSchema>;

/** How far someone on the other side has read ("Seen by Alex at 10:42"). */
export const readReceiptSchema = z.object({ kind: z.enum(['staff', 'client']), name: z.string(), lastReadSeq: z.number().int(), readAt: z.string() });

export const threadSchema = threadSummarySchema.extend({
  messages: z.array(messageSchema),
  receipts: z.array(readReceiptSchema),
  /** The caller's own position: messages after it are unread. */
  myLastReadSeq: z.number().int(),
  /** Messages before the latest 200, not included. */
  earlierMessages: z.number().int(),
});
export type ThreadDto = z.infer<typeof threadSchema>;

export const threadListSchema = z.object({
  items: z.array(threadSummarySchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Threads with unread messages, across all (for the menu badge). */
  unreadThreads: z.number().int(),
});
export const portalThreadListSchema = z.object({ items: z.array(threadSummarySchema), unreadThreads: z.number().int() });
export const unreadCountSchema = z.object({ unreadThreads: z.number().int() });
