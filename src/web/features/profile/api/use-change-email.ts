import { useMutation, useQueryClient } from '@tanstack/react-query';
import { changeEmailReplySchema, type ChangeEmailBody } from '../../../../contracts/profile';
import { apiRequest } from '../../../lib/api-client';
import { profileKey, type ProfileScope } from './keys';

export function useChangeEmail(scope: ProfileScope) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangeEmailBody) => apiRequest(`${scope.apiBase}/profile/email`, { method: 'POST', body, schema: changeEmailReplySchema }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: profileKey(scope) }),
  });
}
