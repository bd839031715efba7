import { useQuery } from '@tanstack/react-query';
import { portalDocumentListSchema } from '../../../../contracts/documents';
import { apiRequest } from '../../../lib/api-client';
import { portalDocumentsKey } from './keys';

/** Everything the client can see: their own uploads and what the firm shared with them. */
export function usePortalDocuments(slug: string) {
  return useQuery({
    queryKey: portalDocumentsKey(slug),
    queryFn: ({ signal }) => apiRequest(`/api/portal/${encodeURIComponent(slug)}/documents`, { schema: portalDocumentListSchema, signal }),
    select: (reply) => reply.items,
  });
}
