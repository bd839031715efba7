import { useMutation, useQueryClient } from '@tanstack/react-query';
import { notificationPreferencesSchema, type UpdateNotificationPreferencesBody } from '../../../../contracts/profile';
import { apiRequest } from '../../../lib/api-client';
import { notificationPreferencesKey, type ProfileScope } from './keys';

export function useUpdateNotificationPreferences(scope: ProfileScope) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateNotificationPreferencesBody) =>
      apiRequest(`${scope.apiBase}/profile/notifications`, { method: 'PUT', body, schema: notificationPreferencesSchema }),
    onSuccess: (prefs) => queryClient.setQueryData(notificationPreferencesKey(scope), prefs),
  });
}
