import { useQuery } from '@tanstack/react-query';
import { serviceDetailSchema } from '../../../../contracts/work';
import { apiRequest } from '../../../lib/api-client';

export const portalServiceKey = (slug: string, id: string) => ['portal', slug, 'services', id] as const;

/** One service as the client sees it (client-visible tasks only; anything else is 404). */
export function usePortalService(slug: string, id: string) {
  return useQuery({
    queryKey: portalServiceKey(slug, id),
    queryFn: ({ signal }) =>
      apiRequest(`/api/portal/${encodeURIComponent(slug)}/services/${encodeURIComponent(id)}`, { schema: serviceDetailSchema, signal }),
  });
}
