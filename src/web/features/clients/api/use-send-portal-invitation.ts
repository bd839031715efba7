import { useMutation, useQueryClient } from '@tanstack/react-query';
import { portalUserSchema } from '../../../../contracts/clients';
import { apiRequest } from '../../../lib/api-client';
import { invalidateClient } from './invalidate-client';

/** Send (or resend) an invitation; the previous link stops working. */
export function useSendPortalInvitation(clientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (portalUserId: string) =>
      apiRequest(`/api/staff/portal-users/${encodeURIComponent(portalUserId)}/invitation`, { method: 'POST', schema: portalUserSchema }),
    onSuccess: () => invalidateClient(queryClient, clientId),
  });
}
