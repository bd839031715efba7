import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { serviceRequestListSchema } from '../../../../contracts/service-requests';
import { apiRequest } from '../../../lib/api-client';
import { type ServiceRequestListFilters, serviceRequestKeys, staffServiceRequestsUrl } from './keys';

/** One page of the firm's service requests, newest first, with how many are still open (for the menu). */
export function useServiceRequests(filters: ServiceRequestListFilters) {
  return useQuery({
    queryKey: serviceRequestKeys.list(filters),
    queryFn: ({ signal }) =>
      apiRequest(staffServiceRequestsUrl, {
        query: { status: filters.status, clientId: filters.clientId, page: filters.page, pageSize: filters.pageSize },
        schema: serviceRequestListSchema,
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}
