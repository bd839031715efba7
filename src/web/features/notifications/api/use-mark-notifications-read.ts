import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { notificationsKey, notificationsSchema } from './notifications';

export function useMarkNotificationsRead() {
  const queryClient = useQueryClient();
  return useMutation({
    /** With ids, just those notices (the one followed); without, all of them. */
    mutationFn: (ids?: string[]) => apiRequest('/api/staff/notifications/read', { method: 'POST', schema: notificationsSchema, ...(ids ? { body: { ids } } : {}) }),
    onSuccess: (reply) => queryClient.setQueryData(notificationsKey, reply),
  });
}
