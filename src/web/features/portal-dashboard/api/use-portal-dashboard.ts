import { useQuery } from '@tanstack/react-query';
import { portalDashboardSchema } from '../../../../contracts/portal';
import { apiRequest } from '../../../lib/api-client';

export function usePortalDashboard(slug: string) {
  return useQuery({
    queryKey: ['portal', slug, 'dashboard'],
    queryFn: ({ signal }) =>
      apiRequest(`/api/portal/${encodeURIComponent(slug)}/dashboard`, { schema: portalDashboardSchema, signal }),
  });
}
