import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest, setCsrfToken } from '../../../lib/api-client';
import { staffSessionKey } from './keys';

export function useStaffLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest('/api/staff/auth/logout', { method: 'POST', sessionRequired: false }),
    // Signed out locally whatever the server said: a failed logout must not leave data on screen.
    onSettled: () => {
      setCsrfToken(null);
      queryClient.clear();
      queryClient.setQueryData(staffSessionKey, null);
    },
  });
}
