import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { notificationsKey, notificationsSchema } from './notifications';

export function useMarkNotificationsRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest('/api/staff/notifications/read', { method: 'POST', schema: notificationsSchema }),
    onSuccess: (reply) => queryClient.setQueryData(notificationsKey, reply),
  });
}
