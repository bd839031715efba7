import { z } from 'zod';
import { slugSchema, uuidSchema } from './common.js';

/** Categories staff can file a document under (shown to the client too). */
export const documentCategories = [
  'Financial statements', 'Tax return', 'BAS', 'Bank statement', 'Receipt', 'Invoice', 'Engagement letter', 'Signed proposals', 'Correspondence', 'Identity', 'Other',
] as const;
export const documentCategorySchema = z.enum(documentCategories);
export type DocumentCategory = z.infer<typeof documentCategorySchema>;

/** "not_scanned" when no virus scanner is configured; "clean" when CLAMAV_HOST scanned it. Infected files are never stored. */
export const scanStatuses = ['not_scanned', 'clean'] as const;

/** The fields both staff and clients see. `requestId` is the "Please upload" request (a task question) it answers. */
const documentBase = z.object({
  id: uuidSchema,
  serviceId: uuidSchema.nullable(),
  serviceName: z.string().nullable(),
  taskId: uuidSchema.nullable(),
  taskName: z.string().nullable(),
  requestId: uuidSchema.nullable(),
  /** 1, 2, … per request: uploading again to a request keeps the earlier versions. 1 for other documents. */
  version: z.number().int(),
  /** True when a later version for the same request exists. */
  superseded: z.boolean(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  uploadedBy: z.enum(['staff', 'portal']),
  uploadedByName: z.string(),
  category: documentCategorySchema.nullable(),
  /** Images and PDFs can be opened in the preview (a sandboxed, inline view); nothing else is ever shown inline. */
  previewable: z.boolean(),
  /** Shared with the client (always true for what the portal sees). */
  visibleToClient: z.boolean(),
  reviewedAt: z.string().nullable(),
  createdAt: z.string(),
});

/** A stored document as staff see it. */
export const documentSchema = documentBase.extend({
  clientId: uuidSchema,
  clientName: z.string(),
  sha256: z.string(),
  reviewedByName: z.string().nullable(),
  scanStatus: z.enum(scanStatuses),
});
export type DocumentDto = z.infer<typeof documentSchema>;

/** A document as the client sees it in the portal. */
export const portalDocumentSchema = documentBase;
export type PortalDocumentDto = z.infer<typeof portalDocumentSchema>;

export const documentListSchema = z.object({ items: z.array(documentSchema) });
export const portalDocumentListSchema = z.object({ items: z.array(portalDocumentSchema) });

/** Staff list filters: a client's documents, optionally of one service or task, or awaiting review. */
export const documentListQuerySchema = z
  .object({
    serviceId: uuidSchema.optional(),
    taskId: uuidSchema.optional(),
    unreviewed: z.enum(['true', 'false']).optional(),
  })
  .strict();

/**
 * Optional multipart text fields, sent before the "file" part. A requestId implies its task; a
 * taskId alone attaches the file to the task. Portal uploads ignore visibleToClient and category.
 */
export const uploadFieldsSchema = z.object({
  taskId: uuidSchema.optional(),
  requestId: uuidSchema.optional(),
  visibleToClient: z.enum(['true', 'false']).optional(),
  category: documentCategorySchema.optional(),
});

/** Staff edits: rename, categorise, mark reviewed (or not), share with the client (or stop). */
export const updateDocumentBodySchema = z
  .object({
    fileName: z.string().trim().min(1).max(200).optional(),
    category: documentCategorySchema.nullable().optional(),
    reviewed: z.boolean().optional(),
    visibleToClient: z.boolean().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'Change at least one thing: fileName, category, reviewed or visibleToClient.' });
export type UpdateDocumentBody = z.input<typeof updateDocumentBodySchema>;

export const portalParamsSchema = z.object({ slug: slugSchema });
export const portalIdParamsSchema = z.object({ slug: slugSchema, id: uuidSchema });

/** Types accepted for upload, for the file picker's accept= and the words around it. ZIP only where the firm allows it. */
export const acceptedExtensions = [
  '.pdf', '.jpg', '.jpeg', '.png', '.heic', '.heif', '.gif', '.tif', '.tiff', '.webp', '.csv', '.txt', '.xlsx', '.xls', '.docx', '.doc', '.odt', '.ods',
] as const;
export const acceptedTypesSentence = 'PDF, images (JPEG, PNG, HEIC, GIF, TIFF, WebP), spreadsheets (XLSX, XLS, ODS, CSV) and documents (DOCX, DOC, ODT, TXT)';

/** Limits the portal and staff upload forms show before anyone picks a file. */
export const uploadLimitsSchema = z.object({ maxBytes: z.number().int(), allowZip: z.boolean(), acceptedExtensions: z.array(z.string()) });
export type UploadLimits = z.infer<typeof uploadLimitsSchema>;
