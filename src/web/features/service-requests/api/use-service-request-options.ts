import { useQuery } from '@tanstack/react-query';
import { serviceRequestOptionsSchema } from '../../../../contracts/service-requests';
import { apiRequest } from '../../../lib/api-client';
import { portalServiceRequestKeys, portalServiceRequestsUrl } from './keys';

/** The kinds of work a client may ask for: the firm's service templates, then "Something else" (templateId null). */
export function useServiceRequestOptions(slug: string) {
  return useQuery({
    queryKey: portalServiceRequestKeys(slug).options,
    queryFn: ({ signal }) => apiRequest(`${portalServiceRequestsUrl(slug)}/options`, { schema: serviceRequestOptionsSchema, signal }),
    select: (reply) => reply.categories,
    staleTime: 5 * 60_000,
  });
}
