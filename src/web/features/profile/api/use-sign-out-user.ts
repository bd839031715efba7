import { useMutation, useQueryClient } from '@tanstack/react-query';
import { sessionsEndedSchema } from '../../../../contracts/profile';
import { apiRequest } from '../../../lib/api-client';
import { clientKeys } from '../../clients/api/keys';
import { staffMembersKey } from '../../team/api/keys';

const personPath = (kind: 'staff' | 'portal', id: string) => `/api/staff/${kind === 'staff' ? 'staff' : 'portal-users'}/${encodeURIComponent(id)}`;

/** Owners and admins: end every session of a staff member (`staff`) or a portal user (`portal`) of the firm. */
export function useSignOutUser(kind: 'staff' | 'portal') {
  return useMutation({
    mutationFn: (id: string) => apiRequest(`${personPath(kind, id)}/sessions/end`, { method: 'POST', schema: sessionsEndedSchema }),
  });
}

/** Owners and admins: reset a person's two-factor sign-in (they are signed out everywhere and e-mailed). */
export function useResetTwoFactor(kind: 'staff' | 'portal') {
  return useMutation({
    mutationFn: (id: string) => apiRequest(`${personPath(kind, id)}/two-factor/reset`, { method: 'POST', schema: sessionsEndedSchema }),
  });
}

/**
 * Refreshes the lists that show "Two-factor on" (the Team page, a client's portal users). Called after
 * the toast: refreshing first can unmount the row's button before its own success callback runs.
 */
export function useRefreshPeople(kind: 'staff' | 'portal') {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: kind === 'staff' ? staffMembersKey : clientKeys.all });
}
