import { useMutation, useQueryClient } from '@tanstack/react-query';
import { profileSchema, type UpdateProfileBody } from '../../../../contracts/profile';
import { apiRequest } from '../../../lib/api-client';
import { profileKey, type ProfileScope } from './keys';

export function useUpdateProfile(scope: ProfileScope) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateProfileBody) => apiRequest(`${scope.apiBase}/profile`, { method: 'PATCH', body, schema: profileSchema }),
    onSuccess: async (profile) => {
      queryClient.setQueryData(profileKey(scope), profile);
      // The name in the header comes from the session.
      await queryClient.invalidateQueries({ queryKey: scope.sessionKey, exact: true });
    },
  });
}
