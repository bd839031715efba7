import { useQuery } from '@tanstack/react-query';
import { portalServiceRequestListSchema } from '../../../../contracts/service-requests';
import { apiRequest } from '../../../lib/api-client';
import { portalServiceRequestKeys, portalServiceRequestsUrl } from './keys';

/** The signed-in client's requests, newest first, each with where the firm has taken it. */
export function usePortalServiceRequests(slug: string) {
  return useQuery({
    queryKey: portalServiceRequestKeys(slug).list,
    queryFn: ({ signal }) => apiRequest(portalServiceRequestsUrl(slug), { schema: portalServiceRequestListSchema, signal }),
    select: (reply) => reply.items,
  });
}
