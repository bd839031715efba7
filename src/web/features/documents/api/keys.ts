export interface DocumentFilters {
  serviceId?: string | undefined;
  taskId?: string | undefined;
  unreviewed?: boolean | undefined;
}

export const documentKeys = {
  all: ['documents'] as const,
  client: (clientId: string) => ['documents', 'client', clientId] as const,
  list: (clientId: string, filters: DocumentFilters) => ['documents', 'client', clientId, filters] as const,
  limits: ['documents', 'upload-limits'] as const,
};

/** Where staff fetch a document's bytes: always an attachment. */
export const documentDownloadUrl = (id: string) => `/api/staff/documents/${encodeURIComponent(id)}/download`;
/** Images and PDFs only (doc.previewable): inline, sandboxed. */
export const documentPreviewUrl = (id: string) => `/api/staff/documents/${encodeURIComponent(id)}/preview`;
