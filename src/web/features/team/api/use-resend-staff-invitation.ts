import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { staffMembersKey } from './keys';

/** Send a staff invitation again; the previous link stops working. */
export function useResendStaffInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest(`/api/staff/staff/${encodeURIComponent(id)}/invitation`, { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: staffMembersKey }),
  });
}
