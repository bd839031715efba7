import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { mySessionsSchema, sessionsEndedSchema } from '../../../../contracts/profile';
import { apiRequest } from '../../../lib/api-client';
import { sessionsKey, type ProfileScope } from './keys';

/** Where I am signed in (my sessions only). */
export function useMySessions(scope: ProfileScope) {
  return useQuery({
    queryKey: sessionsKey(scope),
    queryFn: () => apiRequest(`${scope.apiBase}/profile/sessions`, { schema: mySessionsSchema }),
  });
}

/** Ends one session (`id`) or, with `id: null`, every session but this one. */
export function useEndSessions(scope: ProfileScope) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string | null) =>
      id
        ? apiRequest(`${scope.apiBase}/profile/sessions/${encodeURIComponent(id)}`, { method: 'DELETE', schema: sessionsEndedSchema })
        : apiRequest(`${scope.apiBase}/profile/sessions/end-others`, { method: 'POST', schema: sessionsEndedSchema }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionsKey(scope) }),
  });
}
