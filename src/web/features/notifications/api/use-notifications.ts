import { useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { notificationsKey, notificationsSchema } from './notifications';

/** Your in-app notices, checked every 30 seconds while the workspace is open. */
export function useNotifications() {
  return useQuery({
    queryKey: notificationsKey,
    queryFn: ({ signal }) => apiRequest('/api/staff/notifications', { schema: notificationsSchema, signal }),
    refetchInterval: 30_000,
    staleTime: 10_000,
  });
}
