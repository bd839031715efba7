import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { invalidateDocuments } from './invalidate-documents';

/** Soft delete: gone from every list at once (audited); the file is destroyed after the retention period. */
export function useDeleteDocument(clientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest(`/api/staff/documents/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => invalidateDocuments(queryClient, clientId),
  });
}
