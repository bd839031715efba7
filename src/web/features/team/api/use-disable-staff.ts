import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { staffMembersKey } from './keys';

/** Disable a team member; the server ends their sessions. */
export function useDisableStaff() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest(`/api/staff/staff/${encodeURIComponent(id)}/disable`, { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: staffMembersKey }),
  });
}
