import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { portalDashboardSchema } from '../../../../contracts/portal';
import { apiRequest } from '../../../lib/api-client';

/**
 * The part of the dashboard reply this page reads. The full contract (portalDashboardSchema) grows
 * with the services issue (action required, service status…); reading only these fields keeps the
 * welcome and the services list working before and after that lands.
 */
const dashboardViewSchema = portalDashboardSchema.pick({ client: true, greetingName: true }).extend({
  services: z.array(z.object({ id: z.string(), name: z.string() })),
});

export function usePortalDashboard(slug: string) {
  return useQuery({
    queryKey: ['portal', slug, 'dashboard'],
    queryFn: ({ signal }) =>
      apiRequest(`/api/portal/${encodeURIComponent(slug)}/dashboard`, { schema: dashboardViewSchema, signal }),
  });
}
