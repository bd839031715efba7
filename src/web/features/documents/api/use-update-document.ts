import { useMutation, useQueryClient } from '@tanstack/react-query';
import { documentSchema, type UpdateDocumentBody } from '../../../../contracts/documents';
import { apiRequest } from '../../../lib/api-client';
import { invalidateDocuments } from './invalidate-documents';

/** Rename, categorise, mark reviewed (or not), share with the client (or stop). */
export function useUpdateDocument() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateDocumentBody }) =>
      apiRequest(`/api/staff/documents/${encodeURIComponent(id)}`, { method: 'PATCH', body, schema: documentSchema }),
    onSuccess: (doc) => invalidateDocuments(queryClient, doc.clientId),
  });
}
