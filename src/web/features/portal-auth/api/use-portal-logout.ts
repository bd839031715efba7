import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest, setCsrfToken } from '../../../lib/api-client';
import { portalKey, portalSessionKey } from './keys';

export function usePortalLogout(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest(`/api/portal/${encodeURIComponent(slug)}/auth/logout`, { method: 'POST', sessionRequired: false }),
    onSettled: () => {
      setCsrfToken(null);
      queryClient.removeQueries({ queryKey: portalKey(slug) });
      queryClient.setQueryData(portalSessionKey(slug), null);
    },
  });
}
