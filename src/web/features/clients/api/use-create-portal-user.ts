import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type CreatePortalUserBody, portalUserSchema } from '../../../../contracts/clients';
import { apiRequest } from '../../../lib/api-client';
import { invalidateClient } from './invalidate-client';

/** Add a portal user to a client; invites them by email unless `sendInvitation: false`. */
export function useCreatePortalUser(clientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreatePortalUserBody) =>
      apiRequest(`/api/staff/clients/${encodeURIComponent(clientId)}/portal-users`, {
        method: 'POST',
        body,
        schema: portalUserSchema,
      }),
    onSuccess: () => invalidateClient(queryClient, clientId),
  });
}
