import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { StaffRole } from '../../../../contracts/auth';
import { staffMemberSchema } from '../../../../contracts/staff';
import { apiRequest } from '../../../lib/api-client';
import { staffMembersKey } from './keys';

export function useChangeStaffRole() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, role }: { id: string; role: StaffRole }) =>
      apiRequest(`/api/staff/staff/${encodeURIComponent(id)}`, { method: 'PATCH', body: { role }, schema: staffMemberSchema }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: staffMembersKey }),
  });
}
