import { useQuery } from '@tanstack/react-query';
import { serviceRequestListSchema } from '../../../../contracts/service-requests';
import { apiRequest } from '../../../lib/api-client';
import { serviceRequestKeys, staffServiceRequestsUrl } from './keys';

const ONE = { page: 1, pageSize: 1 } as const;

/**
 * How many requests wait for a decision (the menu badge): the list's own count, from its smallest page.
 * Under the lists' key, so every staff action brings it up to date. Not polled (a poll would keep an
 * idle session alive); it is fetched again when stale and a page mounts it.
 */
export function useOpenRequestCount() {
  return useQuery({
    queryKey: serviceRequestKeys.list(ONE),
    queryFn: ({ signal }) => apiRequest(staffServiceRequestsUrl, { query: ONE, schema: serviceRequestListSchema, signal }),
    select: (reply) => reply.openCount,
  });
}
