import { useMutation } from '@tanstack/react-query';
import { sessionsEndedSchema } from '../../../../contracts/profile';
import { apiRequest } from '../../../lib/api-client';

/** Owners and admins: end every session of a staff member (`staff`) or a portal user (`portal`) of the firm. */
export function useSignOutUser(kind: 'staff' | 'portal') {
  return useMutation({
    mutationFn: (id: string) =>
      apiRequest(`/api/staff/${kind === 'staff' ? 'staff' : 'portal-users'}/${encodeURIComponent(id)}/sessions/end`, { method: 'POST', schema: sessionsEndedSchema }),
  });
}
