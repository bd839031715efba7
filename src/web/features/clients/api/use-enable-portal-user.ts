import { useMutation, useQueryClient } from '@tanstack/react-query';
import { portalUserSchema } from '../../../../contracts/clients';
import { apiRequest } from '../../../lib/api-client';
import { invalidateClient } from './invalidate-client';

/** Enable a disabled portal user. */
export function useEnablePortalUser(clientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (portalUserId: string) =>
      apiRequest(`/api/staff/portal-users/${encodeURIComponent(portalUserId)}/enable`, { method: 'POST', schema: portalUserSchema }),
    onSuccess: () => invalidateClient(queryClient, clientId),
  });
}
