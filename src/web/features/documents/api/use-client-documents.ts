import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { documentListSchema } from '../../../../contracts/documents';
import { apiRequest } from '../../../lib/api-client';
import { type DocumentFilters, documentKeys } from './keys';

/** A client's documents (every service, or one), newest first; optionally only those nobody has reviewed. */
export function useClientDocuments(clientId: string, filters: DocumentFilters) {
  return useQuery({
    queryKey: documentKeys.list(clientId, filters),
    queryFn: ({ signal }) =>
      apiRequest(`/api/staff/clients/${encodeURIComponent(clientId)}/documents`, {
        query: { serviceId: filters.serviceId, taskId: filters.taskId, unreviewed: filters.unreviewed ? 'true' : undefined },
        schema: documentListSchema,
        signal,
      }),
    select: (reply) => reply.items,
    placeholderData: keepPreviousData,
  });
}
