/** Query keys of the portal's documents (everything under ['portal', slug, 'documents']). */
export const portalDocumentsKey = (slug: string) => ['portal', slug, 'documents'] as const;
export const uploadLimitsKey = (slug: string) => ['portal', slug, 'upload-limits'] as const;

const base = (slug: string) => `/api/portal/${encodeURIComponent(slug)}/documents`;

/** Always an attachment (the browser saves it; nothing is rendered). */
export const documentDownloadUrl = (slug: string, id: string) => `${base(slug)}/${encodeURIComponent(id)}/download`;

/** Inline, for previewable documents only (images and PDFs), served sandboxed. */
export const documentPreviewUrl = (slug: string, id: string) => `${base(slug)}/${encodeURIComponent(id)}/preview`;

export const documentsUploadUrl = (slug: string) => base(slug);
