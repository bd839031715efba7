import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type InviteStaffBody, staffMemberSchema } from '../../../../contracts/staff';
import { apiRequest } from '../../../lib/api-client';
import { staffMembersKey } from './keys';

export function useInviteStaff() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: InviteStaffBody) => apiRequest('/api/staff/staff', { method: 'POST', body, schema: staffMemberSchema }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: staffMembersKey }),
  });
}
