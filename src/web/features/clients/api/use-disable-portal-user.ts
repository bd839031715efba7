import { useMutation, useQueryClient } from '@tanstack/react-query';
import { portalUserSchema } from '../../../../contracts/clients';
import { apiRequest } from '../../../lib/api-client';
import { invalidateClient } from './invalidate-client';

/** Disable a portal user; the server ends their sessions. */
export function useDisablePortalUser(clientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (portalUserId: string) =>
      apiRequest(`/api/staff/portal-users/${encodeURIComponent(portalUserId)}/disable`, { method: 'POST', schema: portalUserSchema }),
    onSuccess: () => invalidateClient(queryClient, clientId),
  });
}
