import { useQuery } from '@tanstack/react-query';
import { notificationPreferencesSchema } from '../../../../contracts/profile';
import { apiRequest } from '../../../lib/api-client';
import { notificationPreferencesKey, type ProfileScope } from './keys';

export function useNotificationPreferences(scope: ProfileScope) {
  return useQuery({
    queryKey: notificationPreferencesKey(scope),
    queryFn: () => apiRequest(`${scope.apiBase}/profile/notifications`, { schema: notificationPreferencesSchema }),
  });
}
