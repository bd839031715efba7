import { z } from 'zod';
import { slugSchema, uuidSchema } from './common.js';

/** A stored document as staff see it. */
export const documentSchema = z.object({
  id: uuidSchema,
  clientId: uuidSchema,
  serviceId: uuidSchema.nullable(),
  taskId: uuidSchema.nullable(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  uploadedBy: z.enum(['staff', 'portal']),
  visibleToClient: z.boolean(),
  category: z.string().nullable(),
  scanStatus: z.enum(['not_scanned']),
  createdAt: z.string(),
});
export type DocumentDto = z.infer<typeof documentSchema>;

/** A document as the client sees it in the portal. */
export const portalDocumentSchema = documentSchema.pick({ id: true, taskId: true, fileName: true, contentType: true, sizeBytes: true, uploadedBy: true, category: true, createdAt: true });
export type PortalDocumentDto = z.infer<typeof portalDocumentSchema>;

export const documentListSchema = z.object({ items: z.array(documentSchema) });
export const portalDocumentListSchema = z.object({ items: z.array(portalDocumentSchema) });

/** Optional multipart text fields sent before the "file" part. */
export const uploadFieldsSchema = z.object({
  taskId: uuidSchema.optional(),
  visibleToClient: z.enum(['true', 'false']).optional(),
});

export const portalParamsSchema = z.object({ slug: slugSchema });
export const portalIdParamsSchema = z.object({ slug: slugSchema, id: uuidSchema });
