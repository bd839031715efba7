import { useMutation, useQueryClient } from '@tanstack/react-query';
import { portalUserSchema } from '../../../../contracts/clients';
import { apiRequest } from '../../../lib/api-client';
import { invalidateClient } from './invalidate-client';

/** Revoke an invitation that has not been accepted. */
export function useRevokePortalInvitation(clientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (portalUserId: string) =>
      apiRequest(`/api/staff/portal-users/${encodeURIComponent(portalUserId)}/invitation`, { method: 'DELETE', schema: portalUserSchema }),
    onSuccess: () => invalidateClient(queryClient, clientId),
  });
}
