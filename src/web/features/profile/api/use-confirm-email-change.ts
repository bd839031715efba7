import { useMutation } from '@tanstack/react-query';
import { confirmEmailChangeReplySchema } from '../../../../contracts/profile';
import { apiRequest } from '../../../lib/api-client';

export function useConfirmEmailChange() {
  return useMutation({
    mutationFn: (token: string) =>
      apiRequest('/api/public/email-changes/confirm', { method: 'POST', body: { token }, schema: confirmEmailChangeReplySchema, sessionRequired: false }),
  });
}
