import { useQuery } from '@tanstack/react-query';
import { portalDashboardV2Schema } from '../../../../contracts/work';
import { apiRequest } from '../../../lib/api-client';

export const portalDashboardKey = (slug: string) => ['portal', slug, 'dashboard'] as const;

/** What is waiting on the client, and every service their firm shares with them. */
export function usePortalDashboard(slug: string) {
  return useQuery({
    queryKey: portalDashboardKey(slug),
    queryFn: ({ signal }) => apiRequest(`/api/portal/${encodeURIComponent(slug)}/dashboard`, { schema: portalDashboardV2Schema, signal }),
  });
}
