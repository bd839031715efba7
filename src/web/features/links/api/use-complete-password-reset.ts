import { useMutation } from '@tanstack/react-query';
import type { ResetPasswordBody } from '../../../../contracts/auth';
import { apiRequest } from '../../../lib/api-client';
import { linkCompletedReplySchema } from './link-reply';

/** Set a new password from a reset link; the user then signs in afresh. */
export function useCompletePasswordReset() {
  return useMutation({
    mutationFn: (body: ResetPasswordBody) =>
      apiRequest('/api/public/password-resets/complete', {
        method: 'POST',
        body,
        schema: linkCompletedReplySchema,
        sessionRequired: false,
      }),
  });
}
